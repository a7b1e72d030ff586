"""Writes for onboarding.

- ``calendar``: due dates moved off weekends and holidays.
- ``templates``: editing and cloning checklist templates.
- ``plans``: starting an onboarding and acting on its items.
- ``checkins``: check-in schedules, cadences and recorded check-ins.
"""

from .plans import onboarding_training_completed

__all__ = ["onboarding_training_completed"]
