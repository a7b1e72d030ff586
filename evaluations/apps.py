from django.apps import AppConfig


class EvaluationsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "evaluations"

    def ready(self):
        from people.person_page import PersonSection, register_section

        from .selectors import person_page_evaluations

        register_section(
            PersonSection(
                key="evaluations",
                title="Evaluations and self-assessments",
                template="evaluations/person_section.html",
                context=person_page_evaluations,
                order=10,
            )
        )
