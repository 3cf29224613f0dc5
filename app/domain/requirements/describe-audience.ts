import type { EmploymentType, KNOWN_PROFILE_TAGS, Sector } from "../../lib/values";
import { SECTOR_LABELS } from "../../lib/labels";

export const PROFILE_TAG_LABELS: Record<(typeof KNOWN_PROFILE_TAGS)[number], string> = {
  frontline: "Frontline",
  dsl: "Designated safeguarding lead",
  deputy_dsl: "Deputy designated safeguarding lead",
  governor: "Governor",
  manager: "Manager",
  school_staff: "School staff",
};

export const EMPLOYMENT_TYPE_LABELS: Record<EmploymentType, string> = {
  permanent: "Permanent",
  fixed_term: "Fixed term",
  agency: "Agency",
  contractor: "Contractor",
  volunteer: "Volunteer",
};

export function profileTagLabel(tag: string): string {
  return (PROFILE_TAG_LABELS as Record<string, string>)[tag] ?? tag.replace(/_/g, " ");
}

const orList = (items: string[]) =>
  items.length <= 1 ? (items[0] ?? "") : `${items.slice(0, -1).join(", ")} or ${items[items.length - 1]}`;

/**
 * A requirement's audience in words, one line per question answered, e.g.
 * ["Sector: Council", "Profile: Frontline", "Employment: Permanent, Fixed term or Agency"];
 * ["Everyone"] when it names no one in particular.
 */
export function describeAudience(audience: {
  audienceSectors: Sector[];
  audienceOrganisations: Array<{ name: string }>;
  audienceTags: string[];
  audienceEmploymentTypes: EmploymentType[];
}): string[] {
  const lines: string[] = [];
  if (audience.audienceSectors.length)
    lines.push(`Sector: ${orList(audience.audienceSectors.map((s) => SECTOR_LABELS[s]))}`);
  if (audience.audienceOrganisations.length) {
    lines.push(`In: ${orList(audience.audienceOrganisations.map((o) => o.name))} (and everything beneath)`);
  }
  if (audience.audienceTags.length) lines.push(`Profile: ${orList(audience.audienceTags.map(profileTagLabel))}`);
  if (audience.audienceEmploymentTypes.length) {
    lines.push(`Employment: ${orList(audience.audienceEmploymentTypes.map((t) => EMPLOYMENT_TYPE_LABELS[t]))}`);
  }
  return lines.length ? lines : ["Everyone"];
}

/** "Every 3 years", "Every 18 months" or "As long as the course counts for". */
export function renewalLabel(renewalMonths: number | null): string {
  if (renewalMonths === null) return "As long as the completed course counts for";
  if (renewalMonths % 12 === 0) return renewalMonths === 12 ? "Every year" : `Every ${renewalMonths / 12} years`;
  return renewalMonths === 1 ? "Every month" : `Every ${renewalMonths} months`;
}
