import type { Page } from "playwright-core";
import { visit } from "./browser";

/**
 * The link in the newest message of a kind to an address, from the demo council's outbox
 * (/admin/outbox shows links only where the demo runs), read as the coordinator.
 */
export async function linkFromOutbox(coordinator: Page, to: string, kind: string): Promise<string> {
  await visit(coordinator, "/admin/outbox");
  const link = coordinator.locator(`main a[data-to="${to}"][data-kind="${kind}"]`).first();
  await link.waitFor();
  return (await link.getAttribute("href"))!;
}
