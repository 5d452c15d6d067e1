"""desktop/background.py: a result comes back on a later turn of the GUI thread's event loop, never inside the
call that submitted the job (a job can finish before its future's callback is attached: the callback then
runs on the submitting thread), and never before the partial results the worker posted."""

from __future__ import annotations

from concurrent.futures import Future
from typing import Any

import pytest

from desktop.background import Background, Ticket


def test_a_result_delivered_on_the_gui_thread_still_arrives_later(qtbot: Any) -> None:
    bg = Background()
    got: list[object] = []
    bg.done.connect(lambda _ticket, result: got.append(result))
    ticket = Ticket("job", 1, "work", _report=None)
    bg._current["job"] = ticket
    future: Future[Any] = Future()
    future.set_result(42)
    bg._deliver(ticket, future)  # as add_done_callback does when the job has already finished
    assert got == []  # not inside the caller
    qtbot.waitUntil(lambda: got == [42], timeout=5_000)
    bg.shutdown()


def test_a_job_done_before_its_callback_is_added_still_delivers_its_partials_first(
    qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Its end must not overtake the partial results the worker posted: they would be dropped as stale (a batch
    of three memos then said "No memo files found")."""
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
