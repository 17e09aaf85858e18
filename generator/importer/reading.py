"""Reading a notice as the clerk received it: .docx (Word, WPS), .doc/.wps (through LibreOffice), .txt.

Every reader gives the same thing: the document's paragraphs in order, each with its text and
the little of its look that tells the parts of a 公文 apart (centred, large, red). Web-page noise
of pasted text (发表日期, 【字体：大 中 小】, 浏览次数 …) is set aside here, and said.
"""

from __future__ import annotations

import re
import subprocess
import tempfile
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path

from lxml import etree

from generator.errors import GongwenError
from generator.importer.punctuation import full_width, said, said_spaces, spaces_beside_marks
from generator.pdf.hints import INSTALL_HINT
from generator.pdf.libreoffice import find_soffice, run_soffice
from generator.standard import wordml as wml
from generator.standard.package import BadPackage, is_encrypted_package, read_parts

MAX_SOURCE_BYTES = 50 * 2**20  # a notice is a few hundred KB; anything larger is not one
MAX_PARAGRAPHS = 20_000
# A notice's tables, every cell counted: an attached roll-up of 500 units and 40 columns is 20,000.
# Each becomes a cell of the template the import writes, which must stay within a template's size.
MAX_TABLE_CELLS = 50_000
WORD_SUFFIXES = (".docx", ".docm", ".wpsx")
CONVERTED_SUFFIXES = {".doc": "旧版 Word（.doc）", ".wps": "WPS 文字（.wps）", ".rtf": "RTF", ".odt": "ODT"}
TEXT_SUFFIXES = (".txt", ".text")


class SourceRefused(GongwenError):
    pass


@dataclass(frozen=True)
class SourceParagraph:
    number: int  # 1-based, as the clerk counts the document's non-empty paragraphs (or lines)
    text: str
    centered: bool = False
    size: int = 0  # the largest font size of its runs, in half-points; 0 when not known
    red: bool = False
    in_table: bool = False
    table: tuple[tuple[str, ...], ...] = ()  # a table, row by row, cell by cell (its text is the rows' cells)


@dataclass(frozen=True)
class SourceDocument:
    path: Path
    paragraphs: tuple[SourceParagraph, ...]
    kind: str  # what it was read as, in Chinese
    set_aside: tuple[SourceParagraph, ...] = ()  # web-page noise, not part of the document
    notes: tuple[str, ...] = field(default_factory=tuple)
    punctuation: str = ""  # what was made full-width (punctuation.said), for the 导入说明; "" for nothing


def read_source(path: Path) -> SourceDocument:
    """The notice's paragraphs, or one Chinese message saying why the file cannot be read."""
    if path.is_dir():
        raise SourceRefused(f"「{path.name}」是一个文件夹，不是公文文件：请选文件夹里的公文")
    if path.name.startswith("~$"):  # Word's owner file: who has the notice open, not the notice
        opened = path.name[2:]
        said = f"「{path.name}」是 Word/WPS 打开「{opened}」时留下的临时文件"
        raise SourceRefused(f"{said}，不是公文：请选「{opened}」本身")
    if not path.is_file():
        if path.exists():  # a pipe, a device (or a link to one): reading it may never end
            raise SourceRefused(f"「{path.name}」不是普通文件（是管道、设备或特殊文件），已拒绝读取")
        raise SourceRefused(f"找不到文件「{path}」")
    size = path.stat().st_size
    if size > MAX_SOURCE_BYTES:
        raise SourceRefused(f"「{path.name}」有 {size // 2**20} MB，不像一份公文（上限 50 MB），未导入")
    suffix = path.suffix.lower()
    try:
        if suffix in (*WORD_SUFFIXES, *CONVERTED_SUFFIXES):
            data = path.read_bytes()
            what = _other_content(path, data)
            if what is not None:  # a file whose name says Word but whose content is another format
                return read_docx(path, converted_to_docx(path, what, data), what)
            if suffix in WORD_SUFFIXES:
                return read_docx(path, data, "Word 文档（.docx）")
            return read_docx(
                path, converted_to_docx(path, CONVERTED_SUFFIXES[suffix], data), CONVERTED_SUFFIXES[suffix]
            )
        if suffix in TEXT_SUFFIXES:
            return read_text(path, path.read_bytes())
    except OSError as exc:  # held open elsewhere, no permission
        raise SourceRefused(
            f"「{path.name}」读不出来：{exc.strerror or exc}（文件正被别的程序占用，或没有读取权限？）"
        ) from None
    raise SourceRefused(
        f"「{path.name}」不是能导入的公文文件：可以导入 Word 文档（.docx、.doc）、WPS 文字（.wps）"
        "或从网站复制下来的纯文本（.txt）"
    )


OLE_MAGIC = bytes.fromhex("d0cf11e0a1b11ae1")  # Word 97 (.doc), WPS (.wps), Excel 97 (.xls) …
_HTML_START = re.compile(
    rb"^(?:\xef\xbb\xbf)?\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta)\b", re.I | re.S
)


def _other_content(path: Path, data: bytes) -> str | None:
    """What a file named as a Word document really is, when its content is another format that can
    still be read (None: it is what its name says, or what only its own reader can refuse);
    SourceRefused for what cannot be: an empty file, a PDF (a scan has no text at all)."""
    suffix = path.suffix.lower()
    if not data:
        raise SourceRefused(f"「{path.name}」是空文件（0 字节）：可能没有保存完整或下载失败；请找到完整的原文件再导入")
    if data.startswith(b"%PDF-"):
        raise SourceRefused(
            f"「{path.name}」其实是 PDF 文件（只是扩展名写成了 {suffix}），不能导入（扫描的 PDF 里没有文字）："
            "请找来这份公文的 Word 版（.docx、.doc），或从网站上复制正文存为 .txt 再导入"
        )
    if is_encrypted_package(data):  # LibreOffice would only fail on it, after seconds
        raise SourceRefused(
            f"「{path.name}」设置了打开密码（已加密），不能导入；请在 Word 或 WPS 里取消密码、另存为 .docx 后再导入"
        )
    head = data[:4096]
    if head.startswith(b"PK\x03\x04") or (suffix in CONVERTED_SUFFIXES and head.startswith((OLE_MAGIC, b"{\\rtf"))):
        return None
    if head.startswith(OLE_MAGIC):
        return f"旧版 Word（.doc）或 WPS 文字（.wps），扩展名写成了 {suffix}"
    if head.lstrip().lower().startswith(b"mime-version:") and b"multipart/related" in head.lower():
        return f"网页存档（.mht），扩展名写成了 {suffix}"
    if _HTML_START.match(head):
        return f"网页（.html），扩展名写成了 {suffix}"
    return None


def converted_to_docx(path: Path, what: str, data: bytes) -> bytes:
    """A .docx copy made by LibreOffice from a copy of the file in a temporary folder: the clerk's
    file is untouched and nothing is written beside it. A web page is converted as one (Writer's
    own filters would not), a web archive (.mht) as the page it holds."""
    soffice = find_soffice()
    if soffice is None:
        raise SourceRefused(
            f"「{path.name}」是{what}，要先用 LibreOffice 转换，但本机没有找到 LibreOffice。"
            f"请在 Word 或 WPS 里另存为 .docx 后再导入，或安装 LibreOffice：{INSTALL_HINT}"
        )
    infilter = None
    if what.startswith("网页存档"):
        data, infilter = _archived_page(path, data), HTML_FILTER
    elif what.startswith("网页"):
        infilter = HTML_FILTER
    if infilter:
        data = without_fetched_resources(data)
    with tempfile.TemporaryDirectory(prefix="gongwen-import-") as work:
        source = Path(work) / "in" / f"source{'.html' if infilter else path.suffix.lower()}"
        source.parent.mkdir()
        source.write_bytes(data)
        out = Path(work) / "out"
        try:
            run_soffice(soffice, Path(work) / "profile", "docx", out, [source], timeout=120, infilter=infilter)
        except subprocess.TimeoutExpired as exc:
            raise SourceRefused(
                f"LibreOffice 转换「{path.name}」超过 2 分钟没有完成；请在 Word 或 WPS 里另存为 .docx 后再导入"
            ) from exc
        except OSError as exc:
            raise SourceRefused(
                f"LibreOffice 未能运行，没有转换「{path.name}」；请在 Word 或 WPS 里另存为 .docx 后再导入"
            ) from exc
        converted = out / "source.docx"
        if not converted.is_file():
            raise SourceRefused(f"LibreOffice 未能转换「{path.name}」；请在 Word 或 WPS 里另存为 .docx 后再导入")
        return converted.read_bytes()


# What LibreOffice loads from elsewhere while it reads a web page, even with linked pictures
# blocked in its profile (libreoffice.run_soffice): a stylesheet's <link>, and any CSS url() or
# background attribute. A notice opened to be imported must not tell its sender it was opened.
_LINK_TAG = re.compile(rb"<link\b[^>]*>", re.I)
_STYLE_BLOCK = re.compile(rb"(<style\b[^>]*>)(.*?)(</style\s*>)", re.I | re.S)
_START_TAG = re.compile(rb"<[a-z][^>]*>", re.I)
_CSS_URL = re.compile(rb"url\s*\([^)]*\)", re.I)
_CSS_IMPORT = re.compile(rb"@import\b[^;]*;?", re.I)
_BACKGROUND = re.compile(rb"\sbackground\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s>]+)", re.I)


def without_fetched_resources(page: bytes) -> bytes:
    """A web page without what would be loaded from elsewhere when it is opened (its text, tables
    and <a href> links kept as they are)."""
    page = _LINK_TAG.sub(b"", page)
    page = _STYLE_BLOCK.sub(lambda m: m[1] + _CSS_IMPORT.sub(b"", _CSS_URL.sub(b"none", m[2])) + m[3], page)
    return _START_TAG.sub(lambda m: _CSS_URL.sub(b"none", _BACKGROUND.sub(b"", m[0])), page)


_DECLARED_CHARSET = re.compile(r"<meta[^>]*charset[^>]*>", re.I)
HTML_FILTER = "HTML (StarWriter)"  # a web page opened in Writer, not Writer/Web (which cannot save .docx)


def _archived_page(path: Path, data: bytes) -> bytes:
    """The web page a web archive (.mht, Word's 单个文件网页) holds, as UTF-8 HTML."""
    import email
    import email.policy

    message = email.message_from_bytes(data, policy=email.policy.default)
    for part in message.walk():
        if part.get_content_type() == "text/html":
            try:
                page = part.get_content()
            except (LookupError, ValueError):  # a charset Python does not know, a broken encoding
                break
            if isinstance(page, str):  # decoded from its charset: said again by a byte-order mark alone
                return b"\xef\xbb\xbf" + _DECLARED_CHARSET.sub("", page).encode("utf-8")
    raise SourceRefused(
        f"「{path.name}」是网页存档（.mht），但里面没有能读的网页；请用 Word 打开它，另存为 .docx 后再导入"
    )


# --- .docx ---------------------------------------------------------------------------------------

W_NS = wml.W
MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"


def _w(name: str) -> str:
    return f"{{{W_NS}}}{name}"


@dataclass
class _StyleLook:
    centered: bool = False
    size: int = 0
    red: bool = False
    based_on: str | None = None
    numbered: tuple[str, int] | None = None  # a style's own list number (a heading style linked to a list)


def _numbered(ppr: etree._Element) -> tuple[str, int] | None:
    num = ppr.find(_w("numPr"))
    if num is None:
        return None
    num_id, ilvl = num.find(_w("numId")), num.find(_w("ilvl"))
    level = int(ilvl.get(_w("val")) or 0) if ilvl is not None else 0
    return ((num_id.get(_w("val")) or "") if num_id is not None else "", level)


def _look_of(ppr: etree._Element | None, rpr: etree._Element | None, look: _StyleLook) -> _StyleLook:
    result = _StyleLook(look.centered, look.size, look.red, look.based_on, look.numbered)
    if ppr is not None:
        jc = ppr.find(_w("jc"))
        if jc is not None:
            result.centered = jc.get(_w("val")) == "center"
        own = _numbered(ppr)
        if own is not None:  # a paragraph's numId without a level keeps its style's level
            result.numbered = (own[0] or (look.numbered or ("", 0))[0], own[1])
    if rpr is not None:
        sz = rpr.find(_w("sz"))
        if sz is not None and (sz.get(_w("val")) or "").isdecimal():
            result.size = int(sz.get(_w("val")) or 0)
        color = rpr.find(_w("color"))
        if color is not None:
            result.red = _is_red(color.get(_w("val")))
    return result


def _is_red(value: str | None) -> bool:
    if not value or len(value) != 6:
        return False
    try:
        r, g, b = (int(value[i : i + 2], 16) for i in (0, 2, 4))
    except ValueError:
        return False
    return r > 160 and g < 90 and b < 90


def _styles(parts: dict[str, bytes]) -> dict[str, _StyleLook]:
    """Paragraph styles' alignment, size and colour, with basedOn followed (Word's Normal, WPS's 正文)."""
    if "word/styles.xml" not in parts:
        return {}
    root = wml.parse(parts["word/styles.xml"])
    defaults = _StyleLook()
    rpr_default = root.find(f"{_w('docDefaults')}/{_w('rPrDefault')}/{_w('rPr')}")
    defaults = _look_of(None, rpr_default, defaults)
    raw: dict[str, tuple[etree._Element, str | None]] = {}
    for style in root.iter(_w("style")):
        based = style.find(_w("basedOn"))
        raw[style.get(_w("styleId")) or ""] = (style, based.get(_w("val")) if based is not None else None)
    looks: dict[str, _StyleLook] = {}

    def look(style_id: str, depth: int = 0) -> _StyleLook:
        if style_id in looks:
            return looks[style_id]
        style, based = raw.get(style_id, (None, None))
        parent = look(based, depth + 1) if based and based in raw and depth < 20 else defaults
        own = _look_of(style.find(_w("pPr")), style.find(_w("rPr")), parent) if style is not None else parent
        looks[style_id] = own
        return own

    for style_id in raw:
        look(style_id)
    looks[""] = defaults
    return looks


@dataclass
class _Numbering:
    """Word's automatic list numbers (一、 （一） 1.), which are not in the text: worked out here."""

    formats: dict[tuple[str, int], tuple[str, str, int]]  # (numId, level) -> (numFmt, lvlText, start)
    counters: dict[str, list[int]] = field(default_factory=dict)

    def label(self, num_id: str, level: int) -> str:
        fmt = self.formats.get((num_id, level))
        if fmt is None or num_id == "0":
            return ""
        counts = self.counters.setdefault(num_id, [0] * 9)
        counts[level] += 1
        for deeper in range(level + 1, 9):
            counts[deeper] = 0
        text = fmt[1]
        for lvl in range(level + 1):
            own = self.formats.get((num_id, lvl), ("decimal", "", 1))
            value = counts[lvl] + own[2] - 1 if counts[lvl] else own[2]
            text = text.replace(f"%{lvl + 1}", _number_text(own[0], value))
        return text


CHINESE_DIGITS = "零一二三四五六七八九"


def _number_text(fmt: str, value: int) -> str:
    if fmt.startswith("chinese") or fmt.startswith("ideograph") or fmt == "taiwaneseCounting":
        return chinese_counting(value)
    if fmt == "lowerLetter":
        return chr(ord("a") + (value - 1) % 26)
    if fmt == "upperLetter":
        return chr(ord("A") + (value - 1) % 26)
    if fmt == "none" or fmt == "bullet":
        return ""
    return str(value)


def chinese_counting(value: int) -> str:
    if value < 10:
        return CHINESE_DIGITS[value]
    if value < 20:
        return "十" + (CHINESE_DIGITS[value % 10] if value % 10 else "")
    if value < 100:
        return CHINESE_DIGITS[value // 10] + "十" + (CHINESE_DIGITS[value % 10] if value % 10 else "")
    return str(value)


def _level_format(lvl: etree._Element) -> tuple[str, str, int]:
    fmt, text, start = lvl.find(_w("numFmt")), lvl.find(_w("lvlText")), lvl.find(_w("start"))
    return (
        (fmt.get(_w("val")) or "decimal") if fmt is not None else "decimal",
        (text.get(_w("val")) or "") if text is not None else "",
        int(start.get(_w("val")) or 1) if start is not None else 1,
    )


def _numbering(parts: dict[str, bytes]) -> _Numbering:
    if "word/numbering.xml" not in parts:
        return _Numbering({})
    root = wml.parse(parts["word/numbering.xml"])
    abstract = {
        node.get(_w("abstractNumId")) or "": {
            int(lvl.get(_w("ilvl")) or 0): _level_format(lvl) for lvl in node.iter(_w("lvl"))
        }
        for node in root.iter(_w("abstractNum"))
    }
    formats: dict[tuple[str, int], tuple[str, str, int]] = {}
    for num in root.iter(_w("num")):
        ref = num.find(_w("abstractNumId"))
        levels = abstract.get((ref.get(_w("val")) or "") if ref is not None else "", {})
        for level, fmt in levels.items():
            formats[(num.get(_w("numId")) or "", level)] = fmt
    return _Numbering(formats)


# What a paragraph holds that does not print: a drawing's copy for older readers (mc:Fallback, the
# VML twin of a text box's mc:Choice: its text read twice) and a tracked move's old place (its
# text still in w:t). Deleted text is w:delText, never read.
_NOT_PRINTED = frozenset({f"{{{MC_NS}}}Fallback", _w("moveFrom")})
_TEXT_NODES = frozenset({_w("t"), _w("tab"), _w("br"), _w("cr")})


def _printed(node: etree._Element, wanted: frozenset[str], into: list[etree._Element]) -> list[etree._Element]:
    """The descendants of `node` with a tag in `wanted`, in document order, leaving out what does not print."""
    for child in node:
        if child.tag in _NOT_PRINTED:
            continue
        if child.tag in wanted:
            into.append(child)
        _printed(child, wanted, into)
    return into


def _run_text(paragraph: etree._Element) -> str:
    """The paragraph's text as it prints: tabs as a space, line breaks kept (a title over two lines)."""
    out = []
    for node in _printed(paragraph, _TEXT_NODES, []):
        if node.tag == _w("t"):
            out.append(node.text or "")
        elif node.tag == _w("tab") and node.getparent() is not None and node.getparent().tag == _w("r"):
            out.append("\t")
        elif node.tag in (_w("br"), _w("cr")) and node.get(_w("type")) in (None, "textWrapping"):
            out.append("\n")
    return "".join(out)


STRICT_W = wml.STRICT_W.encode()  # read as the transitional namespace: the import writes its own template


def _body_by_relationship(parts: dict[str, bytes]) -> dict[str, bytes]:
    """The parts, with the body under its usual name when the package's relationship names another
    (word/document2.xml, as Word Online saves it)."""
    if "word/document.xml" in parts or "_rels/.rels" not in parts:
        return parts
    try:
        rels = wml.parse(parts["_rels/.rels"])
    except ValueError:
        return parts
    for rel in rels:
        if (rel.get("Type") or "").endswith("/officeDocument"):
            target = (rel.get("Target") or "").lstrip("/")
            if target in parts and target.startswith("word/"):  # (an Excel workbook's is xl/workbook.xml)
                return {**parts, "word/document.xml": parts[target]}
    return parts


def _transitional(parts: dict[str, bytes]) -> dict[str, bytes]:
    """The parts read here with a Strict document's namespace made the transitional one."""
    names = ("word/document.xml", "word/styles.xml", "word/numbering.xml")
    if STRICT_W not in parts.get("word/document.xml", b"")[:4096]:
        return parts
    return {**parts, **{n: parts[n].replace(STRICT_W, W_NS.encode()) for n in names if n in parts}}


def read_docx(path: Path, data: bytes, kind: str) -> SourceDocument:
    parts: dict[str, bytes] = {}
    try:
        parts = _transitional(_body_by_relationship(read_parts(data)))
        body = wml.parse(parts["word/document.xml"]).find(_w("body"))
    except (KeyError, OSError, ValueError, etree.XMLSyntaxError) as exc:
        other = next((what for part, what in OTHER_PACKAGES.items() if part in parts), None)
        if other is not None and "word/document.xml" not in parts:
            raise SourceRefused(
                f"「{path.name}」是 {other}，只是扩展名写成了 {path.suffix}，不是公文："
                "请换成通知的 Word 文件（.docx、.doc）"
            ) from None
        why = _why_unreadable(exc, parts.get("word/document.xml", b""))
        if "另存" not in why and not isinstance(exc, wml.TextTooLong):  # (those say what to do already)
            why += "；请用 Word 或 WPS 打开它，另存为 .docx 后再导入"
        raise SourceRefused(f"「{path.name}」打不开：{why}") from exc
    if body is None:
        raise SourceRefused(f"「{path.name}」里没有正文")
    if next(body.iter(_w("altChunk")), None) is not None:  # its text is another part's, never read here
        raise SourceRefused(
            f"「{path.name}」的正文有一部分是嵌入的外部内容（altChunk，办公系统导出的文件常这样），"
            "gongwen 读不到其中的文字；请用 Word 打开它，另存为 .docx 后再导入"
        )
    try:
        looks = _styles(parts)
        numbering = _numbering(parts)
    except ValueError:  # wml.BadPart: not XML, or a DOCTYPE (entities that multiply)
        raise SourceRefused(
            f"「{path.name}」打不开：样式或编号部分（word/styles.xml、word/numbering.xml）已损坏或带有 DOCTYPE；"
            "请用 Word 或 WPS 打开它，另存为 .docx 后再导入"
        ) from None
    paragraphs: list[SourceParagraph] = []
    for node in _blocks(body):
        if len(paragraphs) >= MAX_PARAGRAPHS:
            raise SourceRefused(f"「{path.name}」超过 {MAX_PARAGRAPHS} 段，不像一份公文，未导入")
        number = len(paragraphs) + 1
        if node.tag == _w("tbl"):
            paragraphs += _docx_table(node, number)
            continue
        paragraph = _docx_paragraph(node, looks, numbering, number)
        if paragraph is not None:
            paragraphs.append(paragraph)
    return _finish(path, _pasted_tables(paragraphs, tabs=False), kind)


_DECLARED_ENCODING = re.compile(rb"^\s*<\?xml[^>]*encoding=[\"']([^\"']*)", re.I)


# Another Office file renamed .docx, by its main part.
OTHER_PACKAGES = {"xl/workbook.xml": "Excel 工作簿（.xlsx）", "ppt/presentation.xml": "PowerPoint 演示文稿（.pptx）"}


def _why_unreadable(exc: Exception, main: bytes) -> str:
    """Why a .docx could not be read, in the clerk's words (never the exception's class name),
    naming the part: `main` is its body part's bytes, when the package could be opened."""
    if isinstance(exc, BadPackage):
        return str(exc)  # the package reader's messages are the clerk's already
    if isinstance(exc, KeyError):
        return "不是完整的 Word 文档（缺少正文部分 word/document.xml，可能是改了扩展名的其他文件）"
    part = "正文部分（word/document.xml）"
    if isinstance(exc, wml.TextTooLong):
        return wml.too_long_text(part)
    if "DOCTYPE" in str(exc):  # wml.BadPart's own words
        return f"{part}带有 DOCTYPE 声明（Word 文件从不带它，可能是恶意构造的文件）"
    declared = _DECLARED_ENCODING.match(main[:200])
    if declared is None or declared.group(1).lower() in (b"utf-8", b"utf8"):
        try:
            main.decode("utf-8")
        except UnicodeDecodeError:
            return f"{part}的文字不是 UTF-8 编码（文件已损坏，或是别的软件写坏的）"
    return f"{part}不是有效的 XML（文件已损坏，或嵌套过深）"


def _blocks(parent: etree._Element) -> list[etree._Element]:
    """The body's paragraphs and tables in order, content controls (w:sdt) opened."""
    out: list[etree._Element] = []
    for child in parent:
        if child.tag in (_w("p"), _w("tbl")):
            out.append(child)
        elif child.tag in (_w("sdt"), _w("sdtContent"), _w("customXml")):
            out += _blocks(child)
    return out


def _cell_paragraphs(node: etree._Element, into: list[etree._Element]) -> list[etree._Element]:
    """A cell's paragraphs, a nested table's included; not those of a paragraph's text box (its
    paragraph's text holds them) nor what does not print."""
    for child in node:
        if child.tag == _w("p"):
            into.append(child)
        elif child.tag not in _NOT_PRINTED:
            _cell_paragraphs(child, into)
    return into


BANJI_ROW = re.compile(r"^抄\s*送\s*[:：]|印\s*发$")


def _docx_table(node: etree._Element, number: int) -> list[SourceParagraph]:
    """A table as its rows of cell texts (a cell's paragraphs joined by line breaks; a table in a
    cell read as its text). The 版记, which Word and WPS set as a table, is read as its lines."""
    rows = []
    for tr in node.findall(_w("tr")):
        cells = []
        for tc in tr.findall(_w("tc")):
            cells.append(clean("\n".join(_run_text(p) for p in _cell_paragraphs(tc, []))))
        if any(cells):
            rows.append(tuple(cells))
    lines = ["\t".join(c for c in row if c) for row in rows]
    if not rows:
        return []
    if all(BANJI_ROW.search(line) for line in lines):
        return [SourceParagraph(number + k, line) for k, line in enumerate(lines)]
    return [SourceParagraph(number, "\n".join(lines), table=tuple(rows))]


def _docx_paragraph(
    node: etree._Element, looks: dict[str, _StyleLook], numbering: _Numbering, number: int
) -> SourceParagraph | None:
    ppr = node.find(_w("pPr"))
    style = ppr.find(_w("pStyle")) if ppr is not None else None
    look = looks.get(style.get(_w("val")) or "" if style is not None else "", looks.get("", _StyleLook()))
    look = _look_of(ppr, ppr.find(_w("rPr")) if ppr is not None else None, look)
    label = numbering.label(*look.numbered) if look.numbered and look.numbered[0] else ""
    text = clean(label + _run_text(node))
    if not text:
        return None
    size, red = look.size, look.red
    for run in node.iter(_w("r")):
        run_look = _look_of(None, run.find(_w("rPr")), _StyleLook(size=0))
        size = max(size, run_look.size)
        red = red or run_look.red
    in_table = any(a.tag == _w("tc") for a in node.iterancestors())
    return SourceParagraph(number, text, look.centered, size, red, in_table)


# --- plain text ----------------------------------------------------------------------------------


def read_text(path: Path, data: bytes) -> SourceDocument:
    for encoding in ("utf-8-sig", "gb18030", "utf-16"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise SourceRefused(f"「{path.name}」不是文字文件（既不是 UTF-8 也不是 GBK 编码）")
    if "\x00" in text:
        raise SourceRefused(f"「{path.name}」不是文字文件")
    lines = [_row_or_clean(line) for line in text.splitlines()]
    paragraphs = [SourceParagraph(i, line) for i, line in enumerate((ln for ln in lines if ln), start=1)]
    if len(paragraphs) > MAX_PARAGRAPHS:
        raise SourceRefused(f"「{path.name}」超过 {MAX_PARAGRAPHS} 行，不像一份公文，未导入")
    return _finish(path, _pasted_tables(paragraphs), "纯文本（.txt）", wrapped=True)


def _row_or_clean(line: str) -> str:
    """A line cleaned; a pasted table's row keeps its tabs, the empty cells at its end too."""
    cleaned = clean(line)
    if "\t" in line.strip(SPACES.replace("\t", "")) and cleaned:
        return "\t".join(clean(cell) for cell in line.strip(SPACES.replace("\t", "")).split("\t"))
    return cleaned


PIPE = re.compile("[|｜]")
# A Markdown table's rule under its header (|---|:---:|): the table's, not a row of it.
RULE_CELL = re.compile(r"^:?-{2,}:?$")


def _cells(text: str, tabs: bool = True) -> tuple[str, ...] | None:
    """A pasted table row's cells: parted by tabs (copied from Word or Excel; `tabs` False for a
    Word document's own lines, which tabs align), or by | (a page's or a PDF tool's text: two | at
    least, so a line of prose holding one stays prose); None for a line of text. A row's empty cells
    are kept (××街道|||: four cells), its border's too (|单位|…|: `_unbordered` drops them)."""
    if tabs and "\t" in text:
        return tuple(c.strip() for c in text.split("\t"))
    if len(PIPE.findall(text)) >= 2:
        return tuple(c.strip(SPACES) for c in PIPE.split(text.strip(SPACES)))
    return None


def _unbordered(rows: list[tuple[str, ...]]) -> list[tuple[str, ...]]:
    """Rows of | without the table's border (every row starting and ending with |), its Markdown
    rule (|---|---|) and the empty cells a row's closing | adds past its header's width."""
    if all(len(row) > 2 and row[0] == "" and row[-1] == "" for row in rows):
        rows = [row[1:-1] for row in rows]
    rows = [row for row in rows if not all(RULE_CELL.match(c) for c in row)]
    width = len(rows[0]) if rows else 0  # a row ending in | past its header's last cell: no cell more
    return [row[:width] if len(row) > width and not any(row[width:]) else row for row in rows]


def _pasted_tables(paragraphs: list[SourceParagraph], tabs: bool = True) -> list[SourceParagraph]:
    """Consecutive lines of cells as one table, read as a Word table is (an attached statistics table
    pasted as text printed as lines of tabs or |): tab rows always, | rows two or more of one width
    (a Word document's lines: | rows only)."""
    out: list[SourceParagraph] = []
    rows: list[tuple[str, ...]] = []
    lines: list[SourceParagraph] = []

    def flush() -> None:
        piped = not any("\t" in p.text for p in lines) or not tabs
        table = _unbordered(rows) if piped else rows
        if not piped or (len(table) >= 2 and len({len(r) for r in table}) == 1):
            text = "\n".join("\t".join(c for c in row if c) for row in table)
            out.append(SourceParagraph(lines[0].number, text, table=tuple(table)))
        else:
            out.extend(lines)
        rows.clear()
        lines.clear()

    for p in paragraphs:
        cells = None if p.table or p.in_table else _cells(p.text, tabs)
        if cells is None:
            if rows:
                flush()
            out.append(p)
            continue
        rows.append(cells)
        lines.append(p)
    if rows:
        flush()
    return out


SPACES = " \t\u3000\u00a0\u2002\u2003\u200b\ufeff"


def clean(text: str) -> str:
    """Trimmed of spaces at both ends (full-width ones included: web pages indent with them)."""
    text = "".join(c for c in text if c in "\n\t" or c in SPACES or c.isprintable())
    lines = [ln.strip(SPACES) for ln in text.split("\n")]
    return "\n".join(ln for ln in lines if ln)


# Lines a government web page puts around the document: never part of it.
NOISE = re.compile(
    r"(发表日期|发布日期|发布时间|更新时间|归档时间|浏览次数|浏览量|阅读次数|点击数|访问量|信息来源|来源[:：]|索\s*引\s*号|发布机构|"
    r"生效日期|废止日期|所属主题|主题分类|当前位置|所在的?位置\s*[:：]|您现在的位置|【\s*字体|字号[:：]?\s*大\s*中\s*小|【\s*打印|打印本页|关闭窗口|"
    r"扫一扫|分享到|责任编辑|^(文章|语音|全文)?(播报|朗读)$|^(网络编辑|信息审核|编辑|审核)\s*[:：]|【\s*关闭|^\s*\[?\s*打印\s*\]?\s*$|^首页\s*[>＞]|"
    r"站群导航|加入收藏|设为首页|^手机版$|无障碍|适老版|长辈版|关怀版|视力保护色|全文检索|门户网站?$|信息分类|组配分类|政策咨询|"
    r"^(索引)?号\s*[:：|]|^(备注\s*[/／]\s*)?(发文机关|成文日期|发文字号|文\s*号|标\s*题|(信息)?名\s*称|(公文)?生成日期|有效性|关\s*键\s*词)\s*[:：|])"
)
CHROME = re.compile(r"^[|｜/>＞·•\-—\s]*$")  # a web page's separators alone on a line
# A page's list item holding a date alone (• 2023年09月15日, · 2023-09-15 10:30): its publication date;
# a 公文 starts no paragraph with a bullet.
BULLET_DATE = re.compile(r"^[·•]\s*\d{4}\s*[-./年]\s*\d{1,2}\s*[-./月]\s*\d{1,2}\s*日?(\s+\d{1,2}:\d{2}(:\d{2})?)?$")
HIDDEN_EMAIL = "[email protected]"
# 主题词：防汛 值班 通知: the 版记's line of GB/T 9704-1999, which the 2012 standard took out.
SUBJECT_TERMS = re.compile(r"^主\s*题\s*词\s*[:：]")
# A page number copied with the text (from a PDF or a printed page): — 2 —, -2-, 第2页, 第2页 共5页, 2/5.
PAGE_NUMBER = re.compile(
    r"^[—－\-–]{1,2}\s*\d{1,3}\s*[—－\-–]{1,2}$|^第\s*\d{1,3}\s*页(\s*[,，]?\s*共\s*\d{1,3}\s*页)?$|^\d{1,3}\s*/\s*\d{1,3}$"
)


def is_noise(text: str) -> bool:
    if text.endswith(("。", "；")) and len(text) > 40:
        return False  # a sentence of the body that happens to name one of these words
    return bool(NOISE.search(text) or CHROME.match(text) or BULLET_DATE.match(text))


# What a document's own line before its body may be: its title, its number, its 签发人, its mark
# (××县人民政府文件), its 主送机关.
_DOCUMENT_LINE = re.compile(
    r"关于|[〔［\[﹝【]\s*\d{4}|[：:]$|签\s*发\s*人|文件$|(通知|通报|方案|意见|决定|办法|预案|规定|公告|通告|报告|函|细则|计划|要点|安排|制度)$"
)


def _between_page_lines(paragraphs: list[SourceParagraph], noisy: list[bool], i: int, first_sentence: int) -> bool:
    """A short line between two of the page's own lines before any sentence (`first_sentence`: the
    index of the first line holding a 。): the site's name over its location bar (西津街道办事处 /
    您现在所在的位置：…), never the document's 版头."""
    if i + 1 >= len(paragraphs) or i > first_sentence or not ((i == 0 or noisy[i - 1]) and noisy[i + 1]):
        return False  # the first line too: the site's name over its location bar (旌德县云乐镇政府)
    text = paragraphs[i].text
    return len(text) <= 20 and not _DOCUMENT_LINE.search(text)


# A web site's name over the document (法搜网--中国法律信息搜索网, ××县人民政府网): short, ending in 网 or
# 网站 or going on after one with a separator.
SITE_NAME = re.compile(r"网站?$|网站?\s*(?:-{2}|—{1,2}|－{1,2}|[|｜])")


def _site_name(text: str, i: int, first_sentence: int) -> bool:
    """A line before the document's first sentence naming the site it was copied from, never a 公文's line."""
    return i < first_sentence and len(text) <= 30 and bool(SITE_NAME.search(text)) and not _DOCUMENT_LINE.search(text)


def _heading_said_again(paragraphs: list[SourceParagraph], i: int, first_sentence: int) -> bool:
    """A line before the document's first sentence that its own title, further on, says again: the
    page's heading (关于明确汛期值班……的通知) over the document's 发文字号 and its title set over lines
    with the organ first (广元市朝天区文安乡人民政府 / 关于明确汛期值班……重点 / 地段责任人的通知). Said
    again on the very next line, _repeated_heading keeps the first."""
    flat = re.sub(r"\s+", "", paragraphs[i].text)
    if i >= first_sentence or len(flat) < 8 or re.search("[。；，：:]", flat) or not _DOCUMENT_LINE.search(flat):
        return False
    if i + 1 < len(paragraphs) and paragraphs[i + 1].text == paragraphs[i].text:
        return False
    for j in range(i + 1, min(i + 8, first_sentence)):
        joined = ""
        for later in paragraphs[j : min(j + 4, first_sentence)]:
            joined += re.sub(r"\s+", "", later.text)
            if joined.endswith(flat):
                return True
    return False


def _repeated_heading(p: SourceParagraph, kept: list[SourceParagraph]) -> bool:
    """A line the one before says again, word for word, with no sentence in it: a web page prints its
    heading and then the document's title (××市…实施方案 twice); a document never does."""
    if not kept or p.table or p.in_table:
        return False
    return kept[-1].text == p.text and not re.search("[。；，]", p.text)


# What a Chinese notice is written in: ASCII and Latin-1, general punctuation and symbols (—、①、℃),
# CJK punctuation, ideographs (Extension A included) and full-width forms. A damaged file read as
# text by LibreOffice spreads over the whole of Unicode instead (Hangul, Yi, private use …).
_NOTICE_SCRIPT = re.compile("[\u0000-\u00ff\u2000-\u27bf\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]")
GARBLED_SHARE = 0.2


def _garbled(paragraphs: list[SourceParagraph]) -> bool:
    """Whether a fifth or more of the text's characters are of no script a notice is written in."""
    text = "".join(p.text for p in paragraphs)
    return len(text) >= 50 and len(_NOTICE_SCRIPT.sub("", text)) > GARBLED_SHARE * len(text)


# A line that starts a paragraph of its own: a heading's number, 附件, 抄送, a date, a 联系人 line, a
# label and its colon.
_OWN_LINE = re.compile(
    r"^(第[一二三四五六七八九十百]+[章节条部分]|[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[）)]|\d+[.．、]"
    r"|附\s*件|抄\s*送|\d{4}\s*年\d{1,2}月\d{1,2}日$|联\s*系\s*人|联系电话|电子邮箱"
    r"|[\u4e00-\u9fff]{2,8}[：:])"  # a list's 责任单位：… and 检查范围：…, a line each
)
_ENDS_A_PARAGRAPH = "。！？；：…”’）)」』】!?;:"
_KIND_ENDING = re.compile(r"(通知|通报|方案|意见|决定|办法|预案|规定|公告|通告|报告|细则|计划|要点|安排)$")
# A line opening a sentence (为…, 根据…) with no mark in it yet: a page broke it at a link (为进一步贯彻落实 /
# 国务院《关于……的决定》……精神，……); no heading or title opens so.
_UNFINISHED = re.compile(r"^(为了?|根据|按照|依据|依照|遵照|结合)[^。，；：！？、…“”（）《》]*$")
# A heading run into its paragraph's sentences (（二）以人为本，安全处置。在处置……降到): a paragraph like any
# other, which a page's line end may cut mid-sentence
_RUN_IN = re.compile(r"^([一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[）)]|\d+[.．、]).{2,30}?[。．].")
WRAPPED_LINE = 20  # a line cut where a PDF's or a printed page's line ended is near a full line long


# The 版头's lines, each a line of its own: the mark (……文件) and the 发文字号 (泾平安办〔2021〕1号).
_HEADER_LINE = re.compile(
    r"文件$|^[\u4e00-\u9fff×]{1,20}\s*[〔［\[﹝【（(]\s*\d{4}\s*[〕］\]﹞】）)]\s*第?\s*\d{1,5}\s*号"
)

# No paragraph of a 公文 is this long (about five pages): lines rejoined stop there, so that text
# of tens of thousands of lines, none ending a sentence, is not one paragraph read again per line.
MAX_REJOINED = 5_000


def _continues(previous: str, line: str) -> bool:
    """Whether `line` goes on the paragraph `previous` began: copied from a PDF, a 公文's lines come
    apart where the page broke them (……2025年5月31日在 / 全区开展……)."""
    if len(previous) >= MAX_REJOINED:
        return False
    if any(c in previous + line for c in "\t|｜") or _OWN_LINE.match(line):
        return False
    if _OWN_LINE.match(previous) and not _RUN_IN.match(previous):  # a heading alone on its line
        return False
    if _HEADER_LINE.search(previous) or _HEADER_LINE.search(line):  # a long mark is no wrapped sentence
        return False
    if line.endswith(("：", ":")) and "。" not in line:  # the 主送机关 under a title
        return False
    if previous.endswith(("，", "、")) or _UNFINISHED.match(previous):
        return True
    return (
        len(previous) >= WRAPPED_LINE
        and not previous.endswith(tuple(_ENDS_A_PARAGRAPH))
        and not (_KIND_ENDING.search(previous))
    )


def _rejoined(paragraphs: list[SourceParagraph], notes: list[str]) -> list[SourceParagraph]:
    out: list[SourceParagraph] = []
    for p in paragraphs:
        if out and _continues(out[-1].text, p.text):
            out[-1] = replace(out[-1], text=out[-1].text + p.text)
            notes.append(f"第 {p.number} 段接着上一段（原文在句子中间换了行），已并入第 {out[-1].number} 段")
        else:
            out.append(p)
    return out


_CLOSING_DATE = re.compile(r"^\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日$")


def _closing_apart(paragraphs: list[SourceParagraph], notes: list[str]) -> list[SourceParagraph]:
    """A 落款 typed in one paragraph, its lines parted by line breaks (Shift+回车 in Word: 署名, 署名,
    成文日期): a paragraph a line, as the notice prints them."""
    out: list[SourceParagraph] = []
    for p in paragraphs:
        lines = [line.strip(SPACES) for line in p.text.split("\n") if line.strip(SPACES)]
        names = lines[:-1]
        if (
            p.table
            or not names
            or not _CLOSING_DATE.match(lines[-1])
            or any(len(name) > 40 or re.search("[。；，：:]", name) for name in names)
        ):
            out.append(p)
            continue
        out += [replace(p, text=line) for line in lines]
        notes.append(f"第 {p.number} 段的署名和成文日期是在一段里换行（Shift+回车）写的，已按各自一段读")
    return out


def _page_line(
    paragraphs: list[SourceParagraph], noisy: list[bool], i: int, first_sentence: int, kept: list[SourceParagraph]
) -> bool:
    """The web page's own line at `i`: its bar, its heading, its site's name, never the document's."""
    return (
        noisy[i]
        or _repeated_heading(paragraphs[i], kept)
        or _between_page_lines(paragraphs, noisy, i, first_sentence)
        or _site_name(paragraphs[i].text, i, first_sentence)
        or _heading_said_again(paragraphs, i, first_sentence)
    )


def _finish(path: Path, paragraphs: list[SourceParagraph], kind: str, wrapped: bool = False) -> SourceDocument:
    kept: list[SourceParagraph] = []
    aside: list[SourceParagraph] = []
    notes: list[str] = []
    paragraphs = _closing_apart(paragraphs, notes)
    noisy = [is_noise(p.text) for p in paragraphs]
    first_sentence = next((i for i, p in enumerate(paragraphs) if "。" in p.text), len(paragraphs))
    for i, p in enumerate(paragraphs):
        if _page_line(paragraphs, noisy, i, first_sentence, kept):
            aside.append(p)
        elif SUBJECT_TERMS.match(p.text):
            aside.append(p)
            notes.append(f"第 {p.number} 段「{p.text}」：主题词是 GB/T 9704-1999 的要素，2012 年版已取消，未导入")
        elif PAGE_NUMBER.match(p.text):
            aside.append(p)
            notes.append(f"第 {p.number} 段「{p.text}」是页码（复制时一起带进来的），不是正文，未导入")
        elif HIDDEN_EMAIL in p.text:
            aside.append(p)
            notes.append(f"第 {p.number} 段「{p.text}」：网页隐藏了电子邮箱地址，未导入；请在「发文」表填写")
        else:
            kept.append(p)
    if wrapped:
        kept = _rejoined(kept, notes)
    if not kept:
        raise SourceRefused(f"「{path.name}」里没有文字")
    _refuse_oversized_tables(path, kept)
    if _garbled(kept):
        raise SourceRefused(
            f"「{path.name}」读出来的是乱码（文件已损坏，或不是 Word 文档）；请用 Word 或 WPS 打开它，"
            "看得到正文的话另存为 .docx 后再导入"
        )
    kept, punctuation = _full_width(kept)
    return SourceDocument(path, tuple(kept), kind, tuple(aside), tuple(notes), punctuation)


def _refuse_oversized_tables(path: Path, paragraphs: list[SourceParagraph]) -> None:
    """Tables of more cells than MAX_TABLE_CELLS: the template written from them would be larger
    than a template may be."""
    cells = sum(len(row) for p in paragraphs for row in p.table)
    if cells > MAX_TABLE_CELLS:
        raise SourceRefused(
            f"「{path.name}」的表格共有 {cells} 个格子，超过上限 {MAX_TABLE_CELLS}，不像一份公文，未导入"
        )


def _full_width(paragraphs: list[SourceParagraph]) -> tuple[list[SourceParagraph], str]:
    """The paragraphs with the half-width punctuation of their Chinese made full-width (a page's
    text pasted with ASCII marks) and without the page's spaces beside full-width marks, and the
    line that tells the clerk so ("" when nothing changed)."""
    changed: Counter[str] = Counter()
    where: list[int] = []
    spaces, spaced = 0, []
    out = []
    for p in paragraphs:
        p, made, gone = _table_full_width(p) if p.table else _paragraph_full_width(p)
        if made:
            changed += made
            where.append(p.number)
        if gone:
            spaces += gone
            spaced.append(p.number)
        out.append(p)
    told = [said(changed, where) if changed else "", said_spaces(spaces, spaced) if spaces else ""]
    return out, "；".join(line for line in told if line)


def _table_full_width(p: SourceParagraph) -> tuple[SourceParagraph, Counter[str], int]:
    rows = tuple(tuple(full_width(cell)[0] for cell in row) for row in p.table)
    made = Counter(mark for row in p.table for cell in row for mark in full_width(cell)[1].elements())
    text = "\n".join("\t".join(c for c in row if c) for row in rows)
    return (replace(p, text=text, table=rows) if made else p), made, 0


def _paragraph_full_width(p: SourceParagraph) -> tuple[SourceParagraph, Counter[str], int]:
    text, made = full_width(p.text)
    text, gone = spaces_beside_marks(text)
    return (replace(p, text=text) if made or gone else p), made, gone
