export const SERVICE_NAME = "Prevent Training Tracker";

/**
 * "Page – Prevent Training Tracker", with "Error: " first when a loader found errors (a GET form).
 * A failed post's errors are not visible to meta; the ErrorSummary component adds the prefix then.
 */
export function pageTitle(page: string, options: { hasErrors?: boolean } = {}): Array<{ title: string }> {
  return [{ title: `${options.hasErrors ? "Error: " : ""}${page} – ${SERVICE_NAME}` }];
}
