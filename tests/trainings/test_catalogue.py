from io import StringIO

from django.core.management import call_command

from trainings.models import Course, CourseBundle, CourseCompetency, CourseGroup


def _snapshot():
    return {
        "courses": list(Course.objects.values_list("code", "hours", "attendance_max", "audience")),
        "links": sorted(
            CourseCompetency.objects.values_list("course__code", "domain__code", "note")
        ),
        "prereqs": sorted(Course.prerequisites.through.objects.values_list("pk", flat=True)),
    }


def test_menu_loads_with_groups_prerequisite_bundle_and_links(catalogues):
    assert CourseGroup.objects.count() == 4
    assert Course.objects.count() == 21
    wrap2 = Course.objects.get(code="wrap-seminar-2")
    assert [c.code for c in wrap2.prerequisites.all()] == ["wrap-seminar-1"]
    assert (wrap2.hours, wrap2.days, wrap2.attendance_min, wrap2.attendance_max) == (40, 5, 8, 18)
    assert Course.objects.get(code="managing-up").hours == 6.5
    bundle = CourseBundle.objects.get(code="wise-peer-orientation")
    assert len(bundle.topics) == 10
    assert sorted(bundle.courses.values_list("code", flat=True)) == [
        "compliance-essentials",
        "ethics-boundaries-confidentiality",
        "group-facilitation-101",
        "peer-support-101",
        "recovery-101",
    ]
    link = CourseCompetency.objects.get(course__code="sharing-your-story")
    assert link.domain.framework.slug == "samhsa" and link.domain.code == "III"
    assert "inspire, connect, and give hope" in link.note
    # Weak links from the evidence are not shipped.
    assert not CourseCompetency.objects.filter(course__code="self-care-stress-management").exists()
    assert not CourseCompetency.objects.filter(course__code="peer-support-101").exists()


def test_loading_twice_changes_nothing(catalogues):
    before = _snapshot()
    out = StringIO()
    call_command("load_catalogues", stdout=out)
    assert _snapshot() == before
    assert "wise_courses.json: 0 added" in out.getvalue()
