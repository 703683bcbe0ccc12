"""Transport icons painted at run time, so they look the same on every platform and theme
(emoji and icon themes are not everywhere; a painted path is)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPainterPath, QPen, QPixmap, QPolygonF

Painter = Callable[[QPainter, float], None]


def _round_pen(colour: QColor, width: float) -> QPen:
    pen = QPen(colour, width)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    return pen


def _triangle(p: QPainter, s: float, left: float, right: float) -> None:
    p.drawPolygon(QPolygonF([QPointF(left, s * 0.2), QPointF(right, s * 0.5),
                             QPointF(left, s * 0.8)]))


def _play(p: QPainter, s: float) -> None:
    _triangle(p, s, s * 0.3, s * 0.8)


def _pause(p: QPainter, s: float) -> None:
    p.drawRoundedRect(QRectF(s * 0.25, s * 0.2, s * 0.17, s * 0.6), 1.5, 1.5)
    p.drawRoundedRect(QRectF(s * 0.58, s * 0.2, s * 0.17, s * 0.6), 1.5, 1.5)


def _next(p: QPainter, s: float) -> None:
    _triangle(p, s, s * 0.22, s * 0.66)
    p.drawRect(QRectF(s * 0.68, s * 0.2, s * 0.1, s * 0.6))


def _previous(p: QPainter, s: float) -> None:
    p.drawPolygon(QPolygonF([QPointF(s * 0.78, s * 0.2), QPointF(s * 0.34, s * 0.5),
                             QPointF(s * 0.78, s * 0.8)]))
    p.drawRect(QRectF(s * 0.22, s * 0.2, s * 0.1, s * 0.6))


def _speaker(p: QPainter, s: float) -> None:
    p.drawPolygon(QPolygonF([
        QPointF(s * 0.12, s * 0.38), QPointF(s * 0.28, s * 0.38), QPointF(s * 0.48, s * 0.2),
        QPointF(s * 0.48, s * 0.8), QPointF(s * 0.28, s * 0.62), QPointF(s * 0.12, s * 0.62)]))


def _volume(p: QPainter, s: float) -> None:
    _speaker(p, s)
    pen = _round_pen(p.brush().color(), max(1.5, s * 0.07))
    p.setPen(pen)
    p.setBrush(Qt.BrushStyle.NoBrush)
    for radius in (0.16, 0.3):
        p.drawArc(QRectF(s * (0.5 - radius), s * (0.5 - radius), s * radius * 2,
                         s * radius * 2), -45 * 16, 90 * 16)


def _muted(p: QPainter, s: float) -> None:
    _speaker(p, s)
    p.setPen(_round_pen(p.brush().color(), max(1.5, s * 0.08)))
    p.drawLine(QPointF(s * 0.6, s * 0.36), QPointF(s * 0.86, s * 0.64))
    p.drawLine(QPointF(s * 0.86, s * 0.36), QPointF(s * 0.6, s * 0.64))


def _arrow_head(p: QPainter, tip: QPointF, dx: float, size: float) -> None:
    p.setPen(Qt.PenStyle.NoPen)
    p.drawPolygon(QPolygonF([tip, QPointF(tip.x() - dx * size, tip.y() - size * 0.6),
                             QPointF(tip.x() - dx * size, tip.y() + size * 0.6)]))


def _shuffle(p: QPainter, s: float) -> None:
    colour = p.brush().color()
    pen = _round_pen(colour, max(1.5, s * 0.08))
    for start, end in (((0.14, 0.3), (0.72, 0.7)), ((0.14, 0.7), (0.72, 0.3))):
        path = QPainterPath(QPointF(s * start[0], s * start[1]))
        path.cubicTo(QPointF(s * 0.45, s * start[1]), QPointF(s * 0.45, s * end[1]),
                     QPointF(s * end[0], s * end[1]))
        p.setPen(pen)
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawPath(path)
        p.setBrush(colour)
        _arrow_head(p, QPointF(s * 0.88, s * end[1]), 1, s * 0.16)


def _repeat(p: QPainter, s: float, one: bool = False) -> None:
    colour = p.brush().color()
    p.setPen(_round_pen(colour, max(1.5, s * 0.08)))
    p.setBrush(Qt.BrushStyle.NoBrush)
    p.drawRoundedRect(QRectF(s * 0.16, s * 0.3, s * 0.62, s * 0.42), s * 0.14, s * 0.14)
    p.setBrush(colour)
    _arrow_head(p, QPointF(s * 0.6, s * 0.3), 1, s * 0.14)
    if one:
        p.setPen(colour)
        font = p.font()
        font.setPixelSize(int(s * 0.34))
        font.setBold(True)
        p.setFont(font)
        p.drawText(QRectF(s * 0.62, s * 0.52, s * 0.38, s * 0.45),
                   Qt.AlignmentFlag.AlignCenter, "1")


def _repeat_off(p: QPainter, s: float) -> None:
    colour = QColor(p.brush().color())
    colour.setAlpha(110)
    p.setBrush(colour)
    _repeat(p, s)


PAINTERS: dict[str, Painter] = {
    "play": _play, "pause": _pause, "next": _next, "previous": _previous,
    "volume": _volume, "muted": _muted, "shuffle": _shuffle,
    "repeat-all": _repeat, "repeat-one": lambda p, s: _repeat(p, s, one=True),
    "repeat-off": _repeat_off,
}


def painted_icon(name: str, colour: QColor, size: int = 32) -> QIcon:
    """The named icon, painted in ``colour``, crisp at 1x and 2x."""
    icon = QIcon()
    for scale in (1, 2):
        pixmap = QPixmap(size * scale, size * scale)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(colour)
        PAINTERS[name](painter, float(size * scale))
        painter.end()
        pixmap.setDevicePixelRatio(scale)
        icon.addPixmap(pixmap)
    return icon
