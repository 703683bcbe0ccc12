#!/usr/bin/env bash
# Install the system packages Mood Player needs on Debian/Ubuntu.
#   scripts/install-system-deps.sh          what the app needs to run
#   scripts/install-system-deps.sh --test   plus what the tests and packaging checks need
# As root it installs with apt-get; otherwise it prints the exact sudo command and stops.
set -euo pipefail

RUNTIME=(
  python3-venv
  libvlc5 vlc-plugin-base
  libegl1 libgl1 libglib2.0-0 libfontconfig1 libdbus-1-3 libxkbcommon0 libxkbcommon-x11-0
  libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0 libxcb-randr0
  libxcb-render-util0 libxcb-image0 libxcb-xinerama0 libxcb-xkb1
)
TEST=(dbus xvfb x11-apps x11-utils imagemagick desktop-file-utils appstream dpkg-dev binutils)

packages=("${RUNTIME[@]}")
if [[ "${1:-}" == "--test" ]]; then
  packages+=("${TEST[@]}")
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "This set-up script knows Debian and Ubuntu (apt-get). On another system install:" >&2
  echo "  libVLC 3 with its plugins, and the Qt 6 runtime libraries (EGL, xkbcommon, xcb-cursor)." >&2
  exit 0
fi

missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done

if [[ ${#missing[@]} -eq 0 ]]; then
  echo "System packages: all present."
  exit 0
fi

if [[ $(id -u) -ne 0 ]]; then
  echo "Mood Player needs these system packages. Install them, then run the same command again:" >&2
  echo "  sudo apt-get update && sudo apt-get install -y --no-install-recommends ${missing[*]}" >&2
  exit 1
fi

echo "Installing system packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}"
