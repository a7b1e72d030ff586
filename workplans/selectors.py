"""Reading work plans: each page's data in a fixed number of queries."""

import re
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Min, Prefetch, Q, QuerySet
from django.urls import reverse
from django.utils.formats import date_format

from core.needs import NeedsMe
from people.person_page import Overdue
from people.roles import Role

from .access import workplans_visible_to
from .models import SECTION_FIELDS, ChecklistAnswer, GuideSection, ImmediateStep, WorkPlan


def workplan_list(*, user) -> QuerySet[WorkPlan]:
    return workplans_visible_to(user).select_related("employee", "manager")


def workplan_with_contents(*, queryset: QuerySet[WorkPlan], pk: int) -> WorkPlan:
    """One plan with its answers, steps and meetings; raises WorkPlan.DoesNotExist."""
    return (
        queryset.select_related(
            "employee__profile", "employee__organisation", "manager", "evaluation"
        )
        .prefetch_related(
            Prefetch(
                "answers",
                queryset=ChecklistAnswer.objects.select_related("point"),
                to_attr="answers_list",
            ),
            Prefetch(
                "steps",
                queryset=ImmediateStep.objects.select_related("owner"),
                to_attr="steps_list",
            ),
            Prefetch("meetings", to_attr="meetings_list"),
        )
        .get(pk=pk)
    )


def guide_sections() -> dict[str, GuideSection]:
    """The guiding questions of sections I–VIII, by numeral."""
    return {section.numeral: section for section in GuideSection.objects.all()}


def _display(plan: WorkPlan, name: str):
    if name in ("meeting_every", "meeting_day"):
        return getattr(plan, f"get_{name}_display")() if getattr(plan, name) is not None else ""
    return getattr(plan, name)


@dataclass(frozen=True)
class FilledGuide:
    numeral: str
    title: str
    introduction: str
    prompts: list[str]


# The toolkit's notes to whoever adapts it, and its page references: nothing to a reader.
_EDITORIAL = re.compile(r"\s*\[CUSTOMIZE AS APPROPRIATE\]|\s*\(pp?\. ?\d+(?:[-–]\d+)?\)")
_PLACEHOLDER = re.compile(r"\[([A-Z][A-Z ]*)\]")


def _placeholder_values(plan: WorkPlan) -> dict[str, str]:
    employee = plan.employee
    profile = getattr(employee, "profile", None)
    organisation = employee.organisation
    values = {
        "AGENCY": organisation.name if organisation else settings.AGENCY_NAME,
        "NAME": employee.first_name or str(employee),
        "EMPLOYEE": employee.first_name or str(employee),
        "EXPIRATION DATE": date_format(plan.end_date, "F j, Y"),
    }
    if profile is not None and profile.job_title:
        values["POSITION"] = profile.job_title
    if profile is not None and profile.start_date:
        values["DATE"] = date_format(profile.start_date, "F j, Y")
    if plan.meeting_every is not None:
        values["TIME PERIOD"] = plan.get_meeting_every_display()
    if plan.meeting_minutes:
        values["NUMBER"] = str(plan.meeting_minutes)
    return values


def guide_filled(section: GuideSection, *, plan: WorkPlan) -> FilledGuide:
    """A guide section as this plan shows, prints and exports it: the toolkit's placeholders
    filled with the plan's own agency, people and meetings (those it does not know stay, for
    the writer to fill), its editorial notes and page references left out. The catalogue
    keeps the official wording."""
    values = _placeholder_values(plan)

    def fill(text: str) -> str:
        text = _EDITORIAL.sub("", text)
        return _PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), text)

    return FilledGuide(
        numeral=section.numeral,
        title=fill(section.title),
        introduction=fill(section.introduction),
        prompts=[fill(prompt) for prompt in section.prompts],
    )


def plan_sections(plan: WorkPlan, guide: dict[str, GuideSection], form=None) -> list[dict]:
    """Sections I–VIII in order, each with its guiding questions (filled for this plan) and its
    fields: bound form fields when editing, (label, value) pairs when reading."""
    sections = []
    for numeral, names in SECTION_FIELDS.items():
        if form is not None:
            fields = [form[name] for name in names]
        else:
            fields = [
                (WorkPlan._meta.get_field(name).verbose_name, _display(plan, name))
                for name in names
            ]
        section = guide.get(numeral)
        filled = guide_filled(section, plan=plan) if section is not None else None
        sections.append({"guide": filled, "numeral": numeral, "fields": fields})
    return sections


def _shown(value) -> str:
    text = "" if value is None else str(value)
    return text if len(text) <= 80 else text[:79] + "…"


def plan_differences(plan: WorkPlan, form) -> list[str]:
    """Where the plan as it is now differs from what the person tried to save over it."""
    from .services.plans import CONTENT_FIELDS

    differences = []
    for name in CONTENT_FIELDS:
        mine, now = form.cleaned_data.get(name), getattr(plan, name)
        if mine != now:
            label = str(WorkPlan._meta.get_field(name).verbose_name)
            differences.append(
                f"{label[0].upper()}{label[1:]}: yours “{_shown(mine)}”, now “{_shown(now)}”"
            )
    answers, said = form.answers(), {True: "yes", False: "no", None: "not answered"}
    for answer in plan.answers_list:
        if answer.point_id in answers and answers[answer.point_id] != answer.answer:
            differences.append(
                f"Checklist point {answer.point.number}: yours {said[answers[answer.point_id]]}, "
                f"now {said[answer.answer]}"
            )
    for person, signed_at in (
        (plan.manager, plan.manager_signed_at),
        (plan.employee, plan.employee_signed_at),
    ):
        if signed_at:
            differences.append(
                f"{person.get_full_name() or person.username} has signed this version; "
                "saving your changes withdraws that signature."
            )
    return differences


def person_page_workplans(*, viewer, person, today) -> dict:
    """The work plans the viewer may see where the person is the employee, newest first, with
    their steps past due and not done (one query); each such plan is overdue."""
    late = Q(steps__done_at__isnull=True, steps__due_date__lt=today)
    plans = list(
        workplans_visible_to(viewer)
        .filter(employee=person)
        .select_related("manager")
        .annotate(
            late_steps=Count("steps", filter=late), first_late=Min("steps__due_date", filter=late)
        )
        .order_by("-start_date", "-pk")
    )
    overdue = [
        Overdue(
            what=f"{plan.late_steps} step{'s' if plan.late_steps != 1 else ''} of the work plan "
            f"from {plan.start_date:%b %-d, %Y} not done",
            due=plan.first_late,
            url=reverse("workplans:workplan-detail", args=[plan.pk]),
        )
        for plan in plans
        if plan.late_steps
    ]
    return {"plans": plans, "overdue": overdue}


def needs_me(*, user, roles: set[str], today) -> list[NeedsMe]:
    """The home page's card for work plans the supervisor has not signed yet, in one query;
    it is late once the plan has started."""
    if Role.SUPERVISOR not in roles:
        return []
    unsigned = WorkPlan.objects.filter(manager=user, manager_signed_at__isnull=True).aggregate(
        count=Count("pk"), late=Count("pk", filter=Q(start_date__lt=today))
    )
    return [
        NeedsMe(
            "Work plans to sign",
            unsigned["count"],
            reverse("workplans:workplan-list"),
            unsigned["late"],
        )
    ]


def evaluations_with_plans(*, evaluation_ids) -> int:
    """How many of these evaluations have a work plan started from them."""
    return (
        WorkPlan.objects.filter(evaluation_id__in=evaluation_ids)
        .values("evaluation_id")
        .distinct()
        .count()
    )
