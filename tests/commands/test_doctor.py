import json

import pytest

from moodplayer.commands import doctor
from moodplayer.context import create_context
from tests.conftest import run_cli


def parse_checks(stdout: str) -> dict[str, dict[str, str]]:
    checks = [json.loads(line) for line in stdout.splitlines() if line.strip()]
    for check in checks:
        assert set(check) == {"name", "status", "detail", "fix"}
        assert check["status"] in ("ok", "warn", "fail")
    return {c["name"]: c for c in checks}


def test_doctor_json_reports_every_check_and_exits_0_when_the_app_can_run() -> None:
    result = run_cli("doctor", "--json")
    checks = parse_checks(result.stdout)
    assert {"python", "libvlc", "opencv", "onnxruntime", "cameras", "bundled-model",
            "deepface-model", "folders", "qt"} <= set(checks)
    assert checks["libvlc"]["status"] == "ok"
    assert checks["cameras"]["status"] in ("ok", "warn")  # no camera is only a warning
    assert result.returncode == 0, result.stdout


def test_doctor_reports_a_missing_libvlc_with_the_install_command_and_exits_1() -> None:
    result = run_cli("doctor", "--json", env={"PYTHON_VLC_LIB_PATH": "/nonexistent/libvlc.so.5"})
    checks = parse_checks(result.stdout)
    assert checks["libvlc"]["status"] == "fail"
    assert "libVLC was not found" in checks["libvlc"]["detail"]
    assert "libvlc5 vlc-plugin-base" in checks["libvlc"]["fix"]
    assert checks["opencv"]["status"] == "ok"  # the other checks still ran
    assert result.returncode == 1


def test_doctor_prints_a_readable_report() -> None:
    result = run_cli("doctor")
    assert "[ok  ] python" in result.stdout
    assert "Mood Player can run." in result.stdout


def test_a_check_that_crashes_is_reported_as_failed(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(_: object) -> doctor.CheckResult:
        raise RuntimeError("boom")

    monkeypatch.setattr(doctor, "CHECKS", (doctor.check_python, broken))
    results = doctor.run_checks(create_context(report_problems=False))
    assert results[0].status == "ok"
    assert results[1].status == "fail" and "boom" in results[1].detail


def test_unwritable_folders_are_a_warning_not_a_failure(
    monkeypatch: pytest.MonkeyPatch, tmp_path: object
) -> None:
    monkeypatch.setattr(doctor, "is_writable_dir", lambda path: False)
    result = doctor.check_folders(create_context(report_problems=False))
    assert result.status == "warn" and "MOODPLAYER_HOME" in result.fix
