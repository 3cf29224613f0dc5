import path from "node:path";
import { z } from "zod";

const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce.number().int().positive().default(3000),
  // An empty value means "not set", as shells and .env files often leave it.
  DATABASE_URL: z.preprocess((v) => (v === "" ? undefined : v), z.string().url().optional()),
  DATA_DIR: z.string().min(1).default("./data"),
  SEED_DEMO: z
    .enum(["true", "false"])
    .default("true")
    .transform((value) => value === "true"),
  /** The public address of the service, printed on certificates (short URL and QR code). */
  PUBLIC_URL: z.string().url().default("http://localhost:3000"),
  COUNCIL_NAME: z.string().min(1).default("London Borough of Northbridge"),
});

export type Env = z.infer<typeof schema>;

let parsed: Env | undefined;

/** The environment, checked once; a bad value stops the server with a message naming it. */
export function env(): Env {
  if (!parsed) {
    const result = schema.safeParse(process.env);
    if (!result.success) {
      const problems = result.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
      throw new Error(`Invalid environment: ${problems.join("; ")}`);
    }
    parsed = { ...result.data, DATA_DIR: path.resolve(result.data.DATA_DIR) };
  }
  return parsed;
}
