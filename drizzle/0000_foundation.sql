CREATE TYPE "public"."organisation_kind" AS ENUM('council', 'directorate', 'service', 'team', 'contractor', 'schools', 'school', 'partner');--> statement-breakpoint
CREATE TYPE "public"."sector" AS ENUM('council', 'contractor', 'school', 'partner');--> statement-breakpoint
CREATE TYPE "public"."employment_type" AS ENUM('permanent', 'fixed_term', 'agency', 'contractor', 'volunteer');--> statement-breakpoint
CREATE TYPE "public"."role" AS ENUM('learner', 'manager', 'trainer', 'education_officer', 'coordinator');--> statement-breakpoint
CREATE TYPE "public"."course_category" AS ENUM('prevent', 'safeguarding_children', 'safeguarding_adults', 'designated_safeguarding_lead', 'channel', 'other');--> statement-breakpoint
CREATE TYPE "public"."delivery_mode" AS ENUM('face_to_face', 'live_online', 'hosted_elearning', 'external_elearning');--> statement-breakpoint
CREATE TYPE "public"."booking_status" AS ENUM('booked', 'waitlisted', 'cancelled', 'attended', 'absent');--> statement-breakpoint
CREATE TYPE "public"."session_status" AS ENUM('scheduled', 'cancelled', 'delivered');--> statement-breakpoint
CREATE TYPE "public"."completion_source" AS ENUM('attendance', 'hosted_elearning', 'external_evidence', 'import');--> statement-breakpoint
CREATE TYPE "public"."notification_status" AS ENUM('pending', 'sent', 'failed');--> statement-breakpoint
CREATE TABLE "organisations" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "organisations_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"parent_id" integer,
	"kind" "organisation_kind" NOT NULL,
	"sector" "sector" NOT NULL,
	"path" text NOT NULL,
	"depth" integer DEFAULT 0 NOT NULL,
	"name" text NOT NULL,
	"external_ref" text,
	"urn" integer,
	"school_phase" text,
	"school_type" text,
	"school_status" text,
	"closed_on" date,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "organisations_depth_check" CHECK ("organisations"."depth" >= 0),
	CONSTRAINT "organisations_urn_only_for_schools" CHECK ("organisations"."urn" is null or "organisations"."kind" = 'school')
);
--> statement-breakpoint
CREATE TABLE "school_declarations" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "school_declarations_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"organisation_id" integer NOT NULL,
	"declared_on" date NOT NULL,
	"headcount" integer NOT NULL,
	"declared_trained" integer NOT NULL,
	"declared_by_account_id" text,
	"note" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "school_declarations_headcount_check" CHECK ("school_declarations"."headcount" >= 0),
	CONSTRAINT "school_declarations_trained_check" CHECK ("school_declarations"."declared_trained" >= 0 and "school_declarations"."declared_trained" <= "school_declarations"."headcount")
);
--> statement-breakpoint
CREATE TABLE "people" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "people_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"organisation_id" integer NOT NULL,
	"line_manager_id" integer,
	"given_name" text NOT NULL,
	"family_name" text NOT NULL,
	"email" text,
	"job_title" text,
	"profile_tags" text[] DEFAULT '{}'::text[] NOT NULL,
	"employment_type" "employment_type" DEFAULT 'permanent' NOT NULL,
	"start_date" date NOT NULL,
	"leaving_date" date,
	"external_ref" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "people_leaving_after_start" CHECK ("people"."leaving_date" is null or "people"."leaving_date" >= "people"."start_date"),
	CONSTRAINT "people_not_own_manager" CHECK ("people"."line_manager_id" is null or "people"."line_manager_id" <> "people"."id")
);
--> statement-breakpoint
CREATE TABLE "accounts" (
	"id" text PRIMARY KEY NOT NULL,
	"person_id" integer,
	"email" text NOT NULL,
	"password_hash" text NOT NULL,
	"display_name" text NOT NULL,
	"failed_sign_ins" integer DEFAULT 0 NOT NULL,
	"locked_until" timestamp with time zone,
	"last_sign_in_at" timestamp with time zone,
	"disabled_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "auth_sessions" (
	"id" text PRIMARY KEY NOT NULL,
	"user_id" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "rate_limit_buckets" (
	"key" text PRIMARY KEY NOT NULL,
	"window_started_at" timestamp with time zone NOT NULL,
	"hits" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "role_grants" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "role_grants_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"account_id" text NOT NULL,
	"role" "role" NOT NULL,
	"organisation_id" integer,
	"person_id" integer,
	"granted_by_account_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "role_grants_unique" UNIQUE NULLS NOT DISTINCT("account_id","role","organisation_id","person_id")
);
--> statement-breakpoint
CREATE TABLE "courses" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "courses_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"code" text NOT NULL,
	"title" text NOT NULL,
	"summary" text DEFAULT '' NOT NULL,
	"category" "course_category" NOT NULL,
	"delivery_mode" "delivery_mode" NOT NULL,
	"duration_minutes" integer NOT NULL,
	"validity_months" integer,
	"bookable" boolean DEFAULT true NOT NULL,
	"issues_certificate" boolean DEFAULT true NOT NULL,
	"external_url" text,
	"audience_note" text,
	"retired_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "courses_duration_check" CHECK ("courses"."duration_minutes" > 0 and "courses"."duration_minutes" <= 10080),
	CONSTRAINT "courses_validity_check" CHECK ("courses"."validity_months" is null or ("courses"."validity_months" > 0 and "courses"."validity_months" <= 240))
);
--> statement-breakpoint
CREATE TABLE "bookings" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "bookings_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"session_id" integer NOT NULL,
	"person_id" integer NOT NULL,
	"status" "booking_status" NOT NULL,
	"manager_agreed" boolean DEFAULT false NOT NULL,
	"booked_by_account_id" text,
	"waitlisted_at" timestamp with time zone,
	"cancelled_at" timestamp with time zone,
	"cancel_reason" text,
	"late_cancellation" boolean DEFAULT false NOT NULL,
	"walk_in" boolean DEFAULT false NOT NULL,
	"attendance_marked_at" timestamp with time zone,
	"calendar_sequence" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "bookings_waitlist_time" CHECK ("bookings"."status" <> 'waitlisted' or "bookings"."waitlisted_at" is not null)
);
--> statement-breakpoint
CREATE TABLE "course_sessions" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "course_sessions_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"course_id" integer NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"venue" text,
	"joining_link" text,
	"capacity" integer NOT NULL,
	"trainer_person_id" integer,
	"booking_opens_at" timestamp with time zone,
	"booking_closes_at" timestamp with time zone,
	"audience_organisation_id" integer,
	"status" "session_status" DEFAULT 'scheduled' NOT NULL,
	"calendar_sequence" integer DEFAULT 0 NOT NULL,
	"series_id" text,
	"notes" text,
	"cancelled_at" timestamp with time zone,
	"cancel_reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "course_sessions_capacity_check" CHECK ("course_sessions"."capacity" > 0),
	CONSTRAINT "course_sessions_ends_after_starts" CHECK ("course_sessions"."ends_at" > "course_sessions"."starts_at"),
	CONSTRAINT "course_sessions_has_place" CHECK ("course_sessions"."venue" is not null or "course_sessions"."joining_link" is not null),
	CONSTRAINT "course_sessions_booking_window" CHECK ("course_sessions"."booking_opens_at" is null or "course_sessions"."booking_closes_at" is null or "course_sessions"."booking_closes_at" > "course_sessions"."booking_opens_at")
);
--> statement-breakpoint
CREATE TABLE "completions" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "completions_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"person_id" integer NOT NULL,
	"course_id" integer NOT NULL,
	"completed_on" date NOT NULL,
	"expires_on" date,
	"source" "completion_source" NOT NULL,
	"session_id" integer,
	"booking_id" integer,
	"evidence_note" text,
	"evidence_file_key" text,
	"recorded_by_account_id" text,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	"certificate_code" text NOT NULL,
	"revoked_at" timestamp with time zone,
	"revoked_by_account_id" text,
	"revoke_reason" text,
	CONSTRAINT "completions_expiry_after_completion" CHECK ("completions"."expires_on" is null or "completions"."expires_on" > "completions"."completed_on"),
	CONSTRAINT "completions_revocation_has_reason" CHECK ("completions"."revoked_at" is null or "completions"."revoke_reason" is not null)
);
--> statement-breakpoint
CREATE TABLE "requirement_courses" (
	"requirement_id" integer NOT NULL,
	"course_id" integer NOT NULL,
	CONSTRAINT "requirement_courses_requirement_id_course_id_pk" PRIMARY KEY("requirement_id","course_id")
);
--> statement-breakpoint
CREATE TABLE "requirements" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "requirements_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"audience_sectors" text[] DEFAULT '{}'::text[] NOT NULL,
	"audience_organisation_ids" integer[] DEFAULT '{}'::integer[] NOT NULL,
	"audience_tags" text[] DEFAULT '{}'::text[] NOT NULL,
	"audience_employment_types" text[] DEFAULT '{}'::text[] NOT NULL,
	"due_within_days" integer DEFAULT 90 NOT NULL,
	"renewal_months" integer,
	"reminder_days" integer DEFAULT 60 NOT NULL,
	"source" text,
	"retired_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "requirements_due_check" CHECK ("requirements"."due_within_days" >= 0),
	CONSTRAINT "requirements_renewal_check" CHECK ("requirements"."renewal_months" is null or "requirements"."renewal_months" > 0),
	CONSTRAINT "requirements_reminder_check" CHECK ("requirements"."reminder_days" >= 0)
);
--> statement-breakpoint
CREATE TABLE "audit_events" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "audit_events_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"occurred_at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor_account_id" text,
	"action" text NOT NULL,
	"entity_type" text NOT NULL,
	"entity_id" text NOT NULL,
	"subject_person_id" integer,
	"before" jsonb,
	"after" jsonb
);
--> statement-breakpoint
CREATE TABLE "notifications" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "notifications_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"kind" text NOT NULL,
	"recipient_person_id" integer,
	"recipient_email" text,
	"details" jsonb NOT NULL,
	"status" "notification_status" DEFAULT 'pending' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"sent_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "kpi_definitions" (
	"key" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"formula" text NOT NULL,
	"target" numeric(12, 2),
	"unit" text DEFAULT 'percent' NOT NULL,
	"owner" text DEFAULT 'Prevent Coordinator' NOT NULL,
	"sort_order" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "kpi_snapshots" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "kpi_snapshots_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"period_start" date NOT NULL,
	"period_end" date NOT NULL,
	"figures" jsonb NOT NULL,
	"taken_at" timestamp with time zone DEFAULT now() NOT NULL,
	"taken_by_account_id" text,
	"reason" text,
	"replaced_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "organisations" ADD CONSTRAINT "organisations_parent_id_organisations_id_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."organisations"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "school_declarations" ADD CONSTRAINT "school_declarations_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "people" ADD CONSTRAINT "people_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "people" ADD CONSTRAINT "people_line_manager_id_people_id_fk" FOREIGN KEY ("line_manager_id") REFERENCES "public"."people"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "accounts" ADD CONSTRAINT "accounts_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "auth_sessions" ADD CONSTRAINT "auth_sessions_user_id_accounts_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "role_grants" ADD CONSTRAINT "role_grants_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "role_grants" ADD CONSTRAINT "role_grants_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "role_grants" ADD CONSTRAINT "role_grants_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bookings" ADD CONSTRAINT "bookings_session_id_course_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."course_sessions"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bookings" ADD CONSTRAINT "bookings_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "course_sessions" ADD CONSTRAINT "course_sessions_course_id_courses_id_fk" FOREIGN KEY ("course_id") REFERENCES "public"."courses"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "course_sessions" ADD CONSTRAINT "course_sessions_trainer_person_id_people_id_fk" FOREIGN KEY ("trainer_person_id") REFERENCES "public"."people"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "course_sessions" ADD CONSTRAINT "course_sessions_audience_organisation_id_organisations_id_fk" FOREIGN KEY ("audience_organisation_id") REFERENCES "public"."organisations"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "completions" ADD CONSTRAINT "completions_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "completions" ADD CONSTRAINT "completions_course_id_courses_id_fk" FOREIGN KEY ("course_id") REFERENCES "public"."courses"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "completions" ADD CONSTRAINT "completions_session_id_course_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."course_sessions"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "completions" ADD CONSTRAINT "completions_booking_id_bookings_id_fk" FOREIGN KEY ("booking_id") REFERENCES "public"."bookings"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "requirement_courses" ADD CONSTRAINT "requirement_courses_requirement_id_requirements_id_fk" FOREIGN KEY ("requirement_id") REFERENCES "public"."requirements"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "requirement_courses" ADD CONSTRAINT "requirement_courses_course_id_courses_id_fk" FOREIGN KEY ("course_id") REFERENCES "public"."courses"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_recipient_person_id_people_id_fk" FOREIGN KEY ("recipient_person_id") REFERENCES "public"."people"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "organisations_parent_idx" ON "organisations" USING btree ("parent_id");--> statement-breakpoint
CREATE INDEX "organisations_path_idx" ON "organisations" USING btree ("path" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "organisations_sector_kind_idx" ON "organisations" USING btree ("sector","kind");--> statement-breakpoint
CREATE UNIQUE INDEX "organisations_urn_key" ON "organisations" USING btree ("urn");--> statement-breakpoint
CREATE UNIQUE INDEX "organisations_external_ref_key" ON "organisations" USING btree ("external_ref");--> statement-breakpoint
CREATE INDEX "school_declarations_org_idx" ON "school_declarations" USING btree ("organisation_id","declared_on");--> statement-breakpoint
CREATE INDEX "people_organisation_idx" ON "people" USING btree ("organisation_id");--> statement-breakpoint
CREATE INDEX "people_line_manager_idx" ON "people" USING btree ("line_manager_id");--> statement-breakpoint
CREATE INDEX "people_profile_tags_idx" ON "people" USING gin ("profile_tags");--> statement-breakpoint
CREATE INDEX "people_family_name_idx" ON "people" USING btree (lower("family_name"),lower("given_name"));--> statement-breakpoint
CREATE UNIQUE INDEX "people_email_key" ON "people" USING btree (lower("email"));--> statement-breakpoint
CREATE UNIQUE INDEX "people_external_ref_key" ON "people" USING btree ("external_ref");--> statement-breakpoint
CREATE UNIQUE INDEX "accounts_email_key" ON "accounts" USING btree (lower("email"));--> statement-breakpoint
CREATE UNIQUE INDEX "accounts_person_key" ON "accounts" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "auth_sessions_user_idx" ON "auth_sessions" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "role_grants_account_idx" ON "role_grants" USING btree ("account_id");--> statement-breakpoint
CREATE UNIQUE INDEX "courses_code_key" ON "courses" USING btree (upper("code"));--> statement-breakpoint
CREATE UNIQUE INDEX "bookings_one_live_per_person_session" ON "bookings" USING btree ("session_id","person_id") WHERE "bookings"."status" <> 'cancelled';--> statement-breakpoint
CREATE INDEX "bookings_session_status_idx" ON "bookings" USING btree ("session_id","status","waitlisted_at");--> statement-breakpoint
CREATE INDEX "bookings_person_idx" ON "bookings" USING btree ("person_id","status");--> statement-breakpoint
CREATE INDEX "course_sessions_starts_idx" ON "course_sessions" USING btree ("starts_at");--> statement-breakpoint
CREATE INDEX "course_sessions_course_starts_idx" ON "course_sessions" USING btree ("course_id","starts_at");--> statement-breakpoint
CREATE INDEX "course_sessions_trainer_starts_idx" ON "course_sessions" USING btree ("trainer_person_id","starts_at");--> statement-breakpoint
CREATE UNIQUE INDEX "completions_certificate_code_key" ON "completions" USING btree ("certificate_code");--> statement-breakpoint
CREATE UNIQUE INDEX "completions_one_live_per_booking" ON "completions" USING btree ("booking_id") WHERE "completions"."revoked_at" is null;--> statement-breakpoint
CREATE INDEX "completions_person_course_idx" ON "completions" USING btree ("person_id","course_id","completed_on");--> statement-breakpoint
CREATE INDEX "completions_course_expiry_idx" ON "completions" USING btree ("course_id",coalesce("expires_on", 'infinity'::date)) WHERE "completions"."revoked_at" is null;--> statement-breakpoint
CREATE INDEX "completions_session_idx" ON "completions" USING btree ("session_id");--> statement-breakpoint
CREATE INDEX "requirement_courses_course_idx" ON "requirement_courses" USING btree ("course_id");--> statement-breakpoint
CREATE INDEX "audit_events_entity_idx" ON "audit_events" USING btree ("entity_type","entity_id");--> statement-breakpoint
CREATE INDEX "audit_events_subject_idx" ON "audit_events" USING btree ("subject_person_id","occurred_at");--> statement-breakpoint
CREATE INDEX "audit_events_occurred_idx" ON "audit_events" USING btree ("occurred_at");--> statement-breakpoint
CREATE INDEX "notifications_recipient_idx" ON "notifications" USING btree ("recipient_person_id","created_at");--> statement-breakpoint
CREATE INDEX "notifications_status_idx" ON "notifications" USING btree ("status","created_at");--> statement-breakpoint
CREATE INDEX "kpi_snapshots_period_idx" ON "kpi_snapshots" USING btree ("period_start") WHERE "kpi_snapshots"."replaced_at" is null;