import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { provideDatabaseForTests } from "../../app/db/client.server";
import { listOrganisationChoices } from "../../app/domain/organisations/list-organisation-choices";
import { createRequirement } from "../../app/domain/requirements/create-requirement";
import { organisationLabel } from "../../app/lib/organisation-label";
import { loader as searchLoader } from "../../app/routes/organisations.search";
import { loader as peopleLoader } from "../../app/routes/people._index";
import { loader as teamLoader } from "../../app/routes/team._index/route";
import { loader as teamCsvLoader } from "../../app/routes/team[.]csv";
import { createTestDatabase, type TestDatabase } from "../support/database";
import * as make from "../support/factories";
import { call, signedInRequest } from "../support/requests";

// Issue 22 item 3: My team chooses its organisation from a small search, never the whole tree;
// item 5: people found by words in any order, e-mail or HR number, within the caller's scope.

let t: TestDatabase;
const ids = {} as {
  coordinator: string;
  manager: string;
  learner: string;
  housingNeeds: number;
  housing: number;
  finance: number;
  chloe: number;
};

beforeAll(async () => {
  t = await createTestDatabase();
  provideDatabaseForTests(t.db);
  const { db } = t;
  const council = await make.organisation(db, { kind: "council", name: "Northbridge Council" });
  const place = await make.organisation(db, { kind: "directorate", name: "Place", parentId: council.id });
  const housing = await make.organisation(db, { kind: "service", name: "Housing", parentId: place.id });
  const housingNeeds = await make.organisation(db, {
    kind: "team",
    name: "Housing Needs and Homelessness",
    parentId: housing.id,
  });
  const parks = await make.organisation(db, { kind: "service", name: "Parks", parentId: place.id });
  const resources = await make.organisation(db, { kind: "directorate", name: "Resources", parentId: council.id });
  const finance = await make.organisation(db, { kind: "service", name: "Finance", parentId: resources.id });
  // More teams than one search answers with.
  for (let n = 1; n <= 25; n++) {
    await make.organisation(db, { kind: "team", name: `Finance Team ${n}`, parentId: finance.id });
  }
  const course = await make.course(db, { title: "Prevent awareness" });
  await createRequirement(
    db,
    {
      name: "Prevent awareness",
      description: "",
      source: null,
      courseIds: [course.id],
      audienceSectors: ["council"],
      audienceOrganisationIds: [],
      audienceTags: [],
      audienceEmploymentTypes: [],
      dueWithinDays: 90,
      renewalMonths: 36,
      reminderDays: 60,
    },
    null,
  );
  const boss = await make.person(db, { organisationId: housing.id, givenName: "Marcus", familyName: "Whitfield" });
  const chloe = await make.person(db, {
    organisationId: housingNeeds.id,
    givenName: "Chloe",
    familyName: "Adebayo",
    externalRef: "HR-40721",
    lineManagerId: boss.id,
  });
  await make.person(db, {
    organisationId: parks.id,
    givenName: "Kate",
    familyName: "Smith",
    email: "k.smith@northbridge.example",
    lineManagerId: boss.id,
  });
  const coordinatorPerson = await make.person(db, {
    organisationId: finance.id,
    givenName: "Sam",
    familyName: "Kateley",
  });
  ids.housingNeeds = housingNeeds.id;
  ids.housing = housing.id;
  ids.finance = finance.id;
  ids.chloe = chloe.id;
  ids.coordinator = (await make.account(db, { personId: coordinatorPerson.id, roles: ["coordinator"] })).id;
  ids.manager = (await make.account(db, { personId: boss.id, roles: ["manager"] })).id;
  ids.learner = (await make.account(db, { personId: chloe.id })).id;
});
afterAll(() => t.close());

async function search(account: string, q: string) {
  const request = await signedInRequest(t.db, account, `/organisations/search?q=${encodeURIComponent(q)}`);
  const response = (await call(() => searchLoader({ request, params: {}, context: {} }))) as Response;
  return { status: response.status, body: response.status === 200 ? await response.json() : await response.text() };
}

const labels = (body: { organisations: Array<{ label: string }> }) => body.organisations.map((o) => o.label);

describe("/organisations/search", () => {
  it("finds the coordinator's organisations by any words of their names, each with the ones above it named", async () => {
    const { status, body } = await search(ids.coordinator, "homeless hous");
    expect(status).toBe(200);
    expect(body.organisations).toEqual([
      {
        id: ids.housingNeeds,
        name: "Housing Needs and Homelessness",
        parents: ["Housing", "Place"],
        label: "Housing Needs and Homelessness (Housing, Place)",
      },
    ]);
    // Names starting with the words first, then higher in the tree.
    expect(labels((await search(ids.coordinator, "hous")).body)).toEqual([
      "Housing (Place)",
      "Housing Needs and Homelessness (Housing, Place)",
    ]);
    expect(labels((await search(ids.coordinator, "place")).body)).toEqual(["Place (Northbridge Council)"]);
  });

  it("answers with 20 organisations at most", async () => {
    const { body } = await search(ids.coordinator, "finance team");
    expect(body.organisations).toHaveLength(20);
  });

  it("keeps a manager to the organisations holding their team and the ones above them", async () => {
    expect(labels((await search(ids.manager, "hous")).body)).toEqual([
      "Housing (Place)",
      "Housing Needs and Homelessness (Housing, Place)",
    ]);
    expect(labels((await search(ids.manager, "northbridge")).body)).toEqual(["Northbridge Council"]);
    expect(labels((await search(ids.manager, "finance")).body)).toEqual([]);
    expect(labels((await search(ids.manager, "resources")).body)).toEqual([]);
  });

  it("is refused to a learner, as the permission module says (team:view-compliance)", async () => {
    expect((await search(ids.learner, "hous")).status).toBe(403);
  });

  it("answers an empty search with nothing, and refuses words no picker sends", async () => {
    const request = await signedInRequest(t.db, ids.coordinator, "/organisations/search");
    const response = (await searchLoader({ request, params: {}, context: {} })) as Response;
    expect(await response.json()).toEqual({ organisations: [] });
    const long = await search(ids.coordinator, "h".repeat(101));
    expect(long.status).toBe(400);
    expect(long.body).toMatch(/at most 100 characters/);
    expect((await search(ids.coordinator, "hous\u0000")).status).toBe(400);
  });
});

type TeamPage = Awaited<ReturnType<typeof teamLoader>>;

async function team(account: string, path: string): Promise<TeamPage> {
  const request = await signedInRequest(t.db, account, path);
  return (await teamLoader({ request, params: {}, context: {} })) as TeamPage;
}

describe("My team's organisation filter and name search", () => {
  it("sends no list of organisations with the page, only the one chosen", async () => {
    const page = await team(ids.coordinator, "/team");
    expect(page).not.toHaveProperty("organisations");
    expect(page.organisation).toBeNull();
    expect(JSON.stringify(page)).not.toContain("Finance Team 17");
    expect(JSON.stringify(page).length).toBeLessThan(8_000);

    const chosen = await team(ids.coordinator, `/team?organisationId=${ids.housingNeeds}`);
    expect(chosen.organisation).toEqual({
      id: ids.housingNeeds,
      label: "Housing Needs and Homelessness (Housing, Place)",
    });
    expect(chosen.matrix.rows.map((r) => r.name)).toEqual(["Chloe Adebayo"]);
    expect(JSON.stringify(chosen)).not.toContain("Finance Team 17");
  });

  it("without JavaScript, takes the words typed: the one organisation they match, or the matches to choose from", async () => {
    const one = await team(ids.coordinator, "/team?organisation=needs&organisationId=");
    expect(one.organisation?.id).toBe(ids.housingNeeds);
    expect(one.organisationMatches).toBeNull();

    // The chosen organisation's own label keeps it; other words replace it.
    const kept = await team(
      ids.coordinator,
      `/team?organisation=${encodeURIComponent("Housing (Place)")}&organisationId=${ids.housing}`,
    );
    expect(kept.organisation?.id).toBe(ids.housing);
    expect(kept.matrix.rows.map((r) => r.name)).toEqual(["Chloe Adebayo", "Marcus Whitfield"]);

    const several = await team(ids.coordinator, `/team?organisation=hous&organisationId=${ids.finance}`);
    expect(several.organisation).toBeNull();
    expect(several.query.organisationId).toBeUndefined();
    expect(several.organisationMatches?.map((o) => o.label)).toEqual([
      "Housing (Place)",
      "Housing Needs and Homelessness (Housing, Place)",
    ]);
    expect(several.organisationMatchesMore).toBe(false);

    const many = await team(ids.coordinator, "/team?organisation=finance+team");
    expect(many.organisationMatches).toHaveLength(20);
    expect(many.organisationMatchesMore).toBe(true);

    const none = await team(ids.coordinator, "/team?organisation=zebra");
    expect(none.organisationMatches).toEqual([]);
    expect(none.organisationTyped).toBe("zebra");

    const cleared = await team(ids.coordinator, `/team?organisation=&organisationId=${ids.housingNeeds}`);
    expect(cleared.organisation).toBeNull();
    expect(cleared.matrix.total).toBe(4);
  });

  it("ignores an organisation outside the manager's reach", async () => {
    const page = await team(ids.manager, `/team?organisationId=${ids.finance}`);
    expect(page.organisation).toBeNull();
    expect(page.matrix.rows.map((r) => r.name)).toEqual(["Chloe Adebayo", "Kate Smith"]);
  });

  it("finds a person by name, words in any order, within the caller's scope", async () => {
    const byName = await team(ids.coordinator, "/team?name=smith+kate");
    expect(byName.matrix.rows.map((r) => r.name)).toEqual(["Kate Smith"]);
    expect(byName.query.name).toBe("smith kate");
    // "kate" is in Kate Smith's name and in Sam Kateley's.
    expect((await team(ids.coordinator, "/team?name=KATE")).matrix.rows.map((r) => r.name)).toEqual([
      "Sam Kateley",
      "Kate Smith",
    ]);
    expect((await team(ids.manager, "/team?name=kate")).matrix.rows.map((r) => r.name)).toEqual(["Kate Smith"]);
    expect((await team(ids.manager, "/team?name=nobody")).matrix.total).toBe(0);
  });

  it("downloads the people found, as the page's link asks", async () => {
    const request = await signedInRequest(t.db, ids.coordinator, "/team.csv?name=smith+kate");
    const text = await ((await teamCsvLoader({ request, params: {}, context: {} })) as Response).text();
    const names = text
      .split("\n")
      .slice(1)
      .filter(Boolean)
      .map((line) => line.split(",")[0]);
    expect(names).toEqual(["Kate Smith"]);
  });
});

describe("People search", () => {
  async function people(account: string, q: string) {
    const request = await signedInRequest(t.db, account, `/people?q=${encodeURIComponent(q)}`);
    const page = (await peopleLoader({ request, params: {}, context: {} })) as Awaited<ReturnType<typeof peopleLoader>>;
    return { names: page.rows.map((r) => r.name), total: page.total };
  }

  it("finds people by the words of their names in any order, e-mail address or HR number", async () => {
    expect(await people(ids.coordinator, "Kate Smith")).toEqual({ names: ["Kate Smith"], total: 1 });
    expect(await people(ids.coordinator, "smith  KATE")).toEqual({ names: ["Kate Smith"], total: 1 });
    expect(await people(ids.coordinator, "k.smith@northbridge")).toEqual({ names: ["Kate Smith"], total: 1 });
    expect(await people(ids.coordinator, "HR-40721")).toEqual({ names: ["Chloe Adebayo"], total: 1 });
    // Part of an HR number is not a match: it is looked up whole.
    expect(await people(ids.coordinator, "40721")).toEqual({ names: [], total: 0 });
    expect(await people(ids.coordinator, "kate zebra")).toEqual({ names: [], total: 0 });
    expect(await people(ids.coordinator, "100%")).toEqual({ names: [], total: 0 });
  });

  it("keeps to the caller's scope", async () => {
    expect(await people(ids.coordinator, "kate")).toEqual({ names: ["Sam Kateley", "Kate Smith"], total: 2 });
    expect(await people(ids.manager, "kate")).toEqual({ names: ["Kate Smith"], total: 1 });
    expect(await people(ids.manager, "HR-40721")).toEqual({ names: ["Chloe Adebayo"], total: 1 });
    expect(await people(ids.manager, "sam")).toEqual({ names: [], total: 0 });
  });

  it("counts all the matches while showing one page", async () => {
    const request = await signedInRequest(t.db, ids.coordinator, "/people?page=2");
    const page = (await peopleLoader({ request, params: {}, context: {} })) as Awaited<ReturnType<typeof peopleLoader>>;
    expect(page.total).toBe(4);
    // Page 2 is past the end of one page of 4: the last page is shown.
    expect([page.page, page.rows.length]).toEqual([1, 4]);
  });
});

describe("Organisation lists (issue 23 item 13)", () => {
  it("name each organisation with the ones above it instead of indenting it with dashes", async () => {
    const choices = (await listOrganisationChoices(t.db)).map(organisationLabel);
    expect(choices.slice(0, 4)).toEqual([
      "Northbridge Council",
      "Place (Northbridge Council)",
      "Housing (Place)",
      "Housing Needs and Homelessness (Housing, Place)",
    ]);
    expect(choices.join("\n")).not.toMatch(/–/);
  });
});
