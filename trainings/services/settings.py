"""An agency's training rules: the share of a session's hours needed to complete it."""

from django.db import transaction

from core.errors import ApplicationError, full_clean
from people.models import User

from ..models import TrainingSettings


@transaction.atomic
def training_settings_update(*, by: User, completion_percent: int) -> TrainingSettings:
    """Set ``by``'s organisation's completion rule (program admins). Attendance recorded
    from now on is settled by it; trainings already settled keep the rule they had."""
    if not by.has_perm("trainings.change_trainingsettings") or by.organisation_id is None:
        raise ApplicationError("Only a program admin sets the agency's training rules.")
    settings, _ = TrainingSettings.objects.select_for_update().get_or_create(
        organisation_id=by.organisation_id
    )
    settings.completion_percent = completion_percent
    full_clean(settings)
    settings.save()
    return settings
