import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { BackLink, Button, ErrorSummary, Input, NotificationBanner, Radios, Table, Tag } from "../components";
import { addQuestionSchema, retireQuestionSchema } from "../domain/evaluations/question-form";
import {
  addCourseQuestion,
  listCourseOwnQuestions,
  listEvaluationQuestions,
  retireCourseQuestion,
} from "../domain/evaluations/questions";
import { EVALUATION_STAGE_LABELS } from "../domain/evaluations/values";
import { errorList, parseForm } from "../lib/forms";
import { pageTitle } from "../lib/page-title";
import { readForm, readQuery } from "../lib/request";
import { requireCourseToManage } from "./shared/course-route.server";
import { withFormErrors } from "./shared/domain-errors.server";

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  pageTitle(data ? `Evaluation form: ${data.course.title}` : "Evaluation form");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, course } = await requireCourseToManage(request, params);
  const [after, followUp, own] = await Promise.all([
    listEvaluationQuestions(db, course.id, "after"),
    listEvaluationQuestions(db, course.id, "follow_up"),
    listCourseOwnQuestions(db, course.id),
  ]);
  const done = readQuery(request).get("done");
  return {
    course: {
      id: course.id,
      code: course.code,
      title: course.title,
      certificateAfterEvaluation: course.certificateAfterEvaluation,
      followUpEvaluation: course.followUpEvaluation,
    },
    defaults: [...after, ...followUp].filter((q) => q.courseId === null),
    own,
    done: done === "added" || done === "retired" ? done : null,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { db, user, course } = await requireCourseToManage(request, params);
  const form = await readForm(request);
  if (form.get("intent") === "retire") {
    const parsed = parseForm(retireQuestionSchema, form);
    if (!parsed.ok) return data({ errors: { form: "Choose a question to stop asking" }, values: {} }, { status: 400 });
    return withFormErrors(
      async () => {
        await retireCourseQuestion(db, {
          courseId: course.id,
          questionId: parsed.data.questionId,
          actorAccountId: user.accountId,
        });
        throw redirect(`/admin/courses/${course.id}/evaluation?done=retired`);
      },
      { values: {} as Record<string, string | string[]> },
      { field: () => "form" },
    );
  }
  const parsed = parseForm(addQuestionSchema, form);
  if (!parsed.ok) return data({ errors: parsed.errors, values: parsed.values }, { status: 400 });
  return withFormErrors(
    async () => {
      await addCourseQuestion(db, { courseId: course.id, ...parsed.data, actorAccountId: user.accountId });
      throw redirect(`/admin/courses/${course.id}/evaluation?done=added`);
    },
    {
      values: Object.fromEntries(
        ["text", "hint", "stage", "kind", "required"].map((k) => [k, String(form.get(k) ?? "")]),
      ),
    },
  );
}

const KIND_LABELS = { scale: "A score from 1 to 5", text: "In their own words" } as const;

export default function CourseEvaluation() {
  const { course, defaults, own, done } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors = result?.errors as Record<string, string> | undefined;
  const values = (result?.values ?? {}) as Record<string, string>;
  const asked = own.filter((q) => q.retiredAt === null);
  const retired = own.filter((q) => q.retiredAt !== null);
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-full">
        <BackLink href={`/admin/courses/${course.id}/edit`}>Change {course.title}</BackLink>
        {errors ? (
          <ErrorSummary errorList={errorList(errors, { stage: "stage", kind: "kind", required: "required" })} />
        ) : null}
        {done ? (
          <NotificationBanner type="success">
            <p className="govuk-notification-banner__heading">
              {done === "added" ? "Question added" : "The question is no longer asked"}
            </p>
          </NotificationBanner>
        ) : null}
        <span className="govuk-caption-l">{course.code}</span>
        <h1 className="govuk-heading-l">Evaluation form: {course.title}</h1>
        <p className="govuk-body">
          Everyone marked as attending a session of this course is asked to evaluate it.{" "}
          {course.certificateAfterEvaluation
            ? "Their certificate is released once they have done it."
            : "Their certificate does not wait for it."}{" "}
          {course.followUpEvaluation
            ? "A follow-up is asked about 3 months after the session."
            : "No follow-up is asked."}{" "}
          Change these on the course’s page.
        </p>

        <Table
          caption="Questions every Prevent course asks"
          captionClassName="govuk-table__caption--m"
          firstCellIsHeader
          head={[{ children: "Question" }, { children: "Asked" }, { children: "Answer" }]}
          rows={defaults.map((q) => [
            { children: q.text },
            { children: EVALUATION_STAGE_LABELS[q.stage] },
            { children: `${KIND_LABELS[q.kind]}${q.required ? "" : " (optional)"}` },
          ])}
        />

        <h2 className="govuk-heading-m">This course’s own questions</h2>
        {asked.length === 0 ? (
          <p className="govuk-body">None yet. Add one below.</p>
        ) : (
          <Table
            caption="Asked after the default questions"
            captionClassName="govuk-table__caption--s"
            firstCellIsHeader
            head={[{ children: "Question" }, { children: "Asked" }, { children: "Answer" }, { children: "Action" }]}
            rows={asked.map((q) => [
              { children: q.text },
              { children: EVALUATION_STAGE_LABELS[q.stage] },
              { children: `${KIND_LABELS[q.kind]}${q.required ? "" : " (optional)"}` },
              {
                children: (
                  <Form method="post">
                    <input type="hidden" name="intent" value="retire" />
                    <input type="hidden" name="questionId" value={q.id} />
                    <Button type="submit" className="govuk-button--secondary govuk-!-margin-bottom-0">
                      Stop asking<span className="govuk-visually-hidden"> “{q.text}”</span>
                    </Button>
                  </Form>
                ),
              },
            ])}
          />
        )}
        {retired.length > 0 ? (
          <ul className="govuk-list">
            {retired.map((q) => (
              <li key={q.id}>
                {q.text} <Tag colour="grey">No longer asked</Tag>
              </li>
            ))}
          </ul>
        ) : null}

        <div className="govuk-grid-row">
          <div className="govuk-grid-column-two-thirds">
            <h2 className="govuk-heading-m">Add a question</h2>
            <Form method="post" noValidate>
              <input type="hidden" name="intent" value="add" />
              <Input
                name="text"
                label={{ children: "Question", className: "govuk-label--s" }}
                value={values.text ?? ""}
                errorMessage={errors?.text ? { children: errors.text } : null}
              />
              <Input
                name="hint"
                label={{ children: "Hint (optional)", className: "govuk-label--s" }}
                hint={{ children: "For example, what 1 and 5 mean." }}
                value={values.hint ?? ""}
                errorMessage={errors?.hint ? { children: errors.hint } : null}
              />
              <Radios
                name="stage"
                fieldset={{ legend: { children: "When is it asked?", className: "govuk-fieldset__legend--s" } }}
                value={values.stage ?? "after"}
                errorMessage={errors?.stage ? { children: errors.stage } : null}
                items={[
                  { value: "after", children: "After the session" },
                  { value: "follow_up", children: "At the follow-up, about 3 months later" },
                ]}
              />
              <Radios
                name="kind"
                fieldset={{ legend: { children: "How is it answered?", className: "govuk-fieldset__legend--s" } }}
                value={values.kind ?? ""}
                errorMessage={errors?.kind ? { children: errors.kind } : null}
                items={[
                  { value: "scale", children: KIND_LABELS.scale },
                  { value: "text", children: KIND_LABELS.text },
                ]}
              />
              <Radios
                name="required"
                className="govuk-radios--inline"
                fieldset={{ legend: { children: "Must it be answered?", className: "govuk-fieldset__legend--s" } }}
                value={values.required ?? "yes"}
                errorMessage={errors?.required ? { children: errors.required } : null}
                items={[
                  { value: "yes", children: "Yes" },
                  { value: "no", children: "No" },
                ]}
              />
              <Button type="submit" preventDoubleClick>
                Add question
              </Button>
            </Form>
          </div>
        </div>
      </div>
    </div>
  );
}
