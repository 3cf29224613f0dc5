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
  /** The key that encrypts two-step sign-in secrets (decision 013): 32 characters or more; required in production. */
  SECRET_KEY: z.preprocess(unsetIfEmpty, z.string().min(32, "at least 32 characters").optional()),
  /** Council single sign-on (OpenID Connect): all five or none. */
  SSO_ISSUER: z.preprocess(unsetIfEmpty, z.string().url().optional()),
  SSO_CLIENT_ID: z.preprocess(unsetIfEmpty, z.string().optional()),
  SSO_CLIENT_SECRET: z.preprocess(unsetIfEmpty, z.string().optional()),
  /** The e-mail domains single sign-on covers, comma-separated (northbridge.gov.uk,schools.northbridge.gov.uk). */
  SSO_EMAIL_DOMAINS: z.preprocess(unsetIfEmpty, z.string().optional()),
  /** What the sign-in page calls the council's account, e.g. "Northbridge Council account". */
  SSO_NAME: z.preprocess(unsetIfEmpty, z.string().optional()),
  /** GOV.UK Notify's API key (decision 015): e-mail is sent when it is set; without it messages wait in the outbox. */
  NOTIFY_API_KEY: z.preprocess(
    unsetIfEmpty,
    z
      .string()
      .regex(
        /-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
        "a GOV.UK Notify API key: its name, the service id and the secret, as Notify shows it once",
      )
      .optional(),
  ),
  /** The training team's e-mail address: the organiser of calendar invitations. */
  TRAINING_TEAM_EMAIL: z.preprocess(unsetIfEmpty, z.string().email("an e-mail address").optional()),
  /** Notify's API address, for its other environments; GOV.UK Notify's own by default. */
  NOTIFY_BASE_URL: z.preprocess(unsetIfEmpty, z.string().url().optional()),
});

const SSO_VARIABLES = ["SSO_ISSUER", "SSO_CLIENT_ID", "SSO_CLIENT_SECRET", "SSO_EMAIL_DOMAINS", "SSO_NAME"] as const;
const EMAIL_DOMAIN = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

/** Council single sign-on, when configured: where the provider is, who the service is to it, whom it covers. */
export interface SingleSignOnSettings {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Lower-case e-mail domains whose people sign in through the provider. */
  emailDomains: string[];
  /** The button's and the pages' name for the council's account. */
  name: string;
}

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
  /** The key for two-step sign-in secrets; outside production (and the demo run) it may be unset. */
  SECRET_KEY: string | undefined;
  /** Council single sign-on (SSO_*), or undefined when it is not set up. */
  SSO: SingleSignOnSettings | undefined;
  /** The training team's address, organiser of calendar invitations; never at localhost (see trainingTeamEmail). */
  TRAINING_TEAM_EMAIL: string;
  /** GOV.UK Notify, when NOTIFY_API_KEY is set: the key, and the template ids (NOTIFY_TEMPLATE_<KIND> → id). */
  NOTIFY: NotifySettings | undefined;
  /** Every NOTIFY_TEMPLATE_* variable that is set, by name (checked against the kinds of message at start-up). */
  NOTIFY_TEMPLATE_IDS: Record<string, string>;
}

export interface NotifySettings {
  apiKey: string;
  baseUrl: string | undefined;
}

const TEMPLATE_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** NOTIFY_TEMPLATE_<KIND> variables: each a Notify template id (a UUID). */
function notifyTemplateIds(source: Record<string, string | undefined>, problems: string[]): Record<string, string> {
  const ids: Record<string, string> = {};
  for (const [name, value] of Object.entries(source)) {
    if (!/^NOTIFY_TEMPLATE_[A-Z0-9_]+$/.test(name) || value === undefined || value.trim() === "") continue;
    if (!TEMPLATE_ID.test(value.trim())) {
      problems.push(
        `${name}: a GOV.UK Notify template id, like 8f2b6c1e-3d4a-4b5c-9e7f-0a1b2c3d4e5f (the template's page shows it)`,
      );
      continue;
    }
    ids[name] = value.trim();
  }
  return ids;
}

/** The SSO_* variables: all set (with domains that are domains) or none; problems named for the start-up message. */
function singleSignOn(data: z.infer<typeof schema>, problems: string[]): SingleSignOnSettings | undefined {
  const missing = SSO_VARIABLES.filter((name) => !data[name]);
  if (missing.length === SSO_VARIABLES.length) return undefined;
  if (missing.length > 0) {
    problems.push(
      `${missing.join(", ")}: single sign-on needs all of ${SSO_VARIABLES.join(", ")} (or none of them, to sign in with passwords only)`,
    );
    return undefined;
  }
  const emailDomains = data
    .SSO_EMAIL_DOMAINS!.split(",")
    .map((d) => d.trim().toLowerCase().replace(/^@/, ""))
    .filter((d) => d !== "");
  const bad = emailDomains.filter((d) => !EMAIL_DOMAIN.test(d));
  if (emailDomains.length === 0 || bad.length > 0) {
    problems.push(
      `SSO_EMAIL_DOMAINS: a comma-separated list of e-mail domains, like northbridge.gov.uk${bad.length > 0 ? ` (not a domain: ${bad.join(", ")})` : ""}`,
    );
    return undefined;
  }
  return {
    issuer: data.SSO_ISSUER!,
    clientId: data.SSO_CLIENT_ID!,
    clientSecret: data.SSO_CLIENT_SECRET!,
    emailDomains,
    name: data.SSO_NAME!,
  };
}

/**
 * TRAINING_TEAM_EMAIL, or prevent.training@ the council's own mail domain: the first of
 * SSO_EMAIL_DOMAINS (where staff mail lives), else PUBLIC_URL's host when it is a domain name.
 * On this computer (localhost, an IP address) it is the demo's example.com: a calendar
 * refuses an organiser at localhost, and a reply to one goes nowhere.
 */
function trainingTeamEmail(data: z.infer<typeof schema>, sso: SingleSignOnSettings | undefined): string {
  if (data.TRAINING_TEAM_EMAIL) return data.TRAINING_TEAM_EMAIL;
  const host = data.PUBLIC_URL ? new URL(data.PUBLIC_URL).hostname.toLowerCase() : "";
  const domain = sso?.emailDomains[0] ?? (EMAIL_DOMAIN.test(host) && host !== "localhost" ? host : "example.com");
  return `prevent.training@${domain}`;
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
  if (
    result.success &&
    !result.data.SECRET_KEY &&
    result.data.NODE_ENV === "production" &&
    result.data.SEED_DEMO !== "true"
  ) {
    problems.push(
      "SECRET_KEY: required in production, to encrypt two-step sign-in secrets; set it to a random value of at least 32 characters (for example the output of `openssl rand -base64 32`) and keep it as safe as the database password",
    );
  }
  const sso = result.success ? singleSignOn(result.data, problems) : undefined;
  const templateIds = notifyTemplateIds(source, problems);
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
    SECRET_KEY: data.SECRET_KEY,
    SSO: sso,
    TRAINING_TEAM_EMAIL: trainingTeamEmail(data, sso),
    NOTIFY: data.NOTIFY_API_KEY ? { apiKey: data.NOTIFY_API_KEY, baseUrl: data.NOTIFY_BASE_URL } : undefined,
    NOTIFY_TEMPLATE_IDS: templateIds,
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
