"""benchmarks/ runs (its figures are printed, never asserted: speed is no test's business), and its
peers make the same documents from the same data, so that the comparison compares like with like."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from benchmarks import peers
from benchmarks.synthetic import make_workspace

from .conftest import REPO


def test_the_peers_make_the_same_sheets_from_the_same_data(tmp_path: Path) -> None:
    ws = make_workspace(tmp_path / "ws", 2)
    made: dict[str, Path] = {}
    for loop in ("naive", "floor", "gongwen"):
        out = tmp_path / loop
        result = subprocess.run(
            [sys.executable, "-m", "benchmarks.peers", loop, str(ws), str(out)],
            capture_output=True, text=True, cwd=REPO, check=True,
        )  # fmt: skip
        said = json.loads(result.stdout.splitlines()[-1])
        assert said["documents"] == 6 and said["loop_cpu_us"] > 0  # 2 units, 3 months
        made[loop] = next(p for p in (out / "0.docx", out / "0.part") if p.exists())
    data = tmp_path / "data.json"
    data.write_text(json.dumps([peers.record(j.context) for j in peers.monthly_jobs(ws)], ensure_ascii=False))
    floor = tmp_path / "floor-json"  # the floor from the npm peers' JSON data: the floor's very documents
    subprocess.run(
        [sys.executable, "-m", "benchmarks.peers", "floor-json", str(ws), str(floor), str(data)],
        capture_output=True, cwd=REPO, check=True,
    )  # fmt: skip
    assert (floor / "0.docx").read_bytes() == made["floor"].read_bytes()
    modules = peers.node_modules()
    if modules is None:  # no node here: the bench leaves the npm peers out, and says so
        assert shutil.which("node") is None or shutil.which("npm") is None
    else:
        template = ws / "templates" / f"{peers.MONTHLY}.docx"
        for tool, rewrite in (("docxtemplater", peers.docxtemplater_xml), ("carbone", peers.carbone_xml)):
            dialect = peers.peer_template(template, tmp_path / f"{tool}.docx", rewrite)
            argv = ["node", str(peers.NODE_SCRIPT), tool, str(dialect), str(data), str(tmp_path / tool)]
            subprocess.run(argv, env=dict(os.environ, NODE_PATH=str(modules)), capture_output=True, check=True)
            made[tool] = tmp_path / tool / "0.docx"
    gongwen = peers.document_text(made.pop("gongwen"))
    assert peers.check_same_text(made) == []  # every peer's words are the naive docxtpl loop's
    assert "合成0000镇" in gongwen and "填报人" in gongwen  # gongwen's: the same sheet, its groups merged
