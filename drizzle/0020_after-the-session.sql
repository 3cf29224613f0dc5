CREATE TYPE "public"."charge_sector" AS ENUM('council', 'contractor', 'school', 'partner');--> statement-breakpoint
CREATE TYPE "public"."evaluation_question_kind" AS ENUM('scale', 'text');--> statement-breakpoint
CREATE TYPE "public"."evaluation_stage" AS ENUM('after', 'follow_up');--> statement-breakpoint
CREATE TABLE "bank_holidays" (
	"day" date PRIMARY KEY NOT NULL,
	"title" text NOT NULL,
	"added_by" text DEFAULT 'shipped' NOT NULL
);
--> statement-breakpoint
CREATE TABLE "charge_rates" (
	"sector" charge_sector PRIMARY KEY NOT NULL,
	"no_show_pence" integer DEFAULT 0 NOT NULL,
	"late_cancellation_pence" integer DEFAULT 0 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by_account_id" text,
	CONSTRAINT "charge_rates_non_negative" CHECK ("charge_rates"."no_show_pence" >= 0 and "charge_rates"."late_cancellation_pence" >= 0)
);
--> statement-breakpoint
CREATE TABLE "evaluation_answers" (
	"response_id" integer NOT NULL,
	"question_id" integer NOT NULL,
	"score" smallint,
	"answer" text,
	CONSTRAINT "evaluation_answers_response_id_question_id_pk" PRIMARY KEY("response_id","question_id"),
	CONSTRAINT "evaluation_answers_score_check" CHECK ("evaluation_answers"."score" is null or ("evaluation_answers"."score" between 1 and 5))
);
--> statement-breakpoint
CREATE TABLE "evaluation_questions" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "evaluation_questions_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"course_id" integer,
	"key" text,
	"stage" "evaluation_stage" NOT NULL,
	"kind" "evaluation_question_kind" NOT NULL,
	"text" text NOT NULL,
	"hint" text,
	"required" boolean DEFAULT true NOT NULL,
	"position" integer NOT NULL,
	"retired_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "evaluation_responses" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "evaluation_responses_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"booking_id" integer NOT NULL,
	"person_id" integer NOT NULL,
	"session_id" integer NOT NULL,
	"course_id" integer NOT NULL,
	"trainer_person_id" integer,
	"stage" "evaluation_stage" NOT NULL,
	"submitted_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "courses" ADD COLUMN "booking_closes_working_days" integer DEFAULT 3 NOT NULL;--> statement-breakpoint
ALTER TABLE "courses" ADD COLUMN "certificate_after_evaluation" boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE "courses" ADD COLUMN "follow_up_evaluation" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "bookings" ADD COLUMN "charge_pence" integer;--> statement-breakpoint
ALTER TABLE "bookings" ADD COLUMN "charge_organisation_id" integer;--> statement-breakpoint
ALTER TABLE "bookings" ADD COLUMN "substitutes_booking_id" integer;--> statement-breakpoint
ALTER TABLE "evaluation_answers" ADD CONSTRAINT "evaluation_answers_response_id_evaluation_responses_id_fk" FOREIGN KEY ("response_id") REFERENCES "public"."evaluation_responses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evaluation_answers" ADD CONSTRAINT "evaluation_answers_question_id_evaluation_questions_id_fk" FOREIGN KEY ("question_id") REFERENCES "public"."evaluation_questions"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evaluation_questions" ADD CONSTRAINT "evaluation_questions_course_id_courses_id_fk" FOREIGN KEY ("course_id") REFERENCES "public"."courses"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evaluation_responses" ADD CONSTRAINT "evaluation_responses_booking_id_bookings_id_fk" FOREIGN KEY ("booking_id") REFERENCES "public"."bookings"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evaluation_responses" ADD CONSTRAINT "evaluation_responses_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evaluation_responses" ADD CONSTRAINT "evaluation_responses_session_id_course_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."course_sessions"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evaluation_responses" ADD CONSTRAINT "evaluation_responses_course_id_courses_id_fk" FOREIGN KEY ("course_id") REFERENCES "public"."courses"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evaluation_responses" ADD CONSTRAINT "evaluation_responses_trainer_person_id_people_id_fk" FOREIGN KEY ("trainer_person_id") REFERENCES "public"."people"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "evaluation_answers_question_idx" ON "evaluation_answers" USING btree ("question_id");--> statement-breakpoint
CREATE UNIQUE INDEX "evaluation_questions_key" ON "evaluation_questions" USING btree ("key");--> statement-breakpoint
CREATE INDEX "evaluation_questions_course_idx" ON "evaluation_questions" USING btree ("course_id","stage","position");--> statement-breakpoint
CREATE UNIQUE INDEX "evaluation_responses_booking_stage_key" ON "evaluation_responses" USING btree ("booking_id","stage");--> statement-breakpoint
CREATE INDEX "evaluation_responses_course_idx" ON "evaluation_responses" USING btree ("course_id","submitted_at");--> statement-breakpoint
CREATE INDEX "evaluation_responses_session_idx" ON "evaluation_responses" USING btree ("session_id");--> statement-breakpoint
CREATE INDEX "evaluation_responses_trainer_idx" ON "evaluation_responses" USING btree ("trainer_person_id");--> statement-breakpoint
ALTER TABLE "bookings" ADD CONSTRAINT "bookings_charge_organisation_id_organisations_id_fk" FOREIGN KEY ("charge_organisation_id") REFERENCES "public"."organisations"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bookings" ADD CONSTRAINT "bookings_substitutes_booking_id_bookings_id_fk" FOREIGN KEY ("substitutes_booking_id") REFERENCES "public"."bookings"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "bookings_charge_idx" ON "bookings" USING btree ("charge_organisation_id") WHERE "bookings"."charge_pence" > 0;--> statement-breakpoint
ALTER TABLE "courses" ADD CONSTRAINT "courses_booking_closes_working_days_check" CHECK ("courses"."booking_closes_working_days" >= 0 and "courses"."booking_closes_working_days" <= 30);--> statement-breakpoint
ALTER TABLE "bookings" ADD CONSTRAINT "bookings_charge_check" CHECK ("bookings"."charge_pence" is null or "bookings"."charge_pence" >= 0);--> statement-breakpoint
-- The default rates (issue 21): partners and contractors are charged 50 pounds for a no-show or a late cancellation; council staff and schools nothing. The coordinator changes them.
INSERT INTO "charge_rates" ("sector", "no_show_pence", "late_cancellation_pence") VALUES ('council', 0, 0), ('school', 0, 0), ('contractor', 5000, 5000), ('partner', 5000, 5000);
