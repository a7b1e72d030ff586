"""Evidence from PeerWorks' own records, beside the questions it helps answer.

Every figure is computed from the owning app's selectors when the page is drawn; none is
typed in. Each links to the list of rows behind it, for a reader whose role opens that
list (the link is left out otherwise, as navigation does).
"""

from dataclasses import dataclass
from datetime import date, timedelta

from core.navigation import link_for
from evaluations.selectors import evaluation_figures
from onboarding.selectors import onboarding_figures
from people.selectors import peer_staffing_figures
from trainings.selectors import hours_attended
from workplans.selectors import evaluations_with_plans


@dataclass(frozen=True)
class Figure:
    label: str
    value: str
    url: str | None = None


def _share(part: int, whole: int, noun: str) -> str:
    if not whole:
        return f"no {noun} to count"
    return f"{part} of {whole} {noun} ({round(100 * part / whole)}%)"


def evidence_by_question(*, user, today: date) -> dict[str, list[Figure]]:
    """Question code -> the figures that bear on it, as of ``today``."""
    staffing = peer_staffing_figures(today=today)
    peer_ids = staffing["peer_ids"]
    peers = len(peer_ids)
    evaluations = evaluation_figures(peer_ids=peer_ids, today=today)
    developing = evaluations["developing_ids"]
    onboarding = onboarding_figures(person_ids=peer_ids, today=today)
    hours = hours_attended(person_ids=peer_ids, since=today - timedelta(days=365))
    people_url = link_for(user, "people:person-list")
    evaluations_url = link_for(user, "evaluations:evaluation-list")
    training = Figure(
        "Training hours per peer in the last year",
        f"{hours / peers:.1f} hours ({hours:.1f} hours, {peers} peers)" if peers else "no peers",
        link_for(user, "trainings:session-list"),
    )
    return {
        "A.9.6": [
            Figure(
                "Programs with 2 or more peers",
                _share(staffing["programs_with_two"], staffing["programs"], "programs"),
                people_url,
            )
        ],
        "A.9.9": [
            Figure(
                "Peers supervised by someone with lived experience",
                _share(staffing["lived_supervisor"], peers, "peers"),
                people_url,
            )
        ],
        "A.5.3": [
            Figure(
                "Peers with a finalized evaluation for a period ending in the last year",
                _share(evaluations["current"], peers, "peers"),
                evaluations_url,
            ),
            Figure(
                "Evaluations finalized in the last year by their due date",
                _share(evaluations["on_time"], evaluations["finished"], "evaluations"),
                evaluations_url,
            ),
        ],
        "A.5.1": [
            Figure(
                "Check-ins with peers held in the last 90 days, against their cadence",
                f"{onboarding['held']} held, {onboarding['expected']} due by cadence",
                link_for(user, "onboarding:checkin-list"),
            )
        ],
        "A.5.4": [
            Figure(
                "Evaluations rating something Developing followed by a work plan",
                _share(
                    evaluations_with_plans(evaluation_ids=developing),
                    len(developing),
                    "evaluations",
                ),
                link_for(user, "workplans:workplan-list"),
            )
        ],
        "A.4.1": [training],
        "A.11.1": [training],
        "A.3.3": [
            Figure(
                "Peers' onboardings completed within 90 days (started in the year before)",
                _share(onboarding["completed"], onboarding["started"], "onboardings"),
                link_for(user, "onboarding:onboarding-board"),
            )
        ],
        "A.6.5": [
            Figure(
                "Peers still employed a year after they started",
                _share(
                    staffing["stayed"], staffing["cohort"], "peers who started a year ago or more"
                ),
                people_url,
            ),
            Figure(
                "Peers who left in the last year within 90 days of starting",
                _share(staffing["left_early"], staffing["left"], "peers who left"),
                people_url,
            ),
        ],
    }
