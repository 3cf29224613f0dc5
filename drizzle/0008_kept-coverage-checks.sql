CREATE TABLE "kept_coverage_checks" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "kept_coverage_checks_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"checked_at" timestamp with time zone DEFAULT now() NOT NULL,
	"rows_compared" integer NOT NULL,
	"differences" integer NOT NULL,
	"compared" jsonb NOT NULL,
	"examples" jsonb NOT NULL,
	"requested_by_account_id" text
);
--> statement-breakpoint
CREATE INDEX "kept_coverage_checks_checked_at_idx" ON "kept_coverage_checks" USING btree ("checked_at");