import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requirePermission } from "../auth/guards.server";
import { can } from "../auth/permissions";
import { requireUser } from "../auth/session.server";
import { Table, Tag } from "../components";
import { type SessionListItem, listSessions } from "../domain/sessions/list-sessions";
import { formatShortDate, formatTime } from "../lib/dates";
import { SESSION_STATUS_LABELS } from "../lib/labels";
import { pageTitle } from "../lib/page-title";

export const meta: MetaFunction = () => pageTitle("My sessions");

/** How far back "recent" sessions go: long enough to finish a register after the event. */
const RECENT_DAYS = 56;

export async function loader({ request }: LoaderFunctionArgs) {
  const { db, user } = await requireUser(request);
  requirePermission(user, "register:take");
  const everyone = can(user, "sessions:view-all");
  if (!everyone && user.personId === null) return { everyone, upcoming: [], recent: [] };
  const trainerPersonId = everyone ? undefined : user.personId!;
  const now = new Date();
  const [upcoming, recent] = await Promise.all([
    listSessions(db, { when: "upcoming", trainerPersonId, pageSize: 100 }, now),
    listSessions(
      db,
      { when: "past", trainerPersonId, since: new Date(now.getTime() - RECENT_DAYS * 86_400_000), pageSize: 100 },
      now,
    ),
  ]);
  return { everyone, upcoming: upcoming.rows, recent: recent.rows };
}

export default function MySessions() {
  const { everyone, upcoming, recent } = useLoaderData<typeof loader>();
  return (
    <>
      <h1 className="govuk-heading-l">{everyone ? "Sessions" : "My sessions"}</h1>
      <p className="govuk-body">
        {everyone
          ? "Every session, for taking registers. You see all of them as Prevent Coordinator."
          : "The sessions you run. Take the register on the day, or print a sign-in sheet."}
      </p>
      <SessionTable caption="Upcoming sessions" sessions={upcoming} empty="No sessions to come." past={false} />
      <SessionTable caption="Recent sessions" sessions={recent} empty="No sessions in the last 8 weeks." past />
    </>
  );
}

function SessionTable({
  caption,
  sessions,
  empty,
  past,
}: {
  caption: string;
  sessions: SessionListItem[];
  empty: string;
  past: boolean;
}) {
  if (sessions.length === 0) {
    return (
      <>
        <h2 className="govuk-heading-m">{caption}</h2>
        <p className="govuk-body">{empty}</p>
      </>
    );
  }
  return (
    <Table
      caption={caption}
      captionClassName="govuk-table__caption--m"
      head={[
        { children: "Date" },
        { children: "Course" },
        { children: "Where" },
        { children: "Booked", format: "numeric" },
        past ? { children: "Attended", format: "numeric" } : { children: "Waiting", format: "numeric" },
        { children: <span className="govuk-visually-hidden">Register</span> },
      ]}
      rows={sessions.map((s) => [
        { children: `${formatShortDate(s.startsAt)}, ${formatTime(s.startsAt)} to ${formatTime(s.endsAt)}` },
        {
          children: (
            <>
              {s.courseTitle}
              {s.status !== "scheduled" ? (
                <>
                  {" "}
                  <Tag className={s.status === "cancelled" ? "govuk-tag--red" : "govuk-tag--green"}>
                    {SESSION_STATUS_LABELS[s.status]}
                  </Tag>
                </>
              ) : null}
            </>
          ),
        },
        { children: s.venue ?? "Online" },
        { children: `${s.booked} of ${s.capacity}`, format: "numeric" },
        past ? { children: String(s.attended), format: "numeric" } : { children: String(s.waiting), format: "numeric" },
        {
          children:
            s.status === "cancelled" ? (
              ""
            ) : (
              <a className="govuk-link" href={`/sessions/${s.id}/register`}>
                Register
                <span className="govuk-visually-hidden">
                  {" "}
                  for {s.courseTitle} on {formatShortDate(s.startsAt)}
                </span>
              </a>
            ),
        },
      ])}
    />
  );
}
