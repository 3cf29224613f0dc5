import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { notFound, requirePermission } from "../auth/guards.server";
import { personScopeFor } from "../auth/permissions";
import { requireUser } from "../auth/session.server";
import {
  BackLink,
  Button,
  DateInput,
  ErrorSummary,
  FileUpload,
  Input,
  NotificationBanner,
  Select,
  SummaryList,
  Table,
  Textarea,
} from "../components";
import { listCoursesForRecords } from "../domain/catalogue/courses-for-records";
import { getCompletionInScope } from "../domain/certificates/get-certificate";
import { requireStoredEvidenceFile, storeEvidenceFile } from "../domain/completions/evidence-file";
import { EVIDENCE_FILE_ACCEPT, MAX_EVIDENCE_BYTES } from "../domain/completions/evidence-values";
import {
  checkHandRecordFor,
  findListedPerson,
  type ListedPerson,
  peopleForHandRecord,
  recordCompletionsByHand,
} from "../domain/completions/record-by-hand";
import { HandRecordForm } from "../domain/completions/record-by-hand-form";
import { formatDate } from "../lib/dates";
import { errorList, formValues } from "../lib/forms";
import { pageTitle } from "../lib/page-title";
import { idSchema, readForm, readQuery } from "../lib/request";
import { fileStorage } from "../storage/storage.server";
import { withFormErrors } from "./shared/domain-errors.server";

export const meta: MetaFunction<typeof loader, Record<string, unknown>> = ({ data: loaded }) =>
  pageTitle("Record a completion", { hasErrors: Boolean(loaded && "errors" in loaded) });

const Query = z.object({
  person: z.union([z.literal(""), idSchema]).optional(),
  recorded: z.union([z.literal(""), idSchema]).optional(),
  count: z.union([z.literal(""), idSchema]).optional(),
});

async function requireRecorder(request: Request) {
  const signedIn = await requireUser(request);
  requirePermission(signedIn.user, "completion:record");
  return signedIn;
}

/**
 * The coordinator records completions by hand: training done elsewhere, for one person (from
 * their record, ?person=ID) or a list; a confirmation page shows who and what before anything is
 * recorded. ?recorded=ID&count=N says what was just recorded.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const { db, user } = await requireRecorder(request);
  const query = Query.safeParse(formValues(readQuery(request)));
  if (!query.success) notFound("person");
  const { person, recorded, count } = query.data;
  const courses = (await listCoursesForRecords(db)).map((c) => ({
    id: c.id,
    label: `${c.title} (${c.code})${c.retired ? ", retired" : ""}`,
  }));
  let preselected: ListedPerson | null = null;
  if (typeof person === "number") {
    preselected = (await findListedPerson(db, person)) ?? notFound("person");
  }
  let done: {
    count: number;
    completionId: number;
    personId: number;
    personName: string;
    courseTitle: string;
    completedOn: string;
    certificate: boolean;
  } | null = null;
  if (typeof recorded === "number") {
    const completion = await getCompletionInScope(db, personScopeFor(user, "completion:record"), recorded);
    if (completion) {
      done = {
        count: typeof count === "number" ? count : 1,
        completionId: completion.completionId,
        personId: completion.personId,
        personName: completion.personName,
        courseTitle: completion.courseTitle,
        completedOn: completion.completedOn,
        certificate: completion.issuesCertificate,
      };
    }
  }
  return { courses, preselected, done };
}

type Values = Record<string, string>;

/** Where each field's error links to in the error summary (the date's first box). */
const FIELD_IDS: Record<string, string> = { completedOn: "completedOn-day" };

const KEPT_FIELDS = [
  "personId",
  "people",
  "courseId",
  "completedOn-day",
  "completedOn-month",
  "completedOn-year",
  "provider",
  "evidenceNote",
  "evidenceFileKey",
  "evidenceFileName",
] as const;

function keptValues(form: FormData): Values {
  const values: Values = {};
  for (const name of KEPT_FIELDS) {
    const value = form.get(name);
    if (typeof value === "string") values[name] = value;
  }
  return values;
}

export async function action({ request }: ActionFunctionArgs) {
  const { db, user } = await requireRecorder(request);
  const form = await readForm(request);
  const values = keptValues(form);
  const step = form.get("step") === "record" ? "record" : "check";
  const parsed = HandRecordForm.safeParse(values);
  if (!parsed.success) {
    const errors: Record<string, string> = {};
    for (const issue of parsed.error.issues) errors[String(issue.path[0] ?? "form")] ??= issue.message;
    return data({ errors, values }, { status: 400 });
  }
  const input = parsed.data;
  const storage = fileStorage();
  return withFormErrors(
    async () => {
      let evidenceFileKey = input.evidenceFileKey;
      const file = form.get("evidenceFile");
      if (step === "check" && file instanceof File && (file.size > 0 || file.name !== "")) {
        const stored = await storeEvidenceFile(storage, new Uint8Array(await file.arrayBuffer()), file.name);
        evidenceFileKey = stored.key;
        values.evidenceFileKey = stored.key;
        values.evidenceFileName = file.name.slice(0, 200);
      } else if (evidenceFileKey !== null) {
        await requireStoredEvidenceFile(storage, evidenceFileKey);
      }
      const people = await peopleForHandRecord(db, { personId: input.personId, list: input.people });
      const details = {
        courseId: input.courseId,
        completedOn: input.completedOn,
        provider: input.provider,
        evidenceNote: input.evidenceNote,
        evidenceFileKey,
      };
      if (step === "check") {
        const record = await checkHandRecordFor(
          db,
          details,
          people.map((p) => p.personId),
        );
        return { confirm: { people, record }, values };
      }
      const { completionIds } = await recordCompletionsByHand(db, {
        ...details,
        personIds: people.map((p) => p.personId),
        actorAccountId: user.accountId,
      });
      throw redirect(`/admin/completions/new?recorded=${completionIds[0] ?? ""}&count=${completionIds.length}`);
    },
    { values },
  );
}

export default function RecordCompletion() {
  const loaded = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  if (result && "confirm" in result) return <Confirm confirm={result.confirm} values={result.values} />;
  return (
    <RecordForm
      {...loaded}
      errors={result && "errors" in result ? (result.errors as Record<string, string>) : undefined}
      values={result && "values" in result ? (result.values as Values) : undefined}
    />
  );
}

function RecordForm({
  courses,
  preselected,
  done,
  errors,
  values,
}: ReturnType<typeof useLoaderData<typeof loader>> & { errors?: Record<string, string>; values?: Values }) {
  const navigation = useNavigation();
  const text = (name: string) => values?.[name] ?? "";
  const error = (name: string) => (errors?.[name] ? { children: errors[name] } : undefined);
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <BackLink href={preselected ? `/people/${preselected.personId}` : "/admin"}>
          {preselected ? `Back to ${preselected.name}` : "Administration"}
        </BackLink>
        {errors ? <ErrorSummary errorList={errorList(errors, FIELD_IDS)} /> : null}
        {done && !errors ? (
          <NotificationBanner type="success" titleText="Success">
            <p className="govuk-notification-banner__heading">
              {done.count === 1
                ? `${done.courseTitle} on ${formatDate(done.completedOn)} recorded for ${done.personName}`
                : `${done.courseTitle} on ${formatDate(done.completedOn)} recorded for ${done.count} people`}
            </p>
            {done.count === 1 ? (
              <p className="govuk-body">
                <a className="govuk-notification-banner__link" href={`/people/${done.personId}`}>
                  View {done.personName}’s record
                </a>
                {done.certificate ? (
                  <>
                    {" or "}
                    <a className="govuk-notification-banner__link" href={`/certificates/${done.completionId}.pdf`}>
                      download their certificate (PDF)
                    </a>
                  </>
                ) : null}
              </p>
            ) : null}
          </NotificationBanner>
        ) : null}
        {preselected ? <span className="govuk-caption-l">{preselected.name}</span> : null}
        <h1 className="govuk-heading-l">Record a completion</h1>
        <p className="govuk-body">
          Record training done elsewhere: another council’s session, a school’s in-service day run by someone else, or a
          course taken before this service was used. It counts like any other completion, and its certificate says it
          was recorded from outside evidence.
        </p>
        <Form method="post" encType="multipart/form-data" noValidate>
          <input type="hidden" name="step" value="check" />
          {preselected ? (
            <div
              id="people"
              className={`govuk-form-group${errors?.people ? " govuk-form-group--error" : ""}`}
              tabIndex={-1}
            >
              <input type="hidden" name="personId" value={String(preselected.personId)} />
              <h2 className="govuk-heading-m">Who did the training</h2>
              {errors?.people ? (
                <p className="govuk-error-message">
                  <span className="govuk-visually-hidden">Error:</span> {errors.people}
                </p>
              ) : null}
              <p className="govuk-body">
                {preselected.name}
                {preselected.employeeNumber ? `, employee number ${preselected.employeeNumber}` : ""}
              </p>
            </div>
          ) : (
            <Textarea
              id="people"
              name="people"
              rows={6}
              spellCheck={false}
              label={{ children: "Who did the training?", className: "govuk-label--m" }}
              hint={{
                children:
                  "Employee numbers or e-mail addresses, one a line. You can paste a column from a spreadsheet.",
              }}
              value={text("people")}
              errorMessage={error("people")}
            />
          )}
          <Select
            id="courseId"
            name="courseId"
            label={{ children: "Course", className: "govuk-label--m" }}
            value={text("courseId")}
            items={[
              { value: "", children: "Choose a course" },
              ...courses.map((c) => ({ value: String(c.id), children: c.label })),
            ]}
            errorMessage={error("courseId")}
          />
          <DateInput
            id="completedOn"
            namePrefix="completedOn"
            fieldset={{ legend: { children: "Date of the training", className: "govuk-fieldset__legend--m" } }}
            hint={{ children: "For example, 27 3 2026" }}
            values={{
              day: text("completedOn-day"),
              month: text("completedOn-month"),
              year: text("completedOn-year"),
            }}
            errorMessage={error("completedOn")}
          />
          <Input
            id="provider"
            name="provider"
            label={{ children: "Who provided the training?", className: "govuk-label--m" }}
            hint={{ children: "For example, Eastshire County Council, or Oak Academy’s in-service day" }}
            value={text("provider")}
            errorMessage={error("provider")}
          />
          <h2 className="govuk-heading-m">Evidence</h2>
          <p className="govuk-body">Attach the evidence, say where it is kept, or both.</p>
          {values?.evidenceFileKey ? (
            <>
              <input type="hidden" name="evidenceFileKey" value={values.evidenceFileKey} />
              <input type="hidden" name="evidenceFileName" value={values.evidenceFileName ?? ""} />
              <p className="govuk-body">
                Attached: {values.evidenceFileName || "the evidence file"}. Choose another file to replace it.
              </p>
            </>
          ) : null}
          <FileUpload
            id="evidenceFile"
            name="evidenceFile"
            accept={EVIDENCE_FILE_ACCEPT}
            label={{ children: "Evidence file (optional)", className: "govuk-label--s" }}
            hint={{
              children: `A PDF, PNG or JPEG of the certificate or register, up to ${MAX_EVIDENCE_BYTES / 1024 / 1024} MB`,
            }}
            errorMessage={error("evidenceFile")}
          />
          <Textarea
            id="evidenceNote"
            name="evidenceNote"
            rows={3}
            label={{ children: "Where the evidence is kept (optional)", className: "govuk-label--s" }}
            hint={{ children: "For example, the paper register in the HR file, or the school’s training log" }}
            value={text("evidenceNote")}
            errorMessage={error("evidenceNote")}
          />
          <Button type="submit" disabled={navigation.state === "submitting"} preventDoubleClick>
            Continue
          </Button>
        </Form>
      </div>
    </div>
  );
}

function Confirm({
  confirm,
  values,
}: {
  confirm: {
    people: ListedPerson[];
    record: {
      courseTitle: string;
      completedOn: string;
      expiresOn: string | null;
      provider: string;
      evidenceNote: string | null;
      evidenceFileKey: string | null;
      issuesCertificate: boolean;
    };
  };
  values: Values;
}) {
  const navigation = useNavigation();
  const { people, record } = confirm;
  const many = people.length > 1;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-full">
        <BackLink
          href={values.personId ? `/admin/completions/new?person=${values.personId}` : "/admin/completions/new"}
        >
          Start again
        </BackLink>
        <h1 className="govuk-heading-l">
          {many ? `Check and record ${people.length} completions` : "Check and record this completion"}
        </h1>
        <SummaryList
          rows={[
            { key: { children: "Course" }, value: { children: record.courseTitle } },
            { key: { children: "Date of the training" }, value: { children: formatDate(record.completedOn) } },
            {
              key: { children: "Counts until" },
              value: { children: record.expiresOn ? formatDate(record.expiresOn) : "Does not expire" },
            },
            { key: { children: "Provided by" }, value: { children: record.provider } },
            {
              key: { children: "Evidence" },
              value: {
                children: [
                  record.evidenceFileKey
                    ? `File attached${values.evidenceFileName ? `: ${values.evidenceFileName}` : ""}`
                    : null,
                  record.evidenceNote ? `Kept: ${record.evidenceNote}` : null,
                ]
                  .filter(Boolean)
                  .join(". "),
              },
            },
          ]}
        />
        <Table
          caption={many ? `The ${people.length} people` : "The person"}
          captionClassName="govuk-table__caption--m"
          head={[{ children: "Name" }, { children: "Employee number" }, { children: "E-mail address" }]}
          rows={people.map((p) => [
            { children: p.name },
            { children: p.employeeNumber ?? "None" },
            { children: p.email ?? "None" },
          ])}
        />
        <p className="govuk-body">
          {record.issuesCertificate
            ? "Each person gets a certificate that says it was recorded from outside evidence, and is told by e-mail."
            : "This course gives no certificate."}
        </p>
        <Form method="post" encType="multipart/form-data" noValidate>
          <input type="hidden" name="step" value="record" />
          {Object.entries(values).map(([name, value]) => (
            <input key={name} type="hidden" name={name} value={value} />
          ))}
          <div className="govuk-button-group">
            <Button type="submit" disabled={navigation.state === "submitting"} preventDoubleClick>
              {many ? `Record ${people.length} completions` : "Record completion"}
            </Button>
            <a className="govuk-link" href="/admin">
              Cancel
            </a>
          </div>
        </Form>
      </div>
    </div>
  );
}
