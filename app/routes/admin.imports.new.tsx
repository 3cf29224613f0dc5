import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { notFound } from "../auth/guards.server";
import { BackLink, Button, Details, ErrorSummary, FileUpload, Radios, Table } from "../components";
import { startPreviewImport, uploadImport } from "../domain/imports/import-runs";
import { importKind } from "../domain/imports/registry";
import { IMPORT_KIND_LABELS, IMPORT_KINDS, MAX_IMPORT_BYTES } from "../domain/imports/values";
import { errorList, formValues } from "../lib/forms";
import { pageTitle } from "../lib/page-title";
import { readForm, readQuery } from "../lib/request";
import { withFormErrors } from "./shared/domain-errors.server";
import { ImportOptionFields } from "./shared/import-parts";
import { importContext, requireImportManager } from "./shared/import-route.server";

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  pageTitle(data && !data.choose ? `Import: ${data.label}` : "Start an import");

const Query = z.object({ kind: z.enum(IMPORT_KINDS) });

async function requireKind(request: Request) {
  const signedIn = await requireImportManager(request);
  const parsed = Query.safeParse(formValues(readQuery(request)));
  const kind = parsed.success ? importKind(parsed.data.kind) : undefined;
  if (!parsed.success || !kind) notFound("kind of import");
  return { ...signedIn, key: parsed.data.kind, kind };
}

export async function loader({ request }: LoaderFunctionArgs) {
  // With no kind chosen yet, the page asks which (a link from elsewhere may name one).
  if (!readQuery(request).has("kind")) {
    await requireImportManager(request);
    return { choose: true as const };
  }
  const { db, key, kind } = await requireKind(request);
  return {
    choose: false as const,
    kindKey: key,
    label: IMPORT_KIND_LABELS[key],
    files: kind.files.map((f) => ({
      role: f.role,
      label: f.label,
      optional: f.optional ?? false,
      fields: f.fields.map((field) => ({
        label: field.label,
        required: field.required,
        spellings: [field.label, ...field.synonyms.filter((s) => s !== field.label)].slice(0, 6),
      })),
    })),
    optionFields: await kind.optionFields(db),
    localAuthorityCode: importContext().settings.localAuthorityCode,
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const { db, user, storage, key, kind } = await requireKind(request);
  const form = await readForm(request);
  const files = await Promise.all(
    kind.files.map(async (spec) => {
      const entry = form.get(`file-${spec.role}`);
      return entry instanceof File
        ? { role: spec.role, name: entry.name, bytes: new Uint8Array(await entry.arrayBuffer()) }
        : { role: spec.role, name: "", bytes: new Uint8Array() };
    }),
  );
  const options: Record<string, string> = {};
  for (const field of await kind.optionFields(db)) {
    const value = form.get(field.name);
    if (typeof value === "string") options[field.name] = value;
  }
  return withFormErrors(
    async () => {
      const runId = await uploadImport(db, storage, { kind: key, files, options, actorAccountId: user.accountId });
      startPreviewImport(db, storage, runId, importContext());
      throw redirect(`/admin/imports/${runId}`);
    },
    { values: options },
  );
}

export default function NewImport() {
  const loaded = useLoaderData<typeof loader>();
  return loaded.choose ? <ChooseKind /> : <UploadForm {...loaded} />;
}

function ChooseKind() {
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <BackLink href="/admin/imports">Imports</BackLink>
        <form method="get">
          <Radios
            name="kind"
            fieldset={{
              legend: {
                children: "What are you importing?",
                isPageHeading: true,
                className: "govuk-fieldset__legend--l",
              },
            }}
            items={IMPORT_KINDS.map((kind) => ({ value: kind, children: IMPORT_KIND_LABELS[kind] }))}
          />
          <Button type="submit">Continue</Button>
        </form>
      </div>
    </div>
  );
}

function UploadForm({
  kindKey,
  label,
  files,
  optionFields,
  localAuthorityCode,
}: Extract<ReturnType<typeof useLoaderData<typeof loader>>, { choose: false }>) {
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <BackLink href="/admin/imports">Imports</BackLink>
        {result?.errors ? <ErrorSummary errorList={errorList(result.errors)} /> : null}
        <span className="govuk-caption-l">Start an import</span>
        <h1 className="govuk-heading-l">{label}</h1>
        <p className="govuk-body">
          Upload a CSV file (up to {MAX_IMPORT_BYTES / 1024 / 1024} MB). Nothing changes yet: next you will see what the
          file would create and change, and any rows with problems.
        </p>
        {kindKey === "schools" ? (
          <p className="govuk-body">
            {localAuthorityCode
              ? `Only schools of local authority ${localAuthorityCode} are imported.`
              : "The council’s local authority number is not set (LOCAL_AUTHORITY_CODE), so no school can be imported yet: ask whoever runs the service to set it."}
          </p>
        ) : null}
        {files.map((file) => (
          <Details key={file.role} summaryText={`Columns the ${file.label.toLowerCase()} needs`}>
            <p className="govuk-body">
              Columns are found by their names in the first row, in any order; other columns are ignored.
            </p>
            <Table
              caption={`Columns of the ${file.label.toLowerCase()}`}
              captionClassName="govuk-visually-hidden"
              head={[{ text: "Column" }, { text: "Needed" }, { text: "Also recognised as" }]}
              rows={file.fields.map((field) => [
                { text: field.spellings[0] },
                { text: field.required ? "Yes" : "No" },
                { text: field.spellings.slice(1).join(", ") },
              ])}
            />
          </Details>
        ))}
        <Form method="post" encType="multipart/form-data" noValidate>
          {files.map((file) => (
            <FileUpload
              key={file.role}
              name={`file-${file.role}`}
              accept=".csv,text/csv"
              label={{ children: `${file.label}${file.optional ? " (optional)" : ""}`, className: "govuk-label--m" }}
              errorMessage={
                result?.errors?.[`file-${file.role}`] ? { children: result.errors[`file-${file.role}`] } : undefined
              }
            />
          ))}
          <ImportOptionFields fields={optionFields} values={result?.values ?? {}} errors={result?.errors} />
          <Button type="submit" disabled={navigation.state === "submitting"} preventDoubleClick>
            Upload and check the file
          </Button>
        </Form>
      </div>
    </div>
  );
}
