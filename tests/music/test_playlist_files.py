"""Playlist files as people really write them: M3U, M3U8, PLS and XSPF, all made here."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from moodplayer.music.playlist_files import (
    PlaylistError,
    decode_text,
    is_playlist_file,
    is_url,
    read_playlist,
    resolve_location,
)


@pytest.fixture()
def music(tmp_path: Path) -> Path:
    """A folder with a playlists/ sub-folder and some (empty) songs around it."""
    for name in ("songs/one.mp3", "songs/two.ogg", "songs/Café déjà vu.flac",
                 "songs/with space.wav", "elsewhere/far.opus"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(b"")
    (tmp_path / "playlists").mkdir()
    return tmp_path


def locations(path: Path) -> list[str]:
    return [entry.location for entry in read_playlist(path).entries]


def test_m3u_resolves_relative_entries_against_the_playlists_folder(music: Path) -> None:
    playlist = music / "playlists" / "mix.m3u"
    playlist.write_text("../songs/one.mp3\n../songs/two.ogg\n", encoding="utf-8")
    assert locations(playlist) == [str(music / "songs/one.mp3"), str(music / "songs/two.ogg")]


def test_m3u_keeps_absolute_paths_and_skips_comments_and_blank_lines(music: Path) -> None:
    playlist = music / "playlists" / "mix.m3u"
    playlist.write_text(f"# my mix\n\n{music / 'elsewhere/far.opus'}\n   \n#EXTGRP:x\n",
                        encoding="utf-8")
    assert locations(playlist) == [str(music / "elsewhere/far.opus")]


def test_missing_entries_are_skipped_and_reported_with_their_position(music: Path) -> None:
    playlist = music / "playlists" / "mix.m3u"
    playlist.write_text("../songs/one.mp3\n../songs/gone.mp3\n../songs/two.ogg\n",
                        encoding="utf-8")
    parsed = read_playlist(playlist)
    assert [e.location for e in parsed.entries] == [str(music / "songs/one.mp3"),
                                                   str(music / "songs/two.ogg")]
    assert len(parsed.problems) == 1
    assert "entry 2" in parsed.problems[0] and "gone.mp3" in parsed.problems[0]
    assert "does not exist" in parsed.problems[0]


def test_check_exists_false_keeps_missing_entries(music: Path) -> None:
    playlist = music / "playlists" / "mix.m3u"
    playlist.write_text("../songs/gone.mp3\n", encoding="utf-8")
    parsed = read_playlist(playlist, check_exists=False)
    assert [e.location for e in parsed.entries] == [str(music / "songs/gone.mp3")]
    assert parsed.problems == []


@pytest.mark.parametrize("url", [
    "http://radio.example/stream.mp3", "https://radio.example/live?format=aac",
    "rtsp://camera.example/audio", "mms://old.example/wma", "rtmp://host/app/stream",
    "HTTP://LOUD.EXAMPLE/STREAM",
])
def test_urls_are_kept_as_streams_without_checking_them(music: Path, url: str) -> None:
    playlist = music / "playlists" / "radio.m3u"
    playlist.write_text(f"#EXTM3U\n#EXTINF:-1,Some Radio\n{url}\n", encoding="utf-8")
    (entry,) = read_playlist(playlist).entries
    assert entry.location == url and entry.is_stream
    assert entry.title == "Some Radio" and entry.duration is None


def test_m3u8_extinf_gives_titles_and_durations_to_the_next_entry_only(music: Path) -> None:
    playlist = music / "playlists" / "mix.m3u8"
    playlist.write_text(
        "#EXTM3U\n"
        "#EXTINF:215,Artist One - First Song\n../songs/one.mp3\n"
        "../songs/two.ogg\n"
        '#EXTINF:-1 tvg-name="A, B" group-title="x",Radio, with comma\n'
        "https://radio.example/live\n"
        "#EXTINF:61.5,\n../songs/with space.wav\n",
        encoding="utf-8")
    entries = read_playlist(playlist).entries
    assert [(e.title, e.duration) for e in entries] == [
        ("Artist One - First Song", 215.0), (None, None), ("Radio, with comma", None),
        (None, 61.5)]


def test_m3u8_with_a_utf8_bom_and_non_ascii_names(music: Path) -> None:
    playlist = music / "playlists" / "mix.m3u8"
    playlist.write_bytes(b"\xef\xbb\xbf#EXTM3U\n#EXTINF:10,D\xc3\xa9j\xc3\xa0 vu\n"
                         + "../songs/Café déjà vu.flac\n".encode())
    (entry,) = read_playlist(playlist).entries
    assert entry.location == str(music / "songs/Café déjà vu.flac")
    assert entry.title == "Déjà vu"


def test_m3u_in_windows_1252_with_crlf_line_endings_and_backslashes(music: Path) -> None:
    playlist = music / "playlists" / "old.m3u"
    text = ("#EXTM3U\r\n#EXTINF:99,Caf\u00e9 \u2013 live\r\n"
            "..\\songs\\Caf\u00e9 d\u00e9j\u00e0 vu.flac\r\n")
    playlist.write_bytes(text.encode("cp1252"))
    (entry,) = read_playlist(playlist).entries
    assert entry.location == str(music / "songs/Café déjà vu.flac")
    assert entry.title == "Café – live" and entry.duration == 99.0


def test_latin1_bytes_that_cp1252_cannot_decode_still_read(music: Path) -> None:
    assert decode_text(b"caf\xe9 \x81") == "caf\xe9 \x81"


def test_utf16_with_a_byte_order_mark_is_recognised(music: Path) -> None:
    playlist = music / "playlists" / "utf16.m3u"
    playlist.write_bytes("\ufeff../songs/one.mp3\r\n".encode("utf-16-le"))
    assert locations(playlist) == [str(music / "songs/one.mp3")]


def test_file_uris_become_paths_and_percent_escapes_are_decoded(music: Path) -> None:
    playlist = music / "playlists" / "uris.m3u"
    target = (music / "songs/with space.wav").as_uri()
    playlist.write_text(f"{target}\nfile://localhost{music / 'songs/one.mp3'}\n"
                        "file://fileserver/share/x.mp3\n", encoding="utf-8")
    parsed = read_playlist(playlist)
    assert [e.location for e in parsed.entries] == [str(music / "songs/with space.wav"),
                                                   str(music / "songs/one.mp3")]
    assert "entry 3" in parsed.problems[0] and "not a usable path" in parsed.problems[0]


def test_pls_entries_follow_their_numbers_with_titles_and_lengths(music: Path) -> None:
    playlist = music / "playlists" / "mix.pls"
    playlist.write_bytes(
        b"[playlist]\r\nNumberOfEntries=4\r\n"
        b"File2=../songs/two.ogg\r\nTitle2=Second\r\nLength2=120\r\n"
        b"file1=../songs/one.mp3\r\ntitle1=First\r\nlength1=-1\r\n"
        b"File3=http://radio.example:8000/stream\r\nTitle3=Radio\r\n"
        b"File4=../songs/missing.mp3\r\nVersion=2\r\n")
    parsed = read_playlist(playlist)
    assert [(e.location, e.title, e.duration) for e in parsed.entries] == [
        (str(music / "songs/one.mp3"), "First", None),
        (str(music / "songs/two.ogg"), "Second", 120.0),
        ("http://radio.example:8000/stream", "Radio", None)]
    assert len(parsed.problems) == 1 and "missing.mp3" in parsed.problems[0]


def test_a_pls_without_its_section_or_files_is_not_a_playlist(music: Path) -> None:
    playlist = music / "playlists" / "bad.pls"
    playlist.write_text("hello there\n", encoding="utf-8")
    with pytest.raises(PlaylistError, match="not a PLS playlist"):
        read_playlist(playlist)


XSPF = """<?xml version="1.0" encoding="{encoding}"?>
<playlist version="1" xmlns="http://xspf.org/ns/0/">
  <title>Mix</title>
  <trackList>
    <track><location>../songs/with%20space.wav</location><title>Spaced</title>
      <creator>Someone</creator><album>An Album</album><duration>61500</duration></track>
    <track><location>{absolute_uri}</location></track>
    <track><location>../songs/Café déjà vu.flac</location></track>
    <track><location>https://radio.example/x.ogg</location><title>Radio</title></track>
    <track><location>../songs/nope.mp3</location></track>
    <track><title>no location at all</title></track>
  </trackList>
</playlist>
"""


@pytest.mark.parametrize("encoding", ["UTF-8", "ISO-8859-1"])
def test_xspf_reads_uris_relative_and_absolute_with_metadata(music: Path, encoding: str) -> None:
    playlist = music / "playlists" / "mix.xspf"
    text = XSPF.format(encoding=encoding, absolute_uri=(music / "songs/one.mp3").as_uri())
    playlist.write_bytes(text.encode(encoding))
    parsed = read_playlist(playlist)
    assert [e.location for e in parsed.entries] == [
        str(music / "songs/with space.wav"), str(music / "songs/one.mp3"),
        str(music / "songs/Café déjà vu.flac"), "https://radio.example/x.ogg"]
    first = parsed.entries[0]
    assert (first.title, first.artist, first.album, first.duration) == (
        "Spaced", "Someone", "An Album", 61.5)
    assert len(parsed.problems) == 1 and "nope.mp3" in parsed.problems[0]


def test_xspf_without_a_namespace_still_reads(music: Path) -> None:
    playlist = music / "playlists" / "plain.xspf"
    playlist.write_text("<playlist><trackList><track><location>../songs/one.mp3</location>"
                        "</track></trackList></playlist>", encoding="utf-8")
    assert locations(playlist) == [str(music / "songs/one.mp3")]


@pytest.mark.parametrize("content, message", [
    ("<playlist><trackList>", "not valid XSPF"),
    ("<html><body/></html>", "not an XSPF playlist"),
])
def test_broken_xspf_raises_a_playlist_error(music: Path, content: str, message: str) -> None:
    playlist = music / "playlists" / "broken.xspf"
    playlist.write_text(content, encoding="utf-8")
    with pytest.raises(PlaylistError, match=message):
        read_playlist(playlist)


def test_an_unreadable_playlist_raises_a_playlist_error(music: Path) -> None:
    with pytest.raises(PlaylistError, match="cannot read playlist"):
        read_playlist(music / "playlists" / "absent.m3u")


def test_a_playlist_entry_may_name_a_folder(music: Path) -> None:
    playlist = music / "playlists" / "folders.m3u"
    playlist.write_text("../songs\n", encoding="utf-8")
    assert locations(playlist) == [str(music / "songs")]


def test_resolve_location_prefers_a_real_file_with_a_backslash_in_its_name(
    tmp_path: Path
) -> None:
    if os.sep != "/":
        pytest.skip("backslashes are separators here")
    (tmp_path / "odd\\name.mp3").write_bytes(b"")
    assert resolve_location("odd\\name.mp3", tmp_path) == str(tmp_path / "odd\\name.mp3")


def test_helpers_recognise_playlists_and_urls() -> None:
    assert is_playlist_file("a/B.M3U8") and is_playlist_file(Path("x.xspf"))
    assert not is_playlist_file("song.mp3")
    assert is_url("mms://x/y") and not is_url("file:///x") and not is_url("C:\\Music\\a.mp3")
