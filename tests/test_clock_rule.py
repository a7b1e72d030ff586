"""The suite passes on any day: a test module that names a calendar day runs with the
clock frozen (tests/clock.py). Checked here by reading every module under tests/."""

import ast
import re
from pathlib import Path

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent

# `date(2026, 12, 7)`, `datetime(2026, 11, 23, 9)`, `"2026-12-07"`.
FIXED_DAY = re.compile(r"\b(?:date|datetime)\(\s*(?:19|20)\d\d\s*,|[\"'](?:19|20)\d\d-\d\d-\d\d")
# Replacing timezone.localdate/now by hand misses every other way of reading the clock.
HAND_PATCHED_CLOCK = re.compile(r"setattr\(\s*[\"']django\.utils\.timezone\.")
# `pytestmark = frozen`, `[frozen, ...]`, `pytest.mark.time_machine(...)`, or the
# module-scoped `usefixtures("frozen_module")`.
FREEZING_MARK = re.compile(r"\bfrozen\b|\bpytest\.mark\.time_machine\b|\"frozen_module\"")
EXEMPT = {TESTS / "clock.py", Path(__file__).resolve()}


def _freezes_module(source):
    return any(
        isinstance(node, ast.Assign)
        and any(getattr(t, "id", None) == "pytestmark" for t in node.targets)
        and FREEZING_MARK.search(ast.get_source_segment(source, node.value))
        for node in ast.parse(source).body
    )


def _modules():
    return sorted(p for p in TESTS.rglob("*.py") if p not in EXEMPT)


def _fixed_days(path):
    return [
        f"{path.relative_to(ROOT)}:{n}: {line.strip()}"
        for n, line in enumerate(path.read_text().splitlines(), 1)
        if FIXED_DAY.search(line)
    ]


def _imported_test_modules(path):
    """The modules under tests/ that `path` imports, by path."""
    found = set()
    package = path.parent
    for node in ast.walk(ast.parse(path.read_text())):
        names = []
        if isinstance(node, ast.ImportFrom):
            base = package
            for _ in range(max(node.level - 1, 0)):
                base = base.parent
            if node.level:
                prefix = base.relative_to(ROOT).parts
                module = (node.module or "").split(".") if node.module else []
                names = [".".join([*prefix, *module])]
                names += [f"{names[0]}.{alias.name}" for alias in node.names]
            else:
                names = [node.module or ""]
                names += [f"{node.module}.{alias.name}" for alias in node.names]
        elif isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        for name in names:
            if not name.startswith("tests."):
                continue
            candidate = ROOT.joinpath(*name.split("."))
            for file in (candidate.with_suffix(".py"), candidate / "__init__.py"):
                if file.is_file():
                    found.add(file)
    return found


def _relies_on(path):
    """`path`, the conftests above it, and every tests/ module reached through imports."""
    seen = set()
    todo = [path]
    todo += [d / "conftest.py" for d in path.parents if d.is_relative_to(TESTS)]
    while todo:
        module = todo.pop()
        if module in seen or not module.is_file() or module in EXEMPT:
            continue
        seen.add(module)
        todo.extend(_imported_test_modules(module))
    return seen


def test_no_test_patches_the_clock_by_hand():
    offenders = [
        f"{p.relative_to(ROOT)}:{n}"
        for p in _modules()
        for n, line in enumerate(p.read_text().splitlines(), 1)
        if HAND_PATCHED_CLOCK.search(line)
    ]
    assert not offenders, "Move the clock with time_machine.travel(), not monkeypatch: " + (
        ", ".join(offenders)
    )


def test_every_module_naming_a_calendar_day_freezes_the_clock():
    unfrozen = []
    for module in _modules():
        if not module.name.startswith("test_") or _freezes_module(module.read_text()):
            continue
        days = [day for source in sorted(_relies_on(module)) for day in _fixed_days(source)]
        if days:
            unfrozen.append(f"{module.relative_to(ROOT)} (first: {days[0]})")
    assert not unfrozen, (
        "These test modules name calendar days without freezing the clock; write the dates "
        "relative to timezone.localdate(), or add `pytestmark = frozen` (from tests.clock):\n"
        + "\n".join(unfrozen)
    )


def test_the_rule_sees_fixed_days_through_conftests_and_imports():
    relies = _relies_on(TESTS / "test_access_matrix.py")
    assert TESTS / "records.py" in relies and TESTS / "evaluations" / "conftest.py" in relies
    assert FIXED_DAY.search("x = date(2026, 12, 7)") and FIXED_DAY.search("'2026-12-07'")
    assert not FIXED_DAY.search("date(year, 12, 7)") and not FIXED_DAY.search("update(2026,")
    assert _freezes_module("pytestmark = [\n    frozen,\n    pytest.mark.browser,\n]")
    assert _freezes_module('pytestmark = pytest.mark.usefixtures("frozen_module")')
    assert not _freezes_module("pytestmark = pytest.mark.django_db\nfrozen = 1")
