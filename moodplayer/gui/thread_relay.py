"""Handing a call from a worker thread to the GUI thread, safely.

A plain Python thread (the library's loader, the camera finder) must not emit a signal of a
``QObject`` that the GUI thread may delete meanwhile (a closed dialog): that can crash.
:func:`call_on_gui_thread` instead emits on one relay object that lives as long as the
application, and the call runs on the GUI thread; a call whose object is gone by then (Qt raises
``RuntimeError``) is dropped.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal, Slot

log = logging.getLogger(__name__)


class _Relay(QObject):
    deliver = Signal(object)

    def __init__(self) -> None:
        super().__init__()
        self.deliver.connect(self._run, Qt.ConnectionType.QueuedConnection)

    @Slot(object)
    def _run(self, call: Callable[[], None]) -> None:
        try:
            call()
        except RuntimeError as error:  # its widget was deleted meanwhile
            log.debug("a call for a deleted object was dropped: %s", error)


_relay: _Relay | None = None
_lock = threading.Lock()


def prepare_relay() -> None:
    """Make the relay on the GUI thread (call from GUI code before any worker uses it)."""
    global _relay
    with _lock:
        if _relay is None:
            _relay = _Relay()
            application = QCoreApplication.instance()
            if application is not None:
                _relay.moveToThread(application.thread())


def call_on_gui_thread(call: Callable[[], None]) -> None:
    """Run ``call`` soon on the GUI thread; may be called from any thread."""
    if _relay is None:
        raise RuntimeError("prepare_relay() must be called on the GUI thread first")
    _relay.deliver.emit(call)
