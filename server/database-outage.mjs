// When the database is away (issue 24): a loader or action that fails because it cannot reach the
// database answers 503 (GOV.UK's "Sorry, the service is unavailable", app/root.tsx) with a
// Retry-After, not a 500. postgres.js opens new connections by itself once PostgreSQL is back.

const RETRY_AFTER_SECONDS = "30";

/** The build with every route's loader and action turning "database unavailable" into a thrown 503. */
export function answer503WhileDatabaseAway(build, { isDatabaseUnavailable, log }) {
  const guard = (handler) =>
    handler &&
    (async (args) => {
      try {
        return await handler(args);
      } catch (error) {
        if (!isDatabaseUnavailable(error)) throw error;
        log.warn(
          { requestId: args.context?.requestId, route: args.context?.route, code: codeOf(error) },
          "The database is unavailable: answered 503",
        );
        throw new Response("Sorry, the service is unavailable. Try again later.", {
          status: 503,
          headers: { "Retry-After": RETRY_AFTER_SECONDS, "Content-Type": "text/plain; charset=utf-8" },
        });
      }
    });
  const routes = {};
  for (const [id, route] of Object.entries(build.routes)) {
    const module = { ...route.module, loader: guard(route.module.loader), action: guard(route.module.action) };
    routes[id] = { ...route, module };
  }
  return { ...build, routes };
}

function codeOf(error) {
  for (let current = error, depth = 0; current && depth < 5; current = current.cause, depth++) {
    if (typeof current.code === "string") return current.code;
  }
  return undefined;
}
