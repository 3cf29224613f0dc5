/**
 * Types for the parts of govuk-frontend 6.6's JavaScript API this app uses.
 * The package ships no TypeScript declarations.
 */
declare module "govuk-frontend" {
  export interface GovukComponentClass {
    new (...args: never[]): unknown;
    moduleName: string;
  }

  export type OnErrorCallback = (
    error: unknown,
    context: { element?: Element; component?: GovukComponentClass; config?: unknown },
  ) => void;

  export interface InitAllConfig {
    scope?: Element | Document | null;
    onError?: OnErrorCallback;
    accordion?: Record<string, unknown>;
    button?: { preventDoubleClick?: boolean };
    characterCount?: Record<string, unknown>;
    errorSummary?: { disableAutoFocus?: boolean };
    exitThisPage?: Record<string, unknown>;
    fileUpload?: Record<string, unknown>;
    notificationBanner?: { disableAutoFocus?: boolean };
    passwordInput?: Record<string, unknown>;
  }

  export function initAll(scopeOrConfig?: InitAllConfig | Element | Document | null): void;
  export function createAll(
    component: GovukComponentClass,
    config?: unknown,
    scopeOrOptions?:
      | Element
      | Document
      | null
      | OnErrorCallback
      | { scope?: Element | Document | null; onError?: OnErrorCallback },
  ): unknown[];
  export function isSupported(scope?: HTMLElement | null): boolean;
  export const version: string;

  export const Accordion: GovukComponentClass;
  export const Button: GovukComponentClass;
  export const CharacterCount: GovukComponentClass;
  export const Checkboxes: GovukComponentClass;
  export const ErrorSummary: GovukComponentClass;
  export const ExitThisPage: GovukComponentClass;
  export const FileUpload: GovukComponentClass;
  export const NotificationBanner: GovukComponentClass;
  export const PasswordInput: GovukComponentClass;
  export const Radios: GovukComponentClass;
  export const ServiceNavigation: GovukComponentClass;
  export const SkipLink: GovukComponentClass;
  export const Tabs: GovukComponentClass;
}
