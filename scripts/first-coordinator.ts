/**
 * `npm run first-coordinator -- --email jo.bloggs@council.gov.uk --given-name Jo --family-name Bloggs`
 *
 * A council's service starts on an empty database with no one to sign in as. This makes the first
 * coordinator and prints a link (one hour, one use) where they set their password; they set up
 * two-step sign-in when they first sign in. Refused once the service has a coordinator. Opens the
 * database the app uses (DATABASE_URL, or the embedded one in DATA_DIR: stop the app first).
 */
import path from "node:path";
import { parseArgs } from "node:util";
import { openDatabase } from "../app/db/open.server";
import { createFirstCoordinator } from "../app/domain/accounts/first-coordinator";
import { DomainError } from "../app/domain/errors";
import { emailProblem } from "../app/domain/people/person-rules";
import { env } from "../app/env.server";
import { todayInLondon } from "../app/lib/dates";

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      email: { type: "string" },
      "given-name": { type: "string" },
      "family-name": { type: "string" },
    },
  });
  const email = values.email?.trim() ?? "";
  const givenName = values["given-name"]?.trim() ?? "";
  const familyName = values["family-name"]?.trim() ?? "";
  if (!email || !givenName || !familyName) {
    console.error("Usage: npm run first-coordinator -- --email ADDRESS --given-name NAME --family-name NAME");
    return 2;
  }
  const problem = emailProblem(email);
  if (problem) {
    console.error(problem);
    return 2;
  }
  const { DATABASE_URL, DATA_DIR, PUBLIC_URL, COUNCIL_NAME } = env();
  const opened = await openDatabase({ url: DATABASE_URL, dataDir: path.join(DATA_DIR, "pglite"), maxConnections: 2 });
  try {
    const made = await createFirstCoordinator(opened.db, {
      givenName,
      familyName,
      email,
      councilName: COUNCIL_NAME,
      today: todayInLondon(),
    });
    console.log(`${givenName} ${familyName} is the service's first coordinator.`);
    console.log(`Send them this link to set their password (it works once, for one hour):`);
    console.log(new URL(made.passwordPath, PUBLIC_URL).toString());
    return 0;
  } catch (error) {
    if (error instanceof DomainError) {
      console.error(error.message);
      return 1;
    }
    throw error;
  } finally {
    await opened.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
