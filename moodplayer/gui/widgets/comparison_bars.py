"""Side-by-side probability bars: one row per mood, one bar per column (for example the
calibration baseline, the live reading uncorrected, and the live reading corrected)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QSizePolicy, QWidget

from moodplayer.moods import MOOD_ORDER

Column = tuple[str, Sequence[float] | None]


class ComparisonBars(QWidget):
    """Columns of seven bars with a title each; a column without values shows dashes."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._columns: list[Column] = []
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.setMinimumHeight(8 * 20)
        self.setAccessibleName("Emotion probabilities compared")

    def sizeHint(self) -> QSize:
        return QSize(460, 8 * 24)

    def columns(self) -> list[Column]:
        """The columns shown."""
        return list(self._columns)

    def set_columns(self, columns: Sequence[Column]) -> None:
        """Show these (title, seven probabilities or ``None``) columns."""
        self._columns = [(title, None if values is None else [float(v) for v in values])
                         for title, values in columns]
        described = []
        for title, values in self._columns:
            if values is not None:
                best = max(range(len(MOOD_ORDER)), key=lambda i: values[i])
                described.append(f"{title}: {MOOD_ORDER[best].display_name} {values[best]:.0%}")
        self.setAccessibleDescription("; ".join(described))
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        text = palette.color(QPalette.ColorRole.WindowText)
        track = palette.color(QPalette.ColorRole.Mid)
        track.setAlpha(60)
        rows = len(MOOD_ORDER) + 1
        row_height = self.height() / rows
        label_width = min(90.0, self.width() * 0.22)
        count = max(1, len(self._columns))
        column_width = (self.width() - label_width) / count
        font = painter.font()
        font.setPixelSize(max(10, min(13, int(row_height * 0.5))))
        painter.setFont(font)
        for index, (title, _values) in enumerate(self._columns):
            left = label_width + index * column_width
            painter.setPen(text)
            painter.drawText(QRectF(left + 4, 0, column_width - 8, row_height),
                             Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, title)
        for row, mood in enumerate(MOOD_ORDER, start=1):
            top = row * row_height
            painter.setPen(text)
            painter.drawText(QRectF(0, top, label_width - 6, row_height),
                             Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight,
                             mood.display_name)
            for index, (_title, values) in enumerate(self._columns):
                left = label_width + index * column_width + 4
                bar = QRectF(left, top + row_height * 0.25, column_width - 48, row_height * 0.5)
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(track)
                painter.drawRoundedRect(bar, 3, 3)
                value = None if values is None else max(0.0, min(1.0, values[row - 1]))
                if value is not None:
                    painter.setBrush(QColor(mood.colour))
                    painter.drawRoundedRect(
                        QRectF(bar.left(), bar.top(), bar.width() * value, bar.height()), 3, 3)
                painter.setPen(text)
                painter.drawText(QRectF(bar.right() + 4, top, 40, row_height),
                                 Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                                 "–" if value is None else f"{value:.0%}")
        painter.end()
