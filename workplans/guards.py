"""SQLite guards for work plans (``core.db``), the rules of PostgreSQL migration 0004:
once both have signed, the plan (but its revision counter and update time), its
checklist answers and its steps (but their done date) never change, and nothing is
added or deleted."""

from core.db import changed, refuse, table_columns

PLAN, ANSWER, STEP = "workplans_workplan", "workplans_checklistanswer", "workplans_immediatestep"
MESSAGE = "This work plan is signed by both: it can no longer change."


def _signed(plan_ids: str) -> str:
    return (
        f"EXISTS (SELECT 1 FROM {PLAN} p WHERE p.id IN ({plan_ids}) "
        "AND p.manager_signed_at IS NOT NULL AND p.employee_signed_at IS NOT NULL)"
    )


def _trigger(name: str, op: str, table: str, when: str) -> tuple[str, str]:
    return name, (
        f'CREATE TRIGGER "{name}" BEFORE {op} ON "{table}" '
        f"FOR EACH ROW WHEN {when} BEGIN {refuse(MESSAGE)} END"
    )


def sqlite_triggers(connection) -> dict[str, str]:
    triggers = {}
    plan_columns = table_columns(connection, PLAN)
    if plan_columns is None:
        return triggers
    signed = "OLD.manager_signed_at IS NOT NULL AND OLD.employee_signed_at IS NOT NULL"
    changes = changed(plan_columns, ignore=("revision", "updated_at"))
    triggers.update(
        [
            _trigger(f"{PLAN}_signed_update", "UPDATE", PLAN, f"{signed} AND ({changes})"),
            _trigger(f"{PLAN}_signed_delete", "DELETE", PLAN, signed),
        ]
    )
    for table, ignore in ((ANSWER, ()), (STEP, ("done_at",))):
        columns = table_columns(connection, table)
        if columns is None:
            continue
        triggers.update(
            [
                _trigger(f"{table}_signed_insert", "INSERT", table, _signed("NEW.plan_id")),
                _trigger(
                    f"{table}_signed_update",
                    "UPDATE",
                    table,
                    f"{_signed('OLD.plan_id, NEW.plan_id')} AND ({changed(columns, ignore=ignore)})",
                ),
                _trigger(f"{table}_signed_delete", "DELETE", table, _signed("OLD.plan_id")),
            ]
        )
    return triggers
