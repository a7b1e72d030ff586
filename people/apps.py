from django.apps import AppConfig, apps
from django.contrib.auth.signals import user_logged_in
from django.db.models.signals import post_migrate


def _sync_roles_after_last_app(app_config, **kwargs):
    # post_migrate fires once per app that has models; permissions of later
    # apps only exist once the last of them has had its turn.
    with_models = [config for config in apps.get_app_configs() if config.models_module is not None]
    if app_config is with_models[-1]:
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
        from .sessions import on_sign_in

        user_logged_in.connect(on_sign_in, dispatch_uid="people.on_sign_in")
        # Who still works here is this app's to say; core's access checks and the daily
        # reminders ask it.
        from core.access import register_employment_check
        from core.reminders import register_recipients_at_work

        from .selectors import employed_among, is_employed

        register_employment_check(is_employed)
        register_recipients_at_work(employed_among)
        # Invitations are an outbox like the other notices: one lost is sent again.
        from core.queueing import register_notice_outbox

        from .models import Invitation
        from .tasks import send_invitation

        register_notice_outbox(Invitation, task=send_invitation)
