"""Seven horizontal bars: the probabilities the model gives the primary face, live."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QSizePolicy, QWidget

from moodplayer.moods import MOOD_ORDER


class EmotionBars(QWidget):
    """Bars for ``angry ... neutral``; greyed out while no face is seen."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._values: list[float] = [0.0] * len(MOOD_ORDER)
        self._active = False
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.setMinimumHeight(7 * 16)
        self.setAccessibleName("Emotion probabilities")

    def sizeHint(self) -> QSize:
        return QSize(260, 7 * 22)

    def values(self) -> list[float]:
        """The probabilities shown, in mood order."""
        return list(self._values)

    def set_probabilities(self, values: Sequence[float] | None) -> None:
        """Show these seven probabilities, or grey the bars out when ``None`` (no face)."""
        if values is None:
            self._active = False
        else:
            self._values = [max(0.0, min(1.0, float(v))) for v in values]
            self._active = True
        best = max(range(7), key=lambda i: self._values[i])
        self.setToolTip(", ".join(
            f"{m.value} {v:.0%}" for m, v in zip(MOOD_ORDER, self._values, strict=True)))
        self.setAccessibleDescription(
            f"Strongest: {MOOD_ORDER[best].display_name} {self._values[best]:.0%}"
            if self._active else "No face")
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        text_colour = palette.color(QPalette.ColorRole.WindowText)
        track = palette.color(QPalette.ColorRole.Mid)
        track.setAlpha(60)
        row_height = self.height() / len(MOOD_ORDER)
        label_width = min(96.0, self.width() * 0.34)
        value_width = 40.0
        font = painter.font()
        font.setPixelSize(max(10, min(14, int(row_height * 0.55))))
        painter.setFont(font)
        for row, (mood, value) in enumerate(zip(MOOD_ORDER, self._values, strict=True)):
            top = row * row_height
            painter.setPen(text_colour)
            painter.drawText(QRectF(0, top, label_width - 6, row_height),
                             Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight,
                             mood.display_name)
            bar_left = label_width
            bar_width = max(10.0, self.width() - label_width - value_width)
            bar = QRectF(bar_left, top + row_height * 0.22, bar_width, row_height * 0.56)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(track)
            painter.drawRoundedRect(bar, 3, 3)
            colour = QColor(mood.colour)
            if not self._active:
                colour.setAlpha(70)
            painter.setBrush(colour)
            filled = QRectF(bar.left(), bar.top(), bar.width() * value, bar.height())
            painter.drawRoundedRect(filled, 3, 3)
            painter.setPen(text_colour)
            painter.drawText(QRectF(bar_left + bar_width + 4, top, value_width - 4, row_height),
                             Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                             f"{value:.0%}" if self._active else "–")
        painter.end()
