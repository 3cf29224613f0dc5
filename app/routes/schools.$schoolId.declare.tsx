import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { notFound, requirePermission } from "../auth/guards.server";
import { requireUser } from "../auth/session.server";
import { BackLink, Button, ErrorSummary, Input, Textarea } from "../components";
import { declareSchoolHeadcount } from "../domain/coverage/declare-school-headcount";
import { DeclarationForm } from "../domain/coverage/headcount-form";
import { getSchool } from "../domain/coverage/get-school";
import { formatDate, todayInLondon } from "../lib/dates";
import { errorList, parseForm } from "../lib/forms";
import { pageTitle } from "../lib/page-title";
import { readForm } from "../lib/request";
import { withFormErrors } from "./shared/domain-errors.server";

export const meta: MetaFunction<typeof loader> = ({ data: loaded }) =>
  pageTitle(`Record a declared headcount${loaded ? ` for ${loaded.school.name}` : ""}`);

const Params = z.object({ schoolId: z.coerce.number().int().positive().max(2_147_483_647) });

async function loadSchool(request: Request, params: Record<string, string | undefined>) {
  const { db, user } = await requireUser(request);
  requirePermission(user, "schools:declare-headcount");
  const parsed = Params.safeParse(params);
  if (!parsed.success) notFound("school");
  const school = await getSchool(db, parsed.data.schoolId);
  if (!school) notFound("school");
  return { db, user, school };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { school } = await loadSchool(request, params);
  return { school, today: todayInLondon() };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { db, user, school } = await loadSchool(request, params);
  const parsed = parseForm(DeclarationForm, await readForm(request));
  if (!parsed.ok) return data({ errors: parsed.errors, values: parsed.values }, { status: 400 });
  return withFormErrors(
    async () => {
      await declareSchoolHeadcount(db, {
        schoolId: school.id,
        declaredOn: todayInLondon(),
        headcount: parsed.data.headcount,
        declaredTrained: parsed.data.declaredTrained,
        note: parsed.data.note ?? null,
        actorAccountId: user.accountId,
      });
      throw redirect(`/schools/${school.id}?declared=1`);
    },
    {
      values: {
        headcount: String(parsed.data.headcount),
        declaredTrained: String(parsed.data.declaredTrained),
        note: parsed.data.note ?? "",
      },
    },
    { field: (error) => error.field ?? "headcount" },
  );
}

export default function DeclareHeadcount() {
  const { school, today } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors = result?.errors as Record<string, string> | undefined;
  const values = (result?.values ?? {}) as Record<string, string | undefined>;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <BackLink href={`/schools/${school.id}`}>{school.name}</BackLink>
        {errors ? <ErrorSummary errorList={errorList(errors)} /> : null}
        <span className="govuk-caption-l">{school.name}</span>
        <h1 className="govuk-heading-l">Record a declared headcount</h1>
        <p className="govuk-body">
          For a school that does not record its staff one by one. Declared figures are shown as declared, apart from the
          training on record. They are dated today, {formatDate(today)}.
        </p>
        <Form method="post" noValidate>
          <Input
            id="headcount"
            name="headcount"
            inputMode="numeric"
            className="govuk-input--width-5"
            label={{ children: "How many staff and governors does the school have?", className: "govuk-label--s" }}
            defaultValue={values.headcount ?? ""}
            errorMessage={errors?.headcount ? { children: errors.headcount } : undefined}
          />
          <Input
            id="declaredTrained"
            name="declaredTrained"
            inputMode="numeric"
            className="govuk-input--width-5"
            label={{
              children: "How many of them hold current Prevent awareness training?",
              className: "govuk-label--s",
            }}
            hint={{ children: "As the school declares it. It cannot be more than the headcount." }}
            defaultValue={values.declaredTrained ?? ""}
            errorMessage={errors?.declaredTrained ? { children: errors.declaredTrained } : undefined}
          />
          <Textarea
            id="note"
            name="note"
            rows={3}
            label={{ children: "Note (optional)", className: "govuk-label--s" }}
            hint={{ children: "For example, who made the declaration." }}
            defaultValue={values.note ?? ""}
            errorMessage={errors?.note ? { children: errors.note } : undefined}
          />
          <Button type="submit" preventDoubleClick>
            Record the figures
          </Button>
        </Form>
      </div>
    </div>
  );
}
