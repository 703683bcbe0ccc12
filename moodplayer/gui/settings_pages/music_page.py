"""Settings > Music: for each mood its folders and playlist files (with the number of tracks
they give, counted in the background), and when and how the music follows the mood."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Slot
from PySide6.QtGui import QColor, QIcon, QPixmap
from PySide6.QtWidgets import (
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from moodplayer.gui.settings_pages.fields import ChoiceField, FieldForm, NumberField, help_label
from moodplayer.gui.track_counter import TrackCount, TrackCounter
from moodplayer.moods import MOOD_ORDER, Mood
from moodplayer.music.playlist_files import is_playlist_file, is_url
from moodplayer.music.scanner import is_audio_file
from moodplayer.settings import Settings

if TYPE_CHECKING:
    from moodplayer.gui.controller import Controller

PLAYLIST_FILTER = "Playlists (*.m3u *.m3u8 *.pls *.xspf);;All files (*)"
STRATEGY_LABELS = {"mirror": "Mirror: music that matches the mood",
                   "lift": "Lift: move toward brighter music"}
POLICY_LABELS = {"song_end": "At the end of the song", "immediate": "At once, with a fade"}


def mood_chip(mood: Mood, size: int = 14) -> QIcon:
    """A small square in the mood's colour."""
    pixmap = QPixmap(size, size)
    pixmap.fill(QColor(mood.colour))
    return QIcon(pixmap)


def source_problem(location: str) -> str:
    """Why ``location`` cannot be a music source ('' when it can)."""
    text = location.strip()
    if not text:
        return "nothing was given"
    if is_url(text):
        return ""
    path = Path(text).expanduser()
    if not path.exists():
        return f"{path} does not exist"
    if path.is_dir() or is_playlist_file(path) or is_audio_file(path):
        return ""
    return f"{path} is not a folder, a playlist file or a music file"


def count_text(count: TrackCount | None) -> str:
    """How many tracks a mood has, in words."""
    if count is None:
        return "counting…"
    noun = "track" if count.tracks == 1 else "tracks"
    if not count.complete:
        return f"counting… {count.tracks} so far"
    if count.uses_demo:
        return f"demo music, {count.tracks} {noun}"
    return f"{count.tracks} {noun}"


class MusicPage(QWidget):
    """The music page of the settings dialog."""

    title = "Music"

    def __init__(self, controller: Controller, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.sources: dict[Mood, list[str]] = {mood: [] for mood in MOOD_ORDER}
        self.counts: dict[Mood, TrackCount | None] = {mood: None for mood in MOOD_ORDER}
        self.counter = TrackCounter(self)
        self.counter.counted.connect(self._counted)

        self.mood_list = QListWidget()
        self.mood_list.setObjectName("moodList")
        self.mood_list.setAccessibleName("Moods")
        for mood in MOOD_ORDER:
            item = QListWidgetItem(mood_chip(mood), mood.display_name)
            item.setData(Qt.ItemDataRole.UserRole, mood.value)
            self.mood_list.addItem(item)
        self.mood_list.setMinimumWidth(200)
        self.source_title = QLabel()
        self.source_title.setObjectName("sectionTitle")
        self.source_list = QListWidget()
        self.source_list.setObjectName("sourceList")
        self.source_list.setAccessibleName("Folders and playlists")
        self.add_folder_button = QPushButton("Add folder…")
        self.add_playlist_button = QPushButton("Add playlist…")
        self.remove_button = QPushButton("Remove")
        self.remove_button.setObjectName("removeSource")
        self.count_label = QLabel()
        self.count_label.setObjectName("trackCount")
        self.note = QLabel()
        self.note.setObjectName("musicNote")
        self.note.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_folder_button)
        buttons.addWidget(self.add_playlist_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        buttons.addWidget(self.count_label)
        detail = QVBoxLayout()
        detail.addWidget(self.source_title)
        detail.addWidget(self.source_list, 1)
        detail.addLayout(buttons)
        detail.addWidget(self.note)
        detail.addWidget(help_label("A mood with no folder or playlist plays the demo music. "
                                    "Folders are read with their sub-folders."))
        mapping = QGroupBox("Music for each mood")
        mapping_row = QHBoxLayout(mapping)
        mapping_row.addWidget(self.mood_list)
        mapping_row.addLayout(detail, 1)

        self.strategy = ChoiceField("music", "strategy", STRATEGY_LABELS)
        self.switch_policy = ChoiceField("music", "switch_policy", POLICY_LABELS)
        self.fade = NumberField("music", "fade_seconds", decimals=1, step=0.5, suffix=" s")
        self.fallback = ChoiceField("music", "fallback_mood",
                                    {m.value: m.display_name for m in MOOD_ORDER})
        form = FieldForm()
        form.add("Strategy", self.strategy)
        form.add("Switch", self.switch_policy)
        form.add("Fade", self.fade)
        form.add("Fallback mood", self.fallback)
        self.form = form
        policy = QGroupBox("Following the mood")
        QVBoxLayout(policy).addWidget(form)

        layout = QVBoxLayout(self)
        layout.addWidget(mapping, 1)
        layout.addWidget(policy)

        self.switch_policy.combo.currentIndexChanged.connect(self._policy_changed)
        self.mood_list.currentRowChanged.connect(lambda _row: self._show_mood())
        self.source_list.currentRowChanged.connect(lambda _row: self._update_buttons())
        self.add_folder_button.clicked.connect(self._choose_folder)
        self.add_playlist_button.clicked.connect(self._choose_playlist)
        self.remove_button.clicked.connect(self.remove_selected)
        self.mood_list.setCurrentRow(0)

    # ----------------------------------------------------------------------- settings

    def load(self, settings: Settings) -> None:
        for mood in MOOD_ORDER:
            self.sources[mood] = list(settings.music.sources.get(mood.value, []))
            self._recount(mood)
        self.form.load(settings)
        self._policy_changed()
        self._show_mood()

    def store(self, settings: Settings) -> None:
        settings.music.sources = {mood.value: list(sources)
                                  for mood, sources in self.sources.items() if sources}
        self.form.store(settings)

    def problems(self) -> list[tuple[QWidget, str]]:
        return self.form.problems()

    def shutdown(self) -> None:
        self.counter.shutdown()

    # ----------------------------------------------------------------------- editing

    @property
    def mood(self) -> Mood:
        """The mood whose sources are shown."""
        item = self.mood_list.currentItem()
        return Mood.parse(item.data(Qt.ItemDataRole.UserRole)) if item else MOOD_ORDER[0]

    def select_mood(self, mood: Mood) -> None:
        self.mood_list.setCurrentRow(MOOD_ORDER.index(mood))

    def add_source(self, mood: Mood, location: str) -> bool:
        """Add a folder, playlist, music file or URL to ``mood``; refused (with the reason
        shown) when it cannot be one."""
        problem = source_problem(location)
        if problem:
            self.note.setText(f"Not added: {problem}.")
            return False
        text = location.strip()
        if text in self.sources[mood]:
            self.note.setText(f"{text} is already in {mood.display_name}.")
            return False
        self.sources[mood].append(text)
        self._recount(mood)
        self.select_mood(mood)
        self._show_mood()
        self.source_list.setCurrentRow(self.source_list.count() - 1)
        return True

    @Slot()
    def remove_selected(self) -> None:
        row = self.source_list.currentRow()
        mood = self.mood
        if 0 <= row < len(self.sources[mood]):
            del self.sources[mood][row]
            self._recount(mood)
            self._show_mood()

    @Slot()
    def _choose_folder(self) -> None:
        mood = self.mood
        folder = QFileDialog.getExistingDirectory(
            self, f"Choose a folder of music for {mood.display_name}")
        if folder:
            self.add_source(mood, folder)

    @Slot()
    def _choose_playlist(self) -> None:
        mood = self.mood
        name, _filter = QFileDialog.getOpenFileName(
            self, f"Choose a playlist for {mood.display_name}", "", PLAYLIST_FILTER)
        if name:
            self.add_source(mood, name)

    # ----------------------------------------------------------------------- showing

    @Slot()
    def _policy_changed(self) -> None:
        self.fade.spin.setEnabled(self.switch_policy.value() == "immediate")

    def _recount(self, mood: Mood) -> None:
        self.counts[mood] = None
        self.counter.count(mood, self.sources[mood])
        self._label_mood(mood)

    @Slot(object)
    def _counted(self, count: TrackCount) -> None:
        self.counts[count.mood] = count
        self._label_mood(count.mood)
        if count.mood is self.mood:
            self._show_count()

    def _label_mood(self, mood: Mood) -> None:
        item = self.mood_list.item(MOOD_ORDER.index(mood))
        item.setText(f"{mood.display_name} — {count_text(self.counts[mood])}")

    def _show_mood(self) -> None:
        mood = self.mood
        self.source_title.setText(f"MUSIC FOR {mood.display_name.upper()}")
        self.source_list.clear()
        for source in self.sources[mood]:
            self.source_list.addItem(source)
        if not self.sources[mood]:
            placeholder = QListWidgetItem("(no folders: the demo music plays)")
            placeholder.setFlags(Qt.ItemFlag.NoItemFlags)
            self.source_list.addItem(placeholder)
        self.note.setText("")
        self._show_count()
        self._update_buttons()

    def _show_count(self) -> None:
        count = self.counts[self.mood]
        self.count_label.setText(count_text(count))
        if count is not None and count.complete and count.problems:
            self.note.setText(" ".join(count.problems[:3]))

    def _update_buttons(self) -> None:
        row = self.source_list.currentRow()
        self.remove_button.setEnabled(0 <= row < len(self.sources[self.mood]))
