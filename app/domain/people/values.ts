/**
 * What the people pages show about a person's details: labels for the stored value lists. No
 * database import, so the pages can load it in the browser.
 */
import type { EmploymentType } from "../../lib/values";

export const EMPLOYMENT_TYPE_LABELS: Record<EmploymentType, string> = {
  permanent: "Permanent",
  fixed_term: "Fixed term",
  agency: "Agency",
  contractor: "Contractor",
  volunteer: "Volunteer",
};

/** The profile tags requirements' audiences use, in words; a council's own tags show as they are stored. */
export const PROFILE_TAG_LABELS: Record<string, string> = {
  frontline: "Frontline",
  dsl: "Designated safeguarding lead",
  deputy_dsl: "Deputy designated safeguarding lead",
  governor: "Governor",
  manager: "Manager",
  school_staff: "School staff",
};
