-- The compliance engine (app/domain/compliance/compliance-query.ts) looks up, for each person and
-- each of a requirement's courses, their live completions up to a date. This index answers that
-- from the index alone: live rows only, newest first, with the expiry and id it needs.
CREATE INDEX IF NOT EXISTS "completions_person_course_live_idx" ON "completions" USING btree ("person_id", "course_id", "completed_on" DESC) INCLUDE ("expires_on", "id") WHERE "revoked_at" IS NULL;
