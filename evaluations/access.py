"""Who may see and do what with an evaluation: the object-level rules.

Views ask these (and answer 404 when an evaluation is not visible); services
ask them again, so no way of calling a service skips them.
"""

from django.db.models import Q, QuerySet

from core.db import matching_any
from people.selectors import is_employed, report_ids

from .models import Evaluation


def is_supervisor_of(user, evaluation: Evaluation) -> bool:
    """The evaluation's author, or the peer's current supervisor, while they work here."""
    if not is_employed(user):
        return False
    if evaluation.supervisor_id == user.pk:
        return True
    profile = getattr(evaluation.peer, "profile", None)
    return profile is not None and profile.supervisor_id == user.pk


def sees_all(user) -> bool:
    return user.has_perm("evaluations.view_all_evaluations")


def evaluations_visible_to(user) -> QuerySet[Evaluation]:
    """HR and program admins see all; a supervisor their reports'; a peer their own once submitted."""
    evaluations = Evaluation.objects.all()
    if not is_employed(user):
        return evaluations.none()
    if sees_all(user):
        return evaluations
    mine = Q(peer=user) & ~Q(state=Evaluation.State.DRAFT)
    if user.has_perm("evaluations.add_evaluation"):
        return matching_any(
            evaluations, mine, Q(supervisor=user), Q(peer_id__in=report_ids(supervisor=user))
        )
    return evaluations.filter(mine)


def is_visible_to(user, evaluation: Evaluation) -> bool:
    """``evaluations_visible_to``, for one evaluation already loaded with its peer's profile.

    The pages of one evaluation read it by its id and ask this, rather than selecting it
    through the team's UNION: building and compiling that query was about a tenth of the
    rating form's time (bench/README.md). tests/evaluations/test_access.py holds the two
    equal for every role."""
    if not is_employed(user):
        return False
    if sees_all(user):
        return True
    if evaluation.peer_id == user.pk and evaluation.state != Evaluation.State.DRAFT:
        return True
    if not user.has_perm("evaluations.add_evaluation"):
        return False
    if evaluation.supervisor_id == user.pk:
        return True
    profile = getattr(evaluation.peer, "profile", None)
    return profile is not None and profile.supervisor_id == user.pk


def can_view(user, evaluation: Evaluation) -> bool:
    if sees_all(user) or is_supervisor_of(user, evaluation):
        return True
    return evaluation.peer_id == user.pk and evaluation.state != Evaluation.State.DRAFT


def can_see_self_assessment(user, evaluation: Evaluation) -> bool:
    """The peer always; others only once the peer has submitted it."""
    if evaluation.peer_id == user.pk:
        return True
    return evaluation.self_assessment == Evaluation.SelfAssessment.SUBMITTED and can_view(
        user, evaluation
    )
