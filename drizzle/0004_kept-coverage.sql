CREATE TABLE "coverage_figures" (
	"on_date" date NOT NULL,
	"requirement_id" integer NOT NULL,
	"sector" "sector" NOT NULL,
	"directorate_id" integer NOT NULL,
	"applicable" integer NOT NULL,
	"current" integer NOT NULL,
	"not_yet_due" integer NOT NULL,
	CONSTRAINT "coverage_figures_on_date_requirement_id_sector_directorate_id_pk" PRIMARY KEY("on_date","requirement_id","sector","directorate_id")
);
--> statement-breakpoint
CREATE TABLE "person_quarter_courses" (
	"quarter_start" date NOT NULL,
	"sector" "sector" NOT NULL,
	"course_id" integer NOT NULL,
	"person_id" integer NOT NULL,
	CONSTRAINT "person_quarter_courses_pkey" PRIMARY KEY("quarter_start","sector","person_id","course_id")
);
--> statement-breakpoint
CREATE TABLE "person_requirements" (
	"person_id" integer NOT NULL,
	"requirement_id" integer NOT NULL,
	"organisation_id" integer NOT NULL,
	"sector" "sector" NOT NULL,
	"directorate_id" integer,
	"start_date" date NOT NULL,
	"leaving_date" date,
	"due_on" date NOT NULL,
	"held" datemultirange NOT NULL,
	"periods" daterange[] NOT NULL,
	"last_completed_on" date,
	CONSTRAINT "person_requirements_person_id_requirement_id_pk" PRIMARY KEY("person_id","requirement_id")
);
--> statement-breakpoint
CREATE TABLE "stale_person_requirements" (
	"person_id" integer PRIMARY KEY NOT NULL
);
--> statement-breakpoint
CREATE INDEX "person_quarter_courses_person_idx" ON "person_quarter_courses" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "person_requirements_held_until_idx" ON "person_requirements" USING btree (upper("held"));--> statement-breakpoint
CREATE INDEX "person_requirements_last_completed_idx" ON "person_requirements" USING btree ("last_completed_on");