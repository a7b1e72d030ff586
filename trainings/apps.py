from django.apps import AppConfig


class TrainingsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "trainings"

    def ready(self):
        from people.person_page import PersonSection, register_section

        from .access import can_see_suggestions, can_view_person
        from .selectors import person_page_suggestions, person_page_trainings

        register_section(
            PersonSection(
                key="trainings",
                title="Trainings",
                template="trainings/person_section.html",
                context=person_page_trainings,
                visible=can_view_person,
                order=50,
            )
        )
        register_section(
            PersonSection(
                key="suggested-trainings",
                title="Suggested trainings",
                template="trainings/person_suggestions_section.html",
                context=person_page_suggestions,
                visible=can_see_suggestions,
                order=60,
            )
        )
