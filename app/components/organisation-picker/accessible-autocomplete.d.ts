/**
 * Types for the React build of accessible-autocomplete 3 (GOV.UK's autocomplete), as the
 * organisation picker uses it. The package ships no TypeScript declarations.
 */
declare module "accessible-autocomplete/react" {
  import type { ComponentType } from "react";

  export interface AutocompleteProps<Option> {
    id: string;
    name?: string;
    source: (query: string, populateResults: (results: Option[]) => void) => void;
    defaultValue?: string;
    minLength?: number;
    confirmOnBlur?: boolean;
    showNoOptionsFound?: boolean;
    displayMenu?: "inline" | "overlay";
    onConfirm?: (option: Option | undefined) => void;
    templates?: {
      inputValue?: (option: Option | undefined) => string;
      suggestion?: (option: Option | string) => string;
    };
    tNoResults?: () => string;
    tStatusQueryTooShort?: (minQueryLength: number) => string;
    inputClasses?: string;
    menuAttributes?: Record<string, string>;
  }

  const Autocomplete: ComponentType<AutocompleteProps<never>> &
    (<Option>(props: AutocompleteProps<Option>) => JSX.Element);
  export default Autocomplete;
}
