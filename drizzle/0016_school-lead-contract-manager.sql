ALTER TYPE "public"."role" ADD VALUE 'school_lead';--> statement-breakpoint
ALTER TYPE "public"."role" ADD VALUE 'contract_manager';