"""Prices: install newer genai-prices data offline, go back to the bundled data, see what is in use (contract 6.5).

The Prices menu:

* **Update from file…**: a genai-prices data file (the JSON genai-prices publishes for its own updates) is
  checked and installed by :func:`core.price_data.install_price_data`, off the GUI thread
  (:mod:`desktop.background`, through the analysis service's one background). It is validated before anything is
  written: a bad file gets a clear message naming the file and the reason, and nothing changes.
* **Use the bundled prices**: :func:`core.price_data.reset_price_data`.
* **About the price data…**: which data is in use (:meth:`core.price_data.PriceDataInfo.describe`), its date and
  its age, and a warning past 90 days.

After an install or a reset the catalog has reloaded itself (``core.catalog.default_catalog``); the plug-in asks
the analysis service to list the models again and re-analyse the current pitch
(:meth:`~desktop.analysis_service.AnalysisService.reload_catalog`). Nothing here touches the network.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from core.errors import PitchError
from core.price_data import (
    STALE_AFTER_DAYS,
    PriceDataInfo,
    install_price_data,
    price_data_info,
    reset_price_data,
)
from core.sources import price_data_age
from desktop.background import Ticket
from desktop.field_widgets import caption_label, section_label
from desktop.safety import plain_label, set_plain
from desktop.theme import scaled_font
from desktop.workflow import Shot, WorkflowContext

INSTALL_KEY = ("prices", "install")
FILE_FILTER = "genai-prices data (*.json);;All files (*)"


def _install(path: Path) -> PriceDataInfo | str:
    """Worker thread: install the file; a refused file is its reason in words (not an exception to log)."""
    try:
        return install_price_data(path)
    except PitchError as exc:
        return exc.message


class PriceDataDialog(QDialog):
    """About the price data: what is in use, its date and age; the two ways to change it."""

    def __init__(self, controller: PricesController, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("priceDataDialog")
        self.setWindowTitle("About the price data")
        self._controller = controller
        layout = QVBoxLayout(self)
        heading = section_label("The price data in use")
        heading.setContentsMargins(0, 0, 0, 0)
        heading.setFont(scaled_font(heading.font(), 1.2, bold=True))
        layout.addWidget(heading)
        self.version = plain_label()
        self.version.setFont(scaled_font(self.version.font(), 1.0, bold=True))
        self.version.setWordWrap(True)
        self.age = plain_label()
        self.age.setWordWrap(True)
        self.stale = plain_label()
        self.stale.setObjectName("priceDataStale")
        self.stale.setWordWrap(True)
        self.stale.setFont(scaled_font(self.stale.font(), 1.0, bold=True))
        self.details = caption_label()
        self.details.setWordWrap(True)
        for label in (self.version, self.age, self.stale, self.details):
            layout.addWidget(label)
        layout.addWidget(
            caption_label(
                "Current prices come from genai-prices' data; nothing is fetched over the network. Newer data is "
                "the JSON file genai-prices publishes for its own updates (prices/new_data/v2/data.json in its "
                "repository): Update from file… checks it and installs it; the bundled data stays, to go back to."
            )
        )
        layout.addStretch(1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.update_button = QPushButton("Update from file…")
        self.reset_button = QPushButton("Use the bundled prices")
        buttons.addButton(self.update_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.reset_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.update_button.clicked.connect(lambda _=False: controller.update_from_file_dialog())
        self.reset_button.clicked.connect(lambda _=False: controller.use_bundled())
        buttons.rejected.connect(self.close)
        layout.addWidget(buttons)
        self.resize(720, 330)

    def show_info(self, info: PriceDataInfo) -> None:
        today = self._controller.today()
        days = (today - info.data_date).days
        set_plain(self.version, info.version)
        age = price_data_age(info, today)
        set_plain(self.age, f"Prices known to {info.data_date.isoformat()}: the {age}.")
        stale = days > STALE_AFTER_DAYS
        set_plain(
            self.stale,
            f"More than {STALE_AFTER_DAYS} days old: a pitch dated after {info.data_date.isoformat()} is priced at "
            "the newest known prices."
            if stale
            else "",
        )
        self.stale.setVisible(stale)
        set_plain(self.details, info.describe())
        self.reset_button.setEnabled(info.updated)
        self.update_button.setEnabled(not self._controller.installing)


class PricesController(QObject):
    """The Prices menu's actions, the install under way, and the About-the-price-data dialog."""

    changed = Signal(object)  # PriceDataInfo, after an install or a reset
    refused = Signal(str)  # why a file was not installed (nothing changed)

    def __init__(self, context: WorkflowContext) -> None:
        super().__init__(context.host)
        self.setObjectName("prices")
        self._context = context
        self._background = context.analysis.background
        self._background.done.connect(self._on_background_done)
        self._installing: Path | None = None
        self.dialog: PriceDataDialog | None = None
        self.reset_action: QAction | None = None

    def today(self) -> date:
        return self._context.analysis.today()

    @property
    def installing(self) -> bool:
        return self._installing is not None

    # -- user actions ---------------------------------------------------------------------------------
    def update_from_file_dialog(self) -> None:
        """Prices > Update from file…: pick a genai-prices data file, then install it."""
        name, _ = QFileDialog.getOpenFileName(
            self._context.host, "Install genai-prices data", "", FILE_FILTER
        )
        if name:
            self.install(Path(name))

    def install(self, path: Path) -> None:
        """Check and install ``path`` off the GUI thread; :attr:`changed` or :attr:`refused` follows."""
        self._installing = path
        self._context.show_status(f"Checking {path.name}…")
        self._show_dialog_info()
        self._background.submit(INSTALL_KEY, _install, path, lane="prices")

    def use_bundled(self) -> None:
        """Prices > Use the bundled prices (a quick file removal: done at once)."""
        try:
            info = reset_price_data()
        except PitchError as exc:
            self._refuse("Cannot go back to the bundled prices", exc.message)
            return
        self._applied(info, "Back to the prices bundled with the app")

    def show_about(self) -> PriceDataDialog:
        """Prices > About the price data…"""
        if self.dialog is None:
            self.dialog = PriceDataDialog(self, self._context.host)
        self.dialog.show_info(price_data_info())
        if not self.dialog.isVisible():
            self.dialog.show()
        return self.dialog

    # -- results --------------------------------------------------------------------------------------
    def _on_background_done(self, ticket: Ticket, result: object) -> None:
        if ticket.key != INSTALL_KEY or self._installing is None:
            return
        path, self._installing = self._installing, None
        if isinstance(result, PriceDataInfo):
            self._applied(result, f"Installed {path.name}")
        else:
            self._refuse(
                "Cannot install the price data",
                f"{path.name} was not installed: {result}\n\nNothing changed: the prices in use are still "
                f"{price_data_info().version}.",
            )

    def _applied(self, info: PriceDataInfo, what: str) -> None:
        self._context.show_status(f"{what}: prices now {info.version}. The pitch is re-analysed.")
        self._context.analysis.reload_catalog()  # the models listed again, then the pitch analysed
        self._show_dialog_info()
        self.changed.emit(info)

    def _refuse(self, title: str, words: str) -> None:
        self._show_dialog_info()
        self.refused.emit(words)
        self._context.report_error(title, words)

    def _show_dialog_info(self) -> None:
        if self.dialog is not None:
            self.dialog.show_info(price_data_info())

    def _on_menu_about_to_show(self) -> None:
        if self.reset_action is not None:
            self.reset_action.setEnabled(price_data_info().updated)

    def close_dialog(self) -> None:
        if self.dialog is not None:
            self.dialog.close()


def install(context: WorkflowContext) -> PricesController:
    """Prices > Update from file…, Use the bundled prices, About the price data…; the ``prices`` view."""
    controller = PricesController(context)
    context.closing.connect(controller.close_dialog)
    menus = context.menus
    update = menus.action(
        "&Update from file…",
        controller.update_from_file_dialog,
        tip="Install a genai-prices data file, offline: checked first, nothing changes if it is not valid",
        name="pricesUpdateAction",
    )
    reset = menus.action(
        "Use the &bundled prices",
        controller.use_bundled,
        tip="Go back to the prices bundled with the app (genai-prices' own data)",
        name="pricesResetAction",
    )
    about = menus.action(
        "&About the price data…",
        controller.show_about,
        tip="Which price data is in use, its date and its age",
        name="pricesAboutAction",
    )
    controller.reset_action = reset
    menus.add("&Prices", update)
    menus.add("&Prices", reset)
    menus.add("&Prices", about, separator=True)
    menus.menu("&Prices").aboutToShow.connect(controller._on_menu_about_to_show)
    context.views.register("prices", lambda: Shot(controller.show_about(), embed=True))
    return controller
