"""desktop/background.py: a result comes back on a later turn of the GUI thread's event loop, never inside the
call that submitted the job (a job can finish before its future's callback is attached: the callback then
runs on the submitting thread)."""

from __future__ import annotations

from concurrent.futures import Future
from typing import Any

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
