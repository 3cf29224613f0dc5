import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import { z } from "zod";
import { notFound, requirePermission } from "../auth/guards.server";
import { requireUser } from "../auth/session.server";
import { BackLink, Button, ErrorSummary, InsetText, Panel, SummaryList } from "../components";
import { getCourse } from "../domain/catalogue/get-course";
import { currentPackageOf, latestAttempt, launchFor, openAttempt } from "../domain/elearning/attempts/attempts";
import { formatDate, formatDateTime } from "../lib/dates";
import { parseForm } from "../lib/forms";
import { pageTitle } from "../lib/page-title";
import { idSchema, readForm, readQuery } from "../lib/request";
import { withFormErrors } from "./shared/domain-errors.server";
import type { RuntimeStatus } from "./shared/scorm-runtime.client";

export const meta: MetaFunction<typeof loader> = ({ data: loaded }) => pageTitle(loaded?.course.title ?? "E-learning");

const Params = z.object({ courseId: idSchema });
const Query = z.object({ attempt: idSchema.optional().catch(undefined) });
const StartForm = z.object({ intent: z.union([z.literal("start"), z.literal("again")]) });

/** The learner's own course: their person record, and a course hosted here (others are not found). */
async function load(request: Request, params: LoaderFunctionArgs["params"], otherCourse: "redirect" | "not-found") {
  const { db, user } = await requireUser(request);
  requirePermission(user, "elearning:play");
  const parsed = Params.safeParse(params);
  if (!parsed.success || user.personId === null) notFound("course");
  const course = await getCourse(db, parsed.data.courseId);
  if (!course) notFound("course");
  if (course.deliveryMode !== "hosted_elearning") {
    // Any other course is taken elsewhere: its own page says how. There is nothing to post here.
    if (otherCourse === "redirect") throw redirect(`/courses/${course.id}`);
    notFound("course");
  }
  return { db, user, personId: user.personId, course };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, personId, course } = await load(request, params, "redirect");
  const query = Query.parse(Object.fromEntries(readQuery(request)));
  const [attempt, current] = await Promise.all([
    latestAttempt(db, { personId, courseId: course.id }),
    currentPackageOf(db, course.id),
  ]);
  const playing = attempt && attempt.closedAt === null && attempt.id === query.attempt;
  return {
    course: { id: course.id, title: course.title, issuesCertificate: course.issuesCertificate },
    available: current !== null && course.retiredAt === null,
    attempt: attempt && {
      attemptNumber: attempt.attemptNumber,
      open: attempt.closedAt === null,
      outcome: attempt.outcome,
      begun: attempt.begun,
      lastSavedAt: attempt.lastSavedAt,
      completedAt: attempt.completedAt,
      completionId: attempt.completionId,
      scoreRaw: attempt.scoreRaw,
      totalSeconds: attempt.totalSeconds,
    },
    launch: playing ? await launchFor(db, attempt) : null,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { db, user, personId, course } = await load(request, params, "not-found");
  const parsed = parseForm(StartForm, await readForm(request));
  if (!parsed.ok) return data({ errors: { form: "Choose how to start the course" } }, { status: 400 });
  return withFormErrors(async () => {
    const attempt = await openAttempt(db, {
      personId,
      courseId: course.id,
      actorAccountId: user.accountId,
      now: new Date(),
      startAgain: parsed.data.intent === "again",
    });
    return redirect(`/elearning/${course.id}?attempt=${attempt.id}`);
  }, {});
}

function timeSpent(seconds: number): string {
  const minutes = Math.round(seconds / 60);
  if (minutes < 1) return "Less than a minute";
  if (minutes < 60) return minutes === 1 ? "1 minute" : `${minutes} minutes`;
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return `${hours} hour${hours === 1 ? "" : "s"}${rest ? ` ${rest} minute${rest === 1 ? "" : "s"}` : ""}`;
}

function statusText(status: RuntimeStatus | null): string {
  if (!status) return "Your progress is saved as you go.";
  switch (status.kind) {
    case "saved":
      return `Progress saved at ${status.at.toLocaleTimeString("en-GB", { hour: "2-digit", minute: "2-digit", timeZone: "Europe/London" })}.`;
    case "completed":
      return "You have completed this course. It now counts on your training record.";
    case "failed":
      return "You did not pass this time. You can try again from the course page.";
    case "not-saved":
      return "Your progress could not be saved. Check your connection; it will be saved again when you carry on.";
  }
}

export default function PlayerPage() {
  const { course, available, attempt, launch } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors = actionData && "errors" in actionData ? actionData.errors : undefined;
  const frame = useRef<HTMLIFrameElement>(null);
  const [status, setStatus] = useState<RuntimeStatus | null>(null);

  useEffect(() => {
    if (!launch || !frame.current) return;
    let stop: (() => void) | undefined;
    let cancelled = false;
    // Only in the browser: scorm-again is loaded here, never on the server.
    import("./shared/scorm-runtime.client")
      .then(({ startRuntime }) => startRuntime(launch, frame.current!, setStatus))
      .then((stopRuntime) => {
        if (cancelled) stopRuntime();
        else stop = stopRuntime;
      });
    return () => {
      cancelled = true;
      stop?.();
    };
  }, [launch]);

  if (launch) {
    return (
      <>
        <BackLink href={`/elearning/${course.id}`}>Leave the course (your progress is saved)</BackLink>
        <span className="govuk-caption-l">E-learning</span>
        <h1 className="govuk-heading-l">{course.title}</h1>
        <p className="govuk-body" role="status" aria-live="polite" id="elearning-status">
          {statusText(status)}
        </p>
        <iframe
          ref={frame}
          title={`${course.title}: course content`}
          className="app-elearning-frame"
          style={{ width: "100%", height: "75vh", border: "1px solid #b1b4b6" }}
        />
        <p className="govuk-body">
          <a className="govuk-link" href="/my-training">
            Back to my training
          </a>
        </p>
      </>
    );
  }

  const startButton = (intent: "start" | "again", label: string, secondary = false) => (
    <Form method="post">
      <Button type="submit" name="intent" value={intent} secondary={secondary} isStartButton={!secondary}>
        {label}
      </Button>
    </Form>
  );
  const done = attempt && !attempt.open && attempt.completionId !== null;
  const failed = attempt?.open && attempt.outcome === "failed";
  return (
    <>
      <BackLink href={`/courses/${course.id}`}>About this course</BackLink>
      {errors ? <ErrorSummary errorList={Object.values(errors).map((text) => ({ text }))} /> : null}
      <span className="govuk-caption-l">E-learning</span>
      <h1 className="govuk-heading-l">{course.title}</h1>
      {done ? (
        <Panel titleText="Course completed" headingLevel={2}>
          You completed this course on {formatDate(attempt.completedAt!)}
        </Panel>
      ) : null}
      {attempt?.begun ? (
        <SummaryList
          rows={[
            { key: { children: "Attempt" }, value: { children: String(attempt.attemptNumber) } },
            {
              key: { children: "Where you are" },
              value: {
                children: done ? "Completed" : failed ? "Not passed" : attempt.open ? "In progress" : "Finished",
              },
            },
            ...(attempt.scoreRaw !== null
              ? [{ key: { children: "Score" }, value: { children: attempt.scoreRaw } }]
              : []),
            { key: { children: "Time spent" }, value: { children: timeSpent(attempt.totalSeconds) } },
            { key: { children: "Last saved" }, value: { children: formatDateTime(attempt.lastSavedAt) } },
          ]}
        />
      ) : null}
      {done && course.issuesCertificate ? (
        <p className="govuk-body">
          <a className="govuk-link" href={`/certificates/${attempt.completionId}.pdf`}>
            Download your certificate (PDF)
          </a>
        </p>
      ) : null}
      {!available && !attempt?.open ? (
        <InsetText>This course's e-learning is not available at the moment. Check again later.</InsetText>
      ) : failed ? (
        <>
          <p className="govuk-body">You did not pass on this attempt. You can try again from the beginning.</p>
          {startButton("again", "Try again")}
        </>
      ) : attempt?.open ? (
        <>
          <p className="govuk-body">Carry on where you left off. Your progress is saved as you go.</p>
          {startButton("start", "Resume")}
        </>
      ) : attempt ? (
        <>
          <p className="govuk-body">You can take the course again, for example as a refresher.</p>
          {startButton("again", "Start again", true)}
        </>
      ) : (
        <>
          <p className="govuk-body">
            The course opens on this page. Your progress is saved as you go, so you can close it and come back later.
          </p>
          {startButton("start", "Start")}
        </>
      )}
    </>
  );
}
