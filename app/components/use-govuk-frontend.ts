import { useLocation, useNavigation } from "@remix-run/react";
import { useEffect } from "react";

/**
 * Initialises GOV.UK Frontend's JavaScript for every `data-module` element in
 * `scope` that is not yet initialised.
 *
 * GOV.UK Frontend (v5+) marks each element it initialises with
 * `data-<module>-init` and throws an `InitError` if asked to initialise it
 * again; `initAll` catches that and passes it to `onError`, where we drop it.
 * So this is safe to call as often as needed (after hydration, after each
 * navigation, twice under StrictMode).
 *
 * Browser only: the module is loaded with a dynamic import on first use.
 */
export async function initGovukFrontend(scope: Element | Document = document): Promise<void> {
  // What GOV.UK's page template does with an inline script at the top of <body>.
  // Any browser running our ES module bundle supports `noModule`.
  document.body.classList.add("js-enabled", "govuk-frontend-supported");
  const { initAll } = await import("govuk-frontend");
  initAll({
    scope,
    onError(error) {
      if (error instanceof Error && error.name === "InitError") return;
      console.error(error);
    },
  });
}

/**
 * Call once in the root route's component. After each client-side navigation or
 * form submission (when the router is idle again), initialises GOV.UK Frontend's
 * JavaScript for the components that React has just rendered.
 * Components rendered later by local state can call `initGovukFrontend(element)`.
 */
export function useGovukFrontend(): void {
  const location = useLocation();
  const navigation = useNavigation();
  // biome-ignore lint/correctness/useExhaustiveDependencies: location.key is the trigger: a new page to initialise, though the effect does not read it
  useEffect(() => {
    if (navigation.state !== "idle") return;
    void initGovukFrontend();
  }, [location.key, navigation.state]);
}
