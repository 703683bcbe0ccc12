"""Settings > Camera: which camera (or video file or stream), its resolution, and a live preview
of the choice.

The cameras that open are listed in the background. When none is found the page says so and
lets a video file or a stream URL be typed instead. The preview shows the chosen source: the
running camera's own frames when it is the one already in use, else the source opened just for
the preview (stopped when the page is left).
"""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QTimer, Slot
from PySide6.QtGui import QHideEvent, QImage, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from moodplayer.gui.camera_preview import CameraFinder, SourcePreview
from moodplayer.gui.settings_pages.fields import BoolField, FieldForm, NumberField, help_label
from moodplayer.gui.widgets.camera_view import CameraView
from moodplayer.settings import CameraSettings, Settings

if TYPE_CHECKING:
    from moodplayer.gui.controller import Controller

OTHER_SOURCE = "other"
RESOLUTIONS = ((320, 240), (640, 480), (800, 600), (1280, 720), (1920, 1080))
VIDEO_FILTER = "Videos (*.mp4 *.avi *.mkv *.mov *.webm *.m4v *.mpg *.mpeg *.wmv);;All files (*)"
NO_CAMERA_TEXT = ("No camera was found on this computer. Type a video file or a stream URL "
                  "below, or use Mood Player without a camera and choose moods by hand.")


def resolution_key(width: int, height: int) -> str:
    """How a resolution is kept in the list: ``WxH``."""
    return f"{width}x{height}"


def source_problem(text: str) -> str:
    """Why a typed video file or stream URL cannot be used ('' when it can)."""
    from moodplayer.perception.frame_source import SourceSpec

    if not text.strip():
        return "type a video file or a stream URL, or choose a camera"
    spec = SourceSpec.parse(text)
    if spec.kind == "stream":
        scheme, _, rest = str(spec.target).partition("://")
        if not scheme.isalnum() or not rest.strip("/"):
            return f"{text.strip()!r} is not a complete stream URL (like rtsp://host/stream)"
        return ""
    if spec.kind == "file":
        path = Path(str(spec.target))
        if not path.exists():
            return f"there is no file {path}"
        if not path.is_file():
            return f"{path} is a folder, not a video file"
    return ""


class CameraPage(QWidget):
    """The camera page of the settings dialog."""

    title = "Camera"

    def __init__(self, controller: Controller, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.cameras: list[Any] = []
        self.cameras_listed = False
        self._source = "0"
        self._preview: SourcePreview | None = None
        self._watching_main = False
        self._previewed = ""

        self.choice = QComboBox()
        self.choice.setObjectName("camera_choice")
        self.choice.setAccessibleName("Camera")
        self.finder_status = QLabel("Looking for cameras…")
        self.finder_status.setWordWrap(True)
        self.source_edit = QLineEdit()
        self.source_edit.setObjectName("camera_source")
        self.source_edit.setPlaceholderText("A video file (clip.mp4) or a stream URL (rtsp://…)")
        self.source_edit.setAccessibleName("Video file or stream URL")
        self.browse = QPushButton("Browse…")
        self.browse.setObjectName("camera_browse")
        source_row = QHBoxLayout()
        source_row.addWidget(self.source_edit, 1)
        source_row.addWidget(self.browse)

        self.resolution = QComboBox()
        self.resolution.setObjectName("camera_resolution")
        self.resolution.setAccessibleName("Resolution")
        self.fps = NumberField("camera", "fps", suffix=" fps")
        self.show_preview = BoolField("camera", "show_preview",
                                      "Show the camera picture in the main window")
        form = FieldForm()
        form.add("Frame rate", self.fps)
        form.add("", self.show_preview, "When off, the main window shows the face box and "
                 "the mood without the picture.")
        self.form = form

        source_box = QGroupBox("Source")
        source_layout = QVBoxLayout(source_box)
        source_layout.addWidget(self.choice)
        source_layout.addWidget(self.finder_status)
        source_layout.addLayout(source_row)
        source_layout.addWidget(help_label(
            "A camera index, a video file or a stream URL. Frames are analysed in memory and "
            "never saved."))
        resolution_row = QHBoxLayout()
        resolution_row.addWidget(QLabel("Resolution:"))
        resolution_row.addWidget(self.resolution, 1)
        source_layout.addLayout(resolution_row)
        source_layout.addWidget(help_label(
            "The size asked of the camera; faces are found on a smaller copy, so more is rarely "
            "better."))
        source_layout.addWidget(form)
        source_layout.addStretch(1)

        self.preview = CameraView()
        self.preview.setObjectName("camera_preview")
        self.preview.setMinimumSize(240, 180)
        self.preview.show_message("Preview")
        preview_box = QGroupBox("Preview of the choice")
        preview_layout = QVBoxLayout(preview_box)
        preview_layout.addWidget(self.preview, 1)

        layout = QHBoxLayout(self)
        layout.addWidget(source_box, 1)
        layout.addWidget(preview_box, 1)

        self.preview_timer = QTimer(self)
        self.preview_timer.setSingleShot(True)
        self.preview_timer.setInterval(350)
        self.preview_timer.timeout.connect(self._refresh_preview)
        self.choice.currentIndexChanged.connect(self._choice_changed)
        self.source_edit.textChanged.connect(lambda _text: self.preview_timer.start())
        self.resolution.currentIndexChanged.connect(lambda _index: self.preview_timer.start())
        self.browse.clicked.connect(self._browse)

        self.finder = CameraFinder(self)
        self.finder.found.connect(self._cameras_found)
        self.finder.start()

    # ----------------------------------------------------------------------- settings

    def load(self, settings: Settings) -> None:
        camera = settings.camera
        self._source = camera.source
        self._fill_choices()
        self._fill_resolutions(camera.width, camera.height)
        self.form.load(settings)

    def store(self, settings: Settings) -> None:
        camera = settings.camera
        camera.source = self.chosen_source()
        camera.width, camera.height = self.chosen_resolution()
        self.form.store(settings)

    def problems(self) -> list[tuple[QWidget, str]]:
        found = self.form.problems()
        if self.choice.currentData() == OTHER_SOURCE:
            problem = source_problem(self.source_edit.text())
            if problem:
                found.insert(0, (self.source_edit, f"Camera source: {problem}"))
        return found

    def chosen_resolution(self) -> tuple[int, int]:
        """The (width, height) chosen."""
        width, _, height = str(self.resolution.currentData()).partition("x")
        return int(width), int(height)

    def choose_resolution(self, width: int, height: int) -> None:
        """Select a resolution (added to the list when it is not a usual one)."""
        self._fill_resolutions(width, height)

    def chosen_source(self) -> str:
        """The source as the settings store it: an index, a file or a URL."""
        data = self.choice.currentData()
        if data == OTHER_SOURCE or data is None:
            return self.source_edit.text().strip()
        return str(data)

    def choose_source(self, source: str) -> None:
        """Select ``source`` (an index among the choices, or typed as a file/URL)."""
        self._source = source
        self._fill_choices()

    # ----------------------------------------------------------------------- choices

    def _fill_choices(self) -> None:
        source = self._source.strip()
        self.choice.blockSignals(True)
        self.choice.clear()
        indices = []
        for info in self.cameras:
            self.choice.addItem(f"Camera {info.index} — {info.name} ({info.width}×{info.height})",
                                str(info.index))
            indices.append(str(info.index))
        running = (self._main_source() or "").strip()
        for index in dict.fromkeys(i for i in (running, source) if i.isdigit()):
            if index in indices:
                continue
            # the camera in use cannot be opened a second time to list it
            where = ("in use" if index == running
                     else "not found now" if self.cameras_listed else "looking…")
            self.choice.addItem(f"Camera {index} ({where})", index)
            indices.append(index)
        self.choice.addItem("Video file or stream URL…", OTHER_SOURCE)
        if source.isdigit():
            self.choice.setCurrentIndex(self.choice.findData(source))
        else:
            self.choice.setCurrentIndex(self.choice.findData(OTHER_SOURCE))
            if source:
                self.source_edit.setText(source)
        self.choice.blockSignals(False)
        self._choice_changed()

    def _fill_resolutions(self, width: int, height: int) -> None:
        self.resolution.blockSignals(True)
        self.resolution.clear()
        sizes = list(RESOLUTIONS)
        if (width, height) not in sizes:
            sizes.append((width, height))
            sizes.sort()
        for w, h in sizes:
            self.resolution.addItem(f"{w} × {h}", resolution_key(w, h))
        self.resolution.setCurrentIndex(self.resolution.findData(resolution_key(width, height)))
        self.resolution.blockSignals(False)

    @Slot(list)
    def _cameras_found(self, cameras: list[Any]) -> None:
        current = self.chosen_source() if self.choice.count() else self._source
        self.cameras = cameras
        self.cameras_listed = True
        if cameras:
            names = ", ".join(f"camera {c.index}" for c in cameras)
            self.finder_status.setText(f"Found {names}.")
        else:
            self.finder_status.setText(NO_CAMERA_TEXT)
        self._source = current or self._source
        self._fill_choices()

    @Slot()
    def _choice_changed(self) -> None:
        other = self.choice.currentData() == OTHER_SOURCE
        self.source_edit.setEnabled(other)
        self.browse.setEnabled(other)
        self.preview_timer.start()

    @Slot()
    def _browse(self) -> None:
        name, _filter = QFileDialog.getOpenFileName(self, "Choose a video file", "",
                                                    VIDEO_FILTER)
        if name:
            self.source_edit.setText(name)

    # ----------------------------------------------------------------------- preview

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.preview_timer.start()

    def hideEvent(self, event: QHideEvent) -> None:
        super().hideEvent(event)
        self.stop_preview()

    def _main_source(self) -> str | None:
        """The source the running camera reads, when it is running and not paused."""
        perception = self.controller.perception
        if perception is None or not perception.isRunning():
            return None
        pipeline = perception.pipeline
        if pipeline is not None and pipeline.paused:
            return None
        return self.controller.options.camera or self.controller.context.settings.camera.source

    @Slot()
    def _refresh_preview(self) -> None:
        if not self.isVisible():
            return
        source = self.chosen_source()
        size = self.chosen_resolution()
        key = f"{source}@{size}"
        if key == self._previewed and (self._preview is not None or self._watching_main):
            return
        self.stop_preview()
        self._previewed = key
        if self.choice.currentData() == OTHER_SOURCE and source_problem(source):
            self.preview.show_message(f"Nothing to preview: {source_problem(source)}")
            return
        main = self._main_source()
        perception = self.controller.perception
        if main is not None and main.strip() == source and perception is not None:
            perception.frame_ready.connect(self._main_frame)
            self._watching_main = True
            self.preview.show_message(f"Showing {source} (in use)…")
            return
        camera = CameraSettings(source=source, width=size[0], height=size[1],
                                fps=int(self.fps.value()))
        self._preview = SourcePreview(source, camera, self)
        self._preview.frame.connect(self._preview_frame)
        self._preview.failed.connect(self._preview_failed)
        self.preview.show_message(f"Opening {source}…")
        self._preview.start()

    def stop_preview(self) -> None:
        """Stop showing frames (the preview's own source is released)."""
        self.preview_timer.stop()
        self._previewed = ""
        if self._watching_main and self.controller.perception is not None:
            with contextlib.suppress(RuntimeError, TypeError):
                self.controller.perception.frame_ready.disconnect(self._main_frame)
        self._watching_main = False
        preview, self._preview = self._preview, None
        if preview is not None:
            preview.frame.disconnect(self._preview_frame)
            preview.failed.disconnect(self._preview_failed)
            preview.stop()
            preview.deleteLater()

    @Slot(QImage, list, float, float)
    def _main_frame(self, image: QImage, readings: list[Any], fps: float,
                    analysis_ms: float) -> None:
        if not image.isNull():
            self.preview.show_frame(image, [])

    @Slot(object)
    def _preview_frame(self, image: QImage) -> None:
        self.preview.show_frame(image, [])

    @Slot(str)
    def _preview_failed(self, message: str) -> None:
        self.preview.show_message(message)

    def shutdown(self) -> None:
        """Stop the preview; called when the dialog closes."""
        self.stop_preview()
