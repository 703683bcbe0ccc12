import http.server
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from moodplayer.paths import app_paths
from moodplayer.perception.model_catalog import DEEPFACE_EMOTION_FILE, check_emotion_model
from moodplayer.perception.model_download import DownloadError, download_deepface_emotion
from tests.perception.model_fixtures import (
    block_network,
    use_app_deepface_home,
    write_tiny_emotion_model,
)


class LocalServer:
    """A web server on 127.0.0.1 serving fixed bodies by path (404 for others)."""

    def __init__(self) -> None:
        self.bodies: dict[str, bytes] = {}
        self.claimed_lengths: dict[str, int] = {}
        server = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                body = server.bodies.get(self.path)
                if body is None:
                    self.send_error(404)
                    return
                self.send_response(200)
                length = server.claimed_lengths.get(self.path, len(body))
                self.send_header("Content-Length", str(length))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}{path}"


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch) -> Iterator[LocalServer]:
    for name in ("http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy",
                 "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)
    local = LocalServer()
    local.thread.start()
    yield local
    local.httpd.shutdown()
    local.httpd.server_close()


@pytest.fixture
def weights(monkeypatch: pytest.MonkeyPatch) -> Path:
    return use_app_deepface_home(monkeypatch)


@pytest.fixture
def tiny_model_bytes(tmp_path: Path) -> bytes:
    return write_tiny_emotion_model(tmp_path / "tiny.onnx").read_bytes()


def files_in(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


@pytest.mark.timeout(30)
def test_offline_the_download_fails_at_once_with_a_clear_message_and_leaves_nothing(
    monkeypatch: pytest.MonkeyPatch, weights: Path
) -> None:
    attempts = block_network(monkeypatch)
    with pytest.raises(DownloadError) as raised:
        download_deepface_emotion(app_paths())
    message = str(raised.value)
    assert "no network connection" in message
    assert "github.com" in message and "huggingface.co" in message  # both sources were tried
    assert "Check the internet connection" in message
    assert len(attempts) == 2
    assert files_in(weights) == []


def test_the_model_is_downloaded_with_progress_and_checked_before_it_is_put_in_place(
    server: LocalServer, weights: Path, tiny_model_bytes: bytes
) -> None:
    server.bodies["/model.onnx"] = tiny_model_bytes
    seen: list[tuple[int, int | None]] = []
    path = download_deepface_emotion(app_paths(), urls=[server.url("/model.onnx")],
                                     progress=lambda done, total: seen.append((done, total)))
    assert path == weights / DEEPFACE_EMOTION_FILE
    assert path.read_bytes() == tiny_model_bytes
    check_emotion_model(path, 48)
    assert seen[0] == (0, len(tiny_model_bytes))
    assert seen[-1] == (len(tiny_model_bytes), len(tiny_model_bytes))
    assert files_in(weights) == [DEEPFACE_EMOTION_FILE]


def test_the_backup_source_is_used_when_the_first_fails(
    server: LocalServer, weights: Path, tiny_model_bytes: bytes
) -> None:
    server.bodies["/backup.onnx"] = tiny_model_bytes
    path = download_deepface_emotion(
        app_paths(), urls=[server.url("/missing.onnx"), server.url("/backup.onnx")])
    assert path.read_bytes() == tiny_model_bytes


def test_a_file_that_is_not_an_emotion_model_is_never_put_in_place(
    server: LocalServer, weights: Path, tmp_path: Path
) -> None:
    server.bodies["/page.html"] = b"<html>Sign in to the hotel Wi-Fi</html>"
    server.bodies["/wrong-shape.onnx"] = write_tiny_emotion_model(
        tmp_path / "64.onnx", size=64).read_bytes()
    with pytest.raises(DownloadError) as raised:
        download_deepface_emotion(
            app_paths(), urls=[server.url("/page.html"), server.url("/wrong-shape.onnx")])
    assert "not a usable emotion model" in str(raised.value)
    assert "404" not in str(raised.value)
    assert files_in(weights) == []


def test_a_failed_download_keeps_the_working_file_that_was_there(
    server: LocalServer, weights: Path, tiny_model_bytes: bytes
) -> None:
    target = write_tiny_emotion_model(weights / DEEPFACE_EMOTION_FILE)
    server.bodies["/cut.onnx"] = tiny_model_bytes[:100]
    server.claimed_lengths["/cut.onnx"] = len(tiny_model_bytes)
    with pytest.raises(DownloadError):
        download_deepface_emotion(app_paths(), urls=[server.url("/cut.onnx")])
    assert target.read_bytes() == tiny_model_bytes
    assert files_in(weights) == [DEEPFACE_EMOTION_FILE]


def test_an_interrupted_download_leaves_nothing_behind(
    server: LocalServer, weights: Path, tiny_model_bytes: bytes
) -> None:
    server.bodies["/model.onnx"] = tiny_model_bytes

    def interrupt(done: int, total: int | None) -> None:
        if done > 0:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        download_deepface_emotion(app_paths(), urls=[server.url("/model.onnx")],
                                  progress=interrupt)
    assert files_in(weights) == []
