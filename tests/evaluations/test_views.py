import csv
import io
import re

import pytest
from django.core import mail
from django.urls import reverse

from competencies.models import Domain, Framework
from evaluations.models import (
    Evaluation,
    EvaluationItem,
    EvaluationPdf,
    EvaluationSection,
    EvaluationTemplate,
    EvaluationTransition,
    Rating,
)
from evaluations.services.evaluations import evaluation_save, evaluation_self_save
from evaluations.services.templates import evaluation_template_create
from evaluations.services.workflow import evaluation_self_submit
from people.roles import Role
from tests.clock import frozen
from tests.revisions import evaluation_revision

from .conftest import amend_rating, load, make_submitted_evaluation

pytestmark = [frozen, pytest.mark.django_db]


def form_data(evaluation, rating=Rating.PROFICIENT, **extra):
    evaluation = load(evaluation)
    data = {"revision": evaluation.revision}
    for section in evaluation.sections_list:
        data[f"comment_{section.pk}"] = ""
        for item in section.items_list:
            data[f"rating_{item.pk}"] = rating
    data.update(overall_comments="Steady.", goals="Lead a group.")
    data.update(extra)
    return data


def test_supervisor_starts_an_evaluation(client, catalogues, supervisor, peer):
    client.force_login(supervisor)
    page = client.get(reverse("evaluations:evaluation-create"), {"peer": peer.pk})
    assert page.status_code == 200
    response = client.post(
        reverse("evaluations:evaluation-create"),
        {
            "peer": peer.pk,
            "template": EvaluationTemplate.objects.get(is_default=True).pk,
            "kind": "90_day",
            "period_start": "2026-08-01",
            "period_end": "2026-10-31",
            "due_date": "2026-11-30",
        },
    )
    evaluation = Evaluation.objects.get()
    assert response.url == reverse("evaluations:evaluation-edit", args=[evaluation.pk])
    assert EvaluationItem.objects.filter(section__evaluation=evaluation).count() == 62


def test_period_out_of_order_is_refused(client, catalogues, supervisor, peer):
    client.force_login(supervisor)
    client.get(reverse("evaluations:evaluation-create"))
    response = client.post(
        reverse("evaluations:evaluation-create"),
        {
            "peer": peer.pk,
            "template": EvaluationTemplate.objects.get(is_default=True).pk,
            "kind": "annual",
            "period_start": "2026-10-01",
            "period_end": "2026-08-31",
            "due_date": "2026-11-30",
        },
    )
    assert "The period must end on or after its start." in response.content.decode()
    assert Evaluation.objects.count() == 0


def test_form_page_shows_every_item_with_five_labelled_choices(client, evaluation, supervisor):
    client.force_login(supervisor)
    body = client.get(reverse("evaluations:evaluation-edit", args=[evaluation.pk])).content.decode()
    assert body.count('type="radio"') == 62 * 5
    for label in (
        "Advanced",
        "Proficient",
        "Developing",
        "Not Enough Information",
        "Not Applicable",
    ):
        assert f">{label}</label>" in body
    assert "0 of 62 rated" in body
    assert 'href="#section-XII"' in body
    assert 'hx-post="' + reverse("evaluations:evaluation-autosave", args=[evaluation.pk]) in body


def test_form_and_detail_query_counts_do_not_grow_with_items(
    client, catalogues, supervisor, peer, make_person, django_assert_max_num_queries
):
    samhsa = Framework.objects.get(slug="samhsa")
    small = evaluation_template_create(
        organisation=peer.organisation,
        name="Two SAMHSA categories",
        framework=samhsa,
        domains=list(Domain.objects.filter(framework=samhsa, code__in=["III", "IV"])),
    )
    from .conftest import new_evaluation

    big = new_evaluation(peer, supervisor)
    tiny = new_evaluation(make_person(Role.PEER, supervisor=supervisor), supervisor)
    EvaluationItem.objects.filter(section__evaluation=tiny).delete()
    tiny.sections.exclude(code__in=["III"]).delete()
    assert small  # a smaller template exists too; the pages must not care
    client.force_login(supervisor)
    counts = {}
    # The detail page records the view in the audit trail: one insert more.
    for name, limit in (("evaluations:evaluation-edit", 10), ("evaluations:evaluation-detail", 11)):
        for label, evaluation in (("big", big), ("tiny", tiny)):
            with django_assert_max_num_queries(limit) as ctx:
                assert client.get(reverse(name, args=[evaluation.pk])).status_code == 200
            counts[(name, label)] = len(ctx.captured_queries)
        assert counts[(name, "big")] == counts[(name, "tiny")], name


def test_plain_post_saves_every_rating(client, evaluation, supervisor):
    client.force_login(supervisor)
    response = client.post(
        reverse("evaluations:evaluation-edit", args=[evaluation.pk]),
        form_data(evaluation, section="IV"),
    )
    assert response.status_code == 302 and response.url.endswith("#section-IV")
    assert set(
        EvaluationItem.objects.filter(section__evaluation=evaluation).values_list(
            "rating", flat=True
        )
    ) == {Rating.PROFICIENT}


def test_a_malformed_rating_is_refused_naming_its_item_and_nothing_is_saved(
    client, evaluation, supervisor
):
    client.force_login(supervisor)
    item = load(evaluation).sections_list[0].items_list[0]
    data = form_data(evaluation, **{f"rating_{item.pk}": "excellent"})
    response = client.post(reverse("evaluations:evaluation-edit", args=[evaluation.pk]), data)
    assert response.status_code == 400
    assert f"{item.code}: Select a valid choice." in response.content.decode()
    assert not EvaluationItem.objects.filter(section__evaluation=evaluation).exclude(rating="")


def test_htmx_autosave_returns_progress_and_category_problems(client, evaluation, supervisor):
    client.force_login(supervisor)
    evaluation = load(evaluation)
    item = evaluation.sections_list[2].items_list[0]
    response = client.post(
        reverse("evaluations:evaluation-autosave", args=[evaluation.pk]),
        {"revision": evaluation.revision, f"rating_{item.pk}": Rating.DEVELOPING},
        HTTP_HX_REQUEST="true",
    )
    body = response.content.decode()
    assert "1 of 62 rated" in body
    assert 'id="errors-III"' in body and "Category III" in body and "needs a comment" in body
    assert f'value="{evaluation.revision + 1}"' in body
    assert EvaluationItem.objects.get(pk=item.pk).rating == Rating.DEVELOPING


def test_autosave_with_stale_revision_says_so_and_saves_nothing(
    client, evaluation, supervisor, other_supervisor, peer
):
    peer.profile.supervisor = other_supervisor
    peer.profile.save()
    evaluation = load(evaluation)
    item = evaluation.sections_list[0].items_list[0]
    url = reverse("evaluations:evaluation-autosave", args=[evaluation.pk])
    client.force_login(other_supervisor)
    client.post(url, {"revision": evaluation.revision, f"rating_{item.pk}": Rating.ADVANCED})
    client.force_login(supervisor)
    response = client.post(
        url, {"revision": evaluation.revision, f"rating_{item.pk}": Rating.DEVELOPING}
    )
    assert "changed by someone else since you opened it" in response.content.decode()
    assert EvaluationItem.objects.get(pk=item.pk).rating == Rating.ADVANCED


def test_conflicting_plain_save_keeps_the_typed_answers_and_shows_the_difference(
    client, evaluation, supervisor
):
    client.force_login(supervisor)
    data = form_data(evaluation)
    item = load(evaluation).sections_list[0].items_list[0]
    EvaluationItem.objects.filter(pk=item.pk).update(rating=Rating.ADVANCED)
    Evaluation.objects.filter(pk=evaluation.pk).update(revision=99)
    response = client.post(reverse("evaluations:evaluation-edit", args=[evaluation.pk]), data)
    body = response.content.decode()
    assert response.status_code == 409
    assert "changed by someone else since you opened it" in body
    assert "I.1: yours Proficient, now Advanced" in body
    assert 'name="revision" value="99"' in body


def test_submit_with_missing_comment_shows_the_error_at_its_category(
    client, evaluation, supervisor
):
    client.force_login(supervisor)
    evaluation = load(evaluation)
    data = form_data(evaluation)
    data[f"rating_{evaluation.sections_list[6].items_list[2].pk}"] = Rating.NOT_ENOUGH_INFORMATION
    response = client.post(reverse("evaluations:evaluation-submit", args=[evaluation.pk]), data)
    body = response.content.decode()
    assert response.status_code == 400
    errors_block = body.split('id="errors-VII"')[1].split("</div></div>")[0]
    assert "Category VII" in errors_block and "VII.3 rated Not Enough Information" in errors_block
    # What was typed was saved as a draft before the refusal: nothing is lost.
    assert EvaluationItem.objects.filter(section__evaluation=evaluation, rating="").count() == 0
    assert Evaluation.objects.get(pk=evaluation.pk).state == Evaluation.State.DRAFT


def test_submit_emails_the_peer(
    client, evaluation, supervisor, peer, django_capture_on_commit_callbacks
):
    client.force_login(supervisor)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("evaluations:evaluation-submit", args=[evaluation.pk]), form_data(evaluation)
        )
    assert response.url == reverse("evaluations:evaluation-detail", args=[evaluation.pk])
    assert Evaluation.objects.get(pk=evaluation.pk).state == Evaluation.State.SUBMITTED
    assert mail.outbox[0].to == [peer.email]


def test_submitting_twice_lands_on_the_evaluation(client, evaluation, supervisor):
    client.force_login(supervisor)
    url = reverse("evaluations:evaluation-submit", args=[evaluation.pk])
    data = form_data(evaluation)
    client.post(url, data)
    response = client.post(url, data, follow=True)
    assert response.redirect_chain[-1][0] == reverse(
        "evaluations:evaluation-detail", args=[evaluation.pk]
    )
    assert "already submitted" in response.content.decode()


def test_peer_cannot_see_a_draft(client, evaluation, peer):
    client.force_login(peer)
    assert (
        client.get(reverse("evaluations:evaluation-detail", args=[evaluation.pk])).status_code
        == 404
    )
    assert evaluation.pk not in [
        e.pk for e in client.get(reverse("evaluations:evaluation-list")).context["page"]
    ]


def test_self_assessment_hidden_from_supervisor_until_submitted(
    client, submitted, peer, supervisor
):
    evaluation = load(submitted)
    ratings = {i.pk: Rating.ADVANCED for s in evaluation.sections_list for i in s.items_list}
    evaluation_self_save(evaluation=evaluation, by=peer, revision=0, ratings=ratings, comments={})
    client.force_login(supervisor)
    url = reverse("evaluations:evaluation-detail", args=[evaluation.pk])
    assert "Self-rating" not in client.get(url).content.decode()
    evaluation_self_submit(evaluation=evaluation, by=peer)
    assert "Self-rating" in client.get(url).content.decode()


def test_peer_signs_by_typing_their_name(client, submitted, peer):
    client.force_login(peer)
    url = reverse("evaluations:evaluation-acknowledge", args=[submitted.pk])
    revision = client.get(url).context["form"]["revision"].value()
    wrong = client.post(url, {"revision": revision, "signature": "Not Me"})
    assert "Type your name as" in wrong.content.decode()
    response = client.post(
        url,
        {
            "revision": revision,
            "signature": peer.get_full_name(),
            "disagrees": "on",
            "disagreement_statement": "",
        },
    )
    assert "Say what you disagree with" in response.content.decode()
    response = client.post(
        url,
        {
            "revision": revision,
            "signature": peer.get_full_name(),
            "comments": "Thanks for the support.",
        },
    )
    assert response.status_code == 302
    assert Evaluation.objects.get(pk=submitted.pk).state == Evaluation.State.ACKNOWLEDGED


def test_detail_shows_counts_per_category(client, submitted, supervisor):
    client.force_login(supervisor)
    response = client.get(reverse("evaluations:evaluation-detail", args=[submitted.pk]))
    summary = response.context["summary"]
    assert summary[0]["counts"]["proficient"] == 5 and summary[0]["average"] == 2.0
    body = response.content.decode()
    assert '<td data-label="Average">2.00</td>' in body and ">2.0</td>" not in body
    # Category names in the jump list end at a word, never inside one.
    for row in summary:
        shown = body.split(f'href="#category-{row["section"].code}">', 1)[1].split("</a>")[0]
        words = shown.split(". ", 1)[1].removesuffix(" …").split()
        assert words == row["section"].title.split()[: len(words)], shown


def test_team_summary_and_csv(client, catalogues, supervisor, make_person):
    developing_peer = make_person(Role.PEER, supervisor=supervisor)
    evaluation = make_submitted_evaluation(developing_peer, supervisor)
    item = load(evaluation).sections_list[1].items_list[0]
    EvaluationItem.objects.filter(pk=item.pk).update(rating=Rating.DEVELOPING)
    make_person(Role.PEER, supervisor=supervisor)  # no evaluation yet
    client.force_login(supervisor)
    body = client.get(reverse("evaluations:team-summary")).content.decode()
    assert "1 Developing" in body and "table-warning" in body
    response = client.get(reverse("evaluations:team-summary-csv"))
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert len(rows) == 3
    header, first = rows[0], next(r for r in rows[1:] if r[0] == developing_peer.get_full_name())
    assert (
        first[
            header.index(
                next(h for h in header if h.startswith("II.") and h.endswith("Developing"))
            )
        ]
        == "1"
    )
    averages = [first[i] for i, h in enumerate(header) if h.endswith("Average")]
    assert averages and all(a == "" or len(a.split(".")[1]) == 2 for a in averages)
    assert any(a for a in averages)


def test_team_summary_csv_writes_a_formula_shaped_name_as_text(client, supervisor, make_person):
    make_person(Role.PEER, supervisor=supervisor)
    type(supervisor).objects.filter(profile__supervisor=supervisor).update(
        first_name="@SUM(1+1)*cmd|' /C calc'!A0", last_name=""
    )
    client.force_login(supervisor)
    response = client.get(reverse("evaluations:team-summary-csv"))
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[1][0] == "'@SUM(1+1)*cmd|' /C calc'!A0"


@pytest.mark.parametrize("rows", [1, 50])
def test_team_summary_query_count_is_flat(
    client, catalogues, supervisor, make_person, rows, django_assert_num_queries
):
    for _ in range(rows):
        make_submitted_evaluation(make_person(Role.PEER, supervisor=supervisor), supervisor)
    client.force_login(supervisor)
    # The team's roles are no longer read (people.selectors.team_for).
    with django_assert_num_queries(7):
        client.get(reverse("evaluations:team-summary"))


@pytest.mark.parametrize("rows", [1, 50])
def test_evaluation_list_query_count_is_flat(
    client, catalogues, supervisor, make_person, rows, django_assert_num_queries
):
    for _ in range(rows):
        make_submitted_evaluation(make_person(Role.PEER, supervisor=supervisor), supervisor)
    client.force_login(supervisor)
    with django_assert_num_queries(5):
        response = client.get(reverse("evaluations:evaluation-list"))
    assert len(response.context["page"]) == min(rows, 25)


def test_peer_history_across_evaluations(client, catalogues, supervisor, peer):
    first = make_submitted_evaluation(peer, supervisor)
    second = make_submitted_evaluation(
        peer, supervisor, period_start=first.period_end, period_end=first.period_end
    )
    client.force_login(supervisor)
    response = client.get(reverse("evaluations:peer-history", args=[peer.pk]))
    history = response.context["history"]
    assert [e.pk for e in history["evaluations"]] == [first.pk, second.pk]
    assert history["rows"][0]["cells"][0]["proficient"] == 5


def test_export_pdf_is_queued_and_downloaded(
    client, submitted, supervisor, peer, other_supervisor, django_capture_on_commit_callbacks
):
    client.force_login(supervisor)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("evaluations:evaluation-pdf", args=[submitted.pk]))
    pdf = EvaluationPdf.objects.get()
    assert response.url == reverse("evaluations:evaluation-pdf-status", args=[submitted.pk, pdf.pk])
    assert pdf.status == EvaluationPdf.Status.READY  # eager here; a real worker in CI
    status = client.get(response.url, HTTP_HX_REQUEST="true").content.decode()
    assert "Download the PDF" in status
    download = client.get(
        reverse("evaluations:evaluation-pdf-download", args=[submitted.pk, pdf.pk])
    )
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    client.force_login(other_supervisor)
    assert (
        client.get(
            reverse("evaluations:evaluation-pdf-download", args=[submitted.pk, pdf.pk])
        ).status_code
        == 404
    )


def test_admin_builds_a_template_from_a_subset_of_samhsa(client, catalogues, admin_user):
    client.force_login(admin_user)
    samhsa = Framework.objects.get(slug="samhsa")
    domains = Domain.objects.filter(framework=samhsa, code__in=["I", "VIII"])
    response = client.post(
        reverse("evaluations:template-create"),
        {"name": "Crisis line peer", "framework": samhsa.pk, "domains": [d.pk for d in domains]},
    )
    assert response.status_code == 302
    template = EvaluationTemplate.objects.get(name="Crisis line peer")
    assert sorted(template.domains.values_list("code", flat=True)) == ["I", "VIII"]
    wrong = client.post(
        reverse("evaluations:template-create"),
        {
            "name": "Mixed",
            "framework": samhsa.pk,
            "domains": [Domain.objects.get(framework__slug="cmpsa", code="1").pk],
        },
    )
    assert wrong.status_code == 400 and not EvaluationTemplate.objects.filter(name="Mixed").exists()


def test_amend_view_records_reason(client, finalized, supervisor):
    client.force_login(supervisor)
    evaluation = load(finalized)
    item = evaluation.sections_list[0].items_list[0]
    opened = evaluation.revision
    response = client.post(
        reverse("evaluations:evaluation-amend", args=[evaluation.pk]),
        {"revision": opened, f"rating_{item.pk}": Rating.ADVANCED, "reason": ""},
    )
    assert response.status_code == 400
    response = client.post(
        reverse("evaluations:evaluation-amend", args=[evaluation.pk]),
        {"revision": opened, f"rating_{item.pk}": Rating.ADVANCED, "reason": "Wrong row"},
    )
    assert response.status_code == 302
    assert (
        "Wrong row"
        in client.get(
            reverse("evaluations:evaluation-detail", args=[evaluation.pk])
        ).content.decode()
    )


def test_home_shows_peer_what_waits_for_them(client, submitted, peer):
    client.force_login(peer)
    body = client.get(reverse("home")).content.decode()
    assert "waiting for you to read and sign" in body
    assert reverse("evaluations:evaluation-self", args=[submitted.pk]) in body


@pytest.mark.parametrize("note", ["x" * 2001, "a\x00b"])
def test_a_take_back_note_that_cannot_be_kept_is_refused_not_cut(
    client, submitted, supervisor, note
):
    client.force_login(supervisor)
    response = client.post(
        reverse("evaluations:evaluation-take-back", args=[submitted.pk]),
        {"note": note},
        follow=True,
    )
    assert "The note:" in response.content.decode()
    submitted.refresh_from_db()
    assert submitted.state == Evaluation.State.SUBMITTED


# Two tabs, one person: the revision each page started from


def _opened(client, url):
    """What a tab holds after opening the page: its revision and its own page token."""
    form = client.get(url).context["form"]
    return {"revision": form["revision"].value(), "page": form["page"].value()}


def test_a_stale_save_from_the_same_persons_other_tab_is_a_conflict_with_differences(
    client, evaluation, supervisor
):
    client.force_login(supervisor)
    url = reverse("evaluations:evaluation-edit", args=[evaluation.pk])
    item = load(evaluation).sections_list[0].items_list[0]
    first_tab, second_tab = _opened(client, url), _opened(client, url)
    assert first_tab["page"] != second_tab["page"]
    assert client.post(url, {**first_tab, f"rating_{item.pk}": Rating.ADVANCED}).status_code == 302
    response = client.post(url, {**second_tab, f"rating_{item.pk}": Rating.DEVELOPING})
    body = response.content.decode()
    assert response.status_code == 409
    assert "You changed this evaluation in another tab or window" in body
    assert "I.1: yours Developing, now Advanced" in body
    assert EvaluationItem.objects.get(pk=item.pk).rating == Rating.ADVANCED
    # The conflict page holds the current revision: saving from it keeps what was typed.
    again = {**second_tab, "revision": response.context["form"]["revision"].value()}
    assert client.post(url, {**again, f"rating_{item.pk}": Rating.DEVELOPING}).status_code == 302
    assert EvaluationItem.objects.get(pk=item.pk).rating == Rating.DEVELOPING


def test_a_stale_autosave_from_another_tab_says_what_changed_and_saves_nothing(
    client, evaluation, supervisor
):
    client.force_login(supervisor)
    edit = reverse("evaluations:evaluation-edit", args=[evaluation.pk])
    autosave = reverse("evaluations:evaluation-autosave", args=[evaluation.pk])
    section = load(evaluation).sections_list[1]
    first_tab, second_tab = _opened(client, edit), _opened(client, edit)
    client.post(autosave, {**first_tab, f"comment_{section.pk}": "From the first tab."})
    response = client.post(
        autosave, {**second_tab, f"comment_{section.pk}": "From the second tab."}
    )
    body = response.content.decode()
    assert "You changed this evaluation in another tab or window" in body
    assert "Category II comment differs" in body
    assert EvaluationSection.objects.get(pk=section.pk).comment == "From the first tab."


def test_one_tabs_successive_autosaves_and_its_submit_all_go_through(
    client, evaluation, supervisor
):
    client.force_login(supervisor)
    edit = reverse("evaluations:evaluation-edit", args=[evaluation.pk])
    autosave = reverse("evaluations:evaluation-autosave", args=[evaluation.pk])
    tab = _opened(client, edit)
    items = load(evaluation).sections_list[0].items_list
    ratings = (Rating.ADVANCED, Rating.PROFICIENT, Rating.ADVANCED)
    for item, rating in zip(items[:3], ratings, strict=True):
        response = client.post(autosave, {**tab, f"rating_{item.pk}": rating})
        body = response.content.decode()
        assert "Saved at" in body
        # The answer hands the tab its new revision, as htmx swaps it into the form.
        tab["revision"] = re.search(r'name="revision" id="id_revision" value="(\d+)"', body)[1]
    assert [i.rating for i in load(evaluation).sections_list[0].items_list[:3]] == [
        Rating.ADVANCED,
        Rating.PROFICIENT,
        Rating.ADVANCED,
    ]
    # An autosave still arriving after the same tab's Submit, with the revision it was sent
    # with, is that tab's own: not a conflict.
    late = {**tab, "revision": int(tab["revision"]) - 1, f"rating_{items[3].pk}": Rating.ADVANCED}
    assert "Saved at" in client.post(autosave, late).content.decode()


@pytest.mark.parametrize(
    "name", ["evaluation-edit", "evaluation-autosave", "evaluation-submit", "evaluation-amend"]
)
def test_a_save_without_its_revision_is_refused_and_says_so(client, request, supervisor, name):
    target = request.getfixturevalue("finalized" if name == "evaluation-amend" else "evaluation")
    client.force_login(supervisor)
    item = load(target).sections_list[0].items_list[0]
    before = EvaluationItem.objects.get(pk=item.pk).rating
    response = client.post(
        reverse(f"evaluations:{name}", args=[target.pk]),
        {f"rating_{item.pk}": Rating.ADVANCED, "reason": "Wrong row"},
    )
    assert "did not say which version of the evaluation it was opened from" in (
        response.content.decode()
    )
    assert EvaluationItem.objects.get(pk=item.pk).rating == before


def test_the_self_assessment_in_two_tabs_conflicts_and_needs_its_revision(client, submitted, peer):
    client.force_login(peer)
    url = reverse("evaluations:evaluation-self", args=[submitted.pk])
    section = load(submitted).sections_list[0]
    first_tab, second_tab = _opened(client, url), _opened(client, url)
    assert (
        client.post(url, {**first_tab, f"comment_{section.pk}": "Mine, first."}).status_code == 302
    )
    response = client.post(url, {**second_tab, f"comment_{section.pk}": "Mine, second."})
    assert response.status_code == 409
    body = response.content.decode()
    assert "You changed this evaluation in another tab or window" in body
    assert "Category I comment differs" in body
    response = client.post(url, {f"comment_{section.pk}": "No revision."})
    assert "did not say which version" in response.content.decode()
    assert EvaluationSection.objects.get(pk=section.pk).self_comment == "Mine, first."


def test_an_amendment_leaves_the_peers_signature_with_the_version_they_signed(
    client, finalized, supervisor, peer, django_capture_on_commit_callbacks
):
    """Issue 12 item 14: the signature belongs to version 1; the peer is told and asked to
    sign the amended version, and that signature is recorded in the history."""
    evaluation = load(finalized)
    item = evaluation.sections_list[0].items_list[0]
    client.force_login(supervisor)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("evaluations:evaluation-amend", args=[evaluation.pk]),
            {
                f"rating_{item.pk}": Rating.ADVANCED,
                "reason": "Wrong row",
                "revision": evaluation.revision,
            },
        )
    assert [m.to for m in mail.outbox] == [[peer.email]]
    assert "amended" in mail.outbox[0].subject

    detail = reverse("evaluations:evaluation-detail", args=[evaluation.pk])
    page = client.get(detail).content.decode()
    signed_on = f"{finalized.acknowledged_at:%B} {finalized.acknowledged_at.day}"
    assert f"Acknowledged by {peer.get_full_name()} on {signed_on}" in page
    assert "version 1, before amendment 1" in page
    assert f"Version 2: not yet acknowledged by {peer}" in page

    client.force_login(peer)
    page = client.get(detail).content.decode()
    sign = reverse("evaluations:evaluation-acknowledge", args=[evaluation.pk])
    assert "Read and sign the amended version" in page and sign in page
    form = client.get(sign).content.decode()
    assert "Sign the amended version of your evaluation" in form and "Wrong row" in form
    revision = evaluation_revision(evaluation)
    assert client.post(sign, {"revision": revision, "signature": "Someone Else"}).status_code == 400
    response = client.post(
        sign, {"revision": revision, "signature": peer.get_full_name(), "comments": "Agreed."}
    )
    assert response.status_code == 302

    page = client.get(detail).content.decode()
    assert f"Version 2 acknowledged by {peer.get_full_name()}" in page
    assert "Read and sign the amended version" not in page
    acknowledgement = EvaluationTransition.objects.get(
        evaluation=evaluation, amendment__isnull=False
    )
    assert acknowledgement.by == peer and acknowledgement.note == "Agreed."


def test_only_the_peer_signs_an_amended_version_and_only_once(finalized, supervisor, peer):
    from core.errors import ApplicationError
    from evaluations.services.workflow import evaluation_acknowledge_amendment

    evaluation = load(finalized)
    with pytest.raises(ApplicationError, match="no amendment waiting"):
        evaluation_acknowledge_amendment(
            evaluation=evaluation,
            by=peer,
            revision=evaluation_revision(evaluation),
            signature=peer.get_full_name(),
        )
    item = evaluation.sections_list[0].items_list[0]
    amend_rating(evaluation, by=supervisor, item=item, rating=Rating.ADVANCED, reason="Wrong row")
    with pytest.raises(ApplicationError, match="Only the peer"):
        evaluation_acknowledge_amendment(
            evaluation=evaluation,
            by=supervisor,
            revision=evaluation_revision(evaluation),
            signature=supervisor.get_full_name(),
        )
    evaluation_acknowledge_amendment(
        evaluation=evaluation,
        by=peer,
        revision=evaluation_revision(evaluation),
        signature=peer.get_full_name(),
    )
    with pytest.raises(ApplicationError, match="no amendment waiting"):
        evaluation_acknowledge_amendment(
            evaluation=evaluation,
            by=peer,
            revision=evaluation_revision(evaluation),
            signature=peer.get_full_name(),
        )
    # The acknowledgement is sealed with the record.
    from core.models import RecordLink

    assert list(
        RecordLink.objects.filter(record_id=evaluation.pk, record_type="evaluations.evaluation")
        .order_by("position")
        .values_list("event", flat=True)
    ) == ["finalized", "amended", "amendment_acknowledged"]


def test_a_peer_signs_only_the_version_their_page_showed(
    client, submitted, supervisor, peer, django_capture_on_commit_callbacks
):
    """Taken back, changed and submitted again while the peer's sign page was open: the
    signature sent from that page is not recorded; the page shows the evaluation as it is
    now, keeps what they typed, and signing from it then works."""
    from evaluations.services.workflow import evaluation_submit, evaluation_take_back

    client.force_login(peer)
    url = reverse("evaluations:evaluation-acknowledge", args=[submitted.pk])
    opened = client.get(url).context["form"]["revision"].value()
    evaluation = load(submitted)
    taken = evaluation_take_back(evaluation=evaluation, by=supervisor, note="One more comment.")
    taken = load(taken)
    evaluation_save(
        evaluation=taken,
        by=supervisor,
        revision=taken.revision,
        ratings={},
        comments={},
        overall_comments="Added after the peer opened the page.",
    )
    evaluation_submit(evaluation=load(taken), by=supervisor)
    typed = {"revision": opened, "signature": peer.get_full_name(), "comments": "Fine by me."}

    stale = client.post(url, typed)
    assert stale.status_code == 400
    assert "changed since you opened it" in stale.content.decode()
    assert Evaluation.objects.get(pk=submitted.pk).state == Evaluation.State.SUBMITTED
    form = stale.context["form"]
    assert form["comments"].value() == "Fine by me."
    assert int(form["revision"].value()) == evaluation_revision(submitted) != int(opened)

    missing = client.post(url, {**typed, "revision": ""})
    assert missing.status_code == 400 and "did not say which version" in missing.content.decode()

    response = client.post(url, {**typed, "revision": form["revision"].value()})
    assert response.status_code == 302
    assert Evaluation.objects.get(pk=submitted.pk).state == Evaluation.State.ACKNOWLEDGED


def _chart(body: str, chart_id: str) -> str:
    """The page's inline <svg> with this id; the pages carry no inline style for the CSP."""
    assert ' style="' not in body
    match = re.search(rf'<svg [^>]*id="{chart_id}".*?</svg>', body, re.S)
    assert match, f"no chart {chart_id} on the page"
    return match.group(0)


def test_team_summary_draws_the_heatmap_and_keeps_the_table(
    client, catalogues, supervisor, make_person
):
    developing_peer = make_person(Role.PEER, supervisor=supervisor)
    evaluation = make_submitted_evaluation(developing_peer, supervisor)
    item = load(evaluation).sections_list[1].items_list[0]
    EvaluationItem.objects.filter(pk=item.pk).update(rating=Rating.DEVELOPING)
    make_submitted_evaluation(make_person(Role.PEER, supervisor=supervisor), supervisor)
    client.force_login(supervisor)
    body = client.get(reverse("evaluations:team-summary")).content.decode()
    chart = _chart(body, "team-heatmap")
    assert 'role="img"' in chart and 'aria-labelledby="team-heatmap-title"' in chart
    assert '<title id="team-heatmap-title">My team: average rating by category</title>' in chart
    assert "2 people by 12 categories. People with at least one item rated Developing: 1." in chart
    # Category II of the developing peer: one Developing of the rest Proficient.
    assert chart.count(">1 Dev<") == 1
    assert ">XII<" in chart and developing_peer.get_full_name() in chart
    # The table, after the picture, is the long description with every number.
    table = body[body.index("</svg>") :]
    assert "<table" in table and "1 Developing" in table and "avg 2.00" in table


def test_peer_history_draws_ratings_over_time(client, catalogues, supervisor, peer):
    first = make_submitted_evaluation(peer, supervisor)
    make_submitted_evaluation(
        peer, supervisor, period_start=first.period_end, period_end=first.period_end
    )
    client.force_login(supervisor)
    body = client.get(reverse("evaluations:peer-history", args=[peer.pk])).content.decode()
    chart = _chart(body, "ratings-over-time")
    assert '<title id="ratings-over-time-title">Ratings over time, by category</title>' in chart
    assert "across 2 evaluations" in chart and "2.00 to 2.00" in chart
    assert chart.count("<polyline") == 12
    assert "<table" in body[body.index("</svg>") :]


def test_peer_history_without_evaluations_draws_nothing(client, catalogues, supervisor, peer):
    client.force_login(supervisor)
    body = client.get(reverse("evaluations:peer-history", args=[peer.pk])).content.decode()
    assert "<svg" not in body and "No evaluations have been shared" in body


@pytest.mark.parametrize("rows", [1, 4])
def test_peer_history_query_count_is_flat(
    client, catalogues, supervisor, peer, rows, django_assert_num_queries
):
    first = make_submitted_evaluation(peer, supervisor)
    for _ in range(rows - 1):
        make_submitted_evaluation(
            peer, supervisor, period_start=first.period_end, period_end=first.period_end
        )
    client.force_login(supervisor)
    with django_assert_num_queries(8):
        response = client.get(reverse("evaluations:peer-history", args=[peer.pk]))
    assert len(response.context["history"]["evaluations"]) == rows


def test_a_refused_submit_opens_with_an_error_summary_linking_each_field(
    client, evaluation, supervisor
):
    client.force_login(supervisor)
    evaluation = load(evaluation)
    section = evaluation.sections_list[6]
    data = form_data(evaluation)
    data[f"rating_{section.items_list[2].pk}"] = Rating.NOT_ENOUGH_INFORMATION
    data[f"rating_{evaluation.sections_list[0].items_list[0].pk}"] = Rating.NOT_APPLICABLE
    response = client.post(reverse("evaluations:evaluation-submit", args=[evaluation.pk]), data)
    assert response.status_code == 400
    summary = [(e["text"], e["href"]) for e in response.context["error_summary"]]
    assert summary == [
        (
            "Category VII (" + section.title + ") needs a comment: VII.3 rated Not Enough "
            "Information.",
            f"#id_comment_{section.pk}",
        ),
        (
            "I.1 is rated Not Applicable, which the WISE guide asks to avoid. Confirm that you "
            "mean it, or choose another rating.",
            "#id_confirm_not_applicable",
        ),
    ]
    body = response.content.decode()
    assert 'role="alert" aria-labelledby="error-summary-title" tabindex="-1"' in body
    assert "There is a problem" in body and "js/error-summary.js" in body
    # A screen reader hears the refusal first, in the page's title (GOV.UK's pattern).
    assert re.search(r"<title>\s*Error: ", body)
    # Every link leads to a field that exists on the page.
    for _, href in summary:
        assert f'id="{href[1:]}"' in body
    # The jump list marks the category that has the error, and only that one.
    assert body.count("1 error<span") == 1
    jump = body.split('aria-label="Categories"')[1].split("</nav>")[0]
    assert '#section-VII">VII.' in jump and "1 error" in jump.split('#section-VII"')[1]


def test_an_unrated_item_in_the_summary_links_to_its_first_rating(client, evaluation, supervisor):
    client.force_login(supervisor)
    evaluation = load(evaluation)
    item = evaluation.sections_list[1].items_list[0]
    data = form_data(evaluation)
    data[f"rating_{item.pk}"] = ""
    response = client.post(reverse("evaluations:evaluation-submit", args=[evaluation.pk]), data)
    assert response.status_code == 400
    assert [e["href"] for e in response.context["error_summary"]] == [f"#r{item.pk}-advanced"]


def test_a_page_without_a_refusal_has_no_error_summary(client, evaluation, supervisor):
    client.force_login(supervisor)
    response = client.get(reverse("evaluations:evaluation-edit", args=[evaluation.pk]))
    assert response.context["error_summary"] == []
    assert "There is a problem" not in response.content.decode()
    assert not re.search(r"<title>\s*Error: ", response.content.decode())


def test_the_not_applicable_confirmation_is_kept_with_the_draft(client, evaluation, supervisor):
    client.force_login(supervisor)
    url = reverse("evaluations:evaluation-edit", args=[evaluation.pk])
    data = form_data(
        evaluation,
        confirm_not_applicable="on",
        confirm_not_applicable_shown="1",
        **{f"rating_{load(evaluation).sections_list[0].items_list[0].pk}": Rating.NOT_APPLICABLE},
    )
    assert client.post(url, data).status_code == 302
    assert Evaluation.objects.get(pk=evaluation.pk).not_applicable_confirmed
    reopened = client.get(url).content.decode()
    assert 'id="id_confirm_not_applicable" checked' in reopened
    # Submitted later from a page that no longer sends the box, the confirmation stands.
    data = form_data(evaluation)
    del data[f"rating_{load(evaluation).sections_list[0].items_list[0].pk}"]
    response = client.post(reverse("evaluations:evaluation-submit", args=[evaluation.pk]), data)
    assert response.status_code == 302
    assert Evaluation.objects.get(pk=evaluation.pk).state == Evaluation.State.SUBMITTED


def test_unticking_the_not_applicable_confirmation_is_kept_too(client, evaluation, supervisor):
    client.force_login(supervisor)
    url = reverse("evaluations:evaluation-edit", args=[evaluation.pk])
    client.post(
        url, form_data(evaluation, confirm_not_applicable="on", confirm_not_applicable_shown="1")
    )
    client.post(url, form_data(evaluation, confirm_not_applicable_shown="1"))
    assert not Evaluation.objects.get(pk=evaluation.pk).not_applicable_confirmed


def test_the_peers_not_applicable_confirmation_is_kept_with_their_draft(client, submitted, peer):
    client.force_login(peer)
    evaluation = load(submitted)
    url = reverse("evaluations:evaluation-self", args=[evaluation.pk])
    data = {
        "revision": 0,
        "confirm_not_applicable": "on",
        "confirm_not_applicable_shown": "1",
        f"rating_{evaluation.sections_list[0].items_list[0].pk}": Rating.NOT_APPLICABLE,
    }
    assert client.post(url, data).status_code == 302
    assert Evaluation.objects.get(pk=evaluation.pk).self_not_applicable_confirmed
    assert 'id="id_confirm_not_applicable" checked' in client.get(url).content.decode()


def test_acknowledging_twice_shows_it_acknowledged(client, submitted, peer):
    client.force_login(peer)
    url = reverse("evaluations:evaluation-acknowledge", args=[submitted.pk])
    data = {"revision": load(submitted).revision, "signature": peer.get_full_name()}
    assert client.post(url, data).status_code == 302
    again = client.post(url, data, follow=True)
    assert again.redirect_chain[-1][0] == reverse(
        "evaluations:evaluation-detail", args=[submitted.pk]
    )
    body = again.content.decode()
    assert "You have already signed this evaluation." in body
    assert "cannot" not in body
    assert (
        EvaluationTransition.objects.filter(
            evaluation=submitted, to_state=Evaluation.State.ACKNOWLEDGED
        ).count()
        == 1
    )


def test_the_sign_page_warns_a_peer_whose_self_assessment_is_unfinished(client, submitted, peer):
    client.force_login(peer)
    url = reverse("evaluations:evaluation-acknowledge", args=[submitted.pk])
    body = client.get(url).content.decode()
    assert "Your self-assessment is not finished" in body
    assert reverse("evaluations:evaluation-self", args=[submitted.pk]) in body
    evaluation = load(submitted)
    ratings = {i.pk: Rating.PROFICIENT for s in evaluation.sections_list for i in s.items_list}
    evaluation_self_save(evaluation=evaluation, by=peer, revision=0, ratings=ratings, comments={})
    evaluation_self_submit(evaluation=load(submitted), by=peer)
    assert "Your self-assessment is not finished" not in client.get(url).content.decode()


def test_submitting_the_self_assessment_twice_shows_it_submitted(client, submitted, peer):
    client.force_login(peer)
    evaluation = load(submitted)
    url = reverse("evaluations:evaluation-self", args=[evaluation.pk])
    data = {
        "revision": 0,
        "action": "submit",
        **{
            f"rating_{i.pk}": Rating.PROFICIENT
            for s in evaluation.sections_list
            for i in s.items_list
        },
    }
    assert client.post(url, data).status_code == 302
    again = client.post(url, data, follow=True)
    assert again.redirect_chain[-1][0] == url
    assert "Your self-assessment was already submitted." in again.content.decode()
    assert Evaluation.objects.get(pk=evaluation.pk).self_assessment == "submitted"
