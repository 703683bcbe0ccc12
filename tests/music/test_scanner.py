"""Finding music in folders: what is found, in which order, off the caller's thread."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from moodplayer.music.scanner import (
    AUDIO_SUFFIXES,
    FolderScan,
    is_audio_file,
    natural_key,
    scan_folders,
    walk_audio_files,
)

WAIT = 30.0  # generous upper bound for a worker on a busy machine (not a timing assert)


def touch(root: Path, *names: str) -> list[Path]:
    paths = []
    for name in names:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"")
        paths.append(path)
    return paths


def library_of(root: Path, folders: int, per_folder: int) -> set[Path]:
    return set(touch(root, *(f"artist{a}/album/{n:02d} song.mp3"
                             for a in range(folders) for n in range(per_folder))))


def test_nested_folders_are_walked_in_natural_order_files_before_sub_folders(
    tmp_path: Path
) -> None:
    touch(tmp_path, "b/10 ten.mp3", "b/2 two.ogg", "a.flac", "b/c/deep.opus", "B1.wav",
          "b/sub 10/x.m4a", "b/sub 9/y.aac")
    found = scan_folders([tmp_path]).files
    assert [p.relative_to(tmp_path).as_posix() for p in found] == [
        "a.flac", "B1.wav", "b/2 two.ogg", "b/10 ten.mp3", "b/c/deep.opus", "b/sub 9/y.aac",
        "b/sub 10/x.m4a"]


def test_non_audio_files_and_hidden_files_and_folders_are_ignored(tmp_path: Path) -> None:
    touch(tmp_path, "song.mp3", "cover.jpg", "notes.txt", "playlist.m3u", "noext",
          ".hidden.mp3", "._song.mp3", ".cache/x.mp3", "ok/.git/y.ogg", "ok/Z.OGG")
    found = scan_folders([tmp_path]).files
    assert sorted(p.relative_to(tmp_path).as_posix() for p in found) == ["ok/Z.OGG", "song.mp3"]


def test_a_hidden_root_given_on_purpose_is_still_scanned(tmp_path: Path) -> None:
    touch(tmp_path, ".music/a.mp3")
    assert scan_folders([tmp_path / ".music"]).files == [tmp_path / ".music/a.mp3"]


def test_symlink_loops_end_and_linked_folders_are_read_once(tmp_path: Path) -> None:
    touch(tmp_path, "real/a.mp3", "real/inner/b.mp3")
    os.symlink(tmp_path / "real", tmp_path / "real/inner/loop")
    os.symlink(tmp_path / "real", tmp_path / "alias")
    os.symlink(tmp_path / "nowhere", tmp_path / "real/broken.mp3")
    found = scan_folders([tmp_path]).files
    assert sorted(p.name for p in found) == ["a.mp3", "b.mp3"]


def test_symlinked_files_and_folders_are_followed(tmp_path: Path) -> None:
    touch(tmp_path, "store/x.mp3", "store/sub/y.ogg")
    (tmp_path / "lib").mkdir()
    os.symlink(tmp_path / "store/sub", tmp_path / "lib/linked")
    os.symlink(tmp_path / "store/x.mp3", tmp_path / "lib/x-link.mp3")
    found = scan_folders([tmp_path / "lib"]).files
    assert [p.name for p in found] == ["x-link.mp3", "y.ogg"]


def test_missing_and_unreadable_folders_are_reported_not_raised(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    touch(tmp_path, "ok/a.mp3", "locked/b.mp3")
    real_scandir = os.scandir

    def scandir(path: str | os.PathLike[str]) -> object:
        if Path(path).name == "locked":  # as if the folder's permissions kept us out
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    result = scan_folders([tmp_path / "missing", tmp_path])
    assert result.files == [tmp_path / "ok/a.mp3"]
    assert any("missing" in p for p in result.problems)
    assert any("locked" in p and "Permission denied" in p for p in result.problems)


def test_a_missing_root_is_a_problem(tmp_path: Path) -> None:
    result = scan_folders([tmp_path / "nope"])
    assert result.files == [] and "cannot open folder" in result.problems[0]


def test_results_arrive_in_batches_through_the_callback_and_the_iterator(
    tmp_path: Path
) -> None:
    expected = library_of(tmp_path, folders=12, per_folder=10)
    from_callback: list[list[Path]] = []
    scan = FolderScan([tmp_path], on_batch=from_callback.append, batch_size=25).start()
    from_iterator = list(scan.batches())
    result = scan.wait(WAIT)
    assert result is not None and not result.cancelled
    assert from_iterator == from_callback
    assert len(from_iterator) > 1 and all(len(batch) <= 25 for batch in from_iterator)
    assert {p for batch in from_iterator for p in batch} == expected == set(result.files)


def test_the_scan_does_not_block_the_caller(tmp_path: Path) -> None:
    library_of(tmp_path, folders=3, per_folder=5)
    release = threading.Event()
    first_batch = threading.Event()

    def slow_consumer(batch: list[Path]) -> None:
        first_batch.set()
        release.wait(WAIT)

    scan = FolderScan([tmp_path], on_batch=slow_consumer, batch_size=5).start()
    assert first_batch.wait(WAIT)
    assert not scan.done  # start() returned while the worker is still busy
    assert scan.wait(timeout=0.01) is None
    release.set()
    result = scan.wait(WAIT)
    assert result is not None and len(result.files) == 15


def test_a_cancelled_scan_stops_early_and_says_so(tmp_path: Path) -> None:
    library_of(tmp_path, folders=20, per_folder=5)
    done: list[object] = []
    scan: FolderScan

    def cancel_after_first(batch: list[Path]) -> None:
        scan.cancel()

    scan = FolderScan([tmp_path], on_batch=cancel_after_first, on_done=done.append,
                      batch_size=5)
    scan.start()
    result = scan.wait(WAIT)
    assert result is not None and result.cancelled
    assert len(result.files) == 5  # the one batch handed over before the cancel
    assert done == [result]
    assert list(scan.batches()) == [result.files]


def test_a_failing_callback_ends_the_scan_with_a_problem(tmp_path: Path) -> None:
    library_of(tmp_path, folders=2, per_folder=2)

    def broken(batch: list[Path]) -> None:
        raise ValueError("consumer bug")

    result = FolderScan([tmp_path], on_batch=broken).start().wait(WAIT)
    assert result is not None and "consumer bug" in result.problems[-1]


def test_a_scan_starts_only_once(tmp_path: Path) -> None:
    scan = FolderScan([tmp_path]).start()
    with pytest.raises(RuntimeError):
        scan.start()
    assert scan.wait(WAIT) is not None


def test_walk_can_be_cancelled_between_folders(tmp_path: Path) -> None:
    library_of(tmp_path, folders=5, per_folder=1)
    cancelled = threading.Event()
    walk = walk_audio_files([tmp_path], cancelled=cancelled)
    next(walk)
    cancelled.set()
    assert list(walk) == []


def test_common_formats_are_audio_and_others_not() -> None:
    for suffix in ("mp3", "ogg", "oga", "opus", "flac", "wav", "m4a", "aac", "wma", "mka",
                   "webm", "aiff", "ape", "mpc", "wv"):
        assert f".{suffix}" in AUDIO_SUFFIXES
        assert is_audio_file(f"x/Song.{suffix.upper()}")
    assert not is_audio_file("cover.jpg") and not is_audio_file("list.m3u")


def test_natural_key_orders_numbers_by_value_and_ignores_case() -> None:
    names = ["Track 10", "track 2", "Track 1", "a"]
    assert sorted(names, key=natural_key) == ["a", "Track 1", "track 2", "Track 10"]
