/**
 * GOV.UK Frontend 6.6 components for React: GOV.UK's markup, classes and
 * JavaScript, props mirroring the Nunjucks macro parameters.
 * See docs/decisions/002-govuk-frontend-in-react.md for the renames.
 */
export { BackLink, type BackLinkProps } from "./back-link/BackLink";
export { Breadcrumbs, type BreadcrumbsItem, type BreadcrumbsProps } from "./breadcrumbs/Breadcrumbs";
export { Button, type ButtonAsButtonProps, type ButtonAsLinkProps, type ButtonProps } from "./button/Button";
export { Checkboxes, type CheckboxesItem, type CheckboxesProps } from "./checkboxes/Checkboxes";
export { DateInput, type DateInputItem, type DateInputProps } from "./date-input/DateInput";
export { Details, type DetailsProps } from "./details/Details";
export { ErrorMessage, type ErrorMessageProps } from "./error-message/ErrorMessage";
export { ErrorSummary, type ErrorSummaryItem, type ErrorSummaryProps } from "./error-summary/ErrorSummary";
export { Fieldset, type FieldsetProps, type LegendProps } from "./fieldset/Fieldset";
export { FileUpload, type FileUploadProps } from "./file-upload/FileUpload";
export { Footer, type FooterLink, type FooterNavigationSection, type FooterProps } from "./footer/Footer";
export { Header, type HeaderProps } from "./header/Header";
export { Hint, type HintProps } from "./hint/Hint";
export { Input, type InputAffixProps, type InputProps } from "./input/Input";
export { InsetText, type InsetTextProps } from "./inset-text/InsetText";
export { Label, type LabelProps } from "./label/Label";
export { NotificationBanner, type NotificationBannerProps } from "./notification-banner/NotificationBanner";
export { Pagination, type PaginationItem, type PaginationLink, type PaginationProps } from "./pagination/Pagination";
export { paginationLinks, type PaginationLinksOptions } from "./pagination/pagination-links";
export { Panel, type PanelProps } from "./panel/Panel";
export { PasswordInput, type PasswordInputProps } from "./password-input/PasswordInput";
export { PhaseBanner, type PhaseBannerProps } from "./phase-banner/PhaseBanner";
export { Radios, type RadiosItem, type RadiosProps } from "./radios/Radios";
export { Select, type SelectItem, type SelectProps } from "./select/Select";
export {
  ServiceNavigation,
  type ServiceNavigationItem,
  type ServiceNavigationProps,
} from "./service-navigation/ServiceNavigation";
export { SkipLink, type SkipLinkProps } from "./skip-link/SkipLink";
export {
  SummaryList,
  type SummaryCard,
  type SummaryListAction,
  type SummaryListActions,
  type SummaryListProps,
  type SummaryListRow,
} from "./summary-list/SummaryList";
export { GovukTable, Table, type TableCell, type TableHeadCell, type TableProps } from "./table/Table";
export { Tabs, type TabsItem, type TabsProps } from "./tabs/Tabs";
export { Tag, type TagColour, type TagProps } from "./tag/Tag";
export { Textarea, type TextareaProps } from "./textarea/Textarea";
export { WarningText, type WarningTextProps } from "./warning-text/WarningText";
export { initGovukFrontend, useGovukFrontend } from "./use-govuk-frontend";
export type { FormGroupInputsProps, FormGroupProps } from "./utils";
