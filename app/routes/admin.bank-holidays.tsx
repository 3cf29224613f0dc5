import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { requirePermission } from "../auth/guards.server";
import { requireUser } from "../auth/session.server";
import { BackLink, Button, DateInput, ErrorSummary, Input, NotificationBanner, Table } from "../components";
import { AddBankHolidayForm, RemoveBankHolidayForm } from "../domain/working-days/bank-holiday-form";
import { addBankHoliday, listBankHolidays, removeBankHoliday } from "../domain/working-days/bank-holidays";
import { formatDate, todayInLondon } from "../lib/dates";
import { errorList, formValues, parseForm } from "../lib/forms";
import { pageTitle } from "../lib/page-title";
import { readForm, readQuery } from "../lib/request";
import { withFormErrors } from "./shared/domain-errors.server";

export const meta: MetaFunction = () => pageTitle("Bank holidays – Administration");

const FIELD_IDS = { day: "day-day", title: "title" };

export async function loader({ request }: LoaderFunctionArgs) {
  const { db, user } = await requireUser(request);
  requirePermission(user, "bank-holidays:manage");
  const query = formValues(readQuery(request));
  const today = todayInLondon();
  const holidays = await listBankHolidays(db);
  return {
    upcoming: holidays.filter((h) => h.day >= today),
    past: holidays.filter((h) => h.day < today).reverse(),
    added: typeof query.added === "string" && /^\d{4}-\d{2}-\d{2}$/.test(query.added) ? query.added : null,
    removed: typeof query.removed === "string" && /^\d{4}-\d{2}-\d{2}$/.test(query.removed) ? query.removed : null,
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const { db, user } = await requireUser(request);
  requirePermission(user, "bank-holidays:manage");
  const form = await readForm(request);
  if (form.get("intent") === "remove") {
    const parsed = parseForm(RemoveBankHolidayForm, form);
    if (!parsed.ok) return data({ errors: { day: "That day is not a bank holiday" }, values: {} }, { status: 400 });
    return withFormErrors(
      async () => {
        await removeBankHoliday(db, { day: parsed.data.day, actorAccountId: user.accountId });
        throw redirect(`/admin/bank-holidays?removed=${parsed.data.day}`);
      },
      { values: {} },
    );
  }
  const parsed = parseForm(AddBankHolidayForm, form);
  if (!parsed.ok) return data({ errors: parsed.errors, values: parsed.values }, { status: 400 });
  return withFormErrors(
    async () => {
      await addBankHoliday(db, { ...parsed.data, actorAccountId: user.accountId });
      throw redirect(`/admin/bank-holidays?added=${parsed.data.day}`);
    },
    { values: formValues(form) },
  );
}

function holidayRows(holidays: Array<{ day: string; title: string; addedBy: string }>) {
  return holidays.map((h) => [
    { children: formatDate(h.day) },
    { children: h.title },
    { children: h.addedBy === "shipped" ? "GOV.UK" : "Added by the coordinator" },
    {
      children: (
        <Form method="post">
          <input type="hidden" name="intent" value="remove" />
          <input type="hidden" name="day" value={h.day} />
          <Button type="submit" secondary className="govuk-!-margin-bottom-0" preventDoubleClick>
            Remove<span className="govuk-visually-hidden"> {formatDate(h.day)}</span>
          </Button>
        </Form>
      ),
    },
  ]);
}

const HEAD = [{ children: "Date" }, { children: "Name" }, { children: "From" }, { children: "Action" }];

export default function BankHolidays() {
  const { upcoming, past, added, removed } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors = (result && "errors" in result ? result.errors : undefined) as Record<string, string> | undefined;
  const values = (result && "values" in result ? result.values : {}) as Record<string, string | undefined>;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-full">
        <BackLink href="/admin">Administration</BackLink>
        {errors ? <ErrorSummary errorList={errorList(errors, FIELD_IDS)} /> : null}
        {added ? (
          <NotificationBanner type="success">
            <p className="govuk-notification-banner__heading">{formatDate(added)} is now a bank holiday.</p>
          </NotificationBanner>
        ) : null}
        {removed ? (
          <NotificationBanner type="success">
            <p className="govuk-notification-banner__heading">{formatDate(removed)} is no longer a bank holiday.</p>
          </NotificationBanner>
        ) : null}
        <h1 className="govuk-heading-l">Bank holidays</h1>
        <p className="govuk-body">
          Booking closes, and people can no longer cancel their own place, a number of working days before a session
          (each course says how many). Working days are Monday to Friday except these England and Wales bank holidays.
          They come from GOV.UK with each release of the service; add a day the government announces, or remove one it
          moves.
        </p>
        <h2 className="govuk-heading-m">Add a bank holiday</h2>
        <Form method="post" noValidate>
          <DateInput
            id="day"
            namePrefix="day"
            fieldset={{ legend: { children: "Date", className: "govuk-fieldset__legend--s" } }}
            hint={{ children: "For example, 8 5 2028" }}
            values={{ day: values["day-day"], month: values["day-month"], year: values["day-year"] }}
            errorMessage={errors?.day ? { children: errors.day } : undefined}
          />
          <Input
            id="title"
            name="title"
            className="govuk-!-width-one-half"
            label={{ children: "Name", className: "govuk-label--s" }}
            hint={{ children: "As GOV.UK names it, for example, Bank holiday for the coronation" }}
            value={values.title ?? ""}
            errorMessage={errors?.title ? { children: errors.title } : undefined}
          />
          <Button type="submit" preventDoubleClick>
            Add bank holiday
          </Button>
        </Form>
        <Table
          caption="Coming up"
          captionClassName="govuk-table__caption--m"
          firstCellIsHeader
          head={HEAD}
          rows={holidayRows(upcoming)}
        />
        {past.length > 0 ? (
          <Table
            caption="Past"
            captionClassName="govuk-table__caption--m"
            firstCellIsHeader
            head={HEAD}
            rows={holidayRows(past)}
          />
        ) : null}
      </div>
    </div>
  );
}
