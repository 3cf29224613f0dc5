import { data, redirect } from "@remix-run/node";
import { z } from "zod";
import { notFound, requirePermission } from "../../auth/guards.server";
import { requireUser } from "../../auth/session.server";
import { KNOWN_PROFILE_TAGS } from "../../db/schema";
import { listCourses } from "../../domain/catalogue/list-courses";
import { type Requirement, getRequirement } from "../../domain/requirements/get-requirement";
import { previewRequirement } from "../../domain/requirements/preview-requirement";
import { listAudienceOrganisations } from "../../domain/requirements/list-audience-organisations";
import {
  REQUIREMENT_FIELD_ORDER,
  RequirementForm,
  RequirementPreviewForm,
  renewalMonthsError,
} from "../../domain/requirements/requirement-form";
import type { RequirementInput } from "../../domain/requirements/requirement-input";
import { todayInLondon } from "../../lib/dates";
import { type FieldErrors, formValues } from "../../lib/forms";
import type { FormValues, RequirementFormOptions } from "./requirement-fields";
import { withFormErrors } from "./domain-errors.server";

/** Repeated fields of the requirement form. */
export const REQUIREMENT_ARRAY_FIELDS = [
  "courseIds",
  "audienceSectors",
  "audienceOrganisationIds",
  "audienceTags",
  "audienceEmploymentTypes",
] as const;

export type ParsedRequirementForm =
  | { ok: true; input: RequirementInput; values: FormValues }
  | { ok: false; errors: FieldErrors; values: FormValues };

/** Reads the requirement form for saving or for a preview; on failure, the first message per field. */
export function parseRequirementForm(form: FormData, purpose: "save" | "preview"): ParsedRequirementForm {
  const values = formValues(form, REQUIREMENT_ARRAY_FIELDS) as FormValues;
  const source = { renewalMonths: "", otherTags: "", description: "", source: "", name: "", ...values };
  const result = (purpose === "save" ? RequirementForm : RequirementPreviewForm).safeParse(source);
  const found: FieldErrors = {};
  if (!result.success)
    for (const issue of result.error.issues) found[String(issue.path[0] ?? "form")] ??= issue.message;
  const renewalError = renewalMonthsError(source);
  if (renewalError) found.renewalMonths = renewalError;
  if (!result.success || renewalError) {
    const errors: FieldErrors = {};
    for (const field of [...REQUIREMENT_FIELD_ORDER, ...Object.keys(found)])
      if (found[field]) errors[field] ??= found[field];
    return { ok: false, errors, values };
  }
  const d = result.data;
  const otherTags = d.otherTags
    .split(",")
    .map((t) => t.trim().toLowerCase().replace(/\s+/g, "_"))
    .filter(Boolean);
  return {
    ok: true,
    values,
    input: {
      name: d.name,
      description: d.description,
      source: d.source || null,
      courseIds: d.courseIds,
      audienceSectors: d.audienceSectors,
      audienceOrganisationIds: d.audienceOrganisationIds,
      audienceTags: [...d.audienceTags, ...otherTags],
      audienceEmploymentTypes: d.audienceEmploymentTypes,
      dueWithinDays: d.dueWithinDays,
      renewalMonths: d.renewal === "months" ? Number(d.renewalMonths) : null,
      reminderDays: d.reminderDays,
    },
  };
}

/** The form's values for a saved requirement (edit) or a new one. */
export function requirementFormValues(requirement?: Requirement): FormValues {
  if (!requirement) {
    return { dueWithinDays: "90", renewal: "months", renewalMonths: "36", reminderDays: "60" };
  }
  const known = new Set<string>(KNOWN_PROFILE_TAGS);
  return {
    name: requirement.name,
    description: requirement.description,
    source: requirement.source ?? "",
    courseIds: requirement.courses.map((c) => String(c.id)),
    audienceSectors: requirement.audienceSectors,
    audienceOrganisationIds: requirement.audienceOrganisationIds.map(String),
    audienceTags: requirement.audienceTags.filter((t) => known.has(t)),
    otherTags: requirement.audienceTags.filter((t) => !known.has(t)).join(", "),
    audienceEmploymentTypes: requirement.audienceEmploymentTypes,
    dueWithinDays: String(requirement.dueWithinDays),
    renewal: requirement.renewalMonths === null ? "course" : "months",
    renewalMonths: requirement.renewalMonths === null ? "" : String(requirement.renewalMonths),
    reminderDays: String(requirement.reminderDays),
  };
}

/** The choices the form offers: live courses (and retired ones already chosen) and organisations. */
export async function loadRequirementFormOptions(
  db: Parameters<typeof listCourses>[0],
  chosenCourseIds: readonly number[] = [],
): Promise<RequirementFormOptions> {
  const [courses, organisationGroups] = await Promise.all([
    listCourses(db, { includeRetired: true }),
    listAudienceOrganisations(db),
  ]);
  return {
    courses: courses
      .filter((c) => !c.retired || chosenCourseIds.includes(c.id))
      .map((c) => ({
        id: c.id,
        title: c.title,
        code: c.code,
        deliveryMode: c.deliveryMode,
        validityMonths: c.validityMonths,
        bookable: c.bookable,
        retired: c.retired,
      })),
    organisationGroups,
  };
}

/**
 * The add and edit pages' action: "Preview" counts who the requirement would apply to (saving
 * nothing); "Save" calls `save` and goes to the requirement's page. Errors come back with the
 * user's input and status 400.
 */
export async function requirementFormAction(
  db: Parameters<typeof previewRequirement>[0],
  form: FormData,
  save: (input: RequirementInput) => Promise<number>,
) {
  const intent = form.get("intent") === "preview" ? "preview" : "save";
  const parsed = parseRequirementForm(form, intent);
  if (!parsed.ok) return data({ errors: parsed.errors, values: parsed.values, preview: null }, { status: 400 });
  if (intent === "preview") {
    const preview = await previewRequirement(db, parsed.input, todayInLondon());
    return data({ errors: undefined, values: parsed.values, preview });
  }
  return withFormErrors(
    async () => {
      const id = await save(parsed.input);
      throw redirect(`/admin/requirements/${id}?saved=1`);
    },
    { values: parsed.values, preview: null },
    { field: (error) => error.field ?? "name" },
  );
}

const Params = z.object({ requirementId: z.coerce.number().int().positive().max(2_147_483_647) });

/** The coordinator and the requirement named in the URL: 404 when there is none (or, with `live`, it is retired). */
export async function requireRequirement(request: Request, params: unknown, options: { live?: boolean } = {}) {
  const { db, user } = await requireUser(request);
  requirePermission(user, "requirements:manage");
  const parsed = Params.safeParse(params);
  if (!parsed.success) notFound("requirement");
  const requirement = await getRequirement(db, parsed.data.requirementId);
  if (!requirement || (options.live && requirement.retiredAt)) notFound("requirement");
  return { db, user, requirement };
}
