/** The app's SSO_* settings in the browser tests (start-server.ts), shared with tests/e2e/sso.test.ts's provider. */
export const E2E_SSO = {
  clientId: "prevent-training-tracker-e2e",
  clientSecret: "a-client-secret-for-the-browser-tests-only",
  /** No demo person has an e-mail here: a test adds the person it signs in. */
  emailDomain: "sso.northbridge.example",
  name: "Northbridge Council account",
} as const;
