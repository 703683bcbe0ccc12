import numpy as np
from pytestqt.qtbot import QtBot

from moodplayer.gui.perception_thread import PerceptionThread, frame_to_qimage
from moodplayer.perception.events import PipelineError, PipelineStatus
from tests.gui.test_controller import ScriptedPipeline, decision, frame


def test_frames_become_smaller_rgb_copies_that_outlive_the_array() -> None:
    bgr = np.zeros((480, 1280, 3), np.uint8)
    bgr[..., 2] = 255  # red in BGR
    image = frame_to_qimage(bgr, max_width=640)
    del bgr
    assert (image.width(), image.height()) == (640, 240)
    assert image.text("scale") == "2"
    colour = image.pixelColor(10, 10)
    assert (colour.red(), colour.green(), colour.blue()) == (255, 0, 0)


def test_the_thread_emits_the_pipeline_events_and_stops_when_asked(qtbot: QtBot) -> None:
    from moodplayer.moods import Mood

    script = [frame(0.1, Mood.HAPPY), decision(0.1, Mood.HAPPY),
              PipelineError("one frame failed", fatal=False)]
    thread = PerceptionThread(lambda on_event: ScriptedPipeline(on_event, script))
    statuses: list[str] = []
    thread.status.connect(lambda state, detail: statuses.append(state))
    with qtbot.waitSignals([thread.frame_ready, thread.decision, thread.error], timeout=5000):
        thread.start()
    assert thread.isRunning()
    assert thread.shutdown(5000)
    assert not thread.isRunning()
    qtbot.waitUntil(lambda: "stopped" in statuses)
    assert statuses[0] == "running"


def test_a_pipeline_that_cannot_be_built_is_reported_not_raised(qtbot: QtBot) -> None:
    def broken(on_event: object) -> object:
        raise RuntimeError("no model")

    thread = PerceptionThread(broken)
    with qtbot.waitSignal(thread.error, timeout=5000) as blocker:
        thread.start()
    assert "no model" in blocker.args[0] and blocker.args[1] is True
    assert thread.wait(5000)


def test_status_events_pass_through(qtbot: QtBot) -> None:
    thread = PerceptionThread(lambda on_event: ScriptedPipeline(
        on_event, [PipelineStatus("loading model")]))
    with qtbot.waitSignal(thread.status, timeout=5000,
                          check_params_cb=lambda state, detail: state == "loading model"):
        thread.start()
    thread.shutdown()
