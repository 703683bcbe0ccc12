#!/usr/bin/env python3
"""Generate Mood Player's bundled demo music: original synthesised tracks, one folder per mood.

Every sound is synthesised here from sine waves, band-limited saw and pulse oscillators and
filtered noise: no samples, no recordings, nothing downloaded. Each track is composed in code
(a form of sections, chord progressions, a motif-based melody, a bass line and drum patterns),
rendered note by note with numpy, mixed with a little stereo width, a convolution reverb and a
ping-pong delay, brought to a sensible loudness with a peak ceiling of -1 dBFS, faded in and out,
encoded to Ogg Vorbis and tagged.

The output is deterministic: every track has a fixed seed, and the Ogg stream serial number
(which libsndfile would otherwise pick at random) is pinned, so rerunning the script writes
byte-identical files for the same library versions.

Usage::

    python packaging/generate_demo_music.py [--out playlists] [--mood happy ...]

Requires numpy, soundfile (its wheels bundle libsndfile with Ogg Vorbis) and mutagen::

    pip install numpy soundfile mutagen

The generated music is dedicated to the public domain (CC0 1.0); see playlists/README.md.
"""

from __future__ import annotations

import argparse
import io
import re
import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import NamedTuple

import numpy as np
import soundfile as sf
from mutagen.ogg import OggPage
from mutagen.oggvorbis import OggVorbis

SR = 44_100
SEED = 2026
MOODS = ("angry", "disgust", "fear", "happy", "sad", "surprise", "neutral")
# Peak ceiling of the decoded files. Lossy encoding overshoots the input's peaks (by up to
# ~1.3 dB on the distorted tracks, and not in proportion to the input level), so each track is
# checked after encoding and re-encoded a little quieter if needed.
CEILING_DB = -1.0
ENCODE_ATTEMPTS = 6
ENCODE_STEP = 10 ** (-0.25 / 20)  # each retry also turns down by a further 0.25 dB
FADE_IN_S = 1.0
FADE_OUT_S = 3.0
TAIL_S = 2.0
# libsndfile maps 0.0 (best) .. 1.0 (smallest) onto Vorbis quality 1.0 .. 0.0. At 0.9 (about
# 70 kbit/s for these tracks) the fourteen tracks stay under the 6 MB budget and sound clean.
VORBIS_COMPRESSION = 0.9
SIZE_BUDGET_BYTES = 6_000_000
WRITE_BLOCK_FRAMES = 16_384
ARTIST = "Mood Player"
ALBUM = "Mood Player Demo Music"
YEAR = "2026"
LICENSE = "CC0-1.0"
DEFAULT_OUT = Path(__file__).resolve().parent.parent / "playlists"

Rng = np.random.Generator
Signal = np.ndarray
Floats = Sequence[float] | np.ndarray


# --------------------------------------------------------------------------- basic helpers


def hz(pitch: float) -> float:
    """Frequency in Hz of a MIDI pitch (69 = A4 = 440 Hz); fractions are cents."""
    return 440.0 * 2.0 ** ((pitch - 69.0) / 12.0)


def samples(seconds: float) -> int:
    """Number of samples in `seconds` (never negative)."""
    return max(0, round(seconds * SR))


def time_axis(n: int) -> Signal:
    """Sample times in seconds for `n` samples."""
    return np.arange(n) / SR


def db_to_gain(db: float) -> float:
    """Linear gain for a level in decibels."""
    return float(10.0 ** (db / 20.0))


def gain_to_db(gain: float) -> float:
    """Level in decibels of a linear gain (floored at -120 dB)."""
    return float(20.0 * np.log10(max(gain, 1e-6)))


def fft_filter(
    x: Signal, lowpass: float | None = None, highpass: float | None = None, order: int = 2
) -> Signal:
    """Zero-phase Butterworth-shaped low/high-pass along the last axis, in the frequency domain."""
    if lowpass is None and highpass is None:
        return x
    n = x.shape[-1]
    size = 1 << (n + 4096 - 1).bit_length()
    spectrum = np.fft.rfft(x, size, axis=-1)
    freqs = np.fft.rfftfreq(size, 1.0 / SR)
    response = np.ones_like(freqs)
    if lowpass is not None:
        response /= np.sqrt(1.0 + (freqs / lowpass) ** (2 * order))
    if highpass is not None:
        response /= np.sqrt(1.0 + (highpass / np.maximum(freqs, 1e-3)) ** (2 * order))
    return np.fft.irfft(spectrum * response, size, axis=-1)[..., :n]


# --------------------------------------------------------------------------- envelopes


def attack_ramp(n: int, seconds: float) -> Signal:
    """A linear rise from silence over `seconds`, then 1."""
    ramp = np.ones(n)
    k = min(n, samples(seconds))
    if k:
        ramp[:k] = np.linspace(0.0, 1.0, k, endpoint=False)
    return ramp


def gate(n_hold: int, release: float) -> Signal:
    """1 while a note is held, then a smooth fall to silence over `release` seconds."""
    fall = 0.5 * (1.0 + np.cos(np.linspace(0.0, np.pi, samples(release))))
    return np.concatenate([np.ones(n_hold), fall])


def adsr(n_hold: int, attack: float, decay: float, sustain: float, release: float) -> Signal:
    """Attack-decay-sustain envelope held for `n_hold` samples, then released to silence."""
    t = time_axis(n_hold)
    env = sustain + (1.0 - sustain) * np.exp(-np.clip(t - attack, 0.0, None) / max(decay / 3, 1e-4))
    rising = t < attack
    env[rising] = t[rising] / attack
    level = env[-1] if n_hold else 0.0
    n_rel = samples(release)
    fall = level * (1.0 - np.arange(1, n_rel + 1) / max(n_rel, 1)) ** 2
    return np.concatenate([env, fall])


# --------------------------------------------------------------------------- oscillators


@dataclass(frozen=True)
class Note:
    """One sounding event: start and held length in seconds, MIDI pitch, velocity, pitch glide."""

    start: float
    dur: float
    pitch: float = 60.0
    vel: float = 0.8
    bend: float = 0.0  # semitones glided over the held length


Voice = Callable[[Note, Rng], Signal]


def freq_curve(
    note: Note,
    n: int,
    vibrato_cents: float = 0.0,
    vibrato_hz: float = 5.5,
    vibrato_delay: float = 0.25,
    extra_bend: float = 0.0,
) -> Signal:
    """Per-sample frequency of a note, with its glide, an optional droop and delayed vibrato."""
    t = time_axis(n)
    ramp = np.clip(t / max(note.dur, 1e-3), 0.0, 1.0)
    cents = (note.bend + extra_bend) * 100.0 * ramp
    if vibrato_cents:
        depth = vibrato_cents * np.clip((t - vibrato_delay) / 0.3, 0.0, 1.0)
        cents = cents + depth * np.sin(2 * np.pi * vibrato_hz * t)
    return hz(note.pitch) * 2.0 ** (cents / 1200.0)


def phase_of(freq: Signal, offset: float = 0.0) -> Signal:
    """Oscillator phase in cycles (0..1) for a per-sample frequency."""
    return (offset + np.cumsum(freq) / SR) % 1.0


def _poly_blep(phase: Signal, dt: Signal) -> Signal:
    """PolyBLEP correction that removes most aliasing from a hard waveform edge at phase 0."""
    out = np.zeros_like(phase)
    rising = phase < dt
    p = phase[rising] / dt[rising]
    out[rising] = p + p - p * p - 1.0
    falling = phase > 1.0 - dt
    p = (phase[falling] - 1.0) / dt[falling]
    out[falling] = p * p + p + p + 1.0
    return out


def sine(freq: Signal, offset: float = 0.0) -> Signal:
    """Sine oscillator."""
    return np.sin(2 * np.pi * phase_of(freq, offset))


def saw(freq: Signal, offset: float = 0.0) -> Signal:
    """Band-limited (polyBLEP) sawtooth oscillator."""
    phase = phase_of(freq, offset)
    return 2.0 * phase - 1.0 - _poly_blep(phase, freq / SR)


def pulse(freq: Signal, offset: float = 0.0, width: float = 0.5) -> Signal:
    """Band-limited (polyBLEP) pulse oscillator, DC removed."""
    phase = phase_of(freq, offset)
    dt = freq / SR
    naive = np.where(phase < width, 1.0, -1.0)
    edges = _poly_blep(phase, dt) - _poly_blep((phase - width) % 1.0, dt)
    return naive + edges - (2.0 * width - 1.0)


# --------------------------------------------------------------------------- pitched voices


def modal(
    note: Note,
    rng: Rng,
    *,
    ratios: Floats,
    amps: Floats,
    decays: Floats,
    release: float = 0.1,
    attack: float = 0.002,
) -> Signal:
    """Additive synthesis of decaying partials: plucks, bells, mallets, struck strings."""
    env = gate(samples(note.dur), release)
    n = env.size
    t = time_axis(n)
    f0 = hz(note.pitch)
    out = np.zeros(n)
    for ratio, amp, decay in zip(ratios, amps, decays, strict=True):
        if f0 * ratio > 0.42 * SR:
            continue
        phase = rng.uniform(0.0, 2 * np.pi)
        out += amp * np.exp(-t / decay) * np.sin(2 * np.pi * f0 * ratio * t + phase)
    return note.vel * out * env * attack_ramp(n, attack)


def pluck(
    note: Note, rng: Rng, *, decay: float = 0.5, harmonics: int = 14, tilt: float = 1.4,
    damping: float = 0.6, release: float = 0.06,
) -> Signal:
    """Plucked string: harmonic partials whose upper ones die away first."""
    k = np.arange(1, harmonics + 1)
    return modal(
        note, rng, ratios=k, amps=k**-tilt, decays=decay / (1 + damping * (k - 1)),
        release=release,
    )


def piano(note: Note, rng: Rng) -> Signal:
    """Piano-like tone: slightly stretched partials, a fast strike and a slow ring."""
    f0 = hz(note.pitch)
    k = np.arange(1, 17)
    ratios = k * np.sqrt(1 + 3e-4 * k**2)
    ring = float(np.clip(3.5 * (262.0 / f0) ** 0.7, 0.5, 9.0))
    amps = k ** -(2.4 - 1.2 * min(note.vel, 1.0))
    decays = ring / (1 + 0.5 * (k - 1))
    body = modal(note, rng, ratios=ratios, amps=amps, decays=decays, release=0.3)
    strike = modal(note, rng, ratios=ratios * 1.0008, amps=amps, decays=decays * 0.12, release=0.3)
    return 0.55 * body + 0.45 * strike


def epiano(note: Note, rng: Rng, *, brightness: float = 1.0) -> Signal:
    """Soft electric piano: two-operator FM with a decaying index and a short tine."""
    env = gate(samples(note.dur), 0.3)
    n = env.size
    t = time_axis(n)
    f0 = hz(note.pitch)
    index = brightness * (0.3 + 1.5 * note.vel * np.exp(-t / 0.4))
    body = np.sin(2 * np.pi * f0 * t + index * np.sin(2 * np.pi * f0 * t))
    body *= np.exp(-t / (2.5 * (262.0 / f0) ** 0.3))
    tine = 0.2 * note.vel * np.exp(-t / 0.05) * np.sin(2 * np.pi * min(7 * f0, 0.4 * SR) * t)
    return note.vel * (body + tine) * env * attack_ramp(n, 0.003)


def supersaw(
    note: Note, rng: Rng, *, voices: int = 5, detune: float = 12.0, attack: float = 0.5,
    decay: float = 0.8, sustain: float = 0.8, release: float = 1.0, vibrato: float = 0.0,
    tremolo_hz: float = 0.0, tremolo_depth: float = 0.0, droop: float = 0.0,
) -> Signal:
    """Detuned saw ensemble: pads, strings (with tremolo), distorted guitars."""
    env = adsr(samples(note.dur), attack, decay, sustain, release)
    n = env.size
    base = freq_curve(note, n, vibrato_cents=vibrato, extra_bend=droop)
    cents = np.linspace(-detune, detune, voices) if voices > 1 else np.zeros(1)
    out = sum(saw(base * 2.0 ** (c / 1200.0), rng.random()) for c in cents) / np.sqrt(voices)
    if tremolo_depth:
        lfo = 0.5 + 0.5 * np.sin(2 * np.pi * tremolo_hz * time_axis(n) + rng.uniform(0, 6.3))
        out = out * (1.0 - tremolo_depth * lfo)
    return note.vel * out * env


def lead(
    note: Note, rng: Rng, *, shape: str = "pulse", vibrato: float = 15.0, vibrato_hz: float = 5.5,
    attack: float = 0.01, decay: float = 0.2, sustain: float = 0.7, release: float = 0.08,
    detune: float = 0.0, droop: float = 0.0,
) -> Signal:
    """Monophonic lead: sine, saw or pulse with vibrato, optional detuned pair and droop."""
    env = adsr(samples(note.dur), attack, decay, sustain, release)
    n = env.size
    base = freq_curve(note, n, vibrato, vibrato_hz, extra_bend=droop)
    osc = {"sine": sine, "saw": saw, "pulse": pulse}[shape]
    if detune:
        out = 0.5 * (osc(base * 2 ** (detune / 1200), rng.random())
                     + osc(base * 2 ** (-detune / 1200), rng.random()))
    else:
        out = osc(base, rng.random())
    if shape == "sine":
        out = out + 0.15 * sine(2 * base, rng.random())
    return note.vel * out * env


def saw_bass(
    note: Note, rng: Rng, *, decay: float = 0.3, sustain: float = 0.6, sub: float = 0.7,
    droop: float = 0.0,
) -> Signal:
    """Saw bass with a sine sub; distort it in the part for a growl."""
    env = adsr(samples(note.dur), 0.004, decay, sustain, 0.05)
    freq = freq_curve(note, env.size, extra_bend=droop)
    offset = rng.random()
    return note.vel * (0.7 * saw(freq, offset) + sub * sine(freq, offset)) * env


def round_bass(note: Note, rng: Rng, *, decay: float = 0.5, sustain: float = 0.35) -> Signal:
    """Round, soft bass: a sine with a touch of second and third harmonic."""
    env = adsr(samples(note.dur), 0.006, decay, sustain, 0.06)
    phase = 2 * np.pi * phase_of(freq_curve(note, env.size), rng.random())
    tone = np.sin(phase) + 0.3 * np.sin(2 * phase) + 0.1 * np.sin(3 * phase)
    return note.vel * tone * env


def drone(note: Note, rng: Rng, *, partials: int = 18, motion: float = 0.07) -> Signal:
    """Slowly shifting low drone: slightly mistuned partials that swell in and out."""
    env = adsr(samples(note.dur), 3.0, 0.1, 1.0, 3.0)
    n = env.size
    t = time_axis(n)
    f0 = hz(note.pitch)
    out = np.zeros(n)
    for k in range(1, partials + 1):
        if f0 * k > 6000:
            break
        rate = motion * rng.uniform(0.5, 1.8)
        lfo = 0.5 + 0.5 * np.sin(2 * np.pi * rate * t + rng.uniform(0, 6.3))
        detuned = f0 * k * (1.0 + rng.normal(0.0, 0.0008))
        out += lfo**2 / k * np.sin(2 * np.pi * detuned * t + rng.uniform(0, 6.3))
    return note.vel * out * env


def grind(
    note: Note, rng: Rng, *, detune: float = 28.0, ring: float = 0.45, wobble: float = 35.0,
    droop: float = -0.6, attack: float = 0.01, sustain: float = 0.8, release: float = 0.1,
) -> Signal:
    """Queasy, grinding synth: two detuned saws, ring-modulated off-pitch, drooping and wobbling."""
    env = adsr(samples(note.dur), attack, 0.3, sustain, release)
    n = env.size
    freq = freq_curve(note, n, wobble, 2.7, 0.0, extra_bend=droop)
    pair = 0.5 * (saw(freq * 2 ** (detune / 1200), rng.random())
                  + saw(freq * 2 ** (-detune / 1200), rng.random()))
    carrier = sine(freq * 1.414, rng.random())
    return note.vel * ((1.0 - ring) * pair + ring * pair * carrier) * env


def musette(note: Note, rng: Rng, *, detune: float = 22.0, width: float = 0.35) -> Signal:
    """Accordion-like reeds tuned apart (musette) with a seasick, slow vibrato."""
    env = adsr(samples(note.dur), 0.03, 0.15, 0.85, 0.1)
    freq = freq_curve(note, env.size, 18.0, 1.7, 0.0)
    reeds = [pulse(freq * 2 ** (c / 1200), rng.random(), width) for c in (-detune, 0, detune)]
    return note.vel * sum(reeds) / 3.0 * env


BELL = partial(
    modal, ratios=(1.0, 2.76, 5.40, 8.93, 0.5), amps=(1.0, 0.45, 0.2, 0.08, 0.1),
    decays=(1.2, 0.5, 0.25, 0.12, 1.5), release=0.9,
)
MARIMBA = partial(
    modal, ratios=(1.0, 3.93, 9.2), amps=(1.0, 0.3, 0.08), decays=(0.5, 0.12, 0.04), release=0.2
)
MUSIC_BOX = partial(
    modal, ratios=(1.0, 2.0, 5.95, 9.1), amps=(1.0, 0.12, 0.18, 0.05),
    decays=(1.6, 0.8, 0.25, 0.1), release=1.2,
)
GLASS = partial(
    modal, ratios=(1.0, 1.004, 2.32, 4.25, 6.63), amps=(1.0, 0.8, 0.35, 0.15, 0.06),
    decays=(3.0, 3.0, 1.2, 0.6, 0.3), release=2.0, attack=0.01,
)
PAD = partial(supersaw, attack=1.0, decay=1.0, sustain=0.8, release=1.8, detune=10.0)
STRINGS = partial(supersaw, voices=3, detune=7.0, attack=0.35, release=0.6, vibrato=10.0)
TREMOLO = partial(
    supersaw, voices=3, detune=9.0, attack=1.2, release=1.5, vibrato=8.0, tremolo_hz=8.5,
    tremolo_depth=0.75,
)
GUITAR = partial(
    supersaw, voices=3, detune=8.0, attack=0.002, decay=0.12, sustain=0.8, release=0.03
)


# --------------------------------------------------------------------------- drum voices


def kick(
    note: Note, rng: Rng, *, tone: float = 50.0, sweep: float = 3.0, decay: float = 0.3,
    punch: float = 2.0, click: float = 0.3,
) -> Signal:
    """Kick drum: a sine swept down onto `tone`, a click, soft saturation."""
    n = samples(decay * 6 + 0.05)
    t = time_axis(n)
    body = sine(tone * (1.0 + sweep * np.exp(-t / 0.03))) * np.exp(-t / decay)
    tick = click * fft_filter(rng.standard_normal(n) * np.exp(-t / 0.002), lowpass=5000)
    return note.vel * np.tanh(punch * (body + tick)) / np.tanh(punch) * attack_ramp(n, 0.0005)


def snare(
    note: Note, rng: Rng, *, tone: float = 185.0, decay: float = 0.15, snap: float = 0.8,
    body: float = 0.5, crush: int = 0,
) -> Signal:
    """Snare drum: a short two-mode drum tone plus band-passed noise; optionally bit-crushed."""
    n = samples(decay * 6)
    t = time_axis(n)
    tonal = (np.sin(2 * np.pi * tone * t) + 0.5 * np.sin(2 * np.pi * tone * 1.58 * t))
    rattle = fft_filter(rng.standard_normal(n), lowpass=10000, highpass=1800)
    out = body * tonal * np.exp(-t / 0.05) + snap * rattle * np.exp(-t / decay)
    if crush:
        out = np.round(out[::crush].repeat(crush)[:n] * 6) / 6
    return note.vel * out


def _metallic(n: int, rng: Rng, scale: float = 1.0) -> Signal:
    """Six clashing square waves, the classic drum-machine cymbal source."""
    freqs = np.array([205.3, 304.4, 369.6, 522.7, 540.0, 800.0]) * scale
    return np.mean([pulse(np.full(n, f), rng.random()) for f in freqs], axis=0)


def hat(note: Note, rng: Rng, *, decay: float = 0.04, metal: float = 0.4) -> Signal:
    """Hi-hat: metallic squares and noise, high-passed; short decay closed, long decay open."""
    n = samples(decay * 7 + 0.01)
    t = time_axis(n)
    source = metal * _metallic(n, rng) + (1 - metal) * rng.standard_normal(n)
    return note.vel * fft_filter(source, lowpass=16000, highpass=7000) * np.exp(-t / decay)


def crash(note: Note, rng: Rng, *, decay: float = 1.4) -> Signal:
    """Crash cymbal: a bright wash of metal and noise."""
    n = samples(decay * 5)
    t = time_axis(n)
    source = 0.35 * _metallic(n, rng, 1.7) + rng.standard_normal(n)
    wash = fft_filter(source, lowpass=14000, highpass=3500) * np.exp(-t / decay)
    return note.vel * wash * attack_ramp(n, 0.002)


def clap(note: Note, rng: Rng, *, decay: float = 0.16) -> Signal:
    """Hand clap: three quick noise bursts and a short tail."""
    n = samples(decay * 6 + 0.04)
    t = time_axis(n)
    noise = fft_filter(rng.standard_normal(n), lowpass=6000, highpass=900)
    env = sum(np.exp(-np.clip(t - d, 0, None) / 0.007) * (t >= d) for d in (0.0, 0.011, 0.022))
    env = env + 0.8 * np.exp(-np.clip(t - 0.03, 0, None) / decay) * (t >= 0.03)
    return note.vel * noise * env


def shaker(note: Note, rng: Rng, *, decay: float = 0.05) -> Signal:
    """Shaker: soft high noise with a rounded attack."""
    n = samples(decay * 6 + 0.02)
    t = time_axis(n)
    noise = fft_filter(rng.standard_normal(n), lowpass=12000, highpass=5000)
    return note.vel * noise * np.exp(-t / decay) * attack_ramp(n, 0.008)


def boom(note: Note, rng: Rng) -> Signal:
    """Big low drum hit with a rumbling tail (for sparse, ominous accents)."""
    body = kick(note, rng, tone=36.0, sweep=1.5, decay=0.9, punch=1.3, click=0.1)
    t = time_axis(body.size)
    rumble = fft_filter(rng.standard_normal(body.size), lowpass=180) * np.exp(-t / 0.6)
    return body + 0.8 * note.vel * rumble


def metal_hit(note: Note, rng: Rng) -> Signal:
    """Struck sheet of metal: inharmonic partials that ring."""
    return modal(
        note, rng, ratios=(1.0, 1.47, 2.09, 2.56, 3.1, 4.3, 5.9),
        amps=(1.0, 0.8, 0.6, 0.5, 0.4, 0.3, 0.2), decays=(1.2, 0.9, 0.7, 0.5, 0.4, 0.3, 0.2),
        release=1.2, attack=0.001,
    )


def wood(note: Note, rng: Rng) -> Signal:
    """Woodblock / rim click, pitched by the note."""
    return modal(
        note, rng, ratios=(1.0, 2.57, 4.3), amps=(1.0, 0.4, 0.15), decays=(0.05, 0.02, 0.01),
        release=0.05, attack=0.0005,
    )


def squelch(note: Note, rng: Rng) -> Signal:
    """Wet, downward-sweeping squelch (for queasy accents)."""
    n = samples(0.4)
    t = time_axis(n)
    tone = sine(70.0 + 900.0 * np.exp(-t / 0.06))
    grit = 1.0 + 2.0 * fft_filter(rng.standard_normal(n), lowpass=300)
    return note.vel * np.tanh(tone * grit) * np.exp(-t / 0.12)


def whoosh(note: Note, rng: Rng) -> Signal:
    """Noise swell that brightens towards its end (a riser into a hit)."""
    n = samples(note.dur)
    t = time_axis(n) / max(note.dur, 1e-3)
    noise = rng.standard_normal(n)
    dark = fft_filter(noise, lowpass=500)
    bright = fft_filter(noise, lowpass=6000, highpass=1500)
    return note.vel * ((1 - t) * dark + t * bright) * t**3


def boing(note: Note, rng: Rng) -> Signal:
    """Cartoon spring: a tone that shoots up and wobbles as it settles."""
    env = gate(samples(note.dur), 0.1)
    n = env.size
    t = time_axis(n)
    cents = 1200 * (1 - np.exp(-t / 0.06)) + 250 * np.sin(2 * np.pi * 11 * t) * np.exp(-t / 0.25)
    freq = hz(note.pitch) * 2 ** (cents / 1200)
    return note.vel * (sine(freq) + 0.3 * pulse(freq, 0.0, 0.3)) * env * np.exp(-t / 0.5)


# --------------------------------------------------------------------------- harmony and form

QUALITIES: dict[str, tuple[int, ...]] = {
    "maj": (0, 4, 7), "min": (0, 3, 7), "dim": (0, 3, 6), "aug": (0, 4, 8),
    "sus2": (0, 2, 7), "sus4": (0, 5, 7), "5": (0, 7, 12), "maj7": (0, 4, 7, 11),
    "min7": (0, 3, 7, 10), "7": (0, 4, 7, 10), "maj9": (0, 4, 7, 11, 14),
    "min9": (0, 3, 7, 10, 14), "add9": (0, 4, 7, 14), "m7b5": (0, 3, 6, 10),
    "dim7": (0, 3, 6, 9), "cluster": (0, 1, 6), "sus9": (0, 5, 7, 14),
}
MODES: dict[str, tuple[int, ...]] = {
    "major": (0, 2, 4, 5, 7, 9, 11), "minor": (0, 2, 3, 5, 7, 8, 10),
    "harmonic": (0, 2, 3, 5, 7, 8, 11), "dorian": (0, 2, 3, 5, 7, 9, 10),
    "phrygian": (0, 1, 3, 5, 7, 8, 10), "lydian": (0, 2, 4, 6, 7, 9, 11),
    "locrian": (0, 1, 3, 5, 6, 8, 10), "pentatonic": (0, 2, 4, 7, 9),
    "chromatic": tuple(range(12)), "whole": (0, 2, 4, 6, 8, 10),
}


class Chord(NamedTuple):
    """A chord: a root (MIDI, any octave) and intervals above it."""

    root: int
    intervals: tuple[int, ...]

    def pitch_classes(self) -> set[int]:
        """The chord's pitch classes (0 = C)."""
        return {(self.root + i) % 12 for i in self.intervals}


def progression(key: int, spec: str) -> list[Chord]:
    """Chords from a spec like '0:maj 7:maj 9:min 5:maj' (semitones above the key : quality)."""
    chords = []
    for token in spec.split():
        offset, quality = token.split(":")
        chords.append(Chord(key + int(offset), QUALITIES[quality]))
    return chords


def scale_notes(key: int, mode: str, low: int, high: int) -> list[int]:
    """Every pitch of `mode` on `key` between `low` and `high` inclusive."""
    degrees = {(key + d) % 12 for d in MODES[mode]}
    return [p for p in range(low, high + 1) if p % 12 in degrees]


def voicing(chord: Chord, centre: int, root_position: bool = False) -> list[int]:
    """Close voicing of a chord around `centre` (inversions chosen automatically)."""
    if root_position:
        root = centre - 6 + (chord.root - (centre - 6)) % 12
        return [root + i for i in chord.intervals]
    low = centre - 6
    return sorted({low + (pc - low) % 12 for pc in chord.pitch_classes()})


def nearest_chord_tone(chord: Chord, pitch: int) -> int:
    """The chord tone closest to `pitch`."""
    pcs = chord.pitch_classes()
    candidates = [p for p in range(pitch - 6, pitch + 7) if p % 12 in pcs]
    return min(candidates, key=lambda p: abs(p - pitch))


@dataclass(frozen=True)
class Grid:
    """Musical time: tempo, bar length in beats and steps per beat."""

    bpm: float
    beats_per_bar: float = 4.0
    steps_per_beat: int = 4

    @property
    def beat(self) -> float:
        """Seconds per beat."""
        return 60.0 / self.bpm

    @property
    def step(self) -> float:
        """Seconds per step."""
        return self.beat / self.steps_per_beat

    @property
    def steps_per_bar(self) -> int:
        """Steps in one bar."""
        return round(self.beats_per_bar * self.steps_per_beat)

    @property
    def bar(self) -> float:
        """Seconds per bar."""
        return self.steps_per_bar * self.step

    def time(self, bar: float, step: float = 0.0) -> float:
        """Seconds from the start at `step` of `bar`."""
        return bar * self.bar + step * self.step


class Form:
    """A song's sections in order, each with a name, a chord cycle (a chord per bar), a length."""

    def __init__(self, *sections: tuple[str, Sequence[Chord], int]) -> None:
        self.harmony: list[Chord] = []
        self._spans: list[tuple[str, int, int]] = []
        for name, chords, bars in sections:
            start = len(self.harmony)
            self.harmony += [chords[i % len(chords)] for i in range(bars)]
            self._spans.append((name, start, bars))

    @property
    def n_bars(self) -> int:
        """Total bars."""
        return len(self.harmony)

    def bars(self, *names: str) -> list[int]:
        """Every bar of the named sections, in order."""
        return [bar for name, start, n in self._spans if name in names
                for bar in range(start, start + n)]

    def starts(self, *names: str) -> list[int]:
        """The first bar of each occurrence of the named sections."""
        return [start for name, start, _ in self._spans if name in names]


class Hit(NamedTuple):
    """One onset in a step pattern."""

    bar: int
    step: int
    length: int
    symbol: str
    cycle: int


def hits(grid: Grid, bars: Sequence[int], pattern: str) -> Iterator[Hit]:
    """Walk a step pattern over `bars`.

    One character per step: '.' is a rest, '-' holds the previous onset, anything else starts
    an onset whose meaning depends on the builder. Spaces and '|' are ignored. A pattern may
    span several bars; it restarts every len(pattern) steps counted along `bars`.
    """
    steps = pattern.replace(" ", "").replace("|", "")
    per_bar = grid.steps_per_bar
    if not steps or len(steps) % per_bar:
        raise ValueError(f"pattern {pattern!r} is not a whole number of {per_bar}-step bars")
    onsets: list[tuple[int, int, str]] = []
    for i, symbol in enumerate(steps):
        if symbol == "-" and onsets and onsets[-1][0] + onsets[-1][1] == i:
            onsets[-1] = (onsets[-1][0], onsets[-1][1] + 1, onsets[-1][2])
        elif symbol not in ".-":
            onsets.append((i, 1, symbol))
    pattern_bars = len(steps) // per_bar
    for i, bar in enumerate(bars):
        offset = (i % pattern_bars) * per_bar
        for pos, length, symbol in onsets:
            if offset <= pos < offset + per_bar:
                yield Hit(bar, pos - offset, length, symbol, i // pattern_bars)


# --------------------------------------------------------------------------- note builders

ACCENT = {"X": 1.25, "x": 1.0, "o": 0.65, "g": 0.35}


def _onset(grid: Grid, hit: Hit, rng: Rng, jitter: float) -> float:
    """Start time of a hit, humanised by a little timing jitter."""
    return max(0.0, grid.time(hit.bar, hit.step) + rng.normal(0.0, jitter))


def drum_notes(
    grid: Grid, bars: Sequence[int], pattern: str, rng: Rng, vel: float = 0.9, pitch: float = 60.0,
    jitter: float = 0.003,
) -> list[Note]:
    """Drum hits: 'X' accent, 'x' normal, 'o' soft, 'g' ghost."""
    return [
        Note(_onset(grid, h, rng, jitter), h.length * grid.step, pitch,
             vel * ACCENT.get(h.symbol, 1.0) * rng.uniform(0.9, 1.0))
        for h in hits(grid, bars, pattern)
    ]


def chord_notes(
    grid: Grid, harmony: Sequence[Chord], bars: Sequence[int], pattern: str, centre: int,
    rng: Rng, vel: float = 0.6, legato: float = 1.0, strum: float = 0.0,
    root_position: bool = False,
) -> list[Note]:
    """Block chords from the bar's harmony on each onset; `strum` staggers notes upwards (s)."""
    notes = []
    for h in hits(grid, bars, pattern):
        start = _onset(grid, h, rng, 0.004)
        pitches = voicing(harmony[h.bar], centre, root_position)
        for i, pitch in enumerate(pitches):
            notes.append(Note(start + i * strum, h.length * grid.step * legato, pitch,
                              vel * ACCENT.get(h.symbol, 1.0) * rng.uniform(0.85, 1.0)))
    return notes


def arp_notes(
    grid: Grid, harmony: Sequence[Chord], bars: Sequence[int], pattern: str, low: int, rng: Rng,
    vel: float = 0.6, legato: float = 1.0,
) -> list[Note]:
    """Arpeggios: '0'-'9' and 'a'-'z' index the chord tones upwards from `low`."""
    notes = []
    for h in hits(grid, bars, pattern):
        pcs = harmony[h.bar].pitch_classes()
        ladder = [p for p in range(low, low + 60) if p % 12 in pcs]
        index = min(int(h.symbol, 36), len(ladder) - 1)
        notes.append(Note(_onset(grid, h, rng, 0.003), h.length * grid.step * legato,
                          ladder[index], vel * rng.uniform(0.85, 1.0)))
    return notes


def bass_notes(
    grid: Grid, harmony: Sequence[Chord], bars: Sequence[int], pattern: str, low: int, rng: Rng,
    vel: float = 0.8, legato: float = 0.9, bend: float = 0.0,
) -> list[Note]:
    """Bass line: R root, O octave, F fifth, f fifth below, T third, b/u semitone below/above the
    root, a approach (a semitone below the next bar's root)."""
    notes = []
    for h in hits(grid, bars, pattern):
        chord = harmony[h.bar]
        root = low + (chord.root - low) % 12
        if h.symbol == "a":
            nxt = harmony[min(h.bar + 1, len(harmony) - 1)].root
            pitch = low + (nxt - low) % 12 - 1
        else:
            third = chord.intervals[1] if len(chord.intervals) > 1 else 7
            pitch = root + {"R": 0, "O": 12, "F": 7, "f": -5, "T": third, "b": -1, "u": 1}[h.symbol]
        notes.append(Note(_onset(grid, h, rng, 0.003), h.length * grid.step * legato, pitch,
                          vel * rng.uniform(0.9, 1.0), bend))
    return notes


def melody_notes(
    grid: Grid, harmony: Sequence[Chord], bars: Sequence[int], rhythm: str, steps: Sequence[int],
    scale: Sequence[int], centre: int, rng: Rng, vel: float = 0.7, variation: float = 0.15,
    legato: float = 0.9, span: int = 7, bend: float = 0.0,
) -> list[Note]:
    """A motif-based melody.

    The rhythm pattern and the contour `steps` (scale steps between successive notes) repeat
    every pattern cycle, starting from the chord tone nearest `centre`; notes on beats 1 and 3
    are pulled onto chord tones; a little random variation keeps repeats alive; the last note
    resolves onto the chord's root.
    """
    notes: list[Note] = []
    index, count, cycle = 0, 0, -1
    home = int(np.argmin([abs(p - centre) for p in scale]))
    strong = 2 * grid.steps_per_beat
    for h in hits(grid, bars, rhythm):
        chord = harmony[h.bar]
        if h.cycle != cycle:
            cycle, count = h.cycle, 0
            index = int(np.argmin([abs(p - nearest_chord_tone(chord, centre)) for p in scale]))
        else:
            step = steps[count % len(steps)]
            if rng.random() < variation:
                step += int(rng.choice((-1, 1)))
            index += step
            count += 1
        offset = index - home
        if abs(offset) > span:  # reflect back towards the centre of the range
            index = home + int(np.sign(offset)) * (2 * span - abs(offset))
        index = int(np.clip(index, 0, len(scale) - 1))
        pitch = scale[index]
        if h.step % strong == 0:
            pitch = nearest_chord_tone(chord, pitch)
            index = int(np.argmin([abs(p - pitch) for p in scale]))
        notes.append(Note(_onset(grid, h, rng, 0.004), h.length * grid.step * legato, pitch,
                          vel * ACCENT.get(h.symbol, 1.0) * rng.uniform(0.85, 1.0), bend))
    if notes:
        last = notes[-1]
        root = nearest_chord_tone(Chord(harmony[bars[-1]].root, (0,)), round(last.pitch))
        notes[-1] = Note(last.start, max(last.dur, 2 * grid.beat), root, last.vel, last.bend)
    return notes


def run_notes(
    grid: Grid, bar: int, step: int, start: int, count: int, interval: int, vel: float = 0.7,
    length: int = 1,
) -> list[Note]:
    """A straight run of `count` notes `interval` semitones apart (e.g. whole-tone runs)."""
    return [
        Note(grid.time(bar, step + i * length), length * grid.step * 0.9, start + i * interval, vel)
        for i in range(count)
    ]


def downbeats(grid: Grid, bars: Sequence[int], rng: Rng, vel: float = 0.9) -> list[Note]:
    """One accented hit on beat 1 of each bar (crashes, big hits)."""
    return drum_notes(grid, bars, "X" + "." * (grid.steps_per_bar - 1), rng, vel)


# --------------------------------------------------------------------------- mixing


@dataclass
class Part:
    """One instrument's notes and where they sit in the mix."""

    voice: Voice
    notes: list[Note]
    gain_db: float = 0.0
    pan: float = 0.0
    spread: float = 0.0  # random per-note pan around `pan`, for width
    lowpass: float | None = None
    highpass: float | None = None
    drive: float = 0.0  # tanh saturation before the filters
    reverb: float = 0.0  # send level
    delay: float = 0.0  # send level


@dataclass
class Song:
    """A composed track ready to render."""

    parts: list[Part]
    length: float  # seconds until the last bar ends
    reverb_seconds: float = 1.6
    delay_seconds: float = 0.35
    delay_feedback: float = 0.4
    loudness_db: float = -16.0  # RMS target before the peak ceiling
    tail: float = TAIL_S


def render_part(part: Part, n_total: int, rng: Rng) -> Signal:
    """Render every note of a part into a stereo buffer, then saturate, filter and scale it."""
    out = np.zeros((2, n_total))
    for note in part.notes:
        start = samples(note.start)
        if start >= n_total:
            continue
        audio = part.voice(note, rng)[: n_total - start]
        pan = float(np.clip(part.pan + rng.uniform(-part.spread, part.spread), -1.0, 1.0))
        angle = (pan + 1.0) * np.pi / 4.0
        out[0, start:start + audio.size] += np.cos(angle) * audio
        out[1, start:start + audio.size] += np.sin(angle) * audio
    if part.drive:
        out = np.tanh(part.drive * out) / np.tanh(part.drive)
    out = fft_filter(out, part.lowpass, part.highpass)
    return out * db_to_gain(part.gain_db)


def reverb_ir(seconds: float, rng: Rng, predelay: float = 0.02) -> Signal:
    """Stereo impulse response: decorrelated noise decaying by 60 dB in `seconds`, darkening."""
    n = samples(seconds * 1.1)
    t = time_axis(n)
    noise = rng.standard_normal((2, n))
    bright = np.exp(-t / (0.25 * seconds))
    tone = bright * fft_filter(noise, lowpass=7000) + (1 - bright) * fft_filter(noise, lowpass=1800)
    ir = np.concatenate([np.zeros((2, samples(predelay))), tone * 10 ** (-3 * t / seconds)], axis=1)
    return ir / np.sqrt((ir**2).sum(axis=1, keepdims=True))


def convolve(x: Signal, ir: Signal) -> Signal:
    """FFT convolution of stereo `x` with stereo `ir`, truncated to the length of `x`."""
    n = x.shape[-1]
    size = 1 << (n + ir.shape[-1] - 1).bit_length()
    return np.fft.irfft(np.fft.rfft(x, size) * np.fft.rfft(ir, size), size)[:, :n]


def ping_pong(x: Signal, delay: float, feedback: float, repeats: int = 8) -> Signal:
    """Echoes of a mono signal bouncing left and right, each softer and a little darker."""
    out = np.zeros((2, x.size))
    d = samples(delay)
    for k in range(1, repeats + 1):
        shift = k * d
        if shift >= x.size:
            break
        out[(k + 1) % 2, shift:] += feedback ** (k - 1) * x[: x.size - shift]
    return fft_filter(out, lowpass=5000, highpass=200)


def running_min(x: Signal, size: int) -> Signal:
    """Minimum over a centred window of `size` samples (O(n log size))."""
    half = size // 2
    m = np.pad(x, (half, size - 1 - half), mode="edge")
    span = 1
    while span * 2 <= size:
        m = np.minimum(m[:-span], m[span:])
        span *= 2
    return np.minimum(m[: x.size], m[size - span: size - span + x.size])


def moving_average(x: Signal, size: int) -> Signal:
    """Mean over a centred window of `size` samples."""
    half = size // 2
    padded = np.pad(x, (half, size - 1 - half), mode="edge")
    sums = np.concatenate([[0.0], np.cumsum(padded)])
    return (sums[size:] - sums[:-size]) / size


def limit(x: Signal, ceiling: float, window: float = 0.008) -> Signal:
    """Smooth look-ahead peak limiter: never lets |x| exceed `ceiling`."""
    w = samples(window) | 1
    need = np.minimum(1.0, ceiling / np.maximum(np.abs(x).max(axis=0), 1e-12))
    gain = moving_average(running_min(need, 2 * w + 1), w)
    return x * gain


def fades(x: Signal) -> Signal:
    """Raised-cosine fade-in over FADE_IN_S and fade-out over the last FADE_OUT_S."""
    n = x.shape[-1]
    env = np.ones(n)
    k_in, k_out = samples(FADE_IN_S), samples(FADE_OUT_S)
    env[:k_in] = 0.5 * (1 - np.cos(np.linspace(0, np.pi, k_in)))
    env[n - k_out:] *= 0.5 * (1 + np.cos(np.linspace(0, np.pi, k_out)))
    return x * env


def master(mix: Signal, loudness_db: float) -> Signal:
    """Clean up rumble, set loudness, limit to the ceiling, fade, and normalise the peak."""
    mix = fft_filter(mix, highpass=28.0)
    rms = float(np.sqrt(np.mean(mix**2)))
    mix = mix * db_to_gain(loudness_db) / max(rms, 1e-9)
    ceiling = db_to_gain(CEILING_DB)
    mix = fades(limit(mix, ceiling))
    return mix * ceiling / float(np.abs(mix).max())


def render_song(song: Song, rng: Rng) -> Signal:
    """Render all parts, the delay and reverb buses, and master to float32 frames × 2."""
    n = samples(song.length + song.tail)
    dry = np.zeros((2, n))
    reverb_in = np.zeros((2, n))
    delay_in = np.zeros(n)
    for part in song.parts:
        audio = render_part(part, n, rng)
        dry += audio
        reverb_in += part.reverb * audio
        delay_in += part.delay * audio.mean(axis=0)
    echoes = ping_pong(delay_in, song.delay_seconds, song.delay_feedback)
    reverb_in += 0.5 * echoes
    wet = convolve(reverb_in, reverb_ir(song.reverb_seconds, rng))
    return master(dry + echoes + wet, song.loudness_db).T.astype(np.float32)


# --------------------------------------------------------------------------- the songs: happy


def kites_over_the_harbour(rng: Rng) -> Song:
    """Happy: D major at 128 bpm; off-beat plucks, a bouncing octave bass, a bell tune."""
    g = Grid(128)
    key = 62
    verse = progression(key, "0:maj 7:maj 9:min 5:maj")
    lift = progression(key, "5:maj 7:maj 4:min 9:min 5:maj 7:maj 0:maj 7:sus4")
    form = Form(("intro", verse, 2), ("a", verse, 8), ("b", lift, 8), ("a", verse, 4),
                ("end", verse, 1))
    h, a, b, end = form.harmony, form.bars("a"), form.bars("b"), form.bars("end")
    groove, body = form.bars("a", "b"), form.bars("intro", "a", "b")
    scale = scale_notes(key, "major", 62, 93)
    tune = melody_notes(g, h, a, "x-x-x-.x--x-x---|x-x-x-x-x-------",
                        (1, 1, -1, 2, -1, -1, 0, 1, 1, -1, -2), scale, 74, rng)
    tune += melody_notes(g, h, b, "x--x--x-x--x--x-|x-x-x-x-x---x---",
                         (2, -1, -1, 1, 2, -2, 1, 1, 1, -1, -2, -1), scale, 79, rng)
    bass = bass_notes(g, h, a, "R.O.R.O.R.O.R.O.", 38, rng)
    bass += bass_notes(g, h, b, "R..RO.R.R..RO.F.", 38, rng)
    bass += bass_notes(g, h, end, "R-------........", 38, rng)
    parts = [
        Part(partial(pluck, decay=0.35), chord_notes(g, h, body, "..x-..x-..x-..x-", 67, rng, 0.5)
             + chord_notes(g, h, end, "X---------------", 67, rng, 0.5, strum=0.02),
             gain_db=-4, pan=-0.1, spread=0.5, lowpass=7000, reverb=0.15),
        Part(BELL, tune, gain_db=-3, pan=0.2, reverb=0.2, delay=0.25),
        Part(MARIMBA, arp_notes(g, h, form.bars("b"), "0.1.2.1.3.1.2.1.", 62, rng, 0.5),
             gain_db=-9, pan=-0.45, reverb=0.15),
        Part(partial(round_bass, decay=0.25), bass, gain_db=-1, lowpass=2500),
        Part(kick, drum_notes(g, groove, "x...x...x...x...", rng) + downbeats(g, end, rng),
             gain_db=-2),
        Part(clap, drum_notes(g, groove, "....x.......x...", rng), gain_db=-6, reverb=0.2),
        Part(hat, drum_notes(g, body, "x.o.x.o.x.o.x.o.", rng), gain_db=-15, pan=0.3),
        Part(partial(hat, decay=0.2), drum_notes(g, form.bars("b"), "..x...x...x...x.", rng),
             gain_db=-18, pan=-0.25),
        Part(crash, downbeats(g, form.starts("a", "b", "end"), rng), gain_db=-14, reverb=0.2),
    ]
    return Song(parts, form.n_bars * g.bar, reverb_seconds=1.3, delay_seconds=0.75 * g.beat,
                loudness_db=-15.0)


def lemonade_bicycle(rng: Rng) -> Song:
    """Happy: A major at 126 bpm; strummed plucks, marimba arpeggios, a whistled tune, shakers."""
    g = Grid(126)
    key = 57
    verse = progression(key, "0:maj 5:maj 9:min 7:maj")
    chorus = progression(key, "5:maj 7:maj 0:maj 9:min 2:min 7:maj 0:maj 0:maj")
    form = Form(("intro", verse, 2), ("a", verse, 8), ("b", chorus, 8), ("a", verse, 4),
                ("end", verse, 1))
    h, a, b, end = form.harmony, form.bars("a"), form.bars("b"), form.bars("end")
    groove, body = form.bars("a", "b"), form.bars("intro", "a", "b")
    scale = scale_notes(key, "major", 64, 93)
    tune = melody_notes(g, h, a, "x-x-x-x-x---x-x-|x-------x-x-x-x-",
                        (1, 1, 1, -2, 1, -1, -1, 2, -1, -1, -1), scale, 76, rng)
    tune += melody_notes(g, h, b, "x-.xx-.xx-x-x---|x-.xx-.xx-------",
                         (1, 1, 2, -1, -1, -1, 3, -1, -1, -2), scale, 81, rng)
    bass = bass_notes(g, h, groove, "R...R.O.R...F.O.", 45, rng)
    bass += bass_notes(g, h, end, "R-------........", 45, rng)
    parts = [
        Part(partial(pluck, decay=0.3, tilt=1.1),
             chord_notes(g, h, body, "x..x..x.x..x..x.", 64, rng, 0.45, 0.9, strum=0.012)
             + chord_notes(g, h, end, "X---------------", 64, rng, 0.5, strum=0.025),
             gain_db=-5, pan=-0.3, spread=0.3, lowpass=8000, reverb=0.12),
        Part(MARIMBA, arp_notes(g, h, groove, "0.2.1.3.2.4.3.5.", 69, rng, 0.55),
             gain_db=-8, pan=0.4, reverb=0.15),
        Part(partial(lead, shape="sine", vibrato=25.0, attack=0.03, sustain=0.8), tune,
             gain_db=-6, pan=0.05, reverb=0.25, delay=0.2),
        Part(partial(round_bass, decay=0.3), bass, gain_db=-1, lowpass=2500),
        Part(kick, drum_notes(g, groove, "x.....x...x.....", rng) + downbeats(g, end, rng),
             gain_db=-2),
        Part(snare, drum_notes(g, groove, "....x.......x...", rng), gain_db=-7, reverb=0.15),
        Part(clap, drum_notes(g, form.bars("b"), "....x.......x...", rng), gain_db=-12,
             reverb=0.2),
        Part(shaker, drum_notes(g, body, "xgogxgogxgogxgog", rng), gain_db=-16, pan=-0.35),
        Part(crash, downbeats(g, form.starts("a", "b", "end"), rng), gain_db=-15, reverb=0.2),
    ]
    return Song(parts, form.n_bars * g.bar, reverb_seconds=1.2, delay_seconds=0.5 * g.beat,
                loudness_db=-15.0)


# --------------------------------------------------------------------------- sad


def grey_window_light(rng: Rng) -> Song:
    """Sad: A minor at 66 bpm; soft pads, a broken-chord piano, a sparse piano tune, long reverb."""
    g = Grid(66)
    key = 57
    verse = progression(key, "0:min 8:maj 5:min 7:maj")
    bridge = progression(key, "5:min7 0:min 8:maj7 7:sus4")
    close = progression(key, "5:min 7:maj")
    form = Form(("intro", verse, 2), ("a", verse, 4), ("b", bridge, 4), ("close", close, 2),
                ("end", verse, 1))
    h = form.harmony
    melodic = form.bars("a", "b", "close")
    scale = scale_notes(key, "harmonic", 64, 88)
    tune = melody_notes(g, h, form.bars("a"), "x-------x---x---|x-----x-x-------",
                        (-1, -1, 2, -1, -1, 1), scale, 72, rng, 0.55, legato=1.1)
    tune += melody_notes(g, h, form.bars("b", "close"), "x---x---x-----x-|x-----------x---",
                         (1, 1, -1, -2, 1), scale, 76, rng, 0.55, legato=1.1)
    everything = list(range(form.n_bars))
    parts = [
        Part(PAD, chord_notes(g, h, everything, "x---------------", 62, rng, 0.35),
             gain_db=-12, spread=0.6, lowpass=1400, reverb=0.5),
        Part(piano, arp_notes(g, h, form.bars("intro", "a", "b", "close"), "0-1-2-3-4-3-2-1-",
                              45, rng, 0.35, legato=1.6)
             + chord_notes(g, h, form.bars("end"), "x---------------", 57, rng, 0.35, strum=0.05),
             gain_db=-3, pan=-0.2, reverb=0.45),
        Part(piano, tune, gain_db=-2, pan=0.15, reverb=0.5, delay=0.12),
        Part(STRINGS, bass_notes(g, h, melodic + form.bars("end"), "R---------------", 33, rng,
                                 0.5, legato=1.0), gain_db=-9, lowpass=700, reverb=0.3),
    ]
    return Song(parts, form.n_bars * g.bar, reverb_seconds=3.2, delay_seconds=1.5 * g.beat,
                delay_feedback=0.3, loudness_db=-19.0, tail=3.0)


def the_last_warm_evening(rng: Rng) -> Song:
    """Sad: D minor at 70 bpm; slow repeated piano chords, a singing strings pad, brushed beat."""
    g = Grid(70)
    key = 50
    verse = progression(key, "0:min 8:maj 3:maj 10:maj")
    bridge = progression(key, "5:min 8:maj 10:maj 7:maj")
    form = Form(("intro", verse, 2), ("a", verse, 4), ("b", bridge, 4), ("a", verse, 2),
                ("end", verse, 1))
    h = form.harmony
    main = form.bars("a", "b")
    scale = scale_notes(key, "harmonic", 62, 86)
    tune = melody_notes(g, h, form.bars("a"), "x-----x-x-------|x---x---x-------",
                        (1, 1, -2, -1, 1, -1), scale, 69, rng, 0.6, legato=1.1)
    tune += melody_notes(g, h, form.bars("b"), "x---x---x---x---|x-----x-x-------",
                         (1, 1, 1, -1, -2, -1, 1), scale, 74, rng, 0.6, legato=1.1)
    everything = list(range(form.n_bars))
    parts = [
        Part(piano, chord_notes(g, h, everything[:-1], "x---x---x---x---", 60, rng, 0.3)
             + chord_notes(g, h, form.bars("end"), "x---------------", 60, rng, 0.35, strum=0.06),
             gain_db=-5, spread=0.4, reverb=0.4),
        Part(piano, tune, gain_db=-2, pan=0.2, reverb=0.45, delay=0.1),
        Part(STRINGS, chord_notes(g, h, range(form.starts("b")[0], form.n_bars),
                                  "x---------------", 67, rng, 0.35),
             gain_db=-10, spread=0.7, lowpass=2200, reverb=0.5),
        Part(partial(round_bass, decay=1.5, sustain=0.5),
             bass_notes(g, h, everything, "R-------F-------", 38, rng, 0.7), gain_db=-9,
             lowpass=900),
        Part(partial(kick, decay=0.35, punch=1.0), drum_notes(g, main, "x.......x.......", rng,
                                                              0.5), gain_db=-8),
        Part(partial(snare, decay=0.25, body=0.2, snap=0.6),
             drum_notes(g, form.bars("b"), "........o.......", rng), gain_db=-16, reverb=0.6),
        Part(shaker, drum_notes(g, form.bars("b"), "x.g.o.g.x.g.o.g.", rng), gain_db=-24,
             pan=0.4),
    ]
    return Song(parts, form.n_bars * g.bar, reverb_seconds=2.8, delay_seconds=g.beat,
                delay_feedback=0.3, loudness_db=-19.0, tail=3.0)


# --------------------------------------------------------------------------- angry


def red_line_engine(rng: Rng) -> Song:
    """Angry: E phrygian at 160 bpm; chugging distorted power chords and bass, pounding drums."""
    g = Grid(160)
    key = 40
    riff = progression(key, "0:5 0:5 3:5 1:5")
    climb = progression(key, "8:5 10:5 0:5 0:5 8:5 10:5 1:5 1:5")
    form = Form(("intro", riff, 2), ("a", riff, 8), ("b", climb, 8), ("a", riff, 8),
                ("end", riff, 1))
    h, a, b, end = form.harmony, form.bars("a"), form.bars("b"), form.bars("end")
    groove = form.bars("a", "b")
    scale = scale_notes(key, "phrygian", 59, 84)
    shout = melody_notes(g, h, b, "X---x-x-X---x-xx|X-x-x-x-X-------",
                         (1, 1, -1, 2, -1, -1, 1, 3, -2, -1), scale, 71, rng, 0.8, legato=0.8)
    guitar = chord_notes(g, h, a, "X-x-x-x-X-x-x-x-", 52, rng, 0.8, 0.7, root_position=True)
    guitar += chord_notes(g, h, b, "X-xxX-xxX-xxX-xx", 52, rng, 0.8, 0.7, root_position=True)
    guitar += chord_notes(g, h, end, "X---------------", 52, rng, 0.9, root_position=True)
    bass = bass_notes(g, h, groove, "R-R-R-R-R-R-R-R-", 28, rng, 0.9, legato=0.8)
    bass += bass_notes(g, h, end, "R---------------", 28, rng, 0.9)
    parts = [
        Part(GUITAR, guitar, gain_db=-10, pan=-0.7, spread=0.2, drive=6.0, lowpass=4000,
             highpass=90, reverb=0.08),
        Part(GUITAR, guitar, gain_db=-10, pan=0.7, spread=0.2, drive=6.0, lowpass=4000,
             highpass=90, reverb=0.08),
        Part(saw_bass, bass + bass_notes(g, h, form.bars("intro"), "R.R.R.R.R.R.R.R.", 28, rng),
             gain_db=-6, drive=3.0, lowpass=1200),
        Part(partial(lead, shape="saw", vibrato=25.0), shout, gain_db=-6, pan=0.15, drive=3.0,
             lowpass=5000, reverb=0.15, delay=0.15),
        Part(partial(kick, punch=3.0, decay=0.22),
             drum_notes(g, form.bars("intro"), "x...x...x...x...", rng)
             + drum_notes(g, a, "x.x...x.x.x...x.", rng) + drum_notes(g, b, "x.x.x.x.x.x.x.x.", rng)
             + downbeats(g, end, rng), gain_db=0),
        Part(partial(snare, decay=0.18, snap=1.0, body=0.7),
             drum_notes(g, form.bars("intro"), "....x.......x...|....x...x.x.xxxx", rng)
             + drum_notes(g, groove, "....X.......X...", rng) + downbeats(g, end, rng),
             gain_db=-3, reverb=0.1),
        Part(hat, drum_notes(g, groove, "x.x.x.x.x.x.x.x.", rng), gain_db=-13, pan=0.3),
        Part(crash, downbeats(g, groove[::4] + end, rng), gain_db=-9, spread=0.4),
    ]
    return Song(parts, form.n_bars * g.bar, reverb_seconds=0.9, delay_seconds=0.5 * g.beat,
                loudness_db=-13.5)


def clenched_fist_stomp(rng: Rng) -> Song:
    """Angry: D minor at 140 bpm; galloping distorted bass, stabbing chords, industrial stomp."""
    g = Grid(140)
    key = 38
    riff = progression(key, "0:5 0:5 8:5 10:5")
    grind_part = progression(key, "0:5 1:5 0:5 1:5 8:5 10:5 1:5 1:5")
    form = Form(("intro", riff, 2), ("a", riff, 8), ("b", grind_part, 8), ("a", riff, 4),
                ("end", riff, 1))
    h, a, b, end = form.harmony, form.bars("a"), form.bars("b"), form.bars("end")
    groove = form.bars("a", "b")
    scale = scale_notes(key, "phrygian", 62, 86)
    scream = melody_notes(g, h, b, "X-----x-x-x-X---|X-x-X-x-X-------",
                          (1, -1, 2, 1, -3, 1, 1, -1, 2), scale, 74, rng, 0.8, legato=0.85)
    stabs = chord_notes(g, h, groove, "X-.x-.X-..X-.x-.", 50, rng, 0.8, 0.8, root_position=True)
    stabs += chord_notes(g, h, end, "X---------------", 50, rng, 0.9, root_position=True)
    bass = bass_notes(g, h, form.bars("intro", "a", "b"), "R.RRR.RRR.RRR.RO", 26, rng, 0.9, 0.7)
    bass += bass_notes(g, h, end, "R---------------", 26, rng, 0.9)
    parts = [
        Part(partial(saw_bass, decay=0.15, sustain=0.7), bass, gain_db=-6, drive=5.0,
             lowpass=1500),
        Part(GUITAR, stabs, gain_db=-8, spread=0.7, drive=8.0, lowpass=3500, highpass=110,
             reverb=0.1),
        Part(partial(lead, shape="pulse", detune=18.0, vibrato=30.0), scream, gain_db=-6,
             pan=-0.15, drive=2.5, lowpass=4500, reverb=0.15, delay=0.15),
        Part(partial(kick, punch=4.0, decay=0.3, tone=45.0),
             drum_notes(g, form.bars("intro") + a, "X...X...X...X...", rng)
             + drum_notes(g, b, "X.X.X..XX.X.X..X", rng) + downbeats(g, end, rng), gain_db=-2),
        Part(clap, drum_notes(g, groove, "....X.......X...", rng), gain_db=-3, reverb=0.12),
        Part(partial(snare, snap=1.0, body=0.8), drum_notes(g, groove, "....X.......X...", rng),
             gain_db=-3),
        Part(metal_hit, drum_notes(g, groove, "..............x.|......x.......x.", rng, 0.6, 69),
             gain_db=-16, pan=0.35, reverb=0.2),
        Part(hat, drum_notes(g, groove, "xxXxxxXxxxXxxxXx", rng, 0.7), gain_db=-16, pan=-0.3),
        Part(crash, downbeats(g, [*form.starts("a", "b", "end"), b[4]], rng), gain_db=-9),
    ]
    return Song(parts, form.n_bars * g.bar, reverb_seconds=1.0, delay_seconds=0.75 * g.beat,
                loudness_db=-13.5)


# --------------------------------------------------------------------------- fear


def something_in_the_attic(rng: Rng) -> Song:
    """Fear: a tritone drone, swelling tremolo clusters, glassy notes, a heartbeat, sparse booms."""
    g = Grid(60)
    key = 36
    clusters = progression(key, "0:cluster 1:cluster 6:cluster 5:cluster")
    form = Form(("intro", clusters, 2), ("a", clusters, 4), ("b", clusters, 4),
                ("end", clusters, 2))
    h, n_bars = form.harmony, form.n_bars
    length = n_bars * g.bar
    diminished = [key + 48 + i for i in (0, 1, 3, 4, 6, 7, 9, 10, 12, 13, 15)]
    glass = [
        Note(g.time(bar, int(rng.integers(0, 16))), 1.5, float(rng.choice(diminished)),
             float(rng.uniform(0.3, 0.6)))
        for bar in form.bars("a", "b", "end")[:-1] for _ in range(2)
    ]
    booms = [g.time(bar, step) for bar, step in ((2, 0), (4, 10), (6, 0), (7, 6), (8, 0), (9, 3),
                                                 (10, 0))]
    parts = [
        Part(drone, [Note(0.0, length - 2.0, key, 0.8), Note(0.0, length - 2.0, key + 6, 0.5)],
             gain_db=-4, lowpass=900, reverb=0.3),
        Part(TREMOLO, chord_notes(g, h, form.bars("a", "b", "end"), "x---------------", 60, rng,
                                  0.5, 0.9), gain_db=-6, spread=0.8, lowpass=2500, reverb=0.5),
        Part(GLASS, glass, gain_db=-9, spread=0.9, reverb=0.6, delay=0.4),
        Part(partial(kick, tone=42.0, decay=0.25, punch=1.0, click=0.05),
             drum_notes(g, form.bars("b"), "xo..xo..xo..xo..", rng, 0.7), gain_db=-6),
        Part(boom, [Note(t, 1.0, 36, 0.9) for t in booms], gain_db=-1, reverb=0.4),
        Part(whoosh, [Note(g.time(7, 8), 2.0, 60, 0.5), Note(g.time(9, 12), 1.0, 60, 0.4)],
             gain_db=0, spread=0.5, reverb=0.4),
    ]
    return Song(parts, length, reverb_seconds=4.0, delay_seconds=0.75, delay_feedback=0.5,
                loudness_db=-20.0, tail=2.0)


def cellar_lantern(rng: Rng) -> Song:
    """Fear: B locrian at 72 bpm; a creeping semitone ostinato, a detuned music box, tremolo."""
    g = Grid(72)
    key = 47
    dread = progression(key, "0:dim 0:dim 1:maj 0:dim")
    form = Form(("intro", dread, 2), ("a", dread, 4), ("b", dread, 4), ("end", dread, 2))
    h = form.harmony
    length = form.n_bars * g.bar
    box_scale = scale_notes(key, "harmonic", 78, 98)
    lullaby = melody_notes(g, h, form.bars("a"), "x---x---x-x-x---|x-------x-------",
                           (1, -2, 1, 1, -1, -3), box_scale, 83, rng, 0.6, legato=1.0)
    lullaby += melody_notes(g, h, form.bars("end")[:1], "x-------x-------", (-1, -1), box_scale,
                            83, rng, 0.5)
    lullaby = [Note(n.start, n.dur, n.pitch + float(rng.normal(0, 0.18)), n.vel) for n in lullaby]
    crawl = bass_notes(g, h, form.bars("intro", "a"), "R-..u-..R-..u-..", 35, rng, 0.7)
    crawl += bass_notes(g, h, form.bars("b"), "R.u.R.u.R.u.R.u.", 35, rng, 0.8)
    crawl += bass_notes(g, h, form.bars("end")[:1], "RuRuRuRuRuRuRuRu", 35, rng, 0.85)
    parts = [
        Part(drone, [Note(0.0, length - 2.0, key - 12, 0.8), Note(0.0, length - 2.0, key - 6, 0.5)],
             gain_db=-6, lowpass=800, reverb=0.3),
        Part(piano, crawl, gain_db=-4, pan=-0.1, lowpass=1800, reverb=0.25),
        Part(TREMOLO, chord_notes(g, h, form.bars("b", "end"), "x---------------", 76, rng, 0.45),
             gain_db=-12, spread=0.8, lowpass=3000, reverb=0.5),
        Part(MUSIC_BOX, lullaby, gain_db=-6, pan=0.25, reverb=0.55, delay=0.35),
        Part(metal_hit, [Note(g.time(4, 6), 0.5, 45, 0.5), Note(g.time(7, 10), 0.5, 44, 0.6),
                         Note(g.time(9, 2), 0.5, 46, 0.7)], gain_db=-10, spread=0.8, reverb=0.6),
        Part(boom, downbeats(g, form.starts("b", "end"), rng), gain_db=-2, reverb=0.4),
        Part(whoosh, [Note(g.time(5, 8), 1.7, 60, 0.5)], gain_db=0, reverb=0.4),
    ]
    return Song(parts, length, reverb_seconds=3.5, delay_seconds=1.5 * g.beat,
                delay_feedback=0.45, loudness_db=-20.0, tail=2.0)


# --------------------------------------------------------------------------- disgust


def sour_milk_shuffle(rng: Rng) -> Song:
    """Disgust: a lopsided 7/8 at 100 bpm; a crawling chromatic bass, detuned grinding synths."""
    g = Grid(100, beats_per_bar=3.5)
    key = 40
    crawl = progression(key, "0:min 1:maj 0:min -1:dim")
    turn = progression(key, "5:min 6:maj 3:min 2:aug")
    form = Form(("intro", crawl, 2), ("a", crawl, 8), ("b", turn, 6), ("a", crawl, 4),
                ("end", crawl, 1))
    h, a, b, end = form.harmony, form.bars("a"), form.bars("b"), form.bars("end")
    groove = form.bars("a", "b")
    chroma = scale_notes(key, "chromatic", 62, 80)
    ooze = melody_notes(g, h, a + b, "x---x-x-----x-|x-x-x---x-----", (1, 1, -3, 1, -1, -1, 2),
                        chroma, 70, rng, 0.7, variation=0.3, bend=-0.8)
    parts = [
        Part(partial(grind, ring=0.3, wobble=20.0),
             bass_notes(g, h, form.bars("intro", "a", "b"), "R-b-R-u-R-F-a-", 40, rng, 0.8,
                        bend=-0.3) + bass_notes(g, h, end, "R-------------", 40, rng, 0.8),
             gain_db=-5, drive=2.0, lowpass=1400),
        Part(musette, chord_notes(g, h, groove, "..x-..x-..x-x-", 60, rng, 0.5, 0.7),
             gain_db=-13, spread=0.5, lowpass=3500, reverb=0.15),
        Part(partial(lead, shape="pulse", detune=30.0, vibrato=40.0, vibrato_hz=3.0), ooze,
             gain_db=-8, pan=0.2, lowpass=3000, reverb=0.2, delay=0.2),
        Part(partial(grind, attack=1.0, release=1.0, ring=0.7),
             chord_notes(g, h, b, "x-------------", 52, rng, 0.4), gain_db=-16, spread=0.8,
             lowpass=1800, reverb=0.3),
        Part(partial(kick, punch=1.5), drum_notes(g, groove, "x...x...x.....", rng)
             + downbeats(g, end, rng), gain_db=-2),
        Part(partial(snare, crush=6), drum_notes(g, groove, "......x.....x.", rng), gain_db=-9),
        Part(hat, drum_notes(g, form.bars("intro", "a", "b"), "x.o.x.o.x.o.x.", rng),
             gain_db=-16, pan=0.3),
        Part(squelch, drum_notes(g, groove, "...........x..|..............", rng), gain_db=-9,
             pan=-0.4, reverb=0.2),
    ]
    return Song(parts, form.n_bars * g.bar, reverb_seconds=1.4, delay_seconds=0.75 * g.beat,
                loudness_db=-16.0)


def drain_hair_waltz(rng: Rng) -> Song:
    """Disgust: a lurching 3/4 at 88 bpm; oom-pah-pah on queasy, sliding chords, sick reeds."""
    g = Grid(88, beats_per_bar=3)
    key = 48
    slide = progression(key, "0:min -1:min -2:min -3:dim7 -4:maj -5:7 1:maj 0:min")
    sour = progression(key, "6:min 5:min 6:min 7:aug")
    form = Form(("intro", slide, 2), ("a", slide, 8), ("b", sour, 4), ("a", slide, 8),
                ("end", slide, 1))
    h, end = form.harmony, form.bars("end")
    groove = form.bars("a", "b")
    chroma = scale_notes(key, "chromatic", 62, 82)
    tune = melody_notes(g, h, groove, "x-----x-x-x-|x-----------", (1, -2, -1, 3, -1),
                        chroma, 72, rng, 0.7, variation=0.25, bend=-0.5)
    parts = [
        Part(partial(saw_bass, decay=0.4, sustain=0.3, droop=-0.4),
             bass_notes(g, h, form.bars("intro") + groove, "R-..........|f-..........", 36, rng)
             + bass_notes(g, h, end, "R-----------", 36, rng), gain_db=-4, lowpass=600),
        Part(partial(musette, detune=30.0),
             chord_notes(g, h, form.bars("intro") + groove, "....x-..x-..", 60, rng, 0.55, 0.8)
             + chord_notes(g, h, end, "x-----------", 60, rng, 0.5),
             gain_db=-10, spread=0.5, lowpass=4000, reverb=0.2),
        Part(partial(grind, detune=18.0, ring=0.25, droop=0.0, wobble=25.0, attack=0.04), tune,
             gain_db=-9, pan=0.2, lowpass=3500, reverb=0.25, delay=0.2),
        Part(partial(kick, punch=1.2, decay=0.25), drum_notes(g, groove, "x...........", rng, 0.8)
             + downbeats(g, end, rng), gain_db=-4),
        Part(wood, drum_notes(g, groove, "....x...x...", rng, 0.6, 76), gain_db=-14, pan=-0.3),
        Part(squelch, drum_notes(g, groove, "............|........x...", rng), gain_db=-8,
             pan=0.4, reverb=0.2),
    ]
    return Song(parts, form.n_bars * g.bar, reverb_seconds=1.8, delay_seconds=g.beat,
                loudness_db=-16.0)


# --------------------------------------------------------------------------- surprise


def jack_in_the_box_parade(rng: Rng) -> Song:
    """Surprise: C lydian at 132 bpm; register-leaping arpeggios, sudden stops, whole-tone runs,
    a jump up a whole tone."""
    g = Grid(132)
    home = progression(60, "0:maj 2:maj 5:maj 7:maj")
    up = progression(62, "0:maj 2:maj 9:min 7:7")
    form = Form(("intro", home, 2), ("a", home, 8), ("stop", home, 1), ("b", up, 8),
                ("stop2", up, 1), ("a", home, 4), ("end", home, 1))
    h, a, b, end = form.harmony, form.bars("a"), form.bars("b"), form.bars("end")
    stop, stop2 = form.bars("stop")[0], form.bars("stop2")[0]
    groove = form.bars("a", "b")
    tune = melody_notes(g, h, a, "x.x.x-x.X---x.x.|x.x.x.x.X-------",
                        (1, 1, -2, 4, -1, -1, 1, 1, 1, -3), scale_notes(60, "lydian", 67, 96),
                        76, rng, legato=0.6)
    tune += melody_notes(g, h, b, "X-x.x.X-x.x.x.x.|X.X.x.x.X-------",
                         (2, -1, 3, -2, -1, 1, 2, -4), scale_notes(62, "lydian", 69, 98), 79, rng,
                         legato=0.6)
    runs = run_notes(g, stop, 8, 72, 8, 2, 0.6) + run_notes(g, stop2, 8, 86, 8, -2, 0.6)
    parts = [
        Part(partial(pluck, decay=0.18, tilt=1.6),
             arp_notes(g, h, form.bars("intro") + groove, "0.8.2.a.4.c.1.9.", 48, rng, 0.6),
             gain_db=-1, spread=0.8, lowpass=7000, reverb=0.15),
        Part(BELL, tune + runs, gain_db=-3, pan=0.15, reverb=0.2, delay=0.2),
        Part(partial(round_bass, decay=0.2), bass_notes(g, h, groove, "R...F...R...F.a.", 36, rng)
             + bass_notes(g, h, end, "R---------------", 36, rng), gain_db=0, lowpass=2500),
        Part(kick, drum_notes(g, groove, "x.......x.x.....", rng)
             + downbeats(g, [stop, stop2, *end], rng), gain_db=-2),
        Part(partial(snare, decay=0.1), drum_notes(g, groove, "....x..g.gg.x...|....x...x.xxxxxx",
                                                   rng), gain_db=-9, reverb=0.1),
        Part(hat, drum_notes(g, b, "x.x.x.x.x.x.x.x.", rng), gain_db=-15, pan=0.3),
        Part(crash, downbeats(g, [a[0], stop, b[0], stop2, end[0]], rng), gain_db=-10),
        Part(partial(pluck, decay=0.6, tilt=1.2),
             chord_notes(g, h, [stop, stop2, *end], "X---------------", 72, rng, 0.9),
             gain_db=-4, spread=0.6, reverb=0.3),
        Part(boing, [Note(g.time(stop2, 4), 0.6, 55, 0.6)], gain_db=2, pan=-0.4, reverb=0.2),
    ]
    return Song(parts, form.n_bars * g.bar, reverb_seconds=1.4, delay_seconds=0.75 * g.beat,
                loudness_db=-16.0)


def confetti_trapdoor(rng: Rng) -> Song:
    """Surprise: F major at 116 bpm; toy mallets, octave-jumping arpeggios, a trapdoor drop into
    A-flat, sudden hush-then-burst dynamics."""
    g = Grid(116)
    home = progression(53, "0:maj 5:maj 0:maj 7:7")
    away = progression(56, "0:maj 5:maj 9:min 7:maj")
    form = Form(("intro", home, 1), ("a", home, 8), ("trap", home, 1), ("b", away, 8),
                ("a", home, 4), ("end", home, 1))
    h, a, b, end = form.harmony, form.bars("a"), form.bars("b"), form.bars("end")
    trap = form.bars("trap")[0]
    hush = b[2:4]
    loud = [bar for bar in a + b if bar not in hush]
    tune = melody_notes(g, h, a, "x.x.x.x.x.x.X---|x-.xx-.xX-------",
                        (2, 2, -1, -1, -1, 3, -2, 1, 1, -3), scale_notes(53, "major", 65, 93),
                        77, rng, legato=0.5)
    tune += melody_notes(g, h, b, "X.x.x.X.x.x.x.x.|X---x.x.X-------",
                         (1, 4, -2, -1, 2, -5, 1, 1), scale_notes(56, "major", 67, 96), 80, rng,
                         legato=0.5)
    fall = run_notes(g, trap, 0, 89, 12, -2, 0.6) + run_notes(g, trap, 12, 56, 4, 12, 0.5)
    parts = [
        Part(MARIMBA, arp_notes(g, h, [*form.bars("intro"), *a, *b], "0.7.1.8.2.9.3.8.", 53,
                                rng, 0.7), gain_db=-5, spread=0.7, reverb=0.15),
        Part(MUSIC_BOX, tune + fall, gain_db=-4, pan=0.2, reverb=0.2, delay=0.2),
        Part(partial(pluck, decay=0.2), chord_notes(g, h, loud, "X.....x...x.....", 67, rng, 0.6)
             + chord_notes(g, h, end, "X---------------", 67, rng, 0.8, strum=0.03),
             gain_db=-7, spread=0.4, reverb=0.15),
        Part(partial(round_bass, decay=0.25), bass_notes(g, h, loud, "R..R..O.R..R..F.", 41, rng)
             + bass_notes(g, h, end, "R---------------", 41, rng), gain_db=-2, lowpass=2500),
        Part(kick, drum_notes(g, loud, "x..x..x...x.....", rng)
             + downbeats(g, [b[0], b[4], *end], rng), gain_db=-2),
        Part(clap, drum_notes(g, loud, "....x.......x..x", rng), gain_db=-10, reverb=0.15),
        Part(hat, drum_notes(g, loud, "xoxoxoxoxoxoxoxo", rng, 0.7), gain_db=-17, pan=-0.3),
        Part(crash, downbeats(g, [b[0], b[4], form.starts("a")[1], *end], rng), gain_db=-10),
        Part(whoosh, [Note(g.time(trap - 1, 8), g.bar / 2, 60, 0.6)], gain_db=4, reverb=0.2),
        Part(boing, [Note(g.time(b[3], 12), 0.5, 60, 0.6)], gain_db=1, pan=0.4),
    ]
    return Song(parts, form.n_bars * g.bar, reverb_seconds=1.3, delay_seconds=0.75 * g.beat,
                loudness_db=-16.0)


# --------------------------------------------------------------------------- neutral


def afternoon_tram(rng: Rng) -> Song:
    """Neutral: F major at 92 bpm; soft electric piano on seventh chords, round bass, soft drums."""
    g = Grid(92)
    key = 53
    verse = progression(key, "2:min7 7:7 0:maj7 9:min7")
    bridge = progression(key, "5:maj7 4:min7 2:min7 7:sus9")
    form = Form(("intro", verse, 2), ("a", verse, 4), ("b", bridge, 4), ("a", verse, 4),
                ("end", verse[2:], 1))
    h, end = form.harmony, form.bars("end")
    groove = form.bars("a", "b")
    scale = scale_notes(key, "major", 65, 88)
    tune = melody_notes(g, h, form.bars("a"), "x-x---x-x-------|..x-x-x-x---x---",
                        (1, 1, -1, -1, 2, -1, -1, -1), scale, 74, rng, 0.55)
    tune += melody_notes(g, h, form.bars("b"), "x---x-x-x---..x-|x-x-x-------....",
                         (-1, -1, 2, 1, -2, -1, 1), scale, 77, rng, 0.55)
    parts = [
        Part(epiano, chord_notes(g, h, form.bars("intro") + groove, "x-----x-----x---", 62, rng,
                                 0.45, 0.95) + chord_notes(g, h, end, "x---------------", 62, rng,
                                                           0.45, strum=0.03),
             gain_db=-8, spread=0.5, reverb=0.25),
        Part(partial(epiano, brightness=0.6), tune, gain_db=-3, pan=0.15, reverb=0.3, delay=0.2),
        Part(round_bass, bass_notes(g, h, groove, "R-----F---R---a-", 41, rng, 0.7)
             + bass_notes(g, h, end, "R---------------", 41, rng, 0.7), gain_db=-3, lowpass=1500),
        Part(PAD, chord_notes(g, h, form.bars("b"), "x---------------", 65, rng, 0.3), gain_db=-18,
             spread=0.6, lowpass=1600, reverb=0.4),
        Part(partial(kick, punch=1.0, decay=0.25), drum_notes(g, groove, "x.......x.x.....", rng,
                                                              0.7), gain_db=-6),
        Part(wood, drum_notes(g, groove, "....x.......x...", rng, 0.5, 81), gain_db=-11,
             pan=-0.2, reverb=0.15),
        Part(shaker, drum_notes(g, form.bars("intro") + groove, "g.o.g.o.g.o.g.o.", rng, 0.6),
             gain_db=-20, pan=0.35),
    ]
    return Song(parts, form.n_bars * g.bar, reverb_seconds=1.6, delay_seconds=0.75 * g.beat,
                delay_feedback=0.3, loudness_db=-18.0)


def paper_lanterns(rng: Rng) -> Song:
    """Neutral: G major at 84 bpm; flowing electric-piano arpeggios, a warm pad, mallet melody."""
    g = Grid(84)
    key = 55
    verse = progression(key, "0:maj9 4:min7 9:min7 2:sus4")
    bridge = progression(key, "5:maj7 4:min7 2:min7 7:sus2")
    form = Form(("intro", verse, 2), ("a", verse, 4), ("b", bridge, 4), ("a", verse, 4),
                ("end", verse, 1))
    h, end = form.harmony, form.bars("end")
    flowing = form.bars("intro", "a", "b")
    scale = scale_notes(key, "major", 67, 91)
    tune = melody_notes(g, h, form.bars("a"), "x---x-x-x-------|x-x-x---x-------",
                        (1, -1, -1, 2, 1, -1, -2), scale, 76, rng, 0.5)
    tune += melody_notes(g, h, form.bars("b"), "x-x-x---x---x---|x-------x-------",
                         (2, -1, -1, 1, -2, 1), scale, 79, rng, 0.5)
    parts = [
        Part(epiano, arp_notes(g, h, flowing, "0-2-1-3-2-4-3-1-", 55, rng, 0.4, 1.4)
             + chord_notes(g, h, end, "x---------------", 62, rng, 0.4, strum=0.04),
             gain_db=-7, spread=0.6, reverb=0.3),
        Part(PAD, chord_notes(g, h, list(range(form.n_bars)), "x---------------", 62, rng, 0.3),
             gain_db=-17, spread=0.6, lowpass=1500, reverb=0.4),
        Part(MARIMBA, tune, gain_db=-2, pan=0.2, reverb=0.3, delay=0.25),
        Part(round_bass, bass_notes(g, h, list(range(form.n_bars)), "R-------F-------", 43, rng,
                                    0.6), gain_db=-5, lowpass=1200),
        Part(partial(kick, punch=0.8, decay=0.25),
             drum_notes(g, form.bars("a", "b"), "x.........x.....", rng, 0.6), gain_db=-8),
        Part(shaker, drum_notes(g, form.bars("a", "b"), "x.g.o.g.x.g.o.g.", rng, 0.6),
             gain_db=-21, pan=-0.35),
    ]
    return Song(parts, form.n_bars * g.bar, reverb_seconds=2.0, delay_seconds=g.beat,
                delay_feedback=0.3, loudness_db=-18.0)


# --------------------------------------------------------------------------- catalogue & output


@dataclass(frozen=True)
class Track:
    """One demo track: its mood folder, number, title and composer."""

    mood: str
    number: int
    title: str
    compose: Callable[[Rng], Song]

    @property
    def filename(self) -> str:
        """File name like '01-kites-over-the-harbour.ogg'."""
        slug = re.sub(r"[^a-z0-9]+", "-", self.title.lower()).strip("-")
        return f"{self.number:02d}-{slug}.ogg"

    def rng(self) -> Rng:
        """This track's own, fixed random stream."""
        return np.random.default_rng([SEED, MOODS.index(self.mood), self.number])


TRACKS: tuple[Track, ...] = (
    Track("angry", 1, "Red Line Engine", red_line_engine),
    Track("angry", 2, "Clenched Fist Stomp", clenched_fist_stomp),
    Track("disgust", 1, "Sour Milk Shuffle", sour_milk_shuffle),
    Track("disgust", 2, "Drain Hair Waltz", drain_hair_waltz),
    Track("fear", 1, "Something in the Attic", something_in_the_attic),
    Track("fear", 2, "Cellar Lantern", cellar_lantern),
    Track("happy", 1, "Kites Over the Harbour", kites_over_the_harbour),
    Track("happy", 2, "Lemonade Bicycle", lemonade_bicycle),
    Track("sad", 1, "Grey Window Light", grey_window_light),
    Track("sad", 2, "The Last Warm Evening", the_last_warm_evening),
    Track("surprise", 1, "Jack-in-the-Box Parade", jack_in_the_box_parade),
    Track("surprise", 2, "Confetti Trapdoor", confetti_trapdoor),
    Track("neutral", 1, "Afternoon Tram", afternoon_tram),
    Track("neutral", 2, "Paper Lanterns", paper_lanterns),
)


def pin_ogg_serial(path: Path, serial: int) -> None:
    """Rewrite every Ogg page with a fixed stream serial (libsndfile picks a random one)."""
    source = io.BytesIO(path.read_bytes())
    pages = []
    while True:
        try:
            page = OggPage(source)
        except EOFError:
            break
        page.serial = serial
        pages.append(page.write())
    path.write_bytes(b"".join(pages))


def encode_vorbis(audio: Signal, path: Path) -> None:
    """Encode float frames × 2 to Ogg Vorbis at `path`."""
    # Written in blocks: libvorbis allocates its analysis buffer on the stack, and one big write
    # of a whole track overflows it (libsndfile issue #1095, python-soundfile #233).
    with sf.SoundFile(path, "w", SR, audio.shape[1], subtype="VORBIS", format="OGG",
                      compression_level=VORBIS_COMPRESSION) as out:
        for start in range(0, audio.shape[0], WRITE_BLOCK_FRAMES):
            out.write(audio[start:start + WRITE_BLOCK_FRAMES])


def encode_under_ceiling(audio: Signal, path: Path) -> Signal:
    """Encode `audio`, turning it down and re-encoding until the decoded peak is under the
    ceiling; returns the decoded audio."""
    ceiling = db_to_gain(CEILING_DB)
    for _ in range(ENCODE_ATTEMPTS):
        encode_vorbis(audio, path)
        decoded, _ = sf.read(path, always_2d=True)
        peak = float(np.abs(decoded).max())
        if peak <= ceiling:
            break
        audio = audio * (ENCODE_STEP * ceiling / peak)
    return decoded


def tag_track(track: Track, path: Path) -> None:
    """Write the Vorbis comments and pin the stream serial so the file is reproducible."""
    tags = OggVorbis(path)
    tags["title"] = track.title
    tags["artist"] = ARTIST
    tags["album"] = ALBUM
    tags["genre"] = track.mood
    tags["tracknumber"] = str(track.number)
    tags["date"] = YEAR
    tags["license"] = LICENSE
    tags["comment"] = "Original synthesis by packaging/generate_demo_music.py; no samples."
    tags.save()
    pin_ogg_serial(path, SEED * 100 + MOODS.index(track.mood) * 10 + track.number)


def write_track(track: Track, audio: Signal, path: Path) -> Signal:
    """Encode and tag one track at `path`; returns the audio as decoded from the file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    decoded = encode_under_ceiling(audio, path)
    tag_track(track, path)
    return decoded


def levels(audio: Signal) -> tuple[float, float]:
    """Peak and RMS level of `audio` in dBFS."""
    return gain_to_db(float(np.abs(audio).max())), gain_to_db(float(np.sqrt(np.mean(audio**2))))


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    """Command-line options."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT,
                        help="folder to write <mood>/NN-title.ogg into (default: %(default)s)")
    parser.add_argument("--mood", action="append", choices=MOODS,
                        help="only generate this mood (may be repeated)")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    """Compose, render, encode and tag the demo tracks; print their levels and sizes."""
    args = parse_args(argv)
    wanted = [t for t in TRACKS if not args.mood or t.mood in args.mood]
    for track in wanted:
        rng = track.rng()
        audio = render_song(track.compose(rng), rng)
        path = args.out / track.mood / track.filename
        decoded = write_track(track, audio, path)
        peak, rms = levels(decoded)
        print(f"{track.mood + '/' + track.filename:42} {decoded.shape[0] / SR:5.1f} s  "
              f"peak {peak:5.1f} dBFS  rms {rms:5.1f} dBFS  {path.stat().st_size / 1024:4.0f} KiB",
              flush=True)
    total = sum(p.stat().st_size for p in args.out.glob("*/*.ogg"))
    print(f"total {total / 1e6:.2f} MB in {args.out}")
    if total > SIZE_BUDGET_BYTES:
        print(f"warning: over the {SIZE_BUDGET_BYTES / 1e6:.0f} MB budget", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
