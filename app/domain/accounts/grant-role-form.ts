import { z } from "zod";
import { ROLES } from "../../lib/values";
import { idSchema } from "../../lib/request";

/** The roles the coordinator grants (learner is everyone with a person record, never granted). */
export const GRANTABLE_ROLES = ROLES.filter((role) => role !== "learner");

const optionalId = z.union([z.literal(""), idSchema]).transform((v) => (v === "" ? null : v));

/** The grant-a-role form: the role, and its scope where it has one (a manager: their reports or an organisation). */
export const GrantRoleForm = z
  .object({
    role: z.enum(GRANTABLE_ROLES as [string, ...string[]], { message: "Select a role" }),
    managerScope: z.enum(["reports", "organisation", ""]).catch(""),
    organisationId: optionalId.catch(null),
  })
  .superRefine((v, ctx) => {
    if (v.role === "manager" && v.managerScope === "") {
      ctx.addIssue({ code: "custom", path: ["managerScope"], message: "Choose whose team this manager looks after" });
    }
    const needsOrganisation =
      v.role === "school_lead" ||
      v.role === "contract_manager" ||
      (v.role === "manager" && v.managerScope === "organisation");
    if (needsOrganisation && v.organisationId === null) {
      ctx.addIssue({ code: "custom", path: ["organisationId"], message: "Select the organisation" });
    }
  });
