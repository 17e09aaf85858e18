"""The clerk owns the wording: export a template, edit it, add variables, and the build follows."""

from __future__ import annotations

from pathlib import Path

import pytest
from docx import Document

from examples.yongqing.workbook import NOTICE, TEAMS, write_workbook
from generator.inputs.schema import WORKBOOK_NAME
from generator.standard import gbt9704
from generator.standard.package import read_parts, replace_in_part

from .conftest import Run, make_workspace, notice_path, output_files


def edit_template(path: Path, *replacements: tuple[str, str]) -> None:
    """Change a template's document.xml the way an edit in Word would end up."""
    path.write_bytes(replace_in_part(path, "word/document.xml", replacements))


def paragraph_xml(style: str, text: str) -> str:
    return f'<w:p><w:pPr><w:pStyle w:val="{style}"/></w:pPr><w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p>'


ANCHOR = '<w:t xml:space="preserve">联 系 人：{{ 发文.联系人 }}</w:t></w:r></w:p>'


def customised_workspace(root: Path, run: Run) -> Path:
    """Export the notice template, change a sentence, add a heading and a paragraph that uses a
    variable the clerk added to the workbook (a new row 督导电话 in the 发文 sheet)."""
    ws = make_workspace(root)
    edit_template(
        ws / "templates" / "通知.docx",
        ("请结合本地本部门的实际情况，认真贯彻落实。", "请结合实际，认真组织实施。"),
        (
            ANCHOR,
            ANCHOR
            + paragraph_xml(gbt9704.HEADING_2.style_id, "（六）畅通举报渠道")
            + paragraph_xml(gbt9704.BODY.style_id, "督导组电话：{{ 发文.督导电话 }}。"),
        ),
    )
    write_workbook(ws / "inputs" / WORKBOOK_NAME, notice={**NOTICE, "督导电话": "0316-6689999"})
    return ws


def test_a_customised_template_is_followed_exactly(tmp_path: Path, run: Run) -> None:
    ws = customised_workspace(tmp_path / "ws", run)
    result = run("-C", ws, "build", "--kind", "通知")  # the customised template's document
    assert result.exit_code == 0, result.output
    doc = Document(str(notice_path(ws)))
    by_text = {p.text: p for p in doc.paragraphs}
    assert "现将《永清县打击传销活动大排查实施方案》印发给你们，请结合实际，认真组织实施。" in by_text
    assert "请结合本地本部门的实际情况" not in "\n".join(by_text)
    heading = by_text["（六）畅通举报渠道"]
    assert heading.style is not None and heading.style.style_id == gbt9704.HEADING_2.style_id
    added = by_text["督导组电话：0316-6689999。"]
    assert added.style is not None and added.style.style_id == gbt9704.BODY.style_id
    # The new paragraph takes the standard's format from its style: 仿宋 三号, 2 字 indent.
    style_xml = read_parts(notice_path(ws))["word/styles.xml"].decode()
    assert 'w:styleId="Heading2"' in style_xml and 'w:eastAsia="楷体_GB2312"' in style_xml


def test_a_column_added_to_a_table_sheet_becomes_a_variable(workspace: Path, run: Run) -> None:
    teams = [[*row, f"1390316{i:04d}"] for i, row in enumerate(TEAMS)]
    write_workbook(
        workspace / "inputs" / WORKBOOK_NAME,
        teams=teams,
        table_headers={"打传队伍": ["单位名称", "村（社区）", "队长", "队员人数", "联系电话"]},
    )
    edit_template(workspace / "templates" / "方案.docx", ("{{ t.队长 }}", "{{ t.队长 }}（{{ t.联系电话 }}）"))
    result = run("-C", workspace, "build", "--unit", "韩村镇")
    assert result.exit_code == 0, result.output
    (table,) = Document(str(workspace / "output" / "方案" / "韩村镇打击传销活动大排查工作方案.docx")).tables
    first = next(row for row in teams if row[0] == "韩村镇")
    assert table.rows[1].cells[2].text == f"{first[2]}（{first[4]}）"


def test_templates_list_export_and_never_overwrite(tmp_path: Path, run: Run) -> None:
    ws = make_workspace(tmp_path / "ws", with_templates=False)
    listing = run("-C", ws, "templates", "list").output
    assert (
        "通知（通知）\ttemplates/通知.docx 不存在（gongwen templates export 通知 可复制随程序附带的通用模板）"
        in listing
    )
    assert run("-C", ws, "templates", "export", "方案").exit_code == 0
    listing = run("-C", ws, "templates", "list").output
    assert "方案（方案）\ttemplates/方案.docx（工作区自己的模板）" in listing
    # The campaign's own name for a document: its template is exported under that name.
    assert run("-C", ws, "templates", "export", "月报").exit_code == 0
    assert (ws / "templates" / "月报.docx").exists()
    (ws / "templates" / "方案.docx").write_bytes(b"clerk's edit")
    again = run("-C", ws, "templates", "export", "方案")
    assert again.exit_code == 1
    assert "templates/方案.docx 已经存在，没有覆盖" in again.output
    assert (ws / "templates" / "方案.docx").read_bytes() == b"clerk's edit"


def test_templates_vars_lists_variables_with_descriptions_and_examples(workspace: Path, run: Run) -> None:
    result = run("-C", workspace, "templates", "vars", "方案")
    assert result.exit_code == 0
    text = result.output
    assert "{{ 发文.发文字号 }}  发文字号，如“×政办〔2024〕15号”（没有发文字号时为空）  例：永政办〔2018〕15号" in text
    assert "{{ 单位.打传队伍[].村（社区） }}  「打传队伍」表中的「村（社区）」列  例：" in text
    assert "{{ 单位.领导小组[].小组职务 }}  「领导小组」表中的「小组职务」列  例：组长" in text
    assert "{{ 活动.开始日期 }}  活动开始日期（日期）  例：2018年1月19日" in text
    assert "|日期  日期写成“2018年1月22日”（不补零）" in text
    assert "|文号  发文字号改用六角括号" in text


def test_a_variable_added_in_the_workbook_is_listed(tmp_path: Path, run: Run) -> None:
    ws = customised_workspace(tmp_path / "ws", run)
    text = run("-C", ws, "templates", "vars", "通知").output
    assert "{{ 发文.督导电话 }}  「发文」表中自行添加的一行「督导电话」  例：0316-6689999" in text


# --- preflight: each kind of mistake, with the paragraph it is in -------------------------------

MISTAKES = {
    "undefined variable": (
        ("{{ 发文.联系人 }}", "{{ 发文.联系人名 }}"),
        "错误：templates/通知.docx：变量「联系人名」没有定义，是否是「联系人」？（在「发文」里）；所在段落：「联 系 人：{{ 发文.联系人名 }}」",
    ),
    "unknown filter": (
        ("{{ 发文.成文日期|日期 }}", "{{ 发文.成文日期|日子 }}"),
        "错误：templates/通知.docx：没有名为「日子」的写法（过滤器）",
    ),
    "full-width braces": (
        ("{{ 发文.联系人 }}", "｛｛ 发文.联系人 ｝｝"),
        "错误：templates/通知.docx：「｛｛」是中文输入法打出的全角符号，标签要用半角的 {{ }} 和 {% %}；所在段落：「联 系 人：｛｛ 发文.联系人 ｝｝」",
    ),
    "full-width percent": (
        ("{{ 发文.联系人 }}", "{％ if 发文.联系人 ％}{{ 发文.联系人 }}"),
        "错误：templates/通知.docx：「{％」是中文输入法打出的全角符号",
    ),
    "tag split over two paragraphs": (
        ("{{ 发文.联系人 }}</w:t></w:r></w:p>", "{{ 发文.</w:t></w:r></w:p><w:p><w:r><w:t>联系人 }}</w:t></w:r></w:p>"),
        "错误：templates/通知.docx：标签不完整：「{{」和「}}」个数不相等（一个标签被分到了两段里，或少打了括号）；所在段落：「联 系 人：{{ 发文.」",
    ),
    "unbalanced if": (
        ("{{ 发文.联系人 }}", "{% if 发文.联系人 %}{{ 发文.联系人 }}"),
        "错误：templates/通知.docx：「if」没有结束：缺少「endif」；所在段落：「联 系 人：{% if 发文.联系人 %}{{ 发文.联系人 }}」",
    ),
    "stray endfor": (
        ("{{ 发文.联系人 }}", "{{ 发文.联系人 }}{% endfor %}"),
        "错误：templates/通知.docx：「endfor」没有对应的「for」；所在段落：「联 系 人：{{ 发文.联系人 }}{% endfor %}」",
    ),
    "row tag outside a table": (
        ("{{ 发文.联系人 }}", "{%tr for u in 单位 %}{{ 发文.联系人 }}{%tr endfor %}"),
        "错误：templates/通知.docx：{%tr %} 只能放在表格某一行的单元格里；所在段落：「联 系 人：{%tr for u in 单位 %}{{ 发文.联系人 }}{%tr endfor %}」",
    ),
}


@pytest.mark.parametrize("mistake", MISTAKES, ids=list(MISTAKES))
def test_preflight_finds_each_mistake(mistake: str, workspace: Path, run: Run) -> None:
    replacement, expected = MISTAKES[mistake]
    edit_template(workspace / "templates" / "通知.docx", replacement)
    check = run("-C", workspace, "templates", "check")
    assert check.exit_code == 1, check.output
    assert any(line.startswith(expected) for line in check.output.splitlines()), check.output
    # The same check runs before every build: nothing is written.
    build = run("-C", workspace, "build")
    assert build.exit_code == 1
    assert any(line.startswith(expected) for line in build.output.splitlines())
    assert output_files(workspace) == []


def test_a_filter_renamed_since_0_2_0_is_refused_with_its_new_spelling(workspace: Path, run: Run) -> None:
    """A clerk's 月报 from 0.2.0 still writes |万元 (renamed |数字, which takes the unit): setup says
    what to write instead, on the template's own expression, and builds nothing."""
    edit_template(workspace / "templates" / "月报.docx", ("{{ r.累计 }}", "{{ r.累计|万元 }}"))
    check = run("-C", workspace, "templates", "check")
    assert check.exit_code == 1, check.output
    expected = (
        "错误：templates/月报.docx：「万元」过滤器已改名为「数字」：把 {{ r.累计|万元 }} 改成 "
        "{{ r.累计|数字('万元') }}（单位写在括号里；统计表的一行也可写 {{ r.累计|数字(r.单位) }}，"
        "单位取自「统计指标」表的“单位”一栏）；所在段落：「{{ r.累计|万元 }}{% endfor %}」"  # the row's last cell
    )
    assert expected in check.output.splitlines(), check.output
    assert "没有名为「万元」" not in check.output
    build = run("-C", workspace, "build")
    assert build.exit_code == 1 and expected in build.output.splitlines()
    assert output_files(workspace) == []


def test_missing_spaces_are_a_warning_and_the_build_goes_on(workspace: Path, run: Run) -> None:
    edit_template(workspace / "templates" / "通知.docx", ("{{ 发文.联系人 }}", "{{发文.联系人}}"))
    # The notice alone (the document of that template): that a warning lets a whole build go on is
    # test_input_errors.py::test_warnings_do_not_stop_the_build.
    result = run("-C", workspace, "build", "--kind", "通知")
    assert result.exit_code == 0
    assert (
        "警告：templates/通知.docx：标签里缺少空格，应写成 {{ 变量 }} 或 {% if 条件 %} 的样子；所在段落：「联 系 人：{{发文.联系人}}」"
        in result.output
    )
    assert "联 系 人：刘卫兵" in [p.text for p in Document(str(notice_path(workspace))).paragraphs]


def test_the_default_templates_pass_the_check(workspace: Path, run: Run) -> None:
    result = run("-C", workspace, "templates", "check")
    assert result.exit_code == 0
    assert "模板检查通过（警告 0 条）。" in result.output


def test_the_guide_lists_every_variable_and_filter() -> None:
    """docs/模板修改指南.md keeps the same list as `gongwen templates vars`."""
    from generator.documents import registry
    from generator.documents.kinds import plan_jobs
    from generator.pipeline import read_workbook
    from generator.render.catalog import representative_jobs, variables
    from generator.render.filters import FILTERS

    from .conftest import EXAMPLE, REPO

    guide = (REPO / "docs" / "模板修改指南.md").read_text(encoding="utf-8")
    inputs, _ = read_workbook(EXAMPLE / "inputs" / WORKBOOK_NAME, WORKBOOK_NAME)
    assert inputs is not None
    for job in representative_jobs(plan_jobs(inputs)).values():
        if not registry.kind(job.kind).has_template:
            continue  # a spreadsheet made by code: no template, no variables
        for var in variables(job):
            assert f"`{{{{ {var.path} }}}}` | {var.description}" in guide, var.path
    for name in FILTERS:
        assert f"`\\|{name}`" in guide, name
    for picture in ("1-sentence", "2-paragraph", "3-variable", "4-column"):
        for side in ("before", "after"):
            assert f"guide/{picture}-{side}.png" in guide
            assert (REPO / "docs" / "guide" / f"{picture}-{side}.png").exists()
