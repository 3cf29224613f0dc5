import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { completeSignIn } from "../auth/complete-sign-in.server";
import { getOptionalUser } from "../auth/session.server";
import { clearBindingCookie, readBindingCookie, signInWithLinkFromRequest } from "../auth/sign-in-links.server";
import { Button } from "../components";
import { signInLinkState } from "../domain/accounts/sign-in-links";
import { pageTitle } from "../lib/page-title";
import { badRequest, readForm, readQuery } from "../lib/request";
import { safeRedirect } from "../lib/safe-redirect";

/**
 * A sign-in link's page. Opening it (GET) changes nothing — mail scanners follow links — and
 * shows a "Sign in" button; the POST uses the link (once, within 15 minutes, in the browser that
 * asked: its binding cookie) and finishes through completeSignIn with method "link".
 * (The file is sign-in_.link_.$token: without the second underscore Remix would nest it inside
 * sign-in_.link, whose page has no outlet, and show that page instead.)
 */

type Dead = "used" | "expired" | "unknown" | "other-browser" | "not-allowed";

const TITLES: Record<Dead, string> = {
  used: "This sign-in link has already been used",
  expired: "This sign-in link has expired",
  unknown: "This sign-in link does not work",
  "other-browser": "Open this sign-in link in the browser where you asked for it",
  "not-allowed": "This sign-in link does not work",
};

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  pageTitle(data && "dead" in data ? TITLES[data.dead] : "Sign in with your link");

const TOKEN = /^[A-Za-z0-9_-]{43}$/;

/**
 * Where to go once signed in. The link carries only paths sendSignInLink was given after
 * safeRedirect, so anything else was altered on the way: a 400, before the token is looked at.
 */
function redirectTarget(asked: FormDataEntryValue | null, request: Request): string {
  if (asked === null || asked === "") return "/";
  const target = safeRedirect(asked, new URL(request.url).origin, "");
  if (target === "") badRequest("The address to go to after signing in is not a page of this service.");
  return target;
}

/** Public: the link's token (one use, 15 minutes, this browser) is the proof. Reads only. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db } = await getOptionalUser(request);
  const redirectTo = redirectTarget(readQuery(request).get("redirectTo"), request);
  const token = params.token ?? "";
  const state = TOKEN.test(token) ? await signInLinkState(db, token) : "unknown";
  if (state !== "open") return data({ dead: state as Dead }, { status: 404 });
  // Said before the button, not after a refused press: this browser has no binding cookie.
  if (!readBindingCookie(request)) return data({ dead: "other-browser" as Dead }, { status: 403 });
  return { open: true as const, redirectTo };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { db } = await getOptionalUser(request);
  const redirectTo = redirectTarget((await readForm(request)).get("redirectTo"), request);
  const token = params.token ?? "";
  if (!TOKEN.test(token)) return data({ dead: "unknown" as Dead }, { status: 404 });
  const result = await signInWithLinkFromRequest(db, request, token);
  if (!result.ok)
    return data({ dead: result.reason as Dead }, { status: result.reason === "other-browser" ? 403 : 404 });
  const response = await completeSignIn(db, request, result.accountId, "link", { redirectTo });
  response.headers.append("Set-Cookie", clearBindingCookie());
  return response;
}

function DeadLink({ reason }: { reason: Dead }) {
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <h1 className="govuk-heading-l">{TITLES[reason]}</h1>
        {reason === "other-browser" ? (
          <p className="govuk-body">
            A sign-in link works only in the browser, on the device, where you asked for it. Open the link there, or ask
            for a new one in this browser.
          </p>
        ) : (
          <p className="govuk-body">
            A sign-in link works once, for 15 minutes, and only the newest one sent. Ask for a new one.
          </p>
        )}
        <p className="govuk-body">
          <a className="govuk-link" href="/sign-in/link">
            Ask for a new sign-in link
          </a>
        </p>
        <p className="govuk-body">
          <a className="govuk-link" href="/sign-in">
            Sign in another way
          </a>
        </p>
      </div>
    </div>
  );
}

export default function SignInWithLink() {
  const loaded = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  if (result && "dead" in result) return <DeadLink reason={result.dead} />;
  if ("dead" in loaded) return <DeadLink reason={loaded.dead} />;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <h1 className="govuk-heading-l">Sign in with your link</h1>
        <p className="govuk-body">Your link works once. Select the button to sign in.</p>
        <Form method="post" noValidate>
          <input type="hidden" name="redirectTo" value={loaded.redirectTo} />
          <Button type="submit" disabled={navigation.state === "submitting"}>
            Sign in
          </Button>
        </Form>
      </div>
    </div>
  );
}
