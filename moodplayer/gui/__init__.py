"""The Qt desktop app: windows, widgets, the perception thread and the wiring of it all."""
