import logging
from io import StringIO

import pytest
from django.core.mail import send_mail
from django.core.management import CommandError, call_command
from django.test import override_settings

from evaluations.models import Evaluation, EvaluationItem, EvaluationSection
from people.models import Program, StaffProfile, User
from people.roles import Role

pytestmark = pytest.mark.django_db


@override_settings(DEBUG=True)
def test_seed_demo_creates_every_role_and_is_idempotent(catalogues):
    out = StringIO()
    call_command("seed_demo", stdout=out)
    assert "password for all: peerworks-demo" in out.getvalue()
    for username, role in [
        ("admin", Role.PROGRAM_ADMIN),
        ("hr", Role.HR),
        ("supervisor", Role.SUPERVISOR),
        ("peer", Role.PEER),
    ]:
        user = User.objects.get(username=username)
        assert user.has_role(role)
        assert user.check_password("peerworks-demo")
    assert User.objects.get(username="peer").profile.supervisor.username == "supervisor"
    assert StaffProfile.objects.filter(supervisor__username="supervisor2").count() >= 2
    states = set(Evaluation.objects.values_list("state", flat=True))
    assert states == {"draft", "submitted", "finalized"}
    finalized = Evaluation.objects.filter(state="finalized").first()
    assert not EvaluationItem.objects.filter(section__evaluation=finalized, rating="").exists()
    developing = EvaluationSection.objects.filter(
        evaluation=finalized, items__rating="developing"
    ).distinct()
    assert developing.exists() and all(section.comment for section in developing)
    counts = (
        User.objects.count(),
        StaffProfile.objects.count(),
        Program.objects.count(),
        Evaluation.objects.count(),
    )
    out = StringIO()
    call_command("seed_demo", stdout=out)
    assert (
        User.objects.count(),
        StaffProfile.objects.count(),
        Program.objects.count(),
        Evaluation.objects.count(),
    ) == counts
    assert "created" not in out.getvalue().replace("already there", "")


def test_seed_demo_saves_the_demos_emails_without_a_line_for_each(
    monkeypatch, caplog, tmp_path, settings
):
    """As `make run` has it: emails saved in files, each announced by a log line, except
    the notices the demo sends while it is built, which would bury the logins."""
    # All through the one fixture: mixed with @override_settings, its restore would
    # leave this test's email backend in place for every later test.
    settings.DEBUG = True
    settings.EMAIL_BACKEND = "core.mail.DevelopmentEmailBackend"
    settings.EMAIL_FILE_PATH = str(tmp_path)

    def seed():
        send_mail("Your evaluation is ready", "Body", None, ["peer@example.org"])
        return [("peer", "Peer staff", True)]

    monkeypatch.setattr("home.management.commands.seed_demo.demo_seed", seed)
    out = StringIO()
    with caplog.at_level(logging.INFO):
        call_command("seed_demo", stdout=out)
        send_mail("Afterwards", "Body", None, ["peer@example.org"])
    assert len(list(tmp_path.iterdir())) == 2
    announced = [r.getMessage() for r in caplog.records if r.name == "core.mail"]
    assert len(announced) == 1 and "'Afterwards'" in announced[0]
    assert f"Emails PeerWorks sends are saved in {tmp_path}" in out.getvalue()
    assert "  peer " in out.getvalue()


@override_settings(DEBUG=False)
def test_seed_demo_refuses_without_debug():
    with pytest.raises(CommandError, match="only runs with DEBUG on"):
        call_command("seed_demo")
    assert User.objects.count() == 0
