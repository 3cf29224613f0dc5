// The compliance engine's words, for the compliance pages: the statuses and the engine itself are
// defined once, in app/domain/kept-coverage/ (status.ts, compliance-rows.ts), beside the kept rows
// that must agree with them.
export {
  COMPLIANCE_STATUSES,
  CURRENT_BITS,
  type ComplianceStatus,
  NOT_CURRENT_BITS,
  STATUS_SEVERITY,
  completionValidUntilSql,
  statusBit,
  statusBitSql,
  statusSeveritySql,
  worstOfBitsSql,
} from "../kept-coverage/status";
export {
  type ComplianceSqlRow,
  DRAFT_REQUIREMENT_ID,
  type DraftRequirementSql,
  complianceRowsSql,
} from "../kept-coverage/compliance-rows";
