/**
 * Compares the HTML of our GOV.UK Frontend React components with GOV.UK
 * Frontend 6.6's own fixtures (node_modules/govuk-frontend/dist/govuk/components/<name>/fixtures.json),
 * after turning the Nunjucks macro options into our props (see `toProps`) and
 * normalising both HTML strings (see `normaliseHtml`).
 * Model: surevine/govuk-react-jsx `tests/govuk-frontend-diff.test.js`.
 */
import { createRequire } from "node:module";
import type { ReactNode } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import * as components from "../../app/components";

const require = createRequire(import.meta.url);

interface Fixture {
  name: string;
  options: Record<string, unknown>;
  hidden: boolean;
  html: string;
}

function fixtures(component: string): Fixture[] {
  return (require(`govuk-frontend/dist/govuk/components/${component}/fixtures.json`) as { fixtures: Fixture[] })
    .fixtures;
}

// ---------------------------------------------------------------------------
// Macro options → props: our documented renames, applied at every depth.

const RENAMES: Record<string, string> = {
  text: "children",
  classes: "className",
  captionClasses: "captionClassName",
  containerClasses: "containerClassName",
  navigationClasses: "navigationClassName",
  wrapperClasses: "wrapperClassName",
  // HTML attributes that React spells in camelCase
  inputmode: "inputMode",
  autocomplete: "autoComplete",
  autocapitalize: "autoCapitalize",
  spellcheck: "spellCheck",
  colspan: "colSpan",
  rowspan: "rowSpan",
  tabindex: "tabIndex",
  for: "htmlFor",
};

function toProps(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(toProps);
  if (value === null || typeof value !== "object") return value;
  const props: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    if (key === "attributes" && item && typeof item === "object") {
      // `attributes` → spread onto the element; React spells some in camelCase.
      for (const [name, attribute] of Object.entries(item)) props[RENAMES[name] ?? name] = attribute;
    } else if (key === "html") {
      throw new Error("`html` options have no prop equivalent here (use children)");
    } else {
      props[RENAMES[key] ?? key] = toProps(item);
    }
  }
  return props;
}

// ---------------------------------------------------------------------------
// HTML normaliser: no dependency, enough for GOV.UK's fixtures and React's output.
// Tags are re-serialised with attributes sorted and entities decoded; text is
// whitespace-collapsed and trimmed (indentation in the Nunjucks output is not
// significant); comments are dropped; `<input/>` and `<input>` are the same;
// a boolean attribute `disabled` equals `disabled=""`.

const ENTITIES: Record<string, string> = {
  amp: "&",
  lt: "<",
  gt: ">",
  quot: '"',
  apos: "'",
  nbsp: "\u00a0",
  ctdot: "\u22ef",
};

function decode(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (entity, code: string) => {
    if (code[0] === "#") {
      return String.fromCodePoint(
        code[1] === "x" || code[1] === "X" ? parseInt(code.slice(2), 16) : parseInt(code.slice(1), 10),
      );
    }
    return ENTITIES[code.toLowerCase()] ?? entity;
  });
}

const TAG =
  /<!--[\s\S]*?-->|<(\/?)([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[^\s"'>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*)\s*\/?>/g;
const VOID_ELEMENTS = new Set([
  "area",
  "base",
  "br",
  "col",
  "embed",
  "hr",
  "img",
  "input",
  "link",
  "meta",
  "source",
  "track",
  "wbr",
]);
const ATTRIBUTE = /([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g;

function normaliseHtml(html: string): string[] {
  const tokens: string[] = [];
  const pushText = (text: string) => {
    const normalised = decode(text).replace(/\s+/g, " ").trim();
    if (normalised) tokens.push(normalised);
  };
  let last = 0;
  for (const match of html.matchAll(TAG)) {
    pushText(html.slice(last, match.index));
    last = match.index + match[0].length;
    const [whole, closing, rawName, rawAttributes = ""] = match;
    const selfClosing = whole.endsWith("/>");
    if (whole.startsWith("<!--") || !rawName) continue;
    const name = rawName.toLowerCase();
    if (closing) {
      tokens.push(`</${name}>`);
      continue;
    }
    const attributes = [...rawAttributes.matchAll(ATTRIBUTE)]
      .map(([, attributeName = "", double, single, bare]) => {
        let value = decode(double ?? single ?? bare ?? "");
        if (attributeName.toLowerCase() === "class") value = value.replace(/\s+/g, " ").trim();
        return `${attributeName.toLowerCase()}="${value}"`;
      })
      .sort();
    tokens.push(`<${[name, ...attributes].join(" ")}>`);
    // `<path ... />` in the fixtures is `<path ...></path>` from React.
    if (selfClosing && !VOID_ELEMENTS.has(name)) tokens.push(`</${name}>`);
  }
  pushText(html.slice(last));
  return tokens;
}

// ---------------------------------------------------------------------------

/** Options we cannot express as props: `html` strings (our `children` are React nodes). */
function usesHtml(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(usesHtml);
  if (value === null || typeof value !== "object") return false;
  return Object.entries(value).some(([key, item]) => key === "html" || key.endsWith("Html") || usesHtml(item));
}

/** Our components, with props loosened to what the fixtures' options give us. */
type AnyComponent = (props: Record<string, unknown>) => ReactNode;
const loose = (component: unknown) => component as AnyComponent;

interface Case {
  /** Folder name in govuk-frontend's dist/govuk/components. */
  fixtures: string;
  Component: AnyComponent;
  /** Extra renames for this component's top-level options. */
  renames?: Record<string, string>;
  /** Fixtures we do not claim to match, with the reason. */
  unsupported?: Record<string, string>;
}

const CASES: Case[] = [
  { fixtures: "input", Component: loose(components.Input) },
  { fixtures: "error-summary", Component: loose(components.ErrorSummary) },
  { fixtures: "table", Component: loose(components.GovukTable) },
  { fixtures: "tag", Component: loose(components.Tag) },
  { fixtures: "button", Component: loose(components.Button) },
  { fixtures: "checkboxes", Component: loose(components.Checkboxes) },
  { fixtures: "date-input", Component: loose(components.DateInput) },
  { fixtures: "radios", Component: loose(components.Radios) },
  { fixtures: "textarea", Component: loose(components.Textarea) },
  { fixtures: "select", Component: loose(components.Select) },
  {
    fixtures: "file-upload",
    Component: loose(components.FileUpload),
    unsupported: { "with value": "a file input has no value in React (nor in browsers)" },
  },
  { fixtures: "password-input", Component: loose(components.PasswordInput) },
  { fixtures: "fieldset", Component: loose(components.Fieldset) },
  { fixtures: "label", Component: loose(components.Label) },
  { fixtures: "hint", Component: loose(components.Hint) },
  { fixtures: "error-message", Component: loose(components.ErrorMessage) },
  { fixtures: "summary-list", Component: loose(components.SummaryList) },
  { fixtures: "pagination", Component: loose(components.Pagination) },
  { fixtures: "breadcrumbs", Component: loose(components.Breadcrumbs) },
  { fixtures: "back-link", Component: loose(components.BackLink) },
  { fixtures: "skip-link", Component: loose(components.SkipLink) },
  { fixtures: "details", Component: loose(components.Details) },
  { fixtures: "inset-text", Component: loose(components.InsetText) },
  { fixtures: "warning-text", Component: loose(components.WarningText) },
  {
    fixtures: "panel",
    Component: loose(components.Panel),
    unsupported: { "confirmation, with actions": "the interruption panel's `actions` are not implemented" },
  },
  { fixtures: "notification-banner", Component: loose(components.NotificationBanner) },
  { fixtures: "phase-banner", Component: loose(components.PhaseBanner) },
  { fixtures: "tabs", Component: loose(components.Tabs) },
  {
    fixtures: "service-navigation",
    Component: loose(components.ServiceNavigation),
    unsupported: {
      "with language navigation": "slots hold HTML strings",
      "inverse with language navigation": "slots hold HTML strings",
      "with slotted content": "slots hold HTML strings",
    },
  },
  // Our Header is GOV.UK Frontend's Generic header (no crown): `logoText` → children.
  { fixtures: "generic-header", Component: loose(components.Header), renames: { logoText: "children" } },
];

function render(Component: AnyComponent, props: Record<string, unknown>): string {
  return renderToStaticMarkup(<Component {...props} />);
}

describe.each(CASES)(
  "$fixtures matches GOV.UK Frontend's fixtures",
  ({ fixtures: name, Component, renames = {}, unsupported = {} }) => {
    const all = fixtures(name);
    const comparable = all.filter((fixture) => !usesHtml(fixture.options) && !(fixture.name in unsupported));

    it("has fixtures to compare", () => {
      expect(comparable.length).toBeGreaterThan(0);
      // Guard against a typo in `unsupported` silently comparing nothing.
      for (const fixtureName of Object.keys(unsupported)) expect(all.map((f) => f.name)).toContain(fixtureName);
    });

    it.each(comparable.map((fixture) => [fixture.name, fixture] as const))("%s", (_name, fixture) => {
      const options = Object.fromEntries(
        Object.entries(fixture.options).map(([key, value]) => [renames[key] ?? key, value]),
      );
      const props = toProps(options) as Record<string, unknown>;
      expect(normaliseHtml(render(Component, props))).toEqual(normaliseHtml(fixture.html));
    });
  },
);

// ---------------------------------------------------------------------------
// What the fixtures cannot check: our own conventions and the council branding.

describe("Table, as pages show it", () => {
  const rows = [[{ text: "Prevent awareness" }, { text: "12", format: "numeric" as const }]];

  it("is GOV.UK's table in a box that scrolls sideways, takes focus and is a region named by its caption", () => {
    const html = renderToStaticMarkup(<components.Table caption="Coverage by requirement" rows={rows} />);
    const id = /<caption id="([^"]+)"/.exec(html)?.[1];
    expect(id).toBeTruthy();
    expect(html).toMatch(
      new RegExp(
        `^<div class="app-table-wrapper" tabindex="0" role="region" aria-labelledby="${id}"><table class="govuk-table">`,
      ),
    );
    expect(html).toContain(
      renderToStaticMarkup(<components.GovukTable rows={rows} />).replace(/^<table class="govuk-table">/, ""),
    );
  });

  it("is named by its label where one is given, and is no region without a name", () => {
    expect(renderToStaticMarkup(<components.Table label="Staff at Ash Grove" caption="Staff" rows={rows} />)).toMatch(
      /^<div class="app-table-wrapper" tabindex="0" role="region" aria-label="Staff at Ash Grove"><table/,
    );
    expect(renderToStaticMarkup(<components.Table rows={rows} />)).toMatch(
      /^<div class="app-table-wrapper" tabindex="0"><table/,
    );
  });
});

describe("normaliseHtml", () => {
  it("ignores attribute order, indentation and void-element syntax, and nothing else", () => {
    expect(normaliseHtml('<p id=x class="a  b">\n  Hi   there\n</p><input disabled/>')).toEqual([
      '<p class="a b" id="x">',
      "Hi there",
      "</p>",
      '<input disabled="">',
    ]);
    expect(normaliseHtml('<p class="a">Hi</p>')).not.toEqual(normaliseHtml('<p class="b">Hi</p>'));
    expect(normaliseHtml("<p>Hi</p>")).not.toEqual(normaliseHtml("<p>Hello</p>"));
    expect(normaliseHtml("<p>Hi</p>")).not.toEqual(normaliseHtml("<div>Hi</div>"));
    expect(normaliseHtml("<p>&#39;&amp;&#x27;</p>")).toEqual(["<p>", "'&'", "</p>"]);
  });
});

describe("conventions", () => {
  it("wires hint and error ids into aria-describedby (Input)", () => {
    const html = render(loose(components.Input), {
      name: "email",
      label: { children: "Email address" },
      hint: { children: "Your work address" },
      errorMessage: { children: "Enter an email address" },
      value: "a@example.org",
    });
    expect(html).toContain('id="email-hint"');
    expect(html).toContain('id="email-error"');
    expect(html).toContain('aria-describedby="email-hint email-error"');
    // `value` is the initial value of an uncontrolled input
    expect(html).toContain('value="a@example.org"');
  });

  it("names date fields <namePrefix>-day, -month and -year", () => {
    const html = render(loose(components.DateInput), {
      id: "completed-on",
      namePrefix: "completedOn",
      values: { day: "3", month: "4", year: "2025" },
    });
    expect(html).toContain('name="completedOn-day"');
    expect(html).toContain('name="completedOn-month"');
    expect(html).toContain('name="completedOn-year"');
    expect(html).toContain('id="completed-on-year"');
    expect(html).toContain('value="2025"');
  });

  it("shorthands: Button secondary/warning, Tag colour, Table header cells", () => {
    expect(render(loose(components.Button), { secondary: true, children: "Filter" })).toContain(
      'class="govuk-button govuk-button--secondary"',
    );
    expect(render(loose(components.Button), { warning: true, children: "Delete" })).toContain(
      'class="govuk-button govuk-button--warning"',
    );
    expect(render(loose(components.Tag), { colour: "green", children: "Valid" })).toBe(
      '<strong class="govuk-tag govuk-tag--green">Valid</strong>',
    );
    const table = render(loose(components.GovukTable), {
      rows: [
        [
          { text: "Prevent awareness", header: true },
          { text: "12", format: "numeric" },
        ],
      ],
    });
    expect(table).toContain('<th scope="row" class="govuk-table__header">Prevent awareness</th>');
    expect(table).toContain('<td class="govuk-table__cell govuk-table__cell--numeric">12</td>');
  });

  it("marks the current service navigation item with aria-current=page", () => {
    const html = render(loose(components.ServiceNavigation), {
      serviceName: "Prevent Training Tracker",
      serviceUrl: "/",
      navigation: [
        { href: "/courses", text: "Courses", current: true },
        { href: "/people", text: "People" },
      ],
    });
    expect(normaliseHtml(html)).toEqual(
      expect.arrayContaining([
        '<li class="govuk-service-navigation__item govuk-service-navigation__item--active">',
        '<a aria-current="page" class="govuk-service-navigation__link" href="/courses">',
        '<strong class="govuk-service-navigation__active-fallback">',
      ]),
    );
  });

  it("has no GOV.UK crown, logo, crest or Open Government Licence in the header and footer", () => {
    const html =
      render(loose(components.Header), { children: "Example Borough Council" }) +
      render(loose(components.Footer), {
        meta: { items: [{ href: "/accessibility", text: "Accessibility statement" }] },
        copyright: "© Example Borough Council",
      });
    for (const forbidden of [
      "govuk-header__logotype",
      "govuk-logo",
      "govuk-footer__crown",
      "govuk-footer__copyright-logo",
      "govuk-footer__licence-logo",
      "Crown copyright",
      "Open Government Licence",
      "<svg",
    ]) {
      expect(html).not.toContain(forbidden);
    }
    expect(html).toContain('<a href="/" class="govuk-generic-header__homepage-link">Example Borough Council</a>');
  });
});
