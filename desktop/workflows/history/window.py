"""History: replay a pitch at a past date, the price of a capability level over time, the essay's claims.

One window, three tabs (Pitch > Replay at a past date…, View > Price history…, View > Essay claims…): the
replay (``replay_panel``), the history chart with its level selector (``HistoryChartPanel`` here; the chart
itself is :mod:`desktop.charts.history_chart`), and the essay's claims (``claims_panel``).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QSignalBlocker, Qt
from PySide6.QtWidgets import QButtonGroup, QHBoxLayout, QPushButton, QTabWidget, QVBoxLayout, QWidget

from core.formatting import format_money, format_month
from core.history_analysis import GPT4_LEVEL, LEVELS, CapabilityLevel, last_scored_date, unscored_models
from desktop.charts.history_chart import HistoryChart
from desktop.safety import plain_label, set_plain
from desktop.theme import scaled_font
from desktop.workflow import WorkflowContext, bring_to_front
from desktop.workflows.history.claims_panel import ClaimsPanel
from desktop.workflows.history.common import palette_theme
from desktop.workflows.history.replay_panel import ReplayPanel


class HistoryChartPanel(QWidget):
    """The level selector, the chart, the fit in words, and what the data cannot show."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.chart = HistoryChart(self)
        self.buttons: dict[str, QPushButton] = {}
        group = QButtonGroup(self)
        group.setExclusive(True)
        row = QHBoxLayout()
        row.addWidget(plain_label("Capability level:"))
        for level in LEVELS:
            button = QPushButton(level.label)
            button.setCheckable(True)
            # the level shown stands out in both themes (Fusion's checked button is nearly flat in dark)
            button.setStyleSheet(
                "QPushButton:checked { background: palette(highlight); color: palette(highlighted-text); "
                "border: 1px solid palette(highlight); border-radius: 3px; padding: 4px 8px; }"
            )
            button.clicked.connect(lambda _=False, lv=level: self._on_level_button_clicked(lv))
            group.addButton(button)
            self.buttons[level.label] = button
            row.addWidget(button)
        row.addStretch(1)
        self.fit_label = plain_label("")
        self.fit_label.setWordWrap(True)
        self.fit_label.setFont(scaled_font(self.font(), 1.15, bold=True))
        self.note = plain_label("")
        self.note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.chart, 1)
        layout.addWidget(self.fit_label)
        layout.addWidget(self.note)
        self.show_level(GPT4_LEVEL)

    def show_level(self, level: CapabilityLevel) -> None:
        with QSignalBlocker(self.buttons[level.label]):
            self.buttons[level.label].setChecked(True)
        self.chart.show_level(level)
        set_plain(self.fit_label, self._fit_text())
        set_plain(self.note, self._note_text(level))

    def _fit_text(self) -> str:
        points, fit = self.chart.points, self.chart.fit
        if not points:
            return ""
        first, last = points[0], points[-1]
        head = (
            f"From {format_money(first.price)} ({first.row.model}, {format_month(first.day)}) to "
            f"{format_money(last.price)} ({last.row.model}, {format_month(last.day)}): "
            f"{first.price / last.price:,.0f}x cheaper. "
        )
        if fit is None:
            return head + "The steps span less than a year: too short to fit a yearly rate."
        r2 = f", r² {fit.r_squared:.2f}" if fit.r_squared is not None else ""
        return head + (
            f"Fitted to its {fit.points} steps (least squares on log price): {fit.annual_factor:.1f}x cheaper a "
            f"year, {fit.annual_decline_fraction:.0%} a year{r2}."
        )

    def _note_text(self, level: CapabilityLevel) -> str:
        missing = unscored_models(level)
        horizon = last_scored_date(level)
        parts = [
            f"Price = Epoch AI's 3:1 blend of input and output list prices; the cheapest model scoring "
            f"{level.score_kind} ≥ {level.threshold:g} on each date, carried forward until the next change."
        ]
        if missing:
            shown = ", ".join(missing[:6]) + (", …" if len(missing) > 6 else "")
            when = (
                f" The last {level.score_kind} score in the data is dated {horizon.isoformat()}."
                if horizon
                else ""
            )
            parts.append(
                f"{len(missing)} models in the bundled history have no {level.score_kind} score ({shown}) and "
                f"cannot be placed on this level.{when} After it the line only carries forward: the true "
                "cheapest price may be lower."
            )
        parts.append(
            "Published rates are drawn from the first point: C2 Ng 4.72x/yr, C8 the essay's 60x by early "
            "2026, C10 5-10x/yr (band), C3 LLMflation 10x/yr."
        )
        return " ".join(parts)

    def _on_level_button_clicked(self, level: CapabilityLevel) -> None:
        self.show_level(level)


class HistoryWindow(QWidget):
    """Replay, History chart and Essay claims, as tabs of one window beside the main window."""

    TABS = ("replay", "history", "claims")

    def __init__(self, context: WorkflowContext, open_example: Callable[[str], None] | None = None) -> None:
        super().__init__(context.host, Qt.WindowType.Window)
        self.setObjectName("historyWindow")
        self.setWindowTitle("Price history — Compute Curve")
        self.setAttribute(Qt.WidgetAttribute.WA_QuitOnClose, False)
        self.replay = ReplayPanel(context.document, context.analysis, context.catalog)
        self.history = HistoryChartPanel()
        self.claims = ClaimsPanel(context.catalog, open_example)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.replay, "Replay")
        self.tabs.addTab(self.history, "History chart")
        self.tabs.addTab(self.claims, "Essay claims")
        self.tabs.currentChanged.connect(self._on_tabs_current_changed)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        self.resize(1400, 860)
        self.history.chart.set_theme(palette_theme())
        self._claims_done = False

    def show_tab(self, name: str) -> None:
        """Bring the window up on tab ``name`` (replay, history, claims)."""
        self.tabs.setCurrentIndex(self.TABS.index(name))
        self._refresh_current()
        self.show()
        bring_to_front(self)

    def _on_tabs_current_changed(self, _index: int) -> None:
        self._refresh_current()

    def _refresh_current(self) -> None:
        name = self.TABS[self.tabs.currentIndex()]
        if name == "replay":
            self.replay.show_replay()
        elif name == "claims" and not self._claims_done:
            self.claims.refresh()
            self._claims_done = True

    def event(self, e: QEvent) -> bool:
        if e.type() == QEvent.Type.ApplicationPaletteChange:
            self.history.chart.set_theme(palette_theme())
        return super().event(e)
