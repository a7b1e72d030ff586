"""A network's figures: aggregates only, no group smaller than five people."""

import pytest

from organisations.selectors import MIN_GROUP, network_figures, suppressed_groups
from people.roles import Role

from .conftest import person_in


@pytest.mark.parametrize("total_shown", [True, False])
def test_groups_smaller_than_five_are_withheld(total_shown):
    assert suppressed_groups({"a": 5, "b": 9, "c": 12}, total_shown=total_shown) == set()
    assert suppressed_groups({"a": 4, "b": 3, "c": 12}, total_shown=total_shown) == {"a", "b"}
    assert suppressed_groups({"a": 0}, total_shown=total_shown) == {"a"}


def test_with_a_total_shown_a_lone_withheld_group_takes_the_next_smallest_with_it():
    # Otherwise the total less the others would give the withheld one back.
    assert suppressed_groups({"a": 2, "b": 6, "c": 9}, total_shown=True) == {"a", "b"}
    assert suppressed_groups({"a": 2, "b": 6, "c": 9}, total_shown=False) == {"a"}


def test_the_threshold_is_five():
    assert MIN_GROUP == 5
    assert suppressed_groups({"a": MIN_GROUP - 1, "b": 50}, total_shown=False) == {"a"}


def _staff(organisation, n):
    supervisor = person_in(organisation, Role.SUPERVISOR)
    return [person_in(organisation, Role.PEER, supervisor=supervisor) for _ in range(n - 1)]


def test_network_figures_count_people_per_agency_and_withhold_small_ones(org_a, org_b, network):
    _staff(org_a, 8)
    _staff(org_b, 3)
    figures = network_figures(network=network)
    by_name = {row.name: row for row in figures.organisations}
    # org_b has 3 people: withheld, and org_a with it, or 11 - 8 would give 3 back.
    assert by_name[org_b.name].people is None
    assert by_name[org_a.name].people is None
    assert figures.people == 11


def test_network_figures_show_agencies_of_five_or_more(org_a, org_b, network):
    _staff(org_a, 6)
    _staff(org_b, 5)
    figures = network_figures(network=network)
    assert {row.name: row.people for row in figures.organisations} == {
        org_a.name: 6,
        org_b.name: 5,
    }


def test_network_figures_leave_out_other_networks(org_a, network):
    from tests.factories import NetworkFactory, OrganisationFactory

    elsewhere = OrganisationFactory(network=NetworkFactory())
    _staff(elsewhere, 9)
    _staff(org_a, 5)
    figures = network_figures(network=network)
    assert [row.name for row in figures.organisations] == [org_a.name]
    assert figures.people == 5


@pytest.mark.usefixtures("catalogues")
def test_training_completion_rate_counts_people_of_each_agency(org_a, org_b, network):
    from tests.trainings.conftest import enrol, make_session, move_to_past
    from trainings.services.attendance import Mark, attendance_record

    hr = person_in(org_a, Role.HR)
    people = _staff(org_a, 7)
    session = make_session(hr, capacity=20)
    enrolments = [enrol(session, p) for p in people[:6]]
    move_to_past(session, days_ago=3)
    marks = {
        (e.pk, s.pk): Mark("present" if n < 3 else "absent")
        for n, e in enumerate(enrolments)
        for s in session.slots.all()
    }
    attendance_record(session=session, marks=marks, by=hr)
    _staff(org_b, 6)
    figures = network_figures(network=network)
    by_name = {row.name: row for row in figures.organisations}
    assert by_name[org_a.name].training_completion == 50
    # org_b finished no training: fewer than five people, so nothing is shown for it.
    assert by_name[org_b.name].training_completion is None


def test_rating_shares_withhold_ratings_given_to_fewer_than_five_people(catalogues, org_a, network):
    from evaluations.models import Rating
    from evaluations.services.workflow import evaluation_acknowledge, evaluation_finalize
    from tests.evaluations.conftest import make_submitted_evaluation
    from tests.revisions import evaluation_revision

    supervisor = person_in(org_a, Role.SUPERVISOR)
    for _ in range(5):
        peer = person_in(org_a, Role.PEER, supervisor=supervisor)
        evaluation = make_submitted_evaluation(peer, supervisor)
        evaluation_acknowledge(
            evaluation=evaluation,
            by=peer,
            revision=evaluation_revision(evaluation),
            signature=peer.get_full_name(),
        )
        evaluation_finalize(evaluation=evaluation, by=supervisor)
    figures = network_figures(network=network)
    shares = {r.label: r.share for r in figures.ratings}
    assert shares[Rating.PROFICIENT.label] == 100
    assert shares[Rating.ADVANCED.label] is None
    assert shares[Rating.DEVELOPING.label] is None


def test_figures_never_name_a_person(org_a, network):
    people = _staff(org_a, 6)
    figures = network_figures(network=network)
    text = repr(figures)
    for person in people:
        assert person.last_name not in text
        assert person.username not in text
