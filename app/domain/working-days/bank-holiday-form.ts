import { z } from "zod";
import { isRealIsoDate } from "../../lib/dates";

/** The add form: the day as day, month and year (GOV.UK date input "day-…"), and its name. */
export const AddBankHolidayForm = z
  .object({
    "day-day": z.string().trim().default(""),
    "day-month": z.string().trim().default(""),
    "day-year": z.string().trim().default(""),
    title: z.string().trim().default(""),
  })
  .transform((form, ctx) => {
    // Both fields checked here, so a form wrong in both says so for both.
    const parts = [form["day-day"], form["day-month"], form["day-year"]];
    const [d, m, y] = parts;
    const iso = `${y}-${(m ?? "").padStart(2, "0")}-${(d ?? "").padStart(2, "0")}`;
    if (parts.every((p) => p === "")) {
      ctx.addIssue({ code: "custom", path: ["day"], message: "Enter the date of the bank holiday" });
    } else if (
      !parts.every((p) => /^\d{1,4}$/.test(p)) ||
      !/^\d{4}-/.test(iso) ||
      !isRealIsoDate(iso) ||
      iso < "2000"
    ) {
      ctx.addIssue({ code: "custom", path: ["day"], message: "The date of the bank holiday must be a real date" });
    }
    if (form.title === "") {
      ctx.addIssue({ code: "custom", path: ["title"], message: "Enter the bank holiday’s name" });
    } else if (form.title.length > 100) {
      ctx.addIssue({ code: "custom", path: ["title"], message: "The name must be 100 characters or fewer" });
    }
    return { day: iso, title: form.title };
  });

/** The remove button's form: which day. */
export const RemoveBankHolidayForm = z.object({
  day: z.string().refine(isRealIsoDate, "That day is not a bank holiday"),
});
