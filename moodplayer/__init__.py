"""Mood Player: a desktop music player that plays the music that fits the mood on your face."""

__version__ = "0.1.0"
APP_NAME = "Mood Player"
APP_ID = "io.github.moodplayer.MoodPlayer"
