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

  it("the training team's address: TRAINING_TEAM_EMAIL, else at the council's mail domain, never at localhost", () => {
    expect(parseEnv({ TRAINING_TEAM_EMAIL: "prevent@northbridge.gov.uk" }).TRAINING_TEAM_EMAIL).toBe(
      "prevent@northbridge.gov.uk",
    );
    expect(() => parseEnv({ TRAINING_TEAM_EMAIL: "prevent team" })).toThrow(/TRAINING_TEAM_EMAIL: an e-mail address/);
    const sso = {
      SSO_ISSUER: "https://login.example.com",
      SSO_CLIENT_ID: "ptt",
      SSO_CLIENT_SECRET: "secret",
      SSO_EMAIL_DOMAINS: "northbridge.gov.uk,schools.northbridge.gov.uk",
      SSO_NAME: "Northbridge Council account",
    };
    expect(parseEnv(sso).TRAINING_TEAM_EMAIL).toBe("prevent.training@northbridge.gov.uk");
    expect(parseEnv({ PUBLIC_URL: "https://training.northbridge.gov.uk" }).TRAINING_TEAM_EMAIL).toBe(
      "prevent.training@training.northbridge.gov.uk",
    );
    expect(parseEnv({}).TRAINING_TEAM_EMAIL).toBe("prevent.training@example.com");
    expect(parseEnv({ PUBLIC_URL: "http://127.0.0.1:3000" }).TRAINING_TEAM_EMAIL).toBe("prevent.training@example.com");
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

  it("sets up GOV.UK Notify from NOTIFY_API_KEY and collects NOTIFY_TEMPLATE_* ids, refusing malformed ones without echoing them", () => {
    const key = "council_live-26785a09-ab16-4eb0-8407-a37497a57506-3d844edf-8d35-48ac-975b-e847b4f122b0";
    expect(parseEnv({}).NOTIFY).toBeUndefined();
    expect(parseEnv({ NOTIFY_API_KEY: "" }).NOTIFY).toBeUndefined();
    expect(parseEnv({ NOTIFY_API_KEY: key }).NOTIFY).toEqual({ apiKey: key, baseUrl: undefined });
    expect(() => parseEnv({ NOTIFY_API_KEY: "secret-but-not-a-key" })).toThrow(
      /NOTIFY_API_KEY: a GOV.UK Notify API key/,
    );
    expect(() => parseEnv({ NOTIFY_API_KEY: "secret-but-not-a-key" })).not.toThrow(/secret-but-not-a-key/);
    const id = "8f2b6c1e-3d4a-4b5c-9e7f-0a1b2c3d4e5f";
    expect(
      parseEnv({ NOTIFY_TEMPLATE_BOOKING_CONFIRMED: ` ${id} `, NOTIFY_TEMPLATE_X: "" }).NOTIFY_TEMPLATE_IDS,
    ).toEqual({
      NOTIFY_TEMPLATE_BOOKING_CONFIRMED: id,
    });
    expect(() => parseEnv({ NOTIFY_TEMPLATE_BOOKING_CONFIRMED: "booking" })).toThrow(
      /NOTIFY_TEMPLATE_BOOKING_CONFIRMED: a GOV.UK Notify template id/,
    );
  });

  it("names every bad value", () => {
    expect(() => parseEnv({ PORT: "port", SEED_DEMO: "yes", PUBLIC_URL: "not a url" })).toThrow(
      /PORT: .*SEED_DEMO: .*PUBLIC_URL: /,
    );
  });
});
