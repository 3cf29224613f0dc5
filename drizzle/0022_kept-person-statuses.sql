CREATE TABLE "person_statuses" (
	"on_date" date NOT NULL,
	"person_id" integer NOT NULL,
	"organisation_id" integer NOT NULL,
	"statuses" smallint NOT NULL,
	"worst" smallint NOT NULL,
	CONSTRAINT "person_statuses_on_date_person_id_pk" PRIMARY KEY("on_date","person_id")
);
--> statement-breakpoint
CREATE INDEX "person_statuses_worst_idx" ON "person_statuses" USING btree ("on_date","worst");