#!/bin/sh
# Mood Player's launcher on the PATH: the app itself lives in /opt/moodplayer.
exec /opt/moodplayer/moodplayer "$@"
