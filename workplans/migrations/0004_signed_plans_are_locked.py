from django.db import migrations

from core.db import postgresql_only

# Once both have signed, what they signed cannot change: the plan's own columns
# (except the revision counter and timestamp that meetings and step ticks bump),
# its checklist answers, and its steps (whose done date may still be set).
LOCK = """
CREATE OR REPLACE FUNCTION peerworks_workplan_is_signed(plan_id bigint) RETURNS boolean
LANGUAGE sql STABLE AS $$
    SELECT EXISTS (SELECT 1 FROM workplans_workplan WHERE id = plan_id
                   AND manager_signed_at IS NOT NULL AND employee_signed_at IS NOT NULL);
$$;

CREATE OR REPLACE FUNCTION peerworks_workplan_locked() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF OLD.manager_signed_at IS NOT NULL AND OLD.employee_signed_at IS NOT NULL AND (
        TG_OP = 'DELETE'
        OR (to_jsonb(NEW) - 'revision' - 'updated_at')
           IS DISTINCT FROM (to_jsonb(OLD) - 'revision' - 'updated_at'))
    THEN
        RAISE EXCEPTION 'Work plan % is signed by both: it can no longer change.', OLD.id
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
    RETURN NEW;
END
$$;

CREATE OR REPLACE FUNCTION peerworks_workplan_part_locked() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    plan bigint := CASE WHEN TG_OP = 'INSERT' THEN NEW.plan_id ELSE OLD.plan_id END;
BEGIN
    IF peerworks_workplan_is_signed(plan) AND NOT (
        TG_TABLE_NAME = 'workplans_immediatestep' AND TG_OP = 'UPDATE'
        AND (to_jsonb(NEW) - 'done_at') = (to_jsonb(OLD) - 'done_at'))
    THEN
        RAISE EXCEPTION 'Work plan % is signed by both: its % cannot change.', plan,
            TG_TABLE_NAME USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER workplan_signed_locked BEFORE UPDATE OR DELETE ON workplans_workplan
    FOR EACH ROW EXECUTE FUNCTION peerworks_workplan_locked();
CREATE TRIGGER workplan_answer_signed_locked
    BEFORE INSERT OR UPDATE OR DELETE ON workplans_checklistanswer
    FOR EACH ROW EXECUTE FUNCTION peerworks_workplan_part_locked();
CREATE TRIGGER workplan_step_signed_locked
    BEFORE INSERT OR UPDATE OR DELETE ON workplans_immediatestep
    FOR EACH ROW EXECUTE FUNCTION peerworks_workplan_part_locked();
"""

UNLOCK = """
DROP TRIGGER IF EXISTS workplan_step_signed_locked ON workplans_immediatestep;
DROP TRIGGER IF EXISTS workplan_answer_signed_locked ON workplans_checklistanswer;
DROP TRIGGER IF EXISTS workplan_signed_locked ON workplans_workplan;
DROP FUNCTION IF EXISTS peerworks_workplan_part_locked();
DROP FUNCTION IF EXISTS peerworks_workplan_locked();
DROP FUNCTION IF EXISTS peerworks_workplan_is_signed(bigint);
"""


class Migration(migrations.Migration):
    dependencies = [("workplans", "0003_signed_content_hash")]

    operations = [postgresql_only(sql=LOCK, reverse_sql=UNLOCK)]
