import { notFound } from "../auth/guards.server";

/**
 * Any address no other route matches. Without a route of its own such an address is not found
 * before the root's loader runs, so the page had no layout: "Council" in the header instead of
 * the council's name, and no navigation. Here the root's loader runs first and the root's error
 * page shows the usual "Page not found" inside the council's header.
 */
export function loader(): never {
  notFound();
}

export function action(): never {
  notFound();
}

/** Never drawn (the loader always throws), but a route without one is a resource route, answered without the layout. */
export default function NotFound() {
  return null;
}
