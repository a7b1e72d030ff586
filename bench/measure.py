"""Measurements, each run in its own process so peak memory is that process's alone.

python -m bench.measure web <ids.json>      pages, load, web process memory
python -m bench.measure worker <ids.json>   PDF render, reminder job, worker memory
"""

import json
import resource
import statistics
import sys
import time
from datetime import timedelta

import django

REQUESTS = 30


def _percentiles(samples_ms):
    ordered = sorted(samples_ms)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return round(statistics.median(ordered), 2), round(p95, 2)


def _rss_mb():
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def web(ids):
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from people.models import User

    users = {name: User.objects.get(username=ids[name]) for name in ("supervisor", "peer", "hr")}
    peer = users["peer"]
    pages = [
        ("team home", "supervisor", "/"),
        (
            "evaluation form",
            "supervisor",
            reverse("evaluations:evaluation-edit", args=[ids["draft_evaluation"]]),
        ),
        (
            "evaluation detail",
            "hr",
            reverse("evaluations:evaluation-detail", args=[ids["finalized_evaluation"]]),
        ),
        ("team summary", "supervisor", reverse("evaluations:team-summary")),
        ("evaluation list", "supervisor", reverse("evaluations:evaluation-list")),
        ("evaluation list (HR)", "hr", reverse("evaluations:evaluation-list")),
        ("onboarding board", "hr", reverse("onboarding:onboarding-board")),
        ("check-in list", "supervisor", reverse("onboarding:checkin-list")),
        ("peer home", "peer", "/"),
        ("transcript", "peer", reverse("trainings:transcript", args=[peer.pk])),
        ("catalogue search", "peer", reverse("competencies:item-search") + "?q=peers"),
        ("training sessions", "peer", reverse("trainings:session-list")),
    ]
    results = []
    for name, who, url in pages:
        client = Client()
        client.force_login(users[who])
        response = client.get(
            url
        )  # warm caches (templates, permissions) as a running server would be
        if response.status_code != 200:
            raise SystemExit(f"{name}: {url} answered {response.status_code}")
        samples, queries = [], set()
        for _ in range(REQUESTS):
            with CaptureQueriesContext(connection) as ctx:
                start = time.perf_counter()
                client.get(url)
                samples.append((time.perf_counter() - start) * 1000)
            queries.add(len(ctx.captured_queries))
        p50, p95 = _percentiles(samples)
        results.append(
            {
                "name": name,
                "p50_ms": p50,
                "p95_ms": p95,
                "queries": max(queries),
                "kb": round(len(response.content) / 1024, 1),
            }
        )
    results += _evaluation_form(ids, users["supervisor"])
    results += _team_queries(users["supervisor"])
    results.append({"name": "web process peak memory", "rss_mb": _rss_mb()})
    return results


# The form's render floor: Django's template engine alone, rendering the same rows (a
# fieldset, a legend and five labelled radios per item) from plain strings and numbers.
FLOOR_TEMPLATE = """{% for row in rows %}<fieldset class="rating-row border-bottom py-2">
<legend class="fs-6 mb-1"><span class="fw-semibold">{{ row.code }}</span> {{ row.text }}</legend>
<div class="d-flex flex-wrap gap-3">{% for value, label in choices %}
<div class="form-check form-check-inline m-0"><input class="form-check-input" type="radio" name="rating_{{ row.pk }}" id="r{{ row.pk }}-{{ value }}" value="{{ value }}"{% if row.value == value %} checked{% endif %}>
<label class="form-check-label" for="r{{ row.pk }}-{{ value }}">{{ label }}</label></div>{% endfor %}
</div></fieldset>{% endfor %}"""


def _evaluation_form(ids, supervisor):
    """The form's render floor, the form's p50 over it, and the plain (no-JavaScript) save."""
    from django.db import connection
    from django.template import engines
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from evaluations.models import Evaluation, EvaluationItem, Rating

    pk = ids["draft_evaluation"]
    items = list(
        EvaluationItem.objects.filter(section__evaluation_id=pk)
        .order_by("section__order", "order")
        .values("pk", "code", "text", "rating")
    )
    rows = [{**item, "value": item["rating"]} for item in items]
    template = engines["django"].from_string(FLOOR_TEMPLATE)
    context = {"rows": rows, "choices": list(Rating.choices)}
    # The form and its floor are timed in turns, so both see the same load on the machine
    # (other processes share it); their ratio is what issue 15 budgets.
    client = Client()
    client.force_login(supervisor)
    url = reverse("evaluations:evaluation-edit", args=[pk])
    client.get(url)
    template.render(context)
    form_samples, floor_samples = [], []
    for _ in range(REQUESTS):
        start = time.perf_counter()
        client.get(url)
        form_samples.append((time.perf_counter() - start) * 1000)
        start = time.perf_counter()
        template.render(context)
        floor_samples.append((time.perf_counter() - start) * 1000)
    p50, p95 = _percentiles(floor_samples)
    floor = {"name": f"evaluation form render floor ({len(rows)} rows)", "p50_ms": p50}
    floor.update(p95_ms=p95, queries=0)
    p50, p95 = _percentiles(form_samples)
    form = {"name": "evaluation form, in turns with its floor", "p50_ms": p50, "p95_ms": p95}
    ratio = {
        "name": "evaluation form / render floor (p50)",
        "ratio": round(form["p50_ms"] / floor["p50_ms"], 2),
    }

    # The whole form posted, as the browser sends it without JavaScript; one rating flips
    # each time so every save writes. One page token: a page's own saves never conflict.
    evaluation = Evaluation.objects.get(pk=pk)
    sections = evaluation.sections.values_list("pk", "comment")
    data = {"revision": evaluation.revision, "page": "bench", "section": ""}
    data.update({f"rating_{i['pk']}": i["rating"] for i in items})
    data.update({f"comment_{s}": comment for s, comment in sections})
    data.update(overall_comments=evaluation.overall_comments, goals=evaluation.goals)
    first = f"rating_{items[0]['pk']}"
    flips = [Rating.PROFICIENT, Rating.ADVANCED]
    samples, queries = [], set()
    for n in range(REQUESTS + 1):
        data[first] = flips[n % 2]
        with CaptureQueriesContext(connection) as ctx:
            start = time.perf_counter()
            response = client.post(url, data)
            elapsed = (time.perf_counter() - start) * 1000
        if response.status_code != 302:
            raise SystemExit(f"evaluation save: {url} answered {response.status_code}")
        if n:  # the first is the warm-up
            samples.append(elapsed)
            queries.add(len(ctx.captured_queries))
    p50, p95 = _percentiles(samples)
    save = {"name": "evaluation save (plain POST)", "p50_ms": p50, "p95_ms": p95}
    save["queries"] = max(queries)
    return [form, floor, ratio, save]


def _timed(name, run):
    run()
    samples = []
    for _ in range(REQUESTS):
        start = time.perf_counter()
        run()
        samples.append((time.perf_counter() - start) * 1000)
    p50, p95 = _percentiles(samples)
    return {"name": name, "p50_ms": p50, "p95_ms": p95, "queries": 1}


def _team_queries(supervisor):
    """The team-scoped lists' own queries, without the page around them: the count a
    paginator runs and the first page, for a supervisor (whose scope is their team)."""
    from evaluations.selectors import evaluation_list
    from onboarding.access import onboardings_visible_to, schedules_visible_to

    evaluations = evaluation_list(user=supervisor)
    onboardings = onboardings_visible_to(supervisor)
    schedules = schedules_visible_to(supervisor)
    return [
        _timed("evaluation list: count", evaluations.count),
        _timed("evaluation list: first page", lambda: list(evaluations[:25])),
        _timed("onboardings (team): count", onboardings.count),
        _timed("check-in schedules (team): count", schedules.count),
    ]


def worker(ids):
    from django.core import mail
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from core.reminders import send_daily_reminders
    from evaluations.models import Evaluation

    mail.outbox = []
    results = []
    start = time.perf_counter()
    from core.pdfs import pdf_content, pdf_export
    from core.worker import worker_process_prepare, worker_task_finished

    # As a worker process (peerworks.celery): ready when it starts (WeasyPrint imported, a
    # first small render, the heap frozen), tidied up after each task, outside its time.
    worker_process_prepare()
    import_ms = (time.perf_counter() - start) * 1000
    export = pdf_export("evaluations")
    record = export.model(evaluation=Evaluation.objects.get(pk=ids["finalized_evaluation"]))
    start = time.perf_counter()
    pdf_content(export=export, record=record)
    first_ms = (time.perf_counter() - start) * 1000
    worker_task_finished()
    samples = []
    for _ in range(REQUESTS):
        start = time.perf_counter()
        pdf_content(export=export, record=record)
        samples.append((time.perf_counter() - start) * 1000)
        worker_task_finished()
    p50, p95 = _percentiles(samples)
    results.append(
        {
            "name": "evaluation PDF first (incl. import)",
            "p50_ms": round(import_ms + first_ms, 1),
            "p95_ms": round(import_ms + first_ms, 1),
        }
    )
    results.append({"name": "evaluation PDF warm", "p50_ms": p50, "p95_ms": p95})

    today = timezone.localdate() + timedelta(days=1)
    with CaptureQueriesContext(connection) as ctx:
        start = time.perf_counter()
        sent = send_daily_reminders(today=today)
        elapsed = (time.perf_counter() - start) * 1000
    results.append(
        {
            "name": f"reminder job ({len(sent)} sent)",
            "p50_ms": round(elapsed, 1),
            "p95_ms": round(elapsed, 1),
            "queries": len(ctx.captured_queries),
        }
    )
    results.append({"name": "worker process peak memory", "rss_mb": _rss_mb()})
    return results


def main():
    import os

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    django.setup()
    kind, ids_path = sys.argv[1], sys.argv[2]
    ids = json.loads(open(ids_path).read())
    from django_scopes import scopes_disabled

    # The harness reads as a shell would; the pages it requests scope themselves.
    with scopes_disabled():
        print(json.dumps({"web": web, "worker": worker}[kind](ids)))


if __name__ == "__main__":
    main()
