"""The settings model and its one file: typed, validated, versioned, written atomically.

The settings are a tree of dataclasses with defaults. Each field may carry limits in its
metadata (``min``/``max`` for numbers, ``choices`` for strings). :class:`SettingsStore` reads
and writes them as human-readable JSON in the config folder:

* writes go to a temporary file in the same folder, are flushed and fsynced, then renamed over
  the old file, so a crash mid-write leaves the previous file intact;
* a file that cannot be parsed is renamed to ``settings.json.corrupt-<time>`` and defaults used;
* wrong types or out-of-range values are reported field by field, a copy of the file is kept as
  ``settings.json.invalid-<time>``, defaults replace only the broken fields;
* an older file version is migrated (its original kept as ``settings.json.v<N>-<time>``);
* an unwritable config folder is reported once and the app goes on with settings in memory.

Nothing here raises to the caller for bad input: problems are collected in ``store.problems``.
"""

from __future__ import annotations

import contextlib
import copy
import dataclasses
import json
import logging
import os
import tempfile
import time
import types
import typing
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from moodplayer.moods import MOOD_NAMES

log = logging.getLogger(__name__)

SETTINGS_VERSION = 2

CLASSIFIERS = ("auto", "bundled", "deepface")
DETECTOR_BACKENDS = (
    "opencv", "ssd", "mtcnn", "retinaface", "mediapipe", "yunet", "yolov8n", "centerface", "dlib",
)
STRATEGIES = ("mirror", "lift")
SWITCH_POLICIES = ("song_end", "immediate")
REPEAT_MODES = ("all", "one", "off")
MOOD_MODES = ("auto", "manual")


def _limits(
    low: float | None = None, high: float | None = None, choices: tuple[str, ...] | None = None,
    help: str = "",
) -> dict[str, Any]:
    return {"min": low, "max": high, "choices": choices, "help": help}


def _num(default: Any, low: float, high: float, help: str = "") -> Any:
    return field(default=default, metadata=_limits(low, high, help=help))


def _choice(default: str, choices: tuple[str, ...], help: str = "") -> Any:
    return field(default=default, metadata=_limits(choices=choices, help=help))


@dataclass
class CameraSettings:
    """Which camera to read and how."""

    source: str = field(default="0", metadata=_limits(
        help="Camera index (0, 1, ...), a video file or a stream URL."))
    width: int = _num(640, 160, 3840, "Requested frame width in pixels.")
    height: int = _num(480, 120, 2160, "Requested frame height in pixels.")
    fps: int = _num(30, 1, 120, "Requested frames per second.")
    start_enabled: bool = True
    show_preview: bool = True


@dataclass
class RecognitionSettings:
    """How faces are found and emotions recognised."""

    classifier: str = _choice(
        "auto", CLASSIFIERS, "Which emotion model reads the face; auto picks the best present.")
    detector_backend: str = _choice(
        "opencv", DETECTOR_BACKENDS, "DeepFace's face detector; opencv works offline.")
    flip_augmentation: bool = True
    detect_width: int = _num(320, 120, 1920, "Frames are shrunk to this width to find faces.")
    min_face_confidence: float = _num(
        0.0, 0.0, 1.0, "Faces found with less confidence are ignored.")


@dataclass
class VotingSettings:
    """How readings become a steady mood."""

    window_seconds: float = _num(3.0, 0.5, 30.0, "Seconds of readings that vote on the mood.")
    margin: float = _num(
        0.15, 0.0, 1.0, "How far a new mood must lead the current one (share of the votes).")
    dwell_seconds: float = _num(
        1.5, 0.0, 30.0, "How long a new mood must keep its lead before the music follows.")
    min_evidence_seconds: float = _num(
        1.0, 0.0, 30.0, "Seconds of face readings needed before a first mood is decided.")
    no_face_timeout_seconds: float = _num(
        3.0, 0.5, 600.0, "After this long with no face, the mood is held and the app says so.")
    min_reading_confidence: float = _num(
        0.0, 0.0, 1.0, "Readings whose face confidence is below this do not vote.")


@dataclass
class CalibrationSettings:
    """The listener's neutral-face calibration."""

    enabled: bool = True
    capture_seconds: float = _num(10.0, 3.0, 60.0, "Length of the neutral-face capture.")


@dataclass
class MusicSettings:
    """Which music each mood plays and when the music follows a change of mood."""

    sources: dict[str, list[str]] = field(default_factory=dict, metadata=_limits(
        help="For each mood, folders and playlist files; a mood left out plays the demo music."))
    strategy: str = _choice(
        "mirror", STRATEGIES, "mirror plays music that matches; lift moves toward brighter music.")
    switch_policy: str = _choice(
        "song_end", SWITCH_POLICIES, "When the music follows a new mood: at song end or at once.")
    fade_seconds: float = _num(2.0, 0.0, 10.0, "Fade length when switching at once.")
    fallback_mood: str = _choice(
        "neutral", MOOD_NAMES, "Played when a mood's playlist is empty.")
    no_repeat_within: int = _num(3, 0, 100, "A song is not repeated within this many plays.")
    lock_minutes: int = _num(
        0, 0, 24 * 60, "A locked manual mood lasts this long (0: until unlocked).")


@dataclass
class PlaybackState:
    """What the player was doing, restored at the next start."""

    mood_mode: str = _choice("auto", MOOD_MODES)
    last_mood: str = _choice("neutral", MOOD_NAMES)
    volume: int = _num(80, 0, 100)
    muted: bool = False
    shuffle: bool = False
    repeat: str = _choice("all", REPEAT_MODES)
    resume: dict[str, str] = field(default_factory=dict)


@dataclass
class BehaviourSettings:
    """How the app behaves on the desktop."""

    notify_mood_change: bool = True
    notify_song_start: bool = False
    minimize_to_tray: bool = False
    remember_geometry: bool = True
    welcome_done: bool = False


@dataclass
class WindowState:
    """The main window's geometry (Qt's saved state, base64)."""

    geometry: str = ""
    state: str = ""


@dataclass
class Settings:
    """All of the app's settings."""

    camera: CameraSettings = field(default_factory=CameraSettings)
    recognition: RecognitionSettings = field(default_factory=RecognitionSettings)
    voting: VotingSettings = field(default_factory=VotingSettings)
    calibration: CalibrationSettings = field(default_factory=CalibrationSettings)
    music: MusicSettings = field(default_factory=MusicSettings)
    playback: PlaybackState = field(default_factory=PlaybackState)
    behaviour: BehaviourSettings = field(default_factory=BehaviourSettings)
    window: WindowState = field(default_factory=WindowState)

    def to_dict(self) -> dict[str, Any]:
        """The settings as plain JSON-ready data, with the version."""
        return {"version": SETTINGS_VERSION, **dataclasses.asdict(self)}

    def copy(self) -> Settings:
        """A deep copy, for editing without touching the original."""
        return copy.deepcopy(self)


# ----------------------------------------------------------------------------- validation


def _check_value(value: Any, hint: Any, meta: dict[str, Any]) -> tuple[bool, Any, str]:
    """Check one value against its type hint and limits: (ok, cleaned value, problem)."""
    origin = typing.get_origin(hint)
    if hint is bool:
        if isinstance(value, bool):
            return True, value, ""
        return False, None, f"expected true or false, got {value!r}"
    if hint in (int, float):
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return False, None, f"expected a number, got {value!r}"
        if hint is int and isinstance(value, float):
            if not value.is_integer():
                return False, None, f"expected a whole number, got {value!r}"
            value = int(value)
        value = hint(value)
        low, high = meta.get("min"), meta.get("max")
        if (low is not None and value < low) or (high is not None and value > high):
            return False, None, f"{value!r} is outside {low}..{high}"
        return True, value, ""
    if hint is str:
        if not isinstance(value, str):
            return False, None, f"expected text, got {value!r}"
        choices = meta.get("choices")
        if choices and value not in choices:
            return False, None, f"{value!r} is not one of {', '.join(choices)}"
        return True, value, ""
    if origin is dict:
        _key_type, value_type = typing.get_args(hint)
        if not isinstance(value, dict):
            return False, None, f"expected a table, got {value!r}"
        cleaned: dict[Any, Any] = {}
        for key, item in value.items():
            ok, item_clean, problem = _check_value(item, value_type, {})
            if not ok or not isinstance(key, str):
                return False, None, f"entry {key!r}: {problem or 'bad key'}"
            cleaned[key] = item_clean
        return True, cleaned, ""
    if origin is list:
        (item_type,) = typing.get_args(hint)
        if not isinstance(value, list):
            return False, None, f"expected a list, got {value!r}"
        items = []
        for item in value:
            ok, item_clean, problem = _check_value(item, item_type, {})
            if not ok:
                return False, None, problem
            items.append(item_clean)
        return True, items, ""
    if origin in (typing.Union, types.UnionType):
        if value is None and type(None) in typing.get_args(hint):
            return True, None, ""
        inner = [a for a in typing.get_args(hint) if a is not type(None)]
        return _check_value(value, inner[0], meta)
    raise TypeError(f"unsupported settings type {hint!r}")  # a programming error, not input


def _validate_music_sources(sources: dict[str, list[str]]) -> str:
    unknown = [name for name in sources if name not in MOOD_NAMES]
    return f"unknown mood(s) {', '.join(unknown)}" if unknown else ""


_EXTRA_CHECKS: dict[tuple[str, str], Callable[[Any], str]] = {
    ("music", "sources"): _validate_music_sources,
}


def _section_from_dict(
    cls: type[Any], data: Any, section: str, problems: list[str]
) -> Any:
    """Build one section dataclass, replacing broken fields by their defaults."""
    default = cls()
    if not isinstance(data, dict):
        problems.append(f"[{section}] expected a table, got {data!r}; defaults used")
        return default
    hints = typing.get_type_hints(cls)
    values: dict[str, Any] = {}
    for f in dataclasses.fields(cls):
        if f.name not in data:
            continue
        ok, cleaned, problem = _check_value(data[f.name], hints[f.name], dict(f.metadata))
        extra = _EXTRA_CHECKS.get((section, f.name))
        if ok and extra:
            problem = extra(cleaned)
            ok = not problem
        if ok:
            values[f.name] = cleaned
        else:
            fallback = getattr(default, f.name)
            problems.append(f"{section}.{f.name}: {problem}; using the default {fallback!r}")
    for unknown in sorted(set(data) - {f.name for f in dataclasses.fields(cls)}):
        problems.append(f"{section}.{unknown}: not a known setting; ignored")
    return cls(**values)


def settings_from_dict(data: dict[str, Any], problems: list[str]) -> Settings:
    """Build :class:`Settings` from current-version data, collecting problems."""
    hints = typing.get_type_hints(Settings)
    sections = {}
    for f in dataclasses.fields(Settings):
        if f.name in data:
            sections[f.name] = _section_from_dict(hints[f.name], data[f.name], f.name, problems)
    for unknown in sorted(set(data) - {f.name for f in dataclasses.fields(Settings)} - {"version"}):
        problems.append(f"{unknown}: not a known settings section; ignored")
    return Settings(**sections)


def field_help(section: str, name: str) -> str:
    """The one-sentence explanation of a setting, for the settings dialog."""
    cls = typing.get_type_hints(Settings)[section]
    for f in dataclasses.fields(cls):
        if f.name == name:
            return str(f.metadata.get("help", ""))
    raise KeyError(f"{section}.{name}")


def field_limits(section: str, name: str) -> dict[str, Any]:
    """The limits of a setting (``min``, ``max``, ``choices``)."""
    cls = typing.get_type_hints(Settings)[section]
    for f in dataclasses.fields(cls):
        if f.name == name:
            return dict(f.metadata)
    raise KeyError(f"{section}.{name}")


def validate(settings: Settings) -> list[str]:
    """Problems with an edited :class:`Settings` (empty when it may be saved)."""
    problems: list[str] = []
    settings_from_dict(settings.to_dict(), problems)
    return problems


# ----------------------------------------------------------------------------- migration


def _migrate_v1(old: dict[str, Any]) -> dict[str, Any]:
    """Version 1 kept a flat table: ``camera_index``, ``volume``, ``classifier``,
    ``window_seconds``, ``dwell_seconds`` and ``music_folders`` (mood -> one folder)."""
    new: dict[str, Any] = {"version": 2}

    def put(section: str, key: str, value: Any) -> None:
        new.setdefault(section, {})[key] = value

    if "camera_index" in old:
        put("camera", "source", str(old["camera_index"]))
    if "volume" in old:
        put("playback", "volume", old["volume"])
    if "classifier" in old:
        put("recognition", "classifier", old["classifier"])
    for key in ("window_seconds", "dwell_seconds"):
        if key in old:
            put("voting", key, old[key])
    folders = old.get("music_folders")
    if isinstance(folders, dict):
        put("music", "sources", {
            mood: [path] if isinstance(path, str) else path for mood, path in folders.items()
        })
    return new


MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {1: _migrate_v1}


def migrate(data: dict[str, Any]) -> tuple[dict[str, Any], int]:
    """Bring settings data to the current version; returns (data, version it came from)."""
    version = data.get("version", 1)
    if not isinstance(version, int) or isinstance(version, bool):
        version = 1
    start = version
    while version < SETTINGS_VERSION:
        data = MIGRATIONS[version](data)
        version += 1
        data["version"] = version
    return data, start


# ----------------------------------------------------------------------------- the file


def atomic_write_text(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` so that a reader sees the old or the new file, never half.

    The text goes to a temporary file in the same folder, which is flushed, fsynced and then
    renamed over ``path``. On any failure the temporary file is removed and the error raised.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}-", suffix=".tmp", dir=path.parent)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise


def _stamp() -> str:
    return time.strftime("%Y%m%d-%H%M%S")


class SettingsStore:
    """Loads and saves :class:`Settings` in one file, never losing the listener's file."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.problems: list[str] = []
        self.set_aside: Path | None = None
        self.save_error: str | None = None

    def load(self) -> Settings:
        """Read the file; always returns usable settings and records what went wrong."""
        self.problems = []
        self.set_aside = None
        try:
            raw = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return Settings()
        except (OSError, UnicodeDecodeError) as error:
            self._set_aside("unreadable", f"cannot read settings ({error})", move=False)
            return Settings()
        try:
            data = json.loads(raw)
            if not isinstance(data, dict):
                raise ValueError("the top level is not a table")
        except ValueError as error:
            self._set_aside("corrupt", f"settings file is not valid JSON ({error})", move=True)
            return Settings()
        version = data.get("version", 1)
        if isinstance(version, int) and version > SETTINGS_VERSION:
            self._set_aside(
                f"v{version}", f"settings file is from a newer Mood Player (version {version}); "
                "settings this version understands are kept", move=False)
        data, from_version = migrate(data)
        problems: list[str] = []
        settings = settings_from_dict(data, problems)
        if problems:
            self.problems.extend(problems)
            self._set_aside("invalid", "some settings were invalid and replaced by defaults",
                            move=False)
        if from_version < SETTINGS_VERSION:
            self._set_aside(f"v{from_version}", f"settings migrated from version {from_version}",
                            move=False)
        if problems or from_version < SETTINGS_VERSION:
            self.save(settings)
        return settings

    def _set_aside(self, tag: str, why: str, *, move: bool) -> None:
        target = self.path.with_name(f"{self.path.name}.{tag}-{_stamp()}")
        try:
            if move:
                os.replace(self.path, target)
            else:
                target.write_bytes(self.path.read_bytes())
        except OSError as error:
            message = f"{why}; could not keep a copy at {target} ({error})"
            self.problems.insert(0, message)
            log.warning("%s", message)
            return
        if self.set_aside is None:
            self.set_aside = target
        message = f"{why}; your file was kept as {target}"
        self.problems.insert(0, message)
        log.warning("%s", message)

    def save(self, settings: Settings) -> bool:
        """Write the settings atomically; on failure keep going in memory and say why once."""
        text = json.dumps(settings.to_dict(), indent=2, ensure_ascii=False, sort_keys=False)
        try:
            atomic_write_text(self.path, text + "\n")
        except OSError as error:
            message = (
                f"Cannot save settings to {self.path} ({error.strerror or error}). "
                f"Changes last until you quit. Make {self.path.parent} writable, "
                "or set MOODPLAYER_HOME to a writable folder."
            )
            if self.save_error != message:
                log.warning("%s", message)
            self.save_error = message
            return False
        self.save_error = None
        return True
