"""The DJ: the policy between the mood and the player.

It takes the voter's :class:`~moodplayer.moods.MoodDecision`s and the listener's manual choices
and decides what the :class:`~moodplayer.music.player_api.Player` plays and when:

* **auto** mode follows decisions (an uncertain decision, ``mood=None``, changes nothing);
* a **manual** choice (the dropdown) overrides decisions until the listener returns to auto;
  it may be **locked**, which returns to auto by itself after ``lock_minutes`` (0: never) on the
  injectable ``clock`` (call :meth:`DJ.tick` now and then, e.g. once a second);
* a change of mood takes effect at the **end of the current song** (``switch_policy``
  ``song_end``: the player's next queue) or **at once** (``immediate``: a fade out of
  ``fade_seconds``, the new music, a fade in);
* **mirror** or **lift** (:mod:`~moodplayer.music.music_path`): which moods' music plays over the
  following songs;
* a mood with no music falls back along :func:`~moodplayer.music.fallback.fallback_order`
  (the configured mood, then neutral, then calm before loud) and says so; a mood whose
  music cannot be played at all (the player's ``QUEUE_FAILED``) falls back the same way;
* a **history** keeps a song from repeating within ``no_repeat_within`` plays when the playlist
  allows, and each mood resumes after the song it was left at;
* the **state** (mode, last mood, volume, mute, shuffle, repeat, where each mood was) lives in
  the settings' :class:`~moodplayer.settings.PlaybackState`; ``persist`` is called after it
  changes (the GUI passes ``context.save_settings``).

Every method returns the notes it made for the listener ("Mood is now sad; playing sad music
after this song") and hands each to ``on_note``. The DJ is not thread-safe: call it from one
thread (the GUI thread), including :meth:`DJ.on_player_event` with the player's events
marshalled there. Callbacks it gives the player (fade ``then``) only call the player.
"""

from __future__ import annotations

import functools
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Concatenate, ParamSpec

from moodplayer.moods import Mood, MoodDecision
from moodplayer.music.fallback import fallback_order
from moodplayer.music.music_path import SONGS_PER_STEP, STEP_WORDS, describe_path, music_path
from moodplayer.music.play_history import PlayHistory
from moodplayer.music.player_api import (
    PlaybackState as PlayerState,
)
from moodplayer.music.player_api import (
    Player,
    PlayerEvent,
    PlayerEventKind,
    RepeatMode,
)
from moodplayer.music.tracks import Track, TrackSource
from moodplayer.settings import MusicSettings, PlaybackState

log = logging.getLogger(__name__)

AUTO, MANUAL = "auto", "manual"
Params = ParamSpec("Params")


def _returns_notes(
        method: Callable[Concatenate[DJ, Params], None]
) -> Callable[Concatenate[DJ, Params], list[str]]:
    """The method returns the notes made while it ran, nested calls (player events handed
    back synchronously) included."""
    @functools.wraps(method)
    def with_notes(self: DJ, *args: Params.args, **kwargs: Params.kwargs) -> list[str]:
        first = len(self._notes)
        self._calls += 1
        try:
            method(self, *args, **kwargs)
        finally:
            self._calls -= 1
        notes = self._notes[first:]
        if self._calls == 0:
            self._notes.clear()
        return notes

    return with_notes


@dataclass(frozen=True)
class QueuePlan:
    """Music for one step of a path: whose music, the tracks, where to start."""

    mood: Mood
    tracks: tuple[Track, ...]
    start_index: int
    step: int


class DJ:
    """Decides what the player plays. See the module's documentation."""

    def __init__(self, player: Player, source: TrackSource, music: MusicSettings,
                 state: PlaybackState, *, clock: Callable[[], float] = time.monotonic,
                 persist: Callable[[], object] | None = None,
                 on_note: Callable[[str], None] | None = None,
                 songs_per_step: int = SONGS_PER_STEP) -> None:
        self.player = player
        self.source = source
        self.music = music
        self.state = state
        self.clock = clock
        self.persist = persist
        self.on_note = on_note
        self.songs_per_step = max(1, songs_per_step)
        self.history = PlayHistory(music.no_repeat_within)
        self.mode = state.mood_mode if state.mood_mode in (AUTO, MANUAL) else AUTO
        self.mood: Mood = _parse_mood(state.last_mood) or Mood.NEUTRAL
        self.detected_mood: Mood | None = None
        self.locked = False
        self.locked_until: float | None = None
        self.path: tuple[Mood, ...] = (self.mood,)
        self.active: QueuePlan | None = None
        self.pending: QueuePlan | None = None
        self._pending_by_fade = False
        self._songs_in_step = 0
        self._broken: set[Mood] = set()
        self._notes: list[str] = []
        self._calls = 0

    # ================================================================= reading

    @property
    def playing_mood(self) -> Mood | None:
        """Whose music the player is playing (differs from :attr:`mood` on a lift path or
        after a fallback)."""
        return self.active.mood if self.active else None

    def lock_remaining(self) -> float | None:
        """Seconds until a timed lock ends, ``None`` when not locked or locked until unlocked."""
        if not self.locked or self.locked_until is None:
            return None
        return max(0.0, self.locked_until - self.clock())

    # ================================================================= listener and voter

    def restore_player(self) -> None:
        """Give the player the saved volume, mute, shuffle and repeat."""
        self.player.set_volume(self.state.volume)
        self.player.set_muted(self.state.muted)
        self.player.set_shuffle(self.state.shuffle)
        self.player.set_repeat(RepeatMode(self.state.repeat))

    @_returns_notes
    def start(self, play: bool = True, mood: Mood | None = None) -> None:
        """Restore the saved state into the player and queue the music of ``mood`` (the
        first mood the camera saw) or, by default, of the last mood."""
        if mood is not None:
            self.mood = self.detected_mood = mood
            self.state.last_mood = mood.value
        self.restore_player()
        self.path = music_path(self.mood, self.music.strategy)
        plan = self._plan(self.path, 0)
        if plan is not None:
            self.active, self.pending, self._songs_in_step = plan, None, 0
            self._note(f"{'Playing' if play else 'Ready to play'} {describe_path(self.path)}")
            self.player.set_queue(plan.tracks, plan.start_index, play=play)

    @_returns_notes
    def on_decision(self, decision: MoodDecision) -> None:
        """A decision from the voter: followed in auto mode, remembered in manual mode."""
        self._check_lock()
        if decision.mood is not None:
            self.detected_mood = decision.mood
            if self.mode == AUTO and decision.mood is not self.mood:
                self._change_mood(decision.mood, f"Mood is now {decision.mood.value}",
                                  at_once=self._at_once(None))

    @_returns_notes
    def choose(self, mood: Mood, *, lock: bool = False,
               at_once: bool | None = None) -> None:
        """The listener picked ``mood`` by hand; ``lock`` for ``lock_minutes`` (0: until
        unlocked). ``at_once`` overrides the switch policy for this change."""
        self.mode = MANUAL
        self.state.mood_mode = MANUAL
        self._broken.discard(mood)  # asked for by name: try its music again
        self.locked = lock
        minutes = self.music.lock_minutes
        self.locked_until = self.clock() + minutes * 60 if lock and minutes > 0 else None
        how = ""
        if lock:
            how = f", locked for {minutes} minutes" if minutes > 0 else ", locked until you unlock"
        if mood is self.mood and self.active is not None:
            self._note(f"You chose {mood.value}{how}; the {mood.value} music goes on")
            self._save()
        else:
            self._change_mood(mood, f"You chose {mood.value}{how}", self._at_once(at_once))

    @_returns_notes
    def set_auto(self, at_once: bool | None = None) -> None:
        """Follow the face again (also ends a lock); switches to the detected mood if known."""
        self._follow_face(at_once)

    def refresh(self) -> None:
        """The library changed: moods whose music failed may be tried again."""
        self._broken.clear()

    def update_settings(self, music: MusicSettings) -> None:
        """New music settings (strategy, policy, fade, fallback, history, lock length); they
        apply from the next change of mood."""
        self.music = music
        self.history.no_repeat_within = max(0, music.no_repeat_within)

    def _follow_face(self, at_once: bool | None) -> None:
        self.mode = AUTO
        self.state.mood_mode = AUTO
        self.locked, self.locked_until = False, None
        detected = self.detected_mood
        if detected is not None and detected is not self.mood:
            self._change_mood(detected, f"Following your face again: mood is {detected.value}",
                              self._at_once(at_once))
        else:
            self._note("Following your face again")
            self._save()

    @_returns_notes
    def tick(self) -> None:
        """Let time pass on the clock: a timed lock may end."""
        self._check_lock()

    # ================================================================= player settings

    def set_volume(self, volume: int) -> None:
        self.player.set_volume(volume)
        self.state.volume = self.player.volume
        self._save()

    def set_muted(self, muted: bool) -> None:
        self.player.set_muted(muted)
        self.state.muted = self.player.muted
        self._save()

    def set_shuffle(self, shuffle: bool) -> None:
        self.player.set_shuffle(shuffle)
        self.state.shuffle = self.player.shuffle
        self._save()

    def set_repeat(self, mode: RepeatMode) -> None:
        self.player.set_repeat(mode)
        self.state.repeat = self.player.repeat.value
        self._save()

    # ================================================================= player events

    @_returns_notes
    def on_player_event(self, event: PlayerEvent) -> None:
        """Feed every player event here (on the DJ's thread)."""
        if event.kind is PlayerEventKind.TRACK_STARTED and event.track is not None:
            self._on_track_started(event.track)
        elif event.kind is PlayerEventKind.QUEUE_FAILED:
            self._on_queue_failed()
        elif (event.kind is PlayerEventKind.STATE_CHANGED and event.state is PlayerState.STOPPED
              and self.pending is not None and self._pending_by_fade):
            # stopped during a fade: the switch it was leading to happens now, silently
            plan = self.pending
            self._promote()
            self.player.set_queue(plan.tracks, plan.start_index, play=False)

    def _on_track_started(self, track: Track) -> None:
        pending = self.pending
        if pending is not None and self.player.queue == list(pending.tracks):
            self._promote()  # the player has moved on to the queue the DJ asked for
        self._songs_in_step += 1
        self.history.record(track.location)
        if self.active is not None:
            self.state.resume[self.active.mood.value] = track.location
        self._save()
        self._maybe_take_next_step()

    def _promote(self) -> None:
        self.active, self.pending = self.pending, None
        self._pending_by_fade = False
        self._songs_in_step = 0

    def _maybe_take_next_step(self) -> None:
        """On a lift path: after enough songs, the next step's music follows this song."""
        active = self.active
        if active is None or self.pending is not None:
            return
        if self._songs_in_step < self.songs_per_step:
            return
        for step in range(active.step + 1, len(self.path)):
            plan = self._plan(self.path, step)
            if plan is None or plan.mood is active.mood:
                continue
            self.pending = plan
            self.player.set_next_queue(plan.tracks, plan.start_index)
            word = STEP_WORDS.get(step, "other")
            self._note(f"Moving on to {word} music ({plan.mood.value}) after this song")
            return

    def _on_queue_failed(self) -> None:
        active = self.active
        if active is None:
            return
        self._broken.add(active.mood)
        self.pending, self._pending_by_fade = None, False
        plan = self._plan((self.mood,), 0, quiet=True)
        if plan is None:
            self._note(f"None of the {active.mood.value} music could be played, and there is "
                       "no other music to play. Check the music folders in Settings.")
            return
        self._note(f"None of the {active.mood.value} music could be played; playing "
                   f"{plan.mood.value} music instead")
        self.active, self._songs_in_step = plan, 0
        self.player.set_queue(plan.tracks, plan.start_index, play=True)

    # ================================================================= switching

    def _at_once(self, override: bool | None) -> bool:
        return self.music.switch_policy == "immediate" if override is None else override

    def _check_lock(self) -> None:
        if self.locked and self.locked_until is not None and self.clock() >= self.locked_until:
            mood = self.mood.value
            self._note(f"The lock on {mood} has ended")
            self._follow_face(None)

    def _change_mood(self, mood: Mood, headline: str, at_once: bool) -> None:
        self.mood = mood
        self.state.last_mood = mood.value
        self._save()
        self.path = music_path(mood, self.music.strategy)
        plan = self._plan(self.path, 0)
        if plan is None:
            self.pending, self._pending_by_fade = None, False
            self.player.set_next_queue(None)
            self._note(f"{headline}; there is no music to play")
            return
        lift_words = describe_path(self.path)
        active = self.active
        if active is not None and plan.mood is active.mood:
            self._cancel_pending()
            self._note(f"{headline}; the {plan.mood.value} music goes on")
            self.active = QueuePlan(active.mood, active.tracks, active.start_index, 0)
            self._songs_in_step = 0
            return
        stopped = self.player.state is PlayerState.STOPPED
        if stopped:
            self._cancel_pending()
            self.active, self._songs_in_step = plan, 0
            self.player.set_queue(plan.tracks, plan.start_index, play=False)
            self._note(f"{headline}; {lift_words} is ready to play")
        elif at_once:
            self._switch_now(plan)
            self._note(f"{headline}; switching to {lift_words}")
        else:
            self.pending, self._pending_by_fade = plan, False
            self.player.set_next_queue(plan.tracks, plan.start_index)
            self._note(f"{headline}; playing {lift_words} after this song")

    def _switch_now(self, plan: QueuePlan) -> None:
        player = self.player
        seconds = self.music.fade_seconds
        player.set_next_queue(None)
        if seconds <= 0:
            player.set_queue(plan.tracks, plan.start_index, play=True)
            self.pending, self._pending_by_fade = plan, False
            return
        self.pending, self._pending_by_fade = plan, True

        def after_fade_out() -> None:  # runs on the player's thread: touches only the player
            player.set_queue(plan.tracks, plan.start_index, play=True)
            player.fade_to(1.0, seconds)

        player.fade_to(0.0, seconds, then=after_fade_out)

    def _cancel_pending(self) -> None:
        if self.pending is None:
            return
        by_fade = self._pending_by_fade
        self.pending, self._pending_by_fade = None, False
        self.player.set_next_queue(None)
        if by_fade:
            self.player.fade_to(1.0, self.music.fade_seconds)  # fade back in, no switch

    # ================================================================= music for a mood

    def _tracks(self, mood: Mood) -> list[Track]:
        if mood in self._broken:
            return []
        try:
            return list(self.source.tracks_for(mood))
        except Exception:  # a broken library must not stop the music policy
            log.exception("could not list the music for %s", mood.value)
            return []

    def _plan(self, path: tuple[Mood, ...], step: int, *, quiet: bool = False) -> QueuePlan | None:
        """The music for ``path[step]``; step 0 falls back to another mood when empty."""
        wanted = path[step]
        tracks = self._tracks(wanted)
        mood = wanted
        if not tracks and step > 0:
            return None
        if not tracks:
            for candidate in fallback_order(wanted, self.music.fallback_mood):
                tracks = self._tracks(candidate)
                if tracks:
                    mood = candidate
                    break
            if not tracks:
                if not quiet:
                    self._note("No music found for any mood: add folders or playlists in "
                               "Settings > Music")
                return None
            if not quiet:
                self._note(f"There is no {wanted.value} music, so {mood.value} music plays "
                           f"instead (add music for {wanted.value} in Settings > Music)")
        start = self.history.choose_start(tracks, after=self.state.resume.get(mood.value))
        return QueuePlan(mood, tuple(tracks), start, step)

    # ================================================================= helpers

    def _note(self, text: str) -> None:
        self._notes.append(text)
        if self.on_note is not None:
            self.on_note(text)


    def _save(self) -> None:
        if self.persist is not None:
            self.persist()


def _parse_mood(name: str) -> Mood | None:
    try:
        return Mood.parse(name)
    except ValueError:
        return None
