"""The main window's widgets, each one job, each painting itself or composing Qt controls."""
