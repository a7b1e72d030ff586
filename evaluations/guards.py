"""SQLite guards for evaluations (``core.db``), the same rules as the PostgreSQL triggers
of migration 0006:

- a finalized evaluation, its categories and its items are never deleted, never get new
  categories or items, and change only to apply the amendment change last recorded for
  that very field (from its ``before`` to its ``after``); the revision counter, the
  last-edited marker and the update time are bookkeeping, not content;
- the workflow history, amendments and their changes are append-only.
"""

from core.db import changed, refuse, sqlite_append_only, table_columns

EVALUATION, SECTION, ITEM = (
    "evaluations_evaluation",
    "evaluations_evaluationsection",
    "evaluations_evaluationitem",
)
LOCKED_MESSAGE = "This evaluation is finalized: it changes only through an amendment."

# What an amendment may change in each table, and how a recorded change names its row.
AMENDABLE = {
    EVALUATION: ("overall_comments", "goals"),
    SECTION: ("comment",),
    ITEM: ("rating",),
}
# content_hash is a copy of the current content's HMAC for display; the chain is what counts.
BOOKKEEPING = {EVALUATION: ("revision", "updated_at", "edited_by_id", "content_hash")}
TARGET = {
    EVALUATION: "{c}.evaluation_id = OLD.id AND {c}.section_id IS NULL AND {c}.item_id IS NULL",
    SECTION: "{c}.section_id = OLD.id",
    ITEM: "{c}.item_id = OLD.id",
}


def _finalized(table: str, rows: tuple[str, ...]) -> str:
    """SQL true when the evaluation of any of ``rows`` (OLD, NEW) is finalized."""
    if table == EVALUATION:
        return " OR ".join(f"{row}.state = 'finalized'" for row in rows)
    if table == SECTION:
        ids = ", ".join(f"{row}.evaluation_id" for row in rows)
        return (
            f"EXISTS (SELECT 1 FROM {EVALUATION} e WHERE e.id IN ({ids}) AND e.state = 'finalized')"
        )
    ids = ", ".join(f"{row}.section_id" for row in rows)
    return (
        f"EXISTS (SELECT 1 FROM {SECTION} s JOIN {EVALUATION} e ON e.id = s.evaluation_id "
        f"WHERE s.id IN ({ids}) AND e.state = 'finalized')"
    )


def _unrecorded(table: str, field: str) -> str:
    """SQL true when ``field`` changes other than as the latest recorded change says."""
    latest = (
        "SELECT max(x.id) FROM evaluations_amendmentchange x WHERE "
        + TARGET[table].format(c="x")
        + f" AND x.field = '{field}'"
    )
    return (
        f'(NEW."{field}" IS NOT OLD."{field}" AND NOT EXISTS ('
        f"SELECT 1 FROM evaluations_amendmentchange c WHERE c.id = ({latest}) "
        f'AND c.before = OLD."{field}" AND c.after = NEW."{field}"))'
    )


def _locked_triggers(connection, table: str) -> dict[str, str]:
    columns = table_columns(connection, table)
    if columns is None:
        return {}
    fields = AMENDABLE[table]
    ignore = fields + BOOKKEEPING.get(table, ())
    update = " OR ".join(
        [changed(columns, ignore=ignore), *(_unrecorded(table, f) for f in fields)]
    )
    # An evaluation row is locked once it was finalized (finalizing is its last change);
    # a category or item also when it would be moved into a finalized evaluation.
    parents = ("OLD",) if table == EVALUATION else ("OLD", "NEW")
    when = {
        "update": f"({_finalized(table, parents)}) AND ({update})",
        "delete": _finalized(table, ("OLD",)),
    }
    if table != EVALUATION:
        when["insert"] = _finalized(table, ("NEW",))
    return {
        f"{table}_finalized_{op}": (
            f'CREATE TRIGGER "{table}_finalized_{op}" BEFORE {op.upper()} ON "{table}" '
            f"FOR EACH ROW WHEN {condition} BEGIN {refuse(LOCKED_MESSAGE)} END"
        )
        for op, condition in when.items()
    }


def sqlite_triggers(connection) -> dict[str, str]:
    triggers = {}
    for table in (EVALUATION, SECTION, ITEM):
        triggers.update(_locked_triggers(connection, table))
    for table, what in (
        ("evaluations_evaluationtransition", "The workflow history"),
        ("evaluations_amendment", "Amendments"),
        ("evaluations_amendmentchange", "Amendments"),
    ):
        if table_columns(connection, table) is not None:
            triggers.update(sqlite_append_only(table, f"{what} cannot be changed or deleted."))
    return triggers
