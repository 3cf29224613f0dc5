import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseEnv } from "../../app/env.server";

describe("parseEnv", () => {
  it("outside production seeds the demo and points PUBLIC_URL at the port served", () => {
    const local = parseEnv({});
    expect(local).toMatchObject({
      NODE_ENV: "development",
      PORT: 3000,
      SEED_DEMO: true,
      SEED_DEMO_REQUESTED: false,
      PUBLIC_URL: "http://localhost:3000",
    });
    expect(local.DATA_DIR).toBe(path.resolve("./data"));
    expect(parseEnv({ PORT: "4101" }).PUBLIC_URL).toBe("http://localhost:4101");
    expect(parseEnv({ NODE_ENV: "test", PORT: "4101", PUBLIC_URL: "" }).PUBLIC_URL).toBe("http://localhost:4101");
  });

  it("leaves an empty database empty when SEED_DEMO=false", () => {
    expect(parseEnv({ SEED_DEMO: "false" })).toMatchObject({ SEED_DEMO: false, SEED_DEMO_REQUESTED: false });
  });

  it("in production seeds nothing unless SEED_DEMO=true is set", () => {
    const production = {
      NODE_ENV: "production",
      PUBLIC_URL: "https://prevent-training.example.gov.uk",
      SECRET_KEY: "k".repeat(32),
    };
    expect(parseEnv(production)).toMatchObject({ SEED_DEMO: false, SEED_DEMO_REQUESTED: false });
    expect(parseEnv({ ...production, SEED_DEMO: "" })).toMatchObject({ SEED_DEMO: false, SEED_DEMO_REQUESTED: false });
    expect(parseEnv({ ...production, SEED_DEMO: "false" })).toMatchObject({
      SEED_DEMO: false,
      SEED_DEMO_REQUESTED: false,
    });
    expect(parseEnv({ ...production, SEED_DEMO: "true" })).toMatchObject({
      SEED_DEMO: true,
      SEED_DEMO_REQUESTED: true,
    });
    expect(parseEnv(production).PUBLIC_URL).toBe("https://prevent-training.example.gov.uk");
  });

  it("requires PUBLIC_URL in production, with a message naming it", () => {
    expect(() => parseEnv({ NODE_ENV: "production", PORT: "8080" })).toThrow(
      /Invalid environment: PUBLIC_URL: required in production/,
    );
    expect(() => parseEnv({ NODE_ENV: "production", PUBLIC_URL: "" })).toThrow(/PUBLIC_URL: required in production/);
  });

  it("requires SECRET_KEY of 32 characters or more in production, but not for the demo run", () => {
    const production = { NODE_ENV: "production", PUBLIC_URL: "https://prevent-training.example.gov.uk" };
    expect(() => parseEnv(production)).toThrow(/SECRET_KEY: required in production/);
    expect(() => parseEnv({ ...production, SECRET_KEY: "short" })).toThrow(/SECRET_KEY: at least 32 characters/);
    expect(parseEnv({ ...production, SECRET_KEY: "k".repeat(32) }).SECRET_KEY).toBe("k".repeat(32));
    expect(parseEnv({ ...production, SEED_DEMO: "true" }).SECRET_KEY).toBeUndefined();
    expect(parseEnv({}).SECRET_KEY).toBeUndefined();
  });

  it("names every bad value", () => {
    expect(() => parseEnv({ PORT: "port", SEED_DEMO: "yes", PUBLIC_URL: "not a url" })).toThrow(
      /PORT: .*SEED_DEMO: .*PUBLIC_URL: /,
    );
  });
});
