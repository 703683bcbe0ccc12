import json
import socket
from pathlib import Path

import pytest

from moodplayer.perception.model_catalog import DEEPFACE_EMOTION_FILE
from tests.conftest import run_cli
from tests.perception.model_fixtures import install_tiny_deepface_model, use_app_deepface_home


def closed_port() -> int:
    """A local port nobody listens on: connecting to it is refused at once."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def offline_env() -> dict[str, str]:
    """Send every web request to a proxy that refuses connections: a deterministic offline."""
    proxy = f"http://127.0.0.1:{closed_port()}"
    return {"https_proxy": proxy, "HTTPS_PROXY": proxy, "http_proxy": proxy,
            "HTTP_PROXY": proxy, "no_proxy": "", "NO_PROXY": ""}


def listed(stdout: str) -> dict[str, dict[str, object]]:
    models = [json.loads(line) for line in stdout.splitlines() if line.strip()]
    return {m["name"]: m for m in models}


def test_models_list_shows_the_bundled_model_in_use_and_deepfaces_as_a_download(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    use_app_deepface_home(monkeypatch)
    result = run_cli("models", "list", "--json")
    assert result.returncode == 0, result.stderr
    models = listed(result.stdout)
    assert set(models) == {"bundled", "deepface"}
    bundled, deepface = models["bundled"], models["deepface"]
    assert bundled["usable"] and bundled["active"] and bundled["present"]
    assert Path(str(bundled["path"])).name == "emotion-minixception.onnx"
    assert int(str(bundled["size_bytes"])) > 100_000
    assert not deepface["present"] and not deepface["usable"] and not deepface["active"]
    assert deepface["problem"] == "not downloaded"
    assert deepface["download"] == "moodplayer models download deepface-emotion"


def test_models_list_in_words_says_how_to_get_the_missing_model(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    use_app_deepface_home(monkeypatch)
    result = run_cli("models", "list")
    assert result.returncode == 0
    assert "* bundled" in result.stdout
    assert "get it with: moodplayer models download deepface-emotion" in result.stdout


def test_a_downloaded_deepface_model_is_listed_as_usable(monkeypatch: pytest.MonkeyPatch) -> None:
    install_tiny_deepface_model(monkeypatch)
    models = listed(run_cli("models", "list", "--json").stdout)
    assert models["deepface"]["usable"] and models["deepface"]["present"]
    assert models["bundled"]["active"]  # auto keeps the more accurate bundled model
    again = run_cli("models", "download", "deepface-emotion", env=offline_env())
    assert again.returncode == 0
    assert "already downloaded" in again.stdout


@pytest.mark.timeout(60)
def test_models_download_offline_fails_fast_with_the_reason_and_leaves_nothing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    weights = use_app_deepface_home(monkeypatch)
    result = run_cli("models", "download", "deepface-emotion", env=offline_env(), timeout=45)
    assert result.returncode == 1
    assert "Could not download deepface-emotion" in result.stderr
    assert "refused" in result.stderr
    assert "Check the internet connection and try again" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (weights / DEEPFACE_EMOTION_FILE).exists()
    assert not weights.exists() or list(weights.iterdir()) == []
