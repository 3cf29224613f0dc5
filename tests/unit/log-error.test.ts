import { PGlite } from "@electric-sql/pglite";
import { sql } from "drizzle-orm";
import { DrizzleQueryError } from "drizzle-orm/errors";
import { drizzle } from "drizzle-orm/pglite";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { handleError } from "../../app/entry.server";
import { describeError } from "../../app/lib/log-error";

const SECRET = "alice.secret@example.com";
let client: PGlite;
let db: ReturnType<typeof drizzle>;

beforeAll(async () => {
  client = await PGlite.create();
  db = drizzle(client);
  await db.execute(sql`create table people (email text unique, age int)`);
  await db.execute(sql`insert into people values (${SECRET}, 40)`);
});
afterAll(() => client.close());

async function failure(query: Promise<unknown>): Promise<unknown> {
  try {
    await query;
  } catch (error) {
    return error;
  }
  throw new Error("the query was meant to fail");
}

describe("logging a failed query", () => {
  it("keeps the query text and code but no parameter, from drizzle over PGlite", async () => {
    // PostgreSQL's own message and detail quote the values here, and drizzle's message lists them.
    for (const query of [
      db.execute(sql`insert into people values (${SECRET}, 41)`),
      db.execute(sql`select * from people where age = ${SECRET}::int`),
    ]) {
      const error = await failure(query);
      expect(String((error as Error).message) + JSON.stringify(error)).toContain(SECRET);
      const logged = describeError(error);
      expect(logged).not.toContain(SECRET);
      expect(logged).toContain("query: ");
      expect(logged).toMatch(/code=(23505|22P02)/);
    }
  });

  it("names the table and constraint of a unique violation", async () => {
    const logged = describeError(await failure(db.execute(sql`insert into people values (${SECRET}, 41)`)));
    expect(logged).toContain(
      "DrizzleQueryError (message and parameters withheld) query: insert into people values ($1, 41)",
    );
    expect(logged).toContain("constraint=people_email_key");
  });

  it("withholds postgres.js's message, detail and parameters too", () => {
    const cause = new postgres.PostgresError({
      message: `invalid input syntax for type integer: "${SECRET}"`,
      code: "22P02",
      severity: "ERROR",
      detail: `Key (email)=(${SECRET}) already exists.`,
      table_name: "people",
      routine: "pg_strtoint32_safe",
    } as unknown as string);
    Object.defineProperty(cause, "parameters", { value: [SECRET] });
    const error = new DrizzleQueryError("select * from people where age = $1", [SECRET], cause);
    const logged = describeError(error);
    expect(logged).not.toContain(SECRET);
    expect(logged).toContain("select * from people where age = $1");
    expect(logged).toContain("code=22P02");
    expect(logged).toContain("table_name=people");
    expect(logged).toMatch(/^\s+at /m);
  });

  it("logs other errors with their message and stack", () => {
    const logged = describeError(new TypeError("Cannot read properties of undefined", { cause: new Error("inner") }));
    expect(logged).toContain("TypeError: Cannot read properties of undefined");
    expect(logged).toContain("Caused by: Error: inner");
  });

  it("is what the server's handleError prints", async () => {
    const error = await failure(db.execute(sql`select * from people where age = ${SECRET}::int`));
    const printed: string[] = [];
    vi.mocked(console.error).mockImplementationOnce((...args: unknown[]) => {
      printed.push(args.map(String).join(" "));
    });
    handleError(error, {
      request: new Request("http://localhost/people?q=alice"),
      params: {},
      context: { route: "/people", requestId: "r-1" },
    });
    expect(printed).toHaveLength(1);
    expect(printed[0]).not.toContain(SECRET);
    expect(printed[0]).not.toContain("alice");
    expect(printed[0]).toContain("GET /people failed");
    expect(printed[0]).toContain("code=22P02");
  });
});
