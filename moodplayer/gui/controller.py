"""The one place that wires the window, the perception thread, the DJ and the player together.

Everything here runs on the GUI thread. The perception thread and the player report through
Qt signals (queued to this thread); the controller turns them into calls on the DJ and updates
of the window, and turns the listener's actions into calls on the DJ and the player.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QByteArray, QObject, QTimer, Signal, Slot
from PySide6.QtGui import QCloseEvent, QImage
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

from moodplayer import APP_NAME, __version__
from moodplayer.context import AppContext
from moodplayer.gui.desktop_integration import DesktopIntegration
from moodplayer.gui.diagnostics import Diagnostics
from moodplayer.gui.live_settings import MusicReloader, adopt_settings, compare_settings
from moodplayer.gui.main_window import MainWindow
from moodplayer.gui.perception_thread import PerceptionThread
from moodplayer.gui.player_bridge import PlayerEventBridge
from moodplayer.gui.widgets.camera_view import FaceMark
from moodplayer.moods import MOOD_ORDER, Mood, MoodDecision
from moodplayer.music.dj import DJ
from moodplayer.music.library import MoodLibrary
from moodplayer.music.player_api import (
    PlaybackState,
    Player,
    PlayerEvent,
    PlayerEventKind,
    RepeatMode,
)
from moodplayer.music.tracks import Track
from moodplayer.music.vlc_runtime import LibVLCUnavailable
from moodplayer.perception.readings import EmotionReading
from moodplayer.settings import Settings

log = logging.getLogger(__name__)

FIRST_MOOD_WAIT_MS = 8000
SEEK_STEP = 5.0
VOLUME_STEP = 5
REPEAT_CYCLE = (RepeatMode.ALL, RepeatMode.ONE, RepeatMode.OFF)
CAMERA_MESSAGES = {
    "opening": "Starting the camera…",
    "loading model": "Loading the emotion model…",
    "paused": "Camera paused — press C to resume",
    "stopped": "Camera off",
}


@dataclass
class LaunchOptions:
    """What the command line asked for."""

    camera: str | None = None
    no_camera: bool = False
    mood: Mood | None = None
    audio_out: Path | None = None


class Controller(QObject):
    """Owns the running parts and connects them; :meth:`shutdown` stops them all."""

    queue_described = Signal(tuple, list)  # queue key, tracks with their tags read

    def __init__(self, context: AppContext, options: LaunchOptions,
                 window: MainWindow | None = None,
                 player: Player | None = None,
                 pipeline_factory: Any = None) -> None:
        super().__init__()
        self.context = context
        self.options = options
        self.window = window or MainWindow()
        self.actions = self.window.actions_by_id
        self.library = MoodLibrary(context.settings.music)
        self.bridge = PlayerEventBridge()
        self.player: Player | None = player
        self.dj: DJ | None = None
        self.perception: PerceptionThread | None = None
        self._pipeline_factory = pipeline_factory
        self._last_decision: MoodDecision | None = None
        self._camera_paused_by_user = False
        self._shown_queue: tuple[str, ...] = ()
        self._tag_reader: threading.Thread | None = None
        self._model_name = ""
        self._closing = False
        self._waiting_for_first_mood = False

        self._connect_actions()
        self._connect_window()
        self.tick_timer = QTimer(self)
        self.tick_timer.setInterval(1000)
        self.tick_timer.timeout.connect(self._tick)
        self.save_timer = QTimer(self)
        self.save_timer.setSingleShot(True)
        self.save_timer.setInterval(800)
        self.save_timer.timeout.connect(self._save_now)
        self.diagnostics = Diagnostics(self)
        self.desktop = DesktopIntegration(self)
        self.music_reloader = MusicReloader(self)
        self.quit_requested = False

    # ----------------------------------------------------------------------- start-up

    def start(self) -> None:
        """Show the window, then start the music and the camera."""
        self._restore_geometry()
        self.window.show()
        self.diagnostics.start()
        QTimer.singleShot(0, lambda: self.diagnostics.milestone("window_shown"))
        if self.context.store.problems:
            self.window.banners.show_banner(
                "settings", "Some settings could not be used: "
                + "; ".join(self.context.store.problems[:2]), "warning")
        QTimer.singleShot(0, self._start_music)
        QTimer.singleShot(0, self._start_camera_at_launch)
        self.tick_timer.start()
        self.window.camera_view.set_show_frames(self.context.settings.camera.show_preview)
        self.desktop.start()
        from moodplayer.gui.welcome import maybe_show_welcome

        maybe_show_welcome(self)

    def _start_camera_at_launch(self) -> None:
        if self.context.settings.camera.start_enabled or self.options.camera is not None:
            self._start_camera()
            return
        self._show_camera_off("Camera off at start (Settings › Behaviour) — press C to turn "
                              "it on")
        self._start_music_with(None)

    def _start_music(self) -> None:
        if self.player is None:
            try:
                from moodplayer.music.vlc_player import VlcPlayer

                self.player = VlcPlayer(self.options.audio_out)
            except (LibVLCUnavailable, OSError) as error:
                self._music_unavailable(error)
                return
        self.player.on_event = self.bridge.deliver
        self.dj = DJ(self.player, self.library, self.context.settings.music,
                     self.context.settings.playback, persist=self._save_soon,
                     on_note=self._show_note)
        if self.options.mood is not None:
            self._choose_before_music(self.options.mood)
        elif self.options.no_camera:
            self.dj.mode = "manual"
            self.dj.start()
        elif self.dj.mode == "auto":
            # The first mood comes from the face: wait a few seconds for it rather than
            # start on yesterday's mood and switch a moment later.
            self._waiting_for_first_mood = True
            self.dj.restore_player()
            self.window.playback_status.setText("Waiting for your mood…")
            QTimer.singleShot(FIRST_MOOD_WAIT_MS, self._start_music_without_a_mood)
        else:
            self.dj.start()
        self._show_choice()
        self._show_player_modes()
        self._check_fallback()

    def _start_music_with(self, mood: Mood | None) -> None:
        """Start the music the first time: with the first mood seen, or the last one."""
        if self.dj is None or not self._waiting_for_first_mood:
            return
        self._waiting_for_first_mood = False
        self.dj.start(mood=mood)
        self._after_mood_change()
        self._show_player_modes()

    def _choose_before_music(self, mood: Mood) -> None:
        """A mood chosen by hand before any music played: choose it, then start playing."""
        assert self.dj is not None and self.player is not None
        self._waiting_for_first_mood = False
        self.dj.choose(mood, lock=self.dj.locked)
        if self.player.state is PlaybackState.STOPPED:
            self.dj.start()

    @Slot()
    def _start_music_without_a_mood(self) -> None:
        self._start_music_with(None)

    def _music_unavailable(self, error: Exception) -> None:
        self.player = None
        for action_id in ("play_pause", "stop", "next", "previous", "seek_forward",
                          "seek_back", "volume_up", "volume_down", "mute", "shuffle",
                          "repeat"):
            self.actions[action_id].setEnabled(False)
        fix = getattr(error, "fix", "")
        reason = getattr(error, "reason", str(error))
        self.window.banners.show_banner(
            "music", f"Music cannot play: {reason}. {fix}", "error")
        self.window.playback_status.setText("No audio")
        box = QMessageBox(QMessageBox.Icon.Warning, "Music cannot play",
                          f"{reason}.\n\n{fix}\n\nThe camera and mood recognition keep working.",
                          QMessageBox.StandardButton.Ok, self.window)
        box.setObjectName("libvlcMissingDialog")
        box.setModal(False)
        box.show()
        self.libvlc_dialog = box

    def _start_camera(self) -> None:
        if self.options.no_camera or (self.dj is not None and self.dj.locked):
            self._show_camera_off("Camera off — choose a mood by hand, or press C to start it")
            return
        source = self.options.camera or self.context.settings.camera.source
        factory = self._pipeline_factory or self._default_pipeline_factory(source)
        thread = PerceptionThread(factory)
        thread.status.connect(self._on_status)
        thread.frame_ready.connect(self._on_frame)
        thread.decision.connect(self._on_decision)
        thread.camera_lost.connect(self._on_camera_lost)
        thread.camera_restored.connect(self._on_camera_restored)
        thread.error.connect(self._on_perception_error)
        thread.source_ended.connect(self._on_source_ended)
        self.perception = thread
        self.actions["camera"].setChecked(True)
        self.window.camera_view.show_message("Starting the camera…")
        self.window.camera_status.setText("Camera: starting")
        thread.start()

    def _default_pipeline_factory(self, source: str) -> Any:
        context = self.context

        def build(on_event: Any) -> Any:
            from moodplayer.perception.frame_source import SourceSpec
            from moodplayer.perception.pipeline import create_pipeline

            spec = SourceSpec.parse(source)
            return create_pipeline(spec, context.settings, context.paths, on_event,
                                   file_as_camera=spec.kind == "file")

        return build

    # ----------------------------------------------------------------------- wiring

    def _connect_actions(self) -> None:
        a = self.actions
        a["play_pause"].triggered.connect(self.play_pause)
        a["stop"].triggered.connect(self.stop)
        a["next"].triggered.connect(self.next_song)
        a["previous"].triggered.connect(self.previous_song)
        a["seek_forward"].triggered.connect(self.seek_forward)
        a["seek_back"].triggered.connect(self.seek_back)
        a["volume_up"].triggered.connect(self.volume_up)
        a["volume_down"].triggered.connect(self.volume_down)
        a["mute"].triggered.connect(self.toggle_mute)
        a["shuffle"].triggered.connect(self.toggle_shuffle)
        a["repeat"].triggered.connect(self.cycle_repeat)
        a["auto_mood"].triggered.connect(self.choose_auto)
        for mood in MOOD_ORDER:
            a[f"mood_{mood.value}"].triggered.connect(self._mood_slot(mood))
        a["lock"].triggered.connect(self.toggle_lock)
        a["camera"].triggered.connect(self.toggle_camera)
        a["help"].triggered.connect(self.window.help_overlay.toggle)
        a["settings"].triggered.connect(self.open_settings)
        a["calibrate"].triggered.connect(self.open_calibration)
        a["about"].triggered.connect(self.show_about)
        a["quit"].triggered.connect(self.quit)

    def _connect_window(self) -> None:
        w = self.window
        w.mood_panel.mood_chosen.connect(self._on_dropdown)
        w.now_playing.seek_requested.connect(self.seek_to)
        w.now_playing.volume_changed.connect(self.set_volume)
        w.playlist.play_requested.connect(self.play_index)
        w.close_requested.connect(self._on_close_requested)
        self.bridge.player_event.connect(self._on_player_event)
        self.queue_described.connect(self._on_queue_described)

    def _mood_slot(self, mood: Mood) -> Any:
        def choose() -> None:
            self.choose_mood(mood)

        return choose

    # ----------------------------------------------------------------------- actions

    @Slot()
    def play_pause(self) -> None:
        if self.player is None or self.dj is None:
            return
        if self._waiting_for_first_mood:
            self._start_music_with(None)
            return
        if self.player.state is PlaybackState.STOPPED:
            if self.player.queue:
                self.player.play()
            else:
                self.dj.start()
        else:
            self.player.toggle_pause()

    @Slot()
    def stop(self) -> None:
        if self.player is not None:
            self.player.stop()

    @Slot()
    def next_song(self) -> None:
        if self.player is not None:
            self.player.next()

    @Slot()
    def previous_song(self) -> None:
        if self.player is not None:
            self.player.previous()

    @Slot()
    def seek_forward(self) -> None:
        if self.player is not None:
            self.seek_to(self.player.position + SEEK_STEP)

    @Slot()
    def seek_back(self) -> None:
        if self.player is not None:
            self.seek_to(max(0.0, self.player.position - SEEK_STEP))

    @Slot(float)
    def seek_to(self, seconds: float) -> None:
        if self.player is None:
            return
        duration = self.player.duration
        if duration is not None:
            seconds = min(seconds, max(0.0, duration - 0.5))
        self.player.seek(seconds)
        self.window.now_playing.show_position(seconds, duration)
        self.desktop.seeked(seconds)

    @Slot()
    def volume_up(self) -> None:
        if self.player is not None:
            self.set_volume(min(100, self.player.volume + VOLUME_STEP))

    @Slot()
    def volume_down(self) -> None:
        if self.player is not None:
            self.set_volume(max(0, self.player.volume - VOLUME_STEP))

    @Slot(int)
    def set_volume(self, volume: int) -> None:
        if self.dj is None or self.player is None:
            return
        self.dj.set_volume(volume)
        self._show_player_modes()

    @Slot()
    def toggle_mute(self) -> None:
        if self.dj is not None and self.player is not None:
            self.dj.set_muted(not self.player.muted)
            self._show_player_modes()

    @Slot()
    def toggle_shuffle(self) -> None:
        if self.dj is not None and self.player is not None:
            self.dj.set_shuffle(not self.player.shuffle)
            self._show_player_modes()

    @Slot()
    def cycle_repeat(self) -> None:
        if self.dj is not None and self.player is not None:
            position = REPEAT_CYCLE.index(self.player.repeat)
            self.dj.set_repeat(REPEAT_CYCLE[(position + 1) % len(REPEAT_CYCLE)])
            self._show_player_modes()

    @Slot(int)
    def play_index(self, index: int) -> None:
        if self.player is not None:
            self.player.play_index(index)

    def choose_mood(self, mood: Mood) -> None:
        """The listener chose ``mood`` by hand (dropdown, keys 1-7, tray)."""
        if self.dj is None:
            self._manual_without_music(mood)
            return
        if self._waiting_for_first_mood:
            self._choose_before_music(mood)
        else:
            self.dj.choose(mood, lock=self.dj.locked, at_once=True)
        self._after_mood_change()

    @Slot()
    def choose_auto(self) -> None:
        """Hand the choice back to the camera."""
        if self.dj is not None:
            self.dj.set_auto(at_once=True)
        self.actions["lock"].setChecked(False)
        if self.perception is None and not self.options.no_camera:
            self._start_camera()
        elif self.perception is not None and self._camera_paused_by_user is False:
            self.perception.resume_camera()
        self._after_mood_change()

    @Slot(object)
    def _on_dropdown(self, mood: Mood | None) -> None:
        if mood is None:
            self.choose_auto()
        else:
            self.choose_mood(mood)

    @Slot()
    def toggle_lock(self) -> None:
        """Lock the mood shown (the camera turns off) or unlock it (back to auto)."""
        if self.dj is None:
            return
        if self.actions["lock"].isChecked():
            mood = self.dj.mood
            self.dj.choose(mood, lock=True, at_once=True)
            if self.perception is not None:
                self.perception.pause_camera()
            self._show_camera_off("Camera off while the mood is locked — press L to unlock")
        else:
            self.choose_auto()
        self._after_mood_change()

    @Slot()
    def toggle_camera(self) -> None:
        """Pause or resume the camera (no frames are read while paused)."""
        if self.perception is None:
            self.options.no_camera = False
            self._camera_paused_by_user = False
            self._start_camera()
            return
        if self.perception.pipeline is None:
            return
        if self.perception.pipeline.paused:
            self._camera_paused_by_user = False
            self.perception.resume_camera()
            self.actions["camera"].setChecked(True)
        else:
            self._camera_paused_by_user = True
            self.perception.pause_camera()
            self.actions["camera"].setChecked(False)
            self.window.camera_view.show_message(CAMERA_MESSAGES["paused"])

    @Slot()
    def open_settings(self) -> None:
        from moodplayer.gui.settings_dialog import open_settings_dialog

        open_settings_dialog(self)

    @Slot()
    def open_calibration(self) -> None:
        from moodplayer.gui.settings_dialog import open_calibration_wizard

        open_calibration_wizard(self)

    @Slot()
    def show_about(self) -> None:
        QMessageBox.about(self.window, f"About {APP_NAME}",
                          f"<b>{APP_NAME} {__version__}</b><p>Plays the music that fits the "
                          "mood on your face. Frames never leave this computer.</p>"
                          "<p>Emotion model: mini-Xception trained on FER2013 (MIT).</p>")

    @Slot()
    def quit(self) -> None:
        self.quit_requested = True
        self.window.close()

    # ----------------------------------------------------------------------- perception

    @Slot(str, str)
    def _on_status(self, state: str, detail: str) -> None:
        if state == "running":
            self.window.camera_status.setText(f"Camera: on ({detail})")
            self.actions["camera"].setChecked(True)
            self.window.banners.clear_banner("camera")
            return
        message = CAMERA_MESSAGES.get(state, state)
        if state == "stopped" and self._closing:
            return
        if not (state == "stopped" and not self.window.camera_view.live):
            self.window.camera_view.show_message(message)
        self.window.camera_status.setText(f"Camera: {state}")

    @Slot(QImage, list, float, float)
    def _on_frame(self, image: QImage, readings: list[EmotionReading], fps: float,
                  analysis_ms: float) -> None:
        scale = float(image.text("scale") or 1)
        marks = [FaceMark(int(r.box.x / scale), int(r.box.y / scale), int(r.box.width / scale),
                          int(r.box.height / scale), r.dominant, r.probability(r.dominant),
                          r.primary) for r in readings]
        if not image.isNull():
            self.window.camera_view.show_frame(image, marks)
            self.diagnostics.milestone("first_frame")
        primary = next((r for r in readings if r.primary), readings[0] if readings else None)
        self.window.emotion_bars.set_probabilities(
            None if primary is None else [float(p) for p in primary.probabilities])
        if primary is not None and primary.classifier != self._model_name:
            self._model_name = primary.classifier
            self.window.model_status.setText(f"Model: {self._model_name}")
        self.window.camera_status.setText(
            f"Camera: on · {fps:.0f} fps · {analysis_ms:.0f} ms/frame")

    @Slot(object)
    def _on_decision(self, decision: MoodDecision) -> None:
        self._last_decision = decision
        if decision.mood is not None:
            self.diagnostics.milestone("first_mood", mood=decision.mood.value)
        if self.dj is None or self.dj.mode == "auto":
            self.window.mood_panel.show_mood(decision.mood, decision.confidence,
                                             decision.reason)
        if self._waiting_for_first_mood and decision.mood is not None:
            self._start_music_with(decision.mood)
        elif self.dj is not None:
            before = (self.dj.mood, self.dj.mode)
            self.dj.on_decision(decision)
            if (self.dj.mood, self.dj.mode) != before:
                self._after_mood_change()

    @Slot(str, str)
    def _on_camera_lost(self, source: str, reason: str) -> None:
        self.window.banners.show_banner(
            "camera", f"Camera lost ({reason}). The music keeps playing; reconnecting by "
            "itself…", "warning", action=("Choose mood by hand", self._go_manual))
        self.window.camera_view.show_message("Camera lost — reconnecting…")
        self.window.camera_status.setText("Camera: lost")

    @Slot(str)
    def _on_camera_restored(self, source: str) -> None:
        self.window.banners.clear_banner("camera")
        self.window.camera_status.setText("Camera: on")

    @Slot(str, bool)
    def _on_perception_error(self, message: str, fatal: bool) -> None:
        log.warning("perception: %s", message)
        if not fatal:
            self.window.statusBar().showMessage(message, 8000)
            return
        self.window.banners.show_banner(
            "camera", f"{message}. Choose the mood by hand; the music works without the camera.",
            "error", action=("Choose mood by hand", self._go_manual))
        self.window.camera_view.show_message(f"No camera\n{message}")
        self._start_music_with(None)
        self.window.camera_status.setText("Camera: unavailable")
        self.actions["camera"].setChecked(False)
        if self.dj is not None and self.dj.mode == "auto":
            self.window.mood_panel.show_mood(
                self.dj.mood, None, f"Playing {self.dj.mood.value} — the camera is not "
                "available; choose a mood by hand (1-7)")

    @Slot(str)
    def _on_source_ended(self, source: str) -> None:
        self.window.camera_view.show_message(f"The video {Path(source).name} ended")

    def _go_manual(self) -> None:
        self.window.mood_panel.dropdown.setFocus()
        self.window.mood_panel.dropdown.showPopup()

    def _show_camera_off(self, message: str) -> None:
        self.window.camera_view.show_message(message)
        self.window.camera_status.setText("Camera: off")
        self.actions["camera"].setChecked(False)

    # ----------------------------------------------------------------------- music

    @Slot(object)
    def _on_player_event(self, event: PlayerEvent) -> None:
        if self.dj is None or self.player is None or self._closing:
            return
        before = self.dj.playing_mood
        self.dj.on_player_event(event)
        kind = event.kind
        if kind is PlayerEventKind.TRACK_STARTED and event.track is not None:
            self.diagnostics.milestone("first_sound")
            self._show_track(event.track)
        elif kind is PlayerEventKind.POSITION:
            self.window.now_playing.show_position(event.position or 0.0, event.duration)
        elif kind is PlayerEventKind.STATE_CHANGED:
            playing = event.state is PlaybackState.PLAYING
            self.window.now_playing.show_playing(playing)
            self.window.playback_status.setText(
                {PlaybackState.PLAYING: "Playing", PlaybackState.PAUSED: "Paused"}.get(
                    event.state or PlaybackState.STOPPED, "Stopped"))
        elif kind is PlayerEventKind.ERROR:
            name = event.track.title if event.track else "A song"
            self.window.statusBar().showMessage(
                f"Could not play {name}: {event.message}. Playing the next song.", 10000)
        elif kind is PlayerEventKind.QUEUE_FAILED:
            self.window.banners.show_banner("music", event.message, "error")
        elif kind is PlayerEventKind.AUDIO_OUTPUT_FAILED:
            self.window.banners.show_banner(
                "audio", "No sound device could be opened, so nothing is heard. Connect "
                "speakers or headphones and check the system's sound settings; the music goes "
                "on, and moodplayer --audio-out FILE.wav records it to a file instead.",
                "warning")
        if self.dj.playing_mood is not before:
            self._check_fallback()
        self.desktop.player_event(event)

    def _show_track(self, track: Track) -> None:
        described = self.library.describe(track, with_cover=True)
        mood = self.dj.playing_mood if self.dj else None
        self.window.now_playing.show_track(described.title, described.artist, described.album,
                                           described.cover, mood)
        self.window.now_playing.show_position(0.0, described.duration)
        self.window.now_playing.show_playing(True)
        self.window.playback_status.setText("Playing")
        self.window.setWindowTitle(f"{described.display} — {APP_NAME}")
        self._show_queue()

    def _show_queue(self) -> None:
        if self.player is None:
            return
        queue = self.player.queue
        key = tuple(track.location for track in queue)
        if key != self._shown_queue:
            self._shown_queue = key
            # Titles from file names at once; the tags (titles, durations) are read off the
            # GUI thread, so a mood of thousands of songs never freezes the window.
            self.window.playlist.show_tracks(queue)
            self._tag_reader = threading.Thread(
                target=self._describe_queue, args=(key, list(queue)), daemon=True,
                name="moodplayer-playlist-tags")
            self._tag_reader.start()
        self.window.playlist.show_playing(self.player.current_index)
        self._show_playlist_title()

    def _describe_queue(self, key: tuple[str, ...], queue: list[Track]) -> None:
        """On a worker thread: read the queue's tags and hand them over."""
        described = []
        for track in queue:
            if self._closing or key != self._shown_queue:
                return
            described.append(self.library.describe(track))
        self.queue_described.emit(key, described)

    @Slot(tuple, list)
    def _on_queue_described(self, key: tuple[str, ...], tracks: list[Track]) -> None:
        if key != self._shown_queue or self._closing or self.player is None:
            return
        self.window.playlist.show_tracks(tracks)
        self.window.playlist.show_playing(self.player.current_index)

    def _show_playlist_title(self) -> None:
        if self.dj is None:
            return
        mood = self.dj.playing_mood
        title = f"PLAYLIST · {mood.display_name.upper()}" if mood else "PLAYLIST"
        pending = self.dj.pending
        if pending is not None and pending.mood is not mood:
            title += f"  —  {pending.mood.display_name.lower()} music after this song"
        self.window.playlist_title.setText(title)

    def _check_fallback(self) -> None:
        if self.dj is None:
            return
        resolution = self.library.resolve(self.dj.mood, wait=False)
        if resolution.complete and resolution.fell_back:
            mood = self.dj.mood
            self.window.banners.show_banner(
                "fallback", resolution.message, "info",
                action=(f"Add music for {mood.display_name}…", lambda: self.add_music(mood)))
        else:
            self.window.banners.clear_banner("fallback")

    def add_music(self, mood: Mood) -> None:
        """Ask for a folder of music for ``mood`` and add it to the mapping."""
        folder = QFileDialog.getExistingDirectory(
            self.window, f"Choose a folder of music for {mood.display_name}")
        if not folder:
            return
        new = self.context.settings.copy()
        sources = new.music.sources
        new.music.sources = {**sources, mood.value: [*sources.get(mood.value, []), folder]}
        self.apply_settings(new)

    def apply_settings(self, new: Settings) -> bool:
        """Use edited settings at once (music mapping and policy, camera, recognition,
        voting, behaviour) and save them; false when saving failed."""
        change = compare_settings(self.context.settings, new)
        adopt_settings(self.context.settings, new)
        settings = self.context.settings
        if change.music:
            self.library.update_settings(settings.music)
            if self.dj is not None:
                self.dj.update_settings(settings.music)
                self.dj.refresh()
            if change.remapped:
                self.music_reloader.reload(self.library, change.remapped, self._music_remapped)
            self._check_fallback()
        if change.camera_source:
            self.options.camera = None
        if change.restart_perception:
            self.restart_camera()
        self.window.camera_view.set_show_frames(settings.camera.show_preview)
        self.desktop.settings_changed()
        return self._save_now()

    def restart_camera(self) -> None:
        """Reopen the camera with the current settings (if it is running)."""
        old = self.perception
        if old is None:
            return
        paused = old.pipeline is not None and old.pipeline.paused
        self.perception = None
        old.blockSignals(True)
        if not old.shutdown(8000):
            log.warning("the perception thread did not stop in time")
        if paused:  # the listener paused it: it stays off until they turn it on
            self._show_camera_off(CAMERA_MESSAGES["paused"])
        else:
            self._start_camera()

    def _music_remapped(self, moods: frozenset[Mood]) -> None:
        """Moods' music was built again: the mood playing now starts its new music."""
        if self.dj is None or self.player is None or self._closing:
            return
        if self.dj.mood in moods or self.dj.playing_mood in moods:
            playing = self.player.state is PlaybackState.PLAYING
            self.dj.start(play=playing)
            self._show_queue()
        self._check_fallback()

    def _manual_without_music(self, mood: Mood) -> None:
        self.window.mood_panel.show_choice(mood)
        self.window.mood_panel.show_mood(mood, None, f"You chose {mood.value} (no music: "
                                         "libVLC is missing)")

    def _show_note(self, note: str) -> None:
        self.window.statusBar().showMessage(note, 6000)

    # ----------------------------------------------------------------------- showing state

    def _after_mood_change(self) -> None:
        self._show_choice()
        self._check_fallback()
        self._show_playlist_title()
        if self.dj is not None:
            by_hand = self.dj.mode == "manual"
            reason = self._last_decision.reason if self._last_decision and not by_hand else ""
            self.desktop.mood_changed(self.dj.mood, by_hand=by_hand, reason=reason)

    def _show_choice(self) -> None:
        if self.dj is None:
            return
        manual = self.dj.mode == "manual"
        self.window.mood_panel.show_choice(self.dj.mood if manual else None)
        self.actions["lock"].setChecked(self.dj.locked)
        if manual:
            how = "locked" if self.dj.locked else "chosen by hand"
            self.window.mood_panel.show_mood(
                self.dj.mood, None, f"You chose {self.dj.mood.display_name.lower()} ({how}). "
                "Press A to let the camera choose again.")
        elif self._last_decision is not None:
            d = self._last_decision
            self.window.mood_panel.show_mood(d.mood or self.dj.mood, d.confidence, d.reason)
        else:
            self.window.mood_panel.show_mood(
                self.dj.mood, None, f"Starting with {self.dj.mood.display_name.lower()} until "
                "the camera has seen your face for a moment")

    def _show_player_modes(self) -> None:
        if self.player is None:
            return
        self.window.now_playing.show_volume(self.player.volume, self.player.muted)
        self.window.now_playing.show_modes(self.player.shuffle, self.player.repeat.value)
        self.actions["mute"].setChecked(self.player.muted)
        self.actions["shuffle"].setChecked(self.player.shuffle)
        self.actions["repeat"].setText(f"Repeat: {self.player.repeat.value}")
        self.desktop.modes_changed()

    @Slot()
    def _tick(self) -> None:
        if self.dj is not None:
            was_locked = self.dj.locked
            self.dj.tick()
            if was_locked and not self.dj.locked:
                self.choose_auto()
        manual = self.dj is not None and self.dj.mode == "manual"
        mood = self.dj.mood if self.dj is not None else None
        decision = self._last_decision
        if not manual and decision is not None:
            mood = decision.mood or mood
        face_seen = (manual or self.perception is None
                     or (decision is not None and decision.face_seen))
        self.window.timeline.record(mood, manual=manual, face_seen=face_seen)

    # ----------------------------------------------------------------------- quitting

    def _save_soon(self) -> None:
        self.save_timer.start()

    def _save_now(self) -> bool:
        saved = self.context.save_settings()
        if not saved and self.context.store.save_error:
            self.window.statusBar().showMessage(self.context.store.save_error, 10000)
        return saved

    def _restore_geometry(self) -> None:
        geometry = self.context.settings.window.geometry
        if self.context.settings.behaviour.remember_geometry and geometry:
            self.window.restoreGeometry(QByteArray.fromBase64(geometry.encode()))

    @Slot(QCloseEvent)
    def _on_close_requested(self, event: QCloseEvent) -> None:
        if not self.quit_requested and self.desktop.keep_running_on_close():
            event.ignore()
            self.window.hide()
            return
        self.shutdown()
        event.accept()

    def shutdown(self) -> None:
        """Stop the perception thread, libVLC and the timers, and save the state."""
        if self._closing:
            return
        self._closing = True
        self.tick_timer.stop()
        self.save_timer.stop()
        self.diagnostics.stop()
        self.desktop.stop()
        self.music_reloader.cancel()
        if self.perception is not None and not self.perception.shutdown(8000):
            log.warning("the perception thread did not stop in time")
        if self._tag_reader is not None:
            self._tag_reader.join(2.0)
        if self.player is not None:
            self.player.on_event = None
            self.player.close()
        if self.context.settings.behaviour.remember_geometry:
            self.context.settings.window.geometry = bytes(
                self.window.saveGeometry().toBase64().data()).decode()
        self._save_now()
        app = QApplication.instance()
        if app is not None:
            QTimer.singleShot(0, app.quit)
