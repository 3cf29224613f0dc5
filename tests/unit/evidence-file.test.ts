import { describe, expect, it } from "vitest";
import {
  checkEvidenceFile,
  isEvidenceFileKey,
  MAX_EVIDENCE_BYTES,
  readEvidenceFile,
  storeEvidenceFile,
} from "../../app/domain/completions/evidence-file";
import { DomainError } from "../../app/domain/errors";
import { samplePdf, samplePng, sampleJpeg } from "../support/evidence-files";
import { memoryStorage } from "../support/storage";

async function refusal(bytes: Uint8Array, name: string): Promise<DomainError> {
  const error = await checkEvidenceFile(bytes, name).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(DomainError);
  return error as DomainError;
}

describe("evidence files", () => {
  it("knows a PDF, a PNG and a JPEG by their content, whatever they are called", async () => {
    expect(await checkEvidenceFile(samplePdf(), "certificate.pdf")).toEqual({
      type: "application/pdf",
      extension: "pdf",
    });
    expect(await checkEvidenceFile(samplePng(), "photo.txt")).toEqual({ type: "image/png", extension: "png" });
    expect(await checkEvidenceFile(sampleJpeg(), "")).toEqual({ type: "image/jpeg", extension: "jpg" });
  });

  it("refuses a file that only has the right name", async () => {
    const error = await refusal(new TextEncoder().encode("<html>not a certificate</html>"), "certificate.pdf");
    expect(error.message).toBe(
      "The selected file (certificate.pdf) must be a PDF, PNG or JPEG (a scan or photo of the certificate)",
    );
    expect(error.field).toBe("evidenceFile");
  });

  it("refuses other real file types (a GIF, a zip)", async () => {
    const gif = new TextEncoder().encode("GIF89a\u0001\u0000\u0001\u0000\u0000\u0000\u0000;");
    expect((await refusal(gif, "a.gif")).message).toMatch(/must be a PDF, PNG or JPEG/);
    const zip = Uint8Array.from([0x50, 0x4b, 0x03, 0x04, ...new Array(40).fill(0)]);
    expect((await refusal(zip, "a.docx")).message).toMatch(/must be a PDF, PNG or JPEG/);
  });

  it("refuses an empty file and one past the size limit", async () => {
    expect((await refusal(new Uint8Array(), "empty.pdf")).message).toBe("The selected file (empty.pdf) is empty");
    const big = new Uint8Array(MAX_EVIDENCE_BYTES + 1);
    big.set(samplePdf());
    expect((await refusal(big, "big.pdf")).message).toBe("The selected file (big.pdf) must be smaller than 10 MB");
    const justRight = new Uint8Array(MAX_EVIDENCE_BYTES);
    justRight.set(samplePdf());
    expect((await checkEvidenceFile(justRight, "ok.pdf")).extension).toBe("pdf");
  });

  it("puts the message on the field the caller names", async () => {
    const error = await checkEvidenceFile(new Uint8Array(), "", "certificate").catch((e: unknown) => e);
    expect((error as DomainError).field).toBe("certificate");
    expect((error as DomainError).message).toBe("The selected file is empty");
  });

  it("keeps a file under its content's hash and reads it back with its type; keeps nothing refused", async () => {
    const storage = memoryStorage();
    const pdf = samplePdf();
    const stored = await storeEvidenceFile(storage, pdf, "certificate.pdf");
    expect(stored.key).toMatch(/^evidence\/[0-9a-f]{64}\.pdf$/);
    expect(isEvidenceFileKey(stored.key)).toBe(true);
    expect((await storeEvidenceFile(storage, pdf, "again.pdf")).key).toBe(stored.key);
    const read = await readEvidenceFile(storage, stored.key);
    expect(read?.contentType).toBe("application/pdf");
    expect(read?.bytes).toEqual(pdf);

    await expect(storeEvidenceFile(storage, new TextEncoder().encode("nope"), "x.png")).rejects.toThrow(DomainError);
    expect(storage.keys()).toEqual([stored.key]);
    expect(await readEvidenceFile(storage, "imports/abc.csv")).toBeNull();
    expect(await readEvidenceFile(storage, `evidence/${"0".repeat(64)}.png`)).toBeNull();
  });
});
