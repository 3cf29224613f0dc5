// Values the pages show, with no database import (a capability's values.ts): the browser may load this.

/**
 * The audit log's reads of personal data (decision 010): someone looked at or downloaded records.
 * Every other action in the log is a change.
 */
export const READ_ACTIONS = [
  "person.viewed",
  "certificate.downloaded",
  "certificates.zip-downloaded",
  "export.downloaded",
  // Someone else's evidence of training done elsewhere: its page, and its file (a certificate).
  "evidence.viewed",
  "evidence.downloaded",
] as const;

export type ReadAction = (typeof READ_ACTIONS)[number];

export function isReadAction(action: string): action is ReadAction {
  return (READ_ACTIONS as readonly string[]).includes(action);
}
