/**
 * The migrated database each test file copies. TEST_TEMPLATE_DATABASE names another, so that
 * two test runs on one server (two developers, or CI beside a developer) do not drop each
 * other's template.
 */
export const TEMPLATE_DATABASE = process.env.TEST_TEMPLATE_DATABASE ?? "ptt_test_template";

/** The same server URL with another database name. */
export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}
