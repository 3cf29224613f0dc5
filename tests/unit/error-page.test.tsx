import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it, vi } from "vitest";

// The error page reads the error Remix caught; here, the one each test sets.
let caught: unknown;
vi.mock("@remix-run/react", async (original) => ({
  ...(await original<typeof import("@remix-run/react")>()),
  useRouteError: () => caught,
}));

const { ErrorBoundary, meta } = await import("../../app/root");

/** A Response thrown by a loader or action, as Remix hands it to the error boundary. */
function thrown(status: number, data: string) {
  return { status, statusText: "", internal: false, data };
}

describe("the error page", () => {
  it("says what was wrong with a request refused with 400, not that the service failed", () => {
    caught = thrown(400, "The form was not sent as a form, so it could not be read.");
    const html = renderToStaticMarkup(<ErrorBoundary />);
    expect(html).toContain('<h1 class="govuk-heading-l">There is a problem with what was sent</h1>');
    expect(html).toContain("The form was not sent as a form, so it could not be read.");
    expect(html).not.toContain("problem with the service");
    const title = meta({ error: caught } as Parameters<typeof meta>[0]);
    expect(JSON.stringify(title)).toContain("There is a problem with what was sent");
  });

  it("still says page not found for a 404", () => {
    caught = thrown(404, "We could not find that session.");
    expect(renderToStaticMarkup(<ErrorBoundary />)).toContain("Page not found");
  });
});
