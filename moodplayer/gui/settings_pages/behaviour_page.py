"""Settings > Behaviour: notifications, the camera at start, the tray and the window."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QGroupBox, QSystemTrayIcon, QVBoxLayout, QWidget

from moodplayer.gui.settings_pages.fields import BoolField, FieldForm, FormPage

if TYPE_CHECKING:
    from moodplayer.gui.controller import Controller

NO_TRAY_NOTE = " This desktop shows no system tray, so the window closes as usual."


class BehaviourPage(FormPage):
    """The behaviour page of the settings dialog."""

    title = "Behaviour"

    def __init__(self, controller: Controller, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.notify_mood = BoolField("behaviour", "notify_mood_change",
                                     "Notify me when the camera sees a new mood")
        self.notify_song = BoolField("behaviour", "notify_song_start",
                                     "Notify me when a song starts")
        self.start_camera = BoolField("camera", "start_enabled", "Start with the camera on")
        self.to_tray = BoolField("behaviour", "minimize_to_tray",
                                 "Closing the window keeps Mood Player playing in the tray")
        self.remember_geometry = BoolField("behaviour", "remember_geometry",
                                  "Remember the window's size and place")
        tray = QSystemTrayIcon.isSystemTrayAvailable()
        notifications = FieldForm()
        notifications.add("", self.notify_mood, "Names the new mood and why, while the window "
                          "is not in front; moods you choose by hand are not announced.")
        notifications.add("", self.notify_song, "The song's title and artist, while the window "
                          "is not in front.")
        start = FieldForm()
        start.add("", self.start_camera, "When off, Mood Player starts with the camera off "
                  "and plays the last mood; press C to turn the camera on.")
        window = FieldForm()
        window.add("", self.to_tray, "Quit from the tray icon's menu or with Ctrl+Q."
                   + ("" if tray else NO_TRAY_NOTE))
        window.add("", self.remember_geometry, "")
        self.to_tray.widget.setEnabled(tray)
        layout = QVBoxLayout(self)
        for title, form in (("Notifications", notifications), ("Start-up", start),
                            ("Window", window)):
            box = QGroupBox(title)
            QVBoxLayout(box).addWidget(form)
            layout.addWidget(box)
        layout.addStretch(1)
        self.forms = (notifications, start, window)
