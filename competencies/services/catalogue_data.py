"""Plain data for one catalogue file, whatever its format."""

from dataclasses import dataclass, field


@dataclass
class ItemData:
    code: str
    text: str
    description: str = ""
    examples: str = ""
    order: int = 0


@dataclass
class DomainData:
    code: str
    title: str
    description: str = ""
    kind: str = "competency"
    order: int = 0
    stated_item_count: int | None = None
    ojt_hours: int | None = None
    items: list[ItemData] = field(default_factory=list)


@dataclass
class FrameworkData:
    slug: str
    version: int
    name: str
    short_name: str
    source_title: str = ""
    publisher: str = ""
    published: str = ""
    description: str = ""
    domains: list[DomainData] = field(default_factory=list)

    @property
    def key(self) -> tuple[str, int]:
        return (self.slug, self.version)


@dataclass(frozen=True)
class EndRef:
    """One end of an alignment: an item or a domain, by framework and code."""

    level: str  # "item" or "domain"
    slug: str
    version: int
    code: str

    def __str__(self):
        return f"{self.level} {self.code} of {self.slug} v{self.version}"


@dataclass
class AlignmentData:
    source: EndRef
    target: EndRef
    note: str = ""


@dataclass
class CatalogueData:
    frameworks: list[FrameworkData] = field(default_factory=list)
    alignments: list[AlignmentData] = field(default_factory=list)


class CatalogueFileError(Exception):
    """A catalogue file that cannot be imported; ``errors`` name the row and field."""

    def __init__(self, errors: list[str]):
        self.errors = errors
        super().__init__("; ".join(errors))
