"""Comparing a catalogue with the database, and applying it.

The official text of a framework version is fixed once published: an item's
text or a domain's title never changes in place, because evaluations and plans
point at them. A file that would change them is refused, naming the items; the
person can import it as a new version of the framework instead. Everything
else (descriptions, order, counts, hours) is metadata and may be updated.
Imports only add and update: nothing in the database is deleted.

A catalogue is shared (no organisation: what ``load_catalogues`` and the operator load)
or an organisation's own. An organisation's import adds or updates its own frameworks
only: it never changes a shared one, nor publishes a new version of one.
"""

from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Max, Q

from organisations.models import Organisation
from organisations.scoping import scopes_disabled

from ..models import Alignment, Domain, Framework, Item
from .catalogue_data import AlignmentData, CatalogueData, CatalogueFileError, EndRef, FrameworkData

_FRAMEWORK_META = ("name", "short_name", "source_title", "publisher", "published", "description")
_DOMAIN_META = ("description", "kind", "order", "stated_item_count", "ojt_hours")
_ITEM_META = ("description", "examples", "order")


@dataclass
class FrameworkPlan:
    data: FrameworkData
    existing: Framework | None
    version: int
    organisation: Organisation | None = None
    domains_added: list[str] = field(default_factory=list)
    items_added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)  # "III.2: description"
    text_changes: list[str] = field(default_factory=list)  # official text that would change
    unchanged_items: int = 0

    @property
    def label(self) -> str:
        return f"{self.data.short_name or self.data.slug} v{self.version}"


@dataclass
class CataloguePlan:
    frameworks: list[FrameworkPlan]
    alignments_added: list[AlignmentData]
    alignments_unchanged: int
    as_new_version: bool = False

    @property
    def text_changes(self) -> list[str]:
        return [f"{p.label} {change}" for p in self.frameworks for change in p.text_changes]

    @property
    def has_changes(self) -> bool:
        return bool(self.alignments_added) or any(
            p.existing is None or p.domains_added or p.items_added or p.changed
            for p in self.frameworks
        )

    def summary_lines(self) -> list[str]:
        lines = []
        for p in self.frameworks:
            if p.existing is None:
                lines.append(
                    f"{p.label}: added ({_count(len(p.domains_added), 'domain')}, "
                    f"{_count(len(p.items_added), 'item')})"
                )
                continue
            parts = []
            if p.domains_added:
                parts.append(_count(len(p.domains_added), "domain") + " added")
            if p.items_added:
                parts.append(_count(len(p.items_added), "item") + " added")
            if p.changed:
                parts.append(_count(len(p.changed), "field") + " updated")
            if p.unchanged_items:
                parts.append(_count(p.unchanged_items, "item") + " already there")
            lines.append(f"{p.label}: " + (", ".join(parts) if parts else "already there"))
        if self.alignments_added or self.alignments_unchanged:
            lines.append(
                f"alignments: {len(self.alignments_added)} added, "
                f"{self.alignments_unchanged} already there"
            )
        return lines


def _existing_framework(data: FrameworkData, organisation) -> Framework | None:
    # Filtered by owner, not left to the scope: load_catalogues runs with scopes disabled.
    with scopes_disabled():
        return Framework.objects.filter(
            slug=data.slug, version=data.version, organisation=organisation
        ).first()


def _visible(organisation, path: str = "") -> Q:
    """The frameworks an import for ``organisation`` may name: the shared ones, and its own."""
    shared = Q(**{f"{path}organisation__isnull": True})
    return shared if organisation is None else shared | Q(**{f"{path}organisation": organisation})


def _check_owner(data: FrameworkData, organisation) -> None:
    """Slugs are an agency's own: two agencies may each have a framework under one slug,
    and neither learns of the other's. But an agency's slug never equals a shared one, so
    that in its scope a natural key (slug, version) names one framework; shared ones are
    everyone's, so saying so reveals nothing. For the same reason the operator cannot
    publish a shared framework under a slug an agency already uses."""
    with scopes_disabled():
        owners = set(
            Framework.objects.filter(slug=data.slug).values_list("organisation_id", flat=True)
        )
    if organisation is not None and None in owners:
        raise CatalogueFileError(
            [
                f"{data.slug} is the slug of a shared catalogue: give your own framework "
                "a slug of its own."
            ]
        )
    if organisation is None and owners - {None}:
        raise CatalogueFileError(
            [
                f"{data.slug} is the slug of an agency's own framework: give the shared "
                "catalogue another slug."
            ]
        )


def _plan_framework(
    data: FrameworkData, *, as_new_version: bool, organisation=None
) -> FrameworkPlan:
    _check_owner(data, organisation)
    existing = _existing_framework(data, organisation)
    if as_new_version and existing is not None:
        with scopes_disabled():
            latest = Framework.objects.filter(slug=data.slug, organisation=organisation).aggregate(
                v=Max("version")
            )["v"]
        existing, version = None, latest + 1
    else:
        version = data.version
    plan = FrameworkPlan(data=data, existing=existing, version=version, organisation=organisation)
    if existing is None:
        plan.domains_added = [d.code for d in data.domains]
        plan.items_added = [i.code for d in data.domains for i in d.items]
        return plan

    for attr in _FRAMEWORK_META:
        if getattr(existing, attr) != getattr(data, attr):
            plan.changed.append(f"framework {attr}")
    domains = {d.code: d for d in existing.domains.all()}
    items = {i.code: i for i in existing.items.select_related("domain")}
    for d in data.domains:
        current = domains.get(d.code)
        if current is None:
            plan.domains_added.append(d.code)
        else:
            if current.title != d.title:
                plan.text_changes.append(f"domain {d.code} title")
            plan.changed += [
                f"domain {d.code} {a}" for a in _DOMAIN_META if getattr(current, a) != getattr(d, a)
            ]
        for i in d.items:
            item = items.get(i.code)
            if item is None:
                plan.items_added.append(i.code)
                continue
            if item.text != i.text:
                plan.text_changes.append(f"item {i.code} text")
            if item.domain.code != d.code:
                plan.text_changes.append(f"item {i.code} domain")
            fields = [f"item {i.code} {a}" for a in _ITEM_META if getattr(item, a) != getattr(i, a)]
            plan.changed += fields
            if item.text == i.text and not fields:
                plan.unchanged_items += 1
    return plan


def _resolve_end(end: EndRef, pending: dict[tuple, bool], organisation):
    """The database object an alignment end names, None when it is being added by this file."""
    model = Item if end.level == "item" else Domain
    with scopes_disabled():
        obj = model.objects.filter(
            _visible(organisation, "framework__"),
            framework__slug=end.slug,
            framework__version=end.version,
            code=end.code,
        ).first()
    if obj is None and not pending.get((end.level, end.slug, end.version, end.code)):
        raise LookupError(f"no {end}")
    return obj


def catalogue_plan(
    *, data: CatalogueData, as_new_version: bool = False, organisation: Organisation | None = None
) -> CataloguePlan:
    """What applying ``data`` would add and change, for ``organisation``'s own catalogue
    (None: the shared one); raises CatalogueFileError for dangling alignments, and for
    an organisation's file that would touch a framework not its own."""
    plans = [
        _plan_framework(f, as_new_version=as_new_version, organisation=organisation)
        for f in data.frameworks
    ]
    pending = {}
    for p in plans:
        for d in p.data.domains:
            pending[("domain", p.data.slug, p.data.version, d.code)] = True
            for i in d.items:
                pending[("item", p.data.slug, p.data.version, i.code)] = True
    errors, added, unchanged = [], [], 0
    for number, a in enumerate(data.alignments, start=1):
        try:
            source = _resolve_end(a.source, pending, organisation)
            target = _resolve_end(a.target, pending, organisation)
        except LookupError as exc:
            errors.append(f"Alignment {number}: {exc}.")
            continue
        if (a.source.slug, a.source.version) == (a.target.slug, a.target.version):
            errors.append(
                f"Alignment {number}: both ends are in {a.source.slug} v{a.source.version}."
            )
            continue
        if (
            source is not None
            and target is not None
            and Alignment.objects.filter(
                **{f"source_{a.source.level}": source, f"target_{a.target.level}": target}
            ).exists()
        ):
            unchanged += 1
        else:
            added.append(a)
    if errors:
        raise CatalogueFileError(errors)
    return CataloguePlan(
        frameworks=plans,
        alignments_added=added,
        alignments_unchanged=unchanged,
        as_new_version=as_new_version,
    )


def _apply_framework(p: FrameworkPlan) -> None:
    data = p.data
    if p.existing is None:
        framework = Framework(
            slug=data.slug,
            version=p.version,
            organisation=p.organisation,
            **{a: getattr(data, a) for a in _FRAMEWORK_META},
        )
        framework.full_clean()
        framework.save()
    else:
        framework = p.existing
        for attr in _FRAMEWORK_META:
            setattr(framework, attr, getattr(data, attr))
        framework.full_clean(validate_unique=False, validate_constraints=False)
        framework.save()

    domains = {d.code: d for d in framework.domains.all()}
    items = {i.code: i for i in framework.items.all()}
    new_items, changed_items = [], []
    for d in data.domains:
        domain = domains.get(d.code)
        if domain is None:
            domain = Domain(framework=framework, code=d.code, title=d.title)
        for attr in _DOMAIN_META:
            setattr(domain, attr, getattr(d, attr))
        domain.full_clean(validate_unique=False, validate_constraints=False)
        domain.save()
        for i in d.items:
            item = items.get(i.code)
            if item is None:
                item = Item(framework=framework, domain=domain, code=i.code, text=i.text)
                new_items.append(item)
            elif any(getattr(item, a) != getattr(i, a) for a in _ITEM_META):
                changed_items.append(item)
            else:
                continue
            for attr in _ITEM_META:
                setattr(item, attr, getattr(i, attr))
            item.full_clean(
                exclude=["framework", "domain"], validate_unique=False, validate_constraints=False
            )
    Item.objects.bulk_create(new_items)
    if changed_items:
        Item.objects.bulk_update(changed_items, list(_ITEM_META))


@transaction.atomic
def catalogue_apply(
    *, data: CatalogueData, as_new_version: bool = False, organisation: Organisation | None = None
) -> CataloguePlan:
    """Add and update what ``data`` holds, all or nothing: in the shared catalogue, or
    (``organisation``) in that organisation's own, visible to it alone.

    Refuses (CatalogueFileError naming the items) if the file would change the
    official text of an existing framework version, unless ``as_new_version``.
    Returns the plan that was applied, for reporting.
    """
    plan = catalogue_plan(data=data, as_new_version=as_new_version, organisation=organisation)
    if plan.text_changes:
        raise CatalogueFileError(
            [
                "This file changes the official text of a published version; import it as a new "
                "version instead. Changed: " + ", ".join(plan.text_changes)
            ]
        )
    for p in plan.frameworks:
        _apply_framework(p)
    for a in plan.alignments_added:
        alignment = Alignment(note=a.note)
        for side, end in (("source", a.source), ("target", a.target)):
            version = end.version
            # An end in a framework re-imported as a new version follows it.
            for p in plan.frameworks:
                if (p.data.slug, p.data.version) == (end.slug, end.version):
                    version = p.version
            model = Item if end.level == "item" else Domain
            with scopes_disabled():
                obj = model.objects.get(
                    _visible(organisation, "framework__"),
                    framework__slug=end.slug,
                    framework__version=version,
                    code=end.code,
                )
            setattr(alignment, f"{side}_{end.level}", obj)
        alignment.full_clean(validate_unique=False, validate_constraints=False)
        alignment.save()
    return plan


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"
