export const SERVICE_NAME = "Prevent Training Tracker";

/** "Page – Prevent Training Tracker", with "Error: " first when the form has errors (GOV.UK pattern). */
export function pageTitle(page: string, options: { hasErrors?: boolean } = {}): Array<{ title: string }> {
  return [{ title: `${options.hasErrors ? "Error: " : ""}${page} – ${SERVICE_NAME}` }];
}
