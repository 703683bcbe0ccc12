"""Downloading DeepFace's emotion model from the settings: progress, then the model in place;
offline a plain failure; Cancel stops it and leaves nothing behind."""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from moodplayer.gui.model_download_dialog import ModelDownloadDialog
from moodplayer.paths import app_paths
from moodplayer.perception.model_catalog import DEEPFACE_EMOTION_FILE
from tests.perception.model_fixtures import (
    block_network,
    use_app_deepface_home,
    write_tiny_emotion_model,
)

CHUNK = 64 * 1024


class GatedServer:
    """Serves one body on 127.0.0.1; with a gate, stops after the first chunk until opened."""

    def __init__(self, body: bytes, gated: bool = False) -> None:
        self.body = body
        self.gate = threading.Event()
        if not gated:
            self.gate.set()
        server = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                self.send_response(200)
                self.send_header("Content-Length", str(len(server.body)))
                self.end_headers()
                self.wfile.write(server.body[:CHUNK])
                self.wfile.flush()
                server.gate.wait(20)
                self.wfile.write(server.body[CHUNK:])

            def log_message(self, *args: object) -> None:
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}/model.onnx"

    def close(self) -> None:
        self.gate.set()
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def weights(monkeypatch: pytest.MonkeyPatch) -> Path:
    for name in ("http_proxy", "HTTP_PROXY", "all_proxy", "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)
    return use_app_deepface_home(monkeypatch)


@pytest.fixture
def model_bytes(tmp_path: Path) -> bytes:
    return write_tiny_emotion_model(tmp_path / "tiny.onnx").read_bytes()


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


@pytest.fixture
def served(model_bytes: bytes) -> Iterator[GatedServer]:
    server = GatedServer(model_bytes)
    yield server
    server.close()


def test_offline_the_dialog_says_so_plainly_and_keeps_nothing(
        qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, weights: Path) -> None:
    block_network(monkeypatch)
    dialog = ModelDownloadDialog(app_paths())
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.outcome == "failed", timeout=20_000)
    text = dialog.status.text()
    assert "Could not download" in text
    assert "no network connection?" in text
    assert "Check the internet connection and try again" in text
    assert leftovers(weights) == []
    assert not dialog.running
    dialog.buttons.buttons()[0].click()  # Close
    assert not dialog.isVisible()


def test_the_download_shows_progress_and_puts_the_model_in_place(
        qtbot: QtBot, weights: Path, served: GatedServer, model_bytes: bytes) -> None:
    dialog = ModelDownloadDialog(app_paths(), urls=[served.url])
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.outcome == "downloaded", timeout=20_000)
    assert dialog.model_path == weights / DEEPFACE_EMOTION_FILE
    assert dialog.model_path.read_bytes() == model_bytes
    assert dialog.bar.value() == dialog.bar.maximum()
    assert "Done" in dialog.status.text()
    assert leftovers(weights) == [DEEPFACE_EMOTION_FILE]


def test_cancel_stops_the_download_and_leaves_nothing(
        qtbot: QtBot, weights: Path) -> None:
    server = GatedServer(b"\0" * (6 * CHUNK), gated=True)
    try:
        dialog = ModelDownloadDialog(app_paths(), urls=[server.url])
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitUntil(lambda: dialog.bar.value() >= CHUNK, timeout=20_000)
        assert "Downloading" in dialog.status.text()
        dialog.buttons.buttons()[0].click()  # Cancel
        assert dialog.status.text() == "Cancelling…"
        server.gate.set()
        qtbot.waitUntil(lambda: dialog.outcome == "cancelled", timeout=20_000)
        assert not dialog.isVisible()
        assert not dialog.running
        assert leftovers(weights) == []
    finally:
        server.close()


def test_the_recognition_page_offers_the_download_and_then_knows_the_model(
        qtbot: QtBot, weights: Path, model_bytes: bytes) -> None:
    from moodplayer.gui.settings_dialog import open_settings_dialog
    from tests.gui.harness import returning_listener, start_controller

    controller = start_controller(qtbot, returning_listener())
    try:
        page = open_settings_dialog(controller).recognition_page
        assert "not downloaded" in page.model_status.text()
        weights.mkdir(parents=True, exist_ok=True)
        (weights / DEEPFACE_EMOTION_FILE).write_bytes(model_bytes)
        page.refresh_status()
        assert page.model_status.text() == "DeepFace's emotion model is downloaded."
        page.classifier.load("deepface")
        assert page.problems() == []
    finally:
        controller.shutdown()
