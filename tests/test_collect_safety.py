"""collect never loses a report, never breaks a valid workbook, never writes a formula into inputs/."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from openpyxl import load_workbook

from examples.yongqing.workbook import REPORTS, UNITS, write_workbook
from generator.inputs.schema import WORKBOOK_NAME
from generator.standard.package import read_parts, zip_bytes

from .conftest import REPO, Run, make_workspace
from .test_lock import hold
from .test_monthly import FEB, METRIC_NAMES, figures, fill

FEBRUARY = dt.date(2018, 2, 1)


def filled_form(ws: Path, run: Run, unit: str, changes: dict[str, int]) -> Path:
    """The unit's February form, made by gongwen forms and filled in with changed figures."""
    assert run("-C", ws, "forms", "--month", "2018-02", "--unit", unit).exit_code == 0
    form = ws / "output" / "填报表" / FEB / f"{unit}{FEB}统计报表（填报）.xlsx"
    values = dict(figures(unit, FEBRUARY) or dict.fromkeys(METRIC_NAMES, 0)) | changes  # a first report: all filled
    fill(form, values)
    return form


def _reports_rows(book: Path) -> list[tuple[object, object, object]]:
    """(unit cell, month cell, 出动排查人员) of every 月报 row, as stored."""
    sheet = load_workbook(book)["统计报表"]
    header = [c.value for c in sheet[1]]
    column = header.index("出动排查人员")
    return [(r[0].value, r[1].value, r[column].value) for r in sheet.iter_rows(min_row=2)]


def test_a_collect_waits_while_another_holds_the_workspace(workspace: Path, run: Run, tmp_path: Path) -> None:
    form = filled_form(workspace, run, "韩村镇", {"出动排查人员": 70})
    book = workspace / "inputs" / WORKBOOK_NAME
    before = book.read_bytes()
    holder = hold(workspace / "output", "收报表", seconds=1)
    result = run("-C", workspace, "collect", form.parent)
    assert (workspace / "output" / "released").exists()  # it merged only after the holder let go
    holder.wait()
    assert result.exit_code == 0, result.output
    assert f"另一个 gongwen 正在收报表（进程号 {holder.pid}），等它结束后接着进行……" in result.output
    assert "已并入 1 份报表" in result.output
    assert [b.read_bytes() for b in (workspace / "inputs" / "备份").glob("*.xlsx")] == [before]


def test_collects_started_together_after_a_killed_one_lose_no_report(workspace: Path, run: Run, tmp_path: Path) -> None:
    """Six collects at once, each with two units' forms, over a lock a killed process left:
    every collect merges its two, the workbook ends with all twelve, and each of the six versions
    before a merge is kept as a backup."""
    units = [u[0] for u in UNITS][:12]
    folders = []
    for i in range(6):
        folder = tmp_path / f"batch{i}"
        folder.mkdir()
        for unit in units[2 * i : 2 * i + 2]:
            filled_form(workspace, run, unit, {"出动排查人员": 100 + units.index(unit)}).rename(folder / f"{unit}.xlsx")
        folders.append(folder)
    killed = hold(workspace / "output", "收报表")
    killed.kill()
    killed.wait()
    cmd = [sys.executable, "-m", "generator.cli", "-C", str(workspace), "collect"]
    procs = [subprocess.Popen([*cmd, str(f)], cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for f in folders]  # fmt: skip
    outputs = [p.communicate(timeout=300) for p in procs]
    for proc, (out, err) in zip(procs, outputs, strict=True):
        assert proc.returncode == 0, err
        assert "已并入 2 份报表" in out, out + err
    book = workspace / "inputs" / WORKBOOK_NAME
    february = {
        row[0]: row[2]
        for row in _reports_rows(book)
        if (isinstance(row[1], dt.date) and row[1].month == 2) or row[1] == FEB  # a new row: its label
    }
    assert {u: february.get(u) for u in units} == {u: 100 + units.index(u) for u in units}
    assert len(list((workspace / "inputs" / "备份").glob("*.xlsx"))) == 6


def test_collects_in_the_same_second_keep_every_report_and_every_backup(
    workspace: Path, run: Run, tmp_path: Path
) -> None:
    book = workspace / "inputs" / WORKBOOK_NAME
    versions = [book.read_bytes()]
    for unit, figure in (("韩村镇", 70), ("永清镇", 80), ("后奕镇", 90)):
        folder = tmp_path / unit
        folder.mkdir()
        filled_form(workspace, run, unit, {"出动排查人员": figure}).rename(folder / "form.xlsx")
        result = run("-C", workspace, "collect", folder)
        assert result.exit_code == 0, result.output
        versions.append(book.read_bytes())
    backups = sorted((workspace / "inputs" / "备份").glob("*.xlsx"))
    assert len(backups) == 3  # named to the second, then -2, -3: none overwrote another
    assert sorted(b.read_bytes() for b in backups) == sorted(versions[:3])
    february = {row[0]: row[2] for row in _reports_rows(book) if isinstance(row[1], dt.date) and row[1].month == 2}
    assert (february["韩村镇"], february["永清镇"], february["后奕镇"]) == (70, 80, 90)


def test_collect_matches_a_row_by_its_unit_as_validate_reads_it(workspace: Path, run: Run, tmp_path: Path) -> None:
    """月报 rows typed 「韩村」 are 韩村镇's for validate; collect updates them instead of adding a twin."""
    reports = [["韩村" if r[0] == "韩村镇" else r[0], *r[1:]] for r in REPORTS]
    write_workbook(workspace / "inputs" / WORKBOOK_NAME, reports=reports)
    assert run("-C", workspace, "validate").exit_code == 0
    form = filled_form(workspace, run, "韩村镇", {"出动排查人员": 70})
    result = run("-C", workspace, "collect", form.parent)
    assert result.exit_code == 0, result.output
    assert "有变化  韩村镇 2018年2月" in result.output
    validated = run("-C", workspace, "validate")
    assert validated.exit_code == 0, validated.output
    rows = [r for r in _reports_rows(workspace / "inputs" / WORKBOOK_NAME) if r[0] in ("韩村", "韩村镇")]
    assert len(rows) == 3  # January to March, no second February row
    assert [r[2] for r in rows if isinstance(r[1], dt.date) and r[1].month == 2] == [70]


def test_a_unit_name_that_looks_like_a_formula_is_collected_as_text(tmp_path: Path, run: Run) -> None:
    ws = make_workspace(tmp_path / "ws")
    units = [["=1镇", "乡镇", None, None, None], *UNITS[1:]]
    reports = [r for r in REPORTS if r[0] != UNITS[0][0]]  # =1镇 has not reported yet
    write_workbook(ws / "inputs" / WORKBOOK_NAME, units=units, reports=reports, teams=[], leaders=[], focus=[],
                   summary=[])  # fmt: skip
    form = filled_form(ws, run, "=1镇", {"出动排查人员": 5})
    result = run("-C", ws, "collect", form.parent)
    assert result.exit_code == 0, result.output
    assert "新报送  =1镇 2018年2月" in result.output
    sheet = load_workbook(ws / "inputs" / WORKBOOK_NAME)["统计报表"]
    cell = next(row[0] for row in sheet.iter_rows(min_row=2) if row[0].value == "=1镇")
    # Text (an inline string), not a formula: no spreadsheet evaluates it. (No quotePrefix: that
    # would add a style to styles.xml, and a merge changes nothing but the 统计报表 sheet.)
    assert cell.data_type == "s" and sheet.parent.calculation is not None
    assert run("-C", ws, "build", "--kind", "汇总").exit_code == 0
    again = run("-C", ws, "collect", form.parent)
    assert "未变化  =1镇 2018年2月" in again.output  # read back as the unit's own report


def test_collect_keeps_the_workbooks_permissions(workspace: Path, run: Run) -> None:
    book = workspace / "inputs" / WORKBOOK_NAME
    os.chmod(book, 0o644)
    form = filled_form(workspace, run, "韩村镇", {"出动排查人员": 70})
    assert run("-C", workspace, "collect", form.parent).exit_code == 0
    assert book.stat().st_mode & 0o777 == 0o644
    assert form.stat().st_mode & 0o077 != 0  # a form to send out is readable by others, as any file


def test_what_a_killed_collect_left_half_written_in_inputs_is_cleaned_up(workspace: Path, run: Run) -> None:
    """Issue 16.14: a collect killed inside write_atomic leaves .~gongwen-*.tmp beside the workbook
    (and in 备份/); the next collect, under the lock, removes them and keeps everything else."""
    leftovers = [workspace / "inputs" / ".~gongwen-k1l3d.tmp", workspace / "inputs" / "备份" / ".~gongwen-x.tmp"]
    for leftover in leftovers:
        leftover.parent.mkdir(parents=True, exist_ok=True)
        leftover.write_bytes(b"PK\x03\x04 half a workbook")
    own = workspace / "inputs" / "说明.txt"
    own.write_text("科员自己的文件", encoding="utf-8")
    form = filled_form(workspace, run, "韩村镇", {"出动排查人员": 70})
    assert run("-C", workspace, "collect", form.parent).exit_code == 0
    assert not any(p.exists() for p in leftovers)
    assert own.read_text(encoding="utf-8") == "科员自己的文件"


def _corrupt_sheet_data(form: Path) -> None:
    """Flip bytes in the middle of the form sheet's compressed data: the zip opens, the sheet does not."""
    import zipfile

    data = bytearray(form.read_bytes())
    with zipfile.ZipFile(form) as zf:
        info = zf.getinfo("xl/worksheets/sheet1.xml")
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    for i in range(start + 10, start + min(info.compress_size, 60)):
        data[i] ^= 0xFF
    form.write_bytes(bytes(data))


def _lengthen(form: Path, rows: int) -> None:
    wb = load_workbook(form)
    sheet = wb.worksheets[0]
    for r in range(sheet.max_row + 1, sheet.max_row + 1 + rows):
        sheet.cell(row=r, column=1, value="填充")
    wb.save(form)


def test_a_broken_or_oversized_form_is_refused_alone(workspace: Path, run: Run) -> None:
    """Issue 16.12, 16.14: a corrupt form, a truncated one and one of 5,000 rows are each 拒收 with
    the reason; the good form in the same folder is merged."""
    import shutil

    good = filled_form(workspace, run, "韩村镇", {"出动排查人员": 70})
    folder = good.parent
    corrupt = filled_form(workspace, run, "永清镇", {"出动排查人员": 71})
    _corrupt_sheet_data(corrupt)
    long = filled_form(workspace, run, "后奕镇", {"出动排查人员": 72})
    _lengthen(long, 5000)
    truncated = folder / "别古庄镇（截断）.xlsx"
    shutil.copyfile(good, truncated)
    truncated.write_bytes(truncated.read_bytes()[: truncated.stat().st_size // 2])
    result = run("-C", workspace, "collect", folder)
    assert result.exit_code in (0, 1), result.output
    assert "程序内部出错" not in result.output and "Traceback" not in result.output
    lines = result.output.splitlines()

    def line_of(path: Path) -> str:  # the form's line and the reasons indented under it
        start = next(i for i, ln in enumerate(lines) if path.name in ln)
        end = next((i for i in range(start + 1, len(lines)) if not lines[i].startswith(" ")), len(lines))
        return " ".join(lines[start:end])

    assert "不是有效的 .xlsx 工作簿" in line_of(corrupt)
    assert "不是有效的 .xlsx 工作簿" in line_of(truncated)
    assert "工作表超过" in line_of(long) and "不是 gongwen 生成的填报表" in line_of(long)
    rows = _reports_rows(workspace / "inputs" / WORKBOOK_NAME)
    assert any(unit == "韩村镇" and value == 70 for unit, _, value in rows)
    assert not any(value in (71, 72) for _, _, value in rows)


@pytest.mark.parametrize(
    ("cell", "said"),
    [
        ('<c r="{}" t="s"><v>99999</v></c>', "引用了文件里没有的文字，内容已损坏"),
        ('<c r="{}" t="inlineStr"><is><t>' + "9" * 40_000 + "</t></is></c>", "有 40000 个字符，超过 Excel"),
        # A character XML cannot hold, named by number: the whole sheet was "damaged", no cell named.
        ('<c r="{}" t="inlineStr"><is><t>7&#xD800;</t></is></c>', "里有 Excel 和 WPS 不会保存的字符编码「&#xD800;」"),
        ('<c r="{}" t="inlineStr"><is><t>7&#1;</t></is></c>', "里有 Excel 和 WPS 不会保存的字符编码「&#1;」"),
    ],
)
def test_a_damaged_form_cell_is_refused_by_its_sheet_and_cell(
    cell: str, said: str, workspace: Path, run: Run, tmp_path: Path
) -> None:
    """The 拒收 of a cell naming a shared string the form lacks named a part called 「」; a cell
    longer than Excel lets one be was read whole. Both now name the sheet and the cell, and the
    workbook is untouched."""
    from .hostile import FORM_FIRST_FIGURE, cell_in

    form = filled_form(workspace, run, "韩村镇", {"出动排查人员": 70})
    damaged = cell_in("统计报表", FORM_FIRST_FIGURE, cell.format)
    book = (workspace / "inputs" / WORKBOOK_NAME).read_bytes()
    folder = tmp_path / "收回"
    folder.mkdir()
    (folder / "韩村镇.xlsx").write_bytes(damaged(form.read_bytes()))
    result = run("-C", workspace, "collect", folder)
    assert result.exit_code == 1, result.output
    assert f"「统计报表」工作表的单元格 D6 {said}" in collect_line(result.output, "韩村镇.xlsx")
    assert (workspace / "inputs" / WORKBOOK_NAME).read_bytes() == book


def test_a_form_with_a_doctype_in_a_part_nothing_parses_is_refused(workspace: Path, run: Run, tmp_path: Path) -> None:
    """docProps/core.xml is never parsed, so its DOCTYPE was inert, and the form was merged; no
    spreadsheet program writes one, and the forms' own parts with one were refused."""
    from .hostile import XXE

    form = filled_form(workspace, run, "韩村镇", {"出动排查人员": 70})
    book = (workspace / "inputs" / WORKBOOK_NAME).read_bytes()
    folder = tmp_path / "收回"
    folder.mkdir()
    (folder / "韩村镇.xlsx").write_bytes(zip_bytes({**read_parts(form.read_bytes()), "docProps/core.xml": XXE}))
    result = run("-C", workspace, "collect", folder)
    assert result.exit_code == 1, result.output
    assert "文件里的「docProps/core.xml」带有 DOCTYPE 声明" in collect_line(result.output, "韩村镇.xlsx")
    assert (workspace / "inputs" / WORKBOOK_NAME).read_bytes() == book


def test_a_zip_of_forms_with_a_locked_member_is_refused_and_a_long_name_is_cut(
    workspace: Path, run: Run, tmp_path: Path
) -> None:
    """zipfile asks for a locked member's password (RuntimeError): collect stopped with an internal
    error. A member named longer than a file system takes was told as a damaged zip."""
    from .hostile import Entry, raw_zip

    form = filled_form(workspace, run, "韩村镇", {"出动排查人员": 70}).read_bytes()
    book = (workspace / "inputs" / WORKBOOK_NAME).read_bytes()
    locked = tmp_path / "加密的.zip"
    locked.write_bytes(raw_zip([Entry("韩村镇.xlsx", form, flags=1)]))
    result = run("-C", workspace, "collect", locked)
    assert result.exit_code == 1, result.output
    assert "加密的.zip 里的「韩村镇.xlsx」设置了解压密码；请先解压" in result.output
    assert (workspace / "inputs" / WORKBOOK_NAME).read_bytes() == book
    long = tmp_path / "长名.zip"
    long.write_bytes(raw_zip([Entry("韩" * 200 + ".xlsx", form)]))
    result = run("-C", workspace, "collect", long)
    assert result.exit_code == 0, result.output
    assert f"（{'韩' * 65}.xlsx）" in result.output
    assert any(
        unit == "韩村镇" and value == 70 for unit, _, value in _reports_rows(workspace / "inputs" / WORKBOOK_NAME)
    )


# --- a form is bound to the workspace, unit and period it was issued for (issue 16.5) -------------


def _edit_cell(form: Path, sheet: str, cell: str, value: str) -> None:
    wb = load_workbook(form)
    wb[sheet][cell].value = value
    wb.save(form)


def collect_line(result_output: str, name: str) -> str:
    lines = result_output.splitlines()
    start = next(i for i, ln in enumerate(lines) if name in ln)
    end = next((i for i in range(start + 1, len(lines)) if not lines[i].startswith(" ")), len(lines))
    return " ".join(lines[start:end])


def _collected_as(workspace: Path, run: Run, tmp_path: Path, form: Path, name: str) -> str:
    """What collect says of `form` sent back under the file name `name`."""
    folder = tmp_path / "收回"
    folder.mkdir()
    (folder / name).write_bytes(form.read_bytes())
    return collect_line(run("-C", workspace, "collect", folder).output, name)


@pytest.mark.parametrize(("cell", "value"), [("A1", "永清镇"), ("A4", "校验码")])
def test_a_form_edited_to_pose_as_another_unit_is_refused(cell: str, value: str, workspace: Path, run: Run) -> None:
    """韩村镇's form with its hidden marker changed to 永清镇 (or its seal to text) must not
    overwrite anyone's figures."""
    book = workspace / "inputs" / WORKBOOK_NAME
    before = _reports_rows(book)
    form = filled_form(workspace, run, "韩村镇", {"出动排查人员": 999})
    _edit_cell(form, "gongwen", cell, value)
    result = run("-C", workspace, "collect", form.parent)
    line = collect_line(result.output, form.name)
    assert line.startswith("拒收") and "校验码不符" in line, line
    assert _reports_rows(book) == before


def test_a_form_whose_visible_unit_differs_from_its_marker_is_refused(workspace: Path, run: Run) -> None:
    form = filled_form(workspace, run, "韩村镇", {"出动排查人员": 70})
    _edit_cell(form, "统计报表", "B2", "永清镇")
    result = run("-C", workspace, "collect", form.parent)
    line = collect_line(result.output, form.name)
    assert line.startswith("拒收") and "表中填报单位「永清镇」与这份表发给的单位「韩村镇」不一致" in line, line


def test_a_form_renamed_as_another_units_is_refused(workspace: Path, run: Run, tmp_path: Path) -> None:
    form = filled_form(workspace, run, "韩村镇", {"出动排查人员": 70})
    line = _collected_as(workspace, run, tmp_path, form, "永清镇2018年2月报表.xlsx")
    assert line.startswith("拒收") and "文件名写的是「永清镇」，表里却是「韩村镇」的报表" in line, line


def test_last_periods_form_sent_again_under_this_periods_name_is_refused(
    workspace: Path, run: Run, tmp_path: Path
) -> None:
    """麟游县's 自建房 campaign: 县自然资源局 filled the 排查摸底阶段 form again with the next phase's figures
    and named it for 集中整治阶段; it was read as a correction of the first phase."""
    form = filled_form(workspace, run, "韩村镇", {"出动排查人员": 70})
    line = _collected_as(workspace, run, tmp_path, form, "韩村镇2018年3月统计报表（填报）.xlsx")
    assert line.startswith("拒收") and "文件名写的是「2018年3月」，表里却是2018年2月的报表" in line, line


def test_a_word_document_sent_back_as_the_form_is_named_as_one(workspace: Path, run: Run, tmp_path: Path) -> None:
    folder = tmp_path / "收回"
    folder.mkdir()
    sent = folder / "韩村镇2018年2月统计报表（填报）.xlsx"
    from docx import Document

    document = Document()
    document.add_paragraph("韩村镇打击传销活动大排查工作方案")
    document.save(str(sent))
    line = collect_line(run("-C", workspace, "collect", folder).output, sent.name)
    assert line.startswith("拒收") and "这是一个 Word 文档，不是填报表（Excel 工作簿）" in line, line


def test_forms_one_folder_down_are_said_and_nothing_found_is_not_no_news(
    workspace: Path, run: Run, tmp_path: Path
) -> None:
    """The week's forms saved in 收回/第1周/: collect said 没有需要并入的新数据 and 下一步：运行 gongwen build,
    exit 0, as if every unit had sent nothing new."""
    form = filled_form(workspace, run, "韩村镇", {"出动排查人员": 70})
    week = tmp_path / "收回" / "第1周"
    week.mkdir(parents=True)
    (week / form.name).write_bytes(form.read_bytes())
    result = run("-C", workspace, "collect", week.parent)
    assert result.exit_code == 1, result.output
    assert "跳过文件夹 第1周：里面有 1 个 .xlsx 文件，子文件夹里的不读" in result.output
    assert "里没有找到填报表（.xlsx 文件），工作簿未改动" in result.output and "下一步" not in result.output


def test_a_form_issued_by_another_workspace_is_refused(workspace: Path, run: Run, tmp_path: Path) -> None:
    other = make_workspace(tmp_path / "另一个工作区")
    form = filled_form(other, run, "韩村镇", {"出动排查人员": 70})
    filled_form(workspace, run, "永清镇", {})  # this workspace has issued forms too: it has its own key
    result = run("-C", workspace, "collect", form.parent)
    line = collect_line(result.output, form.name)
    assert line.startswith("拒收") and "校验码不符" in line, line


def test_collect_in_a_workspace_that_never_issued_forms_refuses_them(workspace: Path, run: Run, tmp_path: Path) -> None:
    form = filled_form(workspace, run, "韩村镇", {"出动排查人员": 70})
    (workspace / "inputs" / ".gongwen-form-key").unlink()
    result = run("-C", workspace, "collect", form.parent)
    line = collect_line(result.output, form.name)
    assert line.startswith("拒收") and "本工作区还没有发出过填报表" in line, line


# --- the workbook-internals corpus, as returned forms (issue 16.12) --------------------------------


def _edit_form_sheet(form: Path, change: Callable[[str], str]) -> None:
    """Rewrite the form sheet's XML as text, every other member as it was."""
    with zipfile.ZipFile(form) as zf:
        parts = {i.filename: zf.read(i.filename) for i in zf.infolist()}
    parts[FORM_SHEET] = change(parts[FORM_SHEET].decode()).encode()
    with zipfile.ZipFile(form, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)


FORM_SHEET = "xl/worksheets/sheet1.xml"
DAMAGED_FORMS: dict[str, tuple[Callable[[Path], object], str]] = {
    "sheet XML cut in half": (lambda f: _edit_form_sheet(f, lambda x: x[: len(x) // 2]), "不是有效的 .xlsx 工作簿"),
    "DOCTYPE with an external entity": (
        lambda f: _edit_form_sheet(f, lambda x: '<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>' + x),
        "不是有效的 .xlsx 工作簿",
    ),
    "billion laughs": (
        lambda f: _edit_form_sheet(
            f,
            lambda x: (
                '<!DOCTYPE l [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
                + x.replace("<sheetData>", "<sheetData>&b;", 1)
            ),
        ),
        "不是有效的 .xlsx 工作簿",
    ),
    "CRC error": (_corrupt_sheet_data, "不是有效的 .xlsx 工作簿"),
    "20 MB of whitespace": (
        lambda f: _edit_form_sheet(f, lambda x: x.replace("<sheetData>", " " * 20_000_000 + "<sheetData>", 1)),
        "不是有效的 .xlsx 工作簿",
    ),
    "bad cell reference": (
        lambda f: _edit_form_sheet(f, lambda x: x.replace('r="B2"', 'r="x3"', 1)),
        "拒收",
    ),
    "a zip that is no workbook": (
        lambda f: zipfile.ZipFile(f, "w").writestr("readme.txt", "hello"),
        "不是有效的 .xlsx 工作簿",
    ),
    "password protected or .xls": (
        lambda f: f.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512),
        "拒收",
    ),
    "an empty file": (lambda f: f.write_bytes(b""), "不是有效的 .xlsx 工作簿"),
    "the hidden marker's sheet taken out": (
        lambda f: f.write_bytes(zip_bytes({k: v for k, v in read_parts(f).items() if k != "xl/worksheets/sheet2.xml"})),
        "隐藏的填报表标记是空的",
    ),
}


@pytest.mark.parametrize("case", DAMAGED_FORMS, ids=list(DAMAGED_FORMS))
def test_a_damaged_returned_form_is_refused_alone(case: str, workspace: Path, run: Run, tmp_path: Path) -> None:
    """Every damage the input corpus knows, done to one returned form: that form is 拒收 with a
    reason, the good form beside it is merged, nothing else in inputs/ changes."""
    damage, reason = DAMAGED_FORMS[case]
    folder = tmp_path / "收回"
    folder.mkdir()
    good = filled_form(workspace, run, "韩村镇", {"出动排查人员": 70}).rename(folder / "韩村镇.xlsx")
    bad = filled_form(workspace, run, "永清镇", {"出动排查人员": 71}).rename(folder / "永清镇.xlsx")
    damage(bad)
    book = workspace / "inputs" / WORKBOOK_NAME
    result = run("-C", workspace, "collect", folder)
    assert result.exit_code in (0, 1), result.output
    assert "程序内部出错" not in result.output and "Traceback" not in result.output
    line = collect_line(result.output, bad.name)
    assert line.startswith("拒收") and reason in line, line
    assert collect_line(result.output, good.name).startswith("有变化"), result.output
    assert "已并入 1 份报表" in result.output
    rows = _reports_rows(book)
    assert any(unit == "韩村镇" and value == 70 for unit, _, value in rows)
    assert not any(value == 71 for _, _, value in rows)


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs a POSIX /dev/zero")
def test_a_device_posing_as_a_returned_form_is_refused(workspace: Path, run: Run, tmp_path: Path) -> None:
    """A folder named 某某.xlsx, a link to /dev/zero and a FIFO: skipped with a word, never read."""
    folder = tmp_path / "收回"
    folder.mkdir()
    good = filled_form(workspace, run, "韩村镇", {"出动排查人员": 70}).rename(folder / "韩村镇.xlsx")
    (folder / "永清镇.xlsx").symlink_to("/dev/zero")
    os.mkfifo(folder / "后奕镇.xlsx")
    (folder / "别古庄镇.xlsx").mkdir()
    result = run("-C", workspace, "collect", folder)
    assert result.exit_code in (0, 1), result.output
    assert "Traceback" not in result.output
    for name in ("永清镇.xlsx", "后奕镇.xlsx", "别古庄镇.xlsx"):
        assert f"跳过 {name}：这是文件夹或设备，不是填报表文件" in result.output, result.output
    assert collect_line(result.output, good.name).startswith("有变化"), result.output


APPLE_DOUBLE = b"\x00\x05\x16\x07\x00\x02\x00\x00Mac OS X        " + bytes(64)  # a Finder attributes file


def test_what_macos_adds_beside_each_form_is_skipped_not_refused(workspace: Path, run: Run, tmp_path: Path) -> None:
    """A zip made on a Mac holds __MACOSX/._韩村镇.xlsx, a USB stick it copied to ._韩村镇.xlsx: each was
    refused as a damaged form, and the summary counted two forms not taken for one."""
    form = filled_form(workspace, run, "韩村镇", {"出动排查人员": 70})
    archive = tmp_path / "收回.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("收回/韩村镇.xlsx", form.read_bytes())
        zf.writestr("__MACOSX/收回/._韩村镇.xlsx", APPLE_DOUBLE)
    folder = tmp_path / "U盘"
    folder.mkdir()
    (folder / "韩村镇.xlsx").write_bytes(form.read_bytes())
    (folder / "._韩村镇.xlsx").write_bytes(APPLE_DOUBLE)
    for given in (archive, folder):  # (the second finds the form merged by the first)
        result = run("-C", workspace, "collect", given)
        assert "拒收" not in result.output and "未采用" not in result.output, result.output
        assert "韩村镇 2018年2月（韩村镇.xlsx）" in result.output
    assert "跳过 ._韩村镇.xlsx：这是苹果电脑复制文件时附带的属性文件，不是填报表" in result.output


def test_a_zip_whose_member_name_is_flagged_utf8_but_is_not_is_refused_in_chinese(
    workspace: Path, run: Run, tmp_path: Path
) -> None:
    """zipfile raised UnicodeDecodeError reading the directory: an internal error."""
    from .hostile import Entry, raw_zip

    form = filled_form(workspace, run, "韩村镇", {"出动排查人员": 70})
    data = raw_zip([Entry("韩村镇.xlsx", form.read_bytes(), flags=0x800)])
    name = "韩村镇.xlsx".encode()
    archive = tmp_path / "收回.zip"
    archive.write_bytes(data.replace(name, b"\xba\xab\xff" + name[3:]))  # GBK bytes under the UTF-8 flag
    result = run("-C", workspace, "collect", archive)
    assert result.exit_code == 1, result.output
    assert "收回.zip 不是有效的 zip 压缩包" in result.output
