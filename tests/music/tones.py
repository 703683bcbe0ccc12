"""Tones made on the spot for the player tests, and a reader that measures what was played."""

from __future__ import annotations

import wave
from dataclasses import dataclass
from pathlib import Path

import numpy as np

RATE = 44100


def write_tone(path: Path, seconds: float, frequency: float = 440.0, amplitude: float = 0.5,
               rate: int = RATE) -> Path:
    """A mono 16-bit WAV sine tone of ``amplitude`` (0-1 of full scale)."""
    return write_steps(path, [(seconds, amplitude)], frequency, rate)


def write_steps(path: Path, steps: list[tuple[float, float]], frequency: float = 440.0,
                rate: int = RATE) -> Path:
    """A mono 16-bit WAV sine tone in parts of ``(seconds, amplitude)``."""
    envelope = np.concatenate([np.full(int(seconds * rate), amplitude)
                               for seconds, amplitude in steps])
    t = np.arange(envelope.size) / rate
    samples = (envelope * np.sin(2 * np.pi * frequency * t) * 32767).astype("<i2")
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(samples.tobytes())
    return path


def write_corrupt(path: Path, size: int = 6000, seed: int = 1) -> Path:
    """Random bytes under an audio file's name: libVLC finds no audio in it."""
    path.write_bytes(np.random.default_rng(seed).integers(0, 256, size, dtype=np.uint8).tobytes())
    return path


@dataclass(frozen=True)
class Recording:
    """What a WAV file holds: its length and loudness (first channel, -1..1 scale)."""

    seconds: float
    channels: int
    rate: int
    samples: np.ndarray

    @property
    def rms(self) -> float:
        return float(np.sqrt(np.mean(self.samples ** 2))) if self.samples.size else 0.0

    def rms_between(self, start: float, end: float) -> float:
        chunk = self.samples[int(start * self.rate):int(end * self.rate)]
        return float(np.sqrt(np.mean(chunk ** 2))) if chunk.size else 0.0

    def sounding_seconds(self, threshold: float = 0.01, window: float = 0.05) -> float:
        """Seconds of windows whose RMS is above ``threshold`` (silence does not count)."""
        size = int(window * self.rate)
        count = len(self.samples) // size
        if count == 0:
            return 0.0
        blocks = self.samples[: count * size].reshape(count, size)
        loud = np.sqrt(np.mean(blocks ** 2, axis=1)) > threshold
        return float(loud.sum() * window)


def read_recording(path: Path) -> Recording:
    with wave.open(str(path), "rb") as wav:
        channels, rate = wav.getnchannels(), wav.getframerate()
        raw = np.frombuffer(wav.readframes(wav.getnframes()), dtype="<i2")
    first = raw.reshape(-1, channels)[:, 0].astype(np.float64) / 32768.0
    return Recording(len(first) / rate, channels, rate, first)
