"""How fast the music scanner finds 10,000 files, against a plain ``os.walk`` in the same run.

Generates a library in a temporary folder: artists/albums/tracks with mixed audio extensions
(tiny files: the scanner never opens them), plus a cover and a text file per album and a
hidden folder per artist that must be skipped. Then measures, each the median of a few runs:

* baseline: ``os.walk`` + extension filter (the least any scan must do);
* ``FolderScan``: how long ``start()`` keeps the caller, time to the first batch, time to
  the end;
* ``MoodLibrary``: building a mood's track list from that folder (walk + Track objects);
* lazy metadata: reading tags/duration of small real WAV files, per file (what
  ``moodplayer playlists`` pays per track).

Run: ``.venv/bin/python benchmarks/scan_speed.py [--files 10000] [--repeat 3]``
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import threading
import time
import wave
from collections.abc import Callable
from pathlib import Path

from moodplayer.moods import Mood
from moodplayer.music.library import MoodLibrary
from moodplayer.music.metadata import read_metadata
from moodplayer.music.scanner import AUDIO_SUFFIXES, FolderScan
from moodplayer.settings import MusicSettings

EXTENSIONS = (".mp3", ".ogg", ".flac", ".m4a", ".opus", ".wav", ".wma", ".aac", ".mka", ".wv")


def generate_library(root: Path, files: int) -> int:
    """``files`` audio files as artist/album/NN title.ext; returns the non-audio file count."""
    per_album, albums_per_artist = 10, 10
    extra = 0
    for index in range(files):
        artist, rest = divmod(index, per_album * albums_per_artist)
        album, track = divmod(rest, per_album)
        folder = root / f"Artist {artist:03d}" / f"Album {album:02d}"
        if track == 0:
            folder.mkdir(parents=True, exist_ok=True)
            (folder / "cover.jpg").write_bytes(b"\xff\xd8\xff")
            (folder / "info.txt").write_text("liner notes\n")
            extra += 2
            if album == 0:
                hidden = folder.parent / ".thumbnails"
                hidden.mkdir(exist_ok=True)
                (hidden / "skip me.mp3").write_bytes(b"")
                extra += 1
        name = f"{track + 1:02d} Track {index}{EXTENSIONS[index % len(EXTENSIONS)]}"
        (folder / name).write_bytes(bytes(64))
    return extra


def baseline_walk(root: Path) -> int:
    count = 0
    for _folder, _dirs, names in os.walk(root):
        for name in names:
            if os.path.splitext(name)[1].lower() in AUDIO_SUFFIXES:
                count += 1
    return count


def time_folder_scan(root: Path) -> tuple[float, float, float, int]:
    """(seconds start() took, seconds to the first batch, seconds to the end, files)."""
    first: list[float] = []
    got_first = threading.Event()

    def on_batch(batch: list[Path]) -> None:
        if not first:
            first.append(time.perf_counter())
            got_first.set()

    began = time.perf_counter()
    scan = FolderScan([root], on_batch=on_batch).start()
    returned = time.perf_counter()
    result = scan.wait()
    ended = time.perf_counter()
    assert result is not None and got_first.is_set()
    return returned - began, first[0] - began, ended - began, len(result.files)


def time_library_build(root: Path) -> tuple[float, int]:
    library = MoodLibrary(MusicSettings(sources={"happy": [str(root)]}))
    began = time.perf_counter()
    tracks = library.tracks_for(Mood.HAPPY)
    return time.perf_counter() - began, len(tracks)


def median_of(repeat: int, measure: Callable[[], float]) -> float:
    return statistics.median(measure() for _ in range(repeat))


def metadata_per_file(folder: Path, count: int) -> float:
    folder.mkdir()
    paths = []
    for index in range(count):
        path = folder / f"{index:03d} tone.wav"
        with wave.open(str(path), "wb") as out:
            out.setnchannels(1)
            out.setsampwidth(2)
            out.setframerate(8000)
            out.writeframes(bytes(1600))
        paths.append(path)
    began = time.perf_counter()
    for path in paths:
        read_metadata(path, with_cover=False)
    return (time.perf_counter() - began) / count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="moodplayer-scan-bench-") as temp:
        root = Path(temp) / "library"
        began = time.perf_counter()
        extra = generate_library(root, args.files)
        print(f"generated {args.files} audio files (+{extra} others, hidden folders) in "
              f"{time.perf_counter() - began:.1f} s under {root}")
        baseline_walk(root)  # warm the file system cache for everyone alike

        counts: dict[str, int] = {}

        def walk_once() -> float:
            began = time.perf_counter()
            counts["os.walk"] = baseline_walk(root)
            return time.perf_counter() - began

        scans = [time_folder_scan(root) for _ in range(args.repeat)]
        builds = [time_library_build(root) for _ in range(args.repeat)]
        walk = median_of(args.repeat, walk_once)
        start_return = statistics.median(s[0] for s in scans)
        first_batch = statistics.median(s[1] for s in scans)
        scan_total = statistics.median(s[2] for s in scans)
        build_total = statistics.median(b[0] for b in builds)
        per_file = metadata_per_file(Path(temp) / "wavs", 300)

        print(f"found: os.walk {counts['os.walk']} (hidden included), "
              f"FolderScan {scans[0][3]}, MoodLibrary {builds[0][1]} (hidden skipped)")
        print(f"baseline os.walk + suffix filter:  {walk * 1000:8.1f} ms")
        print(f"FolderScan start() returned after: {start_return * 1000:8.2f} ms")
        print(f"FolderScan first batch after:      {first_batch * 1000:8.1f} ms")
        print(f"FolderScan complete after:         {scan_total * 1000:8.1f} ms "
              f"({scan_total / walk:.2f}x os.walk)")
        print(f"MoodLibrary mood built after:      {build_total * 1000:8.1f} ms "
              f"({build_total / walk:.2f}x os.walk)")
        print(f"lazy metadata (WAV, mutagen):      {per_file * 1000:8.3f} ms per file "
              f"(~{per_file * args.files:.1f} s for {args.files} files, "
              "paid only by 'moodplayer playlists' or when a track is shown)")


if __name__ == "__main__":
    main()
