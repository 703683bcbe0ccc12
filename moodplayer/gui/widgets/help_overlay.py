"""The help overlay: every keyboard shortcut, over the window, until a key or click closes it."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QKeyEvent, QMouseEvent, QPainter, QPaintEvent
from PySide6.QtWidgets import QWidget

from moodplayer.gui.actions import shortcut_rows


class HelpOverlay(QWidget):
    """A translucent sheet listing the shortcuts; follows its parent's size."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self._host = parent
        self.rows = shortcut_rows()
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName("Keyboard shortcuts")
        self.setAccessibleDescription("; ".join(f"{k}: {t}" for k, t in self.rows))
        parent.installEventFilter(self)
        self.hide()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.parent() and event.type() == QEvent.Type.Resize:
            self.setGeometry(self._host.rect())
        return False

    def open(self) -> None:
        """Show over the whole window and take the focus."""
        self.setGeometry(self._host.rect())
        self.raise_()
        self.show()
        self.setFocus()

    def toggle(self) -> None:
        if self.isVisible():
            self.hide()
        else:
            self.open()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        self.hide()
        event.accept()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self.hide()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor(10, 12, 16, 225))
        painter.setPen(QColor("#ffffff"))
        title_font = QFont(painter.font())
        title_font.setPointSizeF(title_font.pointSizeF() * 1.5)
        title_font.setBold(True)
        painter.setFont(title_font)
        margin = 28.0
        painter.drawText(QRectF(margin, margin, self.width() - 2 * margin, 36),
                         Qt.AlignmentFlag.AlignLeft, "Keyboard shortcuts")
        body = QFont(painter.font())
        body.setPointSizeF(title_font.pointSizeF() / 1.5)
        body.setBold(False)
        painter.setFont(body)
        line = painter.fontMetrics().height() + 6
        columns = 2 if self.width() > 700 else 1
        per_column = -(-len(self.rows) // columns)
        column_width = (self.width() - 2 * margin) / columns
        key_width = min(190.0, column_width * 0.42)
        for position, (keys, text) in enumerate(self.rows):
            column, row = divmod(position, per_column)
            left = margin + column * column_width
            top = margin + 52 + row * line
            painter.setPen(QColor("#ffd166"))
            painter.drawText(QRectF(left, top, key_width, line), Qt.AlignmentFlag.AlignLeft, keys)
            painter.setPen(QColor("#e6e9ee"))
            painter.drawText(QRectF(left + key_width, top, column_width - key_width - 8, line),
                             Qt.AlignmentFlag.AlignLeft, text)
        painter.setPen(QColor("#9aa3ad"))
        painter.drawText(QRectF(margin, self.height() - margin - line, self.width(), line),
                         Qt.AlignmentFlag.AlignLeft, "Press any key or click to close")
        painter.end()
