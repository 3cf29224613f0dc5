import { createRequire } from "node:module";
import { Document, Font, Image, Link, Page, Path, StyleSheet, Svg, Text, View } from "@react-pdf/renderer";
import QRCode from "qrcode";
import type { CertificateBranding } from "../domain/certificates/branding";
import type { Certificate } from "../domain/certificates/get-certificate";
import { formatCertificateNumber, verificationUrl } from "../domain/certificates/certificate-number";
import { recordedFromOutsideEvidence } from "../domain/certificates/wording";
import { formatDate, formatTime } from "../lib/dates";
import { durationLabel } from "../lib/labels";

/**
 * The completion certificate: A4 landscape, text in an embedded TrueType font (so it can be
 * selected and read aloud), a QR code and a short link to the public verification page.
 */

export const CERTIFICATE_FONT = "Arimo";

const packageFiles = createRequire(import.meta.url);

let fontsRegistered = false;

/**
 * Registers the embedded font once. Arimo (SIL Open Font License; the design Liberation Sans
 * comes from, metric-compatible with Arial, the pages' font) comes from npm with the rest of the
 * app, so certificates render on any machine without a system font package.
 */
export function registerCertificateFonts(): void {
  if (fontsRegistered) return;
  const fontFile = (weight: string) => packageFiles.resolve(`@expo-google-fonts/arimo/${weight}/Arimo_${weight}.ttf`);
  Font.register({
    family: CERTIFICATE_FONT,
    fonts: [
      { src: fontFile("400Regular"), fontWeight: 400 },
      { src: fontFile("700Bold"), fontWeight: 700 },
    ],
  });
  // Names and course titles are never broken with a hyphen.
  Font.registerHyphenationCallback((word) => [word]);
  fontsRegistered = true;
}

/** A QR code's dark modules as one SVG path on a size × size grid (one unit a module). */
export interface QrCodeShape {
  size: number;
  path: string;
}

/**
 * The QR code of a verification URL, drawn as vector shapes: sharp at any print size, and about
 * a quarter of a certificate's render time less than encoding a PNG for the PDF to decode again.
 * Each row's runs of dark modules become one rectangle.
 */
export function certificateQrCode(payload: string): QrCodeShape {
  const { size, data } = QRCode.create(payload, { errorCorrectionLevel: "M" }).modules;
  const rectangles: string[] = [];
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; ) {
      if (!data[y * size + x]) {
        x++;
        continue;
      }
      const start = x;
      while (x < size && data[y * size + x]) x++;
      rectangles.push(`M${start} ${y}h${x - start}v1h${start - x}z`);
    }
  }
  return { size, path: rectangles.join("") };
}

/** How the course was completed, in words printed on the certificate. */
export function howCompleted(
  certificate: Pick<Certificate, "source" | "session"> & { provider?: string | null },
): string {
  const { session } = certificate;
  switch (certificate.source) {
    case "attendance": {
      if (!session) return "Attended a training session";
      const where = session.online ? "online" : `at ${session.venue ?? "the venue"}`;
      const trainer = session.trainerName ? `, led by ${session.trainerName}` : "";
      return `Attended the session on ${formatDate(session.startsAt)} at ${formatTime(session.startsAt)}, ${where}${trainer}`;
    }
    case "hosted_elearning":
      return "Completed as e-learning";
    case "external_evidence":
      return recordedFromOutsideEvidence(certificate.provider ?? null);
    case "import":
      return "Recorded from the council's earlier training records";
  }
}

/** How the training was delivered, as the certificate states it. */
export function deliveredAs(certificate: Pick<Certificate, "source" | "session" | "courseDeliveryMode">): string {
  switch (certificate.source) {
    case "attendance":
      return certificate.session?.online ? "Live online session" : "Face-to-face session";
    case "hosted_elearning":
      return "E-learning";
    case "external_evidence":
      return certificate.courseDeliveryMode === "face_to_face" || certificate.courseDeliveryMode === "live_online"
        ? "Training elsewhere"
        : "E-learning elsewhere";
    case "import":
      return certificate.courseDeliveryMode === "face_to_face"
        ? "Face-to-face session"
        : certificate.courseDeliveryMode === "live_online"
          ? "Live online session"
          : "E-learning";
  }
}

/** Who delivered the training, when the record says: the trainer, the outside provider, or the council's e-learning. */
export function deliveredBy(
  certificate: Pick<Certificate, "source" | "session" | "provider">,
  councilName: string,
): string | null {
  switch (certificate.source) {
    case "attendance":
      return certificate.session?.trainerName ?? null;
    case "hosted_elearning":
      return councilName;
    case "external_evidence":
      return certificate.provider;
    case "import":
      return null;
  }
}

export interface CertificateDocumentProps {
  certificate: Certificate;
  councilName: string;
  /** The council's logo and the coordinator's signature, when set (app/domain/certificates/branding.ts). */
  branding?: CertificateBranding;
  /** The service's public address (PUBLIC_URL). */
  publicUrl: string;
  /** certificateQrCode(verificationUrl(...)). */
  qrCode: QrCodeShape;
}

const GREEN = "#00703c";
const INK = "#0b0c0c";
const GREY = "#505a5f";

const styles = StyleSheet.create({
  page: { fontFamily: CERTIFICATE_FONT, color: INK, padding: 28, fontSize: 12 },
  frame: { flexGrow: 1, borderWidth: 3, borderColor: GREEN, padding: 30, flexDirection: "column" },
  council: { fontSize: 16, fontWeight: 700 },
  service: { fontSize: 11, color: GREY, marginTop: 2 },
  title: { fontSize: 30, fontWeight: 700, marginTop: 26, color: GREEN },
  lead: { fontSize: 13, marginTop: 20, color: GREY },
  name: { fontSize: 28, fontWeight: 700, marginTop: 6 },
  course: { fontSize: 20, fontWeight: 700, marginTop: 6 },
  facts: { marginTop: 20, flexDirection: "row", flexWrap: "wrap" },
  fact: { marginRight: 36, marginBottom: 8 },
  factLabel: { fontSize: 10, color: GREY },
  factValue: { fontSize: 13, fontWeight: 700, marginTop: 2 },
  how: { fontSize: 12, marginTop: 4 },
  footer: { marginTop: "auto", flexDirection: "row", justifyContent: "space-between", alignItems: "flex-end" },
  number: { fontSize: 12 },
  numberValue: { fontSize: 15, fontWeight: 700, marginTop: 2, letterSpacing: 1 },
  check: { fontSize: 10, color: GREY, marginTop: 8, maxWidth: 440 },
  link: { fontSize: 10, color: INK, textDecoration: "none" },
  qr: { width: 96, height: 96 },
  heading: { flexDirection: "row", justifyContent: "space-between", alignItems: "flex-start" },
  logo: { maxWidth: 180, maxHeight: 60, objectFit: "contain" },
  signature: { maxWidth: 160, maxHeight: 48, objectFit: "contain", marginBottom: 2 },
  signedBy: { marginRight: 36 },
});

export function CertificateDocument({
  certificate,
  councilName,
  publicUrl,
  qrCode,
  branding,
}: CertificateDocumentProps) {
  const url = verificationUrl(publicUrl, certificate.code);
  const by = deliveredBy(certificate, councilName);
  const facts: [string, string][] = [
    ["Completed on", formatDate(certificate.completedOn)],
    ...(certificate.expiresOn ? ([["Valid until", formatDate(certificate.expiresOn)]] as [string, string][]) : []),
    ["Length", durationLabel(certificate.courseDurationMinutes)],
    ["Delivered as", deliveredAs(certificate)],
    ...(by ? ([["Delivered by", by]] as [string, string][]) : []),
  ];
  const number = formatCertificateNumber(certificate.code);
  return (
    <Document
      title={`Certificate: ${certificate.courseTitle} – ${certificate.personName}`}
      author={councilName}
      subject={`Certificate of completion of ${certificate.courseTitle}, number ${number}`}
      keywords={`certificate, ${certificate.courseCode}, ${number}`}
      creator="Prevent Training Tracker"
      producer="Prevent Training Tracker"
      language="en-GB"
    >
      <Page size="A4" orientation="landscape" style={styles.page}>
        <View style={styles.frame}>
          <View style={styles.heading}>
            <View>
              <Text style={styles.council}>{councilName}</Text>
              <Text style={styles.service}>Prevent Training Tracker</Text>
            </View>
            {branding?.logo ? <Image src={branding.logo} style={styles.logo} /> : null}
          </View>
          <Text style={styles.title}>Certificate of completion</Text>
          <Text style={styles.lead}>This certifies that</Text>
          <Text style={styles.name}>{certificate.personName}</Text>
          <Text style={styles.lead}>has completed</Text>
          <Text style={styles.course}>{certificate.courseTitle}</Text>
          <View style={styles.facts}>
            {facts.map(([label, value]) => (
              <View key={label} style={styles.fact}>
                <Text style={styles.factLabel}>{label}</Text>
                <Text style={styles.factValue}>{value}</Text>
              </View>
            ))}
          </View>
          <Text style={styles.how}>{howCompleted(certificate)}</Text>
          <View style={styles.footer}>
            {branding?.signatoryName ? (
              <View style={styles.signedBy}>
                {branding.signature ? <Image src={branding.signature} style={styles.signature} /> : null}
                <Text style={styles.factValue}>{branding.signatoryName}</Text>
                {branding.signatoryRole ? <Text style={styles.factLabel}>{branding.signatoryRole}</Text> : null}
              </View>
            ) : null}
            <View>
              <Text style={styles.number}>Certificate number</Text>
              <Text style={styles.numberValue}>{number}</Text>
              <Text style={styles.check}>
                Check that this certificate is genuine and still valid at{" "}
                <Link src={url} style={styles.link}>
                  {url}
                </Link>
              </Text>
            </View>
            <Svg viewBox={`0 0 ${qrCode.size} ${qrCode.size}`} style={styles.qr}>
              <Path d={qrCode.path} fill="#000000" />
            </Svg>
          </View>
        </View>
      </Page>
    </Document>
  );
}
