import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { notFound, requirePermission } from "../auth/guards.server";
import { requireUser } from "../auth/session.server";
import { BackLink, Button, ErrorSummary, InsetText, Panel, Radios, Textarea } from "../components";
import {
  answerField,
  followUpOpensOn,
  getEvaluationForm,
  ownBooking,
  submitEvaluation,
} from "../domain/evaluations/submit-evaluation";
import { COMPLETE_EVALUATION_TO_GET_CERTIFICATE, MAX_TEXT_ANSWER, SCALE_SCORES } from "../domain/evaluations/values";
import { formatDate } from "../lib/dates";
import { formValues } from "../lib/forms";
import { pageTitle } from "../lib/page-title";
import { idSchema, readForm, readQuery } from "../lib/request";
import type { EvaluationStage } from "../lib/values";
import { withFormErrors } from "./shared/domain-errors.server";

const Params = z.object({ bookingId: idSchema });
const Query = z.object({ stage: z.enum(["after", "follow_up"]).catch("after").default("after") });

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  pageTitle(data ? `Evaluate ${data.courseTitle}` : "Evaluate your training");

/** The signed-in learner, their booking and the stage asked (?stage=follow_up): 404 when not theirs to evaluate. */
async function load(request: Request, params: unknown) {
  const { db, user } = await requireUser(request);
  requirePermission(user, "evaluation:submit");
  const parsed = Params.safeParse(params);
  if (!parsed.success || user.personId === null) notFound("evaluation");
  const { stage } = Query.parse(Object.fromEntries(readQuery(request)));
  const form = await getEvaluationForm(db, { bookingId: parsed.data.bookingId, personId: user.personId, stage });
  return { db, user, form, stage: stage as EvaluationStage, bookingId: parsed.data.bookingId, personId: user.personId };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, form, stage, bookingId, personId } = await load(request, params);
  if (!form) {
    // Their own booking, not open to evaluation (not attended yet, or no follow-up yet): say why.
    const booking = await ownBooking(db, bookingId, personId);
    if (!booking) notFound("evaluation");
    return {
      open: false as const,
      stage,
      courseTitle: booking.courseTitle,
      sessionDate: booking.sessionDate,
      reason:
        booking.status !== "attended"
          ? "You can evaluate a session once the trainer has marked you as attending it."
          : !booking.followUpEvaluation
            ? "This course does not ask for a follow-up."
            : `The follow-up opens on ${formatDate(followUpOpensOn(booking.sessionDate))}.`,
    };
  }
  const b = form.booking;
  return {
    open: true as const,
    bookingId: b.bookingId,
    stage,
    courseTitle: b.courseTitle,
    sessionDate: b.sessionDate,
    venue: b.venue,
    certificateWaits: b.certificateAfterEvaluation && b.issuesCertificate && stage === "after",
    submittedAt: form.submittedAt,
    certificatePath: b.issuesCertificate && b.completionId !== null ? `/certificates/${b.completionId}.pdf` : null,
    questions: form.questions.map((q) => ({
      field: answerField(q.id),
      kind: q.kind,
      text: q.text,
      hint: q.hint,
      required: q.required,
    })),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { db, user, form, stage } = await load(request, params);
  if (!form) notFound("evaluation");
  const values = formValues(await readForm(request));
  const answers: Record<string, string> = {};
  for (const [key, value] of Object.entries(values)) {
    if (/^q\d{1,10}$/.test(key) && typeof value === "string") answers[key] = value;
  }
  // Every unanswered required question at once (the domain checks them again, one at a time).
  const missing: Record<string, string> = {};
  for (const q of form.questions) {
    const field = answerField(q.id);
    if (q.required && !(answers[field] ?? "").trim()) {
      missing[field] = q.kind === "scale" ? "Select a score from 1 to 5" : "Enter your answer";
    }
  }
  if (Object.keys(missing).length > 0) return data({ errors: missing, values: answers }, { status: 400 });
  return withFormErrors(
    async () => {
      await submitEvaluation(db, {
        bookingId: form.booking.bookingId,
        personId: form.booking.personId,
        stage,
        answers,
        actorAccountId: user.accountId,
      });
      throw redirect(
        `/my-training/evaluations/${form.booking.bookingId}${stage === "follow_up" ? "?stage=follow_up" : ""}`,
      );
    },
    { values: answers },
  );
}

export default function Evaluation() {
  const page = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors = result && "errors" in result ? (result.errors as Record<string, string>) : undefined;
  const kept = result && "values" in result ? (result.values as Record<string, string>) : {};
  const heading = page.stage === "follow_up" ? `Follow-up: ${page.courseTitle}` : `Evaluate ${page.courseTitle}`;

  if (!page.open) {
    return (
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <BackLink href="/my-training">My training</BackLink>
          <span className="govuk-caption-l">Session on {formatDate(page.sessionDate)}</span>
          <h1 className="govuk-heading-l">{heading}</h1>
          <p className="govuk-body">{page.reason}</p>
        </div>
      </div>
    );
  }

  if (page.submittedAt !== null) {
    return (
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <Panel titleText={page.stage === "follow_up" ? "Follow-up complete" : "Evaluation complete"}>
            Thank you for telling us about {page.courseTitle}
          </Panel>
          <p className="govuk-body">You sent it on {formatDate(page.submittedAt)}.</p>
          {page.stage === "after" && page.certificatePath ? (
            <p className="govuk-body">
              <a className="govuk-link" href={page.certificatePath} download>
                Download your certificate
              </a>
            </p>
          ) : null}
          <p className="govuk-body">
            <a className="govuk-link" href="/my-training">
              Back to my training
            </a>
          </p>
        </div>
      </div>
    );
  }

  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <BackLink href="/my-training">My training</BackLink>
        {errors ? (
          <ErrorSummary
            errorList={Object.entries(errors).map(([field, text]) => ({
              text,
              href: `#${field === "form" ? "answers" : field}`,
            }))}
          />
        ) : null}
        <span className="govuk-caption-l">
          Session on {formatDate(page.sessionDate)}
          {page.venue ? `, ${page.venue}` : ""}
        </span>
        <h1 className="govuk-heading-l">{heading}</h1>
        {page.certificateWaits ? <InsetText>{COMPLETE_EVALUATION_TO_GET_CERTIFICATE}.</InsetText> : null}
        <p className="govuk-body">
          {page.stage === "follow_up"
            ? "It is about three months since the session. Tell us whether the training has changed how you work."
            : "Your answers help us improve the training. Trainers and the Prevent Coordinator see them without your name."}
        </p>
        <Form method="post" noValidate id="answers">
          {page.questions.map((q) =>
            q.kind === "scale" ? (
              <Radios
                key={q.field}
                name={q.field}
                idPrefix={q.field}
                className="govuk-radios--inline"
                fieldset={{ legend: { children: q.text, className: "govuk-fieldset__legend--s" } }}
                hint={q.hint ? { children: q.hint } : undefined}
                value={kept[q.field] ?? ""}
                errorMessage={errors?.[q.field] ? { children: errors[q.field] } : null}
                items={SCALE_SCORES.map((score) => ({ value: String(score), children: String(score) }))}
              />
            ) : (
              <Textarea
                key={q.field}
                name={q.field}
                rows={3}
                label={{ children: q.required ? q.text : `${q.text} (optional)`, className: "govuk-label--s" }}
                hint={q.hint ? { children: q.hint } : undefined}
                maxLength={MAX_TEXT_ANSWER}
                value={kept[q.field] ?? ""}
                errorMessage={errors?.[q.field] ? { children: errors[q.field] } : null}
              />
            ),
          )}
          <Button type="submit" preventDoubleClick>
            Send
          </Button>
        </Form>
      </div>
    </div>
  );
}
