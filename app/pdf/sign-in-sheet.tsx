import { Document, Page, StyleSheet, Text, View, renderToBuffer } from "@react-pdf/renderer";
import { formatDate, formatTime } from "../lib/dates";

/** What the printed register shows: the session, then one row per person with a place. */
export interface SignInSheet {
  councilName: string;
  courseTitle: string;
  courseCode: string;
  startsAt: string;
  endsAt: string;
  /** The session's date in London, YYYY-MM-DD. */
  date: string;
  /** The venue, or "Online". */
  place: string;
  trainerName: string | null;
  people: Array<{ name: string; organisationName: string }>;
}

/** Empty rows after the names, for people who turn up without a booking. */
const WALK_IN_ROWS = 5;

const styles = StyleSheet.create({
  page: { padding: 36, fontFamily: "Helvetica", fontSize: 10, color: "#0b0c0c" },
  council: { fontSize: 10, marginBottom: 4 },
  title: { fontFamily: "Helvetica-Bold", fontSize: 18, marginBottom: 10 },
  facts: { marginBottom: 14 },
  fact: { flexDirection: "row", marginBottom: 3 },
  factKey: { width: 70, fontFamily: "Helvetica-Bold" },
  factValue: { flex: 1 },
  row: {
    flexDirection: "row",
    borderBottomWidth: 1,
    borderBottomColor: "#b1b4b6",
    minHeight: 26,
    alignItems: "center",
  },
  head: { borderBottomWidth: 2, borderBottomColor: "#0b0c0c", minHeight: 20 },
  number: { width: 24, paddingRight: 4 },
  name: { width: 170, paddingRight: 6 },
  organisation: { width: 150, paddingRight: 6 },
  signature: { flex: 1 },
  bold: { fontFamily: "Helvetica-Bold" },
  footer: {
    position: "absolute",
    bottom: 20,
    left: 36,
    right: 36,
    fontSize: 8,
    flexDirection: "row",
    justifyContent: "space-between",
  },
});

function Fact({ label, value }: { label: string; value: string }) {
  return (
    <View style={styles.fact}>
      <Text style={styles.factKey}>{label}</Text>
      <Text style={styles.factValue}>{value}</Text>
    </View>
  );
}

/** The printable sign-in sheet: A4 portrait, built-in Helvetica, a signature column to fill in by hand. */
export function SignInSheetDocument({ sheet }: { sheet: SignInSheet }) {
  const title = `Sign-in sheet: ${sheet.courseTitle}, ${formatDate(sheet.startsAt)}`;
  const rows = [...sheet.people, ...Array.from({ length: WALK_IN_ROWS }, () => null)];
  return (
    <Document
      title={title}
      subject="Attendance register"
      author={sheet.councilName}
      creator="Prevent Training Tracker"
      language="en-GB"
    >
      <Page size="A4" style={styles.page}>
        <Text style={styles.council}>{sheet.councilName}</Text>
        <Text style={styles.title}>Sign-in sheet</Text>
        <View style={styles.facts}>
          <Fact label="Course" value={`${sheet.courseTitle} (${sheet.courseCode})`} />
          <Fact label="Date" value={formatDate(sheet.startsAt)} />
          <Fact label="Time" value={`${formatTime(sheet.startsAt)} to ${formatTime(sheet.endsAt)}`} />
          <Fact label="Venue" value={sheet.place} />
          <Fact label="Trainer" value={sheet.trainerName ?? "Not recorded"} />
        </View>
        <View style={[styles.row, styles.head]} fixed>
          <Text style={[styles.number, styles.bold]}>#</Text>
          <Text style={[styles.name, styles.bold]}>Name</Text>
          <Text style={[styles.organisation, styles.bold]}>Organisation</Text>
          <Text style={[styles.signature, styles.bold]}>Signature</Text>
        </View>
        {rows.map((person, index) => (
          <View key={index} style={styles.row} wrap={false}>
            <Text style={styles.number}>{index + 1}</Text>
            <Text style={styles.name}>{person?.name ?? ""}</Text>
            <Text style={styles.organisation}>{person?.organisationName ?? ""}</Text>
            <Text style={styles.signature}> </Text>
          </View>
        ))}
        <View style={styles.footer} fixed>
          <Text>
            {sheet.courseTitle}, {formatDate(sheet.startsAt)}: {sheet.people.length} booked
          </Text>
          <Text render={({ pageNumber, totalPages }) => `Page ${pageNumber} of ${totalPages}`} />
        </View>
      </Page>
    </Document>
  );
}

/** The sign-in sheet as PDF bytes. */
export function renderSignInSheet(sheet: SignInSheet): Promise<Buffer> {
  return renderToBuffer(<SignInSheetDocument sheet={sheet} />);
}

/** "sign-in-sheet-prevent-awareness-2026-11-24.pdf" */
export function signInSheetFilename(sheet: Pick<SignInSheet, "courseTitle" | "date">): string {
  const slug = sheet.courseTitle
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60);
  return `sign-in-sheet-${slug || "session"}-${sheet.date}.pdf`;
}
