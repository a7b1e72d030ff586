"""Fuzzing the evaluation forms: rating page (plain, autosave, submit), self-assessment,
acknowledgement, amendment and creation. No 5xx, and nothing the rules forbid is saved."""

from datetime import date

import pytest
from django import forms
from django.urls import reverse
from hypothesis import example, given
from hypothesis import strategies as st

from competencies.models import Framework
from evaluations.models import (
    Amendment,
    Evaluation,
    EvaluationItem,
    EvaluationSection,
    EvaluationTransition,
    Rating,
)
from evaluations.rules import comment_problems, not_applicable_items, unrated
from evaluations.selectors import evaluation_with_contents
from evaluations.services.evaluations import (
    evaluation_create,
    evaluation_save,
    evaluation_self_save,
)
from evaluations.services.templates import RATABLE_KINDS, evaluation_template_create
from evaluations.services.workflow import (
    evaluation_acknowledge,
    evaluation_finalize,
    evaluation_submit,
)
from tests.revisions import evaluation_revision

from .conftest import (
    FUZZ,
    base_people,
    extra_fields,
    field,
    post,
    post_data,
    rolled_back,
    scalar,
    signed_in,
)

pytestmark = [pytest.mark.usefixtures("frozen_module"), pytest.mark.django_db]

RATINGS = [""] + list(Rating.values)
TEXTS = ["", "Shares their story with purpose.", "   ", "Needs support with documentation."]
TEXT_FIELDS = (
    "overall_comments",
    "goals",
    "self_overall_comments",
    "peer_signature",
    "peer_comments",
    "disagreement_statement",
)


def load(evaluation):
    return evaluation_with_contents(queryset=Evaluation.objects.all(), pk=evaluation.pk)


def snapshot(evaluation):
    """Everything a form can change, read with three plain queries (the checks run per example)."""
    fields = ("state", "self_assessment", "revision") + TEXT_FIELDS
    row = Evaluation.objects.values_list(*fields).get(pk=evaluation.pk)
    sections = list(
        EvaluationSection.objects.filter(evaluation=evaluation)
        .order_by("pk")
        .values_list("comment", "self_comment")
    )
    items = list(
        EvaluationItem.objects.filter(section__evaluation=evaluation)
        .order_by("pk")
        .values_list("rating", "self_rating")
    )
    return row, sections, items


def truthy(value) -> bool:
    """What a Django BooleanField reads from the last value posted."""
    if isinstance(value, list):
        value = value[-1]
    return forms.BooleanField(required=False).to_python(value)


def assert_well_formed(evaluation):
    """Whatever was saved is a value the forms could have produced; returns the state."""
    row, sections, items = snapshot(evaluation)
    for text in [t for pair in sections for t in pair]:
        assert "\x00" not in text and len(text) <= 10000
    for rating, self_rating in items:
        assert rating in RATINGS and self_rating in RATINGS
    for text in row[3:]:
        assert "\x00" not in text
    return row[0], row[1]


def assert_rules_hold(e, *, rating_attr="rating", comment_attr="comment"):
    """The rules of evaluations/rules.py for a complete (non-draft) set of ratings."""
    sections = e.sections_list
    assert unrated(sections, rating_attr=rating_attr) == {}
    assert comment_problems(sections, rating_attr=rating_attr, comment_attr=comment_attr) == {}


@pytest.fixture(scope="module")
def world(module_db):
    people = base_people()
    framework = Framework.objects.get(slug="wise-evaluation")
    domains = list(framework.domains.filter(kind__in=RATABLE_KINDS).order_by("order")[:2])
    peer, supervisor = people["peer"], people["supervisor"]
    template = evaluation_template_create(
        organisation=peer.organisation, name="Fuzz", framework=framework, domains=domains
    )

    def make(**kwargs):
        return evaluation_create(
            template=template,
            peer=peer,
            by=supervisor,
            kind=Evaluation.Kind.ANNUAL,
            period_start=date(2026, 1, 1),
            period_end=date(2026, 12, 31),
            due_date=date(2027, 1, 31),
        )

    def rate(evaluation, rating=Rating.PROFICIENT):
        e = load(evaluation)
        e, _ = evaluation_save(
            evaluation=e,
            by=supervisor,
            revision=e.revision,
            ratings={i.pk: rating for s in e.sections_list for i in s.items_list},
            comments={},
        )
        return e

    draft = rate(make())
    self_open = make()
    e = load(self_open)
    evaluation_self_save(
        evaluation=e,
        by=peer,
        revision=e.self_revision,
        ratings={i.pk: Rating.PROFICIENT for s in e.sections_list for i in s.items_list},
        comments={},
    )
    submitted = evaluation_submit(evaluation=rate(make()), by=supervisor)
    finalized = evaluation_submit(evaluation=rate(make()), by=supervisor)
    evaluation_acknowledge(
        evaluation=finalized,
        by=peer,
        revision=evaluation_revision(finalized),
        signature=peer.get_full_name(),
    )
    finalized = evaluation_finalize(evaluation=finalized, by=supervisor)
    return {
        **people,
        "template": template,
        "draft": draft,
        "self": self_open,
        "submitted": submitted,
        "finalized": finalized,
    }


_LAYOUT = {}


def layout(evaluation):
    """(section id, [item ids]) of an evaluation; it never changes, so it is read once."""
    if evaluation.pk not in _LAYOUT:
        e = load(evaluation)
        _LAYOUT[evaluation.pk] = [(s.pk, [i.pk for i in s.items_list]) for s in e.sections_list]
    return _LAYOUT[evaluation.pk]


def rating_fields(draw, evaluation):
    rating = st.one_of(st.none(), st.sampled_from(RATINGS), st.sampled_from(RATINGS), scalar)
    comment = st.one_of(st.none(), st.sampled_from(TEXTS), scalar)
    data = {}
    for section_pk, item_pks in layout(evaluation):
        data[f"comment_{section_pk}"] = draw(comment)
        for item_pk in item_pks:
            data[f"rating_{item_pk}"] = draw(rating)
    return data


@st.composite
def rating_posts(draw, evaluation, *, self_mode=False):
    data = rating_fields(draw, evaluation)
    texts = ("self_overall_comments",) if self_mode else ("overall_comments", "goals")
    for name in texts:
        data[name] = draw(field(*TEXTS))
    counter = "self_revision" if self_mode else "revision"
    revision = Evaluation.objects.values_list(counter, flat=True).get(pk=evaluation.pk)
    data["revision"] = draw(field(str(revision)))
    data["confirm_not_applicable"] = draw(field("on", ""))
    data["section"] = draw(field("1"))
    if self_mode:
        data["action"] = draw(field("submit", "save"))
    return post_data(data, draw(extra_fields))


def test_rating_page(world):
    """The supervisor's rating page: plain POST, htmx autosave and submit."""
    client = signed_in(world["supervisor"])
    evaluation = world["draft"]
    modes = ["evaluation-edit", "evaluation-autosave", "evaluation-submit"]

    @FUZZ
    @given(mode=st.sampled_from(modes), data=rating_posts(evaluation))
    @example(
        mode="evaluation-submit",
        data={
            f"rating_{i.pk}": Rating.DEVELOPING
            for s in load(evaluation).sections_list
            for i in s.items_list[:1]
        },
    )
    def check(mode, data):
        with rolled_back():
            before = snapshot(evaluation)
            url = reverse(f"evaluations:{mode}", args=[evaluation.pk])
            response = post(client, url, data, HTTP_HX_REQUEST="true")
            state, _ = assert_well_formed(evaluation)
            if state != Evaluation.State.DRAFT:
                assert mode == "evaluation-submit"
                e = load(evaluation)
                assert_rules_hold(e)
                if not_applicable_items(e.sections_list, rating_attr="rating"):
                    assert truthy(data.get("confirm_not_applicable", ""))
            if response.status_code >= 400 and mode == "evaluation-edit":
                assert snapshot(evaluation) == before
            # A refused submit keeps the draft it saved first (no work is lost), as a draft.

    check()


def test_self_assessment(world):
    client = signed_in(world["peer"])
    evaluation = world["self"]

    @FUZZ
    @given(
        autosave=st.booleans(),
        data=rating_posts(evaluation, self_mode=True),
    )
    def check(autosave, data):
        with rolled_back():
            before = snapshot(evaluation)
            before_self_assessment = load(evaluation).self_assessment
            name = "evaluation-self-autosave" if autosave else "evaluation-self"
            response = post(client, reverse(f"evaluations:{name}", args=[evaluation.pk]), data)
            state, self_assessment = assert_well_formed(evaluation)
            assert state == before[0][0]  # the peer never moves the supervisor's workflow
            if self_assessment == Evaluation.SelfAssessment.SUBMITTED:
                assert not autosave and data.get("action") == "submit"
                e = load(evaluation)
                assert_rules_hold(e, rating_attr="self_rating", comment_attr="self_comment")
                if not_applicable_items(e.sections_list, rating_attr="self_rating"):
                    assert truthy(data.get("confirm_not_applicable", ""))
            if response.status_code >= 400:
                if not autosave and data.get("action") == "submit":
                    # As for the supervisor: a refused submit keeps the draft it saved
                    # first (no work is lost), and it stays a draft.
                    assert self_assessment == before_self_assessment
                else:
                    assert snapshot(evaluation) == before

    check()


def test_acknowledge(world):
    peer = world["peer"]
    client = signed_in(peer)
    evaluation = world["submitted"]
    name = peer.get_full_name()

    @FUZZ
    @given(
        data=st.fixed_dictionaries(
            {
                "revision": field(str(evaluation_revision(evaluation)), "0", "-1", "x"),
                "signature": field(name, name.upper(), f"  {name}  ", peer.first_name),
                "comments": field(*TEXTS),
                "disagrees": field("on", ""),
                "disagreement_statement": field(*TEXTS),
            }
        ),
        extra=extra_fields,
    )
    @example(
        data={
            "revision": str(evaluation_revision(evaluation)),
            "signature": name,
            "disagrees": "on",
            "disagreement_statement": "  ",
        },
        extra={},
    )
    def check(data, extra):
        with rolled_back():
            url = reverse("evaluations:evaluation-acknowledge", args=[evaluation.pk])
            response = post(client, url, post_data(data, extra))
            assert_well_formed(evaluation)
            e = Evaluation.objects.get(pk=evaluation.pk)
            if e.state == Evaluation.State.ACKNOWLEDGED:
                assert response.status_code == 302
                assert e.peer_signature.strip() and len(e.peer_signature) <= 200
                assert e.acknowledged_at is not None
                if e.peer_disagrees:
                    assert e.disagreement_statement.strip()
                assert len(e.peer_comments) <= 10000
            else:
                assert e.state == Evaluation.State.SUBMITTED
                assert response.status_code == 400

    check()


def test_amend(world):
    client = signed_in(world["supervisor"])
    evaluation = world["finalized"]

    @st.composite
    def amendments(draw):
        data = rating_fields(draw, evaluation)
        for name in ("overall_comments", "goals"):
            data[name] = draw(field(*TEXTS))
        data["reason"] = draw(field("A rating was entered in the wrong row.", " "))
        revision = Evaluation.objects.values_list("revision", flat=True).get(pk=evaluation.pk)
        data["revision"] = draw(field(str(revision)))
        return post_data(data, draw(extra_fields))

    @FUZZ
    @given(data=amendments())
    def check(data):
        with rolled_back():
            before, amendments_before = snapshot(evaluation), Amendment.objects.count()
            url = reverse("evaluations:evaluation-amend", args=[evaluation.pk])
            response = post(client, url, data)
            state, _ = assert_well_formed(evaluation)
            assert state == Evaluation.State.FINALIZED
            if response.status_code < 400:
                assert_rules_hold(load(evaluation))
            if response.status_code >= 400:
                assert snapshot(evaluation) == before
                assert Amendment.objects.count() == amendments_before
            else:
                amendment = Amendment.objects.latest("pk")
                assert amendment.reason.strip() and "\x00" not in amendment.reason

    check()


def test_create(world):
    client = signed_in(world["supervisor"])
    peer, template = world["peer"], world["template"]

    @FUZZ
    @given(
        data=st.fixed_dictionaries(
            {
                "peer": field(str(peer.pk), str(world["hr"].pk)),
                "template": field(str(template.pk)),
                "kind": field(*Evaluation.Kind.values),
                "period_start": field("2026-01-01", "2026-06-30"),
                "period_end": field("2026-06-30", "2025-12-31"),
                "due_date": field("2026-07-31"),
            }
        ),
        extra=extra_fields,
    )
    def check(data, extra):
        with rolled_back():
            count = Evaluation.objects.count()
            response = post(
                client, reverse("evaluations:evaluation-create"), post_data(data, extra)
            )
            if response.status_code == 302:
                assert Evaluation.objects.count() == count + 1
                e = Evaluation.objects.latest("pk")
                assert e.peer == peer and e.supervisor == world["supervisor"]
                assert e.period_end >= e.period_start
                assert e.state == Evaluation.State.DRAFT
            else:
                assert Evaluation.objects.count() == count

    check()


def test_take_back_note(world, client):
    """Taking an evaluation back with a free-text note: a note that cannot be stored is
    refused with a message and nothing moves."""
    client.force_login(world["supervisor"])
    evaluation = world["submitted"]

    @FUZZ
    @given(data=st.fixed_dictionaries({"note": field(*TEXTS)}), extra=extra_fields)
    @example(data={"note": "a\x00b"}, extra={})
    @example(data={"note": "x" * 2001}, extra={})
    def check(data, extra):
        with rolled_back():
            url = reverse("evaluations:evaluation-take-back", args=[evaluation.pk])
            response = post(client, url, post_data(data, extra))
            assert response.status_code == 302
            for note in EvaluationTransition.objects.values_list("note", flat=True):
                assert "\x00" not in note and len(note) <= 2000

    check()
