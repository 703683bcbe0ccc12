"""Reading a bundle's system dependencies from its ELF files (packaging/linux/deb_depends.py)."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO

sys.path.insert(0, str(REPO / "packaging" / "linux"))

import deb_depends

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux") or shutil.which("readelf") is None
    or shutil.which("dpkg-query") is None,
    reason="needs Linux with binutils (readelf) and dpkg")

PYTHON = Path(sys.executable).resolve()


def test_needed_libraries_and_glibc_versions_are_read_from_an_elf_file() -> None:
    needed = deb_depends.needed_libraries(PYTHON)
    assert "libc.so.6" in needed or any(name.startswith("libpython") for name in needed)
    assert deb_depends.glibc_versions(PYTHON), "every Linux Python needs some GLIBC_x.y"


def test_the_linker_cache_and_dpkg_name_the_package_of_libc() -> None:
    location = deb_depends.linker_cache()["libc.so.6"]
    assert deb_depends.owning_package(location) == "libc6"
    assert deb_depends.owning_package("/nonexistent/libnothing.so.1") is None


def test_a_bundle_needs_the_packages_of_the_libraries_it_does_not_carry(tmp_path: Path) -> None:
    bundle = tmp_path / "bundle"
    bundle.mkdir()
    shutil.copy2(PYTHON, bundle / "python")
    (bundle / "notes.txt").write_text("not an ELF file")
    needs = deb_depends.bundle_dependencies(bundle)
    assert "libc6" in needs.packages
    depends = needs.depends(["libvlc5"])
    assert "libvlc5" in depends
    assert depends[-1].startswith("libc6 (>= 2.")
    assert deb_depends.elf_files(bundle) == [bundle / "python"]


def test_libraries_carried_by_the_bundle_are_not_dependencies(tmp_path: Path) -> None:
    bundle = tmp_path / "bundle"
    bundle.mkdir()
    shutil.copy2(PYTHON, bundle / "python")
    for soname in deb_depends.needed_libraries(PYTHON):
        (bundle / soname).write_bytes(b"carried")
    needs = deb_depends.bundle_dependencies(bundle)
    assert needs.packages == set() and needs.unresolved == set()
