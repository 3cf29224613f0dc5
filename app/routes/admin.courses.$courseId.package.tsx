import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import {
  BackLink,
  Button,
  ErrorSummary,
  FileUpload,
  InsetText,
  NotificationBanner,
  SummaryList,
  Table,
  WarningText,
} from "../components";
import {
  MAX_PACKAGE_EXPANDED_BYTES,
  MAX_PACKAGE_UPLOAD_BYTES,
  megabytes,
  scormVersionLabel,
} from "../domain/elearning/packages/values";
import { packageExternalHosts } from "../domain/elearning/packages/external-references";
import { listPackageVersions } from "../domain/elearning/packages/packages";
import { uploadPackage } from "../domain/elearning/packages/upload-package";
import { errorList } from "../lib/forms";
import { formatDate, formatDateTime } from "../lib/dates";
import { pageTitle } from "../lib/page-title";
import { readForm, readQuery } from "../lib/request";
import { withFormErrors } from "./shared/domain-errors.server";
import { requireCourseForPackages } from "./shared/course-package.server";

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  pageTitle(data ? `E-learning package: ${data.course.title}` : "E-learning package");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, course, storage } = await requireCourseForPackages(request, params);
  const uploaded = Number(readQuery(request).get("uploaded") ?? "");
  const versions = await listPackageVersions(db, course.id);
  const current = versions.find((v) => v.replacedAt === null);
  // What the current version would load from other websites: blocked, so the coordinator is told.
  const externalHosts = current ? await packageExternalHosts(db, storage, current.id) : [];
  return {
    course: {
      id: course.id,
      title: course.title,
      code: course.code,
      hosted: course.deliveryMode === "hosted_elearning",
    },
    externalHosts,
    uploaded: Number.isInteger(uploaded) && versions.some((v) => v.version === uploaded) ? uploaded : null,
    versions: versions.map((v) => ({
      id: v.id,
      version: v.version,
      scorm: scormVersionLabel(v.scormVersion, v.schemaVersion),
      title: v.title,
      launchPath: v.launchPath,
      fileName: v.fileName,
      fileCount: v.fileCount,
      size: megabytes(v.totalBytes),
      uploadedAt: v.uploadedAt.toISOString(),
      uploadedBy: v.uploadedBy,
      replacedAt: v.replacedAt?.toISOString() ?? null,
      attempts: v.attempts,
    })),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { db, user, course, storage } = await requireCourseForPackages(request, params);
  const form = await readForm(request);
  const file = form.get("package");
  const bytes = file instanceof File ? new Uint8Array(await file.arrayBuffer()) : new Uint8Array();
  const fileName = file instanceof File ? file.name : "";
  return withFormErrors(async () => {
    const { version } = await uploadPackage(db, storage, {
      courseId: course.id,
      fileName,
      bytes,
      actorAccountId: user.accountId,
      now: new Date(),
    });
    throw redirect(`/admin/courses/${course.id}/package?uploaded=${version}`);
  }, {});
}

export default function CoursePackage() {
  const { course, versions, uploaded, externalHosts } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const current = versions.find((v) => v.replacedAt === null);
  const older = versions.filter((v) => v.replacedAt !== null);
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <BackLink href={`/admin/courses/${course.id}/edit`}>Change the course</BackLink>
        {result?.errors ? <ErrorSummary errorList={errorList(result.errors)} /> : null}
        {uploaded && !result?.errors ? (
          <NotificationBanner type="success" titleId="package-uploaded-title">
            <p className="govuk-notification-banner__heading">
              Version {uploaded} of the package is now the one learners start
            </p>
          </NotificationBanner>
        ) : null}
        <span className="govuk-caption-l">{course.title}</span>
        <h1 className="govuk-heading-l">E-learning package</h1>
        {!course.hosted ? (
          <InsetText>
            This course is not hosted e-learning. To upload a package, first change how the course is delivered to
            “Hosted e-learning”.
          </InsetText>
        ) : null}

        <h2 className="govuk-heading-m">Current version</h2>
        {current ? (
          <SummaryList
            rows={[
              { key: { children: "Version" }, value: { children: String(current.version) } },
              { key: { children: "Title in the package" }, value: { children: current.title } },
              { key: { children: "Standard" }, value: { children: current.scorm } },
              { key: { children: "Starts at" }, value: { children: <code>{current.launchPath}</code> } },
              {
                key: { children: "File" },
                value: { children: `${current.fileName} (${current.fileCount} files, ${current.size} unzipped)` },
              },
              {
                key: { children: "Uploaded" },
                value: {
                  children: `${formatDateTime(current.uploadedAt)}${current.uploadedBy ? ` by ${current.uploadedBy}` : ""}`,
                },
              },
              { key: { children: "Attempts" }, value: { children: String(current.attempts) } },
            ]}
          />
        ) : (
          <p className="govuk-body">No package has been uploaded yet, so learners cannot start this course.</p>
        )}
        {current && externalHosts.length > 0 ? (
          <WarningText>
            This package loads content from other websites, which learners’ browsers will block:{" "}
            {externalHosts.join(", ")}. Fonts, videos or images from there will be missing. Ask the author for a package
            that carries them inside the zip.
          </WarningText>
        ) : null}
        {current ? (
          <p className="govuk-body">
            <a
              className="govuk-link"
              href={`/elearning/content/${current.id}/${current.launchPath}`}
              target="_blank"
              rel="noreferrer"
            >
              Open the current version to check it (opens in new tab)
            </a>
          </p>
        ) : null}

        {course.hosted ? (
          <>
            <h2 className="govuk-heading-m">{current ? "Upload a new version" : "Upload the package"}</h2>
            <p className="govuk-body">
              Export the course from your authoring tool as SCORM 1.2 or SCORM 2004 (2nd, 3rd or 4th edition), as a zip
              file with imsmanifest.xml at its top. The zip can be up to {megabytes(MAX_PACKAGE_UPLOAD_BYTES)}, and{" "}
              {megabytes(MAX_PACKAGE_EXPANDED_BYTES)} once unzipped.
            </p>
            <p className="govuk-body">
              A package may load nothing from other websites: everything it shows, its fonts, videos and images
              included, must be inside the zip. After uploading, open the package from this page to check it.
            </p>
            <p className="govuk-body">
              The package runs inside this service and loads nothing from other websites: web fonts, videos (such as
              YouTube), libraries or analytics it would fetch from elsewhere are blocked. Export it with its fonts and
              media inside the zip, and open the course once after uploading to check it looks right.
            </p>
            {current ? (
              <InsetText>
                A new version is what learners start from now on. Anyone part-way through keeps the version they
                started, and every completion already recorded stays.
              </InsetText>
            ) : null}
            <Form method="post" encType="multipart/form-data" noValidate>
              <FileUpload
                name="package"
                accept=".zip,application/zip"
                label={{ children: "SCORM package (.zip)", className: "govuk-label--s" }}
                errorMessage={result?.errors?.package ? { children: result.errors.package } : undefined}
              />
              <Button type="submit" disabled={navigation.state === "submitting"} preventDoubleClick>
                Upload package
              </Button>
            </Form>
          </>
        ) : null}

        {older.length > 0 ? (
          <Table
            caption="Earlier versions"
            captionClassName="govuk-table__caption--m"
            head={[
              { text: "Version" },
              { text: "File" },
              { text: "Uploaded" },
              { text: "Replaced" },
              { text: "Attempts" },
            ]}
            rows={older.map((v) => [
              { text: String(v.version) },
              { text: `${v.fileName} (${v.scorm})` },
              { text: formatDate(v.uploadedAt) },
              { text: v.replacedAt ? formatDate(v.replacedAt) : "" },
              { text: String(v.attempts) },
            ])}
          />
        ) : null}
      </div>
    </div>
  );
}
