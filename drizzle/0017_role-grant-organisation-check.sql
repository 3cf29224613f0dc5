-- A school lead's grant names one school, a contract manager's one contractor company (a root of
-- kind contractor), and neither names a person. A check constraint cannot read another table, so
-- triggers keep it: on role_grants as grants are written, and on organisations so a granted
-- school or company does not stop being one underneath its grants. Roles are compared as text, so
-- this migration does not use the enum values 0016 added in the same transaction.
CREATE FUNCTION check_role_grant_organisation() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  org_kind text;
  org_parent integer;
BEGIN
  IF NEW.role::text NOT IN ('school_lead', 'contract_manager') THEN
    RETURN NEW;
  END IF;
  IF NEW.person_id IS NOT NULL THEN
    RAISE EXCEPTION 'a % grant names an organisation, not a person', NEW.role
      USING ERRCODE = 'check_violation', CONSTRAINT = 'role_grants_organisation_role_check';
  END IF;
  SELECT kind::text, parent_id INTO org_kind, org_parent FROM organisations WHERE id = NEW.organisation_id;
  IF NEW.role::text = 'school_lead' AND (org_kind IS NULL OR org_kind <> 'school') THEN
    RAISE EXCEPTION 'a school_lead grant needs the school it is for'
      USING ERRCODE = 'check_violation', CONSTRAINT = 'role_grants_organisation_role_check';
  END IF;
  IF NEW.role::text = 'contract_manager' AND (org_kind IS NULL OR org_kind <> 'contractor' OR org_parent IS NOT NULL) THEN
    RAISE EXCEPTION 'a contract_manager grant needs the contractor company it is for'
      USING ERRCODE = 'check_violation', CONSTRAINT = 'role_grants_organisation_role_check';
  END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER role_grants_organisation_role_check BEFORE INSERT OR UPDATE ON role_grants
  FOR EACH ROW EXECUTE FUNCTION check_role_grant_organisation();
--> statement-breakpoint
CREATE FUNCTION check_granted_organisation_kind() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (
    SELECT 1 FROM role_grants g
    WHERE g.organisation_id = NEW.id
      AND ((g.role::text = 'school_lead' AND NEW.kind::text <> 'school')
        OR (g.role::text = 'contract_manager' AND (NEW.kind::text <> 'contractor' OR NEW.parent_id IS NOT NULL)))
  ) THEN
    RAISE EXCEPTION 'organisation % has school lead or contract manager grants that need it to stay a school or a contractor company', NEW.id
      USING ERRCODE = 'check_violation', CONSTRAINT = 'role_grants_organisation_role_check';
  END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER organisations_granted_kind_check BEFORE UPDATE OF kind, parent_id ON organisations
  FOR EACH ROW EXECUTE FUNCTION check_granted_organisation_kind();
