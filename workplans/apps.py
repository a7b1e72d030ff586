from django.apps import AppConfig


class WorkplansConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "workplans"
    verbose_name = "Work plans"

    def ready(self):
        from people.person_page import PersonSection, register_section

        from .selectors import person_page_workplans

        register_section(
            PersonSection(
                key="workplans",
                title="Work plans",
                template="workplans/person_section.html",
                context=person_page_workplans,
                order=20,
            )
        )
