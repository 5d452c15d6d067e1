"""The open document: one current :class:`~core.pitch.Pitch` value, its file, and its undo history.

Every edit is a new pitch value pushed as a named undo command ("Change output tokens of Agent loop");
undo restores the previous value. An edit that changes nothing pushes nothing. A slider drag previews
values without touching the history and commits one step when the drag ends.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from core.pitch import FeatureBlock, Pitch, with_changes
from core.pitch_io import load_pitch, save_pitch


class _SetPitch(QUndoCommand):
    def __init__(self, doc: PitchDocument, before: Pitch, after: Pitch, text: str) -> None:
        super().__init__(text)
        self._doc = doc
        self._before = before
        self._after = after

    def redo(self) -> None:
        self._doc._set(self._after)

    def undo(self) -> None:
        self._doc._set(self._before)


class PitchDocument(QObject):
    """Holds the current pitch; views read it, handlers send edits to it."""

    pitch_changed = Signal(object)  # Pitch
    path_changed = Signal(object)  # Path | None
    dirty_changed = Signal(bool)
    saved = Signal(object)  # Path: the file now holds the document's pitch
    replaced = Signal()  # another document (New, Open): a fresh history

    def __init__(self, pitch: Pitch, path: Path | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pitch = pitch
        self._preview_base: Pitch | None = None
        self._path = path
        self.undo_stack = QUndoStack(self)
        self.undo_stack.cleanChanged.connect(self._on_undo_stack_clean_changed)

    def _on_undo_stack_clean_changed(self, clean: bool) -> None:
        self.dirty_changed.emit(not clean)

    # -- reading ----------------------------------------------------------------------------------
    @property
    def pitch(self) -> Pitch:
        return self._pitch

    @property
    def path(self) -> Path | None:
        return self._path

    @property
    def dirty(self) -> bool:
        return not self.undo_stack.isClean()

    @property
    def preview_base(self) -> Pitch:
        """The pitch a drag started from (the current pitch when no drag is under way): each frame of a
        drag is worked out from it, so the release commits what one step from it would."""
        return self._preview_base or self._pitch

    # -- editing ----------------------------------------------------------------------------------
    def _set(self, pitch: Pitch) -> None:
        if pitch == self._pitch:
            # The same value (a drag's release commits the pitch its last frame previewed): every view
            # already shows it, and the analysis service made its one analysis of it. The object on
            # screen stays the document's, so views that recognise their pitch by identity still do.
            return
        self._pitch = pitch
        self.pitch_changed.emit(pitch)

    def edit(self, new: Pitch, text: str) -> bool:
        """Make ``new`` the current pitch as one undoable step; False (and no step) if nothing changed."""
        before = self._preview_base or self._pitch
        self._preview_base = None
        if new == before:
            if self._pitch != before:  # a preview that ended where it started
                self._set(before)
            return False
        self.undo_stack.push(_SetPitch(self, before, new, text))
        return True

    def preview(self, new: Pitch) -> None:
        """Show ``new`` while a drag is under way, without an undo step (``edit`` commits it)."""
        if self._preview_base is None:
            self._preview_base = self._pitch
        if new != self._pitch:
            self._set(new)

    def preview_fields(self, **changes: Any) -> None:
        """Preview top-level field changes (a drag over the scenarios), from the drag's start."""
        self.preview(with_changes(self.preview_base, **changes))

    def cancel_preview(self) -> None:
        if self._preview_base is not None:
            base, self._preview_base = self._preview_base, None
            self._set(base)

    def edit_fields(self, text: str, **changes: Any) -> bool:
        """Change top-level pitch fields (``name``, ``as_of``, ``scenario``, ...)."""
        return self.edit(with_changes(self._pitch, **changes), text)

    def edit_business(self, text: str, **changes: Any) -> bool:
        business = with_changes(self._pitch.business, **changes)
        return self.edit(with_changes(self._pitch, business=business), text)

    def edit_block(self, index: int, text: str, **changes: Any) -> bool:
        block = with_changes(self._pitch.blocks[index], **changes)
        return self.replace_block(index, block, text)

    def replace_block(self, index: int, block: FeatureBlock, text: str) -> bool:
        blocks = list(self._pitch.blocks)
        blocks[index] = block
        return self.edit(with_changes(self._pitch, blocks=tuple(blocks)), text)

    def set_blocks(self, blocks: list[FeatureBlock], text: str) -> bool:
        return self.edit(with_changes(self._pitch, blocks=tuple(blocks)), text)

    def insert_block(self, index: int, block: FeatureBlock) -> bool:
        blocks = list(self._pitch.blocks)
        blocks.insert(index, block)
        return self.set_blocks(blocks, f"Add {block.name}")

    def remove_block(self, index: int) -> bool:
        blocks = list(self._pitch.blocks)
        removed = blocks.pop(index)
        return self.set_blocks(blocks, f"Remove {removed.name}")

    def duplicate_block(self, index: int) -> bool:
        blocks = list(self._pitch.blocks)
        copy = with_changes(blocks[index], name=_copy_name(blocks[index].name, {b.name for b in blocks}))
        blocks.insert(index + 1, copy)
        return self.set_blocks(blocks, f"Duplicate {blocks[index].name}")

    def move_block(self, index: int, to: int) -> bool:
        blocks = list(self._pitch.blocks)
        if not (0 <= to < len(blocks)) or to == index:
            return False
        block = blocks.pop(index)
        blocks.insert(to, block)
        return self.set_blocks(blocks, f"Move {block.name}")

    # -- files ------------------------------------------------------------------------------------
    def replace(self, pitch: Pitch, path: Path | None) -> None:
        """Start over on another document (New / Open): a fresh history, clean."""
        self._preview_base = None
        self.undo_stack.clear()
        self._path = path
        self._set(pitch)
        self.undo_stack.setClean()
        self.path_changed.emit(path)
        self.dirty_changed.emit(False)
        self.replaced.emit()

    def replace_unsaved(self, pitch: Pitch, path: Path | None) -> None:
        """Start over on a pitch the file does not hold (recovered work whose file is gone or unreadable):
        a fresh history with no saved state in it, so the document stays unsaved until it is saved."""
        self.replace(pitch, path)
        self.undo_stack.resetClean()
        self.dirty_changed.emit(True)

    def open(self, path: Path) -> None:
        """Load ``path``; raises PitchError and leaves the current document untouched on failure."""
        pitch = load_pitch(path)
        self.replace(pitch, path)

    def save(self, path: Path | None = None) -> Path:
        """Save atomically to ``path`` (or the current path), writing today's date if ``as_of`` is absent."""
        target = path or self._path
        if target is None:
            raise ValueError("no file name to save to")
        if self._pitch.as_of is None:
            # The contract writes an absent as_of as today's date: make that an edit of its own, so the
            # saved file, the window and the undo history agree.
            self.edit(
                with_changes(self._pitch, as_of=self._pitch.effective_as_of()), "Set the as-of date to today"
            )
        pitch = self._pitch
        save_pitch(pitch, target)
        self._path = target
        self.undo_stack.setClean()
        self.path_changed.emit(target)
        self.saved.emit(target)
        return target


def _copy_name(name: str, taken: set[str]) -> str:
    base = f"{name} (copy)"
    candidate, n = base, 2
    while candidate in taken:
        candidate = f"{name} (copy {n})"
        n += 1
    return candidate[:1000]
