ALTER TABLE "course_sessions" ADD COLUMN "register_reopened_until" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "course_sessions" ADD COLUMN "register_reopen_reason" text;