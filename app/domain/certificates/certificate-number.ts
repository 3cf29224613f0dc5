import { z } from "zod";

/** A certificate code as stored and printed in URLs: 16 Crockford base32 characters (80 random bits). */
export const CERTIFICATE_CODE_PATTERN = /^[0-9A-HJKMNP-TV-Z]{16}$/;

const INVALID = "Enter the certificate number as it is printed on the certificate, like 7K3M-Q9TR-2XWD-HB4N";

/**
 * What a person may type for a code, made canonical the Crockford way: case and spaces and
 * hyphens do not matter, O is read as zero and I or L as one.
 */
export function normaliseCertificateCode(input: string): string {
  return input.trim().toUpperCase().replace(/[\s-]/g, "").replace(/O/g, "0").replace(/[IL]/g, "1");
}

/** Parses a typed or linked code strictly, before any lookup. */
export const certificateCodeSchema = z
  .string({ error: INVALID })
  .trim()
  .min(1, "Enter the certificate number")
  .max(40, INVALID)
  .transform(normaliseCertificateCode)
  .pipe(z.string().regex(CERTIFICATE_CODE_PATTERN, INVALID));

/** The code in groups of four, as printed: 7K3M-Q9TR-2XWD-HB4N. */
export function formatCertificateNumber(code: string): string {
  return code.match(/.{1,4}/g)?.join("-") ?? code;
}

/** The public verification page of a certificate: the QR code's payload and the printed short link. */
export function verificationUrl(publicUrl: string, code: string): string {
  return `${publicUrl.replace(/\/+$/, "")}/verify/${code}`;
}
