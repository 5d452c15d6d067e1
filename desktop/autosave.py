"""Autosave and crash recovery.

While a document has unsaved changes it is written, a few seconds after the last edit, to a recovery
file in the user data folder. A clean save or an explicit "discard" removes that session's recovery
file; anything else (a crash, a killed process) leaves it, and the next start offers to recover it.
A recovery file is never deleted without the user having chosen so.

Recovered work is the session's recovery file from then on (:meth:`Autosaver.adopt`), kept until the user
saves or discards it: undoing the recovery (back to the file's own content) does not delete it, so the
recovered work, which is then only in the redo history, is never lost.
"""

from __future__ import annotations

import json
import os
import uuid
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import shiboken6
from PySide6.QtCore import QLockFile, QObject, QTimer

from core.errors import PitchError
from core.pitch import Pitch
from core.pitch_io import (
    atomic_write_bytes,
    load_pitch,
    parse_json_bytes,
    pitch_from_document,
    pitch_to_document,
)
from desktop.document import PitchDocument
from desktop.file_errors import file_error_words
from desktop.settings import data_dir

AUTOSAVE_DELAY_MS = 2000
RECOVERY_FORMAT = "computecurve.recovery"


def recovery_dir() -> Path:
    return data_dir() / "recovery"


@dataclass(frozen=True)
class Recovery:
    """An autosaved document found at start-up."""

    path: Path
    pitch: Pitch | None
    original: Path | None
    saved_at: str
    error: str = ""

    @property
    def title(self) -> str:
        name = self.pitch.name if self.pitch else "(unreadable)"
        where = f" ({self.original})" if self.original else " (never saved)"
        return f"{name}{where}, autosaved {self.saved_at}"


def _owner_alive(path: Path) -> bool:
    """Whether the session that writes ``path`` is still running (it holds the file's lock)."""
    lock = QLockFile(str(path) + ".lock")
    if lock.tryLock(0):  # free, or left by a process that died (Qt removes such stale locks)
        lock.unlock()
        return False
    return True


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:  # removed by its session while we looked
        return 0.0


def find_recoveries() -> list[Recovery]:
    """Recovery files left by sessions that did not end cleanly, newest first.

    A file whose session is still running (another window of Compute Curve) is not a recovery: it is that
    window's own safety net, and is skipped.
    """
    folder = recovery_dir()
    if not folder.is_dir():
        return []
    out = []
    for path in sorted(folder.glob("*.recovery.json"), key=_mtime, reverse=True):
        if _owner_alive(path):
            continue
        try:
            doc = parse_json_bytes(path.read_bytes())
            if not isinstance(doc, dict) or doc.get("format") != RECOVERY_FORMAT:
                raise PitchError("not a recovery file")
            pitch = pitch_from_document(doc.get("pitch"))
            original = Path(doc["original"]) if isinstance(doc.get("original"), str) else None
            out.append(Recovery(path, pitch, original, str(doc.get("saved_at", ""))))
        except PitchError as exc:
            # in the user's words: the block by its name, the field by its label (desktop/file_errors.py)
            out.append(Recovery(path, None, None, "", file_error_words(exc.with_file(path.name))))
        except OSError as exc:
            out.append(Recovery(path, None, None, "", f"{path.name}: {exc.strerror or exc}"))
    return out


def discard_recovery(recovery: Recovery) -> None:
    """Delete a recovery file (only when the user chose to)."""
    recovery.path.unlink(missing_ok=True)


class Autosaver(QObject):
    """Writes the document's unsaved state to this session's recovery file, debounced."""

    def __init__(
        self, document: PitchDocument, delay_ms: int = AUTOSAVE_DELAY_MS, parent: QObject | None = None
    ):
        super().__init__(parent)
        self.document = document
        self.session = uuid.uuid4().hex[:12]
        self.path = recovery_dir() / f"{os.getpid()}-{self.session}.recovery.json"
        self._keep_until_saved = False  # the file holds recovered work: only a save or a discard removes it
        # Held while this session runs, so another window never mistakes our autosave for a crash's.
        self._lock = QLockFile(str(self.path) + ".lock")
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(delay_ms)
        self._timer.timeout.connect(self.write_now)
        # indexChanged, not pitch_changed: the stack has moved (and knows it is dirty) by then.
        document.undo_stack.indexChanged.connect(self._on_undo_stack_index_changed)
        document.dirty_changed.connect(self._on_document_dirty_changed)
        document.replaced.connect(self._on_document_replaced)

    def _on_undo_stack_index_changed(self, _index: int) -> None:
        if not shiboken6.isValid(self.document.undo_stack):
            return  # the stack clears itself while the window is being destroyed
        if self.document.dirty:
            self._timer.start()

    def _on_document_dirty_changed(self, dirty: bool) -> None:
        if not dirty:
            # Saved, or back to the saved state by undo: the file on disk has this content. Recovered work
            # stays in its recovery file until the user saves or discards it (it is still in the redo history).
            self._timer.stop()
            if not self._keep_until_saved:
                self.remove()

    def _on_document_replaced(self) -> None:
        if self._keep_until_saved:
            # Another document: the recovered work stays in its file (offered again at the next start);
            # this session's own autosaves go to a file of their own.
            self.release()
            self._keep_until_saved = False
            self.session = uuid.uuid4().hex[:12]
            self.path = recovery_dir() / f"{os.getpid()}-{self.session}.recovery.json"
            self._lock = QLockFile(str(self.path) + ".lock")

    def adopt(self, recovery_path: Path) -> None:
        """Make an earlier session's recovery file this session's (its work was recovered into the window):
        written to from now on, held by this session's lock, kept until the user saves or discards."""
        self.remove()
        self.path = recovery_path
        self._lock = QLockFile(str(recovery_path) + ".lock")
        self._lock.tryLock(0)  # the dead session's lock is stale: Qt takes it over
        self._keep_until_saved = True

    def write_now(self) -> Path | None:
        """Write the recovery file now (also called by the error hook)."""
        self._timer.stop()
        if not self.document.dirty:
            return None
        doc = {
            "format": RECOVERY_FORMAT,
            "original": str(self.document.path) if self.document.path else None,
            "saved_at": datetime.now().isoformat(timespec="seconds"),
            "pitch": pitch_to_document(self.document.pitch),
        }
        self.path.parent.mkdir(parents=True, exist_ok=True)
        if not self._lock.isLocked():
            self._lock.tryLock(0)
        atomic_write_bytes(self.path, json.dumps(doc, ensure_ascii=False, indent=1).encode("utf-8"))
        return self.path

    def remove(self) -> None:
        """This session's recovery file is no longer needed (saved, or discarded by the user)."""
        self._timer.stop()
        self._keep_until_saved = False
        self.path.unlink(missing_ok=True)
        if self._lock.isLocked():
            self._lock.unlock()

    def release(self) -> None:
        """Give up the session's lock without removing the file (the session ends; a crashed process's
        lock goes the same way), and write nothing more."""
        self._timer.stop()
        if self._lock.isLocked():
            self._lock.unlock()

    @property
    def pending(self) -> bool:
        return self._timer.isActive()


def recover_into(document: PitchDocument, autosaver: Autosaver, recovery: Recovery) -> bool:
    """Load autosaved work into ``document`` as unsaved changes on top of its file's real content.

    The saved state is what the file holds (loaded from it), so Undo shows the file and Save writes the
    recovered work into it; the recovery file becomes this session's (``autosaver`` adopts it) and is kept
    until the user saves or discards (undoing the recovery does not delete it). A file that is gone or
    unreadable leaves the recovered work as an unsaved document with no saved state. False (and the
    recovery file discarded) when the file already holds this work; ``recovery.pitch`` must not be None.
    """
    assert recovery.pitch is not None
    base: Pitch | None = None
    if recovery.original is not None:
        try:
            base = load_pitch(recovery.original)
        except (PitchError, OSError):
            base = None
    if base is not None:
        document.replace(base, recovery.original)
        changed = document.edit(recovery.pitch, "Recover autosaved changes")
    else:
        document.replace_unsaved(recovery.pitch, recovery.original)
        changed = True
    if not changed:  # the file already holds this work: nothing to recover
        discard_recovery(recovery)
        return False
    autosaver.adopt(recovery.path)
    autosaver.write_now()
    return True
