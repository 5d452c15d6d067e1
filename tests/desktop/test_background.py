"""desktop/background.py: a job's partial results always arrive before its end, however fast it is."""

from __future__ import annotations

from concurrent.futures import Future
from typing import Any

import pytest

from desktop.background import Background, Ticket


def test_a_job_done_before_its_callback_is_added_still_delivers_its_partials_first(
    qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A job that ends before ``submit`` adds its done callback has that callback run on the submitting (GUI)
    thread. Its end must not overtake the partial results the worker posted: they would be dropped as stale
    (a batch of three memos then said "No memo files found")."""
    original = Future.add_done_callback

    def after_the_job(self: Future[Any], fn: Any) -> None:
        self.result()  # the race, made certain: the job has finished before its callback is added
        original(self, fn)

    monkeypatch.setattr(Future, "add_done_callback", after_the_job)
    background = Background()
    seen: list[tuple[str, object]] = []
    background.progress.connect(lambda _t, partial: seen.append(("progress", partial)))
    background.done.connect(lambda _t, result: seen.append(("done", result)))

    def job(ticket: Ticket) -> int:
        for i in range(3):
            ticket.report(i)
        return 3

    background.submit("job", job, with_ticket=True)
    qtbot.waitUntil(lambda: ("done", 3) in seen)
    assert seen == [("progress", 0), ("progress", 1), ("progress", 2), ("done", 3)]
    background.shutdown()
