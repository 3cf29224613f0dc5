/**
 * By default, Remix will handle hydrating your app on the client for you.
 * This app also starts GOV.UK Frontend's JavaScript once hydration is done.
 * For more information, see https://remix.run/file-conventions/entry.client
 */
import { RemixBrowser } from "@remix-run/react";
import { startTransition, StrictMode, useEffect, type ReactNode } from "react";
import { hydrateRoot } from "react-dom/client";
import { initGovukFrontend } from "./components/use-govuk-frontend";

/**
 * Its effect runs after those of everything inside it, i.e. once the server's
 * HTML is hydrated: GOV.UK Frontend's JavaScript then changes the DOM (adds
 * attributes, shows the menu button…) without upsetting hydration.
 * Later navigations are handled by `useGovukFrontend()` in the root route.
 */
function GovukFrontendAfterHydration({ children }: { children: ReactNode }) {
  useEffect(() => {
    void initGovukFrontend();
  }, []);
  return <>{children}</>;
}

startTransition(() => {
  hydrateRoot(
    document,
    <StrictMode>
      <GovukFrontendAfterHydration>
        <RemixBrowser />
      </GovukFrontendAfterHydration>
    </StrictMode>,
  );
});
