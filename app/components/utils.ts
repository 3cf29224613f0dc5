import type { HTMLAttributes, ReactNode } from "react";

/** Joins class names, skipping empty ones (GOV.UK's `{%- if params.classes %} {{ params.classes }}{% endif %}`). */
export function cx(...classes: Array<string | false | null | undefined>): string {
  return classes.filter(Boolean).join(" ");
}

/** Joins ids for `aria-describedby`; `undefined` when there are none, so React leaves the attribute out. */
export function describedBy(...ids: Array<string | false | null | undefined>): string | undefined {
  const joined = ids.filter(Boolean).join(" ").trim();
  return joined === "" ? undefined : joined;
}

/**
 * List items (`items`, `errorList`, table cells…) take GOV.UK's `text` or our
 * `children`; `children` wins when both are given.
 */
export interface TextOrChildren {
  text?: string;
  children?: ReactNode;
}

export function content(item: TextOrChildren): ReactNode {
  return item.children ?? item.text;
}

/** Extra HTML attributes for the form group wrapper, as GOV.UK's `formGroup` param. */
export interface FormGroupProps extends HTMLAttributes<HTMLDivElement> {
  /** Content before the input (GOV.UK `formGroup.beforeInput`). */
  beforeInput?: ReactNode;
  /** Content after the input (GOV.UK `formGroup.afterInput`). */
  afterInput?: ReactNode;
}

/** Extra HTML attributes for the form group wrapper of a group of inputs (Checkboxes, Radios, DateInput). */
export interface FormGroupInputsProps extends HTMLAttributes<HTMLDivElement> {
  beforeInputs?: ReactNode;
  afterInputs?: ReactNode;
}

/** Splits a FormGroupProps object into the wrapper's attributes and its before/after content. */
export function splitFormGroup(formGroup: FormGroupProps | undefined) {
  const { beforeInput, afterInput, className, ...attributes } = formGroup ?? {};
  return { beforeInput, afterInput, className, attributes };
}

export function splitFormGroupInputs(formGroup: FormGroupInputsProps | undefined) {
  const { beforeInputs, afterInputs, className, ...attributes } = formGroup ?? {};
  return { beforeInputs, afterInputs, className, attributes };
}
