"""Track metadata read with mutagen: title, artist, album, duration and embedded cover art.

:func:`read_metadata` never raises: a file with no tags, tags mutagen does not know, or a file
that is missing or corrupt gives the file name (prettified: ``03 - my_song.mp3`` ->
``My song``, see :func:`title_from_filename`) as the title and whatever else could be read.

Cover art comes from ID3 ``APIC`` frames (MP3, WAV, AIFF), FLAC picture blocks, Vorbis/Opus
``METADATA_BLOCK_PICTURE`` (and the old ``COVERART``), MP4 ``covr``, ASF ``WM/Picture`` and
APEv2 ``Cover Art (Front)``; a front cover is preferred over other pictures.

Reading is lazy: the scanner never opens files. :class:`MetadataCache` remembers what was read
per file (keyed by path, size and modification time) and is safe to share between threads.
"""

from __future__ import annotations

import base64
import binascii
import dataclasses
import logging
import os
import re
import struct
import threading
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from moodplayer.music.tracks import Track

log = logging.getLogger(__name__)

FRONT_COVER = 3  # the picture type for "Cover (front)" in ID3, FLAC and ASF


@dataclass(frozen=True)
class TrackMetadata:
    """What a file says about itself. ``title`` is never empty (the file name at worst)."""

    title: str
    artist: str = ""
    album: str = ""
    duration: float | None = None
    cover: bytes | None = dataclasses.field(default=None, repr=False)
    cover_mime: str = ""
    from_tags: bool = False


def title_from_filename(path: Path | str) -> str:
    """A readable title from a file name: no folder or extension, no leading track number,
    spaces for underscores (and for the hyphens of a lowercase slug); an all-lowercase name
    gets a capital first letter (``"music/01 - the_long_road.mp3"`` -> ``"The long road"``,
    ``"01-grey-window-light.ogg"`` -> ``"Grey window light"``).
    """
    name = re.split(r"[\\/]", str(path))[-1]
    stem = os.path.splitext(name)[0] or name
    text = re.sub(r"^\s*(?:\d{1,3}\s*[-.)]|0\d\s)\s*(?=\S)", "", stem.replace("_", " "))
    if " " not in text and text.islower():  # a slug: "grey-window-light"
        text = text.replace("-", " ")
    text = re.sub(r"\s+", " ", text).strip() or stem.strip() or str(path)
    return text[0].upper() + text[1:] if text.islower() else text


def read_metadata(path: Path, *, with_cover: bool = True) -> TrackMetadata:
    """Read the tags, duration and (optionally) cover of ``path``; never raises."""
    fallback = TrackMetadata(title=title_from_filename(path))
    try:
        import mutagen

        audio = mutagen.File(path)
    except Exception as error:  # mutagen raises many types on corrupt or unreadable files
        log.debug("cannot read tags of %s: %s", path, error)
        return fallback
    if audio is None:
        return fallback
    duration = _duration(audio)
    try:
        tags = _text_tags(audio)
        cover, mime = _cover(audio) if with_cover else (None, "")
    except Exception as error:  # an odd tag must not cost the duration
        log.debug("cannot interpret tags of %s: %s", path, error)
        tags, cover, mime = {}, None, ""
    title = tags.get("title") or fallback.title
    return TrackMetadata(
        title=title, artist=tags.get("artist", ""), album=tags.get("album", ""),
        duration=duration, cover=cover, cover_mime=mime, from_tags=bool(tags.get("title")),
    )


def read_cover(path: Path) -> tuple[bytes, str] | None:
    """The embedded cover art of ``path`` as ``(image bytes, MIME type)``, or ``None``."""
    metadata = read_metadata(path, with_cover=True)
    return (metadata.cover, metadata.cover_mime) if metadata.cover else None


def apply_metadata(track: Track, metadata: TrackMetadata, *, keep_title: bool = False) -> Track:
    """``track`` with what ``metadata`` knows filled in (tags win over guesses).

    ``keep_title`` keeps the track's own title (from a playlist's ``#EXTINF``) when the file
    has no title tag of its own.
    """
    title = track.title if keep_title and not metadata.from_tags else metadata.title
    return dataclasses.replace(
        track,
        title=title,
        artist=metadata.artist or track.artist,
        album=metadata.album or track.album,
        duration=metadata.duration if metadata.duration is not None else track.duration,
        cover=metadata.cover if metadata.cover is not None else track.cover,
    )


class MetadataCache:
    """Reads metadata on demand and remembers it, per file version, for up to ``size`` files.

    Covers are kept only when asked for (they can be large); asking for a cover after a
    cover-less read reads the file again once.
    """

    def __init__(self, size: int = 20_000) -> None:
        self._size = size
        self._lock = threading.Lock()
        self._entries: OrderedDict[tuple[str, int, int], TrackMetadata] = OrderedDict()
        self._with_cover: set[tuple[str, int, int]] = set()

    def get(self, path: Path, *, with_cover: bool = False) -> TrackMetadata:
        """The metadata of ``path``, read now or remembered from an earlier read."""
        try:
            stat = os.stat(path)
            key = (str(path), stat.st_size, stat.st_mtime_ns)
        except OSError:
            return read_metadata(path, with_cover=with_cover)
        with self._lock:
            found = self._entries.get(key)
            if found is not None and (not with_cover or key in self._with_cover):
                self._entries.move_to_end(key)
                return found
        metadata = read_metadata(path, with_cover=with_cover)
        with self._lock:
            self._entries[key] = metadata
            if with_cover:
                self._with_cover.add(key)
            while len(self._entries) > self._size:
                old, _ = self._entries.popitem(last=False)
                self._with_cover.discard(old)
        return metadata

    def describe(self, track: Track, *, with_cover: bool = False) -> Track:
        """``track`` with its file's metadata filled in (streams come back unchanged)."""
        path = track.path
        if path is None:
            return track
        return apply_metadata(track, self.get(path, with_cover=with_cover), keep_title=True)


# ----------------------------------------------------------------------------- tag formats


def _duration(audio: Any) -> float | None:
    length = getattr(getattr(audio, "info", None), "length", None)
    if isinstance(length, (int, float)) and length > 0:
        return float(length)
    return None


_ID3_KEYS = {"title": "TIT2", "artist": "TPE1", "album": "TALB"}
_MP4_KEYS = {"title": "\xa9nam", "artist": "\xa9ART", "album": "\xa9alb"}
_ASF_KEYS = {"title": "Title", "artist": "Author", "album": "WM/AlbumTitle"}


def _first_text(value: Any) -> str:
    """The first string of a tag value, whatever its container (frame, list, ASF value...)."""
    if value is None:
        return ""
    if hasattr(value, "text"):  # an ID3 frame
        value = value.text
    if isinstance(value, (list, tuple)):
        value = value[0] if value else ""
    if hasattr(value, "value"):  # an ASF attribute
        value = value.value
    return str(value).strip()


def _text_tags(audio: Any) -> dict[str, str]:
    tags = getattr(audio, "tags", None)
    if not tags:
        return {}
    from mutagen.apev2 import APEv2
    from mutagen.asf import ASFTags
    from mutagen.id3 import ID3
    from mutagen.mp4 import MP4Tags

    found: dict[str, str] = {}
    if isinstance(tags, ID3):
        keys = _ID3_KEYS
    elif isinstance(tags, MP4Tags):
        keys = _MP4_KEYS
    elif isinstance(tags, ASFTags):
        keys = _ASF_KEYS
    elif isinstance(tags, APEv2):
        keys = {name: name.capitalize() for name in ("title", "artist", "album")}
    else:  # Vorbis comments (Ogg, FLAC, Opus): case-insensitive names
        keys = {name: name for name in ("title", "artist", "album")}
    for name, key in keys.items():
        try:
            text = _first_text(tags.get(key))
        except (KeyError, ValueError):
            text = ""
        if text:
            found[name] = text
    return found


def _cover(audio: Any) -> tuple[bytes | None, str]:
    pictures: list[tuple[int, bytes, str]] = []  # (picture type, data, mime)
    from mutagen.apev2 import APEv2
    from mutagen.asf import ASFTags
    from mutagen.flac import Picture
    from mutagen.id3 import ID3
    from mutagen.mp4 import MP4Cover, MP4Tags

    for picture in getattr(audio, "pictures", None) or []:  # FLAC picture blocks
        pictures.append((picture.type, picture.data, picture.mime))
    tags = getattr(audio, "tags", None)
    if isinstance(tags, ID3):
        for frame in tags.getall("APIC"):
            pictures.append((frame.type, frame.data, frame.mime))
    elif isinstance(tags, MP4Tags):
        for cover in tags.get("covr", []):
            mime = "image/png" if cover.imageformat == MP4Cover.FORMAT_PNG else "image/jpeg"
            pictures.append((FRONT_COVER, bytes(cover), mime))
    elif isinstance(tags, ASFTags):
        for value in tags.get("WM/Picture", []):
            parsed = _asf_picture(bytes(value.value))
            if parsed:
                pictures.append(parsed)
    elif isinstance(tags, APEv2):
        value = tags.get("Cover Art (Front)")
        if value is not None:
            _name, _sep, data = bytes(value.value).partition(b"\x00")
            if data:
                pictures.append((FRONT_COVER, data, _sniff_mime(data)))
    elif tags is not None and hasattr(tags, "get"):  # Vorbis comments
        for encoded in tags.get("metadata_block_picture", []):
            try:
                picture = Picture(base64.b64decode(encoded))
            except (binascii.Error, ValueError, struct.error, TypeError):
                continue
            pictures.append((picture.type, picture.data, picture.mime))
        for encoded in tags.get("coverart", []):
            try:
                data = base64.b64decode(encoded)
            except (binascii.Error, ValueError):
                continue
            pictures.append((FRONT_COVER, data, _sniff_mime(data)))
    pictures = [p for p in pictures if p[1]]
    if not pictures:
        return None, ""
    kind, data, mime = min(pictures, key=lambda p: 0 if p[0] == FRONT_COVER else 1)
    del kind
    return data, (mime if mime and "/" in mime else _sniff_mime(data))


def _asf_picture(raw: bytes) -> tuple[int, bytes, str] | None:
    """WM/Picture: type (1 byte), size (4), MIME (UTF-16, NUL-ended), description, data."""
    try:
        kind, size = struct.unpack_from("<bI", raw)
        mime_end = _utf16_end(raw, 5)
        desc_end = _utf16_end(raw, mime_end)
    except (struct.error, ValueError):
        return None
    mime = raw[5:mime_end - 2].decode("utf-16-le", errors="replace")
    data = raw[desc_end:desc_end + size]
    return (kind, data, mime) if data else None


def _utf16_end(raw: bytes, start: int) -> int:
    for index in range(start, len(raw) - 1, 2):
        if raw[index:index + 2] == b"\x00\x00":
            return index + 2
    raise ValueError("unterminated UTF-16 string")


def _sniff_mime(data: bytes) -> str:
    if data.startswith(b"\x89PNG"):
        return "image/png"
    if data.startswith(b"\xff\xd8"):
        return "image/jpeg"
    if data.startswith((b"GIF87a", b"GIF89a")):
        return "image/gif"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    return "application/octet-stream"
