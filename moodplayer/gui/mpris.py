"""MPRIS2 over QtDBus: desktop media controls and media keys drive Mood Player on Linux.

The service ``org.mpris.MediaPlayer2.moodplayer`` (``…moodplayer.instance<pid>`` when another
Mood Player holds the name) exports ``/org/mpris/MediaPlayer2`` with the root interface
(Raise, Quit, Identity, DesktopEntry…) and ``org.mpris.MediaPlayer2.Player``: PlayPause, Play,
Pause, Stop, Next, Previous, Seek, SetPosition, OpenUri; PlaybackStatus, LoopStatus, Rate,
Shuffle, Metadata, Volume, Position and the Can* properties. Qt answers ``Get``/``GetAll``/
``Set`` from the adaptors' typed properties. ``PropertiesChanged`` is emitted by hand from
:meth:`MprisService.refresh`, which the app calls after anything that may change a property
(Position excepted, as the specification says); ``Seeked`` is emitted for every jump.

Without a session bus (no ``DBUS_SESSION_BUS_ADDRESS`` and no ``$XDG_RUNTIME_DIR/bus``), or
off Linux, nothing is started and nothing is said.

OpenUri does nothing (``SupportedUriSchemes`` is empty): the music follows the mood, it is not
opened by hand. One known limit: PySide gives a Python ``int`` to Qt as a 32-bit integer when
it fits, so ``mpris:length`` inside Metadata is sent as ``int32`` for songs under 35 minutes
(``Position``, ``Seek`` and ``Seeked`` are typed ``int64`` as the specification asks).
"""

from __future__ import annotations

import hashlib
import logging
import os
import sys
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtCore import ClassInfo, Property, QMetaType, QObject, Signal, Slot
from PySide6.QtDBus import (
    QDBusAbstractAdaptor,
    QDBusArgument,
    QDBusConnection,
    QDBusMessage,
    QDBusObjectPath,
)

from moodplayer import APP_ID, APP_NAME
from moodplayer.music.player_api import PlaybackState, RepeatMode

if TYPE_CHECKING:
    from moodplayer.gui.controller import Controller
    from moodplayer.moods import Mood
    from moodplayer.music.tracks import Track

log = logging.getLogger(__name__)
AdaptorT = TypeVar("AdaptorT", bound=type)

SERVICE = "org.mpris.MediaPlayer2.moodplayer"
OBJECT_PATH = "/org/mpris/MediaPlayer2"
ROOT_INTERFACE = "org.mpris.MediaPlayer2"
PLAYER_INTERFACE = "org.mpris.MediaPlayer2.Player"
PROPERTIES_INTERFACE = "org.freedesktop.DBus.Properties"
NO_TRACK = "/org/mpris/MediaPlayer2/TrackList/NoTrack"
TRACK_PREFIX = "/io/github/moodplayer/MoodPlayer/track"
MICROSECONDS = 1_000_000
BACKWARD_JUMP_SECONDS = 1.0

LOOP_STATUS = {RepeatMode.OFF: "None", RepeatMode.ONE: "Track", RepeatMode.ALL: "Playlist"}
PLAYBACK_STATUS = {PlaybackState.PLAYING: "Playing", PlaybackState.PAUSED: "Paused",
                   PlaybackState.STOPPED: "Stopped"}


def session_bus_configured() -> bool:
    """Whether this process has a session bus to talk to (without starting one)."""
    if not sys.platform.startswith("linux"):
        return False
    if os.environ.get("DBUS_SESSION_BUS_ADDRESS"):
        return True
    runtime = os.environ.get("XDG_RUNTIME_DIR")
    return runtime is not None and Path(runtime, "bus").exists()


def track_object_path(index: int | None, track: Track) -> str:
    """A D-Bus object path naming this track at this place in the queue."""
    checksum = zlib.crc32(track.location.encode("utf-8", "surrogateescape"))
    return f"{TRACK_PREFIX}/{index if index is not None else 0}_{checksum:08x}"


def location_uri(location: str) -> str:
    """A local path as a ``file://`` URI; a URL as it is."""
    if "://" in location:
        return location
    return Path(location).absolute().as_uri()


def dbus_interface(name: str) -> Callable[[AdaptorT], AdaptorT]:
    """Class decorator: the D-Bus interface an adaptor exports (Qt's ``Q_CLASSINFO``)."""
    class_info: Any = ClassInfo  # its stubs allow keyword names only, not "D-Bus Interface"
    decorate: Callable[[AdaptorT], AdaptorT] = class_info({"D-Bus Interface": name})
    return decorate


def empty_string_array() -> QDBusArgument:
    """An empty ``as`` (a Python ``[]`` would be sent as ``av``)."""
    argument = QDBusArgument()
    argument.beginArray(QMetaType(QMetaType.Type.QString.value))
    argument.endArray()
    return argument


class CoverArt:
    """Files for ``mpris:artUrl``: a song's embedded cover, or a mood-coloured placeholder,
    written once into the cache folder."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def url(self, cover: bytes | None, mood: Mood | None) -> str:
        """A ``file://`` URL for the cover (or the placeholder); '' when it cannot be written."""
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            if cover:
                suffix = ".png" if cover.startswith(b"\x89PNG") else ".jpg"
                path = self.folder / f"{hashlib.sha1(cover).hexdigest()}{suffix}"
                if not path.exists():
                    path.write_bytes(cover)
            else:
                path = self.folder / f"mood-{mood.value if mood else 'none'}.png"
                if not path.exists():
                    from moodplayer.gui.widgets.now_playing import placeholder_cover

                    if not placeholder_cover(mood, 256).save(str(path), "PNG"):
                        return ""
        except OSError as error:
            log.info("no cover art for MPRIS: %s", error)
            return ""
        return path.as_uri()


@dbus_interface(ROOT_INTERFACE)
class RootAdaptor(QDBusAbstractAdaptor):
    """``org.mpris.MediaPlayer2``."""

    def __init__(self, parent: QObject, service: MprisService) -> None:
        super().__init__(parent)
        self.service = service

    @Slot()
    def Raise(self) -> None:
        self.service.raise_window()

    @Slot()
    def Quit(self) -> None:
        self.service.controller.quit()

    CanQuit = Property(bool, lambda self: True)
    CanRaise = Property(bool, lambda self: True)
    HasTrackList = Property(bool, lambda self: False)
    Identity = Property(str, lambda self: APP_NAME)
    DesktopEntry = Property(str, lambda self: APP_ID)
    # Qt type names give the D-Bus types (as, x, a{sv}); the stubs only know Python types.
    SupportedUriSchemes = Property("QStringList", lambda self: [])  # type: ignore[arg-type]
    SupportedMimeTypes = Property("QStringList", lambda self: [])  # type: ignore[arg-type]


@dbus_interface(PLAYER_INTERFACE)
class PlayerAdaptor(QDBusAbstractAdaptor):
    """``org.mpris.MediaPlayer2.Player``."""

    Seeked = Signal("qlonglong")  # type: ignore[arg-type]

    def __init__(self, parent: QObject, service: MprisService) -> None:
        super().__init__(parent)
        self.service = service
        self.setAutoRelaySignals(True)

    # ---------------------------------------------------------------- methods

    @Slot()
    def Next(self) -> None:
        self.service.controller.next_song()
        self.service.refresh()

    @Slot()
    def Previous(self) -> None:
        self.service.controller.previous_song()
        self.service.refresh()

    @Slot()
    def Pause(self) -> None:
        if self.service.state() is PlaybackState.PLAYING:
            self.service.controller.play_pause()
        self.service.refresh()

    @Slot()
    def PlayPause(self) -> None:
        self.service.controller.play_pause()
        self.service.refresh()

    @Slot()
    def Stop(self) -> None:
        self.service.controller.stop()
        self.service.refresh()

    @Slot()
    def Play(self) -> None:
        if self.service.state() is not PlaybackState.PLAYING:
            self.service.controller.play_pause()
        self.service.refresh()

    @Slot("qlonglong")
    def Seek(self, offset: int) -> None:
        self.service.seek_by(offset / MICROSECONDS)

    @Slot(QDBusObjectPath, "qlonglong")
    def SetPosition(self, track_id: QDBusObjectPath, position: int) -> None:
        self.service.set_position(track_id.path(), position / MICROSECONDS)

    @Slot(str)
    def OpenUri(self, uri: str) -> None:
        log.info("MPRIS OpenUri(%s) ignored: the music follows the mood", uri)

    # ---------------------------------------------------------------- properties

    def _playback_status(self) -> str:
        return self.service.value("PlaybackStatus")

    def _loop_status(self) -> str:
        return self.service.value("LoopStatus")

    def _set_loop_status(self, status: str) -> None:
        self.service.set_loop_status(status)

    def _rate(self) -> float:
        return 1.0

    def _set_rate(self, rate: float) -> None:
        log.info("MPRIS Rate=%s ignored: only normal speed is offered", rate)

    def _shuffle(self) -> bool:
        return self.service.value("Shuffle")

    def _set_shuffle(self, shuffle: bool) -> None:
        self.service.set_shuffle(shuffle)

    def _metadata(self) -> dict[str, Any]:
        return self.service.value("Metadata")

    def _volume(self) -> float:
        return self.service.value("Volume")

    def _set_volume(self, volume: float) -> None:
        self.service.set_volume(volume)

    def _position(self) -> int:
        return self.service.position()

    PlaybackStatus = Property(str, _playback_status)
    LoopStatus = Property(str, _loop_status, _set_loop_status)
    Rate = Property(float, _rate, _set_rate)
    Shuffle = Property(bool, _shuffle, _set_shuffle)
    Metadata = Property("QVariantMap", _metadata)  # type: ignore[arg-type]
    Volume = Property(float, _volume, _set_volume)
    Position = Property("qlonglong", _position)  # type: ignore[arg-type]
    MinimumRate = Property(float, _rate)
    MaximumRate = Property(float, _rate)
    CanGoNext = Property(bool, lambda self: self.service.value("CanGoNext"))
    CanGoPrevious = Property(bool, lambda self: self.service.value("CanGoPrevious"))
    CanPlay = Property(bool, lambda self: self.service.value("CanPlay"))
    CanPause = Property(bool, lambda self: self.service.value("CanPause"))
    CanSeek = Property(bool, lambda self: self.service.value("CanSeek"))
    CanControl = Property(bool, lambda self: True)


class MprisService(QObject):
    """Exports the MPRIS interfaces for the app on ``connection`` and keeps them current."""

    def __init__(self, controller: Controller, connection: QDBusConnection,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.connection = connection
        self.service_name = ""
        self.exported = QObject(self)
        self.root = RootAdaptor(self.exported, self)
        self.player_adaptor = PlayerAdaptor(self.exported, self)
        self.art = CoverArt(controller.context.paths.cache_dir / "covers")
        self._shown: dict[str, Any] = {}
        self._metadata_key: tuple[Any, ...] = ()
        self._metadata: dict[str, Any] = {"mpris:trackid": QDBusObjectPath(NO_TRACK)}
        self._last_position: tuple[str, float] | None = None

    # ---------------------------------------------------------------- life

    def start(self) -> bool:
        """Register on the bus; false (and nothing left registered) when that fails."""
        if not self.connection.isConnected():
            return False
        if not self.connection.registerObject(OBJECT_PATH, self.exported,
                                              QDBusConnection.RegisterOption.ExportAdaptors):
            log.info("MPRIS: %s is taken on the bus", OBJECT_PATH)
            return False
        for name in (SERVICE, f"{SERVICE}.instance{os.getpid()}"):
            if self.connection.registerService(name):
                self.service_name = name
                break
        if not self.service_name:
            self.connection.unregisterObject(OBJECT_PATH)
            log.info("MPRIS: could not take the name %s", SERVICE)
            return False
        self._shown = self.properties()
        log.info("MPRIS: registered as %s", self.service_name)
        return True

    def stop(self) -> None:
        """Leave the bus."""
        if self.service_name and self.connection.isConnected():
            self.connection.unregisterService(self.service_name)
            self.connection.unregisterObject(OBJECT_PATH)
        self.service_name = ""

    # ---------------------------------------------------------------- state

    def state(self) -> PlaybackState:
        player = self.controller.player
        return player.state if player is not None else PlaybackState.STOPPED

    def position(self) -> int:
        """The position in microseconds."""
        player = self.controller.player
        return int((player.position if player is not None else 0.0) * MICROSECONDS)

    def properties(self) -> dict[str, Any]:
        """Every Player property but Position, as the bus sees it."""
        player = self.controller.player
        queue = bool(player.queue) if player is not None else False
        track = player.current_track if player is not None else None
        seekable = (track is not None and not track.is_stream and player is not None
                    and player.duration is not None)
        volume = 0.0
        if player is not None and not player.muted:
            volume = player.volume / 100.0
        return {
            "PlaybackStatus": PLAYBACK_STATUS[self.state()],
            "LoopStatus": LOOP_STATUS[player.repeat] if player is not None else "Playlist",
            "Shuffle": bool(player.shuffle) if player is not None else False,
            "Metadata": self.metadata(),
            "Volume": volume,
            "CanGoNext": queue,
            "CanGoPrevious": queue,
            "CanPlay": queue,
            "CanPause": queue,
            "CanSeek": seekable,
        }

    def value(self, name: str) -> Any:
        return self.properties()[name]

    def metadata(self) -> dict[str, Any]:
        """The playing track's Metadata (cached per track)."""
        player = self.controller.player
        track = player.current_track if player is not None else None
        if player is None or track is None:
            self._metadata_key = ()
            self._metadata = {"mpris:trackid": QDBusObjectPath(NO_TRACK)}
            return self._metadata
        duration = player.duration
        dj = self.controller.dj
        mood = dj.playing_mood if dj is not None else None
        key = (player.current_index, track.location, duration, mood)
        if key != self._metadata_key:
            self._metadata_key = key
            self._metadata = self._describe(player.current_index, track, duration, mood)
        return self._metadata

    def _describe(self, index: int | None, track: Track, duration: float | None,
                  mood: Mood | None) -> dict[str, Any]:
        described = self.controller.library.describe(track, with_cover=True)
        metadata: dict[str, Any] = {
            "mpris:trackid": QDBusObjectPath(track_object_path(index, track)),
            "xesam:title": described.title,
            "xesam:url": location_uri(track.location),
        }
        if described.artist:
            metadata["xesam:artist"] = [described.artist]
        if described.album:
            metadata["xesam:album"] = described.album
        length = duration if duration is not None else described.duration
        if length is not None and length > 0:
            metadata["mpris:length"] = int(length * MICROSECONDS)
        art = self.art.url(described.cover, mood)
        if art:
            metadata["mpris:artUrl"] = art
        return metadata

    # ---------------------------------------------------------------- telling the bus

    def refresh(self) -> dict[str, Any]:
        """Send ``PropertiesChanged`` for what changed since last time; returns it."""
        if not self.service_name:
            return {}
        current = self.properties()
        changed = {name: value for name, value in current.items()
                   if self._shown.get(name) != value}
        self._shown = current
        if changed:
            message = QDBusMessage.createSignal(OBJECT_PATH, PROPERTIES_INTERFACE,
                                                "PropertiesChanged")
            message.setArguments([PLAYER_INTERFACE, changed, empty_string_array()])
            self.connection.send(message)
        return changed

    def seeked(self, seconds: float) -> None:
        """Tell the bus the position jumped to ``seconds``."""
        self._remember_position(seconds)
        if self.service_name:
            self.player_adaptor.Seeked.emit(int(seconds * MICROSECONDS))

    def position_changed(self, seconds: float) -> None:
        """The player's regular position report; a jump backwards is announced as Seeked."""
        player = self.controller.player
        track = player.current_track if player is not None else None
        if track is None:
            self._last_position = None
            return
        last = self._last_position
        if last is not None and last[0] == track.location \
                and seconds < last[1] - BACKWARD_JUMP_SECONDS:
            self.seeked(seconds)
            return
        self._remember_position(seconds)

    def _remember_position(self, seconds: float) -> None:
        player = self.controller.player
        track = player.current_track if player is not None else None
        self._last_position = (track.location, seconds) if track is not None else None

    # ---------------------------------------------------------------- asked over the bus

    def raise_window(self) -> None:
        window = self.controller.window
        window.showNormal()
        window.raise_()
        window.activateWindow()

    def seek_by(self, offset: float) -> None:
        player = self.controller.player
        if player is None or player.current_track is None:
            return
        target = max(0.0, player.position + offset)
        duration = player.duration
        if duration is not None and target > duration:
            self.controller.next_song()
        else:
            self.controller.seek_to(target)
        self.refresh()

    def set_position(self, track_id: str, seconds: float) -> None:
        player = self.controller.player
        track = player.current_track if player is not None else None
        if player is None or track is None or seconds < 0:
            return
        if track_id != track_object_path(player.current_index, track):
            return  # a stale request for a song that is no longer playing
        duration = player.duration
        if duration is not None and seconds > duration:
            return
        self.controller.seek_to(seconds)

    def set_volume(self, volume: float) -> None:
        self.controller.set_volume(round(max(0.0, min(1.0, volume)) * 100))
        self.refresh()

    def set_shuffle(self, shuffle: bool) -> None:
        player = self.controller.player
        if player is not None and player.shuffle != bool(shuffle):
            self.controller.toggle_shuffle()
        self.refresh()

    def set_loop_status(self, status: str) -> None:
        wanted = {text: mode for mode, text in LOOP_STATUS.items()}.get(status)
        player = self.controller.player
        if wanted is None or player is None:
            return
        for _ in range(len(LOOP_STATUS)):
            if player.repeat is wanted:
                break
            self.controller.cycle_repeat()
        self.refresh()
