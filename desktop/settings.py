"""Settings (recent files, layout, theme) in the platform's config folder; logs and autosaves in its
data folder (platformdirs). ``COMPUTECURVE_HOME`` moves both (tests, portable installs)."""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path

from platformdirs import user_config_dir, user_data_dir

from core.pitch_io import atomic_write_bytes

APP = "computecurve"
MAX_RECENT = 10


def config_dir() -> Path:
    home = os.environ.get("COMPUTECURVE_HOME")
    return Path(home) / "config" if home else Path(user_config_dir(APP, appauthor=False))


def data_dir() -> Path:
    home = os.environ.get("COMPUTECURVE_HOME")
    return Path(home) / "data" if home else Path(user_data_dir(APP, appauthor=False))


@dataclass
class Settings:
    recent_files: list[str] = field(default_factory=list)
    last_document: str | None = None
    theme: str = "system"  # system | light | dark
    window_geometry: str = ""  # base64 of QMainWindow.saveGeometry()
    window_state: str = ""  # base64 of QMainWindow.saveState()
    layout_auto: bool = True  # the docks arranged by the window for its size (False: as the user left them)
    tour_done: bool = False

    @classmethod
    def load(cls) -> Settings:
        path = config_dir() / "settings.json"
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return cls()
        if not isinstance(raw, dict):
            return cls()
        s = cls()
        for key, value in raw.items():
            if key == "last_document":
                s.last_document = value if isinstance(value, str) else None
            elif hasattr(s, key) and isinstance(value, type(getattr(s, key))):
                setattr(s, key, value)
        s.recent_files = [p for p in s.recent_files if isinstance(p, str)][:MAX_RECENT]
        return s

    def save(self) -> None:
        folder = config_dir()
        folder.mkdir(parents=True, exist_ok=True)
        atomic_write_bytes(folder / "settings.json", json.dumps(asdict(self), indent=2).encode("utf-8"))

    def add_recent(self, path: Path) -> None:
        text = str(path.resolve())
        self.recent_files = [text] + [p for p in self.recent_files if p != text]
        del self.recent_files[MAX_RECENT:]
        self.last_document = text
