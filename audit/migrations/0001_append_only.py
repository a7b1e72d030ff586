from django.db import migrations

from core.db import postgresql_only

REFUSE = """
CREATE OR REPLACE FUNCTION peerworks_audit_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'Audit entries cannot be changed or deleted (% refused on entry %).',
        TG_OP, OLD.id
        USING ERRCODE = 'integrity_constraint_violation';
END
$$;
CREATE TRIGGER auditlog_logentry_append_only
    BEFORE UPDATE OR DELETE ON auditlog_logentry
    FOR EACH ROW EXECUTE FUNCTION peerworks_audit_append_only();
"""

ALLOW = """
DROP TRIGGER IF EXISTS auditlog_logentry_append_only ON auditlog_logentry;
DROP FUNCTION IF EXISTS peerworks_audit_append_only();
"""


class Migration(migrations.Migration):
    dependencies = [("auditlog", "0017_add_actor_email")]

    operations = [postgresql_only(sql=REFUSE, reverse_sql=ALLOW)]
