"""A task published to the real broker logs, in the worker, the request id of the request that
enqueued it (the id travels in the message headers, danvan.celery)."""

import json

from danvan import logs
from reports.tasks import sweep_render_jobs

from .conftest import wait_for


def test_the_worker_logs_the_publishing_request_id(workers):
    worker = workers(DANVAN_LOG_FORMAT="json")
    token = logs.bind(request_id="7d1e0c9a44b24b2f")
    try:
        sweep_render_jobs.apply_async()
    finally:
        logs.unbind(token)

    def started_line():
        for text in worker.log.read_text(errors="replace").splitlines():
            if text.startswith("{") and "started" in text:
                line = json.loads(text)
                if line.get("task") == "reports.tasks.sweep_render_jobs":
                    return line
        return None

    line = wait_for(started_line, timeout=30, what="the worker's task log line")
    assert line["request_id"] == "7d1e0c9a44b24b2f"
    assert line["logger"] == "danvan.tasks"
    assert line["task_id"]
