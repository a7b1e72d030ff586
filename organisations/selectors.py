"""Reading organisations and networks, and a network's figures: aggregates only."""

from dataclasses import dataclass, field

from django_scopes import scopes_disabled

from .models import Network, Organisation

# No figure describes fewer people than this: a smaller group could be someone.
MIN_GROUP = 5


def suppressed_groups(people_by_group: dict, *, total_shown: bool) -> set:
    """The groups whose figures are withheld: the one place the rule lives.

    A group of fewer than ``MIN_GROUP`` people is withheld. When a total is shown (a
    count of everyone, shares adding up to 100%) and exactly one group is withheld, the
    smallest other one is withheld too: the total less the figures shown would otherwise
    give the withheld one back."""
    withheld = {group for group, people in people_by_group.items() if people < MIN_GROUP}
    shown = sorted(
        (people, str(group), group)
        for group, people in people_by_group.items()
        if group not in withheld
    )
    if total_shown and len(withheld) == 1 and shown:
        withheld.add(shown[0][2])
    return withheld


def _rate(part: int, whole: int) -> int | None:
    return round(100 * part / whole) if whole else None


@dataclass
class OrganisationFigures:
    name: str
    people: int | None
    training_completion: int | None  # percent of finished enrolments completed
    onboarding_completion: int | None  # percent of onboardings started that are complete


@dataclass
class RatingFigure:
    label: str
    share: int | None  # percent of the ratings given


@dataclass
class NetworkFigures:
    network: Network
    people: int | None
    organisations: list[OrganisationFigures] = field(default_factory=list)
    ratings: list[RatingFigure] = field(default_factory=list)
    # (agency name, readiness.selectors.SharedCycle): only cycles an agency chose to share.
    readiness: list = field(default_factory=list)
    min_group: int = MIN_GROUP


def network_figures(*, network: Network) -> NetworkFigures:
    """Counts, completion rates and the distribution of evaluation ratings across the
    network's organisations, with every group of fewer than ``MIN_GROUP`` people withheld.
    Never one person's records: only numbers leave this function.

    The one read across organisations a request makes, so it says so explicitly."""
    from evaluations.models import Rating
    from evaluations.selectors import rating_distribution
    from onboarding.selectors import onboarding_completion_by_organisation
    from people.selectors import staff_counts_by_organisation
    from readiness.selectors import shared_cycles_by_organisation
    from trainings.selectors import training_completion_by_organisation

    with scopes_disabled():
        organisations = list(Organisation.objects.filter(network=network).order_by("name"))
        ids = [o.pk for o in organisations]
        staff = staff_counts_by_organisation(organisation_ids=ids)
        trainings = training_completion_by_organisation(organisation_ids=ids)
        onboardings = onboarding_completion_by_organisation(organisation_ids=ids)
        ratings = rating_distribution(organisation_ids=ids)
        shared = shared_cycles_by_organisation(organisation_ids=ids)

    no_staff = {o.pk: staff.get(o.pk, 0) for o in organisations}
    staff_hidden = suppressed_groups(no_staff, total_shown=True)
    # Rates are each agency's own; no network-wide rate is shown to subtract from.
    trained_hidden = suppressed_groups(
        {o.pk: trainings.get(o.pk, {}).get("people", 0) for o in organisations},
        total_shown=False,
    )
    onboarded_hidden = suppressed_groups(
        {o.pk: onboardings.get(o.pk, {}).get("people", 0) for o in organisations},
        total_shown=False,
    )
    rows = []
    for organisation in organisations:
        training = trainings.get(organisation.pk, {})
        onboarding = onboardings.get(organisation.pk, {})
        rows.append(
            OrganisationFigures(
                name=organisation.name,
                people=None if organisation.pk in staff_hidden else no_staff[organisation.pk],
                training_completion=None
                if organisation.pk in trained_hidden
                else _rate(training.get("completed", 0), training.get("finished", 0)),
                onboarding_completion=None
                if organisation.pk in onboarded_hidden
                else _rate(onboarding.get("completed", 0), onboarding.get("started", 0)),
            )
        )
    total_staff = sum(no_staff.values())
    # Shares add up to 100%: the rest would give a lone withheld one back.
    ratings_hidden = suppressed_groups(
        {value: ratings.get(value, {}).get("people", 0) for value in Rating.values},
        total_shown=True,
    )
    all_items = sum(r["items"] for r in ratings.values())
    return NetworkFigures(
        network=network,
        people=total_staff if total_staff >= MIN_GROUP else None,
        organisations=rows,
        ratings=[
            RatingFigure(
                label=label,
                share=None
                if value in ratings_hidden
                else _rate(ratings.get(value, {}).get("items", 0), all_items),
            )
            for value, label in Rating.choices
        ],
        readiness=[(o.name, shared[o.pk]) for o in organisations if o.pk in shared],
    )
