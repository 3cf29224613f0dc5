CREATE EXTENSION IF NOT EXISTS pg_trgm;--> statement-breakpoint
CREATE TABLE "certificate_branding" (
	"id" integer PRIMARY KEY NOT NULL,
	"logo_file_key" text,
	"logo_content_type" text,
	"signature_file_key" text,
	"signature_content_type" text,
	"signatory_name" text,
	"signatory_role" text,
	"updated_by_account_id" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "certificate_branding_one_row" CHECK ("certificate_branding"."id" = 1)
);
--> statement-breakpoint
CREATE TABLE "certificate_files" (
	"completion_id" bigint PRIMARY KEY NOT NULL,
	"file_key" text NOT NULL,
	"byte_length" integer NOT NULL,
	"rendered_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "kpi_running_figures" (
	"period_start" date PRIMARY KEY NOT NULL,
	"as_of" date NOT NULL,
	"figures" jsonb NOT NULL,
	"basis" text NOT NULL,
	"computed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "course_sessions" ADD COLUMN "school_organisation_id" integer;--> statement-breakpoint
ALTER TABLE "course_sessions" ADD COLUMN "attendee_count" integer;--> statement-breakpoint
ALTER TABLE "certificate_files" ADD CONSTRAINT "certificate_files_completion_id_completions_id_fk" FOREIGN KEY ("completion_id") REFERENCES "public"."completions"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "course_sessions" ADD CONSTRAINT "course_sessions_school_organisation_id_organisations_id_fk" FOREIGN KEY ("school_organisation_id") REFERENCES "public"."organisations"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "people_name_trgm_idx" ON "people" USING gin (lower("given_name" || ' ' || "family_name") gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "people_email_trgm_idx" ON "people" USING gin (lower("email") gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "course_sessions_school_idx" ON "course_sessions" USING btree ("school_organisation_id","starts_at") WHERE "course_sessions"."school_organisation_id" is not null;--> statement-breakpoint
CREATE INDEX "audit_events_actor_id_idx" ON "audit_events" USING btree ("actor_account_id","id");--> statement-breakpoint
CREATE INDEX "audit_events_action_id_idx" ON "audit_events" USING btree ("action","id");--> statement-breakpoint
CREATE INDEX "audit_events_subject_id_idx" ON "audit_events" USING btree ("subject_person_id","id");--> statement-breakpoint
ALTER TABLE "course_sessions" ADD CONSTRAINT "course_sessions_attendee_count_check" CHECK ("course_sessions"."attendee_count" is null or "course_sessions"."attendee_count" >= 0);