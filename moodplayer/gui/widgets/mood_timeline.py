"""The mood timeline: the last minutes as a coloured strip, with manual and no-face stretches.

Each segment is a stretch of time with one mood in force. Manual choices are drawn with a
white top line and an "M" marker; stretches with no face are hatched. Time runs left to right,
now at the right edge.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QBrush, QColor, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from moodplayer.moods import Mood


@dataclass
class TimelineSegment:
    """A stretch of wall-clock time ``[start, end)`` with one mood and how it was chosen."""

    start: float
    end: float
    mood: Mood | None
    manual: bool = False
    face_seen: bool = True


class MoodTimeline(QWidget):
    """A strip of the last ``span_seconds`` of moods."""

    def __init__(self, span_seconds: float = 300.0, clock: Callable[[], float] = time.monotonic,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.span_seconds = span_seconds
        self._clock = clock
        self._segments: list[TimelineSegment] = []
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setMinimumHeight(34)
        self.setAccessibleName("Mood timeline")

    def sizeHint(self) -> QSize:
        return QSize(600, 40)

    def segments(self) -> list[TimelineSegment]:
        """The recorded segments, oldest first."""
        return list(self._segments)

    def record(self, mood: Mood | None, *, manual: bool = False, face_seen: bool = True) -> None:
        """Note the state now; extends the last segment or starts a new one."""
        now = self._clock()
        last = self._segments[-1] if self._segments else None
        if last and (last.mood, last.manual, last.face_seen) == (mood, manual, face_seen):
            last.end = now
        else:
            if last:
                last.end = now
            self._segments.append(TimelineSegment(now, now, mood, manual, face_seen))
        horizon = now - self.span_seconds
        self._segments = [s for s in self._segments if s.end >= horizon] or self._segments[-1:]
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        now = self._clock()
        rect = QRectF(self.rect()).adjusted(0, 12, 0, 0)
        palette = self.palette()
        background = palette.color(QPalette.ColorRole.Mid)
        background.setAlpha(50)
        painter.fillRect(rect, background)
        scale = rect.width() / self.span_seconds
        for segment in self._segments:
            end = now if segment is self._segments[-1] else segment.end
            left = rect.right() - (now - segment.start) * scale
            right = rect.right() - (now - end) * scale
            if right < rect.left():
                continue
            box = QRectF(max(left, rect.left()), rect.top(), max(1.0, right - left), rect.height())
            colour = QColor(segment.mood.colour) if segment.mood else QColor("#777777")
            painter.fillRect(box, colour)
            if not segment.face_seen:
                painter.fillRect(box, QBrush(QColor(255, 255, 255, 140),
                                             Qt.BrushStyle.BDiagPattern))
            if segment.manual:
                painter.setPen(QPen(palette.color(QPalette.ColorRole.WindowText), 2))
                painter.drawLine(box.topLeft(), box.topRight())
        painter.setPen(palette.color(QPalette.ColorRole.WindowText))
        font = painter.font()
        font.setPixelSize(10)
        painter.setFont(font)
        minutes = int(self.span_seconds // 60)
        painter.drawText(QRectF(0, 0, self.width(), 12), Qt.AlignmentFlag.AlignLeft,
                         f"−{minutes} min")
        painter.drawText(QRectF(0, 0, self.width(), 12), Qt.AlignmentFlag.AlignRight, "now")
        painter.drawText(QRectF(0, 0, self.width(), 12), Qt.AlignmentFlag.AlignHCenter,
                         "mood timeline · hatched: no face · line on top: chosen by hand")
        painter.end()
