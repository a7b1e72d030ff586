"""The agency's training rules, set by its program admins."""

from django.contrib import messages
from django.shortcuts import redirect
from django.views.generic import TemplateView

from core.access import AccessRequiredMixin
from core.errors import ApplicationError, form_add_errors

from ..forms import TrainingSettingsForm
from ..selectors import completion_percent_for
from ..services.settings import training_settings_update


class TrainingSettingsView(AccessRequiredMixin, TemplateView):
    permission_required = "trainings.change_trainingsettings"
    template_name = "trainings/settings.html"

    def get_context_data(self, **kwargs):
        percent = completion_percent_for(organisation_id=self.request.user.organisation_id)
        kwargs.setdefault("form", TrainingSettingsForm(initial={"completion_percent": percent}))
        return super().get_context_data(**kwargs)

    def post(self, request):
        form = TrainingSettingsForm(request.POST)
        if form.is_valid():
            try:
                training_settings_update(by=request.user, **form.cleaned_data)
            except ApplicationError as exc:
                form_add_errors(form, exc)
            else:
                messages.success(request, "Training rules saved.")
                return redirect("trainings:settings")
        return self.render_to_response(self.get_context_data(form=form))
