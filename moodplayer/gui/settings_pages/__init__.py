"""The pages of the settings dialog: camera, recognition, music and behaviour."""
