/**
 * The HR roster (a contractor's staff list uses the same format, with the contractor as the
 * organisation): people by employee number, created, changed or, for a full roster, marked as
 * leavers when no longer in the file.
 */
import { z } from "zod";
import type { Database } from "../../../db/database";
import { listContractors } from "../../organisations/roster-organisations";
import type { ImportKind } from "../kind";
import { applyRoster } from "./apply-roster";
import { type RosterOptions, type RosterWork, planRoster } from "./plan-roster";
import { ROSTER_FILES } from "./roster-fields";

const ticked = z
  .union([z.boolean(), z.string()])
  .optional()
  .transform((v) => v === true || (typeof v === "string" && ["on", "true", "yes", "1"].includes(v.toLowerCase())));

const organisationChoice = z
  .union([z.number(), z.string()])
  .nullish()
  .transform((v, ctx) => {
    if (v === undefined || v === null || v === "") return null;
    const id = typeof v === "number" ? v : /^\d{1,10}$/.test(v) ? Number(v) : Number.NaN;
    if (!Number.isInteger(id) || id < 1 || id > 2_147_483_647) {
      ctx.addIssue({ code: "custom", message: "Choose the council or a contractor from the list" });
      return z.NEVER;
    }
    return id;
  });

export const rosterOptions: z.ZodType<RosterOptions> = z.object({
  organisationId: organisationChoice,
  markLeavers: ticked,
}) as unknown as z.ZodType<RosterOptions>;

export const rosterImport: ImportKind<RosterOptions, RosterWork> = {
  key: "roster",
  files: ROSTER_FILES,
  async optionFields(db: Database) {
    const contractors = await listContractors(db);
    return [
      {
        name: "organisationId",
        type: "select",
        label: "Whose staff are in this file?",
        hint: "A contractor's staff list uses the same columns as the council's HR roster.",
        choices: [
          { value: "", label: "The council's own staff (HR roster)" },
          ...contractors.map((c) => ({ value: String(c.id), label: c.name })),
        ],
      },
      {
        name: "markLeavers",
        type: "checkbox",
        label: "This is a full list: mark as leavers the people with an employee number who are not in it",
        hint: "They leave today; their training records are kept.",
      },
    ];
  },
  options: rosterOptions,
  plan(db, rows, options, context) {
    return planRoster(db, rows.roster ?? [], options, context);
  },
  apply(tx, plan, _options, context) {
    return applyRoster(tx, plan, context);
  },
};
