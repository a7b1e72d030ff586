from django.db import migrations

from core.db import postgresql_only

# A finalized evaluation, its categories and its ratings change only through an
# amendment, which opens peerworks.unlocked_evaluations_evaluation for its own
# transaction and row (core.integrity.allow_locked_change). Deleting is never allowed.
LOCK = """
CREATE OR REPLACE FUNCTION peerworks_evaluation_locked() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    evaluation bigint;
BEGIN
    -- Separate statements: each names only the columns its own table has.
    IF TG_TABLE_NAME = 'evaluations_evaluation' THEN
        evaluation := OLD.id;
    ELSIF TG_TABLE_NAME = 'evaluations_evaluationsection' THEN
        evaluation := OLD.evaluation_id;
    ELSE
        SELECT evaluation_id INTO evaluation
        FROM evaluations_evaluationsection WHERE id = OLD.section_id;
    END IF;
    IF EXISTS (SELECT 1 FROM evaluations_evaluation WHERE id = evaluation AND state = 'finalized')
       AND (TG_OP = 'DELETE' OR coalesce(current_setting(
                'peerworks.unlocked_evaluations_evaluation', true), '') <> evaluation::text)
    THEN
        RAISE EXCEPTION 'Evaluation % is finalized: it changes only through an amendment.',
            evaluation USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER evaluation_finalized_locked BEFORE UPDATE OR DELETE ON evaluations_evaluation
    FOR EACH ROW EXECUTE FUNCTION peerworks_evaluation_locked();
CREATE TRIGGER evaluation_section_finalized_locked
    BEFORE UPDATE OR DELETE ON evaluations_evaluationsection
    FOR EACH ROW EXECUTE FUNCTION peerworks_evaluation_locked();
CREATE TRIGGER evaluation_item_finalized_locked
    BEFORE UPDATE OR DELETE ON evaluations_evaluationitem
    FOR EACH ROW EXECUTE FUNCTION peerworks_evaluation_locked();
"""

UNLOCK = """
DROP TRIGGER IF EXISTS evaluation_item_finalized_locked ON evaluations_evaluationitem;
DROP TRIGGER IF EXISTS evaluation_section_finalized_locked ON evaluations_evaluationsection;
DROP TRIGGER IF EXISTS evaluation_finalized_locked ON evaluations_evaluation;
DROP FUNCTION IF EXISTS peerworks_evaluation_locked();
"""


class Migration(migrations.Migration):
    dependencies = [("evaluations", "0003_list_order_indexes")]

    operations = [postgresql_only(sql=LOCK, reverse_sql=UNLOCK)]
