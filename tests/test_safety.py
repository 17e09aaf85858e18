"""Look before reading (issue 43): what a file is and its zip directory, before any part is parsed;
templates whose documents would not open or would carry active content (issues 43.3, 44.2);
documents checked to open before they reach output/; the sandbox's limits on what grows."""

from __future__ import annotations

import contextlib
import http.server
import os
import re
import threading
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from lxml import etree

from generator.output import batch
from generator.render.engine import make_environment
from generator.render.sandbox import RenderLimit
from generator.standard.package import (
    STREAMED_CHECK_BYTES,
    BadPackage,
    open_zip,
    read_file,
    read_parts,
    why_unopenable,
    zip_bytes,
)

from . import hostile
from .conftest import Run, output_files, require_soffice

NOTICE = "templates/通知.docx"


def _template(workspace: Path, change: object) -> None:
    path = workspace / "templates" / "通知.docx"
    path.write_bytes(change(path.read_bytes()))  # type: ignore[operator]


# --- what a file is ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("make", "expected"),
    [
        (lambda p: os.mkfifo(p), "这不是普通文件（是管道、设备或特殊文件），已拒绝读取"),
        (lambda p: p.symlink_to("/dev/zero"), "这不是普通文件（是管道、设备或特殊文件），已拒绝读取"),
        (lambda p: p.mkdir(), "这是一个文件夹，不是文件"),
        (lambda p: p.symlink_to("/nonexistent/x.docx"), "文件不存在（或是指向不存在文件的链接）"),
    ],
)
def test_a_file_that_is_no_regular_file_is_refused_without_reading(make: object, expected: str, tmp_path: Path) -> None:
    path = tmp_path / "来文.docx"
    make(path)  # type: ignore[operator]
    with pytest.raises(BadPackage) as refused:
        read_file(path)
    assert str(refused.value) == expected


def test_a_link_out_of_the_workspace_is_refused(tmp_path: Path) -> None:
    outside = tmp_path / "outside.docx"
    outside.write_bytes(hostile.good_template())
    (tmp_path / "ws").mkdir()
    link = tmp_path / "ws" / "通知.docx"
    link.symlink_to(outside)
    with pytest.raises(BadPackage, match=r"文件是指向「.*ws」以外的链接"):
        read_file(link, within=tmp_path / "ws")
    assert read_file(link) == outside.read_bytes()  # a file given to check may be a link


# --- its zip directory --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            hostile.with_zip_method(99, 1),
            "文件里的「word/document.xml」已加密（文件设置了密码）；请在 Word/WPS/Excel 里取消密码、另存后再试",
        ),
        (hostile.with_zip_method(12), "文件里的「word/document.xml」使用了 Word/WPS/Excel 不用的压缩方式（编号 12）"),
        (hostile.with_bomb, "文件里的「word/media/bomb.xml」解压后有 120 MB，超过上限 32 MB"),
        (hostile.with_many_entries(2000), "文件里有 2012 个部件，超过上限 1000"),
        (hostile.with_count_lie(10_000_000, zip64=True), "文件里有 10000000 个部件，超过上限 1000"),
        (hostile.with_duplicate_main, "文件里有两个「word/document.xml」部件"),
        (hostile.with_stored_size_lie, "文件里的「word/document.xml」大小不一致（文件已损坏）"),
        (hostile.ACTIVE["zip-slip-name"], "文件里的部件名「../../evil.txt」指向包外"),
        (hostile.ACTIVE["zip-slip-absolute"], "文件里的部件名「/tmp/evil.txt」指向包外"),
        (hostile.ACTIVE["zip-slip-backslash"], "文件里的部件名「..\\..\\evil.txt」指向包外"),
        (hostile.cut_short(0.5), "文件已损坏，或不是 Word/Excel 文件（不是有效的 zip 包）"),
    ],
)
def test_a_zip_is_refused_by_its_directory_before_any_part_is_read(change: object, expected: str) -> None:
    with pytest.raises(BadPackage) as refused:
        open_zip(change(hostile.good_template()))  # type: ignore[operator]
    assert expected in str(refused.value)


@pytest.mark.parametrize("part", ["word/settings.xml", "word/header1.xml", "[Content_Types].xml"])
def test_a_document_to_look_at_with_a_doctype_in_any_part_is_refused(part: str, tmp_path: Path) -> None:
    """preview and check hand the file to LibreOffice, which reads every part, entities and all."""
    from generator.standard.package import read_document

    path = tmp_path / "来文.docx"
    path.write_bytes(zip_bytes({**read_parts(hostile.good_template()), part: hostile.XXE}))
    with pytest.raises(BadPackage, match=f"文件里的「{re.escape(part)}」带有 DOCTYPE 声明"):
        read_document(path)


def test_a_part_read_stops_at_its_declared_size() -> None:
    """A directory that understates a part: zipfile reads no further than it says, then the CRC fails."""
    with pytest.raises(BadPackage, match="文件内容已损坏"):
        read_parts(hostile.with_declared_sizes(0.5)(hostile.good_template()))


@pytest.mark.parametrize("target", ["workbook", "template"])
def test_an_encrypted_part_in_the_workspace_is_one_clear_message(target: str, workspace: Path, run: Run) -> None:
    hostile.TARGETS[target].place(
        workspace, workspace, hostile.with_zip_method(99, 1)(hostile.TARGETS[target].base(workspace)), None
    )
    result = run("-C", workspace, "build")
    assert result.exit_code == 1
    assert "已加密（文件设置了密码）；请在 Word/WPS/Excel 里取消密码、另存后再试" in result.output
    assert output_files(workspace) == []


@pytest.mark.parametrize("target", ["workbook", "template", "check", "form", "import"])
def test_a_password_protected_file_is_told_as_one_wherever_it_is_given(
    target: str, workspace: Path, run: Run, tmp_path: Path
) -> None:
    """Office and WPS encrypt a .docx or .xlsx into a compound file (EncryptedPackage): it was told
    as 旧版格式 or 密码 (one of the two), and import ran LibreOffice on it for seconds, which then
    said only that it could not convert it."""
    args = hostile.TARGETS[target].place(workspace, tmp_path, hostile.encrypted_package(), None)
    before = output_files(workspace)
    result = run("-C", workspace, *args)
    assert result.exit_code == 1, result.output
    assert "设置了打开密码（已加密）" in result.output and "旧版" not in result.output
    assert "LibreOffice" not in result.output
    assert output_files(workspace) == before
    assert not (workspace / "导入的工作区").exists()


def test_check_and_preview_refuse_a_pdf_renamed_docx_and_a_fifo(tmp_path: Path, workspace: Path, run: Run) -> None:
    pdf = tmp_path / "来文.docx"
    pdf.write_bytes(hostile.pdf_instead(b""))
    fifo = tmp_path / "管道.docx"
    os.mkfifo(fifo)
    result = run("check", "--no-pdf", pdf, fifo)
    assert result.exit_code == 1
    assert "不是有效的 Word（.docx）文件，无法检查：这是 PDF 文件（只是改了扩展名），不是 Word 文档" in result.output
    assert "无法检查：这不是普通文件（是管道、设备或特殊文件），已拒绝读取" in result.output
    result = run("-C", workspace, "preview", pdf)
    assert result.exit_code == 1
    assert "错误：「来文.docx」无法预览：这是 PDF 文件（只是改了扩展名），不是 Word 文档" in result.output
    result = run("-C", workspace, "preview", fifo)
    assert "错误：「管道.docx」无法预览：这不是普通文件（是管道、设备或特殊文件），已拒绝读取" in result.output


# --- templates whose documents would not open ------------------------------------------------------------


@pytest.mark.parametrize(
    ("part", "how", "expected"),
    [
        ("word/styles.xml", "missing", "模板缺少「word/styles.xml」（样式），用它生成的文件 Word 打不开"),
        ("word/settings.xml", "missing", "模板缺少「word/settings.xml」（文档设置），用它生成的文件 Word 打不开"),
        ("word/styles.xml", "empty", "模板里的「word/styles.xml」（样式）是空的，用它生成的文件 Word 打不开"),
        ("word/settings.xml", "truncated", "模板里的「word/settings.xml」（文档设置）不是完整的 XML（已损坏或被截断）"),
        ("word/numbering.xml", "not-xml", "模板里的「word/numbering.xml」（编号）不是完整的 XML"),
        ("[Content_Types].xml", "empty", "模板里的「[Content_Types].xml」（部件类型清单）是空的"),
        (
            "word/_rels/document.xml.rels",
            "truncated",
            "模板里的「word/_rels/document.xml.rels」（正文的关系）不是完整的 XML",
        ),
        ("word/fontTable.xml", "missing", "模板的「word/_rels/document.xml.rels」引用的「word/fontTable.xml」不存在"),
        ("word/document.xml", "html", "模板的「word/document.xml」不是 Word 的正文（没有 w:document 和 w:body）"),
    ],
)
def test_a_template_whose_documents_would_not_open_is_refused_by_name(
    part: str, how: str, expected: str, workspace: Path, run: Run
) -> None:
    _template(workspace, hostile.edit_part(part, how))
    result = run("-C", workspace, "build")
    assert result.exit_code == 1
    assert f"错误：{NOTICE}：{expected}" in result.output
    assert output_files(workspace) == []


# --- active content -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("case", "expected", "paragraph"),
    [
        (
            "hyperlink-file",
            "模板里的超链接指向「file:///C:/Windows/system32/calc.exe」（本机文件、网络共享或脚本）",
            "点此",
        ),
        ("hyperlink-unc", "模板里的超链接指向「\\\\evil.example\\share\\x」（本机文件、网络共享或脚本）", "点此"),
        ("hyperlink-javascript", "模板里的超链接指向「javascript:alert(1)」", "点此"),
        ("includetext-field", "模板里有 INCLUDETEXT 域（打开文件时从别处取内容", "x"),
        ("includetext-complex", "模板里有 INCLUDETEXT 域", "第 1 段（没有文字）"),
        ("includepicture-link", "模板里有 INCLUDEPICTURE 域", "第 1 段（没有文字）"),
        ("ddeauto-field", "模板里有 DDEAUTO 域", "x"),
        ("dde-field", "模板里有 DDE 域", "第 1 段（没有文字）"),
        ("subdoc", "模板里有子文档（subDoc）", "第 1 段（没有文字）"),
        ("altchunk", "模板里有嵌入的外部内容（altChunk）", "（正文开头）"),
        ("vba-project", "模板里有宏（VBA）（「word/vbaProject.bin」）", None),
        ("ole-object", "模板里有嵌入的对象或控件（「word/embeddings/x.bin」）", None),
        ("external-image", "模板里的图片链接到「http://evil.example/track.png」（图片不在模板里", None),
        ("drawing-linked-picture", "模板里的图片链接到「file:///C:/Users/科员/Desktop/印章.png」", "单位标志"),
        ("external-template", "模板里有附加的外部模板", None),
        (
            "hyperlink-field-unc",
            "模板里的超链接域指向「\\\\\\\\evil.example\\\\share\\\\x.docx」（本机文件、网络共享或脚本）",
            "点此",
        ),
        ("hyperlink-field-file", "模板里的超链接域指向「file:///C:/x.exe」", "附件"),
        ("database-field", "模板里有 DATABASE 域（打开文件时从别处取内容", "表"),
        ("rd-field", "模板里有 RD 域", "目录"),
        (
            "includetext-over-paragraphs",
            '模板里有 INCLUDETEXT 域（打开文件时从别处取内容：「INCLUDETEXT "x.docx"」）',
            "上一段",
        ),
        (
            "tag-in-field-code",
            '模板的域代码里有模板标签（「HYPERLINK "{{ 活动.名称 }}"」）：表格里的内容会变成 Word 执行的域指令',
            "网址",
        ),
        ("glossary-includetext", "模板里有 INCLUDETEXT 域", "第 1 段（没有文字）"),
        ("activex-renamed", "模板里有ActiveX 控件（「ctrl.bin」）", None),
        (
            "tracked-deletion",
            "模板里有没有处理的修订（修订记录里的插入、删除或移动），会原样带进每一份公文",
            "各乡镇要按时报送",
        ),
        ("comment", "模板里有批注「这个范围领导还没定」（王五），会原样带进每一份公文；请在 Word/WPS 里点", None),
        ("vml-imagedata-src", "模板里的图片链接到「\\\\evil.example\\share\\logo.png」（图片不在模板里", "单位标志"),
        ("vml-imagedata-ohref", "模板里的图片链接到「file:///C:/Users/科员/Desktop/印章.png」", "单位标志"),
        ("vml-imagedata-rhref", "模板里的图片链接到「http://evil.example/track.png」", "单位标志"),
        ("vml-fill-src", "模板里的图片链接到「http://evil.example/bg.png」", "单位标志"),
        (
            "mail-merge",
            "模板是邮件合并的主文档（数据源「Provider=Microsoft.ACE.OLEDB.12.0;Data Source=\\\\evil\\x.xlsx」）",
            None,
        ),
    ],
)
def test_active_content_in_a_template_is_refused_with_its_paragraph(
    case: str, expected: str, paragraph: str | None, workspace: Path, run: Run
) -> None:
    _template(workspace, hostile.ACTIVE[case])
    result = run("-C", workspace, "templates", "check")
    assert result.exit_code == 1, result.output
    line = next(ln for ln in result.output.splitlines() if expected in ln)
    assert line.startswith(f"错误：{NOTICE}：")
    if paragraph is not None:
        assert line.endswith(f"所在段落：「{paragraph}」"), line
    result = run("-C", workspace, "build")
    assert result.exit_code == 1
    assert output_files(workspace) == []


def test_a_web_link_in_a_template_is_kept(workspace: Path, run: Run) -> None:
    link = (("rX1", hostile.HYPERLINK, "https://www.gov.cn/", hostile.EXTERNAL),)
    _template(
        workspace,
        hostile.add_to_body('<w:p><w:hyperlink r:id="rX1"><w:r><w:t>中国政府网</w:t></w:r></w:hyperlink></w:p>', link),
    )
    result = run("-C", workspace, "build", "--kind", "通知")
    assert result.exit_code == 0, result.output
    (notice,) = (workspace / "output" / "通知").glob("*.docx")
    parts = read_parts(notice.read_bytes())
    rels = etree.fromstring(parts["word/_rels/document.xml.rels"])
    (target,) = [r for r in rels if r.get("Id") == "rX1"]
    assert (target.get("Target"), target.get("TargetMode")) == ("https://www.gov.cn/", "External")
    assert (
        b'<w:hyperlink r:id="rX1">' in parts["word/document.xml"]
        and "中国政府网".encode() in parts["word/document.xml"]
    )


def test_links_within_the_document_and_to_web_pages_in_fields_are_kept() -> None:
    """A table of contents' HYPERLINK \\l fields, a web link and a page number are no active content."""
    from generator.render.template_package import package_problems

    fields = (
        '<w:p><w:fldSimple w:instr=" HYPERLINK \\l &quot;_Toc1&quot; \\h "><w:r><w:t>一、目标</w:t></w:r></w:fldSimple></w:p>'
        '<w:p><w:fldSimple w:instr=" HYPERLINK &quot;https://www.gov.cn/&quot; \\o &quot;file:///x&quot; "/></w:p>'
        '<w:p><w:fldSimple w:instr=" PAGE \\* MERGEFORMAT "/></w:p>'
    )
    assert package_problems(read_parts(hostile.add_to_body(fields)(hostile.good_template()))) == []


def test_a_vml_picture_held_in_the_template_is_no_linked_picture() -> None:
    """A picture saved in the template (r:id), its title, a shape's #bookmark link, and an r:href naming
    the template's own relationship are no address outside it."""
    from generator.render.template_package import package_problems

    picture = hostile.vml_picture('r:id="rVml1" r:href="rVml1" o:title="单位标志"').replace(
        "<v:shape ", '<v:shape o:href="#_Toc1" '
    )
    image = (("rVml1", hostile.R_NS + "/image", "media/vml1.png", ""),)
    template = hostile.add_to_body(picture, image, {"word/media/vml1.png": b"\x89PNG\r\n\x1a\n"})
    assert package_problems(read_parts(template(hostile.good_template()))) == []


def test_a_template_asking_word_to_update_fields_on_opening_is_told_and_its_documents_do_not(
    workspace: Path, run: Run
) -> None:
    """w:updateFields makes Word ask, on opening each document, whether to update fields that "may
    refer to other files": the template is used, its documents go without it, the clerk is told."""
    _template(workspace, lambda d: hostile.settings_with(d, '<w:updateFields w:val="true"/>'))
    result = run("-C", workspace, "templates", "check")
    assert f"警告：{NOTICE}：模板设置了“打开时更新域”（updateFields）" in result.output, result.output
    assert "生成的公文已去掉这个设置" in result.output
    result = run("-C", workspace, "build", "--kind", "通知")
    assert result.exit_code == 0, result.output
    (notice,) = (workspace / "output" / "通知").glob("*.docx")
    settings = etree.fromstring(read_parts(notice.read_bytes())["word/settings.xml"])
    assert [e for e in settings if etree.QName(e).localname == "updateFields"] == []
    assert settings.find("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}zoom") is not None


def test_a_documents_properties_are_its_own_not_the_templates(workspace: Path, run: Run) -> None:
    """A template saved elsewhere carries that office's company, manager, page count and custom
    properties (docProps/app.xml, custom.xml): a document made from it says none of them."""
    extended = (
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
        "<Template>Normal.dotm</Template><Pages>7</Pages><Company>固安县人民政府办公室</Company>"
        "<Manager>赵六</Manager><Application>Microsoft Office Word</Application></Properties>"
    )
    custom = (
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" '
        'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
        '<property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="2" name="审核意见">'
        "<vt:lpwstr>数字待核实</vt:lpwstr></property></Properties>"
    )

    def saved_elsewhere(data: bytes) -> bytes:
        parts = read_parts(data)
        parts["docProps/app.xml"] = extended.encode()
        parts["docProps/custom.xml"] = custom.encode()
        parts["_rels/.rels"] = parts["_rels/.rels"].replace(
            b"</Relationships>",
            b'<Relationship Id="rIdCustom" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            b'custom-properties" Target="docProps/custom.xml"/></Relationships>',
        )
        parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
            b"</Types>",
            b'<Override PartName="/docProps/custom.xml" '
            b'ContentType="application/vnd.openxmlformats-officedocument.custom-properties+xml"/></Types>',
        )
        return zip_bytes(parts)

    _template(workspace, saved_elsewhere)
    result = run("-C", workspace, "build", "--kind", "通知")
    assert result.exit_code == 0, result.output
    (notice,) = (workspace / "output" / "通知").glob("*.docx")
    parts = read_parts(notice.read_bytes())
    for said in ("固安县", "赵六", "Normal.dotm", "<Pages>", "审核意见", "数字待核实"):
        assert said.encode() not in parts["docProps/app.xml"] + parts["docProps/custom.xml"], said
    assert etree.fromstring(parts["docProps/app.xml"]).findtext("{*}Application") == "gongwen"
    assert len(etree.fromstring(parts["docProps/custom.xml"])) == 0


# --- every document checked to open before it is moved in ----------------------------------------------------


def test_a_document_that_would_not_open_never_reaches_output(
    workspace: Path, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    rendered = batch.render_document

    def cut(template: object, job: object) -> bytes:
        parts = read_parts(rendered(template, job))  # type: ignore[arg-type]
        parts["word/document.xml"] = parts["word/document.xml"][:-40]
        return zip_bytes(parts)

    monkeypatch.setattr(batch, "render_document", cut)
    result = run("-C", workspace, "build", "-j", "1", "--kind", "通知")
    assert result.exit_code == 1
    assert "错误：生成的「通知/" in result.output
    assert "无法打开（「word/document.xml」不是完整的 XML）" in result.output
    assert "没有写入 output；请用 gongwen templates check 检查「通知」的模板" in result.output
    assert [p for p in output_files(workspace) if p.suffix == ".docx"] == []


def test_why_unopenable_names_what_is_wrong() -> None:
    good = hostile.good_template()
    assert why_unopenable(good, ".docx", ["word/document.xml"]) is None
    assert why_unopenable(hostile.edit_part("word/styles.xml", "missing")(good), ".docx") == "缺少「word/styles.xml」"
    assert why_unopenable(good[:-30], ".docx") is not None


def _opens_by_zipfile(data: bytes) -> bool:
    """The reference for why_unopenable: zipfile reads the zip, finds the main parts and reads the
    body, which parses as a Word body."""
    import io
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = set(zf.namelist())
            body = zf.read("word/document.xml")
        required = {"[Content_Types].xml", "_rels/.rels", "word/styles.xml", "word/settings.xml"}
        return required <= names and etree.fromstring(body).tag.endswith("}document")
    except (zipfile.BadZipFile, ValueError, KeyError, EOFError, NotImplementedError, etree.XMLSyntaxError, zlib.error):
        return False


def test_why_unopenable_reads_a_zip_as_assemble_writes_it_as_zipfile_does() -> None:
    """The check that each document opens reads gongwen's own zips without zipfile: it must judge
    every damaged copy of one as zipfile does (a byte changed anywhere in its directory, in the body's
    header, or here and there in the compressed body; the file cut short)."""
    document = zip_bytes(read_parts(hostile.good_template()))  # as a build writes a document
    body_at = document.index(b"word/document.xml") - 30  # the body's local header
    directory_at = document.index(b"PK\x01\x02")
    places = [*range(directory_at, len(document)), *range(body_at, body_at + 120), *range(0, len(document), 97)]
    assert why_unopenable(document, ".docx", ["word/document.xml"]) is None
    for at in places:
        for damaged in (document[:at] + bytes([document[at] ^ 0x41]) + document[at + 1 :], document[:at]):
            said = why_unopenable(damaged, ".docx", ["word/document.xml"])
            assert (said is None) == _opens_by_zipfile(damaged), (at, said)


def _large_document(body: bytes) -> bytes:
    """The good template's package with `body` (bytes more than STREAMED_CHECK_BYTES) as its
    word/document.xml, zipped as a build writes a document."""
    parts = read_parts(hostile.good_template())
    parts["word/document.xml"] = body
    return zip_bytes(parts)


def _large_body(paragraphs: int = 15_000, root: str = "w:document", before: str = "") -> bytes:
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    paragraph = "<w:p><w:r><w:t>第{}段：一个汇总表里的一行文字。</w:t></w:r></w:p>"
    rows = "".join(paragraph.format(n) for n in range(paragraphs))
    return f'{before}<{root} xmlns:w="{w}"><w:body>{rows}</w:body></{root}>'.encode()


def test_a_large_part_is_checked_as_a_stream_and_judged_as_when_read_whole() -> None:
    """A roll-up's body (13 MB) is checked as it is inflated, never whole (the caller is told its
    size); every damaged or wrong body is judged exactly as when it is read whole."""
    body = _large_body()
    assert len(body) > STREAMED_CHECK_BYTES
    told: list[tuple[str, int]] = []
    good = _large_document(body)
    assert why_unopenable(good, ".docx", ["word/document.xml"], streamed=lambda *said: told.append(said)) is None
    assert told == [("word/document.xml", len(body))]
    at = good.index(b"word/document.xml") + 5000  # inside its compressed bytes
    damaged = [
        _large_document(body[:-20]),  # not complete
        _large_document(_large_body(root="w:settings")),  # not a Word body
        _large_document(_large_body(before='<!DOCTYPE w:document [<!ENTITY a "b">]>')),
        _large_document(body.replace(b"<w:t>", b"<w:t>&a;", 1)),
        good[:at] + bytes([good[at] ^ 0x41]) + good[at + 1 :],
    ]
    for data in damaged:
        told.clear()
        said = why_unopenable(data, ".docx", ["word/document.xml"], streamed=lambda *said: told.append(said))
        assert said is not None
        assert said == why_unopenable(data, ".docx", ["word/document.xml"])
        assert told == []


# --- what grows in the sandbox is measured before it grows -----------------------------------------------------


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        (
            "{% set s = namespace(v='ab') %}{% for i in range(60) %}{% set s.v = s.v ~ s.v %}{% endfor %}",
            "拼接后的文字超过 20 百万字",
        ),
        (
            "{% set s = namespace(v='ab') %}{% for i in range(60) %}{% set s.v = s.v + s.v %}{% endfor %}",
            "相加后的文字或列表超过 20 百万字",
        ),
        ("{{ 'x'|center(1000000000) }}", "参数 1000000000 太大"),
        ("{{ 'x'.ljust(1000000000) }}", "参数 1000000000 太大"),
        ("{{ '%1000000000s'|format('x') }}", "格式里的宽度太大"),
        ("{{ '{0:1000000000}'.format('x') }}", "格式里的宽度太大"),
        ("{{ (['x' * 999999] * 100)|join }}", "连接后的文字超过 20 百万字"),
        ("{{ ','.join(['x' * 999999] * 100) }}", "连接后的文字超过 20 百万字"),
        ("{{ ('a' * 999999)|replace('a', 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa') }}", "替换后的文字超过 20 百万字"),
        ("{{ '%1000000000d' % 1 }}", "格式里的宽度太大"),  # Python's own %: a gigabyte before any limit
        ("{{ '%*d' % (1000000000, 1) }}", "参数 1000000000 太大"),
        # Each argument within its limit, but spread over every line or tab: 2 GB before it was measured.
        ("{{ ('x\\n' * 10000)|indent(10000) }}", "缩进后的文字超过 20 百万字"),
        ("{{ ('x\\n' * 10000)|indent(width='　' * 10000) }}", "缩进后的文字超过 20 百万字"),
        ("{{ ('\\t' * 10000).expandtabs(10000) }}", "展开制表符后的文字超过 20 百万字"),
        ("{{ ('\\t' * 10000).expandtabs(tabsize=10000) }}", "展开制表符后的文字超过 20 百万字"),
        # Each string within its limit, all kept: 12 GB within the time limit before MAX_MADE.
        (
            "{% set s = namespace(v=[]) %}{% for i in range(10000) %}{% set s.v = s.v + ['字' * 999999] %}{% endfor %}",
            "模板运行中生成的文字和列表共超过 100 百万字",
        ),
        (
            "{% set s = namespace(v=()) %}{% for i in range(10000) %}{% set s.v = (s.v, '字' * 999999) %}{% endfor %}",
            "模板运行中生成的文字和列表共超过 100 百万字",
        ),
    ],
)
def test_what_a_template_makes_is_bounded_before_it_is_made(source: str, expected: str) -> None:
    from generator.render.sandbox import bounded_output

    template = make_environment().from_string(source)
    with pytest.raises(RenderLimit) as stopped:
        bounded_output(template.generate())
    assert expected in str(stopped.value)


@pytest.mark.parametrize(
    "source",
    ["{{ 'a\\x0b' }}", "{{ 'ab'|replace('a', '\\x01') }}", "{% filter replace('a', '\\x1f') %}a{% endfilter %}"],
)
def test_text_that_xml_cannot_hold_is_refused_where_it_is_written(source: str) -> None:
    """A document holding U+0001 does not open; the stream layout writes values without parsing."""
    from generator.render.sandbox import bounded_output

    template = make_environment().from_string(source)
    with pytest.raises(ValueError, match="Word 文档不能容纳的字符"):
        bounded_output(template.generate())


def test_a_line_break_and_a_percent_format_are_still_written() -> None:
    env = make_environment()
    assert env.from_string("{{ '第一\\n第二' }}|{{ '%d号' % 3 }}").render() == "第一\n第二|3号"


@pytest.mark.parametrize(
    "source", ["{{ '<w:p/>'|safe }}", "{{ 'http://x.cn'|urlize }}", "{% autoescape false %}{{ x }}{% endautoescape %}"]
)
def test_a_template_cannot_write_its_text_into_the_xml_unescaped(source: str) -> None:
    """|safe, |urlize and {% autoescape false %} would put markup (an INCLUDETEXT field) into a document."""
    import jinja2

    with pytest.raises(jinja2.TemplateSyntaxError):
        make_environment().from_string(source)


def test_a_recursive_loop_is_one_message_naming_its_paragraph(workspace: Path, run: Run) -> None:
    _template(workspace, hostile.with_many_tags(1, "{% for x in [[1]] recursive %}{{ loop([x]) }}{% endfor %}"))
    result = run("-C", workspace, "build", "--kind", "通知")
    assert result.exit_code == 1, result.output
    assert "模板「通知.docx」无法生成：嵌套太深" in result.output
    assert "所在段落：「{% for x in [[1]] recursive %}" in result.output
    assert output_files(workspace) == []


def test_bounded_filters_keep_their_results(workspace: Path) -> None:
    env = make_environment()
    assert env.from_string("{{ 'ab'|center(6) }}|{{ [1, 2]|join('、') }}|{{ 'aXa'|replace('X', '-') }}").render() == (
        "  ab  |1、2|a-a"
    )


def test_collect_refuses_a_zip_of_forms_that_unpacks_a_thousandfold(workspace: Path, run: Run, tmp_path: Path) -> None:
    bomb = tmp_path / "收回的报表.zip"
    bomb.write_bytes(hostile.zip_of_zeros(8, 30 * 2**20))  # 8 forms of 30 MB of zeros
    book = (workspace / "inputs" / "活动数据.xlsx").read_bytes()
    result = run("-C", workspace, "collect", bomb)
    assert result.exit_code == 1
    assert "错误：收回的报表.zip 里的「报表0.xlsx」压缩比异常（可能是恶意构造的文件）" in result.output
    assert (workspace / "inputs" / "活动数据.xlsx").read_bytes() == book


def test_a_charts_own_data_is_not_active_content() -> None:
    """Word embeds a chart's data as an .xlsx beside it (a package relationship from the chart):
    a template with a native chart is kept; an embedded .bin object is not."""
    from generator.render.template_package import package_problems

    parts = read_parts(hostile.good_template())
    package = hostile.R_NS + "/package"
    parts["word/charts/chart1.xml"] = (
        b'<c:chartSpace xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart"/>'
    )
    parts["word/charts/_rels/chart1.xml.rels"] = (
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rId1" Type="{package}" Target="../embeddings/Microsoft_Excel_Worksheet1.xlsx"/>'
        "</Relationships>"
    ).encode()
    parts["word/embeddings/Microsoft_Excel_Worksheet1.xlsx"] = hostile.good_workbook()
    assert package_problems(parts) == []
    parts["word/embeddings/oleObject1.bin"] = b"\0" * 64
    assert [p.message for p in package_problems(parts)] == [
        "模板里有嵌入的对象或控件（「word/embeddings/oleObject1.bin」），不能复制到每一份公文里；请在 Word/WPS 里删除后另存为 .docx"
    ]


def test_parsing_and_compiling_a_template_are_under_the_time_limit(
    workspace: Path, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The sandbox's deadline covers reading a template, not only running it (limit lowered to
    nothing, so that any template passes it while it is parsed)."""
    from generator.render import sandbox

    # A template of its own: the preflight's findings are cached by the template's bytes.
    _template(workspace, hostile.add_to_body("<w:p><w:r><w:t>只在这个测试里的一段 {{ 发文.标题 }}</w:t></w:r></w:p>"))
    monkeypatch.setattr(sandbox, "SECONDS_PER_PART", -1.0)
    result = run("-C", workspace, "templates", "check")
    assert result.exit_code == 1
    assert f"错误：{NOTICE}：模板的解析和编译超过 -1 秒（模板异常地长或复杂）" in result.output
    with pytest.raises(RenderLimit, match="模板的解析和编译超过"), sandbox.reading_limit():
        make_environment().compile("{{ 发文.标题 }}")


def test_a_full_disk_is_one_message_not_an_internal_error(
    workspace: Path, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The staged document's write is where a full disk was met (a 3 MB tmpfs, by hand); a write
    that fails there raises ENOSPC without a file name."""
    import errno

    from generator import faults

    def no_space(point: str) -> None:
        if point == "staged":
            raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(faults, "reached", no_space)
    result = run("-C", workspace, "build", "--kind", "通知", "-j", "1")
    assert result.exit_code == 1, result.output
    assert "错误：磁盘空间不足；请腾出磁盘空间后重新运行。" in result.output
    assert "程序内部出错" not in result.output
    assert output_files(workspace) == []


def test_a_full_disk_in_a_web_task_is_the_same_message(tmp_path: Path) -> None:
    import errno

    from generator.web.tasks import Task, Tasks

    def work(task: Task) -> None:
        raise OSError(errno.ENOSPC, "No space left on device", str(tmp_path / "output" / "x.part"))

    task = Task("生成公文", tmp_path, ())
    Tasks._run(task, work, lambda line: None)
    assert task.errors == [
        f"磁盘空间不足（写入「{tmp_path / 'output'}」时）；请腾出磁盘空间后重新运行。已写好的文件都是完整的，没写完的已删除。"
    ]


@pytest.mark.parametrize("tag", ["{{ " + "(" * 5000 + "1" + ")" * 5000 + " }}", "{{ 1" + "|string" * 20000 + " }}"])
def test_a_tag_nested_thousands_deep_is_refused_by_name(tag: str, workspace: Path, run: Run) -> None:
    """Jinja's parser and the name check recurse once per level: a RecursionError was an internal error."""
    _template(workspace, hostile.with_many_tags(1, tag))
    result = run("-C", workspace, "templates", "check")
    assert result.exit_code == 1, result.output
    assert f"错误：{NOTICE}：word/document.xml 里的标签嵌套太深" in result.output


def test_a_tag_across_a_hyperlinks_end_is_refused_by_name(workspace: Path, run: Run) -> None:
    """docxtpl's clean-up joins the tag's runs across </w:hyperlink>: the render's XML did not parse."""
    runs = "<w:r><w:t>{{ 发文.</w:t></w:r></w:hyperlink><w:r><w:t>标题 }}</w:t></w:r>"
    _template(workspace, hostile.add_to_body(f'<w:p><w:hyperlink w:anchor="x">{runs}</w:p>'))
    result = run("-C", workspace, "build", "--kind", "通知")
    assert result.exit_code == 1, result.output
    assert "错误：模板「通知.docx」生成的「通知/" in result.output
    assert "不是完整的 XML，Word 打不开：模板里可能有标签跨过了超链接、域或文本框的边界" in result.output
    assert output_files(workspace) == []


# --- styles based on each other, and pictures linked by address --------------------------------------------


def test_a_template_whose_styles_are_based_on_each_other_is_refused_by_name(workspace: Path, run: Run) -> None:
    """LibreOffice crashed on every document made from it (exit 139): no page count, no PDF."""
    _template(workspace, hostile.styles_based_on_cycle)
    result = run("-C", workspace, "build")
    assert result.exit_code == 1, result.output
    assert f"错误：{NOTICE}：模板的样式以彼此为基础绕成了一个圈（「LoopA」→「LoopB」→「LoopA」）" in result.output
    assert output_files(workspace) == []


def test_a_template_whose_footer_is_its_body_is_refused_by_name(workspace: Path, run: Run) -> None:
    _template(workspace, hostile.footer_is_the_body)
    result = run("-C", workspace, "build")
    assert result.exit_code == 1, result.output
    expected = "模板的「word/_rels/document.xml.rels」把正文「word/document.xml」当作它的 footer 部件引用（文件已损坏）"
    assert f"错误：{NOTICE}：{expected}" in result.output
    assert output_files(workspace) == []


@pytest.mark.parametrize("damage", ["styles_based_on_cycle", "footer_is_the_body"])
def test_a_document_libreoffice_crashed_on_is_previewed(damage: str, workspace: Path, run: Run, tmp_path: Path) -> None:
    """Any .docx a clerk is sent: LibreOffice is given a copy with the loop cut (a style based on
    itself through another, a footer that is the body), and it crashed on neither any more."""
    require_soffice()
    given = tmp_path / "来文.docx"
    given.write_bytes(getattr(hostile, damage)(hostile.good_template()))
    before = given.read_bytes()
    result = run("-C", workspace, "preview", given, "--dpi", "30")
    assert result.exit_code == 0, result.output
    assert sorted((workspace / "output" / "预览" / "来文").glob("第*页.png"))
    assert given.read_bytes() == before


@contextlib.contextmanager
def _listening() -> Iterator[tuple[str, list[str]]]:
    """A web server on this machine: its address, and the paths anyone asked it for."""
    asked: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            asked.append(self.path)
            self.send_error(404)

        do_HEAD = do_OPTIONS = do_PROPFIND = do_GET

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", asked
    finally:
        server.shutdown()
        server.server_close()


def _picture_linked_by(address: str) -> Callable[[bytes], bytes]:
    """A picture Word shows from the address when the document is opened (Insert Picture → 链接到文件)."""
    blip = (
        '<w:p><w:r><w:drawing><wp:inline xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing">'
        '<wp:extent cx="914400" cy="914400"/><wp:docPr id="90" name="p"/><a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">'
        '<a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:pic xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture">'
        '<pic:nvPicPr><pic:cNvPr id="90" name="p"/><pic:cNvPicPr/></pic:nvPicPr><pic:blipFill><a:blip r:link="rLinked"/></pic:blipFill>'
        '<pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="914400" cy="914400"/></a:xfrm><a:prstGeom prst="rect"/></pic:spPr>'
        "</pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p>"
    )  # fmt: skip
    return hostile.add_to_body(blip, (("rLinked", hostile.R_NS + "/image", f"{address}/docx.png", hostile.EXTERNAL),))


def _page_loading_from(address: str) -> bytes:
    """A notice saved as a web page that loads a stylesheet, a background and a picture from the address."""
    return (
        f'<html><head><link rel="stylesheet" href="{address}/page.css"><style>p {{ color: black }}</style></head>'
        f'<body background="{address}/body.png"><p align=center>{hostile.SEED_TITLE}</p>'
        f'<p style="background:url(\'{address}/paragraph.png\')">各乡镇（区、办）：</p><img src="{address}/img.png">'
        "<p>请认真贯彻落实。</p></body></html>"
    ).encode()


def test_a_picture_linked_by_address_is_not_loaded_when_a_document_is_previewed(
    workspace: Path, run: Run, tmp_path: Path
) -> None:
    """LibreOffice loaded it: whoever sent the file learnt that, when and from where it was opened."""
    require_soffice()
    with _listening() as (address, asked):
        given = tmp_path / "来文.docx"
        given.write_bytes(_picture_linked_by(address)(hostile.good_template()))
        result = run("-C", workspace, "preview", given, "--dpi", "30")
    assert result.exit_code == 0, result.output
    assert asked == []


def test_nothing_a_web_page_links_is_loaded_when_it_is_imported(run: Run, tmp_path: Path) -> None:
    """A stylesheet, a background and a picture: LibreOffice loaded all three while converting the page."""
    require_soffice()
    with _listening() as (address, asked):
        notice = tmp_path / "通知.doc"  # a site's "下载 Word": its page saved with .doc
        notice.write_bytes(_page_loading_from(address))
        result = run("import", notice, tmp_path / "ws")
    assert result.exit_code == 0, result.output
    assert asked == []


def test_a_landscape_template_without_its_portrait_page_numbers_is_refused() -> None:
    """The 月报 template's landscape section names its turned page numbers (rIdFooterOddLandscape);
    a sheet printed turned to portrait is given their portrait twins (rIdFooterOdd). A template saved
    without the twins (an editor that drops parts no section names), or naming a footer it does not
    hold, would make documents Word cannot open: refused, naming the missing footer."""
    from generator.render.template_package import package_problems
    from generator.workspace import bundled_root

    parts = read_parts(bundled_root() / "templates" / "月报.docx")
    assert b"rIdFooterOddLandscape" in parts["word/document.xml"]  # (the template as shipped)
    assert package_problems(parts) == []
    rels = parts["word/_rels/document.xml.rels"]
    without_twin = re.sub(rb'<Relationship [^>]*Id="rIdFooterOdd"[^>]*/>', b"", rels)
    assert without_twin != rels
    said = [p.message for p in package_problems({**parts, "word/_rels/document.xml.rels": without_twin})]
    assert any("页脚「rIdFooterOdd」不存在" in m and "Word 打不开" in m for m in said), said
    unheld = parts["word/document.xml"].replace(b'r:id="rIdFooterEvenLandscape"', b'r:id="rId999"')
    assert unheld != parts["word/document.xml"]
    said = [p.message for p in package_problems({**parts, "word/document.xml": unheld})]
    assert any("页脚「rId999」不存在" in m for m in said), said
