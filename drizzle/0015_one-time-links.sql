CREATE TYPE "public"."one_time_link_purpose" AS ENUM('invitation', 'password-reset', 'sign-in');--> statement-breakpoint
CREATE TABLE "one_time_links" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "one_time_links_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"purpose" "one_time_link_purpose" NOT NULL,
	"token_hash" text NOT NULL,
	"account_id" text,
	"person_id" integer,
	"browser_binding_hash" text,
	"created_by_account_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone,
	"ended_at" timestamp with time zone,
	CONSTRAINT "one_time_links_token_hash_key" UNIQUE("token_hash"),
	CONSTRAINT "one_time_links_for_someone" CHECK ("one_time_links"."account_id" is not null or "one_time_links"."person_id" is not null)
);
--> statement-breakpoint
ALTER TABLE "one_time_links" ADD CONSTRAINT "one_time_links_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "one_time_links" ADD CONSTRAINT "one_time_links_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "one_time_links" ADD CONSTRAINT "one_time_links_created_by_account_id_accounts_id_fk" FOREIGN KEY ("created_by_account_id") REFERENCES "public"."accounts"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "one_time_links_account_idx" ON "one_time_links" USING btree ("account_id","purpose");--> statement-breakpoint
CREATE INDEX "one_time_links_person_idx" ON "one_time_links" USING btree ("person_id","purpose");