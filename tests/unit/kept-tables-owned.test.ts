import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

// The kept state (decision 009) is read and refreshed only in app/domain/kept-coverage/: anywhere
// else could read its tables without bringing them up to date first. dependency-cruiser forbids
// importing app/db/schema/kept-coverage.ts from outside; this finds the tables named in SQL text
// (sql`…` templates, sql.raw("…")) or imported from the schema index.

const OWNER = "app/domain/kept-coverage/";
const TABLES = [
  "person_requirements",
  "coverage_figures",
  "person_statuses",
  "person_quarter_courses",
  "stale_person_requirements",
  "kept_coverage_checks",
];
const TABLE_OBJECTS = [
  "personRequirements",
  "coverageFigures",
  "personStatuses",
  "personQuarterCourses",
  "stalePersonRequirements",
  "keptCoverageChecks",
];
const tableInText = new RegExp(`\\b(${TABLES.join("|")})\\b`);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

/** Where a file names a kept table in SQL, or imports one of its table objects from the schema. */
function keptTableUses(fileName: string, text: string): string[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const at = (node: ts.Node) => `${fileName}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
  const visit = (node: ts.Node) => {
    if (ts.isTaggedTemplateExpression(node) && node.tag.getText(source) === "sql") {
      const template = node.template;
      const pieces = ts.isNoSubstitutionTemplateLiteral(template)
        ? [template.text]
        : [template.head.text, ...template.templateSpans.map((span) => span.literal.text)];
      const match = pieces.join(" ").match(tableInText);
      if (match) found.push(`${at(node)} ${match[1]}`);
    }
    if (
      ts.isCallExpression(node) &&
      node.expression.getText(source) === "sql.raw" &&
      node.arguments[0] &&
      ts.isStringLiteralLike(node.arguments[0])
    ) {
      const match = node.arguments[0].text.match(tableInText);
      if (match) found.push(`${at(node)} ${match[1]}`);
    }
    if (ts.isImportDeclaration(node) && /\/db\/schema(\/|"|'|$)/.test(node.moduleSpecifier.getText(source))) {
      const named = node.importClause?.namedBindings;
      if (named && ts.isNamedImports(named)) {
        for (const element of named.elements) {
          const name = (element.propertyName ?? element.name).text;
          if (TABLE_OBJECTS.includes(name)) found.push(`${at(node)} ${name}`);
        }
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe("the kept state's tables", () => {
  it("are read only in app/domain/kept-coverage/", () => {
    const root = process.cwd();
    const uses = sourceFiles(join(root, "app"))
      .map((path) => relative(root, path).split("\\").join("/"))
      .filter((path) => !path.startsWith(OWNER) && !path.startsWith("app/db/"))
      .flatMap((path) => keptTableUses(path, readFileSync(join(root, path), "utf8")));
    expect(uses).toEqual([]);
  });

  it("are found in SQL text and in imports of the table objects", () => {
    const text = [
      'import { personRequirements } from "../../db/schema";',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: the source text of a template literal, as the check reads it
      "const a = sql`select * from ${x} k join person_requirements p on true`;",
      'const b = sql.raw("delete from coverage_figures");',
      "// person_requirements in a comment is fine",
      "const c = sql`select 1 from people`;",
    ].join("\n");
    expect(keptTableUses("f.ts", text)).toEqual([
      "f.ts:1 personRequirements",
      "f.ts:2 person_requirements",
      "f.ts:3 coverage_figures",
    ]);
  });
});
