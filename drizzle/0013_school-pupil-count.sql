ALTER TABLE "organisations" ADD COLUMN "pupil_count" integer;--> statement-breakpoint
ALTER TABLE "organisations" ADD COLUMN "predecessor_urn" integer;--> statement-breakpoint
ALTER TABLE "organisations" ADD CONSTRAINT "organisations_pupil_count_check" CHECK ("organisations"."pupil_count" is null or "organisations"."pupil_count" >= 0);