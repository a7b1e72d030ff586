from django.utils import timezone
from django.views.generic import TemplateView

from competencies.selectors import framework_summaries
from core.access import AccessRequiredMixin
from evaluations import selectors as evaluations
from evaluations.selectors import evaluations_for_peer_home, evaluations_for_supervisor_home
from onboarding import selectors as onboarding
from onboarding.selectors import home_onboarding
from people.roles import Role
from people.selectors import people_visible_to, team_for
from readiness import selectors as readiness
from trainings import selectors as trainings
from trainings.selectors import my_trainings
from workplans import selectors as workplans

# Each app counts what is due in its own records; the cards show in this order.
NEEDS_ME = (
    evaluations.needs_me,
    onboarding.needs_me,
    trainings.needs_me,
    workplans.needs_me,
    readiness.needs_me,
)


class HomeView(AccessRequiredMixin, TemplateView):
    """One home page, with a panel for each role the person holds."""

    template_name = "home/home.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        roles = user.role_names
        context = super().get_context_data(**kwargs)
        context["roles"] = roles
        context["profile"] = getattr(user, "profile", None)
        context["today"] = today = timezone.localdate()
        context["needs_me"] = [
            card for needs_me in NEEDS_ME for card in needs_me(user=user, roles=roles, today=today)
        ]
        context["onboarding"] = home_onboarding(user=user, roles=roles, today=today)
        if Role.SUPERVISOR in roles:
            context["team"] = list(team_for(supervisor=user))
            context["supervisor_evaluations"] = evaluations_for_supervisor_home(supervisor=user)
        if Role.PROGRAM_ADMIN in roles:
            context["frameworks"] = list(framework_summaries())
            context["people_count"] = people_visible_to(user=user).count()
        context["show_peer_panel"] = Role.PEER in roles or not roles
        if context["show_peer_panel"]:
            context["my_evaluations"] = evaluations_for_peer_home(peer=user)
            context["my_trainings"] = my_trainings(person=user, today=timezone.localdate())
        return context
