from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.views import View
from django.views.generic import TemplateView

from core.access import AccessRequiredMixin
from core.errors import ApplicationError, messages_add_errors

from ..forms import HolidayForm, TemplateCloneForm, TemplateItemFormSet
from ..models import ChecklistTemplate, Holiday
from ..services.calendar import holiday_create
from ..services.templates import checklist_template_clone, checklist_template_save_items


class ChecklistTemplateListView(AccessRequiredMixin, TemplateView):
    permission_required = "onboarding.view_checklisttemplate"
    template_name = "onboarding/template_list.html"

    def get_context_data(self, **kwargs):
        from django.db.models import Count

        templates = ChecklistTemplate.objects.select_related("program").annotate(
            item_count=Count("items")
        )
        return super().get_context_data(templates=templates, **kwargs)


class ChecklistTemplateEditView(AccessRequiredMixin, TemplateView):
    permission_required = "onboarding.change_checklisttemplate"
    template_name = "onboarding/template_edit.html"

    def get_context_data(self, **kwargs):
        template = get_object_or_404(ChecklistTemplate, pk=self.kwargs["pk"])
        kwargs.setdefault("formset", TemplateItemFormSet(instance=template))
        kwargs.setdefault(
            "clone_form", TemplateCloneForm(initial={"name": f"{template.name} (copy)"})
        )
        return super().get_context_data(template=template, **kwargs)

    def post(self, request, pk):
        template = get_object_or_404(ChecklistTemplate, pk=pk)
        formset = TemplateItemFormSet(request.POST, instance=template)
        if formset.is_valid():
            try:
                checklist_template_save_items(formset=formset)
            except ApplicationError as exc:
                messages_add_errors(request, exc)
                return redirect("onboarding:template-edit", pk=pk)
            messages.success(request, "Checklist saved. Plans already started keep their own copy.")
            return redirect("onboarding:template-edit", pk=pk)
        return self.render_to_response(self.get_context_data(formset=formset), status=400)


class ChecklistTemplateCloneView(AccessRequiredMixin, View):
    permission_required = "onboarding.add_checklisttemplate"
    http_method_names = ["post"]

    def post(self, request, pk):
        template = get_object_or_404(ChecklistTemplate, pk=pk)
        form = TemplateCloneForm(request.POST)
        if form.is_valid():
            try:
                clone = checklist_template_clone(
                    template=template, organisation=request.user.organisation, **form.cleaned_data
                )
            except ApplicationError as exc:
                messages_add_errors(request, exc)
            else:
                messages.success(request, f"Copied as “{clone.name}”.")
                return redirect("onboarding:template-edit", pk=clone.pk)
        else:
            messages.error(request, "Give the copy a name.")
        return redirect("onboarding:template-edit", pk=pk)


class HolidayListView(AccessRequiredMixin, TemplateView):
    permission_required = "onboarding.view_holiday"
    template_name = "onboarding/holiday_list.html"

    def get_context_data(self, **kwargs):
        kwargs.setdefault("form", HolidayForm(organisation=self.request.user.organisation))
        return super().get_context_data(
            holidays=Holiday.objects.all(),
            can_edit=self.request.user.has_perm("onboarding.add_holiday"),
            **kwargs,
        )

    def post(self, request):
        if not request.user.has_perm("onboarding.add_holiday"):
            return self.handle_no_permission()
        form = HolidayForm(request.POST, organisation=request.user.organisation)
        if form.is_valid():
            holiday_create(organisation=request.user.organisation, **form.cleaned_data)
            messages.success(request, "Holiday added. Plans started from now on avoid it.")
            return redirect("onboarding:holiday-list")
        return self.render_to_response(self.get_context_data(form=form), status=400)


class HolidayDeleteView(AccessRequiredMixin, View):
    permission_required = "onboarding.delete_holiday"
    http_method_names = ["post"]

    def post(self, request, pk):
        get_object_or_404(Holiday, pk=pk).delete()
        messages.success(request, "Holiday removed.")
        return redirect("onboarding:holiday-list")
