import { type ComponentType, useEffect, useRef, useState } from "react";
import type { AutocompleteProps } from "accessible-autocomplete/react";
import { FieldGroup, fieldIds, type FieldProps } from "../form-group/FormGroup";
import { cx, splitFormGroup } from "../utils";

/** An organisation as the picker shows it: its id and its name with the ones above it. */
export interface OrganisationPickerChoice {
  id: number;
  label: string;
}

export interface OrganisationPickerProps extends FieldProps {
  /** The name of the hidden field holding the chosen organisation's id (`name` holds the words typed). */
  idName: string;
  /** A URL (it may have a query of its own) answering `q=` with `{ organisations: OrganisationPickerChoice[] }` (at most a short list). */
  source: string;
  /** The organisation chosen now, if any. */
  chosen: OrganisationPickerChoice | null;
  /** What was typed, when it chose no organisation (shown again). */
  value?: string;
  className?: string;
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

/**
 * Choosing one organisation of the tree without sending the tree. Without JavaScript it is a text
 * input: the form sends the words, and the page answers with the organisations they match (or
 * the one, when only one does). With JavaScript, GOV.UK's accessible autocomplete suggests up to
 * 20 organisations from `source` as the person types, each named with the ones above it, and
 * choosing one fills the hidden `idName` field.
 */
export function OrganisationPicker({
  name,
  idName,
  id: idProp,
  source,
  chosen,
  value,
  label,
  hint,
  errorMessage,
  describedBy,
  formGroup,
  className,
}: OrganisationPickerProps) {
  const id = idProp || name;
  const ids = fieldIds(id, { hint, errorMessage, describedBy });
  const group = splitFormGroup(formGroup);
  const [chosenId, setChosenId] = useState(chosen?.id);
  // The autocomplete loads after hydration (its own chunk): until then, and without JavaScript, a text input.
  const [Autocomplete, setAutocomplete] = useState<ComponentType<AutocompleteProps<OrganisationPickerChoice>> | null>(
    null,
  );
  const pending = useRef<AbortController | null>(null);
  useEffect(() => {
    let live = true;
    import("accessible-autocomplete/react").then((module) => {
      if (live) setAutocomplete(() => module.default as ComponentType<AutocompleteProps<OrganisationPickerChoice>>);
    });
    return () => {
      live = false;
      pending.current?.abort();
    };
  }, []);

  const suggest = (query: string, populate: (results: OrganisationPickerChoice[]) => void) => {
    pending.current?.abort();
    const controller = new AbortController();
    pending.current = controller;
    // The source may name a purpose of its own (?for=…): the words join its query.
    const url = new URL(source, window.location.href);
    url.searchParams.set("q", query.slice(0, 100));
    fetch(url, {
      signal: controller.signal,
      headers: { Accept: "application/json" },
    })
      .then((response) => (response.ok ? response.json() : { organisations: [] }))
      .then((body: { organisations: OrganisationPickerChoice[] }) => populate(body.organisations))
      // A search overtaken by the next keystroke, or a network failure: no suggestions this time.
      .catch(() => undefined);
  };

  const typed = chosen ? chosen.label : (value ?? "");
  return (
    <FieldGroup id={id} label={label} hint={hint} errorMessage={errorMessage} ids={ids} group={group}>
      <div className={cx("app-organisation-picker", className)}>
        {Autocomplete ? (
          <Autocomplete
            id={id}
            name={name}
            defaultValue={typed}
            minLength={2}
            source={suggest}
            showNoOptionsFound
            tNoResults={() => "No organisation matches"}
            onConfirm={(option) => {
              if (option) setChosenId(option.id);
            }}
            templates={{
              inputValue: (option) => option?.label ?? "",
              suggestion: (option) => escapeHtml(typeof option === "string" ? option : option.label),
            }}
          />
        ) : (
          <input
            className={cx("govuk-input", errorMessage && "govuk-input--error")}
            id={id}
            name={name}
            type="text"
            autoComplete="off"
            spellCheck={false}
            defaultValue={typed}
            aria-describedby={ids.describedBy}
          />
        )}
      </div>
      <input type="hidden" name={idName} value={chosenId ?? ""} />
    </FieldGroup>
  );
}
