"""Production logs: one JSON line per request with its request id, user and unit; the tasks a
request enqueues log the same request id."""

import io
import json
import logging

import pytest
from django.http import HttpResponse
from django.test import RequestFactory

from danvan.logs import ContextFilter, JsonFormatter, RequestLogMiddleware
from reports.tasks import sweep_render_jobs


@pytest.fixture
def json_lines():
    """The root logger also writes through the production handler's filter and formatter."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(ContextFilter())
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    level = root.level
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    root.removeHandler(handler)
    root.setLevel(level)


def _request_lines(lines):
    return [line for line in lines if line["logger"] == "danvan.request"]


@pytest.mark.django_db
def test_a_request_logs_one_json_line_with_the_proxy_request_id(client, json_lines):
    response = client.get("/accounts/login/", HTTP_X_REQUEST_ID="5f0c2a9e8d7b4e1f")
    assert response["X-Request-ID"] == "5f0c2a9e8d7b4e1f"
    (line,) = _request_lines(json_lines())
    assert line["request_id"] == "5f0c2a9e8d7b4e1f"
    assert line["method"] == "GET"
    assert line["path"] == "/accounts/login/"
    assert line["status"] == 200
    assert line["duration_ms"] >= 0
    assert "user_id" not in line  # anonymous


@pytest.mark.django_db
def test_a_missing_or_forged_request_id_is_replaced_by_a_generated_one(client, json_lines):
    first = client.get("/accounts/login/")
    second = client.get("/accounts/login/", HTTP_X_REQUEST_ID='x" injected="1' * 10)
    ids = [first["X-Request-ID"], second["X-Request-ID"]]
    assert all(len(i) == 32 for i in ids)
    assert ids[0] != ids[1]
    assert [line["request_id"] for line in _request_lines(json_lines())] == ids


def test_a_logged_in_request_names_the_user_and_unit(client, tree, group_member, json_lines):
    client.force_login(group_member)
    assert client.get("/").status_code == 200
    (line,) = _request_lines(json_lines())
    assert line["user_id"] == group_member.pk
    # A steering group member's scope is the organisation the group serves.
    assert line["unit"].split(",") == [tree.base_a.path]


@pytest.mark.django_db
def test_a_task_enqueued_by_a_request_logs_the_same_request_id(json_lines):
    def view(request):
        sweep_render_jobs.delay()  # runs eagerly here; a worker gets the id in its headers
        logging.getLogger("reports").warning("after the task")
        return HttpResponse("ok")

    request = RequestFactory().get("/", HTTP_X_REQUEST_ID="req-4242")
    RequestLogMiddleware(view)(request)
    lines = json_lines()
    (task_line,) = [line for line in lines if line["logger"] == "danvan.tasks"]
    assert task_line["message"] == "Task reports.tasks.sweep_render_jobs started"
    assert task_line["request_id"] == "req-4242"
    assert task_line["task"] == "reports.tasks.sweep_render_jobs"
    # Back in the request after the task: still the request's id, no task named.
    after = next(line for line in lines if line["message"] == "after the task")
    assert after["request_id"] == "req-4242"
    assert "task" not in after
    assert _request_lines(lines)[0]["request_id"] == "req-4242"


def test_logs_outside_a_request_carry_no_context(json_lines):
    logging.getLogger("danvan").warning("Vận hành: %s", "bình thường")
    (line,) = json_lines()
    assert line["message"] == "Vận hành: bình thường"
    assert line["level"] == "WARNING"
    assert "request_id" not in line
