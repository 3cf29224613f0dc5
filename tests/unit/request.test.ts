import { describe, expect, it } from "vitest";
import { isRealIsoDate } from "../../app/lib/dates";
import { idSchema, isoDateSchema, readForm, readQuery } from "../../app/lib/request";

async function status(fn: () => unknown): Promise<number | "ok"> {
  try {
    await fn();
    return "ok";
  } catch (thrown) {
    if (thrown instanceof Response) return thrown.status;
    throw thrown;
  }
}

const post = (type: string | null, body: string) =>
  new Request("http://localhost/x", { method: "POST", headers: type ? { "Content-Type": type } : {}, body });

describe("reading what a browser sent", () => {
  it("reads a form, keeping tabs and new lines", async () => {
    const form = await readForm(post("application/x-www-form-urlencoded", "a=1&b=line%0D%0Anext%09tab"));
    expect(form.get("b")).toBe("line\r\nnext\ttab");
  });
  it("refuses, with a 400, a body that is not a form or cannot be read", async () => {
    expect(await status(() => readForm(post("text/plain", "a=1")))).toBe(400);
    expect(await status(() => readForm(post("application/json", '{"a":1}')))).toBe(400);
    expect(await status(() => readForm(post(null, "a=1")))).toBe(400);
    expect(await status(() => readForm(post("multipart/form-data", "a=1")))).toBe(400);
    expect(await status(() => readForm(post("multipart/form-data; boundary=x", "--x\r\nbroken")))).toBe(400);
  });
  it("refuses a NUL or another control character in a value or a name", async () => {
    expect(await status(() => readForm(post("application/x-www-form-urlencoded", "a=x%00y")))).toBe(400);
    expect(await status(() => readForm(post("application/x-www-form-urlencoded", "a%00=x")))).toBe(400);
    expect(await status(() => readForm(post("application/x-www-form-urlencoded", "a=%1B[0m")))).toBe(400);
    expect(await status(() => readQuery(new Request("http://localhost/?q=a%00")))).toBe(400);
    expect(readQuery(new URL("http://localhost/?q=caf%C3%A9")).get("q")).toBe("café");
  });
  it("takes ids from 1 to 2,147,483,647 and nothing else", () => {
    expect(idSchema.parse("2147483647")).toBe(2_147_483_647);
    for (const bad of ["2147483648", "99999999999999999999", "0", "-1", "1.5", "1e3", "0x10", "abc", ""]) {
      expect(idSchema.safeParse(bad).success, bad).toBe(false);
    }
  });
  it("takes only dates that exist", () => {
    expect(isRealIsoDate("2028-02-29")).toBe(true);
    for (const bad of ["2026-02-29", "2026-02-31", "2026-13-01", "2026-00-10", "2026-1-1", "20260101"]) {
      expect(isRealIsoDate(bad), bad).toBe(false);
    }
    expect(isoDateSchema.safeParse("2026-02-31").success).toBe(false);
  });
});
