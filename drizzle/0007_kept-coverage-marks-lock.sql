-- Marking a person stale takes the mark's row lock, so no reader can settle a person (or everyone,
-- marks 0 and -1) while a writer that changed their records has not committed.
--
-- 0005 marked with ON CONFLICT DO NOTHING, which locks nothing when the mark already exists. With
-- X already marked, a writer's uncommitted completion for X left X's mark untouched; a reader
-- (refreshStale, app/domain/coverage/kept-coverage.ts) deleted the mark and rebuilt X from a
-- snapshot without the completion; the writer committed; X's kept rows stayed wrong, unmarked.
--
-- DO UPDATE locks the existing mark until the writer ends. The reader locks the marks it takes
-- (SELECT … ORDER BY person_id FOR UPDATE) before deleting them, and rebuilds in later statements,
-- each with a new snapshot (READ COMMITTED). Both orders:
-- - writer first: the reader waits for the writer's lock on the mark; once the writer commits,
--   the reader's rebuild statements see its rows. If the mark is new (uncommitted insert), the
--   reader does not see it, and it stays for the next reader.
-- - reader first: the writer's insert meets a mark the reader has locked or deleted and waits for
--   the reader to end; the mark is then gone, so the writer inserts it afresh: the person is
--   stale again, and the next reader rebuilds them with the writer's rows.
-- Both sides lock marks in person_id order (the ORDER BY here, and the reader's), so a reader and
-- a writer cannot each hold a mark the other waits for. Writers now wait for each other on an
-- existing mark as they always did on a new one (the unique index).
-- The SET writes the same value: it is there only for the lock (and a row version the reader
-- follows).
CREATE OR REPLACE FUNCTION mark_stale_people_of_completions() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- One statement per event, so the marks are locked in one ascending order.
  IF TG_OP = 'UPDATE' THEN
    INSERT INTO stale_person_requirements (person_id)
      SELECT person_id FROM new_rows UNION SELECT person_id FROM old_rows ORDER BY 1
      ON CONFLICT (person_id) DO UPDATE SET person_id = excluded.person_id;
  ELSIF TG_OP = 'INSERT' THEN
    INSERT INTO stale_person_requirements (person_id)
      SELECT DISTINCT person_id FROM new_rows ORDER BY person_id
      ON CONFLICT (person_id) DO UPDATE SET person_id = excluded.person_id;
  ELSE
    INSERT INTO stale_person_requirements (person_id)
      SELECT DISTINCT person_id FROM old_rows ORDER BY person_id
      ON CONFLICT (person_id) DO UPDATE SET person_id = excluded.person_id;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION mark_stale_people() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO stale_person_requirements (person_id) SELECT id FROM new_rows ORDER BY id
      ON CONFLICT (person_id) DO UPDATE SET person_id = excluded.person_id;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO stale_person_requirements (person_id) SELECT id FROM old_rows ORDER BY id
      ON CONFLICT (person_id) DO UPDATE SET person_id = excluded.person_id;
  ELSE
    INSERT INTO stale_person_requirements (person_id)
      SELECT n.id FROM new_rows n JOIN old_rows o ON o.id = n.id
      WHERE (n.organisation_id, n.profile_tags, n.employment_type, n.start_date, n.leaving_date)
        IS DISTINCT FROM (o.organisation_id, o.profile_tags, o.employment_type, o.start_date, o.leaving_date)
      ORDER BY n.id
      ON CONFLICT (person_id) DO UPDATE SET person_id = excluded.person_id;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION mark_everyone_stale() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO stale_person_requirements (person_id) VALUES (0)
    ON CONFLICT (person_id) DO UPDATE SET person_id = excluded.person_id;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION mark_everyone_stale_if_tree_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM new_rows n JOIN old_rows o ON o.id = n.id WHERE n.sector IS DISTINCT FROM o.sector) THEN
    INSERT INTO stale_person_requirements (person_id) VALUES (-1)
      ON CONFLICT (person_id) DO UPDATE SET person_id = excluded.person_id;
  ELSIF EXISTS (SELECT 1 FROM new_rows n JOIN old_rows o ON o.id = n.id
                WHERE (n.path, n.depth) IS DISTINCT FROM (o.path, o.depth)) THEN
    INSERT INTO stale_person_requirements (person_id) VALUES (0)
      ON CONFLICT (person_id) DO UPDATE SET person_id = excluded.person_id;
  END IF;
  RETURN NULL;
END $$;
