"""The "How is this computed?" panel: contract section 2 with the current pitch's numbers, step by step.

The content is :func:`core.explain.explain` of the analysis service's analysis (the engine's own values,
made once per pitch change); this module only lays it out: each
step's formula, the numbers substituted and the result in a monospace block, titles and sources around
them. Every text is escaped before it goes into the rich-text view, so a block named ``<img src=x>`` shows
exactly those characters. The panel follows the document live (it re-renders on every evaluation while it
is visible, keeping its scroll position; a hidden panel draws nothing) and is a non-modal window the user
can keep beside the main one.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QTimer
from PySide6.QtGui import QColor, QFontDatabase, QGuiApplication, QPalette, QShowEvent
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QPushButton, QTextBrowser, QVBoxLayout

from core.analysis import Analysis
from core.explain import Explanation, Step, explain, explanation_text
from desktop.error_words import problems_text
from desktop.field_widgets import caption_label, section_label
from desktop.safety import html_escape
from desktop.theme import scaled_font
from desktop.workflow import Shot, WorkflowContext

SHORTCUT = "Ctrl+Shift+H"  # H for "how"; Ctrl+H alone is the system's Hide on macOS (Cmd+H)
INTRO = (
    "Every number on screen, computed as the contract's section 2 says, with this pitch's own numbers. "
    "Each step shows its formula, the numbers put in, and the result. It follows your edits as you make them."
)


def _aligned(step: Step) -> list[str]:
    """The formula, then ``= substituted`` and ``= value`` with their ``=`` under the formula's."""
    lines = step.formula.splitlines() or [""]
    first = lines[0]
    at = first.find(" = ")
    indent = " " * (at + 1) if at >= 0 else "  "
    return [*lines, f"{indent}= {step.substituted}", f"{indent}= {step.value}"]


def _blend(fg: QColor, bg: QColor, t: float) -> str:
    """``fg`` moved ``t`` of the way to ``bg``: a secondary text colour that is opaque in both themes (the
    palette's PlaceholderText is translucent, and rich text drops the alpha)."""
    mix = [round(a + (b - a) * t) for a, b in zip(fg.getRgb()[:3], bg.getRgb()[:3], strict=True)]
    return QColor(*mix).name()


def explanation_html(expl: Explanation, palette: QPalette, mono_family: str) -> str:
    """The explanation as rich text; every piece of text in it is escaped."""
    esc = html_escape
    secondary = _blend(palette.color(QPalette.ColorRole.Text), palette.color(QPalette.ColorRole.Base), 0.4)
    box = palette.color(QPalette.ColorRole.AlternateBase).name()
    accent = palette.color(QPalette.ColorRole.Highlight).name()
    mono = f"font-family:'{esc(mono_family)}', monospace; white-space:pre-wrap; margin:0"
    out = [
        f"<h2 style='margin-bottom:2px'>{esc(expl.name)}</h2>",
        f"<p style='color:{secondary}; margin-top:0'>Prices as of {esc(expl.as_of.isoformat())} · "
        f"{esc(expl.catalog_version)} · all money in USD</p>",
    ]
    for section in expl.sections:
        out.append(f"<h3 style='color:{accent}; margin-bottom:0'>{esc(section.title)}</h3>")
        if section.subtitle:
            out.append(f"<p style='color:{secondary}; margin-top:2px'>{esc(section.subtitle)}</p>")
        for step in section.steps:
            lines = _aligned(step)
            body = "\n".join(esc(line) for line in lines[:-1])
            value = esc(lines[-1])
            out.append(f"<p style='margin-bottom:2px; margin-top:8px'><b>{esc(step.title)}</b></p>")
            out.append(
                f"<table width='100%' cellpadding='6' cellspacing='0' style='background-color:{box}'>"
                f'<tr><td><pre style="{mono}">{body}\n<b>{value}</b></pre></td></tr></table>'
            )
            if step.note:
                out.append(f"<p style='color:{secondary}; margin-top:2px'>{esc(step.note)}</p>")
    if expl.blocks_not_detailed:
        out.append(
            f"<p>{expl.blocks_not_detailed:,} more blocks are counted in the sums above but not "
            "detailed here.</p>"
        )
    return "\n".join(out)


class ExplainPanel(QDialog):
    """A non-modal window showing how the current pitch's numbers are computed."""

    def __init__(self, context: WorkflowContext) -> None:
        super().__init__(context.host)
        self.setObjectName("explainPanel")
        self.setWindowTitle("How is this computed?")
        self._analysis: Analysis | None = context.analysis.current
        self._explanation: Explanation | None = None
        self._stale = True
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)  # one render per burst of evaluations (a slider drag)
        self._timer.timeout.connect(self._render)

        heading = section_label("How is this computed?")
        heading.setContentsMargins(0, 0, 0, 0)
        heading.setFont(scaled_font(heading.font(), 1.2, bold=True))
        intro = caption_label(INTRO)
        self.browser = QTextBrowser()
        self.browser.setObjectName("explainBrowser")
        self.browser.setOpenLinks(False)
        self.browser.setOpenExternalLinks(False)
        self.browser.setUndoRedoEnabled(False)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.copy_button = QPushButton("Copy as text")
        self.copy_button.setToolTip("Copy every step, as plain text, to the clipboard")
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.copy_button.clicked.connect(self._on_copy_button_clicked)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(intro)
        layout.addWidget(self.browser, 1)
        layout.addWidget(buttons)
        self.resize(980, 760)
        context.analysis.analysed.connect(self._on_service_analysed)

    # -- model -> view ----------------------------------------------------------------------------------
    def show_analysis(self, analysis: Analysis | None) -> None:
        """Draw ``analysis`` (now when visible, else when next shown)."""
        self._analysis = analysis
        self._stale = True
        if self.isVisible():
            self._timer.start()

    def _render(self) -> None:
        self._stale = False
        analysis = self._analysis
        bar = self.browser.verticalScrollBar()
        keep = bar.value()
        if analysis is None:
            self._explanation = None
            self.browser.setPlainText("Loading the price catalog…")
            return
        if analysis.evaluation is None or analysis.prepared is None:
            self._explanation = None
            self.browser.setPlainText(
                "This pitch cannot be evaluated until the problem is fixed:\n\n" + problems_text(analysis, 20)
            )
            return
        self._explanation = explain(analysis.prepared, analysis.evaluation)
        mono = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont).family()
        self.browser.setHtml(explanation_html(self._explanation, self.palette(), mono))
        bar.setValue(min(keep, bar.maximum()))

    def explanation(self) -> Explanation | None:
        """What is on screen (drawn first when it is stale)."""
        if self._stale:
            self._render()
        return self._explanation

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self._render()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange and self._analysis is not None:
            self._stale = True  # the colours of the text follow the theme
            if self.isVisible():
                self._timer.start()

    # -- user actions -----------------------------------------------------------------------------------
    def _on_service_analysed(self, analysis: Analysis) -> None:
        self.show_analysis(analysis)

    def _on_copy_button_clicked(self) -> None:
        expl = self.explanation()
        text = explanation_text(expl) if expl is not None else self.browser.toPlainText()
        QGuiApplication.clipboard().setText(text)


def install(context: WorkflowContext) -> ExplainPanel:
    """Help > How is this computed? (Ctrl+Shift+H) and the screenshot view ``explain``."""
    explain_panel = ExplainPanel(context)
    context.closing.connect(explain_panel.close)  # a window of its own: it closes with the app

    def open_panel() -> None:
        if explain_panel.isVisible() and explain_panel.isWindow():
            explain_panel.raise_()
            explain_panel.activateWindow()
        else:
            explain_panel.show()

    action = context.menus.action(
        "&How is this computed?",
        open_panel,
        tip="Every formula with this pitch's numbers, down to each block's cost per call",
        shortcut=SHORTCUT,
        name="explainAction",
    )
    context.menus.add("&Help", action)
    context.views.register("explain", lambda: Shot(explain_panel, embed=True))
    return explain_panel
