"""Competency catalogues: frameworks, their domains and their items.

One model family serves every catalogue in the seeds. A *framework* is one
published document at one version; a *domain* groups its items (a SAMHSA
category, a DACUM duty, a work-process skill group) or holds a list that is not
competencies (DACUM acronyms, WISE risk factors); an *item* is one line of
official text with a code that stays stable across versions.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from organisations.scoping import (
    OrganisationScopedManager,
    current_organisation_id,
    own,
    own_or_shared,
)


def _natural_key_frameworks(path: str = "") -> Q:
    """Which frameworks a natural key (slug, version) may name. Two agencies may each
    have their own framework under one slug, and an agency's slug never equals a shared
    one (``catalogue_import``): in an agency's scope, its own and the shared ones are
    unique together; outside any agency (fixtures, ``load_catalogues``) a natural key
    names a shared framework."""
    if current_organisation_id() is None:
        return Q(**{f"{path}organisation__isnull": True})
    return Q()


class FrameworkManager(models.Manager):
    def get_by_natural_key(self, slug, version):
        return self.get(_natural_key_frameworks(), slug=slug, version=version)


class Framework(models.Model):
    """A versioned catalogue of competencies: shared by every organisation (no
    organisation: the shipped catalogues), or an organisation's own, which only it sees.
    Its domains and items are seen where it is."""

    slug = models.SlugField(max_length=60, help_text="Stable identifier, e.g. 'samhsa'.")
    version = models.PositiveIntegerField(default=1)
    name = models.CharField(max_length=300)
    short_name = models.CharField(max_length=60)
    source_title = models.CharField(max_length=500, blank=True)
    publisher = models.CharField(max_length=300, blank=True)
    published = models.CharField(
        max_length=100, blank=True, help_text="Publication date or edition as the source states it."
    )
    description = models.TextField(
        blank=True, help_text="Overview or instructions from the source."
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Empty for a shared catalogue; set, the organisation's own.",
    )

    objects = OrganisationScopedManager(own_or_shared(), FrameworkManager)

    class Meta:
        ordering = ["name", "-version"]
        permissions = [("import_catalogue", "Can import catalogues from files")]
        # An agency's slugs are its own business: one agency's framework never stops
        # another from using the same slug (issue 16).
        constraints = [
            models.UniqueConstraint(
                fields=["slug", "version"],
                condition=Q(organisation__isnull=True),
                name="framework_shared_slug_version_unique",
            ),
            models.UniqueConstraint(
                fields=["organisation", "slug", "version"],
                name="framework_own_slug_version_unique",
            ),
        ]

    def __str__(self):
        return f"{self.short_name} v{self.version}"

    def natural_key(self):
        return (self.slug, self.version)


class DomainManager(models.Manager):
    def get_by_natural_key(self, slug, version, code):
        return self.get(
            _natural_key_frameworks("framework__"),
            framework__slug=slug,
            framework__version=version,
            code=code,
        )


class Domain(models.Model):
    class Kind(models.TextChoices):
        COMPETENCY = "competency", "Competency group"
        DUTY = "duty", "Duty"
        PRINCIPLE = "principle", "Principle"
        KNOWLEDGE = "knowledge", "Knowledge"
        SKILL = "skill", "Skills"
        BEHAVIOUR = "behaviour", "Behaviours"
        ACRONYM = "acronym", "Acronyms"
        TOOL = "tool", "Tools, equipment, supplies and materials"
        TREND = "trend", "Future trends and concerns"
        RISK_FACTOR = "risk_factor", "Risk factors"
        STATEMENT = "statement", "Survey statements"
        RATING = "rating", "Rating definitions"

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="domains")
    code = models.CharField(max_length=20)
    title = models.CharField(max_length=500)
    description = models.TextField(blank=True)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.COMPETENCY)
    order = models.PositiveIntegerField(default=0)
    stated_item_count = models.PositiveIntegerField(
        null=True, blank=True, help_text="The number of items the source states for this group."
    )
    ojt_hours = models.PositiveIntegerField(
        null=True, blank=True, help_text="On-the-job-training hours (work process schedules)."
    )

    objects = OrganisationScopedManager(own_or_shared("framework__organisation"), DomainManager)

    class Meta:
        ordering = ["framework", "order", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["framework", "code"], name="domain_framework_code_unique"
            ),
        ]

    def __str__(self):
        return f"{self.code}. {self.title}"

    def natural_key(self):
        return self.framework.natural_key() + (self.code,)

    natural_key.dependencies = ["competencies.framework"]


class ItemManager(models.Manager):
    def get_by_natural_key(self, slug, version, code):
        return self.get(
            _natural_key_frameworks("framework__"),
            framework__slug=slug,
            framework__version=version,
            code=code,
        )


class Item(models.Model):
    # The framework is stored beside the domain so that codes are unique per
    # framework at the database level ("III.2" means one thing in SAMHSA v1).
    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="items")
    domain = models.ForeignKey(Domain, on_delete=models.CASCADE, related_name="items")
    code = models.CharField(max_length=30)
    text = models.TextField()
    description = models.TextField(blank=True)
    examples = models.TextField(blank=True)
    order = models.PositiveIntegerField(default=0)

    objects = OrganisationScopedManager(own_or_shared("framework__organisation"), ItemManager)

    class Meta:
        ordering = ["domain__order", "order", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["framework", "code"], name="item_framework_code_unique"
            ),
        ]
        indexes = [models.Index(fields=["domain", "order"])]

    def __str__(self):
        return f"{self.code} {self.text[:80]}"

    def natural_key(self):
        return self.framework.natural_key() + (self.code,)

    natural_key.dependencies = ["competencies.domain"]

    def clean(self):
        if self.domain_id and self.framework_id and self.domain.framework_id != self.framework_id:
            raise ValidationError({"domain": "The domain belongs to another framework."})


class AlignmentManager(models.Manager):
    def get_by_natural_key(
        self,
        source_level,
        source_slug,
        source_version,
        source_code,
        target_level,
        target_slug,
        target_version,
        target_code,
    ):
        lookups, frameworks = {}, Q()
        for side, level, slug, version, code in (
            ("source", source_level, source_slug, source_version, source_code),
            ("target", target_level, target_slug, target_version, target_code),
        ):
            prefix = f"{side}_{level}"
            lookups[f"{prefix}__framework__slug"] = slug
            lookups[f"{prefix}__framework__version"] = version
            lookups[f"{prefix}__code"] = code
            frameworks &= _natural_key_frameworks(f"{prefix}__framework__")
        return self.get(frameworks, **lookups)


def _alignment_ends_visible(organisation_id, network_id) -> Q:
    """Alignments whose every end is in a shared framework or the organisation's own: one
    between a shared item and another organisation's own framework stays hidden."""
    visible = Q()
    for end in ("source_item", "source_domain", "target_item", "target_domain"):
        visible &= (
            Q(**{f"{end}__isnull": True})
            | Q(**{f"{end}__framework__organisation__isnull": True})
            | Q(**{f"{end}__framework__organisation_id": organisation_id})
        )
    return visible


class Alignment(models.Model):
    """A statement that one item or domain corresponds to another in a second framework.

    Each end is either an item or a whole domain: the WISE evaluation items align
    item to item with SAMHSA, the work-process skill groups domain to domain.
    """

    source_item = models.ForeignKey(
        Item, null=True, blank=True, on_delete=models.CASCADE, related_name="alignments_out"
    )
    source_domain = models.ForeignKey(
        Domain, null=True, blank=True, on_delete=models.CASCADE, related_name="alignments_out"
    )
    target_item = models.ForeignKey(
        Item, null=True, blank=True, on_delete=models.CASCADE, related_name="alignments_in"
    )
    target_domain = models.ForeignKey(
        Domain, null=True, blank=True, on_delete=models.CASCADE, related_name="alignments_in"
    )
    note = models.CharField(max_length=300, blank=True)

    objects = OrganisationScopedManager(_alignment_ends_visible, AlignmentManager)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(source_item__isnull=False, source_domain__isnull=True)
                    | Q(source_item__isnull=True, source_domain__isnull=False)
                ),
                name="alignment_one_source",
            ),
            models.CheckConstraint(
                condition=(
                    Q(target_item__isnull=False, target_domain__isnull=True)
                    | Q(target_item__isnull=True, target_domain__isnull=False)
                ),
                name="alignment_one_target",
            ),
            *[
                models.UniqueConstraint(
                    fields=[f"source_{a}", f"target_{b}"],
                    condition=Q(**{f"source_{a}__isnull": False, f"target_{b}__isnull": False}),
                    name=f"alignment_unique_{a}_{b}",
                )
                for a in ("item", "domain")
                for b in ("item", "domain")
            ],
        ]

    def __str__(self):
        return f"{self.source} ↔ {self.target}"

    @property
    def source(self):
        return self.source_item or self.source_domain

    @property
    def target(self):
        return self.target_item or self.target_domain

    def natural_key(self):
        def end(item, domain):
            if item is not None:
                return ("item",) + item.natural_key()
            return ("domain",) + domain.natural_key()

        return end(self.source_item, self.source_domain) + end(self.target_item, self.target_domain)

    natural_key.dependencies = ["competencies.item", "competencies.domain"]

    def clean(self):
        source, target = self.source, self.target
        if source is None or target is None:
            raise ValidationError("An alignment needs one source and one target.")
        if source.framework_id == target.framework_id:
            raise ValidationError("An alignment links two different frameworks.")


class CatalogueImport(models.Model):
    """An uploaded catalogue file awaiting confirmation, and what became of it.

    The file is kept as text between the preview and the confirmation, so the
    person confirms exactly what they previewed.
    """

    class Format(models.TextChoices):
        JSON = "json", "Fixture JSON"
        CSV = "csv", "CSV"

    class Status(models.TextChoices):
        PREVIEWED = "previewed", "Awaiting confirmation"
        APPLIED = "applied", "Imported"
        DISCARDED = "discarded", "Discarded"

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="catalogue_imports"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    filename = models.CharField(max_length=255)
    file_format = models.CharField(max_length=10, choices=Format.choices)
    content = models.TextField()
    as_new_version = models.BooleanField(default=False)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PREVIEWED)
    applied_at = models.DateTimeField(null=True, blank=True)
    summary = models.TextField(blank=True)

    # The catalogues are shared; an upload, and who made it, is their organisation's.
    objects = OrganisationScopedManager(own("created_by__organisation"))

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.filename} ({self.get_status_display()})"
