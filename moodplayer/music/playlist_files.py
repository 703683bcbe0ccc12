"""Reading playlist files: M3U, M3U8 (with ``#EXTINF``), PLS and XSPF.

:func:`read_playlist` turns a playlist file into :class:`PlaylistEntry` items, each a local
path (absolute, resolved against the playlist's folder when written relative) or a stream URL
(``http``, ``https``, ``rtsp``, ``mms``...), with the title, artist and duration the playlist
gives. Local entries that do not exist are skipped and listed in ``problems``; a playlist that
cannot be read or parsed raises :class:`PlaylistError` with a message for the listener.

Real-world files are forgiving about encodings and separators, so this is too: a UTF-8 byte
order mark is dropped, UTF-16 is recognised by its mark, text that is not UTF-8 is read as
Windows-1252 (then Latin-1), Windows line endings are fine, and ``folder\\song.mp3`` written
on Windows finds ``folder/song.mp3`` elsewhere. ``file://`` URIs become paths.
"""

from __future__ import annotations

import codecs
import os
import re
import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

PLAYLIST_SUFFIXES = frozenset({".m3u", ".m3u8", ".pls", ".xspf"})
MAX_PLAYLIST_BYTES = 32 * 1024 * 1024  # a playlist bigger than this is not a playlist

_URL = re.compile(r"^(?P<scheme>[a-zA-Z][a-zA-Z0-9+.\-]*)://")


class PlaylistError(Exception):
    """A playlist file that cannot be read or parsed; the message says which and why."""


@dataclass(frozen=True)
class PlaylistEntry:
    """One item of a playlist: an absolute local path or a stream URL, and what it says of it.

    ``duration`` is in seconds (``None`` when the playlist does not say).
    """

    location: str
    title: str | None = None
    artist: str | None = None
    album: str | None = None
    duration: float | None = None

    @property
    def is_stream(self) -> bool:
        """Whether the entry is a URL (a stream) rather than a local file."""
        return is_url(self.location)


@dataclass
class Playlist:
    """A parsed playlist file: the entries that can be played and what was skipped."""

    path: Path
    entries: list[PlaylistEntry] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def is_playlist_file(path: Path | str) -> bool:
    """Whether the file name says it is a playlist this module reads."""
    return Path(path).suffix.lower() in PLAYLIST_SUFFIXES


def is_url(text: str) -> bool:
    """Whether ``text`` is a URL other than ``file://`` (a stream libVLC opens itself)."""
    match = _URL.match(text)
    return match is not None and match.group("scheme").lower() != "file"


def read_playlist(path: Path, *, check_exists: bool = True) -> Playlist:
    """Parse the playlist at ``path`` (format chosen by its suffix, then by its content).

    With ``check_exists`` (the default) local entries that do not exist are skipped and
    reported in ``problems``. Raises :class:`PlaylistError` when the file cannot be read or is
    not a playlist at all.
    """
    try:
        size = path.stat().st_size
        if size > MAX_PLAYLIST_BYTES:
            raise PlaylistError(f"{path} is {size / 1e6:.0f} MB, too big to be a playlist")
        data = path.read_bytes()
    except OSError as error:
        raise PlaylistError(f"cannot read playlist {path} ({error.strerror or error})") from error
    kind = _kind_of(path, data)
    raw_entries = _PARSERS[kind](data, path)
    playlist = Playlist(path=path)
    base = path.parent
    for number, raw in enumerate(raw_entries, start=1):
        location = resolve_location(raw.location, base, uri=(kind == "xspf"))
        if location is None:
            playlist.problems.append(
                f"{path.name}: entry {number} ({raw.location}) is not a usable path; skipped")
            continue
        if check_exists and not is_url(location) and not os.path.exists(location):
            playlist.problems.append(
                f"{path.name}: entry {number} ({raw.location}) does not exist; skipped")
            continue
        playlist.entries.append(PlaylistEntry(
            location, raw.title or None, raw.artist or None, raw.album or None, raw.duration))
    return playlist


# ----------------------------------------------------------------------------- locations


def resolve_location(text: str, base: Path, *, uri: bool = False) -> str | None:
    """An entry as written -> an absolute path or a URL (``None`` when it names nothing).

    ``uri`` marks XSPF locations, which are URI references (percent-encoded) even when
    relative. Relative paths are joined to ``base``. A Windows-style ``a\\b.mp3`` is tried
    as written first (a backslash is legal in a POSIX file name), then with ``/``.
    """
    text = text.strip()
    if not text:
        return None
    if is_url(text):
        return text
    if text.lower().startswith("file:"):
        return _file_uri_to_path(text)
    candidates = [unquote(text), text] if uri else [text]
    if os.sep == "/" and "\\" in text:
        candidates += [c.replace("\\", "/") for c in candidates]
    resolved = [_absolute(c, base) for c in dict.fromkeys(candidates)]
    for candidate in resolved:
        if os.path.exists(candidate):
            return candidate
    return resolved[0]


def _absolute(text: str, base: Path) -> str:
    path = os.path.expanduser(text)
    if not os.path.isabs(path):
        path = os.path.join(base, path)
    return os.path.normpath(path)


def _file_uri_to_path(uri: str) -> str | None:
    parts = urlsplit(uri)
    if parts.netloc not in ("", "localhost"):
        return None  # a file on another machine (file://server/share/...)
    path = url2pathname(parts.path)
    return os.path.normpath(path) if path else None


# ----------------------------------------------------------------------------- decoding


def decode_text(data: bytes) -> str:
    """Playlist bytes -> text: BOMs honoured, UTF-8 first, then Windows-1252, then Latin-1.

    M3U8 promises UTF-8, but the promise is often broken; its bytes fall back the same way
    rather than being lost.
    """
    for bom, encoding in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
                          (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            return data[len(bom):].decode(encoding, errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        return data.decode("latin-1")


# ----------------------------------------------------------------------------- formats


def _kind_of(path: Path, data: bytes) -> str:
    suffix = path.suffix.lower()
    if suffix == ".xspf":
        return "xspf"
    if suffix == ".pls":
        return "pls"
    if suffix in (".m3u", ".m3u8"):
        return "m3u"
    head = decode_text(data[:512]).lstrip().lower()
    if head.startswith("<?xml") or head.startswith("<playlist"):
        return "xspf"
    if head.startswith("[playlist]"):
        return "pls"
    return "m3u"


def parse_m3u(data: bytes, path: Path) -> list[PlaylistEntry]:
    """M3U and M3U8: one location a line; ``#EXTINF:seconds[ attributes],Title`` before it."""
    text = decode_text(data)
    entries = []
    pending_title: str | None = None
    pending_duration: float | None = None
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        if line.startswith("#"):
            if line[:8].upper() == "#EXTINF:":
                pending_duration, pending_title = _parse_extinf(line[8:])
            continue
        entries.append(PlaylistEntry(line, pending_title, duration=pending_duration))
        pending_title, pending_duration = None, None
    return entries


def _parse_extinf(rest: str) -> tuple[float | None, str | None]:
    """``-1 tvg-name="a, b",Artist - Title`` -> (None, "Artist - Title")."""
    in_quotes = False
    comma = -1
    for index, char in enumerate(rest):
        if char == '"':
            in_quotes = not in_quotes
        elif char == "," and not in_quotes:
            comma = index
            break
    head, title = (rest[:comma], rest[comma + 1:]) if comma >= 0 else (rest, "")
    number = head.strip().split(" ", 1)[0]
    duration: float | None
    try:
        duration = float(number)
    except ValueError:
        duration = None
    if duration is not None and duration <= 0:
        duration = None
    return duration, (title.strip() or None)


def parse_pls(data: bytes, path: Path) -> list[PlaylistEntry]:
    """PLS: ``FileN=``, ``TitleN=``, ``LengthN=`` in a ``[playlist]`` section, in N order."""
    text = decode_text(data)
    files: dict[int, str] = {}
    titles: dict[int, str] = {}
    lengths: dict[int, float] = {}
    saw_section = False
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith((";", "#")):
            continue
        if line.startswith("["):
            saw_section = saw_section or line.lower() == "[playlist]"
            continue
        key, sep, value = line.partition("=")
        match = re.fullmatch(r"(file|title|length)(\d+)", key.strip(), flags=re.IGNORECASE)
        if not sep or not match:
            continue
        name, number = match.group(1).lower(), int(match.group(2))
        value = value.strip()
        if name == "file":
            files[number] = value
        elif name == "title":
            titles[number] = value
        else:
            try:
                seconds = float(value)
            except ValueError:
                continue
            if seconds > 0:
                lengths[number] = seconds
    if not saw_section and not files:
        raise PlaylistError(f"{path} is not a PLS playlist (no [playlist] section)")
    return [PlaylistEntry(files[n], titles.get(n) or None, duration=lengths.get(n))
            for n in sorted(files)]


_XSPF_NS = "{http://xspf.org/ns/0/}"


def parse_xspf(data: bytes, path: Path) -> list[PlaylistEntry]:
    """XSPF: ``trackList/track`` with ``location`` (a URI), ``title``, ``creator``, ``album``
    and ``duration`` in milliseconds. The namespace is optional (some writers drop it)."""
    try:
        root = ElementTree.fromstring(data)
    except ElementTree.ParseError as error:
        raise PlaylistError(f"{path} is not valid XSPF ({error})") from error
    if _local(root.tag) != "playlist":
        raise PlaylistError(f"{path} is not an XSPF playlist (its root is <{_local(root.tag)}>)")
    entries = []
    for track in root.iter():
        if _local(track.tag) != "track":
            continue
        fields = {_local(child.tag): (child.text or "").strip() for child in track}
        locations = [(child.text or "").strip() for child in track
                     if _local(child.tag) == "location" and (child.text or "").strip()]
        if not locations:
            continue
        duration = None
        try:
            millis = float(fields.get("duration", ""))
            duration = millis / 1000 if millis > 0 else None
        except ValueError:
            pass
        entries.append(PlaylistEntry(
            locations[0], fields.get("title") or None, fields.get("creator") or None,
            fields.get("album") or None, duration))
    return entries


def _local(tag: str) -> str:
    return tag.removeprefix(_XSPF_NS).rsplit("}", 1)[-1]


_PARSERS = {"m3u": parse_m3u, "pls": parse_pls, "xspf": parse_xspf}

