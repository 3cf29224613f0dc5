DROP INDEX "people_family_name_idx";--> statement-breakpoint
CREATE INDEX "people_family_name_idx" ON "people" USING btree (lower("family_name"),lower("given_name"),"id","family_name","given_name");