import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { notFound, requirePermission, requirePersonAccess } from "../auth/guards.server";
import { requireUser } from "../auth/session.server";
import { BackLink, Button, DateInput, ErrorSummary, FileUpload, Input, Radios, Select, Textarea } from "../components";
import { SUBMIT_EVIDENCE_FIELD_IDS, SubmitEvidenceForm } from "../domain/evidence/evidence-form";
import { listEvidenceCourses, submitEvidence } from "../domain/evidence/submit-evidence";
import { EVIDENCE_FILE_ACCEPT, MAX_EVIDENCE_BYTES } from "../domain/evidence/values";
import { todayInLondon } from "../lib/dates";
import { errorList, formValues, parseForm } from "../lib/forms";
import { pageTitle } from "../lib/page-title";
import { readForm, readQuery } from "../lib/request";
import { fileStorage } from "../storage/storage.server";
import { withFormErrors } from "./shared/domain-errors.server";

export const meta: MetaFunction = () => pageTitle("Record training done elsewhere");

/** The signed-in learner, who sends evidence of their own training. */
async function requireLearner(request: Request) {
  const { db, user } = await requireUser(request);
  requirePermission(user, "evidence:submit");
  if (user.personId === null) notFound("training record");
  await requirePersonAccess(db, user, "evidence:submit", user.personId);
  return { db, user, personId: user.personId };
}

export async function loader({ request }: LoaderFunctionArgs) {
  const { db } = await requireLearner(request);
  const courses = await listEvidenceCourses(db);
  const chosen = readQuery(request).get("course") ?? "";
  return {
    courses,
    values: { courseId: courses.some((c) => String(c.id) === chosen) ? chosen : "" } as Record<string, string>,
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const { db, user, personId } = await requireLearner(request);
  // A body far larger than any certificate may be is refused before it is read into memory.
  if (Number(request.headers.get("Content-Length") ?? 0) > MAX_EVIDENCE_BYTES + 1024 * 1024) {
    return data(
      {
        errors: { evidenceFile: `The selected file must be smaller than ${MAX_EVIDENCE_BYTES / 1024 / 1024} MB` },
        values: {},
      },
      { status: 400 },
    );
  }
  const form = await readForm(request);
  const values = formValues(form);
  const parsed = parseForm(SubmitEvidenceForm, form);
  if (!parsed.ok) return data({ errors: parsed.errors, values }, { status: 400 });
  const upload = form.get("evidenceFile");
  const file =
    upload instanceof File && upload.size > 0
      ? { name: upload.name, bytes: new Uint8Array(await upload.arrayBuffer()) }
      : null;
  return withFormErrors(
    async () => {
      const id = await submitEvidence(db, fileStorage(), {
        ...parsed.data,
        personId,
        actorAccountId: user.accountId,
        file,
        today: todayInLondon(),
      });
      throw redirect(`/evidence/${id}?sent=1`);
    },
    { values },
  );
}

export default function RecordTrainingDoneElsewhere() {
  const { courses, values: initial } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const errors = result?.errors as Record<string, string> | undefined;
  const shown = (result?.values ?? initial) as Record<string, string | string[] | undefined>;
  const text = (name: string) => {
    const value = shown[name];
    return typeof value === "string" ? value : "";
  };
  const error = (name: string) => (errors?.[name] ? { children: errors[name] } : undefined);
  const confirming = courses.filter((c) => c.acceptsManagerConfirmation);
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <BackLink href="/my-training">My training</BackLink>
        {errors ? <ErrorSummary errorList={errorList(errors, SUBMIT_EVIDENCE_FIELD_IDS)} /> : null}
        <h1 className="govuk-heading-l">Record training done elsewhere</h1>
        <p className="govuk-body">
          Send evidence of an e-learning course you completed somewhere else, such as the Home Office’s Prevent courses
          on GOV.UK. GOV.UK keeps your certificate details for only 30 minutes, so download or photograph your
          certificate when you finish.
        </p>
        <p className="govuk-body">
          Your evidence will be checked before it counts. Until then it shows as awaiting verification on My training.
        </p>
        {courses.length === 0 ? (
          <p className="govuk-body">There are no courses you can send evidence of at the moment.</p>
        ) : (
          <Form method="post" encType="multipart/form-data" noValidate>
            <Select
              id="courseId"
              name="courseId"
              label={{ children: "Course", className: "govuk-label--s" }}
              value={text("courseId")}
              items={[
                { value: "", children: "Choose a course" },
                ...courses.map((c) => ({ value: String(c.id), children: c.title })),
              ]}
              errorMessage={error("courseId")}
            />
            <DateInput
              id="completedOn"
              namePrefix="completedOn"
              fieldset={{ legend: { children: "When did you complete it?", className: "govuk-fieldset__legend--s" } }}
              hint={{ children: "The date on your certificate. For example, 27 3 2026" }}
              values={{
                day: text("completedOn-day"),
                month: text("completedOn-month"),
                year: text("completedOn-year"),
              }}
              errorMessage={error("completedOn")}
            />
            <Radios
              name="kind"
              idPrefix="kind"
              fieldset={{
                legend: { children: "What are you sending as evidence?", className: "govuk-fieldset__legend--s" },
              }}
              value={text("kind") || "certificate"}
              items={[
                {
                  value: "certificate",
                  children: "The certificate I was given",
                  hint: { children: "Choose the file below" },
                },
                confirming.length > 0
                  ? {
                      value: "manager_confirmation",
                      children: "My manager’s confirmation",
                      hint: {
                        children: `Your manager confirms you completed it. Only for ${confirming.map((c) => c.title).join(", ")}.`,
                      },
                    }
                  : null,
              ]}
              errorMessage={error("kind")}
            />
            <FileUpload
              id="evidenceFile"
              name="evidenceFile"
              accept={EVIDENCE_FILE_ACCEPT}
              label={{ children: "Certificate", className: "govuk-label--s" }}
              hint={{
                children: `A PDF, or a PNG or JPEG photo or screenshot, smaller than ${MAX_EVIDENCE_BYTES / 1024 / 1024} MB.`,
              }}
              errorMessage={error("evidenceFile")}
            />
            <Input
              id="provider"
              name="provider"
              label={{ children: "Who provided the training (optional)", className: "govuk-label--s" }}
              hint={{ children: "For example, Home Office (GOV.UK)" }}
              value={text("provider")}
              errorMessage={error("provider")}
            />
            <Textarea
              id="note"
              name="note"
              label={{ children: "Anything else (optional)", className: "govuk-label--s" }}
              hint={{ children: "For example, your certificate number, or where the paper copy is kept" }}
              value={text("note")}
              errorMessage={error("note")}
            />
            <Button type="submit" disabled={navigation.state === "submitting"} preventDoubleClick>
              Send for verification
            </Button>
          </Form>
        )}
      </div>
    </div>
  );
}
