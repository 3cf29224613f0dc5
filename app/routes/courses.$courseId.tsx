import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { notFound, requirePermission } from "../auth/guards.server";
import { can } from "../auth/permissions";
import { requireUser } from "../auth/session.server";
import { BackLink, Button, SummaryList, Table, Tag, WarningText } from "../components";
import { getCourse } from "../domain/catalogue/get-course";
import { latestAttempt } from "../domain/elearning/attempts/attempts";
import { findSessions } from "../domain/sessions/find-sessions";
import { formatDate, formatTime } from "../lib/dates";
import { COURSE_CATEGORY_LABELS, DELIVERY_MODE_LABELS, durationLabel, validityLabel } from "../lib/labels";
import { pageTitle } from "../lib/page-title";
import { idSchema } from "../lib/request";

export const meta: MetaFunction<typeof loader> = ({ data }) => pageTitle(data?.course.title ?? "Course");

const Params = z.object({ courseId: idSchema });

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, user } = await requireUser(request);
  requirePermission(user, "catalogue:view");
  const parsed = Params.safeParse(params);
  if (!parsed.success) notFound("course");
  const course = await getCourse(db, parsed.data.courseId);
  if (!course) notFound("course");
  const { rows: sessions } = await findSessions(db, { courseId: course.id, pageSize: 50 });
  // Hosted e-learning: the learner's way in, saying whether they have begun.
  const hosted = course.deliveryMode === "hosted_elearning" && can(user, "elearning:play") && user.personId !== null;
  const attempt = hosted ? await latestAttempt(db, { personId: user.personId!, courseId: course.id }) : null;
  return {
    play: hosted
      ? {
          label: !attempt
            ? "Start the e-learning"
            : attempt.closedAt === null
              ? "Resume the e-learning"
              : "Go to the e-learning",
        }
      : null,
    course: {
      ...course,
      retired: course.retiredAt !== null,
      createdAt: undefined,
      updatedAt: undefined,
      retiredAt: undefined,
    },
    sessions,
    /** E-learning run elsewhere: the learner sends their certificate as evidence (/my-training/evidence/new). */
    sendEvidence:
      course.deliveryMode === "external_elearning" &&
      course.retiredAt === null &&
      can(user, "evidence:submit") &&
      user.personId !== null,
    /** Hosted e-learning: who has started and finished it, for managers, school leads and the coordinator. */
    canViewProgress: course.deliveryMode === "hosted_elearning" && can(user, "elearning:view-progress"),
  };
}

export default function CoursePage() {
  const { course, sessions, canViewProgress, play, sendEvidence } = useLoaderData<typeof loader>();
  const elearning = course.deliveryMode === "external_elearning" || course.deliveryMode === "hosted_elearning";
  return (
    <>
      <BackLink href="/courses">All courses</BackLink>
      <span className="govuk-caption-l">{COURSE_CATEGORY_LABELS[course.category]}</span>
      <h1 className="govuk-heading-l">{course.title}</h1>
      {course.retired ? <WarningText>This course has been retired. It can no longer be booked.</WarningText> : null}
      {course.summary ? <p className="govuk-body-l">{course.summary}</p> : null}
      <SummaryList
        rows={[
          { key: { children: "Course code" }, value: { children: course.code } },
          { key: { children: "How it is delivered" }, value: { children: DELIVERY_MODE_LABELS[course.deliveryMode] } },
          { key: { children: "Length" }, value: { children: durationLabel(course.durationMinutes) } },
          { key: { children: "Counts for" }, value: { children: validityLabel(course.validityMonths) } },
          ...(course.audienceNote
            ? [{ key: { children: "Who it is for" }, value: { children: course.audienceNote } }]
            : []),
        ]}
      />
      {canViewProgress ? (
        <p className="govuk-body">
          <a className="govuk-link" href={`/courses/${course.id}/progress`}>
            See who has started and completed this e-learning
          </a>
        </p>
      ) : null}
      {play && !course.retired ? (
        <>
          <h2 className="govuk-heading-m">Take this course online</h2>
          <p className="govuk-body">The course runs in this service. Your progress is saved as you go.</p>
          <Button href={`/elearning/${course.id}`} isStartButton>
            {play.label}
          </Button>
        </>
      ) : null}
      {elearning && course.externalUrl ? (
        <>
          <h2 className="govuk-heading-m">Take this course online</h2>
          <p className="govuk-body">
            <a className="govuk-link" href={course.externalUrl} rel="noreferrer noopener" target="_blank">
              Start {course.title} (opens in new tab)
            </a>
          </p>
          <p className="govuk-body">
            The provider keeps your certificate details only for a short time. Download your certificate when you finish
            and send it to be checked, so it counts on your record.
          </p>
        </>
      ) : null}
      {sendEvidence ? (
        <p className="govuk-body">
          <a className="govuk-link" href={`/my-training/evidence/new?course=${course.id}`}>
            Send your certificate for {course.title}
          </a>
        </p>
      ) : null}
      {!elearning && course.bookable && !course.retired ? (
        <>
          <h2 className="govuk-heading-m">Upcoming sessions</h2>
          {sessions.length === 0 ? (
            <p className="govuk-body">No sessions are scheduled at the moment. Check again later.</p>
          ) : (
            <Table
              caption="Upcoming sessions"
              captionClassName="govuk-visually-hidden"
              head={[
                { children: "Date" },
                { children: "Time" },
                { children: "Where" },
                { children: "Places left", format: "numeric" },
                { children: <span className="govuk-visually-hidden">Action</span> },
              ]}
              rows={sessions.map((s) => [
                { children: formatDate(s.startsAt) },
                { children: `${formatTime(s.startsAt)} to ${formatTime(s.endsAt)}` },
                { children: s.online ? "Online" : (s.venue ?? "") },
                {
                  children: s.bookingWindow ? (
                    <Tag className="govuk-tag--grey">
                      {s.bookingWindow === "not-open" ? "Booking not open yet" : "Booking closed"}
                    </Tag>
                  ) : s.placesLeft > 0 ? (
                    String(s.placesLeft)
                  ) : (
                    <Tag className="govuk-tag--orange">Full</Tag>
                  ),
                  format: "numeric",
                },
                {
                  children: (
                    <a className="govuk-link" href={`/sessions/${s.id}`}>
                      {s.bookingWindow ? "View" : s.placesLeft > 0 ? "Book" : "Join waiting list"}
                      <span className="govuk-visually-hidden"> the session on {formatDate(s.startsAt)}</span>
                    </a>
                  ),
                },
              ])}
            />
          )}
        </>
      ) : null}
    </>
  );
}
