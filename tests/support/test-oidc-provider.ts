import type { Server } from "node:http";
import { type AddressInfo, createServer } from "node:net";
import { http, passthrough } from "msw";
import type { SetupServer } from "msw/node";
import Provider from "oidc-provider";

/**
 * A real OpenID provider (oidc-provider) on a random localhost port, for single sign-on tests:
 * the council's provider as the app sees it. One client is registered (the app, with its
 * callback); `login(sub)` says who signs in at the next interaction (no login form: the
 * interaction is finished for that user at once); `users` is what the provider knows of them.
 */

export interface TestUser {
  email: string;
  emailVerified?: boolean;
}

export const TEST_CLIENT = { id: "prevent-training-tracker", secret: "a-client-secret-for-the-tests-only" };

export interface TestProvider {
  issuer: string;
  users: Map<string, TestUser>;
  /** The subject the next interaction signs in. */
  login(sub: string): void;
  /** Authorization codes live this many seconds (60 until changed). */
  setCodeLifetime(seconds: number): void;
  /** Lets requests to the provider through msw (call in beforeEach: msw's handlers are reset after each test). */
  allowThroughMsw(msw: SetupServer): void;
  close(): Promise<void>;
}

/** Starts the provider on `port` (the browser tests choose it before the app starts), or a free one; TEST_CLIENT unless told. */
export async function startTestProvider(
  redirectUri: string,
  options: { port?: number; client?: { id: string; secret: string } } = {},
): Promise<TestProvider> {
  const client = options.client ?? TEST_CLIENT;
  const users = new Map<string, TestUser>();
  let nextLogin: string | undefined;
  let codeLifetime = 60;
  const listening: { server?: Server; issuer?: string } = {};

  // The issuer names the port, so the port is chosen first.
  const port = options.port ?? (await freePort());
  const issuer = `http://127.0.0.1:${port}`;

  const codeTtl = () => codeLifetime;
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: client.id,
        client_secret: client.secret,
        redirect_uris: [redirectUri],
        grant_types: ["authorization_code"],
        response_types: ["code"],
        token_endpoint_auth_method: "client_secret_post",
      },
    ],
    async findAccount(_ctx: unknown, sub: string) {
      const user = users.get(sub);
      if (!user) return undefined;
      return {
        accountId: sub,
        async claims() {
          return { sub, email: user.email, email_verified: user.emailVerified ?? true };
        },
      };
    },
    claims: { openid: ["sub"], email: ["email", "email_verified"] },
    cookies: { keys: ["test-provider-cookie-key"] },
    features: { devInteractions: { enabled: false } },
    interactions: { url: (_ctx: unknown, interaction: { uid: string }) => `/interaction/${interaction.uid}` },
    pkce: { required: () => true },
    ttl: {
      AuthorizationCode: codeTtl,
      IdToken: 3600,
      AccessToken: 3600,
      Interaction: 3600,
      Session: 3600,
      Grant: 3600,
    },
    // A first-party client: the council's staff are not asked to consent to their own council's service.
    async loadExistingGrant(ctx: {
      oidc: {
        client: { clientId: string };
        session: { accountId: string; grantIdFor(clientId: string): string | undefined };
        result?: { consent?: { grantId?: string } };
      };
    }) {
      const grantId = ctx.oidc.result?.consent?.grantId ?? ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
      if (grantId) {
        const found = await provider.Grant.find(grantId);
        if (found) return found;
      }
      const grant = new provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
      grant.addOIDCScope("openid email profile");
      await grant.save();
      return grant;
    },
  });

  // The login "page": signs in whoever the test named, at once.
  provider.use(async (ctx, next) => {
    if (!ctx.path.startsWith("/interaction/")) return next();
    if (!nextLogin) {
      ctx.status = 400;
      ctx.body = "the test did not say who signs in";
      return;
    }
    const returnTo = await provider.interactionResult(
      ctx.req,
      ctx.res,
      { login: { accountId: nextLogin } },
      { mergeWithLastSubmission: false },
    );
    ctx.status = 303;
    ctx.redirect(returnTo);
  });

  await new Promise<void>((resolve) => {
    listening.server = provider.listen(port, "127.0.0.1", () => resolve());
  });
  listening.issuer = issuer;

  return {
    issuer,
    users,
    login(sub) {
      nextLogin = sub;
    },
    setCodeLifetime(seconds) {
      codeLifetime = seconds;
    },
    allowThroughMsw(msw) {
      msw.use(
        http.all(
          ({ request }) => new URL(request.url).origin === issuer,
          () => passthrough(),
        ),
      );
    },
    close: () =>
      new Promise<void>((resolve, reject) => listening.server?.close((error) => (error ? reject(error) : resolve()))),
  };
}

/**
 * A browser's trip through the provider: follows redirects from `start` (the authorization URL)
 * with the provider's cookies, until the provider sends it to the app (`appOrigin`); returns that
 * address (the callback, with code and state).
 */
export async function followProviderRedirects(start: string, appOrigin: string): Promise<URL> {
  const cookies = new Map<string, string>();
  let url = new URL(start);
  for (let hop = 0; hop < 10; hop++) {
    if (url.origin === appOrigin) return url;
    const response = await fetch(url, {
      redirect: "manual",
      headers: { Cookie: [...cookies].map(([k, v]) => `${k}=${v}`).join("; ") },
    });
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(";");
      const [name, ...value] = pair!.split("=");
      cookies.set(name!.trim(), value.join("="));
    }
    const location = response.headers.get("Location");
    if (response.status < 300 || response.status >= 400 || !location) {
      throw new Error(`The provider answered ${url.pathname} with ${response.status}: ${await response.text()}`);
    }
    url = new URL(location, url);
  }
  throw new Error("Too many redirects at the provider");
}

/** A port nobody listens on now, on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    const probe = createServer();
    probe.on("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}
