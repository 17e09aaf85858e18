"""The source hash decides whether a document is made again (a no-op build makes nothing): a change
to any cell a document reads must change that document's hash, and a unit's own rows must leave
every other unit's documents alone."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from typing import Any, cast

import pytest
from openpyxl import load_workbook

from benchmarks.synthetic import make_workspace as make_synthetic
from generator.documents.registry import DocumentJob
from generator.inputs.schema import WORKBOOK_NAME
from generator.pipeline import SourceHasher, make_plan
from generator.workspace import Workspace

UNIT = "合成0001镇"


def _sources(root: Path) -> dict[str, str]:
    made = make_plan(Workspace(root), force=False, kinds=(), units=())
    return {item.job.output: item.source for item in made.planned}


def _copy(synthetic: Path, root: Path) -> Path:
    """A workspace of the synthetic one's templates, for an edited workbook."""
    shutil.copytree(synthetic / "templates", root / "templates")
    (root / "inputs").mkdir()
    return root / "inputs" / WORKBOOK_NAME


ALLOWED = {"组长": "成员", "副组长": "成员", "成员": "副组长"}  # 小组职务 is one of these


def _changed(value: Any) -> Any:
    if value in ALLOWED:
        return ALLOWED[value]
    if isinstance(value, bool):
        return not value
    if isinstance(value, int):
        return value + 1
    if isinstance(value, dt.datetime):
        return value + dt.timedelta(days=1)
    return f"{value}改"


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = make_synthetic(tmp_path_factory.mktemp("hash") / "ws", 3, 1)
    book = root / "inputs" / WORKBOOK_NAME
    load_workbook(book).save(book)  # the edited copies are saved by openpyxl too: compare like with like
    return root


# (sheet, the columns of UNIT's first row to change, a document of UNIT that must change)
UNIT_CELLS = [
    ("领导小组", ("小组职务", "姓名", "职务"), "方案"),
    ("排查重点", ("重点类别", "具体内容"), "方案"),
    ("打传队伍", ("村（社区）", "队长", "队员人数"), "方案"),
    ("总结", ("标题", "内容"), "总结"),
    ("统计报表", ("召开专题会议", "组建排查队伍", "排查队伍人数", "出动排查人员"), "统计"),
]


@pytest.mark.parametrize(("sheet", "columns", "folder"), UNIT_CELLS)
def test_a_cell_a_document_reads_changes_its_hash_and_no_other_units(
    synthetic: Path, tmp_path: Path, sheet: str, columns: tuple[str, ...], folder: str
) -> None:
    before = _sources(synthetic)
    for column in columns:
        root = tmp_path / column
        target = _copy(synthetic, root)
        book = load_workbook(synthetic / "inputs" / WORKBOOK_NAME)
        ws = book[sheet]
        header = [cell.value for cell in ws[1]]
        row = next(r for r in range(2, ws.max_row + 1) if ws.cell(r, 1).value == UNIT)
        cell = ws.cell(row, header.index(column) + 1)
        cell.value = _changed(cell.value)
        book.save(target)
        after = _sources(root)
        assert before.keys() == after.keys()
        changed = {output for output in before if before[output] != after[output]}
        own = [output for output in changed if output.startswith(f"{folder}/") and UNIT in output]
        assert own, f"{sheet}!{cell.coordinate} ({column}) changed no document of {UNIT} in {folder}/"
        others = [o for o in changed if o.startswith(("方案/", "统计/", "总结/")) and "合成" in o and UNIT not in o]
        assert not others, f"{sheet}!{cell.coordinate} ({column}) changed other units' documents: {others}"


def test_the_campaigns_name_changes_every_documents_hash(synthetic: Path, tmp_path: Path) -> None:
    before = _sources(synthetic)
    root = tmp_path / "ws"
    target = _copy(synthetic, root)
    book = load_workbook(synthetic / "inputs" / WORKBOOK_NAME)
    ws = book["活动"]
    row = next(r for r in range(2, ws.max_row + 1) if ws.cell(r, 1).value == "活动名称")
    ws.cell(row, 2).value = "另一次大排查"
    book.save(target)
    after = _sources(root)
    assert sorted(after) != sorted(before)  # the name is in the file names too
    assert not set(before.values()) & set(after.values())


def test_an_unchanged_workbook_keeps_every_hash(synthetic: Path, tmp_path: Path) -> None:
    """Saved again with nothing changed (other bytes, other objects): every document is as it was."""
    root = tmp_path / "ws"
    load_workbook(synthetic / "inputs" / WORKBOOK_NAME).save(_copy(synthetic, root))
    assert _sources(root) == _sources(synthetic)


@pytest.mark.parametrize("kinds", [("方案",), ("汇总表",), ("月报", "县总结"), ("通知",)])
def test_a_build_of_some_kinds_composes_only_them_as_the_whole_build_does(
    synthetic: Path, kinds: tuple[str, ...]
) -> None:
    """`build --kind …` composes only the documents asked for (a twin's original too, not made):
    each is the very job, with the very hash, of a whole build."""
    whole = {item.job.output: item for item in make_plan(Workspace(synthetic), force=False, kinds=(), units=()).planned}
    some = make_plan(Workspace(synthetic), force=False, kinds=kinds, units=()).planned
    assert some
    assert {item.job.document for item in some} == set(kinds)  # the 文档 sheet's names
    assert sorted(item.job.output for item in some) == sorted(o for o, i in whole.items() if i.job.document in kinds)
    for item in some:
        assert item.source == whole[item.job.output].source
        assert item.job.context == whole[item.job.output].job.context


def test_a_build_plan_that_lets_contexts_go_plans_as_one_that_keeps_them(synthetic: Path) -> None:
    """A build's plan hashes each context as it is composed and lets it go (composed again to
    render): the same documents, hashes and reads as a plan that keeps every context, none kept."""
    kept = make_plan(Workspace(synthetic), force=False, kinds=(), units=()).planned
    let_go = make_plan(Workspace(synthetic), force=False, kinds=(), units=(), let_go=True).planned
    assert [(p.job.output, p.source, dict(p.reads), p.reason) for p in let_go] == [
        (p.job.output, p.source, dict(p.reads), p.reason) for p in kept
    ]
    assert all(p.job.context for p in kept)
    assert not [p.job.output for p in let_go if p.job.context]
    assert [p.job.compose() if p.job.compose is not None else None for p in let_go] == [p.job.context for p in kept]


def _job(context: dict[str, Any], output: str) -> DocumentJob:
    return DocumentJob(
        "方案", "方案", "甲镇", output, "甲镇工作方案", "甲镇", "2018-01-01T00:00:00Z", cast(Any, context)
    )


def test_a_part_of_one_document_is_hashed_again_in_the_next_whatever_its_id() -> None:
    """Contexts are hashed one at a time, each let go before the next is composed, so the next's
    parts may be new objects at a freed one's address: only what every context shares is
    remembered by id. (Here the very dict, changed in place, stands for a new one at its address.)"""
    reads = {"方案": frozenset({("单位",), ("活动", "名称")})}
    shared = {"活动": {"名称": "大排查"}}
    hasher = SourceHasher(reads, shared=shared)
    unit: dict[str, Any] = {"名称": "甲镇", "队伍": [{"队长": "张三"}]}
    _, first = hasher(b"template", _job({"单位": unit, **shared}, "方案/甲.docx"))
    unit["队伍"][0]["队长"] = "李四"
    _, second = hasher(b"template", _job({"单位": unit, **shared}, "方案/乙.docx"))
    assert first["单位"] != second["单位"]
    assert first["活动.名称"] == second["活动.名称"]
    fresh = SourceHasher(reads, shared=shared)
    assert fresh(b"template", _job({"单位": unit, **shared}, "方案/乙.docx"))[1]["单位"] == second["单位"]
