"""After a change the worker recomputes the boards and plans officials look at, so that no
visitor waits for them (zhichan/monitor/warm.py)."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from tests.monitor.test_compute import HONGHUATAO, LUCHENG, patent
from zhichan.assets.models import EventKind
from zhichan.assets.services import patent_event_add
from zhichan.monitor import warm
from zhichan.monitor.plans import plans_load

pytestmark = pytest.mark.django_db


def counted(captured) -> list[str]:
    """The queries that counted the registry (the board's grouped passes over patents)."""
    return [
        q["sql"]
        for q in captured.captured_queries
        if 'FROM "assets_patent"' in q["sql"] and "COUNT(" in q["sql"]
    ]


def test_a_change_queues_one_warm_up_and_the_next_visit_computes_nothing(
    client, roles, settings, django_capture_on_commit_callbacks
):
    settings.HOME_REGION_CODE = "420581"
    plans_load()
    lapsing = patent(LUCHENG, granted=date(2024, 5, 6))
    patent(HONGHUATAO, granted=date(2024, 7, 8))
    client.force_login(roles["county"])
    with CaptureQueriesContext(connection) as first:
        page = client.get(reverse("monitor:board")).content.decode()
        client.get(reverse("monitor:plans"))
    assert counted(first)  # nobody had computed them: the first visitor does
    assert client.get(reverse("monitor:board")).context["rows"][0]["cells"][0][1]["value"] == "2"

    with django_capture_on_commit_callbacks(execute=True):  # a legal event entered by hand
        patent_event_add(patent=lapsing, kind=EventKind.LAPSE, effective_on=date(2025, 1, 10))
    with django_capture_on_commit_callbacks(execute=True):  # and another change soon after
        patent_event_add(patent=lapsing, kind=EventKind.RESTORATION, effective_on=date(2025, 2, 10))
    queued = DBTaskResult.objects.filter(task_path="zhichan.monitor.warm.warm_task")
    assert queued.count() == 1 and queued.get().run_after > queued.get().enqueued_at  # once, a moment later

    done = queued.get().task.call()  # what the worker runs
    assert (
        done["boards"] == 1 and done["targets"] > 10
    )  # the county's board; the targets of its plans and the city's
    with CaptureQueriesContext(connection) as later:
        response = client.get(reverse("monitor:board"))
        plans = client.get(reverse("monitor:plans"))
    assert counted(later) == [] and response.status_code == plans.status_code == 200
    assert response.context["rows"][0]["cells"][0][1]["value"] == "2"  # restored: valid again
    assert "每万人口发明专利拥有量" in page

    with django_capture_on_commit_callbacks(execute=True):  # a write after the warm-up queues the next
        patent_event_add(patent=lapsing, kind=EventKind.LAPSE, effective_on=date(2025, 6, 1))
    assert queued.count() == 2


def test_nothing_is_queued_when_nobody_looks_at_a_board(django_capture_on_commit_callbacks):
    lapsing = patent(LUCHENG, granted=date(2024, 5, 6))
    with django_capture_on_commit_callbacks(execute=True):
        patent_event_add(patent=lapsing, kind=EventKind.LAPSE, effective_on=date(2025, 1, 10))
    assert not DBTaskResult.objects.filter(task_path="zhichan.monitor.warm.warm_task").exists()
    assert warm.warm() == {"boards": 0, "targets": 0}


def test_only_todays_board_is_kept_warm(client, roles):
    client.force_login(roles["county"])
    client.get(reverse("monitor:board"), {"as_of": "2025-06-30"})
    assert warm.warm() == {"boards": 0, "targets": 0}
