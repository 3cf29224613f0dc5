import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import {
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  isRouteErrorResponse,
  useLocation,
  useRouteError,
  useRouteLoaderData,
} from "@remix-run/react";
import type { ReactNode } from "react";
import { data } from "@remix-run/node";
import { Footer, Header, PhaseBanner, ServiceNavigation, SkipLink, useGovukFrontend } from "./components";
import { useNonce } from "./components/nonce";
import { ProblemReference } from "./components/request-reference";
import { type LayoutData, loadLayout } from "./auth/layout.server";
import { SERVICE_NAME, pageTitle } from "./lib/page-title";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: "/static/app.css" },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

/** Error pages have no route meta of their own: title them by what went wrong. */
export const meta: MetaFunction = ({ error }) => {
  if (!error) return [];
  if (isRouteErrorResponse(error) && error.status === 403)
    return pageTitle("You do not have permission to see this page");
  if (isRouteErrorResponse(error) && error.status === 404) return pageTitle("Page not found");
  if (isRouteErrorResponse(error) && error.status === 400) return pageTitle("There is a problem with what was sent");
  if (isRouteErrorResponse(error) && error.status === 503) return pageTitle("Sorry, the service is unavailable");
  return pageTitle("Sorry, there is a problem with the service");
};

export async function loader({ request }: LoaderFunctionArgs) {
  const { layout, headers } = await loadLayout(request);
  return data(layout, { headers });
}

function Document({ children, layout }: { children: ReactNode; layout: LayoutData | undefined }) {
  const location = useLocation();
  const nonce = useNonce();
  useGovukFrontend();
  const within = (href: string) => location.pathname === href || location.pathname.startsWith(`${href}/`);
  const navigation = (layout?.navigation ?? []).map(({ covers, ...item }) => ({
    ...item,
    active: within(item.href) || (covers ?? []).some(within),
  }));
  return (
    <html lang="en" className="govuk-template govuk-template--rebranded">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover" />
        <meta name="theme-color" content="#0b0c0c" />
        <Meta />
        <Links />
      </head>
      <body className="govuk-template__body">
        <script
          nonce={nonce}
          suppressHydrationWarning
          // GOV.UK Frontend styles its components for JavaScript only when this class is set.
          // biome-ignore lint/security/noDangerouslySetInnerHtml: a fixed string of ours, no user input
          dangerouslySetInnerHTML={{
            __html:
              "document.body.className += ' js-enabled' + ('noModule' in HTMLScriptElement.prototype ? ' govuk-frontend-supported' : '');",
          }}
        />
        <SkipLink href="#main-content">Skip to main content</SkipLink>
        {/* The banner and contentinfo landmarks, as GOV.UK Frontend's page template draws them. */}
        <header className="govuk-template__header">
          <Header
            url="/"
            account={
              layout?.user ? (
                // A form, so signing out is a POST (the origin check guards it), drawn as a link beside the name.
                <form method="post" action="/sign-out" className="app-sign-out">
                  <a className="govuk-link govuk-link--inverse" href="/account">
                    <span className="app-signed-in-as">{layout.user.displayName}</span>
                    <span className="govuk-visually-hidden">: your account</span>
                  </a>
                  <button type="submit" className="app-link-button govuk-link govuk-link--inverse">
                    Sign out
                  </button>
                </form>
              ) : null
            }
          >
            {layout?.councilName ?? "Council"}
          </Header>
          <ServiceNavigation serviceName={SERVICE_NAME} serviceUrl="/" navigation={navigation} />
          <div className="govuk-width-container">
            <PhaseBanner tag="Beta">
              This is a new service. Tell the Prevent Coordinator what you think of it.
            </PhaseBanner>
          </div>
        </header>
        <div className="govuk-width-container">
          <main className="govuk-main-wrapper" id="main-content">
            {children}
          </main>
        </div>
        <footer className="govuk-template__footer">
          <Footer
            meta={{
              items: [
                { href: "/verify", text: "Check a certificate" },
                { href: "/accessibility", text: "Accessibility statement" },
                { href: "/privacy", text: "Privacy notice" },
              ],
            }}
            copyright={`© ${layout?.councilName ?? "The council"}`}
          />
        </footer>
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export function Layout({ children }: { children: ReactNode }) {
  const layout = useRouteLoaderData<typeof loader>("root");
  return <Document layout={layout}>{children}</Document>;
}

export default function App() {
  return <Outlet />;
}

export function ErrorBoundary() {
  const error = useRouteError();
  if (isRouteErrorResponse(error) && error.status === 403) {
    return (
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <h1 className="govuk-heading-l">You do not have permission to see this page</h1>
          <p className="govuk-body">Your account does not give you access to it.</p>
          <p className="govuk-body">
            If you think you should have access, contact the Prevent Coordinator.{" "}
            <a className="govuk-link" href="/">
              Go to the start page
            </a>
            .
          </p>
        </div>
      </div>
    );
  }
  if (isRouteErrorResponse(error) && error.status === 404) {
    return (
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <h1 className="govuk-heading-l">Page not found</h1>
          <p className="govuk-body">If you typed the web address, check it is correct.</p>
          <p className="govuk-body">If you pasted the web address, check you copied the entire address.</p>
          <p className="govuk-body">
            <a className="govuk-link" href="/">
              Go to the start page
            </a>
          </p>
        </div>
      </div>
    );
  }
  if (isRouteErrorResponse(error) && error.status === 400) {
    // A 400 carries a sentence for the user (app/lib/request's badRequest); say it as it is.
    const message = typeof error.data === "string" && error.data ? error.data : "What was sent could not be read.";
    return (
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <h1 className="govuk-heading-l">There is a problem with what was sent</h1>
          <p className="govuk-body">{message}</p>
          <p className="govuk-body">
            Go back and try again, or{" "}
            <a className="govuk-link" href="/">
              go to the start page
            </a>
            .
          </p>
        </div>
      </div>
    );
  }
  if (isRouteErrorResponse(error) && error.status === 503) {
    // GOV.UK's "service unavailable" pattern: the database is away (server/database-outage.mjs).
    return (
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <h1 className="govuk-heading-l">Sorry, the service is unavailable</h1>
          <p className="govuk-body">You will be able to use the service again in a few minutes.</p>
          <p className="govuk-body">
            If you were sending a form, check whether it was saved once the service is available, and send it again if
            it was not.
          </p>
          <ProblemReference />
        </div>
      </div>
    );
  }
  if (!isRouteErrorResponse(error)) console.error(error);
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <h1 className="govuk-heading-l">Sorry, there is a problem with the service</h1>
        <p className="govuk-body">Try again later. Nothing you entered has been lost unless the page says so.</p>
        <ProblemReference />
      </div>
    </div>
  );
}
