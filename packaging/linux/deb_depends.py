"""The Debian packages a one-folder bundle needs: the shared libraries it uses but does not carry.

The spec leaves the distribution's own libraries out of the Linux bundle (see
``packaging/bundle_trim.py``), so the ``.deb`` must depend on the packages that provide them.
Rather than keep that list by hand, it is read from the bundle itself: every ELF file's
``NEEDED`` entries (``readelf -d``) that no file in the bundle satisfies are looked up in the
dynamic linker's cache (``ldconfig -p``) and then in dpkg's database (``dpkg-query -S``).
``libc6`` gets a minimum version: the newest ``GLIBC_x.y`` symbol version any file asks for.
"""

from __future__ import annotations

import os
import platform
import re
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

ELF_MAGIC = b"\x7fELF"
LDCONFIG_ARCH = {"x86_64": "x86-64", "aarch64": "AArch64", "armv7l": "hard-float"}
GLIBC_VERSION = re.compile(r"GLIBC_(\d+)\.(\d+)")


@dataclass
class BundleDependencies:
    """What the bundle needs from the system."""

    packages: set[str] = field(default_factory=set)
    unresolved: set[str] = field(default_factory=set)
    """Libraries that are neither in the bundle nor installed here (optional plugins' needs)."""
    glibc: tuple[int, int] = (0, 0)

    def depends(self, extra: Iterable[str] = ()) -> list[str]:
        """``Depends`` entries, sorted, with ``libc6 (>= x.y)``."""
        entries = {package for package in self.packages if package != "libc6"} | set(extra)
        libc = "libc6" if self.glibc == (0, 0) else f"libc6 (>= {self.glibc[0]}.{self.glibc[1]})"
        return [*sorted(entries), libc]


def elf_files(root: Path) -> list[Path]:
    """Every regular ELF file under ``root`` (symbolic links are skipped)."""
    found = []
    for directory, _dirs, files in os.walk(root):
        for name in files:
            path = Path(directory) / name
            if path.is_symlink():
                continue
            try:
                with path.open("rb") as handle:
                    if handle.read(4) == ELF_MAGIC:
                        found.append(path)
            except OSError:
                continue
    return sorted(found)


def needed_libraries(path: Path) -> list[str]:
    """The ``NEEDED`` sonames of one ELF file."""
    output = subprocess.run(["readelf", "-d", "-W", str(path)], capture_output=True,
                            text=True, check=False).stdout
    return re.findall(r"\(NEEDED\)\s+Shared library: \[([^\]]+)\]", output)


def glibc_versions(path: Path) -> set[tuple[int, int]]:
    """The ``GLIBC_x.y`` symbol versions one ELF file requires."""
    output = subprocess.run(["readelf", "-V", "-W", str(path)], capture_output=True,
                            text=True, check=False).stdout
    return {(int(major), int(minor)) for major, minor in GLIBC_VERSION.findall(output)}


def linker_cache(machine: str | None = None) -> dict[str, str]:
    """``soname -> path`` from ``ldconfig -p``, for this machine's architecture."""
    arch = LDCONFIG_ARCH.get(machine or platform.machine(), "")
    output = subprocess.run(["ldconfig", "-p"], capture_output=True, text=True,
                            check=False).stdout
    cache: dict[str, str] = {}
    for line in output.splitlines():
        match = re.match(r"\s+(\S+) \(([^)]*)\) => (\S+)", line)
        if match and (not arch or arch in match.group(2)):
            cache.setdefault(match.group(1), match.group(3))
    return cache


def owning_package(path: str) -> str | None:
    """The installed package that owns ``path`` (merged ``/usr`` aware), or ``None``."""
    real = os.path.realpath(path)
    candidates = []
    for candidate in (path, real):
        candidates.append(candidate)
        if candidate.startswith("/usr/lib/"):
            candidates.append(candidate.removeprefix("/usr"))
        elif candidate.startswith("/lib/"):
            candidates.append("/usr" + candidate)
    for candidate in dict.fromkeys(candidates):
        result = subprocess.run(["dpkg-query", "-S", candidate], capture_output=True,
                                text=True, check=False)
        if result.returncode == 0 and result.stdout:
            package = result.stdout.split(":", 1)[0]
            return package.split(",")[0].strip()
    return None


def bundle_dependencies(root: Path) -> BundleDependencies:
    """Read what the bundle at ``root`` needs from the system."""
    files = elf_files(root)
    carried = {path.name for path in root.rglob("*")}
    needed: set[str] = set()
    result = BundleDependencies()
    for path in files:
        needed.update(needed_libraries(path))
        result.glibc = max([result.glibc, *glibc_versions(path)])
    cache = linker_cache()
    for soname in sorted(needed - carried):
        location = cache.get(soname)
        package = owning_package(location) if location else None
        if package is None:
            result.unresolved.add(soname)
        else:
            result.packages.add(package)
    return result
