"""The shipped catalogues: counts, verbatim text, idempotent loading."""

import html
import re
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from competencies.catalogues import CATALOGUE_FIXTURES, FIXTURES_DIR
from competencies.models import Alignment, Domain, Framework, Item
from people.models import Population

SEEDS = Path(settings.BASE_DIR).parent / "shared" / "seeds"

EXPECTED_ITEMS_PER_DOMAIN = {
    "samhsa": {
        "P": 5,
        "I": 5,
        "II": 5,
        "III": 4,
        "IV": 4,
        "V": 5,
        "VI": 5,
        "VII": 6,
        "VIII": 5,
        "IX": 6,
        "X": 6,
        "XI": 7,
        "XII": 4,
    },
    "wise-evaluation": {
        "R": 5,
        "I": 5,
        "II": 5,
        "III": 4,
        "IV": 4,
        "V": 5,
        "VI": 5,
        "VII": 6,
        "VIII": 5,
        "IX": 6,
        "X": 6,
        "XI": 7,
        "XII": 4,
    },
    "cmpsa": {
        "1": 7,
        "2": 9,
        "3": 3,
        "4": 7,
        "5": 4,
        "6": 7,
        "7": 5,
        "8": 6,
        "9": 11,
        "10": 4,
        "11": 7,
        "12": 5,
        "13": 9,
        "14": 6,
        "15": 5,
        "16": 6,
        "17": 6,
    },
    "dacum-pss": {
        "A": 14,
        "B": 23,
        "C": 13,
        "D": 17,
        "E": 13,
        "F": 10,
        "G": 12,
        "K": 15,
        "S": 15,
        "BH": 30,
        "T": 28,
        "AC": 9,
        "FT": 20,
    },
    "work-process": {
        "1": 1,
        "2": 5,
        "3": 5,
        "4": 4,
        "5": 4,
        "6": 4,
        "7": 6,
        "8": 6,
        "9": 5,
        "10": 6,
        "11": 6,
        "12": 7,
        "13": 5,
        "14": 12,
        "15": 8,
        "16": 5,
        "17": 9,
        "18": 8,
        "19": 5,
    },
    "wise-agency-competencies": {"A": 11},
    "wise-risk-factors": {"R": 13},
    "wise-workplace-survey": {"S": 11},
    # The toolkit's "Try this" questions; competency 8 (infrastructure) has none.
    "wise-agency-assessment": {
        "A.1": 12,
        "A.2": 6,
        "A.3": 3,
        "A.4": 3,
        "A.5": 6,
        "A.6": 6,
        "A.7": 5,
        "A.9": 11,
        "A.10": 6,
        "A.11": 5,
    },
}

SEED_FOR = {
    "samhsa": "003_67294ce03df0ad8a.txt",
    "wise-evaluation": "004_852b756f30ecd37c.txt",
    "cmpsa": "002_2f9dda71df5e2ecf.txt",
    "dacum-pss": "000_4e9b1469b4283436.txt",
    "work-process": "001_96cb9fc1f3652ce1.txt",
    "wise-agency-competencies": "004_852b756f30ecd37c.txt",
    "wise-risk-factors": "004_852b756f30ecd37c.txt",
    "wise-workplace-survey": "004_852b756f30ecd37c.txt",
    "wise-agency-assessment": "004_852b756f30ecd37c.txt",
}

# Questions the page layout cut in two with a paragraph of the facing column between the
# halves: the item joins the halves, and each half must stand in the source as it is.
SPLIT_ACROSS_COLUMNS = {
    ("wise-agency-assessment", "A.7.4"): (
        "Does workplace communication move toward practical",
        "resolutions rather than just highlighting and reinforcing work issues?",
    ),
    ("wise-agency-assessment", "A.11.4"): (
        "Are employees who successfully learn new skills and abilities recognized? Does",
        "this encourage others to follow suit?",
    ),
}
SUB_QUESTIONS_SPLIT = {
    "What knowledge, skills, and attitudes are needed to affect the desired behaviors?": (
        "What knowledge, skills, and attitudes are needed",
        "to affect the desired behaviors?",
    ),
}


def _counts():
    return {
        "frameworks": Framework.objects.count(),
        "domains": Domain.objects.count(),
        "items": Item.objects.count(),
        "alignments": Alignment.objects.count(),
        "populations": Population.objects.count(),
    }


def _snapshot():
    return sorted(
        Item.objects.values_list(
            "framework__slug", "code", "text", "description", "examples", "order", "domain__code"
        )
    )


def test_items_per_framework_and_domain(catalogues):
    for slug, expected in EXPECTED_ITEMS_PER_DOMAIN.items():
        framework = Framework.objects.get(slug=slug, version=1)
        actual = {d.code: d.items.count() for d in framework.domains.all()}
        assert actual == expected, slug


def test_headline_counts(catalogues):
    def count(slug, kinds):
        return Item.objects.filter(framework__slug=slug, domain__kind__in=kinds).count()

    assert count("samhsa", ["competency"]) == 62
    assert Domain.objects.filter(framework__slug="samhsa", kind="competency").count() == 12
    assert count("samhsa", ["principle"]) == 5
    assert count("wise-evaluation", ["competency"]) == 62
    assert count("cmpsa", ["competency"]) == 107
    assert Domain.objects.filter(framework__slug="cmpsa").count() == 17
    assert count("dacum-pss", ["duty"]) == 102
    assert Domain.objects.filter(framework__slug="dacum-pss", kind="duty").count() == 7
    assert count("work-process", ["competency"]) == 111
    assert Domain.objects.filter(framework__slug="work-process").count() == 19
    assert Population.objects.count() == 4


@pytest.mark.django_db
def test_dacum_task_codes(catalogues):
    codes = set(
        Item.objects.filter(framework__slug="dacum-pss", domain__kind="duty").values_list(
            "code", flat=True
        )
    )
    expected = {
        f"{duty}.{n}"
        for duty, last in {"A": 14, "B": 23, "C": 13, "D": 17, "E": 13, "F": 10, "G": 12}.items()
        for n in range(1, last + 1)
    }
    assert codes == expected


def test_work_process_stated_counts_and_hours(catalogues):
    groups = Domain.objects.filter(framework__slug="work-process").order_by("order")
    assert [g.stated_item_count for g in groups][:4] == [1, 5, 5, 4]
    assert sum(g.stated_item_count for g in groups) == 111
    assert {g.ojt_hours for g in groups} == {0}


def test_samples_are_verbatim(catalogues):
    def text(slug, code):
        return Item.objects.get(framework__slug=slug, code=code).text

    assert (
        text("samhsa", "VII.1")
        == "Educates peers about health, wellness, recovery and recovery supports"
    )
    assert text("wise-evaluation", "VII.1") == (
        "Educates clients about health, wellness, recovery, self-care, and recovery supports"
    )
    assert text("cmpsa", "1.1") == "Promote the development of recovery plans"
    assert text("dacum-pss", "A.10") == "Perform emergency services (e.g., CPR, first aid, 911)"
    assert text("dacum-pss", "B.17") == "Participate in event planning"
    # Cut off in the source and kept so: the rest is not invented.
    assert (
        text("dacum-pss", "E.2")
        == "Create messaging campaigns (e.g., political, social awareness, fund"
    )
    assert text("work-process", "1.1") == (
        "Demonstrate the role and scope of work of the Peer Specialist when working as a member "
        "of the healthcare team"
    )
    assert text("wise-agency-competencies", "A.11") == "An open learning environment"
    assert text("wise-risk-factors", "R.1") == "PSYCHOLOGICAL SUPPORT"
    assert text("wise-workplace-survey", "S.6") == (
        "Offer a variety of options for treatment, rehabilitation, and support"
    )
    assert text("wise-agency-assessment", "A.9.6") == "Are there 2+ peers per program?"
    assert text("wise-agency-assessment", "A.9.9") == (
        "Are peers supervised by peers to emphasize the non-professional nature of the "
        "services they provide?"
    )
    rating = Item.objects.get(framework__slug="wise-evaluation", code="R.3")
    assert rating.text == "Developing"


def _normalise(text: str) -> str:
    # Extraction dropped apostrophes ("peer s") and left markdown emphasis; compare
    # words only so the test checks wording, not the debris the fixtures cleaned.
    text = re.sub(r"[’'‘`*“”\"\\]", " ", html.unescape(text))
    return " ".join(text.split())


def test_every_item_text_appears_in_its_source(catalogues):
    missing = []
    sources = {name: _normalise((SEEDS / name).read_text()) for name in set(SEED_FOR.values())}
    for item in Item.objects.select_related("framework", "domain"):
        source = sources[SEED_FOR[item.framework.slug]]
        halves = SPLIT_ACROSS_COLUMNS.get((item.framework.slug, item.code))
        if halves is not None:
            assert item.text == " ".join(halves)
            if any(_normalise(half) not in source for half in halves):
                missing.append(f"{item.framework.slug} {item.code}: {item.text[:60]}")
        elif _normalise(item.text) not in source:
            missing.append(f"{item.framework.slug} {item.code}: {item.text[:60]}")
    for domain in Domain.objects.select_related("framework").filter(
        kind__in=["competency", "duty"]
    ):
        if _normalise(domain.title) not in sources[SEED_FOR[domain.framework.slug]]:
            missing.append(f"{domain.framework.slug} domain {domain.code}: {domain.title[:60]}")
    assert missing == []


def test_alignments_shipped(catalogues):
    wise_to_samhsa = Alignment.objects.filter(
        source_item__framework__slug="wise-evaluation", target_item__framework__slug="samhsa"
    )
    assert wise_to_samhsa.count() == 62
    assert not wise_to_samhsa.exclude(source_item__domain__kind="competency").exists()
    pair = wise_to_samhsa.get(source_item__code="III.2")
    assert pair.target_item.code == "III.2"
    groups = Alignment.objects.filter(source_domain__framework__slug="work-process")
    assert sorted((a.source_domain.code, a.target_domain.code) for a in groups) == sorted(
        (str(n), roman)
        for n, roman in zip(
            range(2, 14), "I II III IV V VI VII VIII IX X XI XII".split(), strict=True
        )
    )


def test_load_catalogues_twice_changes_nothing(catalogues):
    before, snapshot = _counts(), _snapshot()
    out = StringIO()
    call_command("load_catalogues", stdout=out)
    assert _counts() == before
    assert _snapshot() == snapshot
    assert "samhsa.json: SAMHSA v1: 67 items already there" in out.getvalue()
    assert "added" not in out.getvalue().replace("0 added", "")


@pytest.mark.django_db
def test_load_catalogues_reports_what_it_added():
    out = StringIO()
    call_command("load_catalogues", stdout=out)
    assert "samhsa.json: SAMHSA v1: added (13 domains, 67 items)" in out.getvalue()
    assert "alignments_wise_samhsa.json: alignments: 62 added, 0 already there" in out.getvalue()


@pytest.mark.django_db
@pytest.mark.parametrize("name", CATALOGUE_FIXTURES[:-2])
def test_loaddata_one_fixture_twice_is_idempotent(name):
    call_command("loaddata", str(FIXTURES_DIR / name), verbosity=0)
    before, snapshot = _counts(), _snapshot()
    assert before["items"] > 0
    call_command("loaddata", str(FIXTURES_DIR / name), verbosity=0)
    assert _counts() == before
    assert _snapshot() == snapshot


@pytest.mark.django_db
def test_loaddata_alignments_twice_is_idempotent():
    for name in CATALOGUE_FIXTURES:
        call_command("loaddata", str(FIXTURES_DIR / name), verbosity=0)
    before = _counts()
    assert before["alignments"] == 74
    call_command("loaddata", str(FIXTURES_DIR / "alignments_wise_samhsa.json"), verbosity=0)
    assert _counts() == before


def _source_lines() -> list[str]:
    return (SEEDS / "004_852b756f30ecd37c.txt").read_text().splitlines()


def test_self_assessment_questions_stand_under_their_competency(catalogues):
    """Each group is one "Try this — Assess your program's …" box of the toolkit: its title
    is the box's heading, its code the competency's, and every question (and every
    sub-question) is found between that heading and the next competency's."""
    lines = _source_lines()
    competencies = {
        item.code: item.text
        for item in Item.objects.filter(framework__slug="wise-agency-competencies")
    }
    groups = Domain.objects.filter(framework__slug="wise-agency-assessment").order_by("order")
    headings = [lines.index(group.title) for group in groups]
    assert headings == sorted(headings)
    assert all(lines[at - 2].lower() == "try this" for at in headings)
    for group, start, end in zip(groups, headings, [*headings[1:], 1081], strict=True):
        assert group.code in competencies
        box = _normalise("\n".join(lines[start:end]))
        for item in group.items.all():
            parts = SPLIT_ACROSS_COLUMNS.get(("wise-agency-assessment", item.code), (item.text,))
            for sub in item.examples.splitlines():
                parts += SUB_QUESTIONS_SPLIT.get(sub, (sub,))
            assert all(_normalise(part) in box for part in parts), item.code
    assert "A.8" not in {group.code for group in groups}


def test_self_assessment_isolation_and_cooptation_questions(catalogues):
    items = Item.objects.filter(framework__slug="wise-agency-assessment", domain__code="A.9")
    by_heading = {}
    for item in items:
        by_heading.setdefault(item.description, []).append(item.text)
    assert len(by_heading["To address isolation, ask:"]) == 5
    assert by_heading["To address cooptation, ask:"] == [
        "Are there 2+ peers per program?",
        "Have peers developed a strong peer identity?",
        "Is there reinforcement and support for the peer role?",
        "Are peers supervised by peers to emphasize the non-professional nature of the "
        "services they provide?",
        "Does a career ladder exist for peers?",
        "Are clinical or treatment staff educated on the peer role?",
    ]
