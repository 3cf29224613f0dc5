import { env } from "../env.server";
import { type NavigationItem, navigationFor } from "./navigation";
import { getOptionalUser } from "./session.server";
import { rolesOf } from "./permissions";
import { ROLE_LABELS } from "../lib/labels";

export interface LayoutData {
  councilName: string;
  user: { displayName: string; roles: string[] } | null;
  navigation: NavigationItem[];
}

/** What every page's header needs: the council, who is signed in, and their navigation. */
export async function loadLayout(request: Request): Promise<{ layout: LayoutData; headers: Headers }> {
  const { user, headers } = await getOptionalUser(request);
  return {
    headers,
    layout: {
      councilName: env().COUNCIL_NAME,
      user: user ? { displayName: user.displayName, roles: [...rolesOf(user)].map((r) => ROLE_LABELS[r]) } : null,
      navigation: navigationFor(user),
    },
  };
}
