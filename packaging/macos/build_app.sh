#!/usr/bin/env bash
# Build "Mood Player.app" with libVLC from VLC.app inside, and a .dmg, on macOS.
#
#   packaging/macos/build_app.sh
#
# Needs Python 3.11 (python3.11 or $PYTHON), VLC 3 installed as /Applications/VLC.app (or
# VLC_APP=...; `brew install --cask vlc`), Xcode's command line tools (codesign, hdiutil) and
# access to PyPI. Output: "packaging/dist/Mood Player.app" and
# packaging/dist/MoodPlayer-<version>-<arch>.dmg. The app is signed ad hoc: without a
# Developer ID and notarisation, Gatekeeper asks the user to open it with right-click > Open
# the first time. .github/workflows/package-macos.yml runs this on a hosted macOS runner; it
# cannot be run on the Linux machines the project is developed on.
set -euo pipefail
cd "$(dirname "$0")/../.."

PYTHON="${PYTHON:-python3.11}"
VLC_APP="${VLC_APP:-/Applications/VLC.app}"
VENV=packaging/build/venv
APP="packaging/dist/Mood Player.app"

if [[ ! -f "$VLC_APP/Contents/MacOS/lib/libvlc.dylib" ]]; then
  echo "libVLC not found in $VLC_APP: install VLC 3 (brew install --cask vlc) or set VLC_APP" >&2
  exit 1
fi

# 1. the build venv, with the pinned build tools and the app's pinned dependencies
"$PYTHON" -m venv "$VENV"
"$VENV/bin/python" -m pip install --quiet --upgrade pip
"$VENV/bin/python" -m pip install --quiet -c constraints.txt -r packaging/requirements-build.txt .
VERSION=$("$VENV/bin/python" -c "import moodplayer; print(moodplayer.__version__)")

# 2. the .app (the spec's BUNDLE step; NSCameraUsageDescription is in its Info.plist)
"$VENV/bin/python" packaging/build.py

# 3. libVLC and its plugins, in VLC.app's own layout, where hooks/rthook_vlc.py looks:
#    Contents/Frameworks (sys._MEIPASS) /vlc/lib/libvlc*.dylib and /vlc/plugins/
DEST="$APP/Contents/Frameworks/vlc"
rm -rf "$DEST"
mkdir -p "$DEST"
cp -R "$VLC_APP/Contents/MacOS/lib" "$DEST/lib"
cp -R "$VLC_APP/Contents/MacOS/plugins" "$DEST/plugins"
# a music player needs no video outputs, GUIs, scripting or visualisations
for unused in libmacosx_plugin libvout_macosx_plugin libcaopengllayer_plugin libglconv_cvpx_plugin \
    liblua_plugin libgoom_plugin libvisual_plugin libprojectm_plugin libglspectrum_plugin; do
  rm -f "$DEST/plugins/$unused.dylib"
done
rm -f "$DEST/plugins/plugins.dat"  # the cache names the removed plugins

# 4. sign what was added, then the whole app (ad hoc: "-")
find "$DEST" -name "*.dylib" -exec codesign --force --sign - --timestamp=none {} +
codesign --force --deep --sign - --timestamp=none "$APP"
codesign --verify --deep --strict "$APP"

# 5. the app must pass its own self-test before it is packed
"$APP/Contents/MacOS/moodplayer" --self-test

# 6. the disk image: the app and a link to /Applications to drag it onto
STAGE=packaging/build/dmg
rm -rf "$STAGE"
mkdir -p "$STAGE"
cp -R "$APP" "$STAGE/"
ln -s /Applications "$STAGE/Applications"
DMG="packaging/dist/MoodPlayer-$VERSION-$(uname -m).dmg"
rm -f "$DMG"
hdiutil create -volname "Mood Player" -srcfolder "$STAGE" -fs HFS+ -format UDZO -ov "$DMG"
echo "app  $(du -sh "$APP" | cut -f1)  $APP"
echo "dmg  $(du -sh "$DMG" | cut -f1)  $DMG"
