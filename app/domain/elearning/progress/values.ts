/** Where a person stands on a hosted e-learning course (no database import: the progress page shows these). */
export const PROGRESS_STATUSES = ["not_started", "in_progress", "completed"] as const;
export type ProgressStatus = (typeof PROGRESS_STATUSES)[number];

export const PROGRESS_STATUS_LABELS: Record<ProgressStatus, string> = {
  not_started: "Not started",
  in_progress: "In progress",
  completed: "Completed",
};

/** Seconds as people say them: "1 hour 5 minutes", "12 minutes", "less than a minute". */
export function timeSpentLabel(seconds: number): string {
  if (seconds <= 0) return "";
  const minutes = Math.round(seconds / 60);
  if (minutes < 1) return "less than a minute";
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  const parts: string[] = [];
  if (hours > 0) parts.push(`${hours} ${hours === 1 ? "hour" : "hours"}`);
  if (rest > 0) parts.push(`${rest} ${rest === 1 ? "minute" : "minutes"}`);
  return parts.join(" ");
}

/** A score as reported: the raw score, or the scaled one as a percentage. */
export function scoreLabel(scoreRaw: string | null, scoreScaled: string | null): string {
  if (scoreRaw !== null && scoreRaw !== "") return String(Number(scoreRaw));
  if (scoreScaled !== null && scoreScaled !== "") return `${Math.round(Number(scoreScaled) * 100)}%`;
  return "";
}
