"""Small real audio files made on the spot for the music tests (nothing is shipped).

* WAV through the standard ``wave`` module (a sine tone);
* FLAC written by hand: a STREAMINFO block and verbatim frames with their CRCs, so any decoder
  plays it;
* MP3: silent MPEG-1 Layer III frames (all-zero side information decodes to silence);
* Ogg Opus: an ``OpusHead``, an ``OpusTags`` and one-byte (empty-frame) Opus packets on Ogg
  pages built by mutagen;
* WavPack: a lone block header, for APEv2 tags (not playable);
* MP4 (M4A): the atoms mutagen needs to read a duration (``moov/trak/mdia/mdhd`` + ``hdlr``),
  with an ``mdat`` of silence; tags are then added with mutagen.

Tags and pictures are written with mutagen's own writers, so the files look like the ones
people have. :func:`png_bytes` makes a tiny valid PNG for cover art.
"""

from __future__ import annotations

import math
import struct
import wave
import zlib
from pathlib import Path


def png_bytes(red: int = 200, green: int = 40, blue: int = 90) -> bytes:
    """A valid 1x1 RGB PNG of one colour."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(bytes([0, red, green, blue]))
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(
        b"IEND", b"")


def sine_samples(seconds: float, rate: int, frequency: float = 440.0) -> list[int]:
    """16-bit samples of a quiet sine tone."""
    return [int(8000 * math.sin(2 * math.pi * frequency * n / rate))
            for n in range(int(seconds * rate))]


def write_wav(path: Path, seconds: float = 1.0, rate: int = 8000) -> Path:
    """A mono 16-bit WAV of a sine tone."""
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(struct.pack(f"<{int(seconds * rate)}h", *sine_samples(seconds, rate)))
    return path


# ----------------------------------------------------------------------------- FLAC


def _crc8(data: bytes) -> int:
    crc = 0
    for byte in data:
        crc ^= byte
        for _ in range(8):
            crc = ((crc << 1) ^ 0x07) & 0xFF if crc & 0x80 else (crc << 1) & 0xFF
    return crc


def _crc16(data: bytes) -> int:
    crc = 0
    for byte in data:
        crc ^= byte << 8
        for _ in range(8):
            crc = ((crc << 1) ^ 0x8005) & 0xFFFF if crc & 0x8000 else (crc << 1) & 0xFFFF
    return crc


def write_flac(path: Path, blocks: int = 4, rate: int = 8000) -> Path:
    """A mono 16-bit FLAC of ``blocks`` x 4096 samples (8 kHz: 2.048 s for 4 blocks)."""
    block = 4096
    samples = sine_samples(blocks * block / rate, rate)
    info = struct.pack(">HH", block, block) + b"\x00\x00\x00" + b"\x00\x00\x00"
    # 20 bits rate, 3 bits channels-1, 5 bits bits-per-sample-1, 36 bits total samples
    packed = (rate << 44) | (0 << 41) | (15 << 36) | (blocks * block)
    info += packed.to_bytes(8, "big") + bytes(16)  # MD5 unknown
    stream = b"fLaC" + bytes([0x80]) + len(info).to_bytes(3, "big") + info
    for number in range(blocks):
        # sync + fixed blocking; block size code 12 (4096), rate code 4 (8 kHz);
        # mono, 16 bits per sample; frame number (< 128: one byte)
        header = bytes([0xFF, 0xF8, (12 << 4) | 4, (0 << 4) | (4 << 1), number])
        header += bytes([_crc8(header)])
        chunk = samples[number * block:(number + 1) * block]
        frame = header + b"\x02" + struct.pack(f">{block}h", *chunk)  # VERBATIM subframe
        stream += frame + _crc16(frame).to_bytes(2, "big")
    path.write_bytes(stream)
    return path


# ----------------------------------------------------------------------------- MP3


def write_mp3(path: Path, frames: int = 80) -> Path:
    """Silent MPEG-1 Layer III at 128 kb/s, 44.1 kHz, mono (26 ms per frame)."""
    header = bytes([0xFF, 0xFB, 0x90, 0xC4])
    path.write_bytes((header + bytes(417 - len(header))) * frames)
    return path


# ----------------------------------------------------------------------------- Ogg Opus


def write_opus(path: Path, packets: int = 100) -> Path:
    """An Ogg Opus file of ``packets`` x 20 ms (2 s for 100) of empty frames."""
    from mutagen.ogg import OggPage

    def page(sequence: int, position: int, data: list[bytes], *, first: bool = False,
             last: bool = False) -> bytes:
        ogg = OggPage()
        ogg.serial, ogg.sequence, ogg.position, ogg.packets = 0x4D4F4F44, sequence, position, data
        ogg.first, ogg.last = first, last
        return bytes(ogg.write())

    pre_skip = 312
    head = b"OpusHead" + struct.pack("<BBHIhB", 1, 1, pre_skip, 48000, 0, 0)
    vendor = b"moodplayer tests"
    tags = b"OpusTags" + struct.pack("<I", len(vendor)) + vendor + struct.pack("<I", 0)
    data = page(0, 0, [head], first=True) + page(1, 0, [tags])
    per_page = 50
    sequence = 2
    for start in range(0, packets, per_page):
        count = min(per_page, packets - start)
        granule = pre_skip + (start + count) * 960
        data += page(sequence, granule, [b"\x08"] * count, last=start + count >= packets)
        sequence += 1
    path.write_bytes(data)
    return path


# ----------------------------------------------------------------------------- MP4


def _atom(kind: bytes, payload: bytes) -> bytes:
    return struct.pack(">I", 8 + len(payload)) + kind + payload


def write_m4a(path: Path, seconds: float = 2.0) -> Path:
    """The bare MP4 structure of an audio file (mutagen reads its duration and tags)."""
    scale = 44100
    duration = int(seconds * scale)
    mvhd = _atom(b"mvhd", bytes(4) + struct.pack(">IIII", 0, 0, scale, duration) + bytes(80))
    mdhd = _atom(b"mdhd", bytes(4) + struct.pack(">IIIIHH", 0, 0, scale, duration, 0, 0))
    hdlr = _atom(b"hdlr", bytes(4) + bytes(4) + b"soun" + bytes(12) + b"Sound\x00")
    moov = _atom(b"moov", mvhd + _atom(b"trak", _atom(b"mdia", mdhd + hdlr)))
    ftyp = _atom(b"ftyp", b"M4A " + struct.pack(">I", 0) + b"M4A mp42isom")
    path.write_bytes(ftyp + moov + _atom(b"mdat", bytes(64)))
    return path


# ----------------------------------------------------------------------------- WavPack


def write_wavpack_header(path: Path, seconds: float = 2.0) -> Path:
    """A lone WavPack block header (44.1 kHz mono): enough for mutagen's duration and APEv2
    tags, not for a decoder; for testing APEv2 tag reading only."""
    flags = (9 << 23) | 4 | 1  # rate index 9 = 44100 Hz, mono, 16 bits
    header = b"wvpk" + struct.pack("<IHBBIIII I", 24, 0x410, 0, 0, int(seconds * 44100), 0, 0,
                                   flags, 0)
    path.write_bytes(header)
    return path
