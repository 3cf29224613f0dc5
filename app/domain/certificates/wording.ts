/** Words printed on certificates and shown on the verification page (no server import: pages use them). */

/**
 * How a completion from outside evidence reads (recorded by hand by the coordinator, or a
 * learner's evidence accepted): it was not training the council ran.
 */
export function recordedFromOutsideEvidence(provider: string | null): string {
  return provider
    ? `Recorded from outside evidence: training provided by ${provider}`
    : "Recorded from outside evidence";
}
