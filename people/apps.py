from django.apps import AppConfig, apps
from django.db.models.signals import post_migrate


def _sync_roles_after_last_app(app_config, **kwargs):
    # post_migrate fires once per app; permissions of later apps only exist
    # once the last app has had its turn.
    if app_config is list(apps.get_app_configs())[-1]:
        from .services import roles_sync

        roles_sync()


class PeopleConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "people"
    verbose_name = "People and roles"

    def ready(self):
        # Roles are code, not data entry: after every migrate the groups and
        # their permissions match people/roles.py.
        post_migrate.connect(_sync_roles_after_last_app, dispatch_uid="people.roles_sync")
