import os
import subprocess
import sys
from pathlib import Path

from moodplayer import paths


def test_moodplayer_home_moves_every_folder(tmp_path: Path) -> None:
    resolved = paths.app_paths({"MOODPLAYER_HOME": str(tmp_path)})
    for name, folder in resolved.all_dirs().items():
        assert folder.is_relative_to(tmp_path), name
    assert resolved.settings_file.is_relative_to(tmp_path)
    assert resolved.deepface_weights_dir.is_relative_to(tmp_path)
    assert resolved.log_file.is_relative_to(tmp_path)


def test_without_moodplayer_home_folders_follow_the_platform(tmp_path: Path) -> None:
    resolved = paths.app_paths({})
    assert all("moodplayer" in str(folder) for folder in resolved.all_dirs().values())


def test_bundled_resources_are_found_in_the_checkout() -> None:
    assert (paths.assets_dir()).is_dir()
    assert paths.bundled_playlists_dir().name == "playlists"


def test_importing_deepface_through_the_project_writes_nothing_to_home(tmp_path: Path) -> None:
    home = tmp_path / "home"
    app_home = tmp_path / "app"
    home.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("DEEPFACE_HOME",)}
    env.update(HOME=str(home), MOODPLAYER_HOME=str(app_home), XDG_CONFIG_HOME="",
               XDG_DATA_HOME="", XDG_CACHE_HOME="")
    code = (
        "from moodplayer.paths import prepare_deepface_environment\n"
        "prepare_deepface_environment()\n"
        "import os; assert os.environ['DEEPFACE_BACKEND_ENGINE'] == 'onnx'\n"
        "from deepface import DeepFace\n"
        "from deepface.commons import folder_utils\n"
        "folder_utils.initialize_folder()\n"
        "print(folder_utils.get_deepface_home())\n"
    )
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                            text=True, timeout=180)
    assert result.returncode == 0, result.stderr
    assert list(home.iterdir()) == []
    assert Path(result.stdout.strip().splitlines()[-1]).is_relative_to(app_home)
    assert (app_home / "data" / "deepface" / ".deepface" / "weights").is_dir()


def test_is_writable_dir_refuses_a_path_under_a_file(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    assert paths.is_writable_dir(tmp_path)
    assert not paths.is_writable_dir(blocker / "sub")
