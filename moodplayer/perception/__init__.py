"""Perception: frames to face readings to a steady mood. No Qt, no music."""
