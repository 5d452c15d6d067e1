"""Presentation mode: the verdict, the projection and a few what-if sliders, readable from the back of a room.

F11 (View > Presentation mode) opens a full-screen, black, high-contrast window. On a machine with a second
screen (a projector) it opens there, and the main window stays on the laptop.

What it edits. The pitch open in the main window is the first slide, and it is the SAME document: every
slider and the tier switch edit it (a drag previews, its release commits one undo step), so the main
window follows and Ctrl+Z works in both windows. What it shows of that pitch is the analysis service's
analysis, the one every other view reads (never a second evaluation); another slide's pitch is analysed by
the same service on request. A hidden presentation draws nothing until it is shown again.

The deck and the model tiers: :mod:`desktop.workflows.presentation.deck`. A slider dragged past a range the
pitch gives widens the range (:mod:`desktop.what_if`), on every frame and on release alike.

Esc (or F11) leaves and returns to the main window.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from pydantic import ValidationError
from PySide6.QtCore import QSignalBlocker, QSize, Qt, QTimer
from PySide6.QtGui import (
    QCloseEvent,
    QFont,
    QFontInfo,
    QGuiApplication,
    QKeyEvent,
    QKeySequence,
    QResizeEvent,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QApplication,
    QButtonGroup,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLayout,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSlider,
    QSpacerItem,
    QVBoxLayout,
    QWidget,
)

from core.analysis import Analysis, failed
from core.compare import switch_models, switchable_blocks
from core.errors import PitchError
from core.formatting import format_drop, format_money, format_orders, needs_sentence
from core.pitch import CustomScenario, Pitch
from core.pitch_io import load_pitch, load_pitch_bytes
from core.resources import read_example
from core.scenarios import builtin_scenarios
from core.verdict import Verdict
from core.wording import arrival_window_text, verdict_headline
from desktop.charts.presentation_projection import PresentationProjection
from desktop.document import PitchDocument
from desktop.error_words import error_words, field_label, problems_text
from desktop.log_slider import LogSlider
from desktop.safety import plain_label, plain_tooltip, set_plain
from desktop.theme import VERDICT_COLORS, VERDICT_TEXT_COLORS, chart_theme
from desktop.what_if import undo_text, with_business_value
from desktop.workflow import WorkflowContext, bring_to_front
from desktop.workflows.presentation.deck import (
    TIERS,
    ModelTier,
    Slide,
    TierOffer,
    build_deck,
    current_tier,
    tier_offer,
)

PRICE_RANGE = (1.0, 100_000.0)  # USD per user-month: a $1 app to ten salaries
USAGE_RANGE = (0.1, 10.0)
# Type sizes below are pixels on a 1920x1080 window, scaled with the window (by the smaller of its height's
# and its width's ratio to these, so that a 16:10 or 4:3 screen gets type that fits its width too).
REFERENCE_SIZE = (1920.0, 1080.0)
CHART_TEXT_PX = 33  # axis ticks and titles, legend and labels: 22 px at 720p, for the back of a room
MIN_SIZE = QSize(640, 360)  # the window never asks for more than this: its type follows its size
GREY_BANNER = ("#555555", "#ffffff")


class _BigNumber(QFrame):
    """A huge number with a caption under it."""

    def __init__(self, caption: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.value = plain_label("")
        self.value.setObjectName("bigValue")
        self.caption = plain_label(caption)
        self.caption.setObjectName("bigCaption")
        self.caption.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.value)
        layout.addWidget(self.caption)
        layout.addStretch(1)


class PresentationWindow(QWidget):
    """Full-screen verdict, projection and what-if sliders over the main window's document and a deck."""

    def __init__(self, context: WorkflowContext) -> None:
        super().__init__(context.host, Qt.WindowType.Window)
        self.setObjectName("presentationWindow")
        self.setWindowTitle("Compute Curve — presentation")
        self.setAttribute(Qt.WidgetAttribute.WA_QuitOnClose, False)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self._context = context
        self.main_document = context.document
        self._service = context.analysis
        self._service.analysed.connect(self._on_service_analysed)
        self.slides: list[Slide] = []
        self.index = 0
        self._deck_key: object = None
        self._doc: PitchDocument | None = None
        self._stale = True  # the slide on screen changed while the window was hidden
        self._scenario_ids = list(builtin_scenarios())
        self.banner_color = ""
        self._unit = 1.0
        self._title_text = ""
        self.on_leave: Callable[[], None] | None = None
        self._build()
        self._apply_type()

    # -- construction -------------------------------------------------------------------------------
    def _build(self) -> None:
        self.setStyleSheet(_STYLE)
        self.title = plain_label("")
        self.title.setObjectName("title")
        self.position = plain_label("")
        self.position.setObjectName("position")
        self.position.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        # The date the prices are taken on, always in view: a window "between Jun and Aug 2026" announced in
        # December is a window that has passed (the arrival line then says so too).
        self.as_of = plain_label("")
        self.as_of.setObjectName("asOf")
        self.as_of.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.title.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        head = QHBoxLayout()
        head.setSpacing(24)
        head.addWidget(self.title, 1)
        head.addWidget(self.as_of, 0)
        head.addWidget(self.position, 0)

        # The verdict's words on the verdict's colour: the one thing to read from the back of the room.
        self.words = plain_label("")
        self.words.setObjectName("words")
        self.words.setWordWrap(True)
        self.cost = _BigNumber("cost per paying user-month")
        self.budget = _BigNumber("budget per paying user-month")
        self.drop = _BigNumber("")
        numbers = QHBoxLayout()
        numbers.setSpacing(48)
        for card in (self.cost, self.budget, self.drop):
            numbers.addWidget(card, 1)
        self.arrival = plain_label("")
        self.arrival.setObjectName("arrival")
        self.arrival.setWordWrap(True)

        self.chart = PresentationProjection(self)
        self.chart.set_theme(chart_theme("presentation"))
        self.chart.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

        controls = QWidget()
        controls.setObjectName("controls")
        grid = QVBoxLayout(controls)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setSpacing(6)
        self.scenario_label = plain_label("")
        self.scenario_label.setWordWrap(True)
        self.scenario_slider = QSlider(Qt.Orientation.Horizontal)
        self.scenario_slider.setRange(0, len(self._scenario_ids) - 1)
        self.scenario_slider.setPageStep(1)
        self.scenario_slider.setTickPosition(QSlider.TickPosition.TicksBelow)
        self.scenario_slider.setTickInterval(1)
        self.scenario_slider.valueChanged.connect(self._on_scenario_slider_value_changed)
        self.scenario_slider.sliderReleased.connect(self._on_scenario_slider_released)
        self.price_label = plain_label("")
        self.price_slider = LogSlider(*PRICE_RANGE)
        self.price_slider.previewed.connect(self._on_price_slider_previewed)
        self.price_slider.committed.connect(self._on_price_slider_committed)
        self.usage_label = plain_label("")
        self.usage_slider = LogSlider(*USAGE_RANGE)
        self.usage_slider.previewed.connect(self._on_usage_slider_previewed)
        self.usage_slider.committed.connect(self._on_usage_slider_committed)
        self.tier_label = plain_label("Model tier")
        self.tier_group = QButtonGroup(self)
        self.tier_group.setExclusive(False)  # "none" is a state too: blocks on different models
        self.tier_buttons: dict[str, QPushButton] = {}
        self.tier_offers: dict[str, TierOffer] = {}
        tiers = QGridLayout()
        tiers.setSpacing(10)
        for col, tier in enumerate(TIERS):
            button = QPushButton(tier.title)
            button.setCheckable(True)
            button.setObjectName("tier")
            # the column's width comes from the window, not from the longest price on a button
            button.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
            button.clicked.connect(lambda _=False, t=tier: self._on_tier_button_clicked(t))
            self.tier_group.addButton(button)
            self.tier_buttons[tier.key] = button
            tiers.addWidget(button, 0, col)
        self.tier_note = plain_label("")
        self.tier_note.setObjectName("note")
        self.tier_note.setWordWrap(True)
        self.slider_note = plain_label("")
        self.slider_note.setObjectName("note")
        self.slider_note.setWordWrap(True)
        self.slider_note.hide()  # shown when a drag leaves a range
        self._gaps: list[QSpacerItem] = []  # between the controls' groups, scaled with the type
        self._controls_layout = grid
        for label, slider in (
            (self.scenario_label, self.scenario_slider),
            (self.price_label, self.price_slider),
            (self.usage_label, self.usage_slider),
        ):
            label.setObjectName("control")
            grid.addWidget(label)
            grid.addWidget(slider)
            gap = QSpacerItem(0, 18, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Fixed)
            grid.addItem(gap)
            self._gaps.append(gap)
        self.tier_label.setObjectName("control")
        tier_head = QHBoxLayout()  # "Model tier  switches 2 blocks": the note beside its heading
        tier_head.setSpacing(12)
        tier_head.addWidget(self.tier_label, 0, Qt.AlignmentFlag.AlignBottom)
        tier_head.addWidget(self.tier_note, 1, Qt.AlignmentFlag.AlignBottom)
        grid.addLayout(tier_head)
        grid.addLayout(tiers)
        grid.addWidget(self.slider_note)
        grid.addStretch(1)
        # Keys belong to the deck (a clicker sends PageUp/PageDown, a keyboard the arrows): the controls are
        # mouse-driven and never take the focus.
        for w in (self.scenario_slider, self.price_slider, self.usage_slider, *self.tier_buttons.values()):
            w.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            w.setCursor(Qt.CursorShape.PointingHandCursor)
        self.controls = controls
        # A short window scrolls the controls rather than squeezing them over each other.
        self.controls_area = QScrollArea()
        self.controls_area.setObjectName("controlsArea")
        self.controls_area.setWidget(controls)
        self.controls_area.setWidgetResizable(True)
        self.controls_area.setFrameShape(QFrame.Shape.NoFrame)
        self.controls_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.controls_area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.controls_area.viewport().setAutoFillBackground(False)

        self.hint = plain_label(
            "← → or PgUp/PgDn: previous / next pitch    Esc: back to the editor    Ctrl+Z: undo"
        )
        self.hint.setObjectName("hint")

        middle = QHBoxLayout()
        middle.setSpacing(32)
        controls.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.controls_area.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        middle.addWidget(self.chart, 3)
        middle.addWidget(self.controls_area, 2)
        layout = QVBoxLayout(self)
        # The window's size comes from its screen, never from its contents: type sized for a 1080p screen must
        # not keep the window 942 px tall on a 720p projector (the type follows the size, in resizeEvent).
        layout.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
        self.setMinimumSize(MIN_SIZE)
        self._layout = layout
        layout.addLayout(head)
        layout.addWidget(self.words)
        layout.addLayout(numbers)
        layout.addWidget(self.arrival)
        layout.addLayout(middle, 1)
        layout.addWidget(self.hint)

    def _apply_type(self, size: QSize | None = None) -> None:
        """Type sizes in pixels, proportional to the window (1920x1080: the sizes written here).

        ``size``: the size the window is about to take (before it is shown on another screen), so that the
        layout never asks for more room than that screen has.
        """
        size = size or self.size()
        u = max(
            min(size.width() / REFERENCE_SIZE[0], size.height() / REFERENCE_SIZE[1]),
            MIN_SIZE.height() / REFERENCE_SIZE[1],
        )
        self._unit = u

        def px(pixels: float, bold: bool = False) -> QFont:
            f = QFont(QApplication.font())
            f.setPixelSize(max(12, round(pixels * u)))
            f.setBold(bold)
            return f

        self.title.setFont(px(30))
        self.as_of.setFont(px(30, bold=True))
        self.position.setFont(px(26))
        self.words.setFont(px(50, bold=True))
        for card in (self.cost, self.budget, self.drop):
            card.value.setFont(px(96, bold=True))
            card.caption.setFont(px(26))
        self.arrival.setFont(
            px(34, bold=True)
        )  # core's sentence on one line at 720p: the chart keeps its room
        for label in (self.scenario_label, self.price_label, self.usage_label, self.tier_label):
            label.setFont(px(28, bold=True))
        for button in self.tier_buttons.values():
            button.setFont(px(22, bold=True))  # "$15.00/$75.00", "from Feb 2026" fit a third of the panel
            button.setMinimumHeight(round(80 * u))
        self.tier_note.setFont(px(22))
        self.slider_note.setFont(px(22))
        self._controls_layout.setSpacing(max(2, round(6 * u)))
        for gap in self._gaps:
            gap.changeSize(0, round(12 * u), QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Fixed)
        self._controls_layout.invalidate()
        # The chart's text in pixels too (its scale is relative to the platform's font, never below it).
        default_px = QFontInfo(QApplication.font()).pixelSize() or 12
        self.chart.set_font_scale(max(1.0, CHART_TEXT_PX * u / default_px))
        self.hint.setFont(px(22))
        groove, handle = round(14 * u), round(40 * u)
        self.setStyleSheet(
            _STYLE
            + f"""
            QSlider {{ min-height: {handle + 2}px; }}
            QSlider::groove:horizontal {{ height: {groove}px; background: #555555; border-radius: {groove // 2}px; }}
            QSlider::sub-page:horizontal {{ background: #5fb4ff; border-radius: {groove // 2}px; }}
            QSlider::handle:horizontal {{ width: {handle}px; height: {handle}px; margin: -{(handle - groove) // 2}px 0;
                background: #ffffff; border-radius: {handle // 2}px; }}
            """
        )
        m = round(36 * u)
        self._layout.setContentsMargins(m, round(24 * u), m, round(18 * u))
        self._layout.setSpacing(round(14 * u))
        self._show_title()

    def _show_title(self, text: str | None = None) -> None:
        """The pitch's name, elided in the middle when the header has no room for all of it (the as-of date
        beside it is never squeezed out)."""
        if text is not None:
            self._title_text = text
        room = self.title.width() if self.title.width() > 0 else self.width() // 2
        shown = self.title.fontMetrics().elidedText(self._title_text, Qt.TextElideMode.ElideMiddle, room)
        set_plain(self.title, shown)
        self.title.setToolTip(plain_tooltip(self._title_text) if shown != self._title_text else "")

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._apply_type()
        QTimer.singleShot(0, self, lambda: self._show_title())  # once the header has its new widths

    # -- entering and leaving ---------------------------------------------------------------------
    def start(self, size: QSize | None = None, screen_of: QWidget | None = None) -> None:
        """Show the deck at the main window's pitch: full screen (on a second screen when there is one), or
        at ``size`` (tests, screenshots, and the offscreen platform, which has no full screen)."""
        key = (self.main_document, self.main_document.path)
        if key != self._deck_key:
            self.slides, self.index = build_deck(self.main_document)
            self._deck_key = key
        else:
            self.index = next(i for i, s in enumerate(self.slides) if s.live)
            self.slides[self.index].title = self.main_document.pitch.name
        if size is not None or QGuiApplication.platformName() == "offscreen":
            target = size or QSize(1920, 1080)
            self._apply_type(target)  # the type for the new size first: the layout never holds it larger
            self.go_to(self.index)
            self.resize(target)
            self.show()
        else:
            screens = QGuiApplication.screens()
            here = screen_of.screen() if screen_of is not None else None
            other = [s for s in screens if s is not here]
            screen = other[0] if other and here is not None else (here or QGuiApplication.primaryScreen())
            self._apply_type(screen.geometry().size())
            self.go_to(self.index)
            self.setScreen(screen)
            self.setGeometry(screen.geometry())
            self.showFullScreen()
        bring_to_front(self)
        self.setFocus()

    def leave(self) -> None:
        """Esc: back to the main window (a drag under way is dropped, not committed)."""
        if self._doc is not None:
            self._doc.cancel_preview()
        self.hide()
        if self.on_leave is not None:
            self.on_leave()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._doc is not None:
            self._doc.cancel_preview()
        super().closeEvent(event)

    # -- the deck ---------------------------------------------------------------------------------
    @property
    def document(self) -> PitchDocument | None:
        """The document on screen (the main window's on its own slide)."""
        return self._doc

    def go_to(self, index: int) -> None:
        """Show slide ``index`` (clamped), loading it the first time."""
        if not self.slides:
            return
        index = max(0, min(len(self.slides) - 1, index))
        if self._doc is not None:
            self._doc.cancel_preview()
            self._doc.pitch_changed.disconnect(self._on_document_pitch_changed)
        self.index = index
        slide = self.slides[index]
        if slide.document is None and not slide.error:
            try:
                if slide.example is not None:
                    pitch = load_pitch_bytes(read_example(slide.example), source=slide.example)
                else:
                    assert slide.path is not None
                    pitch = load_pitch(slide.path)
                slide.document = PitchDocument(pitch, slide.path, self)
                slide.title = pitch.name
            except PitchError as exc:
                slide.error = _load_error_words(slide, exc)
        self._doc = slide.document
        set_plain(self.position, f"{index + 1} / {len(self.slides)}")
        if self._doc is None:
            self._show_slide_error(slide)
            return
        self._doc.pitch_changed.connect(self._on_document_pitch_changed)
        self.controls.setEnabled(True)
        self.controls.show()
        self.controls_area.show()
        self._draw()

    def step(self, delta: int) -> None:
        self.go_to(self.index + delta)

    def _show_slide_error(self, slide: Slide) -> None:
        self._set_banner(*GREY_BANNER)
        self._show_title(slide.title)
        set_plain(self.as_of, "")
        set_plain(self.words, "This pitch cannot be shown")
        for card in (self.cost, self.budget, self.drop):
            set_plain(card.value, "—")
        set_plain(self.drop.caption, "")
        set_plain(self.arrival, slide.error)
        self.chart.show_analysis(failed(_placeholder(), PitchError(slide.error), today=self._service.today()))
        self.controls.setEnabled(False)
        self.controls.hide()  # its values belong to no pitch here
        self.controls_area.hide()

    # -- model -> view ----------------------------------------------------------------------------
    def _analysis_of(self, doc: PitchDocument) -> Analysis:
        """The slide's analysis: the service's own for the main document, a keyed request for a copy."""
        current = self._service.current
        if doc is self.main_document and current is not None and current.pitch is doc.pitch:
            return current
        return self._service.request(("slide", id(doc)), doc.pitch)

    def _draw(self) -> None:
        if self._doc is None:
            return
        if not self.isVisible():
            self._stale = True
            return
        self._stale = False
        self.show_pitch(self._doc.pitch)
        self.show_analysis(self._analysis_of(self._doc))

    def _on_document_pitch_changed(self, _pitch: Pitch) -> None:
        if self._doc is self.main_document:
            if self.isVisible():
                self.show_pitch(self.main_document.pitch)  # its numbers come with the service's analysis
            else:
                self._stale = True
        else:
            self._draw()

    def _on_service_analysed(self, analysis: Analysis) -> None:
        if self._doc is not self.main_document or analysis.pitch is not self.main_document.pitch:
            return
        if self.isVisible():
            self.show_analysis(analysis)
        else:
            self._stale = True

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self._draw()

    def show_pitch(self, pitch: Pitch) -> None:
        """Put the pitch's values on the controls (their signals blocked; a slider being dragged is left alone)."""
        self._show_title(pitch.name)
        b = pitch.business
        if not self.price_slider.isSliderDown():
            self.price_slider.set_value(b.price_per_user_month)
        set_plain(self.price_label, f"Price per user  {format_money(b.price_per_user_month)} / month")
        if not self.usage_slider.isSliderDown():
            self.usage_slider.set_value(b.usage_multiplier)
        set_plain(self.usage_label, f"Usage  ×{b.usage_multiplier:.3g}")
        scenario = pitch.scenario
        if isinstance(scenario, CustomScenario):
            text = f"Price decline: {scenario.name} (custom; move to pick a built-in one)"
        else:
            s = builtin_scenarios()[scenario]
            # the name without its parenthesis ("10x every 18-24 months"): two lines at most on a projector
            text = f"Price decline: {s.name.split(' (')[0]}"
            if not self.scenario_slider.isSliderDown():
                with QSignalBlocker(self.scenario_slider):
                    self.scenario_slider.setValue(self._scenario_ids.index(scenario))
        set_plain(self.scenario_label, text)
        today = self._service.today()
        day = pitch.effective_as_of(today)
        set_plain(self.as_of, self._as_of_text(day, today))
        tier = current_tier(pitch)
        for t in TIERS:
            offer = tier_offer(t, self._context.catalog, day)
            self.tier_offers[t.key] = offer
            button = self.tier_buttons[t.key]
            with QSignalBlocker(button):
                button.setChecked(tier is not None and tier.key == t.key)
            button.setText(f"{t.title}\n{offer.text}")
            # A tier whose model is not out yet on the pitch's date cannot be chosen (issue 11): disabled,
            # with the month it arrives on the button and the dates in its tooltip.
            button.setEnabled(offer.available)
            button.setToolTip(plain_tooltip(offer.tooltip))
        n = len(switchable_blocks(pitch))
        left = len(pitch.blocks) - n
        note = f"switches {n} block{'s' * (n != 1)}"
        if left:
            note += f"; {left} priced per call or typed in: unchanged"
        set_plain(self.tier_note, note)

    @staticmethod
    def _as_of_text(day: date, today: date) -> str:
        """``Prices as of 2026-03-23`` (the pitch's date), with today's date when that is another day."""
        if day == today:
            return f"Prices as of today, {day.isoformat()}"
        return f"Prices as of {day.isoformat()} · today {today.isoformat()}"

    def show_analysis(self, analysis: Analysis) -> None:
        """Draw the verdict with the pitch's own arrival, the numbers and the curve (core.wording and
        core.formatting, as every other screen)."""
        if self._doc is None or analysis.pitch is not self._doc.pitch:
            return  # a stale analysis of a pitch no longer on screen
        ev = analysis.evaluation
        self.chart.show_analysis(analysis)
        if ev is None:
            self._set_banner(*GREY_BANNER)
            set_plain(self.words, "The pitch has a problem to fix")
            for card in (self.cost, self.budget, self.drop):
                set_plain(card.value, "—")
            set_plain(self.drop.caption, "")
            set_plain(self.arrival, problems_text(analysis))
            return
        self._set_banner(VERDICT_COLORS[ev.verdict], VERDICT_TEXT_COLORS[ev.verdict])
        set_plain(self.words, verdict_headline(ev, analysis.today))
        # The two numbers the required drop divides: the cost per paying user and the budget.
        set_plain(self.cost.value, format_money(ev.cost_per_paying_user_month))
        set_plain(self.budget.value, format_money(ev.budget_per_user_month))
        if ev.verdict is Verdict.VIABLE_NOW:
            set_plain(self.drop.value, "Viable")
            set_plain(self.drop.caption, needs_sentence(ev.required_drop, ev.orders_of_magnitude, ev.verdict))
        else:
            set_plain(self.drop.value, format_drop(ev.required_drop, ev.orders_of_magnitude))
            set_plain(
                self.drop.caption,
                f"cheaper inference needed ({format_orders(ev.orders_of_magnitude)} orders of magnitude)",
            )
        set_plain(self.arrival, arrival_window_text(ev, analysis.today))

    def _set_banner(self, color: str, text_color: str) -> None:
        self.banner_color = color
        self.words.setStyleSheet(
            f"QLabel#words {{ background: {color}; color: {text_color}; border-radius: 12px; padding: 10px 22px; }}"
        )

    # -- user actions -> document -----------------------------------------------------------------
    def _business(self, key: str, value: float, *, commit: bool) -> None:
        """A slider's value: a preview on every frame of a drag, one undo step on release; a range it
        leaves widens (desktop.what_if), the same either way."""
        doc = self._doc
        if doc is None:
            return
        base = doc.preview_base
        try:
            pitch, note = with_business_value(base, key, value)
        except ValidationError:  # outside the field's own bounds: no slider offers one
            doc.cancel_preview()
            return
        set_plain(self.slider_note, f"Past the pitch's range: {note}" if note else "")
        self.slider_note.setHidden(not note)
        if commit:
            doc.edit(pitch, undo_text(key, note))
        else:
            doc.preview(pitch)

    def _on_price_slider_previewed(self, value: float) -> None:
        self._business("price_per_user_month", value, commit=False)

    def _on_price_slider_committed(self, value: float) -> None:
        self._business("price_per_user_month", value, commit=True)

    def _on_usage_slider_previewed(self, value: float) -> None:
        self._business("usage_multiplier", value, commit=False)

    def _on_usage_slider_committed(self, value: float) -> None:
        self._business("usage_multiplier", value, commit=True)

    def _on_scenario_slider_value_changed(self, position: int) -> None:
        doc = self._doc
        if doc is None:
            return
        sid = self._scenario_ids[position]
        if self.scenario_slider.isSliderDown():
            doc.preview_fields(scenario=sid)
        else:
            doc.edit_fields(f"Change scenario to {sid}", scenario=sid)

    def _on_scenario_slider_released(self) -> None:
        if self._doc is not None:
            sid = self._scenario_ids[self.scenario_slider.value()]
            self._doc.edit_fields(f"Change scenario to {sid}", scenario=sid)

    def _on_tier_button_clicked(self, tier: ModelTier) -> None:
        doc = self._doc
        if doc is None:
            return
        offer = self.tier_offers.get(tier.key)
        if offer is None or not offer.available:
            self.show_pitch(doc.pitch)  # not out yet on the pitch's date: nothing changes
            return
        try:
            switched = switch_models(doc.pitch, tier.model, self._context.catalog)
        except PitchError as exc:  # said in words beside the buttons; the pitch is unchanged
            self.show_pitch(doc.pitch)
            set_plain(self.tier_note, f"{tier.title} cannot be used: {error_words(doc.pitch, exc)}")
            return
        if not doc.edit(switched, f"Switch to the {tier.title.lower()} tier ({tier.model})"):
            self.show_pitch(doc.pitch)  # nothing changed: put the buttons back as they were

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key in (Qt.Key.Key_Right, Qt.Key.Key_PageDown, Qt.Key.Key_Down):
            self.step(1)
        elif key in (Qt.Key.Key_Left, Qt.Key.Key_PageUp, Qt.Key.Key_Up):
            self.step(-1)
        elif key == Qt.Key.Key_Home:
            self.go_to(0)
        elif key == Qt.Key.Key_End:
            self.go_to(len(self.slides) - 1)
        elif key in (Qt.Key.Key_Escape, Qt.Key.Key_F11):
            self.leave()
        elif event.matches(QKeySequence.StandardKey.Undo) and self._doc is not None:
            self._doc.undo_stack.undo()
        elif (
            event.matches(QKeySequence.StandardKey.Redo)
            or (
                key == Qt.Key.Key_Z
                and event.modifiers()
                == (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
            )
        ) and self._doc is not None:
            self._doc.undo_stack.redo()
        else:
            super().keyPressEvent(event)
            return
        event.accept()


def _load_error_words(slide: Slide, exc: PitchError) -> str:
    """Why a slide's file cannot be shown, in words: the file's name, the field's label, the reason."""
    name = slide.path.name if slide.path is not None else (slide.example or slide.title)
    place = field_label(exc.field) if exc.field else ""
    return f"{name}: {place}: {exc.message}" if place else f"{name}: {exc.message}"


def _placeholder() -> Pitch:
    return Pitch.model_validate(
        {
            "format": "computecurve.pitch",
            "schema_version": 2,
            "name": "(unreadable)",
            "business": {"price_per_user_month": 1.0, "target_gross_margin": 0.0},
            "blocks": [],
        }
    )


_STYLE = """
QWidget#presentationWindow { background: #000000; }
QScrollArea#controlsArea, QWidget#controls { background: transparent; }
QScrollArea#controlsArea QScrollBar:vertical { background: #111111; width: 10px; border: none; }
QScrollArea#controlsArea QScrollBar::handle:vertical { background: #555555; border-radius: 5px; min-height: 30px; }
QScrollArea#controlsArea QScrollBar::add-line, QScrollArea#controlsArea QScrollBar::sub-line { height: 0px; }
QWidget#presentationWindow QLabel { color: #ffffff; background: transparent; }
QLabel#title, QLabel#position, QLabel#bigCaption { color: #d0d0d0; }
QLabel#hint, QLabel#note { color: #a0a0a0; }
QWidget#presentationWindow QLabel:disabled { color: #666666; }
QPushButton#tier { color: #ffffff; background: #1c1c1c; border: 3px solid #777777; border-radius: 10px; padding: 4px 2px; }
QPushButton#tier:checked { background: #5fb4ff; color: #000000; border-color: #5fb4ff; }
QPushButton#tier:disabled { color: #9a9a9a; background: #000000; border: 3px dashed #555555; }
"""
