// oidc-provider 8 ships no types; this declares the little the tests' provider uses.
declare module "oidc-provider" {
  import type { Server } from "node:http";

  interface KoaContext {
    path: string;
    req: import("node:http").IncomingMessage;
    res: import("node:http").ServerResponse;
    redirect(url: string): void;
    status: number;
    body: unknown;
    oidc: {
      client?: { clientId: string };
      session?: { accountId?: string; grantIdFor(clientId: string): string | undefined };
      result?: { consent?: { grantId?: string } };
      provider: Provider;
    };
  }

  interface GrantInstance {
    addOIDCScope(scope: string): void;
    save(): Promise<string>;
  }

  export default class Provider {
    constructor(issuer: string, configuration: Record<string, unknown>);
    Grant: {
      new (properties: { clientId: string; accountId: string }): GrantInstance;
      find(id: string): Promise<GrantInstance | undefined>;
    };
    use(middleware: (ctx: KoaContext, next: () => Promise<void>) => Promise<void>): void;
    listen(port: number, host?: string, callback?: () => void): Server;
    interactionResult(
      req: import("node:http").IncomingMessage,
      res: import("node:http").ServerResponse,
      result: Record<string, unknown>,
      options?: { mergeWithLastSubmission?: boolean },
    ): Promise<string>;
    on(event: string, listener: (...args: unknown[]) => void): void;
  }
}
