import type { ComplianceSummary } from "../../domain/compliance/team-matrix";
import { formatDate } from "../../lib/dates";

const people = (n: number) => `${n} ${n === 1 ? "person" : "people"}`;

/**
 * The team's headline and what it is made of, so the figures add up: expiring soon is still
 * current, so "current" is those up to date plus those expiring soon, and the people who are not
 * current are split by their worst status. Someone with training not yet due and the rest
 * current or expiring counts with the new starters not yet due, as on the matrix.
 */
export function TeamSummary({
  summary,
  today,
  filtered,
}: {
  summary: ComplianceSummary;
  today: string;
  filtered: boolean;
}) {
  if (summary.people === 0) {
    return (
      <p className="govuk-body-l" id="team-summary">
        No one here has a training requirement.
      </p>
    );
  }
  const w = summary.byWorstStatus;
  const expiring = summary.peopleCurrentExpiring;
  const upToDate = summary.peopleCurrent - expiring;
  const notCurrent = summary.people - summary.peopleCurrent;
  // Worst status "expiring" but not current on everything: something else is not yet due.
  const notYetDue = w.not_yet_due + (w.expiring - expiring);
  const others = [
    notYetDue > 0 ? `${notYetDue} ${notYetDue === 1 ? "new starter" : "new starters"} not yet due` : null,
    w.expired > 0 ? `${w.expired} expired` : null,
    w.missing > 0 ? `${w.missing} missing` : null,
  ].filter((part): part is string => part !== null);
  return (
    <>
      <p className="govuk-body-l" id="team-summary">
        {summary.peopleCurrent} of {people(summary.people)} current
      </p>
      <p className="govuk-body" id="team-summary-parts">
        {`On ${formatDate(today)}: ${upToDate} up to date and ${expiring} expiring soon, which still counts as current (${summary.peopleCurrent} in all).`}
        {notCurrent > 0 ? ` Of the other ${notCurrent}, by each person’s worst status: ${listed(others)}.` : ""}
        {filtered ? " Status filters do not change these figures." : ""}
      </p>
    </>
  );
}

function listed(parts: string[]): string {
  return parts.length <= 1 ? (parts[0] ?? "") : `${parts.slice(0, -1).join(", ")} and ${parts.at(-1)}`;
}
