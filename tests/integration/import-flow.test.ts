import { eq, sql } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { z } from "zod";
import { queryRows } from "../../app/db/database";
import { auditEvents, importRuns } from "../../app/db/schema";
import { DomainError } from "../../app/domain/errors";
import {
  applyImport,
  getImportRun,
  listImportRuns,
  previewImport,
  saveColumnMappings,
  saveValueMappings,
  skippedRowsCsv,
  uploadImport,
} from "../../app/domain/imports/import-runs";
import type { ImportKind } from "../../app/domain/imports/kind";
import { IMPORT_KIND_REGISTRY } from "../../app/domain/imports/registry";
import { type TestDatabase, createTestDatabase } from "../support/database";
import { account } from "../support/factories";
import { memoryStorage } from "../support/storage";

/**
 * The shared flow, with a small kind of the test's own standing in for "training-records": it
 * keeps "notes" (code, colour) in a temporary table, refuses a colour it does not know, and asks
 * for each fruit to be mapped.
 */
const noteKind: ImportKind<{ loud: boolean }, Array<{ code: string; colour: string }>> = {
  key: "training-records",
  files: [
    {
      role: "main",
      label: "Notes file",
      fields: [
        { key: "code", label: "Code", required: true, synonyms: ["Ref"] },
        { key: "colour", label: "Colour", required: false, synonyms: ["Colour name"] },
        { key: "fruit", label: "Fruit", required: false, synonyms: [] },
      ],
    },
  ],
  async optionFields() {
    return [{ name: "loud", type: "checkbox", label: "Loud" }];
  },
  options: z.object({ loud: z.literal("yes").optional() }).transform((o) => ({ loud: o.loud === "yes" })),
  async valueChoices() {
    return { fruit: [{ value: "apple", label: "Apple" }] };
  },
  async plan(db, rows, _options, context) {
    const existing = new Map(
      (await queryRows<{ code: string; colour: string }>(db, sql`select code, colour from import_test_notes`)).map(
        (r) => [r.code, r.colour],
      ),
    );
    const plan = {
      problems: [] as Array<{ line: number; column: string; reason: string }>,
      changes: [] as Array<{ action: "create" | "change"; line: number; label: string }>,
      counts: { created: 0, changed: 0, unchanged: 0, ended: 0, skipped: 0 },
      notes: [],
      valueGroups: [] as ImportKind["plan"] extends never
        ? never
        : Array<{
            field: string;
            key: string;
            spellings: Array<{ text: string; rows: number }>;
            choice: string | null;
            remembered: boolean;
          }>,
      work: [] as Array<{ code: string; colour: string }>,
    };
    const fruits = new Map<string, number>();
    for (const row of rows.main!) {
      const { code, colour, fruit } = row.values as { code: string; colour: string; fruit: string };
      if (fruit) fruits.set(fruit.toLowerCase(), (fruits.get(fruit.toLowerCase()) ?? 0) + 1);
      if (!["red", "blue"].includes(colour)) {
        plan.problems.push({ line: row.line, column: "Colour", reason: `"${colour}" is not a colour we know` });
        plan.counts.skipped++;
        continue;
      }
      const before = existing.get(code);
      if (before === colour) plan.counts.unchanged++;
      else {
        plan.changes.push({ action: before ? "change" : "create", line: row.line, label: code });
        plan.counts[before ? "changed" : "created"]++;
        plan.work.push({ code, colour });
      }
    }
    plan.valueGroups = [...fruits].map(([key, rowCount]) => ({
      field: "fruit",
      key,
      spellings: [{ text: key, rows: rowCount }],
      choice: context.valueMappings.fruit?.[key] ?? null,
      remembered: context.valueMappings.fruit?.[key] !== undefined,
    }));
    return plan;
  },
  async apply(tx, plan) {
    for (const { code, colour } of plan.work) {
      await tx.execute(
        sql`insert into import_test_notes (code, colour) values (${code}, ${colour})
            on conflict (code) do update set colour = excluded.colour`,
      );
    }
  },
};

const utf8 = (text: string) => new TextEncoder().encode(text);
const context = { today: "2026-12-07", settings: { localAuthorityCode: null } };

let t: TestDatabase;
let actor: string;
const replaced = IMPORT_KIND_REGISTRY["training-records"];

beforeAll(async () => {
  t = await createTestDatabase();
  IMPORT_KIND_REGISTRY["training-records"] = noteKind as never;
});
afterAll(async () => {
  IMPORT_KIND_REGISTRY["training-records"] = replaced;
  await t.close();
});
beforeEach(async () => {
  await t.reset();
  await t.db.execute(sql`create table if not exists import_test_notes (code text primary key, colour text not null)`);
  await t.db.execute(sql`truncate import_test_notes`);
  actor = (await account(t.db, { personId: null, roles: ["coordinator"] })).id;
});
afterEach(() => {});

async function upload(text: string | Uint8Array, storage = memoryStorage(), options: Record<string, string> = {}) {
  const bytes = typeof text === "string" ? utf8(text) : text;
  const runId = await uploadImport(t.db, storage, {
    kind: "training-records",
    files: [{ role: "main", name: "notes.csv", bytes }],
    options,
    actorAccountId: actor,
  });
  return { runId, storage };
}

describe("the import flow", () => {
  test("upload keeps the file by checksum; preview counts; apply in one go; the same file again changes nothing", async () => {
    const { runId, storage } = await upload("Ref,Colour\nA1,red\nA2,blue\n");
    expect(storage.keys()).toEqual([expect.stringMatching(/^imports\/[0-9a-f]{64}\.csv$/)]);
    const preview = await previewImport(t.db, storage, runId, context);
    expect(preview.counts).toEqual({ created: 2, changed: 0, unchanged: 0, ended: 0, skipped: 0 });
    expect(preview.files[0]).toMatchObject({ encoding: "UTF-8", ignored: [], rows: 2 });
    expect(preview.files[0]!.used.map((u) => u.header)).toEqual(["Ref", "Colour"]);
    const counts = await applyImport(t.db, storage, runId, { ...context, actorAccountId: actor, skipBadRows: false });
    expect(counts.created).toBe(2);
    expect(await queryRows(t.db, sql`select code, colour from import_test_notes order by code`)).toEqual([
      { code: "A1", colour: "red" },
      { code: "A2", colour: "blue" },
    ]);
    const run = await getImportRun(t.db, runId);
    expect(run).toMatchObject({ status: "applied", appliedBy: expect.any(String), counts: { created: 2 } });
    await expect(
      applyImport(t.db, storage, runId, { ...context, actorAccountId: actor, skipBadRows: false }),
    ).rejects.toThrow(/already been applied/);

    const again = await upload("Ref,Colour\nA1,red\nA2,blue\n", storage);
    const second = await previewImport(t.db, storage, again.runId, context);
    expect(second.counts).toMatchObject({ created: 0, changed: 0, unchanged: 2 });
    expect(second.sameFilesApplied?.runId).toBe(runId);
    const actions = await t.db.select({ action: auditEvents.action }).from(auditEvents);
    expect(actions.map((a) => a.action)).toEqual(["import.upload", "import.apply", "import.upload"]);
    const history = await listImportRuns(t.db, { offset: 0, limit: 10 });
    expect(history.total).toBe(2);
    expect(history.runs.map((r) => r.status)).toEqual(["previewed", "applied"]);
  });

  test("bad rows block the apply until the coordinator skips them; the skipped rows download with their reasons", async () => {
    const { runId, storage } = await upload(
      'Ref,Colour,Notes\nA1,red,ok\nA2,green,"line\nbreak"\nA3,blue,\nA4,red,x,extra\n',
    );
    const preview = await previewImport(t.db, storage, runId, context);
    expect(preview.problems).toEqual([
      { line: 3, column: "Colour", reason: '"green" is not a colour we know' },
      expect.objectContaining({ line: 6, column: "" }),
    ]);
    expect(preview.counts).toMatchObject({ created: 2, skipped: 2 });
    expect(preview.files[0]!.ignored).toEqual(["Notes"]);
    const refused = applyImport(t.db, storage, runId, { ...context, actorAccountId: actor, skipBadRows: false });
    await expect(refused).rejects.toThrow(/2 rows in the file have problems/);
    expect((await getImportRun(t.db, runId))?.status).toBe("previewed");
    expect(await queryRows(t.db, sql`select * from import_test_notes`)).toEqual([]);

    const skipped = await skippedRowsCsv(t.db, storage, runId, "main");
    expect(skipped?.rows).toBe(2);
    expect(skipped?.text).toBe(
      '\ufeffProblem,Line in the original file,Ref,Colour,Notes\n"Colour: ""green"" is not a colour we know",3,A2,green,"line\nbreak"\n' +
        '"This row has 4 values but the header has 3 columns: a value may hold an unquoted comma, or cells are missing",6,A4,red,x,extra\n',
    );

    await applyImport(t.db, storage, runId, { ...context, actorAccountId: actor, skipBadRows: true });
    expect(await queryRows(t.db, sql`select code from import_test_notes order by code`)).toEqual([
      { code: "A1" },
      { code: "A3" },
    ]);
  });

  test("a needed column with no known header is mapped once and remembered for the next file", async () => {
    const { runId, storage } = await upload("Reference number,Colour\nA1,red\n");
    const preview = await previewImport(t.db, storage, runId, context);
    expect(preview.planned).toBe(false);
    expect(preview.files[0]!.missing).toEqual([{ field: "code", label: "Code" }]);
    await expect(
      saveColumnMappings(t.db, runId, { role: "main", headers: { code: "Nope" }, actorAccountId: actor }),
    ).rejects.toThrow(DomainError);
    await saveColumnMappings(t.db, runId, {
      role: "main",
      headers: { code: "Reference number" },
      actorAccountId: actor,
    });
    const mapped = await previewImport(t.db, storage, runId, context);
    expect(mapped.planned).toBe(true);
    expect(mapped.counts.created).toBe(1);
    const next = await upload("Reference number,Colour\nB1,blue\n", storage);
    const nextPreview = await previewImport(t.db, storage, next.runId, context);
    expect(nextPreview.files[0]!.used[0]).toMatchObject({ header: "Reference number", remembered: true });
  });

  test("values to map block the apply until chosen, and are remembered", async () => {
    const { runId, storage } = await upload("Ref,Colour,Fruit\nA1,red,Apple\nA2,red,pear\n");
    const preview = await previewImport(t.db, storage, runId, context);
    expect(preview.valueGroups.map((g) => [g.key, g.choice])).toEqual([
      ["apple", null],
      ["pear", null],
    ]);
    await expect(
      applyImport(t.db, storage, runId, { ...context, actorAccountId: actor, skipBadRows: false }),
    ).rejects.toThrow(/Choose what 2 values/);
    await expect(
      saveValueMappings(t.db, runId, {
        choices: [{ field: "fruit", key: "apple", choice: "banana" }],
        actorAccountId: actor,
      }),
    ).rejects.toThrow(/Choose one of the options/);
    await saveValueMappings(t.db, runId, {
      choices: [
        { field: "fruit", key: "apple", choice: "apple" },
        { field: "fruit", key: "pear", choice: "ignore" },
      ],
      actorAccountId: actor,
    });
    const mapped = await previewImport(t.db, storage, runId, context);
    expect(mapped.valueGroups.map((g) => [g.key, g.choice, g.remembered])).toEqual([
      ["apple", "apple", true],
      ["pear", "ignore", true],
    ]);
    await applyImport(t.db, storage, runId, { ...context, actorAccountId: actor, skipBadRows: false });
  });

  test("records that change after the preview stop the apply, and the preview is made again", async () => {
    const { runId, storage } = await upload("Ref,Colour\nA1,red\nA2,blue\n");
    await previewImport(t.db, storage, runId, context);
    await t.db.execute(sql`insert into import_test_notes values ('A1', 'red')`);
    await expect(
      applyImport(t.db, storage, runId, { ...context, actorAccountId: actor, skipBadRows: false }),
    ).rejects.toThrow(/changed since this preview/);
    const run = await getImportRun(t.db, runId);
    expect(run?.status).toBe("previewed");
    expect(run?.preview?.counts).toMatchObject({ created: 1, unchanged: 1 });
    await applyImport(t.db, storage, runId, { ...context, actorAccountId: actor, skipBadRows: false });
  });

  test("a failing apply leaves nothing behind", async () => {
    const { runId, storage } = await upload("Ref,Colour\nA1,red\nA2,blue\n");
    await previewImport(t.db, storage, runId, context);
    await t.db.execute(sql`alter table import_test_notes add constraint no_a2 check (code <> 'A2')`);
    try {
      await expect(
        applyImport(t.db, storage, runId, { ...context, actorAccountId: actor, skipBadRows: false }),
      ).rejects.toThrow();
    } finally {
      await t.db.execute(sql`alter table import_test_notes drop constraint no_a2`);
    }
    expect(await queryRows(t.db, sql`select * from import_test_notes`)).toEqual([]);
    const [run] = await t.db.select().from(importRuns).where(eq(importRuns.id, runId));
    expect(run?.status).toBe("previewed");
    expect(run?.failure).toMatch(/nothing was changed/);
  });

  test("files that are not CSV are refused before they are kept", async () => {
    const storage = memoryStorage();
    await expect(upload(new Uint8Array([0x50, 0x4b, 3, 4, 0, 0]), storage)).rejects.toThrow(/must be a CSV file/);
    await expect(upload("", storage)).rejects.toThrow(/The selected notes file is empty/);
    expect(storage.keys()).toEqual([]);
  });
});
