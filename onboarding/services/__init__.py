"""Writes for onboarding.

- ``calendar``: due dates moved off weekends and holidays.
- ``templates``: editing and cloning checklist templates.
- ``plans``: starting an onboarding and acting on its items.
- ``checkins``: check-in schedules, cadences and recorded check-ins.
- ``training``: items linked to a training, ticked and unticked by its attendance.
"""

from .training import onboarding_training_completed, onboarding_training_withdrawn

__all__ = ["onboarding_training_completed", "onboarding_training_withdrawn"]
