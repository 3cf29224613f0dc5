import { readFileSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { AUDIT_ACTION_WORDS, auditActionChoices, auditActionWords } from "../../app/domain/audit/values";

/** Every .ts/.tsx file under app/. */
function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    return statSync(file).isDirectory() ? sources(file) : /\.tsx?$/.test(name) ? [file] : [];
  });
}

/**
 * The audit actions the code writes: the dotted verbs ("booking.cancel") quoted in an `action:`
 * property, on its line or the ternary's lines under it. A permission ("audit:view") has no dot.
 */
function actionsWritten(): Map<string, string> {
  const found = new Map<string, string>();
  for (const file of sources(path.resolve(__dirname, "../../app"))) {
    const text = readFileSync(file, "utf8");
    for (const property of text.matchAll(/\baction: ([^\n]*(?:\n\s*[?:][^\n]*)*)/g)) {
      for (const verb of property[1]!.matchAll(/"([a-z_-]+(?:\.[a-z_-]+)+)"/g)) found.set(verb[1]!, file);
    }
  }
  return found;
}

describe("the audit log's words", () => {
  it("has words for every action written anywhere in app/", () => {
    const written = actionsWritten();
    // The scan finds the actions (sign-in, freezing, bookings): a scan of nothing would pass anything.
    expect(written.size).toBeGreaterThan(90);
    expect([...written.keys()]).toEqual(expect.arrayContaining(["account.sign-in", "kpi_snapshot.freeze"]));
    const missing = [...written].filter(([action]) => !Object.hasOwn(AUDIT_ACTION_WORDS, action));
    expect(missing.map(([action, file]) => `${action} (${file})`)).toEqual([]);
  });

  it("says what happened, with the record in words where known", () => {
    expect(auditActionWords("kpi_snapshot.freeze", "2026-Q2")).toBe("Froze the figures for 2026-Q2");
    expect(auditActionWords("kpi_snapshot.freeze")).toBe("Froze the figures for a quarter");
    expect(auditActionWords("account.sign-in", "Alex Coordinator")).toBe("Signed in");
    expect(auditActionWords("no.such-action")).toBe("no.such-action");
  });

  it("offers every action in the filter, in words, each once", () => {
    const choices = auditActionChoices();
    expect(choices.map((c) => c.value).sort()).toEqual(Object.keys(AUDIT_ACTION_WORDS).sort());
    expect(new Set(choices.map((c) => c.label)).size).toBe(choices.length);
    expect(choices.every((c) => !c.label.includes("{record}") && !/^[a-z_-]+\./.test(c.label))).toBe(true);
  });

  it("reads as plain English without the record: no doubled article or noun", () => {
    const choices = auditActionChoices();
    expect(choices.find((c) => c.value === "course.update")?.label).toBe("Changed a course");
    expect(choices.find((c) => c.value === "import.school.create")?.label).toBe("Added a school by import");
    expect(choices.find((c) => c.value === "import.organisation.create")?.label).toBe(
      "Created an organisation by import",
    );
    // With the record known, its kind still names it.
    expect(auditActionWords("course.update", "Prevent awareness")).toBe("Changed the course Prevent awareness");
    const garbled = choices.filter(
      (c) =>
        // "the course a course", "the a", "a an": an article straight after another, or a word twice.
        /\b(?:the|a|an) (?:\w+ )?(?:the|a|an)\b/i.test(c.label) ||
        /\b(\w+)\b(?: (?:the|a|an|of))? \1\b/i.test(c.label) ||
        !/^[A-Z]/.test(c.label) ||
        /\s{2}|\s$/.test(c.label),
    );
    expect(garbled.map((c) => `${c.value}: ${c.label}`)).toEqual([]);
  });
});
