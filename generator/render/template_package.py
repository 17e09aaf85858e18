"""What a template's package must be before any of it is rendered: whole, and without active content.

Every document gongwen makes copies the template's parts, so a template whose styles or settings
are empty or cut off makes documents Word cannot open, and one that carries a macro, an
embedded object, a field that pulls in another file (INCLUDETEXT, INCLUDEPICTURE, DDE, DDEAUTO,
LINK), a sub-document, an altChunk or a link to file://, a network share or javascript: copies
it into every document a county sends out. Both are refused here, naming the part, and for
content in the text, the paragraph it stands in.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import PurePosixPath

from lxml import etree

from generator.standard import ooxml
from generator.standard import wordml as wml

# Parts Word needs to open a document; a missing one is a broken template.
REQUIRED_PARTS = {
    "[Content_Types].xml": "部件类型清单",
    "_rels/.rels": "包关系",
    "word/document.xml": "正文",
    "word/_rels/document.xml.rels": "正文的关系",
    "word/styles.xml": "样式",
    "word/settings.xml": "文档设置",
}
_PART_NAMES = {"word/numbering.xml": "编号", "word/fontTable.xml": "字体表", **REQUIRED_PARTS}
# Parts that hold text and fields; a glossary (Word's building blocks) travels in every document too.
_TEXT_PART = re.compile(r"^word/(document|header\d*|footer\d*|footnotes|endnotes|comments|glossary/document)\.xml$")
_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
# Relationship types whose target is active or pulled from elsewhere, whatever their target mode.
_ACTIVE_TYPES = {
    "subDocument": "子文档（subDoc）",
    "aFChunk": "嵌入的外部内容（altChunk）",
    "oleObject": "嵌入的对象（OLE）",
    "package": "嵌入的文件",
    "vbaProject": "宏（VBA）",
    "control": "ActiveX 控件",
    "attachedTemplate": "附加的外部模板",
    "frame": "外部框架",
    "activeXControlBinary": "ActiveX 控件",
    "wordVbaData": "宏（VBA）",
    "keyMapCustomizations": "宏的快捷键",
    "attachedToolbars": "宏的工具栏",
    "extensibility": "自定义功能区（可调用宏）",
}
# Fields that fetch content from a file, a program or the network when the document is opened.
_PULLING_FIELDS = re.compile(
    r"(?:^|\s)(INCLUDETEXT|INCLUDEPICTURE|INCLUDE|DDEAUTO|DDE|LINK|IMPORT)\b|^\s*(DATABASE|RD)\b", re.IGNORECASE
)
# A HYPERLINK field's switches that take an argument (\l a bookmark, \o a tip, \t a frame): not its target.
_LINK_SWITCHES_WITH_ARGUMENT = {"\\l", "\\o", "\\t"}
_FIELD_TOKEN = re.compile(r'"([^"]*)"|(\S+)')
_TEMPLATE_TAG = re.compile(r"[{｛]\s*[{%％]")
_SAFE_LINK = re.compile(r"^(https?://|mailto:)", re.IGNORECASE)
_ACTIVE_ELEMENTS = {
    "w:subDoc": "子文档（subDoc）",
    "w:altChunk": "嵌入的外部内容（altChunk）",
    "w:object": "嵌入的对象",
    "w:control": "ActiveX 控件",
}
_ACTIVE_PARTS = re.compile(r"(vbaProject\.bin|vbaData\.xml|/activeX/|/embeddings/)", re.IGNORECASE)


@dataclass(frozen=True)
class Problem:
    message: str
    paragraph: str = ""  # the text of the paragraph it stands in, when it is in the text
    warning: bool = False  # said, but the template is used (what it would carry is left out)


# Told when a template asks Word to update every field on opening (w:updateFields): each document
# would open with Word's question about fields that may refer to other files. Left out of them.
FIELD_UPDATES_LEFT_OUT = (
    "模板设置了“打开时更新域”（updateFields），用它生成的每一份公文在 Word 里打开时都会询问是否更新"
    "“可能引用了其他文件”的域；生成的公文已去掉这个设置"
)


def package_problems(parts: dict[str, bytes]) -> list[Problem]:
    """Why a template's package would make documents that do not open, or that carry active content."""
    problems = list(_structure(parts))
    if problems:
        return problems
    return [
        *_active_parts(parts),
        *_active_relationships(parts),
        *_active_text(parts),
        *_linked_vml_pictures(parts),
        *_active_settings(parts),
        *_review_marks(parts),
    ]


# Revisions Word tracks in a paragraph's text: what was typed, deleted or moved, not yet accepted.
_REVISIONS = ("w:ins", "w:del", "w:moveFrom", "w:moveTo")
REVIEW_MARKS_NAMED = 3  # paragraphs named one by one; beyond, counted
_DELETE_COMMENTS = "请在 Word/WPS 里点“审阅 → 删除 → 删除文档中的所有批注”，保存后再用"


def _review_marks(parts: dict[str, bytes]) -> Iterator[Problem]:
    """Tracked changes and comments a template carries: every document made from it would carry
    them too, to be seen in Word's or WPS's review pane of a document a county signs (a deleted
    sentence, a colleague's remark)."""
    revised: list[str] = []
    for name, data in parts.items():
        if _TEXT_PART.match(name) and name != "word/comments.xml":
            root = wml.parse(data)
            for tag in _REVISIONS:
                for element in wml.iter_descendants(root, tag):
                    paragraph = _paragraph_text_of(element)
                    if paragraph not in revised:
                        revised.append(paragraph)
    fix = "会原样带进每一份公文；请在 Word/WPS 里点“审阅 → 接受 → 接受所有修订”（或拒绝所有修订），保存后再用"
    for paragraph in revised[:REVIEW_MARKS_NAMED]:
        yield Problem(f"模板里有没有处理的修订（修订记录里的插入、删除或移动），{fix}", paragraph)
    if len(revised) > REVIEW_MARKS_NAMED:
        yield Problem(f"模板里另有 {len(revised) - REVIEW_MARKS_NAMED} 段有没有处理的修订，{fix}")
    comments = wml.parse(parts["word/comments.xml"]) if "word/comments.xml" in parts else None
    remarks = [] if comments is None else list(wml.iter_descendants(comments, "w:comment"))
    for remark in remarks[:REVIEW_MARKS_NAMED]:
        said = "".join(wml.paragraph_text(p) for p in wml.iter_descendants(remark, "w:p")).strip()[:60]
        author = remark.get(wml.qn("w:author")) or "未署名"
        yield Problem(f"模板里有批注「{said}」（{author}），会原样带进每一份公文；{_DELETE_COMMENTS}")
    if len(remarks) > REVIEW_MARKS_NAMED:
        yield Problem(f"模板里另有 {len(remarks) - REVIEW_MARKS_NAMED} 条批注；{_DELETE_COMMENTS}")


def _active_settings(parts: dict[str, bytes]) -> Iterator[Problem]:
    settings = wml.parse(parts["word/settings.xml"])
    merge = wml.find(settings, "w:mailMerge")
    if merge is not None:
        source = wml.get(wml.find(merge, "w:connectString"), "w:val") or wml.get(wml.find(merge, "w:query"), "w:val")
        shown = (source or "未注明")[:80]
        yield Problem(
            f"模板是邮件合并的主文档（数据源「{shown}」），Word 打开每一份公文都会先去查询这个数据源；"
            "请在 Word 里点“邮件 → 开始邮件合并 → 普通 Word 文档”后保存模板"
        )
    update = wml.find(settings, "w:updateFields")
    if update is not None and wml.get(update, "w:val") in (None, "1", "true", "on"):
        yield Problem(FIELD_UPDATES_LEFT_OUT, warning=True)


def without_field_updates(settings: bytes) -> bytes:
    """A template's settings part without w:updateFields (FIELD_UPDATES_LEFT_OUT), as every document
    made from it carries them; the part itself when it has none."""
    if b"updateFields" not in settings:
        return settings
    root = wml.parse(settings)
    found = wml.findall(root, "w:updateFields")
    for element in found:
        root.remove(element)
    return wml.to_bytes(root) if found else settings


def _structure(parts: dict[str, bytes]) -> Iterator[Problem]:
    fix = "请用 Word/WPS 打开模板、另存一次，或用 gongwen templates export 重新导出"
    for name, what in REQUIRED_PARTS.items():
        if name not in parts:
            yield Problem(f"模板缺少「{name}」（{what}），用它生成的文件 Word 打不开；{fix}")
    for name, data in parts.items():
        if not name.lower().endswith((".xml", ".rels")):
            continue
        try:
            wml.parse(data)
        except wml.TextTooLong:
            what = f"（{_PART_NAMES[name]}）" if name in _PART_NAMES else ""
            yield Problem(wml.too_long_text(f"模板里的「{name}」{what}"))
        except ValueError:
            what = f"（{_PART_NAMES[name]}）" if name in _PART_NAMES else ""
            empty = "是空的" if not data.strip() else "不是完整的 XML（已损坏或被截断）"
            yield Problem(f"模板里的「{name}」{what}{empty}，用它生成的文件 Word 打不开；{fix}")
    yield from _style_cycles(parts.get("word/styles.xml", b""), fix)
    if "word/document.xml" in parts and not _is_word_body(parts["word/document.xml"]):
        if wml.STRICT_W.encode() in parts["word/document.xml"][:4096]:
            yield Problem(f"模板{wml.STRICT_SAVED}")
        else:
            yield Problem(f"模板的「word/document.xml」不是 Word 的正文（没有 w:document 和 w:body）；{fix}")
    yield from _broken_relationships(parts, fix)
    yield from _unrelated_page_parts(parts, fix)


_PAGE_PART_REFERENCES = ("w:headerReference", "w:footerReference")


def _unrelated_page_parts(parts: dict[str, bytes], fix: str) -> Iterator[Problem]:
    """A section's header or footer named by an id the body's relationships do not hold (Word
    refuses the file), and a landscape page's turned page number whose portrait twin is gone (a
    sheet printed turned to portrait is given the twin: without it, that document would not open)."""
    if "word/document.xml" not in parts or "word/_rels/document.xml.rels" not in parts:
        return
    try:
        body = wml.parse(parts["word/document.xml"])
        held = {rel.get("Id") for rel in wml.parse(parts["word/_rels/document.xml.rels"]).iter(_REL)}
    except ValueError:
        return  # (said above: not XML)
    for tag in _PAGE_PART_REFERENCES:
        for reference in wml.iter_descendants(body, tag):
            named = reference.get(wml.qn("r:id"), "")
            twin = ooxml.portrait_footer_id(named)
            for missing in (named, twin):
                if missing is not None and missing not in held:
                    said = f"模板的页面设置引用的页眉或页脚「{missing}」不存在，用它生成的文件 Word 打不开"
                    yield Problem(f"{said}；{fix}")
                    return


def _broken_relationships(parts: dict[str, bytes], fix: str) -> Iterator[Problem]:
    for rels_name, rel in _relationships(parts):
        if rel.get("TargetMode") == "External":
            continue
        target = _resolve(rels_name, rel.get("Target", ""))
        if target is not None and target not in parts:
            yield Problem(f"模板的「{rels_name}」引用的「{target}」不存在，用它生成的文件 Word 打不开；{fix}")
        elif target == "word/document.xml" and rels_name != "_rels/.rels":
            # A header, footer or other part that is the body itself: Word never saves one, and
            # LibreOffice crashes on every document made from it.
            kind = rel.get("Type", "").rsplit("/", 1)[-1]
            yield Problem(
                f"模板的「{rels_name}」把正文「word/document.xml」当作它的 {kind} 部件引用（文件已损坏）；{fix}"
            )


def _style_cycles(styles: bytes, fix: str) -> Iterator[Problem]:
    """A style based on itself, through others or directly: Word never saves one, and LibreOffice
    (gongwen's page count, preview and PDF) crashes on every document made from it."""
    try:
        cycles = wml.based_on_cycles(wml.parse(styles)) if b"basedOn" in styles else []
    except ValueError:
        return  # (said above: not XML)
    for cycle in cycles:
        if len(cycle) == 1:
            yield Problem(f"模板的样式「{cycle[0]}」以它自己为基础（Word 从不这样保存，样式已损坏）；{fix}")
            continue
        names = "」→「".join([*cycle, cycle[0]])
        yield Problem(
            f"模板的样式以彼此为基础绕成了一个圈（「{names}」），用它生成的文件会让 LibreOffice 崩溃"
            f"（数不出页数，也做不了预览和 PDF）；{fix}"
        )


def _is_word_body(data: bytes) -> bool:
    try:
        root = wml.parse(data)
    except ValueError:
        return True  # (said above: not XML)
    return root.tag == wml.qn("w:document") and root.find(wml.qn("w:body")) is not None


def _relationships(parts: dict[str, bytes]) -> Iterator[tuple[str, etree._Element]]:
    for name, data in parts.items():
        if name.endswith(".rels"):
            try:
                root = wml.parse(data)
            except ValueError:
                continue
            for rel in root.iter(_REL):
                yield name, rel


def _resolve(rels_name: str, target: str) -> str | None:
    """The part a relationship in `rels_name` points to (None: not a part name)."""
    if not target:
        return None
    if target.startswith("/"):
        return target.lstrip("/")
    source_folder = PurePosixPath(rels_name).parent.parent  # word/_rels/document.xml.rels -> word
    resolved: list[str] = []
    for piece in (*source_folder.parts, *target.split("/")):
        if piece == "..":
            if resolved:
                resolved.pop()
        elif piece not in ("", "."):
            resolved.append(piece)
    return "/".join(resolved)


def _active_parts(parts: dict[str, bytes]) -> Iterator[Problem]:
    for name in parts:
        if _ACTIVE_PARTS.search("/" + name) and not _chart_data(name):
            kind = "宏（VBA）" if "vba" in name.lower() else "嵌入的对象或控件"
            yield Problem(f"模板里有{kind}（「{name}」），不能复制到每一份公文里；请在 Word/WPS 里删除后另存为 .docx")
    types = wml.parse(parts["[Content_Types].xml"])
    if any("macroEnabled" in (t.get("ContentType") or "") for t in types.iter()):
        yield Problem("模板是启用宏的文档（.docm），请在 Word/WPS 里另存为普通的 Word 文档（.docx）")


def _chart_data(name: str) -> bool:
    """A chart's own data: the .xlsx Word embeds beside a chart it draws (no macros: not .xlsm)."""
    return name.lower().endswith(".xlsx")


def _active_relationships(parts: dict[str, bytes]) -> Iterator[Problem]:
    for rels_name, rel in _relationships(parts):
        kind = rel.get("Type", "").rsplit("/", 1)[-1]
        target = rel.get("Target", "")
        external = rel.get("TargetMode") == "External"
        if kind in _ACTIVE_TYPES and not (
            kind == "package" and rels_name.startswith("word/charts/") and _chart_data(target)
        ):
            paragraph = _paragraph_using(parts, rels_name, rel.get("Id", ""))
            yield Problem(f"模板里有{_ACTIVE_TYPES[kind]}（「{target}」），不能复制到每一份公文里；请删除它", paragraph)
        elif external and kind == "image":
            yield Problem(LINKED_PICTURE.format(target[:80]), _paragraph_using(parts, rels_name, rel.get("Id", "")))
        elif external and not (kind == "hyperlink" and _SAFE_LINK.match(target)):
            paragraph = _paragraph_using(parts, rels_name, rel.get("Id", ""))
            what = "超链接" if kind == "hyperlink" else "外部引用"
            yield Problem(
                f"模板里的{what}指向「{target[:80]}」（本机文件、网络共享或脚本），不能复制到每一份公文里；"
                "只能链接 http、https 或 mailto 地址，请删除或改正这个链接",
                paragraph,
            )


# A picture "linked to file" (插入 → 图片 → 链接到文件), by a relationship or a VML attribute.
LINKED_PICTURE = (
    "模板里的图片链接到「{}」（图片不在模板里，Word/WPS 打开每一份公文时都会到这个本机文件、网络共享或网址去取），"
    "不能复制到每一份公文里；请删除这张图片，再用“插入 → 图片”把图片本身插进来（不要选“链接到文件”）"
)
_VML = "urn:schemas-microsoft-com:vml"
# Where a VML picture (w:pict, as Word 2003 and WPS save one) names its image by address, in no
# relationship: a v:imagedata's or v:fill's src, the o:href of a picture "linked to file", and an r:href
# holding an address rather than a relationship's id. Word fetches it when it opens the document.
_VML_SOURCE = "src"
_OFFICE_HREF = "{urn:schemas-microsoft-com:office:office}href"
_RELATIONSHIP_HREF = f"{{{wml.NS['r']}}}href"


def _linked_vml_pictures(parts: dict[str, bytes]) -> Iterator[Problem]:
    """VML pictures whose image is an address outside the template (file://, a network share, a web
    page), refused as a picture linked by a relationship is: every document made from it would send
    Word there on opening, and show nothing where the address is not reachable."""
    for name, data in parts.items():
        if not _TEXT_PART.match(name) or _VML.encode() not in data:
            continue
        rels_name = str(PurePosixPath(name).parent / "_rels" / f"{PurePosixPath(name).name}.rels")
        ids = {rel.get("Id") for owner, rel in _relationships(parts) if owner == rels_name}
        for element in wml.parse(data).iter():
            for address in _vml_addresses(element, ids):
                yield Problem(LINKED_PICTURE.format(address[:80]), _paragraph_text_of(element))


def _vml_addresses(element: etree._Element, relationship_ids: set[str | None]) -> Iterator[str]:
    """The addresses outside the package an element's picture is taken from (a #bookmark is none)."""
    candidates = [element.get(_OFFICE_HREF), element.get(_RELATIONSHIP_HREF)]
    if isinstance(element.tag, str) and element.tag.startswith(f"{{{_VML}}}"):
        candidates.append(element.get(_VML_SOURCE))
    for value in candidates:
        address = (value or "").strip()
        if address and not address.startswith("#") and address not in relationship_ids:
            yield address


# The attributes by which an element uses a relationship: most by r:id, a picture by r:embed (held)
# or r:link (linked, a:blip), a VML picture by r:id, r:href or r:pict.
_USES = ("id", "embed", "link", "href", "pict")


def _paragraph_using(parts: dict[str, bytes], rels_name: str, rel_id: str) -> str:
    """The text of the paragraph whose XML uses relationship `rel_id` of `rels_name`'s part."""
    source = rels_name.replace("_rels/", "").removesuffix(".rels")
    if not rel_id or source not in parts or not _TEXT_PART.match(source):
        return ""
    root = wml.parse(parts[source])
    for element in root.iter():
        if any(element.get(f"{{{wml.NS['r']}}}{use}") == rel_id for use in _USES):
            return _paragraph_text_of(element)
    return ""


def _paragraph_text_of(element: etree._Element) -> str:
    paragraph = next((a for a in element.iterancestors(wml.qn("w:p"))), None)
    if paragraph is None:
        nearby = element.getprevious()  # an altChunk stands between paragraphs
        if nearby is None or nearby.tag != wml.qn("w:p"):
            return "（正文开头）"
        paragraph = nearby
    return _shown(paragraph)


def _shown(paragraph: etree._Element) -> str:
    """A paragraph as the clerk finds it: its text, or its number when it has none."""
    text = wml.paragraph_text(paragraph).strip()
    if text:
        return text
    number = 1 + sum(1 for p in paragraph.itersiblings(wml.qn("w:p"), preceding=True))
    return f"第 {number} 段（没有文字）"


def _active_text(parts: dict[str, bytes]) -> Iterator[Problem]:
    for name, data in parts.items():
        if not _TEXT_PART.match(name):
            continue
        root = wml.parse(data)
        for tag, what in _ACTIVE_ELEMENTS.items():
            for element in wml.iter_descendants(root, tag):
                yield Problem(f"模板里有{what}，不能复制到每一份公文里；请删除它", _paragraph_text_of(element))
        for instruction, where in _field_instructions(root):
            problem = _field_problem(instruction)
            if problem:
                yield Problem(problem, _paragraph_text_of(where))


def _field_instructions(root: etree._Element) -> Iterator[tuple[str, etree._Element]]:
    """Each field's instruction, whole, with the element it begins at: a w:fldSimple's, or a
    complex field's w:instrText pieces from its begin to its separate (or end), however many runs
    and paragraphs they cross; a field nested in another's instruction is one of its own."""
    begin, separate, end = "begin", "separate", "end"
    open_fields: list[tuple[list[str], etree._Element]] = []  # innermost last; pieces, where it begins
    for element in root.iter(wml.qn("w:fldSimple"), wml.qn("w:fldChar"), wml.qn("w:instrText")):
        if element.tag == wml.qn("w:fldSimple"):
            yield element.get(wml.qn("w:instr"), ""), element
        elif element.tag == wml.qn("w:instrText"):
            if open_fields:
                open_fields[-1][0].append(element.text or "")
            else:  # outside any field: read as one all the same
                yield element.text or "", element
        elif element.get(wml.qn("w:fldCharType")) == begin:
            open_fields.append(([], element))
        elif element.get(wml.qn("w:fldCharType")) in (separate, end) and open_fields:
            pieces, where = open_fields.pop()
            yield "".join(pieces), where
            if element.get(wml.qn("w:fldCharType")) == separate:
                open_fields.append(([], where))  # its result: no instruction, closed by its end
    for pieces, where in open_fields:  # a field never closed: Word still reads its instruction
        yield "".join(pieces), where


def _field_problem(instruction: str) -> str | None:
    """Why a field with this instruction cannot be copied into every document (None: it can)."""
    shown = instruction.strip()[:60]
    if _TEMPLATE_TAG.search(instruction):
        return (
            f"模板的域代码里有模板标签（「{shown}」）：表格里的内容会变成 Word 执行的域指令，"
            "不能这样写；请把标签移到域的外面，或删除这个域"
        )
    found = _PULLING_FIELDS.search(instruction)
    if found:
        field = (found.group(1) or found.group(2)).upper()
        return f"模板里有 {field} 域（打开文件时从别处取内容：「{shown}」），不能复制到每一份公文里；请删除这个域"
    target = _hyperlink_field_target(instruction)
    if target is not None and not _SAFE_LINK.match(target):
        return (
            f"模板里的超链接域指向「{target[:80]}」（本机文件、网络共享或脚本），不能复制到每一份公文里；"
            "只能链接 http、https 或 mailto 地址，请删除或改正这个链接"
        )
    return None


def _hyperlink_field_target(instruction: str) -> str | None:
    """A HYPERLINK field's target (None: another field, or a link within the document, \\l alone)."""
    tokens = [(bare, False) if bare else (quoted, True) for quoted, bare in _FIELD_TOKEN.findall(instruction)]
    if not tokens or tokens[0][0].upper() != "HYPERLINK":
        return None
    rest = iter(tokens[1:])
    for token, quoted in rest:
        if not quoted and token.lower() in _LINK_SWITCHES_WITH_ARGUMENT:
            next(rest, None)
        elif quoted or not token.startswith("\\"):
            return token.strip() or None  # as the field code shows it
    return None
