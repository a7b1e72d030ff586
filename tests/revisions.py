"""What a page opened now would hold as its revision."""


def current_revision(record) -> int:
    """The plan's revision now, for a plan or one of its steps: what a page opened now holds."""
    from workplans.models import WorkPlan

    pk = getattr(record, "plan_id", None) or record.pk
    return WorkPlan.objects.values_list("revision", flat=True).get(pk=pk)


def evaluation_revision(evaluation) -> int:
    """The evaluation's revision now: what its sign page, opened now, would hold."""
    from evaluations.models import Evaluation

    return Evaluation.objects.values_list("revision", flat=True).get(pk=evaluation.pk)
