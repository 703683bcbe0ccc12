"""Theme, painted icons, key routing and diagnostics: the small pieces of the window's look."""

import json
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QColor, QKeyEvent, QPalette
from PySide6.QtWidgets import QApplication, QLineEdit, QListWidget, QPushButton, QSlider
from pytestqt.qtbot import QtBot

from moodplayer.gui.diagnostics import Diagnostics
from moodplayer.gui.icons import PAINTERS, painted_icon
from moodplayer.gui.key_routing import control_wants_key
from moodplayer.gui.theme import apply_theme


def test_the_theme_follows_what_is_asked(qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    original = app.palette()
    try:
        monkeypatch.setenv("MOODPLAYER_THEME", "dark")
        assert apply_theme(app) is True
        window = app.palette().color(QPalette.ColorRole.Window)
        assert window.lightness() < 60
        monkeypatch.setenv("MOODPLAYER_THEME", "light")
        assert apply_theme(app) is False
        assert app.palette().color(QPalette.ColorRole.Window).lightness() > 180
    finally:
        app.setPalette(original)


@pytest.mark.parametrize("name", sorted(PAINTERS))
def test_every_icon_paints_something(qtbot: QtBot, name: str) -> None:
    image = painted_icon(name, QColor("#000000")).pixmap(32, 32).toImage()
    painted = sum(1 for x in range(32) for y in range(32) if image.pixelColor(x, y).alpha())
    assert 20 < painted < 32 * 32 * 0.8


def key(k: Qt.Key, modifiers: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> QKeyEvent:
    return QKeyEvent(QEvent.Type.ShortcutOverride, k, modifiers)


def test_focused_controls_keep_the_keys_they_use(qtbot: QtBot) -> None:
    button, slider, listing, edit = QPushButton(), QSlider(), QListWidget(), QLineEdit()
    for widget in (button, slider, listing, edit):
        qtbot.addWidget(widget)
    assert control_wants_key(button, key(Qt.Key.Key_Space))
    assert not control_wants_key(button, key(Qt.Key.Key_N))
    assert control_wants_key(slider, key(Qt.Key.Key_Right))
    assert control_wants_key(listing, key(Qt.Key.Key_Down))
    assert control_wants_key(edit, key(Qt.Key.Key_M))
    assert not control_wants_key(edit, key(Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier))
    assert not control_wants_key(slider, key(Qt.Key.Key_Right, Qt.KeyboardModifier.ControlModifier))


def test_diagnostics_write_milestones_once_only_when_asked(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("MOODPLAYER_DIAGNOSTICS", raising=False)
    quiet = Diagnostics()
    quiet.milestone("window_shown")
    assert not quiet.enabled
    target = tmp_path / "d.jsonl"
    monkeypatch.setenv("MOODPLAYER_DIAGNOSTICS", str(target))
    diagnostics = Diagnostics()
    diagnostics.start()
    diagnostics.milestone("window_shown")
    diagnostics.milestone("window_shown")
    qtbot.wait(60)
    diagnostics.stop()
    records = [json.loads(line) for line in target.read_text().splitlines()]
    assert [r["event"] for r in records] == ["window_shown", "stalls"]
    assert records[1]["samples"] >= 1 and records[1]["p99_ms"] >= 0
