import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { RequirementFields } from "../../app/routes/shared/requirement-fields";

function duplicateIds(html: string): string[] {
  const ids = [...html.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1] ?? "");
  return [...new Set(ids.filter((id, i) => ids.indexOf(id) !== i))];
}

describe("the requirement form's organisation checkboxes", () => {
  // The council (root 1) lists six members, so its items take ids …-2 to …-7; a contractor whose
  // root id is 2 must not reuse "audienceOrganisationIds-2" for its own "All of" box.
  const member = (id: number) => ({
    id,
    name: `Service ${id}`,
    label: `Service ${id}`,
    kind: "service" as const,
    depth: 1,
  });
  const html = renderToStaticMarkup(
    <RequirementFields
      values={{}}
      errors={undefined}
      options={{
        courses: [],
        organisationGroups: [
          {
            root: { id: 1, name: "Council", kind: "council", sector: "council" },
            members: [3, 4, 5, 6, 7, 8].map(member),
          },
          {
            root: { id: 2, name: "Keystone Property Repairs Ltd", kind: "contractor", sector: "contractor" },
            members: [9, 10].map(member),
          },
        ],
      }}
    />,
  );

  it("gives every element its own id, so a label ticks its own box", () => {
    expect(duplicateIds(html)).toEqual([]);
  });

  it("ties each organisation's label to that organisation's box", () => {
    const labelFor = (text: string) => html.match(new RegExp(`for="([^"]+)"[^>]*>${text}<`))?.[1];
    const valueFor = (id: string) => html.match(new RegExp(`id="${id}"[^>]*value="(\\d+)"`))?.[1];
    expect(valueFor(labelFor("All of Keystone Property Repairs Ltd")!)).toBe("2");
    expect(valueFor(labelFor("All of Council")!)).toBe("1");
  });
});
