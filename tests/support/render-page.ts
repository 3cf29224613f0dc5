import { type ComponentType, createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";

/**
 * A route's page drawn from what its loader returned, as Remix would hand it over. The test file
 * mocks useLoaderData to read `pageData.current`:
 *
 *   vi.mock("@remix-run/react", async (original) => {
 *     const { pageData } = await import("../support/render-page");
 *     return { ...(await original<typeof import("@remix-run/react")>()), useLoaderData: () => pageData.current };
 *   });
 */
export const pageData = { current: undefined as unknown };

/** The page's markup for `data`. */
export function renderPage(Page: ComponentType, data: unknown): string {
  pageData.current = data;
  return renderToStaticMarkup(createElement(Page));
}

/** The page's words: its markup without tags, spaces collapsed, entities for quotes decoded. */
export function pageText(html: string): string {
  return html
    .replace(/<[^>]+>/g, " ")
    .replace(/&quot;/g, '"')
    .replace(/&#x27;/g, "'")
    .replace(/&amp;/g, "&")
    .replace(/\s+/g, " ")
    .trim();
}
