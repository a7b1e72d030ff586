from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect
from django.utils import timezone
from django.views import View
from django.views.generic import TemplateView

from core.access import AccessRequiredMixin
from core.errors import ApplicationError, form_add_errors, messages_add_errors

from ..access import (
    can_act_on_item,
    can_reassign_item,
    item_assignees,
    onboardings_visible_to,
)
from ..forms import NotApplicableForm, NotesForm, OnboardingStartForm, ReassignForm
from ..models import ChecklistTemplate, Onboarding, OnboardingItem
from ..selectors import onboarding_board, onboarding_with_items, phases_of, supervisor_search
from ..services.plans import (
    onboarding_cancel,
    onboarding_item_complete,
    onboarding_item_not_applicable,
    onboarding_item_reassign,
    onboarding_item_reopen,
    onboarding_start,
)

PAGE_SIZE = 50


class OnboardingBoardView(AccessRequiredMixin, TemplateView):
    """HR's board: every active onboarding with progress and overdue items; others see theirs."""

    template_name = "onboarding/board.html"

    def get_context_data(self, **kwargs):
        board = onboarding_board(
            user=self.request.user, params=self.request.GET, today=timezone.localdate()
        )
        page = Paginator(board.qs, PAGE_SIZE).get_page(self.request.GET.get("page"))
        params = self.request.GET.copy()
        params.pop("page", None)
        return super().get_context_data(
            filter=board,
            page=page,
            querystring=params.urlencode(),
            can_start=OnboardingCreateView.user_can_access(self.request.user),
            **kwargs,
        )


class SupervisorSearchView(AccessRequiredMixin, TemplateView):
    """The board's supervisor suggestions: ``<option>``s for its datalist."""

    template_name = "onboarding/_supervisor_options.html"

    def get_context_data(self, **kwargs):
        text = self.request.GET.get("supervisor", "")[:100]
        return super().get_context_data(
            people=supervisor_search(user=self.request.user, text=text), **kwargs
        )


class OnboardingCreateView(AccessRequiredMixin, TemplateView):
    permission_required = "onboarding.add_onboarding"
    template_name = "onboarding/onboarding_form.html"

    def get_context_data(self, **kwargs):
        initial = {
            "start_date": timezone.localdate(),
            "template": ChecklistTemplate.objects.filter(is_default=True).first(),
        }
        kwargs.setdefault("form", OnboardingStartForm(initial=initial))
        return super().get_context_data(**kwargs)

    def post(self, request):
        form = OnboardingStartForm(request.POST)
        if form.is_valid():
            try:
                onboarding = onboarding_start(by=request.user, **form.cleaned_data)
            except ApplicationError as exc:
                form_add_errors(form, exc)
            else:
                messages.success(request, f"Onboarding started for {onboarding.person}.")
                return redirect("onboarding:onboarding-detail", pk=onboarding.pk)
        return self.render_to_response(self.get_context_data(form=form), status=400)


class OnboardingDetailView(AccessRequiredMixin, TemplateView):
    template_name = "onboarding/onboarding_detail.html"

    def get_context_data(self, **kwargs):
        try:
            onboarding = onboarding_with_items(user=self.request.user, pk=self.kwargs["pk"])
        except Onboarding.DoesNotExist as exc:
            raise Http404 from exc
        user = self.request.user
        phases = phases_of(onboarding, today=timezone.localdate())
        refusal = self.request.session.pop(ITEM_REFUSAL, None) or {}
        assignees = item_assignees(onboarding)
        for phase in phases:
            for item in phase["items"]:
                item.can_act = can_act_on_item(user, item)
                item.can_reassign = can_reassign_item(user, item)
                if item.pk == refusal.get("item"):
                    item.refusal = refusal["message"]
                if item.can_act and item.status == "open":
                    refused = f"refusal-{item.pk}" if getattr(item, "refusal", None) else None
                    item.complete_form = NotesForm(item=item, refusal_id=refused)
                    item.not_applicable_form = NotApplicableForm(item=item, refusal_id=refused)
                    if item.can_reassign:
                        item.reassign_form = ReassignForm(
                            people=assignees, item=item, refusal_id=refused
                        )
        done = sum(p["done"] for p in phases)
        total = sum(p["total"] for p in phases)
        return super().get_context_data(
            onboarding=onboarding,
            phases=phases,
            done=done,
            total=total,
            overdue=sum(p["overdue"] for p in phases),
            assignees=assignees,
            can_cancel=user.has_perm("onboarding.change_onboarding"),
            **kwargs,
        )


class OnboardingCancelView(AccessRequiredMixin, View):
    permission_required = "onboarding.change_onboarding"
    http_method_names = ["post"]

    def post(self, request, pk):
        onboarding = onboardings_visible_to(request.user).filter(pk=pk).first()
        if onboarding is None:
            raise Http404
        try:
            onboarding_cancel(onboarding=onboarding, by=request.user)
        except ApplicationError as exc:
            messages_add_errors(request, exc)
            return redirect("onboarding:onboarding-detail", pk=pk)
        messages.info(request, f"The onboarding of {onboarding.person} was cancelled.")
        return redirect("onboarding:onboarding-board")


# The session key of an item action's refusal, carried to the plan's page.
ITEM_REFUSAL = "onboarding_item_refusal"


class _ItemActionView(AccessRequiredMixin, View):
    """POST-only: one action on one item; a refusal comes back beside the item on the plan."""

    http_method_names = ["post"]
    form_class = NotesForm

    def act(self, item, data):
        raise NotImplementedError

    def get_form(self, item):
        return self.form_class(self.request.POST)

    def post(self, request, pk):
        item = (
            OnboardingItem.objects.filter(
                onboarding__in=onboardings_visible_to(request.user), pk=pk
            )
            .select_related("onboarding")
            .first()
        )
        if item is None:
            raise Http404
        form = self.get_form(item)
        refusal = None
        if not form.is_valid():
            refusal = "; ".join(e for errors in form.errors.values() for e in errors)
        else:
            try:
                self.act(item, form.cleaned_data)
            except ApplicationError as exc:
                refusal = " ".join(exc.messages)
            else:
                messages.success(request, "Saved.")
        if refusal:
            # Shown beside the item rather than at the top of a long page. What was typed is
            # not carried in the session: the usual refusal is a document number, which must
            # not be stored anywhere.
            request.session[ITEM_REFUSAL] = {"item": item.pk, "message": refusal}
        return redirect(
            f"{redirect('onboarding:onboarding-detail', pk=item.onboarding_id).url}#item-{item.pk}"
        )


class OnboardingItemCompleteView(_ItemActionView):
    def act(self, item, data):
        onboarding_item_complete(item=item, by=self.request.user, notes=data["notes"])


class OnboardingItemNotApplicableView(_ItemActionView):
    form_class = NotApplicableForm

    def act(self, item, data):
        onboarding_item_not_applicable(item=item, by=self.request.user, reason=data["reason"])


class OnboardingItemReassignView(_ItemActionView):
    form_class = ReassignForm

    def get_form(self, item):
        return ReassignForm(self.request.POST, people=item_assignees(item.onboarding))

    def act(self, item, data):
        onboarding_item_reassign(
            item=item, by=self.request.user, to=data["to"], notes=data["notes"]
        )


class OnboardingItemReopenView(_ItemActionView):
    def act(self, item, data):
        onboarding_item_reopen(item=item, by=self.request.user, notes=data["notes"])
