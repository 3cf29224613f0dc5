import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, useRevalidator } from "@remix-run/react";
import { useEffect } from "react";
import { z } from "zod";
import {
  BackLink,
  Button,
  Checkboxes,
  ErrorSummary,
  InsetText,
  Panel,
  Select,
  SummaryList,
  Table,
  WarningText,
} from "../components";
import {
  discardImport,
  type ImportPreview,
  saveColumnMappings,
  saveValueMappings,
  startApplyImport,
  startPreviewImport,
  updateImportOptions,
} from "../domain/imports/import-runs";
import { importKind } from "../domain/imports/registry";
import { formatDateTime } from "../lib/dates";
import { errorList, formValues } from "../lib/forms";
import { pageTitle } from "../lib/page-title";
import { readForm } from "../lib/request";
import { withFormErrors } from "./shared/domain-errors.server";
import { ImportOptionFields, ImportStatusTag, countsText } from "./shared/import-parts";
import { importContext, requireImportRun } from "./shared/import-route.server";

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  pageTitle(data ? `Import ${data.run.id}: ${data.run.kindLabel}` : "Import");

/** Problems listed on the page; all of them are in the rows-to-fix download. */
const PROBLEMS_SHOWN = 100;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, run } = await requireImportRun(request, params);
  const kind = importKind(run.kind);
  const preview = run.preview;
  const waiting = run.status === "previewed" || run.status === "failed";
  const [optionFields, valueChoices] =
    kind && waiting
      ? await Promise.all([kind.optionFields(db), kind.valueChoices?.(db) ?? Promise.resolve({})])
      : [[], {}];
  return {
    run: {
      ...run,
      preview: preview
        ? { ...preview, problems: preview.problems.slice(0, PROBLEMS_SHOWN), problemCount: preview.problems.length }
        : null,
    },
    optionFields,
    valueChoices: valueChoices as Record<string, Array<{ value: string; label: string }>>,
  };
}

const Intent = z.enum(["preview", "map-columns", "options", "map-values", "apply", "discard"]);

export async function action({ request, params }: ActionFunctionArgs) {
  const { db, user, storage, run } = await requireImportRun(request, params);
  const form = await readForm(request);
  const values = formValues(form) as Record<string, string>;
  const intent = Intent.safeParse(values.intent);
  if (!intent.success) return data({ errors: { form: "Choose what to do with the import." } }, { status: 400 });
  const here = `/admin/imports/${run.id}`;
  const again = () => {
    startPreviewImport(db, storage, run.id, importContext());
    return redirect(here);
  };
  return withFormErrors(
    async () => {
      switch (intent.data) {
        case "preview":
          if (!run.interrupted && run.status !== "previewed" && run.status !== "failed") return redirect(here);
          return again();
        case "map-columns": {
          const role = values.role ?? "";
          const headers = Object.fromEntries(
            Object.entries(values)
              .filter(([name]) => name.startsWith("column-"))
              .map(([name, header]) => [name.slice("column-".length), header]),
          );
          await saveColumnMappings(db, run.id, { role, headers, actorAccountId: user.accountId });
          return again();
        }
        case "options":
          await updateImportOptions(db, run.id, { options: values, actorAccountId: user.accountId });
          return again();
        case "map-values": {
          const choices = (run.preview?.valueGroups ?? []).map((group) => ({
            field: group.field,
            key: group.key,
            choice: values[`value-${group.field}-${group.key}`] ?? "",
          }));
          await saveValueMappings(db, run.id, { choices, actorAccountId: user.accountId });
          return again();
        }
        case "apply":
          await startApplyImport(db, storage, run.id, {
            ...importContext(),
            actorAccountId: user.accountId,
            skipBadRows: values.skipBadRows === "yes",
          });
          return redirect(here);
        case "discard":
          await discardImport(db, run.id, user.accountId);
          return redirect("/admin/imports");
      }
    },
    { values },
  );
}

type LoadedRun = ReturnType<typeof useLoaderData<typeof loader>>["run"];
type LoadedPreview = NonNullable<LoadedRun["preview"]>;

/** A value's select is named by its key, which may hold spaces; its id is its place in the list. */
const valueSelectId = (index: number) => `value-${index + 1}`;

/** Where the error summary's links go: the field each error is on. */
function errorTargets(preview: LoadedRun["preview"]): Record<string, string> {
  return Object.fromEntries(
    (preview?.valueGroups ?? []).map((group, index) => [`value-${group.key}`, valueSelectId(index)]),
  );
}

const n = (value: number) => value.toLocaleString("en-GB");

export default function ImportRun() {
  const { run, optionFields, valueChoices } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors = result && "errors" in result ? (result.errors as Record<string, string>) : undefined;
  const preview = run.preview;
  const underWay = (run.status === "previewing" || run.status === "applying") && !run.interrupted;
  return (
    <>
      <BackLink href="/admin/imports">Imports</BackLink>
      {errors ? <ErrorSummary errorList={errorList(errors, errorTargets(preview))} /> : null}
      <span className="govuk-caption-l">
        Import {run.id}: {run.kindLabel}
      </span>
      <h1 className="govuk-heading-l">{run.files.map((f) => f.name).join(" and ")}</h1>
      <p className="govuk-body">
        <ImportStatusTag status={run.status} interrupted={run.interrupted} /> Uploaded by {run.uploadedBy} on{" "}
        {formatDateTime(run.uploadedAt)}
        {run.appliedAt
          ? `; applied by ${run.appliedBy ?? "someone no longer here"} on ${formatDateTime(run.appliedAt)}`
          : ""}
        .
      </p>
      {underWay ? <Progress run={run} /> : null}
      {run.interrupted ? (
        <>
          <WarningText>
            This import was interrupted (the service restarted) and nothing was applied. Check the file again to carry
            on.
          </WarningText>
          <Form method="post">
            <Button type="submit" name="intent" value="preview">
              Check the file again
            </Button>
          </Form>
        </>
      ) : null}
      {run.status === "failed" ? (
        <>
          <WarningText>{run.failure}</WarningText>
          <p className="govuk-body">
            <a className="govuk-link" href={`/admin/imports/new?kind=${run.kind}`}>
              Upload a file again
            </a>
          </p>
        </>
      ) : null}
      {run.status === "applied" && preview ? (
        <Panel titleText="Import applied">{countsText(preview.counts)}</Panel>
      ) : null}
      {run.status === "discarded" ? <InsetText>This import was discarded: nothing in it was applied.</InsetText> : null}
      {preview && !underWay ? (
        <PreviewDetails
          run={run}
          preview={preview}
          optionFields={optionFields}
          valueChoices={valueChoices}
          errors={errors}
        />
      ) : null}
    </>
  );
}

/** What is happening now; the page checks again every 2 seconds (without JavaScript, a link to). */
function Progress({ run }: { run: LoadedRun }) {
  const revalidator = useRevalidator();
  useEffect(() => {
    const timer = setInterval(() => {
      if (revalidator.state === "idle") revalidator.revalidate();
    }, 2000);
    return () => clearInterval(timer);
  }, [revalidator]);
  const rows = run.progress?.rowsDone ?? 0;
  const doing = run.status === "applying" ? "Applying the import" : "Reading and checking the file";
  return (
    <div className="govuk-!-margin-bottom-6">
      <p className="govuk-body-l" role="status" aria-live="polite">
        {doing}
        {rows > 0 ? `: ${n(rows)} rows so far` : "…"}
      </p>
      {run.status === "applying" && run.preview ? (
        <p className="govuk-body">
          {n(run.preview.counts.created + run.preview.counts.changed + run.preview.counts.ended)} changes to make.
          Nothing is changed until all of them are made.
        </p>
      ) : null}
      <p className="govuk-body">
        You can leave this page: the import carries on.{" "}
        <a className="govuk-link" href={`/admin/imports/${run.id}`}>
          Check progress
        </a>
      </p>
    </div>
  );
}

function PreviewDetails({
  run,
  preview,
  optionFields,
  valueChoices,
  errors,
}: {
  run: LoadedRun;
  preview: LoadedPreview;
  optionFields: ReturnType<typeof useLoaderData<typeof loader>>["optionFields"];
  valueChoices: Record<string, Array<{ value: string; label: string }>>;
  errors: Record<string, string> | undefined;
}) {
  const navigation = useNavigation();
  const busy = navigation.state === "submitting";
  const waiting = run.status === "previewed";
  const counts = preview.counts;
  const changes = counts.created + counts.changed + counts.ended;
  const unmapped = preview.valueGroups.filter((g) => g.choice === null).length;
  return (
    <>
      {waiting && run.failure ? <WarningText>{run.failure}</WarningText> : null}
      {preview.sameFilesApplied ? (
        <InsetText>
          This file was imported before, on {formatDateTime(preview.sameFilesApplied.appliedAt)} (
          <a className="govuk-link" href={`/admin/imports/${preview.sameFilesApplied.runId}`}>
            import {preview.sameFilesApplied.runId}
          </a>
          ). Importing it again changes only what has changed in the records since.
        </InsetText>
      ) : null}

      <h2 className="govuk-heading-m">The file</h2>
      {preview.files.map((file) => (
        <FileColumns key={file.role} runId={run.id} file={file} errors={errors} waiting={waiting} />
      ))}

      {preview.planned ? (
        <>
          <h2 className="govuk-heading-m">
            {run.status === "applied" ? "What the import did" : "What the import would do"}
          </h2>
          <SummaryList
            rows={[
              { key: { children: "Created" }, value: { children: n(counts.created) } },
              { key: { children: "Changed" }, value: { children: n(counts.changed) } },
              { key: { children: "Unchanged" }, value: { children: n(counts.unchanged) } },
              { key: { children: "Ended" }, value: { children: n(counts.ended) } },
              { key: { children: "Rows with problems" }, value: { children: n(counts.skipped) } },
            ]}
          />
          {preview.notes.length > 0 ? (
            <ul className="govuk-list govuk-list--bullet">
              {preview.notes.map((note) => (
                <li key={note}>{note}</li>
              ))}
            </ul>
          ) : null}
        </>
      ) : null}

      {waiting && optionFields.length > 0 ? (
        <Form method="post">
          <h2 className="govuk-heading-m">Choices</h2>
          <ImportOptionFields fields={optionFields} values={run.options} errors={errors} />
          <Button type="submit" name="intent" value="options" secondary disabled={busy}>
            Check again with these choices
          </Button>
        </Form>
      ) : null}

      {preview.valueGroups.length > 0 ? (
        <ValueGroups preview={preview} valueChoices={valueChoices} errors={errors} waiting={waiting} />
      ) : null}

      {preview.problemCount > 0 ? (
        <>
          <h2 className="govuk-heading-m" id="problems">
            Rows with problems
          </h2>
          <p className="govuk-body">
            {n(counts.skipped)} {counts.skipped === 1 ? "row has" : "rows have"} problems
            {preview.problemCount > preview.problems.length ? `; the first ${preview.problems.length} are listed` : ""}.{" "}
            {run.files.map((file) => (
              <a
                key={file.role}
                className="govuk-link govuk-!-margin-right-3"
                href={`/admin/imports/${run.id}/rows-to-fix.csv?file=${file.role}`}
                download
              >
                Download the rows with problems{run.files.length > 1 ? ` of ${file.name}` : ""} (CSV)
              </a>
            ))}
          </p>
          <Table
            caption="Rows with problems"
            captionClassName="govuk-visually-hidden"
            head={[{ text: "Line", format: "numeric" }, { text: "Column" }, { text: "Problem" }]}
            rows={preview.problems.map((p) => [
              { text: `${p.file && run.files.length > 1 ? `${p.file} ` : ""}${p.line}`, format: "numeric" },
              { text: p.column || "Whole row" },
              { text: p.reason },
            ])}
          />
        </>
      ) : null}

      {preview.changes.length > 0 ? <Changes preview={preview} applied={run.status === "applied"} /> : null}

      {waiting && preview.planned ? (
        <Form method="post">
          <h2 className="govuk-heading-m">Apply the import</h2>
          {counts.skipped > 0 ? (
            <Checkboxes
              name="skipBadRows"
              items={[
                {
                  value: "yes",
                  id: "skipBadRows",
                  children: `Skip the ${n(counts.skipped)} ${counts.skipped === 1 ? "row" : "rows"} with problems and import the rest`,
                },
              ]}
              errorMessage={errors?.skipBadRows ? { children: errors.skipBadRows } : undefined}
            />
          ) : null}
          {unmapped > 0 ? (
            <p className="govuk-body">Choose what each value above stands for before you apply the import.</p>
          ) : null}
          <div className="govuk-button-group">
            <Button type="submit" name="intent" value="apply" disabled={busy} preventDoubleClick>
              {changes === 0
                ? "Record the import (nothing to change)"
                : `Apply ${n(changes)} ${changes === 1 ? "change" : "changes"}`}
            </Button>
            <Button type="submit" name="intent" value="discard" secondary disabled={busy}>
              Discard this import
            </Button>
          </div>
        </Form>
      ) : null}
    </>
  );
}

function FileColumns({
  runId,
  file,
  errors,
  waiting,
}: {
  runId: number;
  file: ImportPreview["files"][number];
  errors: Record<string, string> | undefined;
  waiting: boolean;
}) {
  return (
    <>
      <SummaryList
        rows={[
          {
            key: { children: "File" },
            value: {
              children: (
                <>
                  {file.name} ({file.label.toLowerCase()}){" "}
                  <a className="govuk-link" href={`/admin/imports/${runId}/files/${file.role}`} download>
                    Download<span className="govuk-visually-hidden"> {file.name} as uploaded</span>
                  </a>
                </>
              ),
            },
          },
          { key: { children: "Read as" }, value: { children: file.encoding } },
          { key: { children: "Rows" }, value: { children: n(file.rows) } },
          {
            key: { children: "Columns used" },
            value: {
              children: (
                <ul className="govuk-list">
                  {file.used.map((u) => (
                    <li key={u.field}>
                      {u.header} as {u.label.toLowerCase()}
                      {u.remembered ? " (chosen before)" : ""}
                    </li>
                  ))}
                </ul>
              ),
            },
          },
          {
            key: { children: "Columns ignored" },
            value: { children: file.ignored.length > 0 ? file.ignored.join(", ") : "None" },
          },
        ]}
      />
      {file.missing.length > 0 && waiting ? (
        <Form method="post">
          <h3 className="govuk-heading-s">Choose the columns the import needs</h3>
          <p className="govuk-body">
            The file has no column with a name we recognise for{" "}
            {file.missing.map((m) => m.label.toLowerCase()).join(", ")}. Choose which column holds it: the choice is
            remembered for the next file of this kind.
          </p>
          <input type="hidden" name="role" value={file.role} />
          {file.missing.map((m) => (
            <Select
              key={m.field}
              id={m.field}
              name={`column-${m.field}`}
              label={{ children: m.label, className: "govuk-label--s" }}
              items={[
                { value: "", children: "Choose a column" },
                ...file.headers.filter((h) => h !== "").map((h) => ({ value: h, children: h })),
              ]}
              errorMessage={errors?.[m.field] ? { children: errors[m.field] } : undefined}
            />
          ))}
          <Button type="submit" name="intent" value="map-columns">
            Use these columns
          </Button>
        </Form>
      ) : null}
    </>
  );
}

function ValueGroups({
  preview,
  valueChoices,
  errors,
  waiting,
}: {
  preview: LoadedPreview;
  valueChoices: Record<string, Array<{ value: string; label: string }>>;
  errors: Record<string, string> | undefined;
  waiting: boolean;
}) {
  return (
    <Form method="post">
      <h2 className="govuk-heading-m">What the values in the file stand for</h2>
      <p className="govuk-body">
        People write the same thing in different ways. Choose once what each group stands for, or to ignore its rows:
        the choices are remembered for the next file.
      </p>
      <Table
        caption="Values found in the file"
        captionClassName="govuk-visually-hidden"
        head={[{ text: "As written in the file" }, { text: "Rows", format: "numeric" }, { text: "Stands for" }]}
        rows={preview.valueGroups.map((group, index) => {
          const name = `value-${group.field}-${group.key}`;
          const id = valueSelectId(index);
          return [
            { text: group.spellings.map((s) => `“${s.text}”`).join(", ") },
            { text: n(group.spellings.reduce((sum, s) => sum + s.rows, 0)), format: "numeric" },
            {
              children: waiting ? (
                <Select
                  id={id}
                  name={name}
                  label={{
                    children: `What ${group.spellings[0]?.text ?? group.key} stands for`,
                    className: "govuk-visually-hidden",
                  }}
                  value={group.choice ?? ""}
                  formGroup={{ className: "govuk-!-margin-bottom-0" }}
                  items={[
                    { value: "", children: "Choose" },
                    ...(valueChoices[group.field] ?? []).map((c) => ({ value: c.value, children: c.label })),
                    { value: "ignore", children: "Ignore these rows" },
                  ]}
                  errorMessage={errors?.[`value-${group.key}`] ? { children: errors[`value-${group.key}`] } : undefined}
                />
              ) : (
                (valueChoices[group.field]?.find((c) => c.value === group.choice)?.label ??
                (group.choice === "ignore" ? "Ignored" : (group.choice ?? "Not chosen")))
              ),
            },
          ];
        })}
      />
      {waiting ? (
        <Button type="submit" name="intent" value="map-values" secondary>
          Save these choices
        </Button>
      ) : null}
    </Form>
  );
}

const ACTIONS = { create: "To create", change: "To change", end: "To end" } as const;
const DONE = { create: "Created", change: "Changed", end: "Ended" } as const;

function Changes({ preview, applied }: { preview: LoadedPreview; applied: boolean }) {
  return (
    <>
      {(["create", "change", "end"] as const).map((action) => {
        const shown = preview.changes.filter((c) => c.action === action);
        if (shown.length === 0) return null;
        const total =
          action === "create"
            ? preview.counts.created
            : action === "change"
              ? preview.counts.changed
              : preview.counts.ended;
        return (
          <div key={action}>
            <h2 className="govuk-heading-m">
              {(applied ? DONE : ACTIONS)[action]} ({n(total)})
            </h2>
            {total > shown.length ? <p className="govuk-body">The first {n(shown.length)} are listed.</p> : null}
            <Table
              caption={`${(applied ? DONE : ACTIONS)[action]}`}
              captionClassName="govuk-visually-hidden"
              head={[
                { text: "Line", format: "numeric" },
                { text: "Record" },
                ...(action === "change" ? [{ text: "Before" }, { text: "After" }] : []),
              ]}
              rows={shown.map((change) => [
                { text: change.line === null ? "" : String(change.line), format: "numeric" },
                { text: change.label },
                ...(action === "change"
                  ? [
                      { children: <FieldValues values={change.before} /> },
                      { children: <FieldValues values={change.after} /> },
                    ]
                  : []),
              ])}
            />
          </div>
        );
      })}
    </>
  );
}

function FieldValues({ values }: { values: Record<string, string | null> | undefined }) {
  return (
    <ul className="govuk-list govuk-!-margin-bottom-0">
      {Object.entries(values ?? {}).map(([field, value]) => (
        <li key={field}>
          {field}: {value === null || value === "" ? "(none)" : value}
        </li>
      ))}
    </ul>
  );
}
