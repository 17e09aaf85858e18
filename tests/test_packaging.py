"""The package as users get it: a plain (non-editable) install works, templates included."""

from __future__ import annotations

import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

from .conftest import REPO


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    # Build from a copy so that build artefacts never land in the checkout.
    src = out / "src"
    anywhere = shutil.ignore_patterns(".git", ".venv", "*.egg-info", "__pycache__")

    def ignore(folder: str, names: list[str]) -> set[str]:
        at_root = {"output", "test-artifacts", "build", "dist"} if Path(folder) == REPO else set()
        return set(anywhere(folder, names)) | (at_root & set(names))

    shutil.copytree(REPO, src, ignore=ignore)
    result = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(src)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    (path,) = out.glob("gongwen-*.whl")
    return path


def test_wheel_carries_templates_and_example(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    for example in ("yongqing", "liuhe", "blank"):
        assert f"generator/_bundled/{example}/templates/通知.docx" in names
        assert f"generator/_bundled/{example}/inputs/活动数据.xlsx" in names
        assert f"generator/_bundled/{example}/说明.txt" in names
    assert "generator/data/fonts.conf" in names
    assert "gongwen/__main__.py" in names  # python -m gongwen
    assert any(n.endswith(".dist-info/licenses/LICENSE") for n in names)


def test_installed_wheel_inits_and_builds_outside_the_repository(wheel: Path, tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    site = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True, text=True, check=True,
    ).stdout.strip()  # fmt: skip
    subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "-q", "--no-deps", str(wheel)],
        check=True,
    )
    # The dependencies come from the running test environment, whichever kind it is (a venv,
    # a system Python): a .pth file, written after the install so that pip does not see the
    # outer gongwen as already installed, appends its site-packages after the new venv's own.
    # `import generator` still finds the fresh wheel first. The test is about our package, not PyPI.
    outer = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    Path(site, "outer-dependencies.pth").write_text("\n".join(sorted(outer)) + "\n", encoding="utf-8")
    gongwen = venv / "bin" / "gongwen"
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    init = subprocess.run([str(gongwen), "init", "县里的工作区"], cwd=elsewhere, capture_output=True, text=True)
    assert init.returncode == 0, init.stderr
    build = subprocess.run([str(gongwen), "-C", "县里的工作区", "build"], cwd=elsewhere, capture_output=True, text=True)
    assert build.returncode == 0, build.stderr
    assert list((elsewhere / "县里的工作区" / "output" / "通知").glob("*.docx"))
    # The module imported is the installed one, not the checkout.
    where = subprocess.run(
        [str(python), "-c", "import generator; print(generator.__file__)"],
        cwd=elsewhere,
        capture_output=True,
        text=True,
    )
    assert str(venv) in where.stdout
    # `python -m gongwen` is the command, from the installed package
    module = subprocess.run([str(python), "-m", "gongwen", "--version"], cwd=elsewhere, capture_output=True, text=True)
    assert module.returncode == 0, module.stderr
    assert module.stdout.strip() == f"gongwen {version_in_checkout()}"


def version_in_checkout() -> str:
    text = (REPO / "generator" / "__init__.py").read_text(encoding="utf-8")
    (line,) = [line for line in text.splitlines() if line.startswith("__version__")]
    return line.split("=")[1].strip().strip('"')
