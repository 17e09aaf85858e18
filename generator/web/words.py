"""The page speaks to a clerk who never types a command: the command-line advice shared messages
carry ("运行 gongwen build") becomes the button that does it on the page."""

from __future__ import annotations

import re
from pathlib import PurePath, PurePosixPath

from generator.app import Finding, GongwenError, Location, Workspace

_ON_THE_PAGE = [
    (r"请先运行 gongwen build(；缺少或过期的 PDF 会先转换)?", "请先在“生成”页点“生成公文”"),
    (r"运行 gongwen build 生成", "在“生成”页点“生成公文”，生成"),
    (r"运行 gongwen build", "在“生成”页点“生成公文”"),
    (r"先用 gongwen forms 生成填报表发给各单位", "先在“报表”页下载填报表发给各单位"),
    (r"请用 gongwen forms 重新生成(这份)?(填报表)?", r"请在“报表”页重新下载\1填报表"),
    (r"用 gongwen forms 发出的填报表", "从“报表”页下载的填报表"),
    (r"gongwen forms 发出的那种", "从“报表”页下载的那种"),
    # The page has no export of the starter template beside the clerk's own: its advice is left out.
    (r"（或运行 gongwen templates export \S+ 取用已写好这一行的模板）", ""),
    (r"，或用 gongwen templates export 重新导出", ""),
    (r"请用 gongwen templates check 检查「([^」]+)」的模板", r"请在“模板”页重新上传「\1」的模板（上传时逐项检查）"),
    (r"运行 gongwen templates export (\S+?)([，。；]|$)", r"在“模板”页下载「\1」的模板\2"),
    (r"用 gongwen templates vars 查看", "在“模板”页查看"),
    (r"请运行 gongwen validate 查看", "请到“工作区”页查看"),
    (r"可以用 gongwen init 文件夹名 新建一个工作区，或用 -C 指定工作区", "可以在“工作区”页新建一个工作区"),
    (
        r"请使用 gongwen ui 启动时显示的完整地址（含 token）打开本页面。?",
        "请重新双击“打开gongwen”，或用 gongwen 启动时显示的完整地址打开本页面。",
    ),
    (
        r"请使用 gongwen ui 启动时显示的地址（127\.0\.0\.1）打开。?",
        "请用启动 gongwen 时窗口里显示的地址（127.0.0.1 开头）打开。",
    ),
    (r"指定了 --force", "选了“全部重新生成”"),  # (a reason a build or its 预演 gives)
    (r"去掉 --unit 才会生成它", "“单位”一栏留空才会生成它"),
    (r"（--no-pdf）", ""),
    (r"\bTrue\b", "是"),
    (r"\bFalse\b", "否"),
]
_COMPILED = [(re.compile(pattern), words) for pattern, words in _ON_THE_PAGE]


def clerk_words(line: object) -> str:
    """`line` with command-line advice replaced by what to click on the page."""
    text = str(line)
    for pattern, words in _COMPILED:
        text = pattern.sub(words, text)
    return text


def document_name(title: str | None, path: PurePath) -> str:
    """A document as the page lists it: by its title, the .xlsx twin of a roll-up (same title) said
    to be the Excel one, so that 改了什么 does not list 全县汇总表2018年2月 twice."""
    if not title:
        return path.name
    return f"{title}（Excel 表）" if path.suffix.lower() == ".xlsx" else title


def seconds_said(seconds: float) -> str:
    """A task's time as the page says it: a build that found nothing to do takes hundredths of a
    second, and "用时 0.0 秒" reads as if nothing ran."""
    return "不到 0.1 秒" if seconds < 0.05 else f"{seconds:.1f} 秒"


# --- where a finding is, in the clerk's words ------------------------------------------------------


def finding_place(ws: Workspace, location: Location) -> str:
    """Where findings are, as the clerk names it: a sheet of the workbook, a template by its file
    name, the templates; never a bare folder name (inputs/, templates) of the workspace."""
    path = PurePosixPath(location.file)
    if path.suffix.lower() == ".xlsx":
        book = "工作簿" if path.name == ws.workbook.name else path.name
        return f"{book}「{location.sheet}」表" if location.sheet else book
    if path.parts[:1] == (ws.templates_dir.name,):
        return f"模板 {path.name}" if len(path.parts) > 1 else "模板"
    return location.file


def place_said(ws: Workspace, location: Location) -> str:
    """Where a finding is, as the page says it: 工作簿「活动」表 B3, 模板 通知.docx, 方案/….docx (a
    document by its folder under output/), never gongwen's folder names (inputs/, output/)."""
    path = PurePosixPath(location.file)
    cell = location.cell or ""
    sheet = re.match(r"工作表「([^」]+)」\s*(?:单元格 )?", cell)  # 核稿's: 工作表「活动」「总结报送截止」
    if sheet and not location.sheet:
        location, cell = Location(location.file, sheet.group(1)), cell[sheet.end() :]
    if path.parts[:1] == (ws.output_dir.name,) and len(path.parts) > 1:
        where = PurePosixPath(*path.parts[1:]).as_posix()
    else:
        where = finding_place(ws, location)
    return f"{where}{cell}" if not cell or cell.startswith("「") else f"{where} {cell}"  # B3, 第38段; 「总结报送截止」


def finding_said(ws: Workspace, finding: Finding) -> str:
    """A finding as the page says it: 错误：工作簿「发文」表 B5：…"""
    return f"{finding.severity.value}：{place_said(ws, finding.location)}：{finding.message}"


def error_lines(ws: Workspace, error: GongwenError) -> list[str]:
    """An error's lines as the page says them: each finding of the inputs placed as the 工作区 page
    places it (an InputError carries them), any other error as it is."""
    findings: list[Finding] | None = getattr(error, "findings", None)
    return [finding_said(ws, f) for f in findings] if findings is not None else error.lines()
