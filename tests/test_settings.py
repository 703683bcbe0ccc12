import json
import os
from pathlib import Path

import pytest

from moodplayer import settings as settings_module
from moodplayer.settings import (
    SETTINGS_VERSION,
    Settings,
    SettingsStore,
    atomic_write_text,
    field_help,
    validate,
)


@pytest.fixture
def settings_file(tmp_path: Path) -> Path:
    return tmp_path / "config" / "settings.json"


def set_aside_files(path: Path, tag: str) -> list[Path]:
    return sorted(path.parent.glob(f"{path.name}.{tag}-*"))


def test_a_missing_file_gives_defaults_without_problems(settings_file: Path) -> None:
    store = SettingsStore(settings_file)
    assert store.load() == Settings()
    assert store.problems == []
    assert not settings_file.exists()


def test_settings_round_trip_through_the_file(settings_file: Path) -> None:
    store = SettingsStore(settings_file)
    edited = Settings()
    edited.camera.source = "/videos/me.mp4"
    edited.voting.window_seconds = 4.5
    edited.music.sources = {"happy": ["/music/happy", "/music/party.m3u"]}
    edited.playback.volume = 35
    edited.playback.repeat = "one"
    edited.behaviour.minimize_to_tray = True
    assert store.save(edited)
    again = SettingsStore(settings_file)
    assert again.load() == edited
    assert again.problems == []
    data = json.loads(settings_file.read_text())
    assert data["version"] == SETTINGS_VERSION
    assert settings_file.read_text().startswith("{\n  ")  # human-readable


def test_a_crash_mid_write_leaves_the_previous_file_intact(
    settings_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = SettingsStore(settings_file)
    first = Settings()
    first.playback.volume = 11
    store.save(first)
    before = settings_file.read_bytes()

    def crash(fd: int) -> None:
        raise KeyboardInterrupt("power cut while writing")

    second = Settings()
    second.playback.volume = 99
    monkeypatch.setattr(settings_module.os, "fsync", crash)
    with pytest.raises(KeyboardInterrupt):
        store.save(second)
    assert settings_file.read_bytes() == before
    assert [p.name for p in settings_file.parent.iterdir()] == ["settings.json"]
    assert SettingsStore(settings_file).load().playback.volume == 11


def test_a_temp_file_left_by_a_killed_process_is_ignored(settings_file: Path) -> None:
    store = SettingsStore(settings_file)
    store.save(Settings())
    (settings_file.parent / ".settings.json-abc.tmp").write_text('{"version": 2, "playb')
    assert SettingsStore(settings_file).load() == Settings()


def test_a_corrupt_file_is_set_aside_and_defaults_used(settings_file: Path) -> None:
    settings_file.parent.mkdir(parents=True)
    settings_file.write_text('{"version": 2, "playback": {"volume": 40,')
    store = SettingsStore(settings_file)
    assert store.load() == Settings()
    kept = set_aside_files(settings_file, "corrupt")
    assert len(kept) == 1
    assert kept[0].read_text() == '{"version": 2, "playback": {"volume": 40,'
    assert store.set_aside == kept[0]
    assert str(kept[0]) in store.problems[0]
    assert "not valid JSON" in store.problems[0]


@pytest.mark.parametrize(("section", "key", "bad", "why"), [
    ("playback", "volume", "loud", "expected a number"),
    ("playback", "volume", 150, "outside 0..100"),
    ("voting", "window_seconds", -1, "outside"),
    ("playback", "muted", "yes", "expected true or false"),
    ("music", "strategy", "random", "not one of mirror, lift"),
    ("music", "sources", {"bored": ["/x"]}, "unknown mood"),
    ("camera", "width", 640.5, "whole number"),
])
def test_a_bad_value_is_reported_set_aside_and_only_it_replaced(
    settings_file: Path, section: str, key: str, bad: object, why: str
) -> None:
    settings_file.parent.mkdir(parents=True)
    original = {"version": SETTINGS_VERSION, section: {key: bad},
                "behaviour": {"minimize_to_tray": True}}
    settings_file.write_text(json.dumps(original))
    store = SettingsStore(settings_file)
    loaded = store.load()
    default_value = getattr(getattr(Settings(), section), key)
    assert getattr(getattr(loaded, section), key) == default_value
    assert loaded.behaviour.minimize_to_tray is True  # the good value survives
    problems = " | ".join(store.problems)
    assert f"{section}.{key}" in problems and why in problems
    kept = set_aside_files(settings_file, "invalid")
    assert len(kept) == 1 and json.loads(kept[0].read_text()) == original
    assert str(kept[0]) in problems
    # the file now on disk is valid and loads cleanly
    again = SettingsStore(settings_file)
    assert again.load() == loaded and again.problems == []


def test_a_version_1_file_is_migrated_and_the_original_kept(settings_file: Path) -> None:
    settings_file.parent.mkdir(parents=True)
    old = {"version": 1, "camera_index": 2, "volume": 55, "classifier": "bundled",
           "window_seconds": 5, "music_folders": {"happy": "/music/happy"}}
    settings_file.write_text(json.dumps(old))
    store = SettingsStore(settings_file)
    loaded = store.load()
    assert loaded.camera.source == "2"
    assert loaded.playback.volume == 55
    assert loaded.recognition.classifier == "bundled"
    assert loaded.voting.window_seconds == 5.0
    assert loaded.music.sources == {"happy": ["/music/happy"]}
    assert json.loads(settings_file.read_text())["version"] == SETTINGS_VERSION
    kept = set_aside_files(settings_file, "v1")
    assert len(kept) == 1 and json.loads(kept[0].read_text()) == old
    assert any("migrated from version 1" in p for p in store.problems)


def test_a_file_without_a_version_is_treated_as_version_1(settings_file: Path) -> None:
    settings_file.parent.mkdir(parents=True)
    settings_file.write_text(json.dumps({"volume": 20}))
    assert SettingsStore(settings_file).load().playback.volume == 20


def test_an_unwritable_config_folder_keeps_settings_in_memory(tmp_path: Path) -> None:
    blocker = tmp_path / "config"
    blocker.write_text("a file where the folder should be")
    store = SettingsStore(blocker / "settings.json")
    settings = store.load()
    settings.playback.volume = 12
    assert store.save(settings) is False
    assert store.save_error is not None
    assert str(blocker / "settings.json") in store.save_error
    assert "MOODPLAYER_HOME" in store.save_error
    assert settings.playback.volume == 12


def test_atomic_write_replaces_the_whole_file(tmp_path: Path) -> None:
    target = tmp_path / "f.json"
    atomic_write_text(target, "one")
    atomic_write_text(target, "two")
    assert target.read_text() == "two"
    assert os.listdir(tmp_path) == ["f.json"]


def test_validate_reports_edits_that_may_not_be_saved() -> None:
    edited = Settings()
    assert validate(edited) == []
    edited.voting.margin = 3.0
    assert any("voting.margin" in p for p in validate(edited))


def test_every_recognition_setting_explains_itself() -> None:
    for name in ("classifier", "detector_backend", "detect_width"):
        assert field_help("recognition", name).endswith(".")
    for name in ("window_seconds", "margin", "dwell_seconds"):
        assert field_help("voting", name).endswith(".")
