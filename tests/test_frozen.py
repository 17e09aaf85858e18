"""The package that needs no Python: frozen with the Windows spec on this system, and the Windows
wheel set resolved from here (PyInstaller freezes for the system it runs on; the Windows build
itself runs in .github/workflows/windows.yml)."""

from __future__ import annotations

import re
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

import pytest

from generator import __version__
from scripts.windows_bundle import LAUNCHER, PYTHONS, dependencies, freeze, resolve

from .conftest import EXAMPLE_OUTPUTS, REPO, output_files


def canonical(requirement: str) -> str:
    return re.split(r"[<>=!~\[; ]", requirement, maxsplit=1)[0].lower().replace("_", "-")


@pytest.fixture(scope="module")
def wheel_sets() -> Iterator[dict[str, Future[dict[str, str]]]]:
    """The Windows wheel set of each supported Python, resolved by pip on the network: three resolves
    at once, started before the freeze, so that their waiting overlaps the freeze's work."""
    with ThreadPoolExecutor(max_workers=len(PYTHONS)) as pool:
        yield {python: pool.submit(resolve, python) for python in PYTHONS}


@pytest.fixture(scope="module")
def frozen(tmp_path_factory: pytest.TempPathFactory, wheel_sets: dict[str, Future[dict[str, str]]]) -> Path:
    """Frozen once for the module: every test of the frozen program runs on this one package."""
    return freeze(tmp_path_factory.mktemp("frozen"))


def gongwen(frozen: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(frozen / "gongwen" / "gongwen"), *args], cwd=cwd, capture_output=True, text=True)


def test_the_package_holds_the_program_a_launcher_and_a_readme(frozen: Path) -> None:
    assert (frozen / "gongwen" / "gongwen").is_file()
    bat = (frozen / "打开gongwen.bat").read_bytes()
    assert bat == LAUNCHER.encode("ascii")  # cmd reads a .bat in the system's code page: ASCII reads alike in all
    assert b"\r\n" in bat
    readme = (frozen / "说明.txt").read_bytes()
    assert readme.startswith(b"\xef\xbb\xbf")
    assert "不需要安装 Python" in readme.decode("utf-8-sig")
    assert frozen.with_suffix(".zip").is_file()


def test_the_frozen_program_inits_builds_and_checks(frozen: Path, tmp_path: Path) -> None:
    assert gongwen(frozen, "init", "ws", cwd=tmp_path).returncode == 0
    build = gongwen(frozen, "-C", "ws", "build", "-q", cwd=tmp_path)
    assert build.returncode == 0, build.stderr
    made = [p for p in output_files(tmp_path / "ws") if not p.name.startswith(".")]  # not the build's record
    assert len(made) == EXAMPLE_OUTPUTS, [p.name for p in made]  # templates and the example, as package data
    (notice,) = (tmp_path / "ws" / "output" / "通知").glob("*.docx")
    check = gongwen(frozen, "check", "--no-pdf", str(notice), cwd=tmp_path)
    assert check.returncode == 0, check.stdout + check.stderr
    assert "检查 1 个文件：符合 1 个，有问题 0 个。" in check.stdout
    version = gongwen(frozen, "--version", cwd=tmp_path)
    assert version.stdout.strip() == f"gongwen {__version__}"
    # the build's pool (two processes) works frozen too, and makes the same bytes
    before = {p: p.read_bytes() for p in made}
    again = gongwen(frozen, "-C", "ws", "build", "-q", "--force", "-j", "2", cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    assert {p: p.read_bytes() for p in made} == before


def test_a_double_click_opens_the_page_on_the_workspace_beside_the_program(frozen: Path, tmp_path: Path) -> None:
    """No arguments, as Explorer starts it: the page, on 工作区/ beside the program folder."""
    program = subprocess.Popen(
        [str(frozen / "gongwen" / "gongwen")],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={"PATH": "/usr/bin:/bin", "BROWSER": "true", "HOME": str(tmp_path)},
    )
    try:
        address = None
        deadline = time.monotonic() + 60
        assert program.stdout is not None
        while address is None and time.monotonic() < deadline:
            line = program.stdout.readline()
            found = re.search(r"http://127\.0\.0\.1:\d+/\S*", line)
            address = found.group(0) if found else None
        assert address is not None, program.stderr.read() if program.stderr else ""
        # the address's one-time token is exchanged for a cookie on the first answer (a redirect)
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor())
        with opener.open(address, timeout=30) as response:
            page = response.read().decode("utf-8")
        assert response.status == 200
        assert "gongwen" in page and "工作区" in page
        assert (frozen / "工作区").is_dir()
    finally:
        program.terminate()
        program.wait(timeout=30)


def test_the_windows_workflow_freezes_with_the_same_spec() -> None:
    workflow = (REPO / ".github" / "workflows" / "windows.yml").read_text(encoding="utf-8")
    assert "runs-on: windows-latest" in workflow
    assert "scripts/windows_bundle.py freeze" in workflow
    assert "python -m pytest" in workflow


@pytest.mark.parametrize("python", PYTHONS)
def test_every_dependency_has_a_windows_wheel(python: str, wheel_sets: dict[str, Future[dict[str, str]]]) -> None:
    wheels = wheel_sets[python].result()
    assert {canonical(r) for r in dependencies()} <= {name.replace("_", "-") for name in wheels}
    for name, wheel in wheels.items():
        assert wheel.endswith(("-win_amd64.whl", "-none-any.whl")), (name, wheel)
