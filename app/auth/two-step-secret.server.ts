import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";
import { env } from "../env.server";

/**
 * Two-step sign-in secrets at rest (decision 013): AES-256-GCM under a key derived from
 * SECRET_KEY, the account id bound in as associated data (a secret copied to another account's
 * row does not decrypt). The demo council's seed uses it too, to store its published secret.
 */

/** Used only outside production and for the demo council (SEED_DEMO=true), whose data is public anyway. */
const DEVELOPMENT_KEY = "prevent-training-tracker development key, not secret";

/** The key: SECRET_KEY (app/env.server refuses to start production without it, bar the demo run). */
function encryptionKey(): Buffer {
  const { SECRET_KEY, NODE_ENV, SEED_DEMO_REQUESTED } = env();
  if (SECRET_KEY) return createHash("sha256").update(SECRET_KEY).digest();
  if (NODE_ENV === "production" && !SEED_DEMO_REQUESTED) throw new Error("SECRET_KEY is not set");
  return createHash("sha256").update(DEVELOPMENT_KEY).digest();
}

/** "v1." + base64url(iv ‖ tag ‖ ciphertext); the account id is bound in as associated data. */
export function encryptSecret(base32: string, accountId: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", encryptionKey(), iv);
  cipher.setAAD(Buffer.from(accountId));
  const body = Buffer.concat([cipher.update(base32, "utf8"), cipher.final()]);
  return `v1.${Buffer.concat([iv, cipher.getAuthTag(), body]).toString("base64url")}`;
}

export function decryptSecret(stored: string, accountId: string): string {
  if (!stored.startsWith("v1.")) throw new Error("Unknown two-step secret format");
  const raw = Buffer.from(stored.slice(3), "base64url");
  const decipher = createDecipheriv("aes-256-gcm", encryptionKey(), raw.subarray(0, 12));
  decipher.setAAD(Buffer.from(accountId));
  decipher.setAuthTag(raw.subarray(12, 28));
  return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString("utf8");
}
