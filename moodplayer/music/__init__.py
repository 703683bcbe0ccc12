"""Music: libraries and playlists, the DJ policy, and the Player over libVLC. No Qt, no camera."""
