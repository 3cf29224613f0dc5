import { describe, expect, it } from "vitest";
import { COMPLETION_SOURCE_LABELS } from "../../app/lib/labels";

describe("how a completion was made, in words", () => {
  it("calls a completion from outside evidence that (recorded by hand, or a learner's evidence accepted), not e-learning", () => {
    expect(COMPLETION_SOURCE_LABELS.external_evidence).toBe("Recorded from outside evidence");
  });
});
