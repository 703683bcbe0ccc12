"""WavSink: writes the sound libVLC plays into a WAV file, instead of the sound card.

libVLC hands decoded audio to its ``amem`` callbacks (16-bit, 44.1 kHz, stereo); the sink
applies the player's volume (the same cubic curve libVLC's software volume uses) and appends
the samples to one WAV file that stays open for the player's life, so every track of the queue
lands in it one after the other. (libVLC's own ``afile`` output was measured unfit: it
truncates the file at each new track and ignores the volume.)

``write`` runs on a libVLC thread: it only converts and writes samples, never calls libVLC.
"""

from __future__ import annotations

import threading
import time
import wave
from pathlib import Path

import numpy as np

SAMPLE_RATE = 44100
CHANNELS = 2
SAMPLE_FORMAT = "S16N"  # libVLC's name for native-endian signed 16-bit
BYTES_PER_FRAME = 2 * CHANNELS
SOUND_THRESHOLD = 16  # a sample above this (of 32767) counts as sound, not silence


def gain_for_level(level: float) -> float:
    """Amplitude factor for a volume level 0-100 (cubic, like libVLC's software volume)."""
    fraction = max(0.0, min(1.0, level / 100.0))
    return fraction ** 3


class WavSink:
    """One WAV file receiving libVLC's decoded audio. Thread-safe.

    ``max_seconds`` caps the file: sound beyond it is dropped.
    """

    def __init__(self, path: Path, max_seconds: float | None = None) -> None:
        self.path = Path(path)
        self.max_frames = None if max_seconds is None else int(max_seconds * SAMPLE_RATE)
        self._lock = threading.Lock()
        self._file = self.path.open("wb")  # stays open for the player's life
        self._wave: wave.Wave_write | None = wave.open(self._file, "wb")  # noqa: SIM115
        self._wave.setnchannels(CHANNELS)
        self._wave.setsampwidth(2)
        self._wave.setframerate(SAMPLE_RATE)
        self.gain = 1.0
        self.frames_written = 0
        self.first_sound_at: float | None = None
        """``time.monotonic()`` when the first non-silent sample arrived (for benchmarks)."""

    @property
    def seconds_written(self) -> float:
        return self.frames_written / SAMPLE_RATE

    def write(self, data: bytes) -> None:
        """Append interleaved 16-bit frames, scaled by :attr:`gain`."""
        samples = np.frombuffer(data, dtype=np.int16)
        gain = self.gain
        if gain != 1.0:
            samples = np.clip(np.rint(samples * gain), -32768, 32767).astype(np.int16)
        if self.first_sound_at is None and samples.size and \
                int(np.abs(samples.astype(np.int32)).max()) > SOUND_THRESHOLD:
            self.first_sound_at = time.monotonic()
        with self._lock:
            if self._wave is None:
                return
            if self.max_frames is not None:
                samples = samples[: max(0, self.max_frames - self.frames_written) * CHANNELS]
            self._wave.writeframes(samples.tobytes())
            self.frames_written += samples.size // CHANNELS

    def close(self) -> None:
        """Finish the WAV header and close the file (idempotent)."""
        with self._lock:
            if self._wave is not None:
                self._wave.close()
                self._wave = None
                self._file.close()
