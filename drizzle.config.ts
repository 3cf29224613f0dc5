import { defineConfig } from "drizzle-kit";

// Generation only needs the schema; migrations are applied by app/db/migrate.server.ts.
export default defineConfig({
  dialect: "postgresql",
  schema: "./app/db/schema/index.ts",
  out: "./drizzle",
  casing: undefined,
});
