import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLabel, QMainWindow
from pytestqt.qtbot import QtBot

from moodplayer.gui.actions import ACTION_SPECS, create_actions, shortcut_rows, spec

REQUIRED = {
    "play_pause": {"Space"}, "next": {"N", "Ctrl+Right"}, "previous": {"P", "Ctrl+Left"},
    "seek_forward": {"Right"}, "seek_back": {"Left"}, "volume_up": {"Ctrl+Up"},
    "volume_down": {"Ctrl+Down"}, "mute": {"M"}, "shuffle": {"S"}, "repeat": {"R"},
    "auto_mood": {"A"}, "lock": {"L"}, "camera": {"C"}, "help": {"F1", "?"},
    "settings": {"Ctrl+,"}, "quit": {"Ctrl+Q"}, "stop": {"Media Stop"},
    **{f"mood_{name}": {str(n)} for n, name in enumerate(
        ["angry", "disgust", "fear", "happy", "sad", "surprise", "neutral"], start=1)},
}


def test_the_table_has_every_shortcut_the_player_promises() -> None:
    for action_id, keys in REQUIRED.items():
        assert keys <= set(spec(action_id).keys), action_id
    media = {k for s in ACTION_SPECS for k in s.keys if k.startswith(("Media", "Toggle Media"))}
    assert {"Media Play", "Media Next", "Media Previous", "Media Stop"} <= media


def test_no_key_is_bound_twice() -> None:
    keys = [QKeySequence(k).toString() for s in ACTION_SPECS for k in s.keys]
    assert len(keys) == len(set(keys))


@pytest.fixture
def window(qtbot: QtBot) -> QMainWindow:
    window = QMainWindow()
    window.setCentralWidget(QLabel("focus sink"))
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitActive(window)
    return window


@pytest.mark.parametrize("action_spec", ACTION_SPECS, ids=lambda s: s.id)
def test_every_key_of_an_action_triggers_it(
    qtbot: QtBot, window: QMainWindow, action_spec: object
) -> None:
    assert hasattr(action_spec, "keys")
    actions = create_actions(window)
    action = actions[action_spec.id]  # type: ignore[attr-defined]
    for key in action_spec.keys:  # type: ignore[attr-defined]
        sequence = QKeySequence(key)
        combination = sequence[0]
        with qtbot.waitSignal(action.triggered, timeout=1000):
            QTest.keyClick(window.centralWidget(), combination.key(),
                           combination.keyboardModifiers())


def test_the_help_rows_list_every_keyed_action() -> None:
    rows = shortcut_rows()
    assert len(rows) == sum(1 for s in ACTION_SPECS if s.keys)
    assert ("Space", "Play or pause the music") in rows
    assert any(keys == "F1 or ?" for keys, _ in rows)


def test_a_focused_button_keeps_space(qtbot: QtBot, window: QMainWindow) -> None:
    from PySide6.QtWidgets import QApplication, QPushButton

    from moodplayer.gui.key_routing import FocusedControlKeys

    key_filter = FocusedControlKeys()
    QApplication.instance().installEventFilter(key_filter)  # type: ignore[union-attr]
    try:
        actions = create_actions(window)
        button = QPushButton("press me")
        window.setCentralWidget(button)
        button.setFocus()
        qtbot.waitUntil(button.hasFocus)
        pressed: list[bool] = []
        button.clicked.connect(lambda: pressed.append(True))
        triggered: list[bool] = []
        actions["play_pause"].triggered.connect(lambda: triggered.append(True))
        QTest.keyClick(button, Qt.Key.Key_Space)
        assert pressed == [True] and triggered == []
        QTest.keyClick(button, Qt.Key.Key_N)  # letters still reach the shortcuts
        assert actions["next"].isEnabled()
    finally:
        QApplication.instance().removeEventFilter(key_filter)  # type: ignore[union-attr]
