/**
 * A rule of the domain that the caller broke (a full session, a past date, a closed booking
 * window). Routes turn it into a message on the form, tied to `field` when there is one.
 */
export class DomainError extends Error {
  constructor(
    message: string,
    readonly field?: string,
    readonly code: string = "rule",
  ) {
    super(message);
    this.name = "DomainError";
  }
}
