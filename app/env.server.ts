import path from "node:path";
import { z } from "zod";

// An empty value means "not set", as shells and .env files often leave it.
const unsetIfEmpty = (v: unknown) => (v === "" ? undefined : v);

const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce.number().int().positive().default(3000),
  DATABASE_URL: z.preprocess(unsetIfEmpty, z.string().url().optional()),
  DATA_DIR: z.string().min(1).default("./data"),
  SEED_DEMO: z.preprocess(unsetIfEmpty, z.enum(["true", "false"]).optional()),
  /** The public address of the service, printed on certificates (short URL and QR code). */
  PUBLIC_URL: z.preprocess(unsetIfEmpty, z.string().url().optional()),
  COUNCIL_NAME: z.string().min(1).default("London Borough of Northbridge"),
  /** Managers may change the details of people in their own team (true or false; false by default). */
  MANAGERS_MAY_EDIT_TEAM: z.preprocess(unsetIfEmpty, z.enum(["true", "false"]).optional()),
  /** The DfE's number for the council as a local authority (Barnet is 302): the schools import takes only its schools. */
  LOCAL_AUTHORITY_CODE: z.preprocess(
    unsetIfEmpty,
    z
      .string()
      .regex(/^\d{3}$/, "three digits, the DfE's local authority number (Barnet is 302)")
      .optional(),
  ),
});

export interface Env {
  NODE_ENV: "development" | "production" | "test";
  PORT: number;
  DATABASE_URL: string | undefined;
  DATA_DIR: string;
  /** Seed the demo council into an empty database: SEED_DEMO, by default only outside production. */
  SEED_DEMO: boolean;
  /** SEED_DEMO=true was set: the demo is wanted even in production (the browser tests run it so). */
  SEED_DEMO_REQUESTED: boolean;
  PUBLIC_URL: string;
  COUNCIL_NAME: string;
  /** Managers may change the details of people in their own team, where the council allows it. */
  MANAGERS_MAY_EDIT_TEAM: boolean;
  /** The DfE's local authority number of the council, for the schools import; none until set. */
  LOCAL_AUTHORITY_CODE: string | undefined;
}

/**
 * Checks an environment (process.env, or a test's own object). Throws one error naming every
 * bad or missing variable, so the server stops at start-up with a message that says what to set.
 */
export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = schema.safeParse(source);
  const problems = result.success ? [] : result.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
  if (result.success && !result.data.PUBLIC_URL && result.data.NODE_ENV === "production") {
    problems.push(
      "PUBLIC_URL: required in production; set it to the address people use to reach the service, e.g. https://prevent-training.example.gov.uk (to try the service on this computer with a demo council, run `npm run demo`)",
    );
  }
  if (!result.success || problems.length > 0) {
    throw new Error(`Invalid environment: ${problems.join("; ")}`);
  }
  const data = result.data;
  return {
    ...data,
    DATABASE_URL: data.DATABASE_URL,
    DATA_DIR: path.resolve(data.DATA_DIR),
    SEED_DEMO: data.SEED_DEMO ? data.SEED_DEMO === "true" : data.NODE_ENV !== "production",
    SEED_DEMO_REQUESTED: data.SEED_DEMO === "true",
    MANAGERS_MAY_EDIT_TEAM: data.MANAGERS_MAY_EDIT_TEAM === "true",
    LOCAL_AUTHORITY_CODE: data.LOCAL_AUTHORITY_CODE,
    // Outside production, the port this server listens on, so links and QR codes reach it.
    PUBLIC_URL: data.PUBLIC_URL ?? `http://localhost:${data.PORT}`,
  };
}

let parsed: Env | undefined;

/** The environment, checked once; a bad value stops the server with a message naming it. */
export function env(): Env {
  parsed ??= parseEnv(process.env);
  return parsed;
}
