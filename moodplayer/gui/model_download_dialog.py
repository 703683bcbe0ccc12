"""Downloading DeepFace's emotion model from the settings, with progress and a Cancel button.

The download runs on a ``QThread`` (:class:`ModelDownload`) through
:func:`moodplayer.perception.model_download.download_deepface_emotion`, which tries each source
with a short timeout and never leaves a partial file. Cancelling makes the next progress report
raise :class:`DownloadCancelled` inside the download, which removes its temporary file; the
dialog waits for that before it closes. Without a network the dialog says so plainly.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QThread, Signal, Slot
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QProgressBar,
    QVBoxLayout,
    QWidget,
)

from moodplayer.paths import AppPaths

log = logging.getLogger(__name__)


class DownloadCancelled(Exception):
    """Raised from the progress callback to stop a download the listener cancelled."""


class ModelDownload(QThread):
    """Downloads the model once; reports ``progress``, then ``succeeded``, ``failed`` or
    ``cancelled``."""

    progress = Signal(int, int)  # bytes received, total (-1 when unknown)
    succeeded = Signal(str)      # where the model is
    failed = Signal(str)         # why not, and what to do
    cancelled = Signal()

    def __init__(self, paths: AppPaths, urls: Sequence[str] | None = None,
                 timeout: float | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("model-download")
        self.paths = paths
        self.urls = urls
        self.timeout = timeout
        self._cancel_requested = False

    def cancel(self) -> None:
        """Stop at the next chunk (or when the current connection attempt ends)."""
        self._cancel_requested = True

    def run(self) -> None:
        from moodplayer.perception.model_download import DownloadError, download_deepface_emotion

        def report(received: int, total: int | None) -> None:
            if self._cancel_requested:
                raise DownloadCancelled
            self.progress.emit(received, -1 if total is None else total)

        options: dict[str, object] = {}
        if self.urls is not None:
            options["urls"] = tuple(self.urls)
        if self.timeout is not None:
            options["timeout"] = self.timeout
        try:
            if self._cancel_requested:
                raise DownloadCancelled
            path = download_deepface_emotion(self.paths, progress=report, **options)  # type: ignore[arg-type]
        except DownloadCancelled:
            self.cancelled.emit()
        except DownloadError as error:
            if self._cancel_requested:
                self.cancelled.emit()
            else:
                self.failed.emit(str(error))
        except Exception as error:  # reported, never lost with the thread
            log.exception("downloading the DeepFace emotion model failed")
            self.failed.emit(f"The download failed: {error}")
        else:
            if self._cancel_requested:
                # finished just as Cancel was pressed: the listener asked for no model
                with contextlib.suppress(OSError):
                    path.unlink()
                self.cancelled.emit()
            else:
                self.succeeded.emit(str(path))


def _megabytes(count: int) -> str:
    return f"{count / 1e6:.1f} MB"


class ModelDownloadDialog(QDialog):
    """Shows the download's progress; Cancel stops it; the outcome is shown in words."""

    def __init__(self, paths: AppPaths, parent: QWidget | None = None, *,
                 urls: Sequence[str] | None = None, timeout: float | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Download DeepFace's emotion model")
        self.setObjectName("modelDownloadDialog")
        self.setModal(True)
        self.outcome = ""  # "downloaded", "failed" or "cancelled" once over
        self.model_path: Path | None = None
        self.status = QLabel("Connecting…")
        self.status.setObjectName("downloadStatus")
        self.status.setWordWrap(True)
        self.status.setMinimumWidth(420)
        self.bar = QProgressBar()
        self.bar.setRange(0, 0)
        self.bar.setAccessibleName("Download progress")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.rejected.connect(self.cancel)
        layout = QVBoxLayout(self)
        intro = QLabel("DeepFace's emotion model (about 6 MB) is read from GitHub or Hugging "
                       "Face and checked before it is used. Nothing else is sent.")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        layout.addWidget(self.bar)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)
        self.download = ModelDownload(paths, urls, timeout, self)
        self.download.progress.connect(self._progress)
        self.download.succeeded.connect(self._succeeded)
        self.download.failed.connect(self._failed)
        self.download.cancelled.connect(self._cancelled)
        self.download.start()

    @property
    def running(self) -> bool:
        """Whether the download thread is still working."""
        return self.download.isRunning()

    @Slot(int, int)
    def _progress(self, received: int, total: int) -> None:
        if total > 0:
            self.bar.setRange(0, total)
            self.bar.setValue(received)
            self.status.setText(f"Downloading… {_megabytes(received)} of {_megabytes(total)}")
        else:
            self.bar.setRange(0, 0)
            self.status.setText(f"Downloading… {_megabytes(received)}")

    @Slot(str)
    def _succeeded(self, path: str) -> None:
        self.outcome = "downloaded"
        self.model_path = Path(path)
        self.bar.setRange(0, 1)
        self.bar.setValue(1)
        self.status.setText(f"Done: the model is in {path}. Choose it under Emotion model.")
        self._finish()

    @Slot(str)
    def _failed(self, message: str) -> None:
        self.outcome = "failed"
        self.bar.hide()
        self.status.setText(message)
        self._finish()
        self.adjustSize()

    @Slot()
    def _cancelled(self) -> None:
        self.outcome = "cancelled"
        self.status.setText("Cancelled. Nothing was kept.")
        self.download.wait(2000)
        self.done(QDialog.DialogCode.Rejected)

    def _finish(self) -> None:
        self.download.wait(2000)
        self.buttons.clear()
        self.buttons.addButton(QDialogButtonBox.StandardButton.Close)

    @Slot()
    def cancel(self) -> None:
        """Stop the download (the dialog closes once it has stopped)."""
        if self.download.isRunning():
            self.status.setText("Cancelling…")
            self.buttons.setEnabled(False)
            self.download.cancel()
        else:
            self.reject()

    def stop_and_wait(self, timeout_ms: int = 15000) -> bool:
        """Cancel a running download and wait for its thread; true once it has ended."""
        if self.download.isRunning():
            self.download.cancel()
        return self.download.wait(timeout_ms)

    def reject(self) -> None:
        if self.download.isRunning():
            self.cancel()
            return
        super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.download.isRunning():
            self.cancel()
            event.ignore()
            return
        super().closeEvent(event)
