from django.db import migrations

from core.db import postgresql_only

# A finalized evaluation, its categories and its ratings change only through an
# amendment, which opens peerworks.unlocked_evaluations_evaluation for its own
# transaction and row (core.integrity.allow_locked_change). Deleting is never allowed.
LOCK = """
CREATE OR REPLACE FUNCTION peerworks_evaluation_is_open(evaluation_id bigint, op text)
RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM evaluations_evaluation
               WHERE id = evaluation_id AND state = 'finalized')
       AND (op = 'DELETE' OR coalesce(current_setting(
                'peerworks.unlocked_evaluations_evaluation', true), '') <> evaluation_id::text)
    THEN
        RAISE EXCEPTION 'Evaluation % is finalized: it changes only through an amendment.',
            evaluation_id USING ERRCODE = 'integrity_constraint_violation';
    END IF;
END
$$;

CREATE OR REPLACE FUNCTION peerworks_evaluation_locked() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM peerworks_evaluation_is_open(OLD.id, TG_OP);
    IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
    RETURN NEW;
END
$$;

CREATE OR REPLACE FUNCTION peerworks_evaluation_section_locked() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM peerworks_evaluation_is_open(OLD.evaluation_id, TG_OP);
    IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
    RETURN NEW;
END
$$;

CREATE OR REPLACE FUNCTION peerworks_evaluation_item_locked() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM peerworks_evaluation_is_open(
        (SELECT evaluation_id FROM evaluations_evaluationsection WHERE id = OLD.section_id),
        TG_OP);
    IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER evaluation_finalized_locked BEFORE UPDATE OR DELETE ON evaluations_evaluation
    FOR EACH ROW EXECUTE FUNCTION peerworks_evaluation_locked();
CREATE TRIGGER evaluation_section_finalized_locked
    BEFORE UPDATE OR DELETE ON evaluations_evaluationsection
    FOR EACH ROW EXECUTE FUNCTION peerworks_evaluation_section_locked();
CREATE TRIGGER evaluation_item_finalized_locked
    BEFORE UPDATE OR DELETE ON evaluations_evaluationitem
    FOR EACH ROW EXECUTE FUNCTION peerworks_evaluation_item_locked();
"""

UNLOCK = """
DROP TRIGGER IF EXISTS evaluation_item_finalized_locked ON evaluations_evaluationitem;
DROP TRIGGER IF EXISTS evaluation_section_finalized_locked ON evaluations_evaluationsection;
DROP TRIGGER IF EXISTS evaluation_finalized_locked ON evaluations_evaluation;
DROP FUNCTION IF EXISTS peerworks_evaluation_item_locked();
DROP FUNCTION IF EXISTS peerworks_evaluation_section_locked();
DROP FUNCTION IF EXISTS peerworks_evaluation_locked();
DROP FUNCTION IF EXISTS peerworks_evaluation_is_open(bigint, text);
"""


class Migration(migrations.Migration):
    dependencies = [("evaluations", "0003_list_order_indexes")]

    operations = [postgresql_only(sql=LOCK, reverse_sql=UNLOCK)]
