import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { requirePermission } from "../auth/guards.server";
import { requireUser } from "../auth/session.server";
import { BackLink, Button, ErrorSummary, Fieldset, Input, NotificationBanner } from "../components";
import { ChargeRatesForm, penceAsPounds, rateField } from "../domain/charges/charge-rates-form";
import { listChargeRates, updateChargeRates } from "../domain/charges/charge-rates";
import { formValues, errorList, parseForm } from "../lib/forms";
import { SECTOR_LABELS } from "../lib/labels";
import { pageTitle } from "../lib/page-title";
import { readForm, readQuery } from "../lib/request";
import { withFormErrors } from "./shared/domain-errors.server";

export const meta: MetaFunction = () => pageTitle("Charges for no-shows and late cancellations – Administration");

export async function loader({ request }: LoaderFunctionArgs) {
  const { db, user } = await requireUser(request);
  requirePermission(user, "charges:manage");
  const rates = await listChargeRates(db);
  return {
    rates,
    saved: formValues(readQuery(request)).saved === "1",
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const { db, user } = await requireUser(request);
  requirePermission(user, "charges:manage");
  const form = await readForm(request);
  const parsed = parseForm(ChargeRatesForm, form);
  if (!parsed.ok) return data({ errors: parsed.errors, values: parsed.values }, { status: 400 });
  return withFormErrors(
    async () => {
      await updateChargeRates(db, { rates: parsed.data, actorAccountId: user.accountId });
      throw redirect("/admin/charges/rates?saved=1");
    },
    { values: formValues(form) },
  );
}

export default function ChargeRates() {
  const { rates, saved } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors = result?.errors as Record<string, string> | undefined;
  const values = (result?.values ?? {}) as Record<string, string | undefined>;
  const value = (name: string, pence: number) => values[name] ?? penceAsPounds(pence);
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <BackLink href="/admin/charges">Charges</BackLink>
        {errors ? <ErrorSummary errorList={errorList(errors)} /> : null}
        {saved ? (
          <NotificationBanner type="success">
            <p className="govuk-notification-banner__heading">The charges have been saved.</p>
          </NotificationBanner>
        ) : null}
        <h1 className="govuk-heading-l">Charges for no-shows and late cancellations</h1>
        <p className="govuk-body">
          When someone does not come to a session they were booked on, or their place is cancelled after booking has
          closed, their organisation can be charged. Set the amount for each kind of organisation; 0 means no charge. A
          change applies from the next no-show or late cancellation: charges already made keep their amount.
        </p>
        <Form method="post" noValidate>
          {rates.map((rate) => {
            const noShow = rateField(rate.sector, "noShow");
            const late = rateField(rate.sector, "late");
            return (
              <Fieldset
                key={rate.sector}
                legend={{ children: SECTOR_LABELS[rate.sector], className: "govuk-fieldset__legend--m" }}
              >
                <Input
                  id={noShow}
                  name={noShow}
                  inputMode="decimal"
                  className="govuk-input--width-5"
                  prefix={{ children: "£" }}
                  label={{ children: "No-show" }}
                  value={value(noShow, rate.noShowPence)}
                  errorMessage={errors?.[noShow] ? { children: errors[noShow] } : undefined}
                />
                <Input
                  id={late}
                  name={late}
                  inputMode="decimal"
                  className="govuk-input--width-5"
                  prefix={{ children: "£" }}
                  label={{ children: "Late cancellation" }}
                  value={value(late, rate.lateCancellationPence)}
                  errorMessage={errors?.[late] ? { children: errors[late] } : undefined}
                />
              </Fieldset>
            );
          })}
          <Button type="submit" preventDoubleClick>
            Save charges
          </Button>
        </Form>
      </div>
    </div>
  );
}
