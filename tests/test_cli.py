import logging
from pathlib import Path

from moodplayer import __version__
from moodplayer.cli import build_parser
from moodplayer.commands import discover_commands
from moodplayer.logging_setup import configure_logging
from tests.conftest import run_cli


def test_version_is_printed_by_the_module_entry_point() -> None:
    result = run_cli("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"Mood Player {__version__}"


def test_commands_are_discovered_from_their_own_modules() -> None:
    names = {command.name for command in discover_commands()}
    assert "doctor" in names
    help_text = build_parser().format_help()
    for name in names:
        assert name in help_text


def test_an_unknown_mood_is_refused_with_the_choices() -> None:
    result = run_cli("--mood", "bored")
    assert result.returncode == 2
    assert "choose one of" in result.stderr


def test_logs_go_to_a_file_in_the_log_folder(tmp_path: Path) -> None:
    log_file = tmp_path / "logs" / "moodplayer.log"
    assert configure_logging(log_file) is None
    logging.getLogger("moodplayer.test").info("hello from the test")
    for handler in logging.getLogger().handlers:
        handler.flush()
    assert "moodplayer.test: hello from the test" in log_file.read_text()
