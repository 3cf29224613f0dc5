-- Indexes the benchmark (bench/README.md) showed the pages need at council scale.
--
-- Each person's latest live completion, with its source: the schools table's "last training"
-- and "last attended" per person are then one index probe each instead of a walk over every
-- course the person has done (schools table: 120 ms → 33 ms for 7,500 school staff).
CREATE INDEX IF NOT EXISTS "completions_person_latest_idx" ON "completions" USING btree ("person_id", "completed_on" DESC) INCLUDE ("source") WHERE "revoked_at" IS NULL;--> statement-breakpoint
-- Sessions held for one organisation (a school's own sessions): without it every page that
-- asks "when did this school last have a session" reads every session ever scheduled.
CREATE INDEX IF NOT EXISTS "course_sessions_audience_starts_idx" ON "course_sessions" USING btree ("audience_organisation_id", "starts_at") WHERE "audience_organisation_id" IS NOT NULL;
