CREATE TYPE "public"."import_kind" AS ENUM('roster', 'schools', 'training-records');--> statement-breakpoint
CREATE TYPE "public"."import_status" AS ENUM('previewing', 'previewed', 'applying', 'applied', 'failed', 'discarded');--> statement-breakpoint
CREATE TABLE "import_column_mappings" (
	"kind" "import_kind" NOT NULL,
	"file_role" text NOT NULL,
	"field_key" text NOT NULL,
	"header" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "import_column_mappings_kind_file_role_field_key_pk" PRIMARY KEY("kind","file_role","field_key")
);
--> statement-breakpoint
CREATE TABLE "import_runs" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "import_runs_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"kind" "import_kind" NOT NULL,
	"status" "import_status" DEFAULT 'previewing' NOT NULL,
	"files" jsonb NOT NULL,
	"options" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"preview" jsonb,
	"counts" jsonb,
	"failure" text,
	"uploaded_by_account_id" text NOT NULL,
	"uploaded_at" timestamp with time zone DEFAULT now() NOT NULL,
	"applied_by_account_id" text,
	"applied_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "import_value_mappings" (
	"kind" "import_kind" NOT NULL,
	"field_key" text NOT NULL,
	"value_key" text NOT NULL,
	"choice" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "import_value_mappings_kind_field_key_value_key_pk" PRIMARY KEY("kind","field_key","value_key")
);
--> statement-breakpoint
CREATE INDEX "import_runs_uploaded_idx" ON "import_runs" USING btree ("uploaded_at" DESC NULLS LAST);