/** An organisation named with the ones above it: "Housing Needs and Homelessness (Housing, Place)". */
export function organisationLabel(organisation: { name: string; parents: readonly string[] }): string {
  return organisation.parents.length > 0
    ? `${organisation.name} (${organisation.parents.join(", ")})`
    : organisation.name;
}
