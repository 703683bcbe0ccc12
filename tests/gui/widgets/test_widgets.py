import numpy as np
from PySide6.QtGui import QColor, QImage
from pytestqt.qtbot import QtBot

from moodplayer.gui.widgets.banner import BannerArea
from moodplayer.gui.widgets.camera_view import CameraView, FaceMark
from moodplayer.gui.widgets.emotion_bars import EmotionBars
from moodplayer.gui.widgets.mood_timeline import MoodTimeline
from moodplayer.gui.widgets.now_playing import format_time, placeholder_cover
from moodplayer.moods import Mood


def test_emotion_bars_show_the_probabilities_and_grey_out_without_a_face(qtbot: QtBot) -> None:
    bars = EmotionBars()
    qtbot.addWidget(bars)
    bars.set_probabilities([0.1, 0.0, 0.0, 0.7, 0.1, 0.0, 0.1])
    assert bars.values()[3] == 0.7
    assert "Happy 70%" in bars.accessibleDescription()
    bars.set_probabilities(None)
    assert bars.accessibleDescription() == "No face"
    assert bars.values()[3] == 0.7  # keeps the last values, greyed


def test_timeline_merges_equal_states_and_marks_manual_and_no_face(qtbot: QtBot) -> None:
    now = [100.0]
    timeline = MoodTimeline(span_seconds=60, clock=lambda: now[0])
    qtbot.addWidget(timeline)
    timeline.record(Mood.HAPPY)
    now[0] = 101
    timeline.record(Mood.HAPPY)
    now[0] = 102
    timeline.record(Mood.HAPPY, face_seen=False)
    now[0] = 103
    timeline.record(Mood.SAD, manual=True)
    segments = timeline.segments()
    assert [(s.mood, s.manual, s.face_seen) for s in segments] == [
        (Mood.HAPPY, False, True), (Mood.HAPPY, False, False), (Mood.SAD, True, True)]
    assert segments[0].end == 102
    now[0] = 500  # older than the span: dropped
    timeline.record(Mood.SAD, manual=True)
    assert len(timeline.segments()) == 1
    timeline.resize(400, 40)
    image = timeline.grab().toImage()
    assert image.pixelColor(398, 30) == QColor(Mood.SAD.colour)


def test_camera_view_draws_the_frame_and_face_box_or_a_message(qtbot: QtBot) -> None:
    view = CameraView()
    qtbot.addWidget(view)
    view.resize(320, 240)
    frame = np.full((240, 320, 3), 40, np.uint8)
    image = QImage(frame.data, 320, 240, 960, QImage.Format.Format_RGB888).copy()
    view.show_frame(image, [FaceMark(100, 60, 80, 100, Mood.HAPPY, 0.9, True)])
    grabbed = view.grab().toImage()
    assert view.live and view.message == ""
    assert grabbed.pixelColor(100, 120) == QColor(Mood.HAPPY.colour)  # the box's left edge
    view.show_message("Camera paused — press C to resume")
    assert not view.live and "paused" in view.message


def test_banners_are_shown_once_per_id_and_cleared(qtbot: QtBot) -> None:
    area = BannerArea()
    qtbot.addWidget(area)
    clicked: list[bool] = []
    area.show_banner("camera", "No camera found.",
                     action=("Choose mood", lambda: clicked.append(True)))
    area.show_banner("camera", "Camera lost.")
    assert area.ids() == ["camera"] and area.banner_text("camera") == "Camera lost."
    banner = area.show_banner("music", "No music", action=("Add", lambda: clicked.append(True)))
    assert banner.action_button is not None
    banner.action_button.click()
    assert clicked == [True]
    area.clear_banner("camera")
    area.clear_banner("music")
    assert area.ids() == [] and not area.isVisibleTo(area.parentWidget() or area)


def test_times_and_placeholder_cover(qtbot: QtBot) -> None:
    assert format_time(0) == "0:00"
    assert format_time(61.9) == "1:01"
    assert format_time(3725) == "1:02:05"
    assert format_time(None) == "--:--"
    cover = placeholder_cover(Mood.SAD, 64).toImage()
    assert cover.pixelColor(32, 12) == QColor(Mood.SAD.colour)
