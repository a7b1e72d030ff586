"""Reading a catalogue from fixture JSON or CSV (``catalogue_export`` writes one out).

Both readers return the same ``CatalogueData`` or raise ``CatalogueFileError``
listing every problem found, each naming its row (or object) and field, so a
person can fix the whole file in one go.
"""

import csv
import io
import json
import re

from core.spreadsheets import unescape_cell

from ..models import Domain
from .catalogue_data import (
    AlignmentData,
    CatalogueData,
    CatalogueFileError,
    DomainData,
    EndRef,
    FrameworkData,
    ItemData,
)

CSV_REQUIRED = ["framework", "domain_code", "domain_title", "item_code", "item_text", "order"]
CSV_OPTIONAL = [
    "framework_version",
    "framework_name",
    "framework_short_name",
    "source_title",
    "publisher",
    "published",
    "framework_description",
    "domain_kind",
    "domain_description",
    "domain_order",
    "domain_stated_item_count",
    "domain_ojt_hours",
    "item_description",
    "item_examples",
]
CSV_COLUMNS = CSV_REQUIRED + CSV_OPTIONAL

_LIMITS = {
    "slug": 60,
    "name": 300,
    "short_name": 60,
    "source_title": 500,
    "publisher": 300,
    "published": 100,
    "domain_code": 20,
    "domain_title": 500,
    "item_code": 30,
}
_KINDS = set(Domain.Kind.values)


# A catalogue fixture nests four levels (list, object, fields, natural key); anything
# much deeper is not a catalogue, and thousands of levels exhaust the JSON parser's stack.
MAX_JSON_DEPTH = 16
_JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')
_JSON_BRACKET = re.compile(r"[\[\]{}]")


def decode(content: bytes) -> str:
    """The upload as text; refused unless it is UTF-8 without NUL characters.

    PostgreSQL cannot store a NUL in text, and no catalogue needs one, so it is refused
    here on every database rather than failing when the import is saved."""
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CatalogueFileError(
            [f"The file is not UTF-8 text (byte {exc.start} cannot be read). Save it as UTF-8."]
        ) from exc
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise CatalogueFileError(
            [
                f"The file contains a NUL character (line {line}), so it is not plain text. "
                "Save it again as UTF-8 CSV or JSON."
            ]
        )
    return text


def _json_depth(text: str) -> int:
    depth = deepest = 0
    for bracket in _JSON_BRACKET.findall(_JSON_STRING.sub("", text)):
        depth += 1 if bracket in "[{" else -1
        deepest = max(deepest, depth)
    return deepest


def _refuse_repeated_keys(pairs):
    obj = {}
    for key, value in pairs:
        if key in obj:
            raise CatalogueFileError(
                [
                    f"The file gives the key '{key}' twice in one object; which one was meant "
                    "is unclear. Keep one."
                ]
            )
        obj[key] = value
    return obj


class _Collector:
    """Gathers errors while building the frameworks in file order."""

    def __init__(self):
        self.errors: list[str] = []
        self.frameworks: dict[tuple[str, int], FrameworkData] = {}
        self.domains: dict[tuple[str, int, str], DomainData] = {}
        self.items: dict[tuple[str, int, str], str] = {}

    def text(self, where, name, value, *, required=True, limit_key=None):
        if value is None:
            value = ""
        if not isinstance(value, str):
            self.errors.append(f"{where}: field '{name}' must be text.")
            return ""
        if "\x00" in value:
            # JSON can spell one as \u0000; PostgreSQL cannot store it.
            self.errors.append(f"{where}: field '{name}' contains a NUL character.")
            return ""
        value = value.strip() if limit_key in ("slug", "domain_code", "item_code") else value
        if required and not value.strip():
            self.errors.append(f"{where}: field '{name}' is empty.")
        limit = _LIMITS.get(limit_key or name)
        if limit and len(value) > limit:
            self.errors.append(f"{where}: field '{name}' is longer than {limit} characters.")
        return value

    def integer(self, where, name, value, *, required=False, default=None):
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.errors.append(f"{where}: field '{name}' is empty.")
            return default
        try:
            number = int(value)
        except (TypeError, ValueError):
            self.errors.append(f"{where}: field '{name}' must be a whole number, not {value!r}.")
            return default
        if isinstance(value, float) or number < 0:
            self.errors.append(f"{where}: field '{name}' must be a whole number of 0 or more.")
            return default
        return number

    def add_framework(self, where, data: FrameworkData):
        existing = self.frameworks.get(data.key)
        if existing is None:
            self.frameworks[data.key] = data
            return data
        if where.startswith("object"):
            self.errors.append(f"{where}: framework {data.slug} v{data.version} appears twice.")
        return existing

    def add_domain(self, where, framework: FrameworkData, domain: DomainData):
        key = framework.key + (domain.code,)
        existing = self.domains.get(key)
        if existing is None:
            self.domains[key] = domain
            framework.domains.append(domain)
            return domain
        if existing.title != domain.title:
            self.errors.append(
                f"{where}: domain {domain.code} has the title {domain.title!r} here "
                f"but {existing.title!r} earlier."
            )
        elif where.startswith("object"):
            self.errors.append(f"{where}: domain {domain.code} appears twice.")
        return existing

    def add_item(self, where, framework: FrameworkData, domain: DomainData, item: ItemData):
        key = framework.key + (item.code,)
        if key in self.items:
            self.errors.append(
                f"{where}: item code {item.code!r} is used twice in {framework.slug} "
                f"(first at {self.items[key]})."
            )
            return
        self.items[key] = where
        domain.items.append(item)

    def result(self, alignments=()) -> CatalogueData:
        if not self.frameworks and not alignments and not self.errors:
            self.errors.append("The file holds no catalogue: no frameworks, domains or items.")
        if self.errors:
            raise CatalogueFileError(self.errors)
        return CatalogueData(frameworks=list(self.frameworks.values()), alignments=list(alignments))


def _framework_ref(c: _Collector, where, name, value, width):
    if not isinstance(value, list) or len(value) != width:
        c.errors.append(f"{where}: field '{name}' must be a natural key of {width} values.")
        return None
    if not isinstance(value[1], int) or not all(isinstance(part, str) for part in value[::2]):
        c.errors.append(f"{where}: field '{name}' must look like [\"slug\", version, ...].")
        return None
    return value


def parse_fixture(content: bytes) -> CatalogueData:
    """Read a catalogue fixture: Django's JSON format with natural keys."""
    text = decode(content)
    if _json_depth(text) > MAX_JSON_DEPTH:
        raise CatalogueFileError(
            [
                f"The file nests lists or objects more than {MAX_JSON_DEPTH} levels deep; "
                "a catalogue fixture needs four."
            ]
        )
    try:
        objects = json.loads(text, object_pairs_hook=_refuse_repeated_keys)
    except json.JSONDecodeError as exc:
        raise CatalogueFileError(
            [f"The file is not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}."]
        ) from exc
    if not isinstance(objects, list):
        raise CatalogueFileError(["A fixture is a JSON list of objects."])

    c = _Collector()
    alignments = []
    for number, obj in enumerate(objects, start=1):
        where = f"object {number}"
        if not isinstance(obj, dict) or not isinstance(obj.get("fields"), dict):
            c.errors.append(f"{where}: each object needs a 'model' and a 'fields' mapping.")
            continue
        model, fields = obj.get("model"), obj["fields"]
        where = f"object {number} ({model})"
        if model == "competencies.framework":
            framework = FrameworkData(
                slug=c.text(where, "slug", fields.get("slug"), limit_key="slug"),
                version=c.integer(where, "version", fields.get("version"), default=1) or 1,
                name=c.text(where, "name", fields.get("name")),
                short_name=c.text(where, "short_name", fields.get("short_name")),
                source_title=c.text(
                    where, "source_title", fields.get("source_title"), required=False
                ),
                publisher=c.text(where, "publisher", fields.get("publisher"), required=False),
                published=c.text(where, "published", fields.get("published"), required=False),
                description=c.text(where, "description", fields.get("description"), required=False),
            )
            c.add_framework(where, framework)
        elif model == "competencies.domain":
            ref = _framework_ref(c, where, "framework", fields.get("framework"), 2)
            framework = ref and c.frameworks.get(tuple(ref))
            if ref and framework is None:
                c.errors.append(f"{where}: framework {ref} is not defined earlier in the file.")
            kind = fields.get("kind") or Domain.Kind.COMPETENCY
            if kind not in _KINDS:
                c.errors.append(f"{where}: field 'kind' must be one of {sorted(_KINDS)}.")
            domain = DomainData(
                code=c.text(where, "code", fields.get("code"), limit_key="domain_code"),
                title=c.text(where, "title", fields.get("title"), limit_key="domain_title"),
                description=c.text(where, "description", fields.get("description"), required=False),
                kind=kind,
                order=c.integer(where, "order", fields.get("order"), default=0),
                stated_item_count=c.integer(
                    where, "stated_item_count", fields.get("stated_item_count")
                ),
                ojt_hours=c.integer(where, "ojt_hours", fields.get("ojt_hours")),
            )
            if framework:
                c.add_domain(where, framework, domain)
        elif model == "competencies.item":
            ref = _framework_ref(c, where, "domain", fields.get("domain"), 3)
            framework = ref and c.frameworks.get(tuple(ref[:2]))
            domain = ref and c.domains.get(tuple(ref))
            if ref and domain is None:
                c.errors.append(f"{where}: domain {ref} is not defined earlier in the file.")
            if fields.get("framework") is not None and ref and list(fields["framework"]) != ref[:2]:
                c.errors.append(
                    f"{where}: field 'framework' does not match the domain's framework."
                )
            item = ItemData(
                code=c.text(where, "code", fields.get("code"), limit_key="item_code"),
                text=c.text(where, "text", fields.get("text")),
                description=c.text(where, "description", fields.get("description"), required=False),
                examples=c.text(where, "examples", fields.get("examples"), required=False),
                order=c.integer(where, "order", fields.get("order"), default=0),
            )
            if domain:
                c.add_item(where, framework, domain, item)
        elif model == "competencies.alignment":
            ends = []
            for side in ("source", "target"):
                item_ref, domain_ref = fields.get(f"{side}_item"), fields.get(f"{side}_domain")
                if (item_ref is None) == (domain_ref is None):
                    c.errors.append(
                        f"{where}: give exactly one of '{side}_item' and '{side}_domain'."
                    )
                    continue
                level = "item" if item_ref is not None else "domain"
                ref = _framework_ref(c, where, f"{side}_{level}", item_ref or domain_ref, 3)
                if ref:
                    ends.append(EndRef(level, ref[0], ref[1], ref[2]))
            if len(ends) == 2:
                note = c.text(where, "note", fields.get("note"), required=False)
                alignments.append(AlignmentData(source=ends[0], target=ends[1], note=note))
        else:
            c.errors.append(f"{where}: '{model}' is not a catalogue model.")
    return c.result(alignments)


def _normalise_header(name: str) -> str:
    return "_".join((name or "").strip().lower().replace("-", " ").split())


def parse_csv(content: bytes) -> CatalogueData:
    """Read a catalogue from CSV: one row per item, framework and domain repeated on each row."""
    text = decode(content)
    try:
        reader = csv.reader(io.StringIO(text, newline=""))
        # A file this app exported escapes text that looks like a formula; undo it so
        # the catalogue comes back exactly as it was.
        rows = [[unescape_cell(cell) for cell in row] for row in reader]
    except csv.Error as exc:
        raise CatalogueFileError([f"The file is not readable CSV: {exc}."]) from exc
    if not rows:
        raise CatalogueFileError(["The file is empty."])
    header = [_normalise_header(h) for h in rows[0]]
    errors = []
    missing = [col for col in CSV_REQUIRED if col not in header]
    unknown = [h for h in header if h not in CSV_COLUMNS]
    duplicated = sorted({h for h in header if header.count(h) > 1})
    if missing:
        errors.append(f"Row 1 (header): missing column(s) {', '.join(missing)}.")
    if unknown:
        errors.append(f"Row 1 (header): unknown column(s) {', '.join(unknown)}.")
    if duplicated:
        errors.append(f"Row 1 (header): column(s) {', '.join(duplicated)} appear twice.")
    if errors:
        errors.append(
            f"Expected columns: {', '.join(CSV_REQUIRED)} (optional: {', '.join(CSV_OPTIONAL)})."
        )
        raise CatalogueFileError(errors)

    c = _Collector()
    for number, raw in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in raw):
            continue
        where = f"Row {number}"
        if len(raw) != len(header):
            c.errors.append(f"{where}: has {len(raw)} cells, the header has {len(header)}.")
            continue
        row = dict(zip(header, raw, strict=True))
        slug = c.text(where, "framework", row["framework"], limit_key="slug")
        version = (
            c.integer(where, "framework_version", row.get("framework_version"), default=1) or 1
        )
        framework = c.add_framework(
            where,
            FrameworkData(
                slug=slug,
                version=version,
                name=c.text(
                    where,
                    "framework_name",
                    row.get("framework_name"),
                    required=False,
                    limit_key="name",
                )
                or slug,
                short_name=c.text(
                    where,
                    "framework_short_name",
                    row.get("framework_short_name"),
                    required=False,
                    limit_key="short_name",
                )
                or slug[:60],
                source_title=c.text(where, "source_title", row.get("source_title"), required=False),
                publisher=c.text(where, "publisher", row.get("publisher"), required=False),
                published=c.text(where, "published", row.get("published"), required=False),
                description=c.text(
                    where, "framework_description", row.get("framework_description"), required=False
                ),
            ),
        )
        kind = (row.get("domain_kind") or "").strip() or Domain.Kind.COMPETENCY
        if kind not in _KINDS:
            c.errors.append(f"{where}: field 'domain_kind' must be one of {sorted(_KINDS)}.")
        domain = c.add_domain(
            where,
            framework,
            DomainData(
                code=c.text(where, "domain_code", row["domain_code"]),
                title=c.text(where, "domain_title", row["domain_title"]),
                description=c.text(
                    where, "domain_description", row.get("domain_description"), required=False
                ),
                kind=kind,
                order=c.integer(where, "domain_order", row.get("domain_order"), default=0),
                stated_item_count=c.integer(
                    where, "domain_stated_item_count", row.get("domain_stated_item_count")
                ),
                ojt_hours=c.integer(where, "domain_ojt_hours", row.get("domain_ojt_hours")),
            ),
        )
        c.add_item(
            where,
            framework,
            domain,
            ItemData(
                code=c.text(where, "item_code", row["item_code"]),
                text=c.text(where, "item_text", row["item_text"]),
                description=c.text(
                    where, "item_description", row.get("item_description"), required=False
                ),
                examples=c.text(where, "item_examples", row.get("item_examples"), required=False),
                order=c.integer(where, "order", row["order"], required=True, default=0),
            ),
        )
    return c.result()
