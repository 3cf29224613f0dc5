CREATE TYPE "public"."elearning_completion_rule" AS ENUM('completed', 'passed', 'completed_and_passed');--> statement-breakpoint
CREATE TYPE "public"."scorm_version" AS ENUM('scorm_1_2', 'scorm_2004');--> statement-breakpoint
CREATE TYPE "public"."evidence_kind" AS ENUM('certificate', 'manager_confirmation');--> statement-breakpoint
CREATE TYPE "public"."evidence_status" AS ENUM('awaiting_verification', 'accepted', 'rejected', 'withdrawn');--> statement-breakpoint
ALTER TYPE "public"."notification_status" ADD VALUE 'sending';--> statement-breakpoint
ALTER TYPE "public"."notification_status" ADD VALUE 'skipped';--> statement-breakpoint
CREATE TABLE "elearning_attempts" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "elearning_attempts_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"person_id" integer NOT NULL,
	"course_id" integer NOT NULL,
	"package_id" integer NOT NULL,
	"attempt_number" integer NOT NULL,
	"cmi" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"lesson_status" text,
	"completion_status" text,
	"success_status" text,
	"score_raw" numeric,
	"score_scaled" numeric,
	"location" text,
	"suspend_data" text,
	"total_seconds" integer DEFAULT 0 NOT NULL,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_saved_at" timestamp with time zone DEFAULT now() NOT NULL,
	"completion_id" bigint,
	"completed_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	CONSTRAINT "elearning_attempts_total_seconds_check" CHECK ("elearning_attempts"."total_seconds" >= 0)
);
--> statement-breakpoint
CREATE TABLE "elearning_package_files" (
	"package_id" integer NOT NULL,
	"path" text NOT NULL,
	"file_key" text NOT NULL,
	"bytes" integer NOT NULL,
	"content_type" text NOT NULL,
	CONSTRAINT "elearning_package_files_package_id_path_pk" PRIMARY KEY("package_id","path")
);
--> statement-breakpoint
CREATE TABLE "elearning_packages" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "elearning_packages_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"course_id" integer NOT NULL,
	"version" integer NOT NULL,
	"scorm_version" "scorm_version" NOT NULL,
	"schema_version" text NOT NULL,
	"title" text NOT NULL,
	"launch_path" text NOT NULL,
	"file_name" text NOT NULL,
	"checksum" text NOT NULL,
	"file_count" integer NOT NULL,
	"total_bytes" bigint NOT NULL,
	"uploaded_by_account_id" text NOT NULL,
	"uploaded_at" timestamp with time zone DEFAULT now() NOT NULL,
	"replaced_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "evidence_submissions" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "evidence_submissions_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"person_id" integer NOT NULL,
	"course_id" integer NOT NULL,
	"completed_on" date NOT NULL,
	"kind" "evidence_kind" NOT NULL,
	"provider" text,
	"note" text,
	"file_key" text,
	"file_name" text,
	"file_type" text,
	"file_bytes" integer,
	"status" "evidence_status" DEFAULT 'awaiting_verification' NOT NULL,
	"submitted_by_account_id" text NOT NULL,
	"submitted_at" timestamp with time zone DEFAULT now() NOT NULL,
	"decided_by_account_id" text,
	"decided_at" timestamp with time zone,
	"rejection_reason" text,
	"completion_id" bigint,
	CONSTRAINT "evidence_submissions_certificate_has_file" CHECK ("evidence_submissions"."kind" <> 'certificate' or "evidence_submissions"."file_key" is not null),
	CONSTRAINT "evidence_submissions_rejection_has_reason" CHECK ("evidence_submissions"."status" <> 'rejected' or "evidence_submissions"."rejection_reason" is not null),
	CONSTRAINT "evidence_submissions_accepted_has_completion" CHECK ("evidence_submissions"."status" <> 'accepted' or "evidence_submissions"."completion_id" is not null)
);
--> statement-breakpoint
ALTER TABLE "accounts" ADD COLUMN "receives_team_digest" boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE "courses" ADD COLUMN "elearning_completes_when" "elearning_completion_rule" DEFAULT 'completed' NOT NULL;--> statement-breakpoint
ALTER TABLE "courses" ADD COLUMN "managers_may_verify_evidence" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "courses" ADD COLUMN "accepts_manager_confirmation" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "completions" ADD COLUMN "provider" text;--> statement-breakpoint
ALTER TABLE "notifications" ADD COLUMN "dedupe_key" text;--> statement-breakpoint
ALTER TABLE "notifications" ADD COLUMN "attempts" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "notifications" ADD COLUMN "next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "notifications" ADD COLUMN "claimed_until" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "notifications" ADD COLUMN "notify_id" text;--> statement-breakpoint
ALTER TABLE "notifications" ADD COLUMN "last_error" text;--> statement-breakpoint
ALTER TABLE "elearning_attempts" ADD CONSTRAINT "elearning_attempts_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "elearning_attempts" ADD CONSTRAINT "elearning_attempts_course_id_courses_id_fk" FOREIGN KEY ("course_id") REFERENCES "public"."courses"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "elearning_attempts" ADD CONSTRAINT "elearning_attempts_package_id_elearning_packages_id_fk" FOREIGN KEY ("package_id") REFERENCES "public"."elearning_packages"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "elearning_attempts" ADD CONSTRAINT "elearning_attempts_completion_id_completions_id_fk" FOREIGN KEY ("completion_id") REFERENCES "public"."completions"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "elearning_package_files" ADD CONSTRAINT "elearning_package_files_package_id_elearning_packages_id_fk" FOREIGN KEY ("package_id") REFERENCES "public"."elearning_packages"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "elearning_packages" ADD CONSTRAINT "elearning_packages_course_id_courses_id_fk" FOREIGN KEY ("course_id") REFERENCES "public"."courses"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evidence_submissions" ADD CONSTRAINT "evidence_submissions_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evidence_submissions" ADD CONSTRAINT "evidence_submissions_course_id_courses_id_fk" FOREIGN KEY ("course_id") REFERENCES "public"."courses"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evidence_submissions" ADD CONSTRAINT "evidence_submissions_completion_id_completions_id_fk" FOREIGN KEY ("completion_id") REFERENCES "public"."completions"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "elearning_attempts_one_open" ON "elearning_attempts" USING btree ("person_id","course_id") WHERE "elearning_attempts"."closed_at" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "elearning_attempts_number_key" ON "elearning_attempts" USING btree ("person_id","course_id","attempt_number");--> statement-breakpoint
CREATE UNIQUE INDEX "elearning_attempts_completion_key" ON "elearning_attempts" USING btree ("completion_id");--> statement-breakpoint
CREATE INDEX "elearning_attempts_course_idx" ON "elearning_attempts" USING btree ("course_id","last_saved_at");--> statement-breakpoint
CREATE UNIQUE INDEX "elearning_packages_course_version_key" ON "elearning_packages" USING btree ("course_id","version");--> statement-breakpoint
CREATE UNIQUE INDEX "elearning_packages_one_current" ON "elearning_packages" USING btree ("course_id") WHERE "elearning_packages"."replaced_at" is null;--> statement-breakpoint
CREATE INDEX "evidence_submissions_queue_idx" ON "evidence_submissions" USING btree ("status","submitted_at");--> statement-breakpoint
CREATE INDEX "evidence_submissions_person_idx" ON "evidence_submissions" USING btree ("person_id","submitted_at");--> statement-breakpoint
CREATE INDEX "notifications_due_idx" ON "notifications" USING btree ("next_attempt_at") WHERE "notifications"."status" not in ('sent', 'failed');--> statement-breakpoint
CREATE UNIQUE INDEX "notifications_dedupe_key" ON "notifications" USING btree ("dedupe_key");