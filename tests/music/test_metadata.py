"""Reading tags, durations and cover art from real (generated) audio files with mutagen."""

from __future__ import annotations

import base64
import os
import struct
from pathlib import Path

import pytest
from mutagen.apev2 import BINARY, APEValue
from mutagen.flac import FLAC, Picture
from mutagen.id3 import APIC, ID3, TALB, TIT2, TPE1
from mutagen.mp4 import MP4, MP4Cover
from mutagen.oggopus import OggOpus
from mutagen.wave import WAVE
from mutagen.wavpack import WavPack

from moodplayer.music import metadata as metadata_module
from moodplayer.music.metadata import (
    MetadataCache,
    apply_metadata,
    read_cover,
    read_metadata,
    title_from_filename,
)
from moodplayer.music.tracks import Track
from tests.music.audio_files import (
    png_bytes,
    write_flac,
    write_m4a,
    write_mp3,
    write_opus,
    write_wav,
    write_wavpack_header,
)

COVER = png_bytes()
BACK = png_bytes(1, 2, 3)


def flac_picture(data: bytes, kind: int = 3) -> Picture:
    picture = Picture()
    picture.type, picture.mime, picture.data = kind, "image/png", data
    picture.width = picture.height = 1
    picture.depth = 24
    return picture


def test_a_wav_without_tags_is_titled_from_its_name_and_has_its_duration(
    tmp_path: Path
) -> None:
    metadata = read_metadata(write_wav(tmp_path / "04 - rainy_window.wav", seconds=1.5))
    assert metadata.title == "Rainy window"
    assert metadata.duration == pytest.approx(1.5)
    assert (metadata.artist, metadata.album, metadata.cover, metadata.from_tags) == (
        "", "", None, False)


def test_id3_tags_and_the_front_cover_of_an_mp3(tmp_path: Path) -> None:
    path = write_mp3(tmp_path / "file.mp3", frames=80)
    tags = ID3()
    tags.add(TIT2(encoding=3, text="Morning Light"))
    tags.add(TPE1(encoding=3, text="Mood Player"))
    tags.add(TALB(encoding=3, text="Demo Ünïcode"))
    tags.add(APIC(encoding=3, mime="image/png", type=4, desc="back", data=BACK))
    tags.add(APIC(encoding=3, mime="image/png", type=3, desc="front", data=COVER))
    tags.save(path)
    metadata = read_metadata(path)
    assert (metadata.title, metadata.artist, metadata.album) == (
        "Morning Light", "Mood Player", "Demo Ünïcode")
    assert metadata.duration == pytest.approx(80 * 1152 / 44100, rel=0.05)
    assert metadata.cover == COVER and metadata.cover_mime == "image/png"
    assert metadata.from_tags


def test_id3_tags_inside_a_wav(tmp_path: Path) -> None:
    path = write_wav(tmp_path / "tagged.wav")
    audio = WAVE(path)
    audio.add_tags()
    assert audio.tags is not None
    audio.tags.add(TIT2(encoding=3, text="Wave Title"))
    audio.save()
    assert read_metadata(path).title == "Wave Title"


def test_flac_vorbis_comments_and_picture_block(tmp_path: Path) -> None:
    path = write_flac(tmp_path / "song.flac")
    audio = FLAC(path)
    audio["title"], audio["artist"], audio["album"] = "Slow River", "Mood Player", "Sad"
    audio.add_picture(flac_picture(BACK, kind=0))
    audio.add_picture(flac_picture(COVER))
    audio.save()
    metadata = read_metadata(path)
    assert (metadata.title, metadata.artist, metadata.album) == (
        "Slow River", "Mood Player", "Sad")
    assert metadata.duration == pytest.approx(4 * 4096 / 8000)
    assert metadata.cover == COVER


def test_ogg_opus_metadata_block_picture(tmp_path: Path) -> None:
    path = write_opus(tmp_path / "calm.opus")
    audio = OggOpus(path)
    audio["TITLE"] = "Calm Waters"
    audio["metadata_block_picture"] = [
        base64.b64encode(flac_picture(COVER).write()).decode("ascii")]
    audio.save()
    metadata = read_metadata(path)
    assert metadata.title == "Calm Waters"
    assert metadata.duration == pytest.approx(2.0)
    assert metadata.cover == COVER and metadata.cover_mime == "image/png"


def test_ogg_old_style_coverart_field(tmp_path: Path) -> None:
    path = write_opus(tmp_path / "old.opus")
    audio = OggOpus(path)
    audio["coverart"] = [base64.b64encode(COVER).decode("ascii")]
    audio.save()
    assert read_cover(path) == (COVER, "image/png")


def test_mp4_tags_and_covr(tmp_path: Path) -> None:
    path = write_m4a(tmp_path / "bright.m4a", seconds=2.0)
    audio = MP4(path)
    audio["\xa9nam"], audio["\xa9ART"], audio["\xa9alb"] = "Bright Day", "Mood Player", "Happy"
    audio["covr"] = [MP4Cover(COVER, imageformat=MP4Cover.FORMAT_PNG)]
    audio.save()
    metadata = read_metadata(path)
    assert (metadata.title, metadata.artist, metadata.album) == (
        "Bright Day", "Mood Player", "Happy")
    assert metadata.duration == pytest.approx(2.0)
    assert metadata.cover == COVER and metadata.cover_mime == "image/png"


def test_apev2_tags_and_front_cover_of_a_wavpack_file(tmp_path: Path) -> None:
    path = write_wavpack_header(tmp_path / "x.wv", seconds=2.0)
    audio = WavPack(path)
    audio.add_tags()
    assert audio.tags is not None
    audio.tags["Title"], audio.tags["Artist"] = "Packed", "Mood Player"
    audio.tags["Cover Art (Front)"] = APEValue(b"cover.png\x00" + COVER, BINARY)
    audio.save()
    metadata = read_metadata(path)
    assert (metadata.title, metadata.artist, metadata.duration) == ("Packed", "Mood Player", 2.0)
    assert metadata.cover == COVER and metadata.cover_mime == "image/png"


def test_an_asf_wm_picture_value_is_unpacked() -> None:
    mime = "image/png\x00".encode("utf-16-le")
    description = "front\x00".encode("utf-16-le")
    raw = struct.pack("<bI", 3, len(COVER)) + mime + description + COVER
    assert metadata_module._asf_picture(raw) == (3, COVER, "image/png")
    assert metadata_module._asf_picture(b"\x03\x00") is None


def test_covers_are_not_read_when_not_asked_for(tmp_path: Path) -> None:
    path = write_flac(tmp_path / "song.flac")
    audio = FLAC(path)
    audio.add_picture(flac_picture(COVER))
    audio.save()
    assert read_metadata(path, with_cover=False).cover is None


@pytest.mark.parametrize("content", [b"", b"not audio at all" * 100, b"ID3\x04\x00\x00garbage",
                                     b"fLaC\x00\x00\x00\x22" + b"\xff" * 10])
def test_a_corrupt_file_falls_back_to_its_name_and_never_raises(
    tmp_path: Path, content: bytes
) -> None:
    path = tmp_path / "02_broken_song.mp3"
    path.write_bytes(content)
    metadata = read_metadata(path)
    assert metadata.title == "Broken song"
    assert metadata.cover is None and not metadata.from_tags


def test_a_missing_file_falls_back_to_its_name(tmp_path: Path) -> None:
    assert read_metadata(tmp_path / "gone away.ogg").title == "Gone away"


def test_read_cover_is_none_without_a_picture(tmp_path: Path) -> None:
    assert read_cover(write_wav(tmp_path / "plain.wav")) is None


@pytest.mark.parametrize("name, title", [
    ("01 - the_long_road.mp3", "The long road"),
    ("03_my_song.ogg", "My song"),
    ("1. iPhone Song.flac", "iPhone Song"),
    ("99 Luftballons.mp3", "99 Luftballons"),
    ("music/Some   Band - Tune.opus", "Some Band - Tune"),
    ("C:\\Music\\02 Blue.wav", "Blue"),
    ("07.mp3", "07"),
    ("01-grey-window-light.ogg", "Grey window light"),
    ("Jay-Z.mp3", "Jay-Z"),
])
def test_titles_from_file_names_are_readable(name: str, title: str) -> None:
    assert title_from_filename(name) == title


def test_apply_metadata_keeps_a_playlist_title_unless_the_file_has_its_own() -> None:
    track = Track(location="/x/a.mp3", title="From EXTINF", duration=10.0)
    untagged = read_metadata(Path("/nonexistent/a.mp3"))
    assert apply_metadata(track, untagged, keep_title=True).title == "From EXTINF"
    assert apply_metadata(track, untagged, keep_title=True).duration == 10.0
    assert apply_metadata(track, untagged).title == "A"


def test_the_cache_reads_a_file_once_and_again_when_it_changes(tmp_path: Path) -> None:
    path = write_flac(tmp_path / "song.flac")
    cache = MetadataCache()
    first = cache.get(path)
    assert cache.get(path) is first
    audio = FLAC(path)
    audio["title"] = "Renamed"
    audio.save()
    later = path.stat().st_mtime_ns + 1_000_000_000  # as if saved a second later
    os.utime(path, ns=(later, later))
    assert cache.get(path).title == "Renamed"


def test_the_cache_reads_again_for_a_cover_after_a_coverless_read(tmp_path: Path) -> None:
    path = write_flac(tmp_path / "song.flac")
    audio = FLAC(path)
    audio.add_picture(flac_picture(COVER))
    audio.save()
    cache = MetadataCache()
    assert cache.get(path).cover is None
    assert cache.get(path, with_cover=True).cover == COVER
    assert cache.get(path, with_cover=True).cover == COVER


def test_the_cache_forgets_the_oldest_files_beyond_its_size(tmp_path: Path) -> None:
    cache = MetadataCache(size=2)
    paths = [write_wav(tmp_path / f"{n}.wav", seconds=0.1) for n in range(3)]
    first = cache.get(paths[0])
    cache.get(paths[1])
    cache.get(paths[2])
    assert cache.get(paths[0]) is not first  # read again


def test_describe_fills_a_track_and_leaves_streams_alone(tmp_path: Path) -> None:
    path = write_flac(tmp_path / "song.flac")
    audio = FLAC(path)
    audio["title"], audio["artist"] = "Slow River", "Mood Player"
    audio.save()
    cache = MetadataCache()
    described = cache.describe(Track(location=str(path), title="Song"))
    assert described.display == "Mood Player - Slow River"
    assert described.duration == pytest.approx(2.048)
    stream = Track(location="https://radio.example/x", title="Radio")
    assert cache.describe(stream) is stream
