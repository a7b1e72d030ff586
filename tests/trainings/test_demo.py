from django.utils import timezone

from home.demo import demo_seed
from trainings.demo import demo_trainings
from trainings.models import Enrolment, Session


def test_demo_trainings_is_idempotent(catalogues):
    today = timezone.localdate()
    demo_seed()
    before = (Session.objects.count(), Enrolment.objects.count())
    if not before[0]:  # until seed_demo calls it
        demo_trainings(today=today)
    sessions, enrolments = Session.objects.count(), Enrolment.objects.count()
    # Nine upcoming (the five orientation topics among them) and two that already ran.
    assert sessions == 11
    assert Enrolment.objects.filter(status=Enrolment.Status.WAITLISTED).count() == 1
    assert demo_trainings(today=today) == []
    assert (Session.objects.count(), Enrolment.objects.count()) == (sessions, enrolments)
