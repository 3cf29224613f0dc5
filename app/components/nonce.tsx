import { type ReactNode, createContext, useContext } from "react";

/**
 * The Content Security Policy nonce of the page being rendered (server/index.mjs makes one per
 * request). Only the server render knows it: browsers hide nonces from script, and React leaves
 * the attribute alone when it hydrates.
 */
const NonceContext = createContext<string | undefined>(undefined);

export function NonceProvider({ nonce, children }: { nonce: string | undefined; children: ReactNode }) {
  return <NonceContext.Provider value={nonce}>{children}</NonceContext.Provider>;
}

export function useNonce(): string | undefined {
  return useContext(NonceContext);
}
