import {
  findTeamOrganisation,
  type OrganisationReach,
  searchTeamOrganisations,
  TEAM_ORGANISATION_MATCHES,
  type TeamOrganisation,
} from "../../domain/compliance/team-organisations";
import { organisationLabel } from "../../lib/organisation-label";

type Database = Parameters<typeof findTeamOrganisation>[0];

export interface PickedOrganisation {
  chosen: TeamOrganisation | null;
  /** The organisations the words typed match when they chose none (absent when nothing was typed). */
  matches?: TeamOrganisation[];
  /** The search stopped at its limit: there may be more matches. */
  more?: boolean;
}

/** What a page's picker offers beyond its reach. */
export interface PickerOptions {
  /** Suggest, and match words to, only organisations still open (not a school that closed). */
  openOnly?: boolean;
}

/**
 * The organisations in reach whose names hold the words typed (searchTeamOrganisations, at most
 * TEAM_ORGANISATION_MATCHES), open ones only when the page offers only those; `more` when the
 * search stopped at its limit.
 */
export async function searchOrganisations(
  db: Database,
  reach: OrganisationReach,
  words: string,
  options: PickerOptions = {},
): Promise<{ matches: TeamOrganisation[]; more: boolean }> {
  const matches = await searchTeamOrganisations(db, reach, words, options);
  return { matches, more: matches.length === TEAM_ORGANISATION_MATCHES };
}

/**
 * The organisation from the organisation picker (app/components/organisation-picker): the words
 * typed win over the id they came with (without JavaScript a person changes only the words). No
 * words sent: the id (links, pages). Empty words: none. The chosen one's own label: that one.
 * Other words: the one organisation they match in reach, or the matches to choose from.
 */
export async function pickOrganisation(
  db: Database,
  reach: OrganisationReach,
  organisationId: number | undefined,
  typed: string | undefined,
  options: PickerOptions = {},
): Promise<PickedOrganisation> {
  const words = typed?.trim();
  if (words === "") return { chosen: null };
  const chosen = organisationId === undefined ? null : await findTeamOrganisation(db, reach, organisationId);
  if (words === undefined || (chosen && organisationLabel(chosen) === words)) return { chosen };
  const { matches, more } = await searchOrganisations(db, reach, words, options);
  return matches.length === 1 ? { chosen: matches[0]! } : { chosen: null, matches, more };
}

/** An organisation as the picker shows it. */
export function pickerChoice(organisation: TeamOrganisation): { id: number; label: string } {
  return { id: organisation.id, label: organisationLabel(organisation) };
}

const formId = (value: FormDataEntryValue | null) => {
  const id = Number(value);
  return Number.isSafeInteger(id) && id > 0 ? id : undefined;
};

/**
 * A form's picker field (`organisation`, with the hidden `organisationId`): the id to submit, or
 * why none. Without JavaScript, words matching several organisations come back as choices
 * (`organisationChoice`, radios), and the one chosen among them wins next time.
 */
export async function organisationFromForm(
  db: Database,
  reach: OrganisationReach,
  form: FormData,
  options: PickerOptions = {},
): Promise<{
  organisationId: string;
  error?: string;
  /** What the picker shows again: the one chosen, or the words typed and the matches to choose from. */
  picker: {
    chosen: { id: number; label: string } | null;
    typed: string;
    matches: Array<{ id: number; label: string }>;
  };
}> {
  const typed = form.get("organisation");
  const sentId = form.get("organisationId");
  if (typeof typed !== "string" && typeof sentId === "string") {
    // An id with no words (a form not from the picker): as sent, for the verb to check against the user's reach.
    const id = formId(sentId);
    const chosen = id === undefined ? null : await findTeamOrganisation(db, reach, id);
    return { organisationId: sentId, picker: { chosen: chosen && pickerChoice(chosen), typed: "", matches: [] } };
  }
  const words = typeof typed === "string" ? typed.trim().slice(0, 200) : "";
  const choice = formId(form.get("organisationChoice"));
  const picked =
    choice !== undefined
      ? { chosen: await findTeamOrganisation(db, reach, choice) }
      : await pickOrganisation(
          db,
          reach,
          formId(form.get("organisationId")),
          typeof typed === "string" ? words : undefined,
          options,
        );
  if (picked.chosen) {
    return {
      organisationId: String(picked.chosen.id),
      picker: { chosen: pickerChoice(picked.chosen), typed: "", matches: [] },
    };
  }
  const matches = picked.matches ?? [];
  const picker = { chosen: null, typed: words, matches: matches.map(pickerChoice) };
  if (words === "" || choice !== undefined) return { organisationId: "", picker };
  if (matches.length === 0) {
    return { organisationId: "", error: `No organisation you can choose matches “${words}”`, picker };
  }
  const more = "more" in picked && picked.more ? "type more of the name, or " : "";
  return {
    organisationId: "",
    error: `More than one organisation matches “${words}”: ${more}choose one`,
    picker,
  };
}
