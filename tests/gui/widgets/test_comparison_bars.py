from PySide6.QtGui import QColor
from pytestqt.qtbot import QtBot

from moodplayer.gui.widgets.comparison_bars import ComparisonBars
from moodplayer.moods import Mood


def test_comparison_bars_draw_each_column_and_dash_a_missing_one(qtbot: QtBot) -> None:
    bars = ComparisonBars()
    qtbot.addWidget(bars)
    sad = [0.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0]
    bars.set_columns([("Baseline", sad), ("Now", None)])
    assert bars.columns() == [("Baseline", sad), ("Now", None)]
    assert bars.accessibleDescription() == "Baseline: Sad 100%"
    bars.resize(400, 160)
    image = bars.grab().toImage()
    row = 5  # the sad row (under the title row)
    y = int((row + 0.5) * 160 / 8)
    assert image.pixelColor(100, y) == QColor(Mood.SAD.colour)  # the full bar, first column
    assert image.pixelColor(260, y) != QColor(Mood.SAD.colour)  # no values, no bar
