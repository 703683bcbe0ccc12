"""The application context handed to commands and the GUI: folders, settings and their store."""

from __future__ import annotations

import sys
from dataclasses import dataclass

from moodplayer.logging_setup import configure_logging
from moodplayer.paths import AppPaths, app_paths, prepare_deepface_environment
from moodplayer.settings import Settings, SettingsStore


@dataclass
class AppContext:
    """What every part of the app shares: where things live and what the listener chose."""

    paths: AppPaths
    store: SettingsStore
    settings: Settings

    def save_settings(self) -> bool:
        """Save the current settings atomically; false (and ``store.save_error``) on failure."""
        return self.store.save(self.settings)


def create_context(*, verbose: bool = False, report_problems: bool = True) -> AppContext:
    """Resolve folders, prepare DeepFace's environment, start logging and load the settings."""
    paths = app_paths()
    prepare_deepface_environment(paths)
    configure_logging(paths.log_file, verbose=verbose)
    store = SettingsStore(paths.settings_file)
    settings = store.load()
    if report_problems and store.problems:
        for problem in store.problems:
            print(f"moodplayer: settings: {problem}", file=sys.stderr)
    return AppContext(paths=paths, store=store, settings=settings)
