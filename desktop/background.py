"""The one way the desktop does slow work: off the GUI thread, results back on it, numbered, cancellable.

A job is a plain function run on a worker thread of a named *lane* (one thread per lane: the current
pitch's Monte Carlo never waits behind a folder of memos being scored). Each job carries a key chosen by
its owner (``"montecarlo"``, ``("compare", 7)``) and a generation number: submitting a job under a key
makes every earlier job of that key stale. Its result, or its exception, comes back on the GUI thread
through a queued signal, and only if the job is still current; a stale or cancelled job's result is
dropped. No future is polled and nothing waits in an event loop: owners connect to :attr:`Background.done`
and :attr:`Background.failed`.

A long job can report partial results (:meth:`Ticket.report`, delivered as :attr:`Background.progress`)
and should look at :attr:`Ticket.stopping` between steps: a job that is *stopped* (:meth:`Background.stop`)
ends early and its results so far are still delivered; one that is *cancelled* is dropped whole.
"""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Callable, Hashable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, Qt, Signal, Slot

log = logging.getLogger("computecurve")


@dataclass(eq=False)
class Ticket:
    """One submitted job: its key, its generation, and the flag that cancels it."""

    key: Hashable
    generation: int
    lane: str
    _cancel: threading.Event = field(default_factory=threading.Event)
    _stop: threading.Event = field(default_factory=threading.Event)
    _report: Callable[[Ticket, object], None] | None = None

    @property
    def cancelled(self) -> bool:
        """True once the job was cancelled or superseded: its results will never be delivered."""
        return self._cancel.is_set()

    @property
    def stopping(self) -> bool:
        """True once the job should end at its next step (stopped, or cancelled)."""
        return self._stop.is_set() or self._cancel.is_set()

    def cancel(self) -> None:
        self._cancel.set()

    def stop(self) -> None:
        self._stop.set()

    def report(self, partial: object) -> None:
        """From the worker: hand a partial result to the GUI thread (:attr:`Background.progress`)."""
        if self._report is not None and not self.cancelled:
            self._report(self, partial)


class Background(QObject):
    """Runs jobs on worker threads by lane; delivers current results on the GUI thread."""

    done = Signal(object, object)  # Ticket, result
    failed = Signal(object, object)  # Ticket, BaseException
    progress = Signal(object, object)  # Ticket, partial result
    _finished = Signal(object, bool, object)  # Ticket, ok, result or exception (worker -> GUI thread)
    _partial = Signal(object, object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._lanes: dict[str, ThreadPoolExecutor] = {}
        self._current: dict[Hashable, Ticket] = {}
        self._running: set[Ticket] = set()
        self._shut_down = False
        # A worker emits only while holding the gate and while the object lives: `destroyed` (emitted on the
        # GUI thread before the object's memory goes) closes the gate, so an emit never runs into a deleted
        # object (checking shiboken6.isValid and then emitting left a window in which the GUI thread could
        # delete it: a crash in a later turn of the event loop). The closure holds no reference to self.
        gate, alive = threading.Lock(), [True]
        self._gate, self._alive = gate, alive

        def _closed(*_args: object) -> None:
            with gate:
                alive[0] = False

        self.destroyed.connect(_closed)
        # Queued even when emitted on the GUI thread: a job that finishes before its future's callback is
        # attached runs that callback on the submitting thread, and its result must still arrive on a later
        # turn of the event loop (after the submitter has finished what it was doing), never inside submit().
        self._finished.connect(self._on_finished, Qt.ConnectionType.QueuedConnection)
        self._partial.connect(self._on_partial, Qt.ConnectionType.QueuedConnection)

    # -- submitting ------------------------------------------------------------------------------------
    def submit(
        self, key: Hashable, fn: Callable[..., Any], *args: Any, lane: str = "work", with_ticket: bool = False
    ) -> Ticket:
        """Run ``fn(*args)`` (``fn(ticket, *args)`` with ``with_ticket``) on ``lane``; supersede ``key``'s
        earlier job."""
        previous = self._current.get(key)
        ticket = Ticket(key, (previous.generation + 1) if previous else 1, lane, _report=self._emit_partial)
        if previous is not None:
            previous.cancel()
        self._current[key] = ticket
        if self._shut_down:
            ticket.cancel()
            return ticket
        executor = self._lanes.get(lane)
        if executor is None:
            executor = self._lanes[lane] = ThreadPoolExecutor(max_workers=1, thread_name_prefix=lane)
        self._running.add(ticket)
        call_args = (ticket, *args) if with_ticket else args
        future = executor.submit(self._run, ticket, fn, call_args)
        future.add_done_callback(lambda f, t=ticket: self._deliver(t, f))
        return ticket

    @staticmethod
    def _run(ticket: Ticket, fn: Callable[..., Any], args: tuple[Any, ...]) -> Any:
        # Worker thread. A job superseded while it queued is not run at all.
        if ticket.cancelled:
            return None
        return fn(*args)

    def _deliver(self, ticket: Ticket, future: Future[Any]) -> None:
        # Worker thread (or the submitting thread for a job cancelled before it started).
        if future.cancelled():
            ok, result = False, None
        else:
            exc = future.exception()
            ok, result = (exc is None), (exc if exc is not None else future.result())
        with self._gate:
            if self._alive[0] and shiboken6.isValid(self):
                with contextlib.suppress(RuntimeError):  # the wrapper is going: its C++ part still lives
                    self._finished.emit(ticket, ok, result)

    def _emit_partial(self, ticket: Ticket, partial: object) -> None:
        with self._gate:
            if self._alive[0] and shiboken6.isValid(self):
                with contextlib.suppress(RuntimeError):
                    self._partial.emit(ticket, partial)

    # -- the GUI thread ----------------------------------------------------------------------------------
    @Slot(object, bool, object)
    def _on_finished(self, ticket: Ticket, ok: bool, result: object) -> None:
        self._running.discard(ticket)
        if not self.is_current(ticket):
            return  # superseded or cancelled: stale
        del self._current[ticket.key]
        if ok:
            self.done.emit(ticket, result)
        elif result is not None:
            assert isinstance(result, BaseException)
            log.error("background job %r failed", ticket.key, exc_info=result)
            self.failed.emit(ticket, result)

    @Slot(object, object)
    def _on_partial(self, ticket: Ticket, partial: object) -> None:
        if self.is_current(ticket):
            self.progress.emit(ticket, partial)

    # -- reading and cancelling ----------------------------------------------------------------------------
    def is_current(self, ticket: Ticket) -> bool:
        """Whether ``ticket`` is its key's latest job and was not cancelled."""
        return self._current.get(ticket.key) is ticket and not ticket.cancelled

    def busy(self, key: Hashable | None = None) -> bool:
        """Whether a job (of ``key``, or any) is queued or running and its result still wanted."""
        if key is None:
            return any(not t.cancelled for t in self._current.values())
        ticket = self._current.get(key)
        return ticket is not None and not ticket.cancelled

    def pending_keys(self) -> list[Hashable]:
        """The keys of the jobs still wanted (queued or running)."""
        return [k for k, t in self._current.items() if not t.cancelled]

    def stop(self, key: Hashable) -> None:
        """Ask ``key``'s job to end at its next step; what it has done so far is still delivered."""
        ticket = self._current.get(key)
        if ticket is not None:
            ticket.stop()

    def cancel(self, key: Hashable) -> None:
        """Drop ``key``'s job: a running worker stops at its next look, and its result is never delivered."""
        ticket = self._current.pop(key, None)
        if ticket is not None:
            ticket.cancel()

    def cancel_all(self, predicate: Callable[[Hashable], bool] = lambda _key: True) -> None:
        for key in [k for k in self._current if predicate(k)]:
            self.cancel(key)

    def shutdown(self) -> None:
        """Cancel every job and stop the threads (a running job finishes its current step first)."""
        self._shut_down = True
        self.cancel_all()
        for executor in self._lanes.values():
            executor.shutdown(wait=True, cancel_futures=True)
        self._lanes.clear()
