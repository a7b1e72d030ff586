from django.db import transaction

from competencies.models import Domain, Framework
from core.errors import ApplicationError, full_clean
from organisations.models import Organisation

from ..models import EvaluationTemplate

DEFAULT_TEMPLATE_NAME = "WISE sample peer employee performance evaluation"
DEFAULT_FRAMEWORK_SLUG = "wise-evaluation"
RATABLE_KINDS = (Domain.Kind.COMPETENCY, Domain.Kind.DUTY)


@transaction.atomic
def evaluation_template_create(
    *,
    organisation: Organisation,
    name: str,
    framework: Framework,
    domains: list[Domain] | None = None,
    instructions: str | None = None,
    is_default: bool = False,
) -> EvaluationTemplate:
    """``organisation``'s template rating the chosen categories of one framework (all of them
    when none are chosen): a shared framework, or the organisation's own."""
    if framework.organisation_id not in (None, organisation.pk):
        raise ApplicationError("Choose a shared framework or one of your agency's own.")
    ratable = list(framework.domains.filter(kind__in=RATABLE_KINDS).order_by("order", "code"))
    chosen = ratable if not domains else [d for d in ratable if d in set(domains)]
    if domains and len(chosen) != len(set(domains)):
        raise ApplicationError(
            "Choose categories of the template's own framework that hold competencies or duties."
        )
    if not chosen:
        raise ApplicationError(f"{framework} has no categories to rate.")
    if is_default:
        EvaluationTemplate.objects.filter(organisation=organisation, is_default=True).update(
            is_default=False
        )
    template = EvaluationTemplate(
        organisation=organisation,
        name=name,
        framework=framework,
        instructions=framework.description if instructions is None else instructions,
        is_default=is_default,
    )
    full_clean(template)
    template.save()
    template.domains.set(chosen)
    return template


def evaluation_template_default(*, organisation: Organisation) -> EvaluationTemplate:
    """``organisation``'s default template: the WISE sample evaluation, made on its first use
    from the shared catalogue, unless the agency has chosen another."""
    template = EvaluationTemplate.objects.filter(organisation=organisation, is_default=True).first()
    if template is not None:
        return template
    framework = (
        Framework.objects.filter(slug=DEFAULT_FRAMEWORK_SLUG, organisation__isnull=True)
        .order_by("-version")
        .first()
    )
    if framework is None:
        raise ApplicationError("Load the catalogues first: python manage.py load_catalogues.")
    return evaluation_template_create(
        organisation=organisation, name=DEFAULT_TEMPLATE_NAME, framework=framework, is_default=True
    )
