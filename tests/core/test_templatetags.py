"""The template filters every app shares."""

from core.templatetags.peerworks import average


def test_averages_have_one_format_everywhere():
    assert [average(v) for v in (2.0, 2.5, 2.6666, 3)] == ["2.00", "2.50", "2.67", "3.00"]
    assert average(None) == "—" and average("") == "—"
