-- Marks people whose kept rows (person_requirements, person_quarter_courses) no longer match the
-- records. Person 0: a requirement or the tree's shape changed, everyone's person_requirements are
-- stale; person -1: an organisation's sector changed, everything is (app/db/schema/kept-coverage.ts).
-- Statement-level, so a bulk insert of completions costs one extra statement, not one per row.
-- Only marking lives here: the rules that rebuild the rows are in
-- app/domain/coverage/kept-coverage.ts.
-- PL/pgSQL plans a statement when it first runs it, so a branch may name a transition table
-- that only some of the events have.
CREATE FUNCTION mark_stale_people_of_completions() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    INSERT INTO stale_person_requirements (person_id) SELECT DISTINCT person_id FROM new_rows ON CONFLICT DO NOTHING;
  END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    INSERT INTO stale_person_requirements (person_id) SELECT DISTINCT person_id FROM old_rows ON CONFLICT DO NOTHING;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER completions_mark_stale_on_insert AFTER INSERT ON completions
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION mark_stale_people_of_completions();
--> statement-breakpoint
CREATE TRIGGER completions_mark_stale_on_update AFTER UPDATE ON completions
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT
  EXECUTE FUNCTION mark_stale_people_of_completions();
--> statement-breakpoint
CREATE TRIGGER completions_mark_stale_on_delete AFTER DELETE ON completions
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION mark_stale_people_of_completions();
--> statement-breakpoint
-- New and deleted people; of people changed, only those whose audience or dates changed (a new
-- name or e-mail changes no one's coverage).
CREATE FUNCTION mark_stale_people() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO stale_person_requirements (person_id) SELECT id FROM new_rows ON CONFLICT DO NOTHING;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO stale_person_requirements (person_id) SELECT id FROM old_rows ON CONFLICT DO NOTHING;
  ELSE
    INSERT INTO stale_person_requirements (person_id)
      SELECT n.id FROM new_rows n JOIN old_rows o ON o.id = n.id
      WHERE (n.organisation_id, n.profile_tags, n.employment_type, n.start_date, n.leaving_date)
        IS DISTINCT FROM (o.organisation_id, o.profile_tags, o.employment_type, o.start_date, o.leaving_date)
      ON CONFLICT DO NOTHING;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER people_mark_stale_on_insert AFTER INSERT ON people
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION mark_stale_people();
--> statement-breakpoint
CREATE TRIGGER people_mark_stale_on_update AFTER UPDATE ON people
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION mark_stale_people();
--> statement-breakpoint
CREATE TRIGGER people_mark_stale_on_delete AFTER DELETE ON people
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION mark_stale_people();
--> statement-breakpoint
CREATE FUNCTION mark_everyone_stale() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO stale_person_requirements (person_id) VALUES (0) ON CONFLICT DO NOTHING;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER requirements_mark_everyone_stale AFTER INSERT OR UPDATE OR DELETE ON requirements
  FOR EACH STATEMENT EXECUTE FUNCTION mark_everyone_stale();
--> statement-breakpoint
CREATE TRIGGER requirement_courses_mark_everyone_stale AFTER INSERT OR UPDATE OR DELETE ON requirement_courses
  FOR EACH STATEMENT EXECUTE FUNCTION mark_everyone_stale();
--> statement-breakpoint
-- A new organisation has no one in it yet; a moved one changes its subtree's audiences and
-- directorates, a re-sectored one everything its people count in.
CREATE FUNCTION mark_everyone_stale_if_tree_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM new_rows n JOIN old_rows o ON o.id = n.id WHERE n.sector IS DISTINCT FROM o.sector) THEN
    INSERT INTO stale_person_requirements (person_id) VALUES (-1) ON CONFLICT DO NOTHING;
  ELSIF EXISTS (SELECT 1 FROM new_rows n JOIN old_rows o ON o.id = n.id
                WHERE (n.path, n.depth) IS DISTINCT FROM (o.path, o.depth)) THEN
    INSERT INTO stale_person_requirements (person_id) VALUES (0) ON CONFLICT DO NOTHING;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER organisations_mark_stale_on_update AFTER UPDATE ON organisations
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT
  EXECUTE FUNCTION mark_everyone_stale_if_tree_changed();
--> statement-breakpoint
-- Rows existing before this migration were never counted: everything starts stale.
INSERT INTO stale_person_requirements (person_id) VALUES (-1);
