import { sql } from "drizzle-orm";
import { type Database, queryOne } from "../db/database";
import { submitEvidence } from "../domain/evidence/submit-evidence";
import { addDaysToDate } from "../lib/dates";
import type { FileStorage } from "../storage/file-storage";
import { COURSE_CODES } from "./catalogue";
import type { IsoDate } from "./plan";

/**
 * The demo's evidence of training done elsewhere: one certificate awaiting verification, sent by a
 * member of the demo manager's team (not the demo learner) for the Home Office's Channel awareness
 * course on GOV.UK, so the coordinator's queue has something in it on day one.
 */
export async function writeDemoEvidence(
  tx: Database,
  input: { courseIds: ReadonlyMap<string, number>; storage: FileStorage; today: IsoDate },
): Promise<void> {
  const courseId = input.courseIds.get(COURSE_CODES.channelAwareness);
  if (courseId === undefined) throw new Error("seedDemo: the Channel awareness course is missing");
  const sender = await queryOne<{ personId: number; accountId: string | null }>(
    tx,
    sql`select p.id as "personId", a.id as "accountId"
        from people p left join accounts a on a.person_id = p.id
        where p.line_manager_id = (select person_id from accounts where id = 'demo-manager')
          and p.id <> (select person_id from accounts where id = 'demo-learner')
          and p.leaving_date is null
        order by p.id limit 1`,
  );
  if (!sender) throw new Error("seedDemo: the demo manager has nobody else in their team");
  await submitEvidence(tx, input.storage, {
    personId: sender.personId,
    // Sent for them by the demo coordinator when they have no account of their own.
    actorAccountId: sender.accountId ?? "demo-coordinator",
    courseId,
    completedOn: addDaysToDate(input.today, -3),
    kind: "certificate",
    provider: "Home Office (GOV.UK)",
    note: "Downloaded from GOV.UK at the end of the course.",
    file: { name: "channel-awareness-certificate.pdf", bytes: certificatePdf() },
    today: input.today,
  });
}

/** A one-page PDF that says what a GOV.UK certificate says. */
function certificatePdf(): Uint8Array {
  const lines = ["Certificate of completion", "Channel awareness", "Home Office"];
  const stream = lines.map((line, i) => `BT /F1 18 Tf 72 ${720 - i * 30} Td (${line}) Tj ET`).join("\n");
  const objects = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
  ];
  let body = "%PDF-1.4\n";
  const offsets: number[] = [];
  objects.forEach((object, i) => {
    offsets.push(body.length);
    body += `${i + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) body += `${String(offset).padStart(10, "0")} 00000 n \n`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return new TextEncoder().encode(body);
}
