import { createHash, randomBytes } from "node:crypto";
import { and, eq, gt, isNull, or, type SQL } from "drizzle-orm";
import type { Database } from "../../db/database";
import { type OneTimeLinkPurpose, oneTimeLinks } from "../../db/schema";

export type { OneTimeLinkPurpose } from "../../db/schema";

/** How long each kind of link works. */
export const LINK_TTL_SECONDS: Record<OneTimeLinkPurpose, number> = {
  invitation: 7 * 24 * 60 * 60,
  "password-reset": 60 * 60,
  "sign-in": 15 * 60,
};

/** A link is for an account (password reset, sign-in link) or for a person who has none yet (invitation). */
export type LinkOwner = { accountId: string; personId?: undefined } | { personId: number; accountId?: undefined };

export interface UsedLink {
  id: number;
  purpose: OneTimeLinkPurpose;
  accountId: string | null;
  personId: number | null;
  createdByAccountId: string | null;
  createdAt: Date;
  expiresAt: Date;
}

/** SHA-256 (hex) of a link's token or of a browser-binding value: what the database keeps instead. */
export function hashSecret(value: string): string {
  return createHash("sha256").update(value).digest("hex");
}

/** A random value for a browser-binding cookie (sign-in links): keep it in the cookie, pass its hashSecret to createLink. */
export function newBrowserBinding(): string {
  return randomBytes(32).toString("base64url");
}

function ownerCondition(owner: LinkOwner): SQL {
  return owner.accountId !== undefined
    ? eq(oneTimeLinks.accountId, owner.accountId)
    : eq(oneTimeLinks.personId, owner.personId);
}

/**
 * Ends the owner's links of a purpose that are still open (not used, not ended), e.g. the
 * invitations of a person whose account now exists. Returns how many it ended.
 */
export async function endLinks(
  db: Database,
  input: LinkOwner & { purpose: OneTimeLinkPurpose; now?: Date },
): Promise<number> {
  const ended = await db
    .update(oneTimeLinks)
    .set({ endedAt: input.now ?? new Date() })
    .where(
      and(
        eq(oneTimeLinks.purpose, input.purpose),
        ownerCondition(input),
        isNull(oneTimeLinks.usedAt),
        isNull(oneTimeLinks.endedAt),
      ),
    )
    .returning({ id: oneTimeLinks.id });
  return ended.length;
}

/**
 * Makes a link and returns its token (32 random bytes, base64url) — the only time the token
 * exists: the database keeps its SHA-256. A new link of a purpose for the same account or
 * person ends the earlier ones, so only the latest works. Call it in the transaction that sends
 * the message (notify), so a link exists exactly when its message does.
 */
export async function createLink(
  db: Database,
  input: LinkOwner & {
    purpose: OneTimeLinkPurpose;
    /** Defaults to LINK_TTL_SECONDS[purpose]. */
    ttlSeconds?: number;
    /** hashSecret of the value kept in the asking browser's cookie; the link then works only with that value. */
    browserBindingHash?: string;
    createdByAccountId?: string | null;
    now?: Date;
  },
): Promise<string> {
  const now = input.now ?? new Date();
  const ttlSeconds = input.ttlSeconds ?? LINK_TTL_SECONDS[input.purpose];
  await endLinks(db, { ...input, now });
  const token = randomBytes(32).toString("base64url");
  await db.insert(oneTimeLinks).values({
    purpose: input.purpose,
    tokenHash: hashSecret(token),
    accountId: input.accountId ?? null,
    personId: input.personId ?? null,
    browserBindingHash: input.browserBindingHash ?? null,
    createdByAccountId: input.createdByAccountId ?? null,
    createdAt: now,
    expiresAt: new Date(now.getTime() + ttlSeconds * 1000),
  });
  return token;
}

/**
 * Uses a link: one statement checks it (right purpose, not used, not ended, not expired, and
 * for a bound link the browser's value) and marks it used, so two requests racing with the same
 * token cannot both succeed. Returns the link, or null when it does not work (nothing says why:
 * see describeLink for a page's wording). A bound link opened in another browser stays unused.
 * Call it in the transaction that acts on it, so a failure later gives the link back.
 */
export async function redeemLink(
  db: Database,
  input: { purpose: OneTimeLinkPurpose; token: string; now?: Date; browserBinding?: string | null },
): Promise<UsedLink | null> {
  const now = input.now ?? new Date();
  const binding = input.browserBinding ? hashSecret(input.browserBinding) : null;
  const [link] = await db
    .update(oneTimeLinks)
    .set({ usedAt: now })
    .where(
      and(
        eq(oneTimeLinks.tokenHash, hashSecret(input.token)),
        eq(oneTimeLinks.purpose, input.purpose),
        isNull(oneTimeLinks.usedAt),
        isNull(oneTimeLinks.endedAt),
        gt(oneTimeLinks.expiresAt, now),
        binding === null
          ? isNull(oneTimeLinks.browserBindingHash)
          : or(isNull(oneTimeLinks.browserBindingHash), eq(oneTimeLinks.browserBindingHash, binding)),
      ),
    )
    .returning({
      id: oneTimeLinks.id,
      purpose: oneTimeLinks.purpose,
      accountId: oneTimeLinks.accountId,
      personId: oneTimeLinks.personId,
      createdByAccountId: oneTimeLinks.createdByAccountId,
      createdAt: oneTimeLinks.createdAt,
      expiresAt: oneTimeLinks.expiresAt,
    });
  return link ?? null;
}

/**
 * The name issue 18's notes give redeemLink. Biome's React hook rule takes any `use…` call in a
 * plain function for a hook, so call redeemLink.
 */
export const useLink = redeemLink;

export type LinkState =
  | { state: "open"; link: UsedLink }
  | { state: "used" | "ended" | "expired"; link: UsedLink }
  | { state: "unknown" };

/**
 * What a link is now, without using it: for the page a link opens (show the form, or say it has
 * expired or was used). Browser binding is not checked here; redeemLink checks it.
 */
export async function describeLink(
  db: Database,
  input: { purpose: OneTimeLinkPurpose; token: string; now?: Date },
): Promise<LinkState> {
  const now = input.now ?? new Date();
  const [row] = await db
    .select()
    .from(oneTimeLinks)
    .where(and(eq(oneTimeLinks.tokenHash, hashSecret(input.token)), eq(oneTimeLinks.purpose, input.purpose)));
  if (!row) return { state: "unknown" };
  const link: UsedLink = {
    id: row.id,
    purpose: row.purpose,
    accountId: row.accountId,
    personId: row.personId,
    createdByAccountId: row.createdByAccountId,
    createdAt: row.createdAt,
    expiresAt: row.expiresAt,
  };
  if (row.usedAt) return { state: "used", link };
  if (row.endedAt) return { state: "ended", link };
  if (row.expiresAt <= now) return { state: "expired", link };
  return { state: "open", link };
}
