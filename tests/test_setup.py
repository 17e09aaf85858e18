"""A new campaign without traps (issue 36): what the clerk reads at setup, in Chinese, in one round."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.pdf.hints import font_hint, install_hint

# An English sentence: two words of letters in a row, once quoted values, option names and the
# usage line (which names the command as typed) are set aside.
ENGLISH = re.compile(r"[A-Za-z]{2,}[ ,:;]+[a-z]{2,}")
QUOTED = re.compile(r"gongwen [a-z]+|'[^']*'|“[^”]*”|「[^」]*」|\"[^\"]*\"|--?[a-z][a-z-]*")


def english_sentences(text: str) -> list[str]:
    found = []
    for line in text.splitlines():
        if line.startswith("用法："):
            continue
        found += ENGLISH.findall(QUOTED.sub("", line))
    return found


def invoke(*args: str | Path) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


BAD_INVOCATIONS = [
    ["bui"],
    ["templates", "frob"],
    ["build", "--kind"],
    ["build", "--jobs", "0"],
    ["build", "--jobs", "很多"],
    ["build", "--frob"],
    ["forms"],
    ["check"],
    ["templates", "vars"],
    ["validate", "多余的"],
    ["collect", "没有这个文件夹"],
    ["preview", "没有这个文件.docx"],
    ["preview", "."],
    ["init"],
    ["build", "--kind", "没有这种文档"],
    ["forms", "--period", "99"],
    ["templates", "export", "没有这种文档"],
    ["import"],
    ["import", "没有这个文件.docx"],
    ["shortcut", "--frob"],
]


@pytest.mark.parametrize("args", BAD_INVOCATIONS, ids=lambda a: " ".join(a))
def test_every_mistake_on_the_command_line_is_told_in_chinese(args: list[str], workspace: Path) -> None:
    code, out, err = invoke("-C", workspace, *args)
    assert code in (1, 2), (code, out, err)
    assert err.strip(), out
    assert re.search(r"[\u4e00-\u9fff]", err)
    assert english_sentences(err) == [], err
    assert "Traceback" not in err


def test_the_messages_the_clerk_reads_for_usual_slips(workspace: Path) -> None:
    assert "“很多”不是整数，应写 1 到 64 之间的整数" in invoke("-C", workspace, "build", "-j", "很多")[2]
    assert "0 超出范围，应写 1 到 64 之间的整数" in invoke("-C", workspace, "build", "-j", "0")[2]
    assert "选项 '--kind' 后面需要写一个值。" in invoke("-C", workspace, "build", "--kind")[2]
    missing = invoke("-C", workspace, "collect", "收回的报表")[2]
    assert f"找不到文件或文件夹“{Path('收回的报表').resolve()}”，请检查名称和位置" in missing
    assert "您是不是想用其中之一：'build', 'ui'" in invoke("bui")[2]
    assert "缺少选项 '--period' / '--month'。" in invoke("-C", workspace, "forms")[2]


@pytest.mark.parametrize(
    "command",
    [[], ["build"], ["forms"], ["collect"], ["check"], ["preview"], ["bundle"], ["templates", "vars"], ["ui"]],
)
def test_help_has_no_english_words_of_click(command: list[str]) -> None:
    code, out, _ = invoke(*command, "--help")
    assert code == 0
    for english in ("INTEGER", "RANGE", "[required]", "PATH", "TEXT", "Options:", "<=x<="):
        assert english not in out, english
    assert english_sentences(out) == [], out


def test_font_and_install_advice_follow_the_clerks_system() -> None:
    windows = font_hint("win32")
    assert "控制面板 → 字体" in windows and "C:\\Windows\\Fonts" in windows and "fc-cache" not in windows
    assert "fc-cache -f" in font_hint("linux") and "~/.local/share/fonts" in font_hint("linux")
    assert "Windows 版安装程序" in install_hint("win32") and "apt-get" not in install_hint("win32")
    assert "apt-get" in install_hint("linux")


# --- the traps of a new campaign, each with the message the clerk reads ---------------------------

import datetime as dt  # noqa: E402

from docx import Document  # noqa: E402

from examples.yongqing.workbook import DOCUMENTS, REPORTS, UNITS, UNITS_HEADER, write_workbook  # noqa: E402
from generator.inputs.schema import WORKBOOK_NAME  # noqa: E402
from generator.standard.package import read_parts, zip_bytes  # noqa: E402

from .conftest import notice_path, output_files  # noqa: E402

AWAITING = "尚无报表：月报、汇总、汇总表、总结、县总结 将在收到报表后生成"


def edit_template(ws: Path, name: str, *edits: tuple[str, str]) -> None:
    path = ws / "templates" / name
    parts = read_parts(path)
    xml = parts["word/document.xml"].decode()
    for old, new in edits:
        assert old in xml, old
        xml = xml.replace(old, new, 1)
    parts["word/document.xml"] = xml.encode()
    path.write_bytes(zip_bytes(parts))


def workbook(ws: Path, **changes: object) -> None:
    write_workbook(ws / "inputs" / WORKBOOK_NAME, **changes)  # type: ignore[arg-type]


def errors(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.startswith("错误：")]


def test_report_templates_are_checked_and_listed_before_any_report(workspace: Path) -> None:
    workbook(workspace, reports=[])
    edit_template(workspace, "月报.docx", ("{{ 统计.期别 }}", "{{ 统计.期别名 }}"))
    code, out, err = invoke("-C", workspace, "templates", "check")
    assert code == 1
    assert errors(err) == [
        "错误：templates/月报.docx：变量「期别名」没有定义，是否是「期别」？（在「统计」里）；所在段落："
        "「（{{ 统计.期别名 }}　统计时段：{{ 统计.开始日期|月日 }}至{{ 统计.结束日期|月日 }}）{% if …」"
    ]
    code, out, err = invoke("-C", workspace, "validate")
    assert code == 1 and "templates/月报.docx：变量「期别名」没有定义" in err
    code, out, _ = invoke("-C", workspace, "templates", "vars", "总结")
    assert code == 0
    assert out.splitlines()[0] == (
        "「总结」模板可以用的变量（示例值取自「永清镇」；还没有收到报表，统计数字是示例报表的（每项为 1））："
    )
    assert "{{ 总结.数字段 }}" in out
    code, out, _ = invoke("-C", workspace, "templates", "vars", "月报")
    assert code == 0 and "{{ 统计.行[].本期 }}" in out


def test_a_build_without_reports_says_which_documents_wait_and_why(workspace: Path) -> None:
    workbook(workspace, reports=[])
    code, out, err = invoke("-C", workspace, "build")
    assert code == 0
    assert f"警告：inputs/活动数据.xlsx 工作表「统计报表」：{AWAITING}" in err
    code, out, err = invoke("-C", workspace, "build", "--kind", "总结")  # only what was asked for waits
    assert code == 0
    assert "尚无报表：总结 将在收到报表后生成" in err and "生成 0 个" in out
    code, _, err = invoke("-C", workspace, "validate")
    assert code == 0 and AWAITING in err


def test_validate_reports_every_sheet_and_every_template_in_one_round(workspace: Path) -> None:
    bad_report = [*REPORTS[0][:2], "三十", *REPORTS[0][3:]]
    workbook(workspace, campaign={"结束日期": None}, reports=[bad_report, *REPORTS[1:]])
    edit_template(
        workspace,
        "通知.docx",
        ("{{ 发文.联系人 }}", "{{ 发文.联系人姓名 }}"),
        ("{{ 发文.联系电话 }}", "｛｛ 发文.联系电话 }}"),
        ("{{ 发文.发文字号 }}", "{{ 发文.发文字号 | }}"),
    )
    code, _, err = invoke("-C", workspace, "validate")
    assert code == 1
    found = errors(err)
    # The 活动 sheet's missing row does not hide the 统计报表's bad figure ...
    assert any("工作表「活动」" in line and "结束日期" in line for line in found), found
    assert any("工作表「统计报表」 单元格 C2" in line and "三十" in line for line in found), found
    # ... and the template's three mistakes come together, Jinja's English put in Chinese.
    template = [line for line in found if line.startswith("错误：templates/通知.docx")]
    assert len(template) >= 2, found
    assert any("「｛｛」是中文输入法打出的全角符号" in line for line in template)
    assert any("模板语法错误：这里应是「变量名」，实际是「}}」" in line for line in template)
    assert english_sentences(err) == [], err
    # Grouped: every line of one sheet or file together.
    groups = [line.split("：")[1].split(" 单元格")[0] for line in found]
    assert groups == sorted(groups, key=groups.index)


def test_the_workbook_fix_then_all_template_mistakes_in_one_run(workspace: Path) -> None:
    edit_template(
        workspace,
        "通知.docx",
        ("{{ 发文.联系人 }}", "{{ 发文.联系人姓名 }}"),
        ("{{ 发文.发文字号 }}", "{{ 发文.发文字号 | }}"),
    )
    edit_template(workspace, "方案.docx", ("{{ 单位.方案标题 }}", "{{ 单位.方案题目 }}"))
    code, _, err = invoke("-C", workspace, "validate")
    assert code == 1
    assert "输入有 3 处错误" in err
    assert any("变量「联系人姓名」没有定义" in line for line in errors(err))
    assert any("templates/方案.docx：变量「方案题目」没有定义" in line for line in errors(err))


def test_a_rule_on_a_units_column_never_hides_the_column(workspace: Path) -> None:
    header = [*UNITS_HEADER, "责任领导"]
    units = [[*row, f"{row[0]}领导"] for row in UNITS]
    rules = [["单位", "责任领导", "文字", "是", None, None, None, None, None, None]]
    workbook(workspace, table_headers={"单位": header}, units=units, rules=rules)
    edit_template(workspace, "方案.docx", ("{{ 单位.方案标题 }}", "{{ 单位.方案标题 }}{{ 单位.责任领导 }}"))
    code, out, err = invoke("-C", workspace, "templates", "check")
    assert code == 0, err
    code, out, _ = invoke("-C", workspace, "templates", "vars", "方案")
    assert "{{ 单位.责任领导 }}  「单位」表中自行添加的一列「责任领导」  例：永清镇领导" in out


def test_a_missing_template_is_an_error_naming_the_file_and_the_generic_choice(workspace: Path) -> None:
    (workspace / "templates" / "方案.docx").unlink()
    code, out, err = invoke("-C", workspace, "build")
    assert code == 1
    assert errors(err)[0] == (
        "错误：templates/方案.docx：找不到「方案」的模板 templates/方案.docx（模板按「文档」表的名称找）。"
        "要改用随程序附带的通用模板（方案），运行 gongwen templates export 方案，或在页面“模板”里下载通用模板后上传"
    )
    assert output_files(workspace) == []
    code, out, _ = invoke("-C", workspace, "templates", "export", "方案")
    assert code == 0
    assert out.startswith("工作区还没有「方案」的模板：已把随程序附带的通用模板复制到 templates/方案.docx")
    code, _, err = invoke("-C", workspace, "templates", "export", "方案")
    assert code == 1 and "templates/方案.docx 已经存在，没有覆盖" in err


def test_renaming_a_document_row_names_the_template_it_no_longer_finds(workspace: Path) -> None:
    documents = [["工作方案", *row[1:]] if row[0] == "方案" else row for row in DOCUMENTS]
    workbook(workspace, documents=documents)
    code, _, err = invoke("-C", workspace, "build")
    assert code == 1
    assert "找不到「工作方案」的模板 templates/工作方案.docx" in err
    assert "templates 里有「方案.docx」，如果是它，请把文件名改成「工作方案.docx」" in err


def test_a_notice_without_recipients_prints_no_zhusong_line(workspace: Path) -> None:
    workbook(workspace, notice={"主送机关": ""})
    code, _, err = invoke("-C", workspace, "build", "--kind", "通知")
    assert code == 0, err
    texts = [p.text for p in Document(str(notice_path(workspace))).paragraphs]
    assert not any(t.endswith("：") and "各乡镇" in t for t in texts)
    assert "：" not in [t.strip() for t in texts]
    assert any(t.startswith("现将《永清县打击传销活动大排查实施方案》印发给你们") for t in texts)


def test_the_lead_may_be_an_organ_that_is_not_a_unit(workspace: Path) -> None:
    workbook(workspace, campaign={"牵头单位": "县市场监管综合执法大队"})
    code, _, err = invoke("-C", workspace, "validate")
    assert code == 0, err
    code, _, err = invoke("-C", workspace, "-C", workspace, "validate", "-v")
    assert "牵头单位「县市场监管综合执法大队」不是「单位」表中的单位：它没有自己的方案、报表和总结" in err
    workbook(workspace, campaign={"牵头单位": "县工商和食药局"})
    code, _, err = invoke("-C", workspace, "validate")
    assert code == 1
    assert "牵头单位「县工商和食药局」不在「单位」表中，是否是「县工商和食药监局」？" in err


def test_a_plan_title_is_required_only_by_a_template_that_prints_it(workspace: Path) -> None:
    statistics_only = [row for row in DOCUMENTS if row[0] in ("月报", "汇总", "汇总表")]
    workbook(workspace, campaign={"方案标题": None}, documents=statistics_only)
    code, _, err = invoke("-C", workspace, "validate")
    assert code == 0, err
    workbook(workspace, campaign={"方案标题": None})
    code, _, err = invoke("-C", workspace, "validate")
    assert code == 1
    assert "templates/通知.docx：模板用到了「活动.方案标题」，但工作簿「活动」表的「方案标题」没有填写：" in err


def test_a_short_inspection_reports_daily_without_a_report_day(workspace: Path) -> None:
    workbook(
        workspace,
        campaign={"开始日期": dt.date(2018, 1, 22), "结束日期": dt.date(2018, 1, 24), "报送周期": "日", "报送日": None},
        phases=[["检查阶段", dt.date(2018, 1, 22), dt.date(2018, 1, 24)]],
        reports=[[UNITS[0][0], "2018-01-23", *REPORTS[0][2:]]],
    )
    code, out, err = invoke("-C", workspace, "validate")
    assert code == 1 and _errors(err) == [  # the example's templates say 每月{{ 活动.报送日 }}日前: a hole
        f"错误：templates/{name}.docx：模板这一段在 {{% if %}} 之外印出「活动」表的报送日，但报送日空着，这句话会缺一个数字"
        for name in ("通知", "方案")
    ], err
    code, out, _ = invoke("-C", workspace, "templates", "vars", "月报")
    assert "{{ 统计.期别 }}  本期的期别，如“2024年5月”“第1周”  例：2018年1月22日" in out


def test_a_one_off_report_is_called_whole_campaign_or_once(workspace: Path) -> None:
    for typed in ("全程", "一次"):
        workbook(
            workspace, campaign={"报送周期": "一次", "报送日": None}, reports=[[UNITS[0][0], typed, *REPORTS[0][2:]]]
        )
        code, _, err = invoke("-C", workspace, "validate")
        assert code == 1 and len(_errors(err)) == 2 and "报送日空着" in err, err  # as the daily campaign's
    code, out, _ = invoke("-C", workspace, "templates", "vars", "月报")
    assert "例：全程" in out


def _errors(err: str) -> list[str]:
    """The errors' lines, each to its first （ (the message's head)."""
    return [line.split("（", 1)[0] for line in err.splitlines() if line.startswith("错误")]


def test_an_empty_report_sheet_keeps_the_old_header_without_complaint(workspace: Path) -> None:
    """At setup the clerk deletes the example's report rows; the header still names the old metrics."""
    workbook(workspace, reports=[], table_headers={"统计报表": ["单位名称", "期别", "召开会议", "出动检查人员"]})
    code, _, err = invoke("-C", workspace, "validate")
    assert code == 0, err
    assert AWAITING in err
    workbook(
        workspace,
        reports=[REPORTS[0][:4]],
        table_headers={"统计报表": ["单位名称", "期别", "召开会议", "出动检查人员"]},
    )
    code, _, err = invoke("-C", workspace, "validate")
    assert code == 1 and "工作表「统计报表」 第1行：缺少指标列" in err


def test_a_renamed_document_points_at_the_template_of_its_kind(workspace: Path) -> None:
    documents = [["检查报告", *row[1:]] if row[0] == "总结" else row for row in DOCUMENTS]
    workbook(workspace, documents=documents)
    code, _, err = invoke("-C", workspace, "validate")
    assert code == 1
    assert "templates 里有「总结.docx」，如果是它，请把文件名改成「检查报告.docx」" in err


def test_templates_vars_speaks_of_rows_columns_and_yes_or_no(workspace: Path) -> None:
    code, out, _ = invoke("-C", workspace, "templates", "vars", "通知")
    assert code == 0
    assert "{{ 活动.队伍最少人数 }}  「活动」表中自行添加的一行「队伍最少人数」  例：20" in out
    assert "{{ 单位[].领导小组成员单位 }}" in out
    assert "True" not in out and "False" not in out and "None" not in out
    assert "例：是" in out or "例：否" in out


def test_a_report_template_uploaded_before_any_report_is_checked(workspace: Path) -> None:
    """The web page's upload (app.install_template) checks a 月报 template at setup as validate does."""
    from generator import app

    workbook(workspace, reports=[])
    edit_template(workspace, "月报.docx", ("{{ 统计.期别 }}", "{{ 统计.期别名 }}"))
    data = (workspace / "templates" / "月报.docx").read_bytes()
    result = app.install_template(app.Workspace(workspace), "月报", data, "月报（改）.docx")
    assert result.installed is None
    assert [f.message.split("；")[0] for f in result.findings.errors] == [
        "变量「期别名」没有定义，是否是「期别」？（在「统计」里）"
    ]
