import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { notFound, requirePermission } from "../auth/guards.server";
import { requireUser } from "../auth/session.server";
import { BackLink, Button, ErrorSummary, Input } from "../components";
import { getKpiDefinition } from "../domain/kpis/list-kpi-definitions";
import { updateKpiTarget } from "../domain/kpis/update-kpi-target";
import { errorList, parseForm } from "../lib/forms";
import { pageTitle } from "../lib/page-title";
import { readForm } from "../lib/request";
import { withFormErrors } from "./shared/domain-errors.server";

export const meta: MetaFunction<typeof loader> = ({ data: loaded }) =>
  pageTitle(loaded ? `Change the target: ${loaded.definition.name}` : "Change a KPI target");

const TargetForm = z.object({
  target: z
    .string()
    .trim()
    .regex(/^(\d{1,9}(\.\d{1,2})?)?$/, "Enter the target as a number, like 95, or leave it empty for no target"),
});

async function loadDefinition(request: Request, key: string | undefined) {
  const { db, user } = await requireUser(request);
  requirePermission(user, "kpis:manage");
  const definition = await getKpiDefinition(db, key ?? "");
  if (!definition) notFound("KPI");
  return { db, user, definition };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { definition } = await loadDefinition(request, params.key);
  return { definition };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { db, user, definition } = await loadDefinition(request, params.key);
  const parsed = parseForm(TargetForm, await readForm(request));
  if (!parsed.ok) return data({ errors: parsed.errors, values: parsed.values }, { status: 400 });
  const target = parsed.data.target === "" ? null : Number(parsed.data.target);
  return withFormErrors(
    async () => {
      await updateKpiTarget(db, { key: definition.key, target, actorAccountId: user.accountId });
      throw redirect(`/admin/kpis?updated=${definition.key}`);
    },
    { values: { target: parsed.data.target } },
    { field: () => "target" },
  );
}

export default function ChangeKpiTarget() {
  const { definition } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors = result?.errors as Record<string, string> | undefined;
  const submitted = (result?.values as Record<string, string> | undefined)?.target;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <BackLink href="/admin/kpis">KPI definitions</BackLink>
        {errors ? <ErrorSummary errorList={errorList(errors)} /> : null}
        <span className="govuk-caption-l">{definition.name}</span>
        <h1 className="govuk-heading-l">Change the target</h1>
        <p className="govuk-body">{definition.formula}</p>
        <Form method="post" noValidate>
          <Input
            id="target"
            name="target"
            inputMode="decimal"
            className="govuk-input--width-5"
            label={{ children: "Target", className: "govuk-label--s" }}
            hint={{
              children:
                definition.unit === "percent"
                  ? `A percentage from 0 to 100${definition.direction === "lower" ? " (lower is better)" : ""}. Leave empty for no target.`
                  : definition.unit === "score"
                    ? "A mean score from 1 to 5, for example 4 or 4.2. Leave empty for no target."
                    : "A whole number. Leave empty for no target.",
            }}
            suffix={definition.unit === "percent" ? { children: "%" } : undefined}
            defaultValue={submitted ?? (definition.target === null ? "" : String(definition.target))}
            errorMessage={errors?.target ? { children: errors.target } : undefined}
          />
          <Button type="submit" preventDoubleClick>
            Save the target
          </Button>
        </Form>
      </div>
    </div>
  );
}
