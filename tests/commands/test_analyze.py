"""``moodplayer analyze``: the timeline of a generated video, in JSON lines and in words."""

from __future__ import annotations

import itertools
import json
import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from moodplayer.commands.analyze import MoodTally
from moodplayer.moods import Mood, MoodDecision
from moodplayer.perception.synthetic_video import load_test_face, write_test_video
from tests.conftest import REPO, run_cli

LINE_KEYS = {"t", "mood", "confidence", "changed", "faces", "reason"}
SUMMARY_KEYS = {"frames", "analysed", "seconds", "fps", "switches", "moods"}


@pytest.fixture(scope="module")
def smile_gap_smile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    face = load_test_face()
    return write_test_video(tmp_path_factory.mktemp("video") / "smile gap smile.avi",
                            [(face, 3.0), (None, 3.5), (face, 2.0)], size=(480, 360), fps=20)


def parse(stdout: str) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    lines = [json.loads(line) for line in stdout.splitlines()]
    assert lines, "no output"
    *decisions, last = lines
    assert set(last) == {"summary"}
    return decisions, last["summary"]


def test_json_lines_parse_and_the_summary_adds_up(smile_gap_smile: Path) -> None:
    result = run_cli("analyze", str(smile_gap_smile), "--json")
    assert result.returncode == 0, result.stderr
    lines, summary = parse(result.stdout)

    for line in lines:
        assert set(line) == LINE_KEYS
        assert line["mood"] in (None, *(m.value for m in Mood))
        assert 0.0 <= line["confidence"] <= 1.0 and line["faces"] in (0, 1)
        assert isinstance(line["changed"], bool) and line["reason"]
    times = [line["t"] for line in lines]
    assert times[0] == 0.0 and times == sorted(times)
    assert max(b - a for a, b in itertools.pairwise(times)) <= 0.5 + 1e-9
    assert times[-1] >= 8.5 - 0.5

    assert set(summary) == SUMMARY_KEYS
    assert summary["frames"] == summary["analysed"] == 170  # 8.5 s at 20 fps, every frame
    assert summary["seconds"] == pytest.approx(8.5)
    assert summary["fps"] > 0
    changes = [line for line in lines if line["changed"]]
    assert [(c["t"], c["mood"]) for c in changes] == [(1.0, "happy")]
    assert summary["switches"] == len(changes) - 1 == 0
    # the mood is in force from the first decision to the end
    assert summary["moods"] == {"happy": pytest.approx(summary["seconds"] - changes[0]["t"])}
    # the face leaves at 3 s: the mood is kept, and the decision says so after the timeout
    gone = [line for line in lines if 3.0 <= line["t"] < 6.5 and line["faces"] == 0]
    assert gone and all(line["mood"] == "happy" for line in gone)
    assert any("no face for 3 s; keeping happy" in line["reason"] for line in gone)
    assert "analysing" in result.stderr  # the progress bar


def test_the_window_option_changes_the_voting(smile_gap_smile: Path) -> None:
    result = run_cli("analyze", str(smile_gap_smile), "--json", "--window", "1.5")
    lines, _ = parse(result.stdout)
    assert any(line["reason"].startswith("happy leads the last 1.5 s") for line in lines)
    assert not any("the last 3 s" in line["reason"] for line in lines)


def test_seconds_stops_after_that_much_source_time(smile_gap_smile: Path) -> None:
    result = run_cli("analyze", str(smile_gap_smile), "--json", "--seconds", "2")
    lines, summary = parse(result.stdout)
    assert result.returncode == 0
    assert summary["analysed"] == 40 and summary["seconds"] == pytest.approx(2.0)
    assert lines[-1]["t"] <= 2.0


def test_the_timeline_in_words(smile_gap_smile: Path) -> None:
    result = run_cli("analyze", str(smile_gap_smile))
    assert result.returncode == 0, result.stderr
    out = result.stdout.splitlines()
    assert out[0].split() == ["1.0", "s", "happy", *out[0].split()[3:]]
    assert "happy led the last 1 s" in out[0]
    assert any("no face for 3 s; keeping happy" in line for line in out)
    assert any(line.endswith("(face back)") for line in out)
    assert out[-2].startswith("Analysed 170 of 170 frames, 8.5 s of source")
    assert out[-2].endswith("0 switch(es).")
    assert out[-1].startswith("Moods: happy 7.5 s")


def test_ctrl_c_ends_it_cleanly_with_the_summary(tmp_path: Path) -> None:
    video = write_test_video(tmp_path / "long.avi", [(load_test_face(), 120.0)],
                             size=(320, 240), fps=10)
    process = subprocess.Popen(
        [sys.executable, "-m", "moodplayer", "analyze", str(video), "--json"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=REPO,
        env=dict(os.environ))
    assert process.stdout is not None
    first = process.stdout.readline()  # analysis is under way
    assert json.loads(first)["t"] == 0.0
    process.send_signal(signal.SIGINT)
    rest, _ = process.communicate(timeout=60)
    assert process.returncode == 0
    lines, summary = parse(first + rest)
    assert 0 < summary["analysed"] < 1200
    assert summary["seconds"] >= lines[-1]["t"]


def test_a_camera_that_is_not_there_fails_with_a_message_and_a_summary() -> None:
    result = run_cli("analyze", "57", "--json")
    assert result.returncode == 1
    assert "camera 57 was not found" in result.stderr
    _, summary = parse(result.stdout)
    assert summary["analysed"] == 0 and summary["moods"] == {}


def test_a_missing_file_fails_in_words(tmp_path: Path) -> None:
    result = run_cli("analyze", str(tmp_path / "nothing.mp4"))
    assert result.returncode == 1 and result.stdout == ""
    assert "does not exist" in result.stderr


@pytest.mark.parametrize("window", ["0.1", "forty"])
def test_a_bad_window_is_a_usage_error(window: str) -> None:
    result = run_cli("analyze", "0", "--window", window)
    assert result.returncode == 2 and "--window" in result.stderr


def decision(t: float, mood: Mood | None, changed: bool = False) -> MoodDecision:
    return MoodDecision(timestamp=t, mood=mood, confidence=0.5, changed=changed)


def test_the_tally_gives_each_frame_the_time_until_the_next() -> None:
    tally = MoodTally()
    stream = [decision(0.0, None), decision(0.5, None), decision(1.0, Mood.SAD, True),
              decision(1.5, Mood.SAD), decision(2.0, Mood.HAPPY, True), decision(3.0, Mood.HAPPY)]
    for item in stream:
        tally.add(item)
    tally.finish()
    # the last decision lasts as long as the gap before it (1 s)
    assert tally.seconds == pytest.approx(4.0)
    assert tally.moods == {"sad": pytest.approx(1.0), "happy": pytest.approx(2.0)}
    assert tally.switches == 1
