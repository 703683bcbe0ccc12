"""The camera preview: the latest frame, the face boxes with their emotion, and the camera state.

Frames arrive as ``QImage`` copies made on the perception thread. When the camera is paused,
off, starting or lost, the preview says so in words instead of showing a stale picture.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QImage, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from moodplayer.moods import Mood


@dataclass(frozen=True)
class FaceMark:
    """A face to draw: its box in frame pixels, its strongest emotion and probability."""

    x: int
    y: int
    width: int
    height: int
    mood: Mood
    probability: float
    primary: bool


class CameraView(QWidget):
    """Shows the camera with face boxes, or a message about the camera's state."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._image: QImage | None = None
        self._faces: list[FaceMark] = []
        self._message = "Camera off"
        self._live = False
        self._show_frames = True
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(200, 150)
        self.setAccessibleName("Camera preview")

    def sizeHint(self) -> QSize:
        return QSize(480, 360)

    @property
    def message(self) -> str:
        """What the preview says instead of a picture ('' while live)."""
        return self._message

    @property
    def live(self) -> bool:
        """Whether frames are being shown."""
        return self._live

    def set_show_frames(self, show: bool) -> None:
        """Hide the picture (privacy) while keeping the face boxes and the state."""
        self._show_frames = show
        self.update()

    def show_frame(self, image: QImage, faces: list[FaceMark]) -> None:
        """Show a new frame (already a copy owned by the GUI thread) with its faces."""
        self._image = image
        self._faces = faces
        self._live = True
        self._message = ""
        self.update()

    def show_message(self, message: str) -> None:
        """Replace the picture by a message (paused, starting, lost, off...)."""
        self._message = message
        self._live = False
        self._faces = []
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), QColor("#14161a"))
        if self._live and self._image is not None and not self._image.isNull():
            target = self._fit(self._image.size())
            if self._show_frames:
                painter.drawImage(target, self._image)
            else:
                painter.setPen(QColor("#9aa3ad"))
                painter.drawText(target, Qt.AlignmentFlag.AlignCenter, "Preview hidden")
            self._paint_faces(painter, target)
            self._paint_live_badge(painter)
        else:
            painter.setPen(QColor("#d8dde3"))
            font = QFont(painter.font())
            font.setPointSizeF(font.pointSizeF() * 1.2)
            painter.setFont(font)
            painter.drawText(QRectF(self.rect()).adjusted(16, 16, -16, -16),
                             Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
                             self._message)
        painter.end()

    def _fit(self, size: QSize) -> QRectF:
        scale = min(self.width() / max(1, size.width()), self.height() / max(1, size.height()))
        width, height = size.width() * scale, size.height() * scale
        return QRectF((self.width() - width) / 2, (self.height() - height) / 2, width, height)

    def _paint_faces(self, painter: QPainter, target: QRectF) -> None:
        if self._image is None:
            return
        scale = target.width() / max(1, self._image.width())
        for face in self._faces:
            box = QRectF(target.left() + face.x * scale, target.top() + face.y * scale,
                         face.width * scale, face.height * scale)
            colour = QColor(face.mood.colour)
            painter.setPen(QPen(colour, 3 if face.primary else 1.5))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(box, 6, 6)
            label = f"{face.mood.display_name} {face.probability:.0%}"
            metrics = painter.fontMetrics()
            text_width = metrics.horizontalAdvance(label) + 12
            tag = QRectF(box.left(), max(target.top(), box.top() - metrics.height() - 6),
                         text_width, metrics.height() + 6)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(colour)
            painter.drawRoundedRect(tag, 4, 4)
            painter.setPen(QColor("#111111"))
            painter.drawText(tag, Qt.AlignmentFlag.AlignCenter, label)

    def _paint_live_badge(self, painter: QPainter) -> None:
        badge = QRectF(10, 10, 62, 22)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(0, 0, 0, 150))
        painter.drawRoundedRect(badge, 11, 11)
        painter.setBrush(QColor("#ff3b30"))
        painter.drawEllipse(QPointF(badge.left() + 12, badge.center().y()), 5, 5)
        painter.setPen(QColor("#ffffff"))
        painter.drawText(badge.adjusted(20, 0, 0, 0), Qt.AlignmentFlag.AlignVCenter, "LIVE")


def palette_is_dark(palette: QPalette) -> bool:
    """Whether the palette is a dark theme (window darker than its text)."""
    return (palette.color(QPalette.ColorRole.Window).lightness()
            < palette.color(QPalette.ColorRole.WindowText).lightness())
