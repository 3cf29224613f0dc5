import { describe, expect, it } from "vitest";
import { DomainError } from "../../app/domain/errors";
import { onDomainError, withFormErrors } from "../../app/routes/shared/domain-errors.server";

/** What `data(...)` hands Remix: the body and the status. */
function response(result: unknown) {
  const { data: body, init } = result as { data: unknown; init: { status: number } };
  return { body, status: init.status };
}

describe("withFormErrors", () => {
  it("returns what the call returns when no rule is broken", async () => {
    expect(await withFormErrors(async () => 42, { values: {} })).toBe(42);
  });

  it("puts the message on the field the error names, with the kept input, as a 400", async () => {
    const result = await withFormErrors(
      async () => {
        throw new DomainError("The session is full", "places");
      },
      { values: { places: "3" } },
    );
    expect(response(result)).toEqual({
      body: { errors: { places: "The session is full" }, values: { places: "3" } },
      status: 400,
    });
  });

  it("puts a message without a field on the form, unless `field` chooses", async () => {
    const broken = async () => {
      throw new DomainError("Already cancelled");
    };
    expect(response(await withFormErrors(broken, { reason: "" })).body).toEqual({
      errors: { form: "Already cancelled" },
      reason: "",
    });
    expect(response(await withFormErrors(broken, {}, { field: () => "reason" })).body).toEqual({
      errors: { reason: "Already cancelled" },
    });
  });

  it("throws on an error that `field` leaves to someone else, and on anything that is not a DomainError", async () => {
    const gone = new DomainError("This course does not exist", undefined, "not-found");
    await expect(
      withFormErrors(
        async () => {
          throw gone;
        },
        {},
        { field: (error) => error.field },
      ),
    ).rejects.toBe(gone);
    const redirect = new Response(null, { status: 302 });
    await expect(
      withFormErrors(async () => {
        throw redirect;
      }, {}),
    ).rejects.toBe(redirect);
  });
});

describe("onDomainError", () => {
  it("hands a DomainError to the handler and rethrows anything else", async () => {
    expect(
      await onDomainError(
        async () => {
          throw new DomainError("Retired already");
        },
        (error) => `handled: ${error.message}`,
      ),
    ).toBe("handled: Retired already");
    const other = new Error("database down");
    await expect(
      onDomainError(
        async () => {
          throw other;
        },
        () => "handled",
      ),
    ).rejects.toBe(other);
  });
});
