import type { ImportFile } from "../kind";

/**
 * The DfE register's two files (Get Information about Schools): the all-establishment extract
 * (139 columns, Windows-1252) and its links file. The fields are found by the register's own
 * headers; the other spellings are what a coordinator's own extract or spreadsheet may use.
 */
export const ESTABLISHMENTS_FILE: ImportFile = {
  role: "establishments",
  label: "Establishments (the all-establishment extract)",
  fields: [
    { key: "urn", label: "URN", required: true, synonyms: ["Unique Reference Number"] },
    { key: "laCode", label: "LA (code)", required: true, synonyms: ["LA code", "Local authority code", "LA number"] },
    { key: "name", label: "EstablishmentName", required: true, synonyms: ["Establishment name", "School name"] },
    {
      key: "status",
      label: "EstablishmentStatus (name)",
      required: true,
      synonyms: ["Establishment status", "Status"],
    },
    { key: "phase", label: "PhaseOfEducation (name)", required: false, synonyms: ["Phase of education", "Phase"] },
    {
      key: "type",
      label: "TypeOfEstablishment (name)",
      required: false,
      synonyms: ["Type of establishment", "Establishment type"],
    },
    { key: "pupils", label: "NumberOfPupils", required: false, synonyms: ["Number of pupils", "Pupils on roll"] },
    { key: "openDate", label: "OpenDate", required: false, synonyms: ["Open date", "Opened on"] },
    { key: "closeDate", label: "CloseDate", required: false, synonyms: ["Close date", "Closed on"] },
  ],
};

export const LINKS_FILE: ImportFile = {
  role: "links",
  label: "Links (predecessors and successors)",
  optional: true,
  fields: [
    { key: "urn", label: "URN", required: true, synonyms: [] },
    { key: "linkUrn", label: "LinkURN", required: true, synonyms: ["Link URN", "Linked URN"] },
    { key: "linkName", label: "LinkName", required: false, synonyms: ["Link name"] },
    { key: "linkType", label: "LinkType", required: true, synonyms: ["Link type"] },
    { key: "linkDate", label: "LinkEstablishedDate", required: false, synonyms: ["Link established date"] },
  ],
};

/** The register's statuses (EstablishmentStatus (name)), kept in its own words. */
export const REGISTER_STATUSES = ["Open", "Closed", "Open, but proposed to close", "Proposed to open"] as const;
