"""Preflight for templates a clerk edited in Word or WPS: find what would break, say where.

Checks, each naming the template and quoting the paragraph:
- braces or percent signs typed full-width with a Chinese keyboard (｛｛ ｝｝ ％);
- tags missing their inner spaces ({{变量}});
- a tag split by Word's formatting in a way docxtpl cannot mend;
- unbalanced {% if %}/{% for %} blocks;
- {%tr %} outside a table row;
- variables, attributes and filters that do not exist, with the nearest known name.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
from jinja2 import nodes

from generator.errors import Finding, Location, Severity
from generator.render.catalog import known_paths
from generator.render.docxtpl_bridge import mend_tags
from generator.render.engine import make_environment, paragraph_text, prepare_source, quoted_paragraph
from generator.render.filters import GLOBALS, RENAMED_FILTERS
from generator.render.sandbox import RenderLimit, reading_limit
from generator.render.template_package import package_problems
from generator.standard import wordml as wml
from generator.standard.package import read_parts
from generator.standard.words import nearest_name

_PART = re.compile(r"^word/(document|header\d*|footer\d*)\.xml$")
_FULL_WIDTH = re.compile(r"｛[｛％]|[｝％]｝|\{％|％\}|｛\{|\}｝|\{｛|｝\}")
_OPEN_NO_SPACE = re.compile(r"\{\{(?!(?:[pr]\s|\s|-))|\{%(?!(?:(?:p|tr|tc|r)\s|\s|-))")
_CLOSE_NO_SPACE = re.compile(r"(?<![\s-])\}\}|(?<![\s-])%\}")
_TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}")
_TAG_OPENING = re.compile(r"\{[{%#]")
_NESTING = re.compile(r"\{%-?\s*(?:p|tr|tc|r)?\s*(end)?(?:if|for|macro|call|filter|with|block)\b")
_BLOCK = re.compile(r"\{%-?\s*(?:p|tr|tc|r)?\s*(if|for|elif|else|endif|endfor)\b")
_ROW_TAG = re.compile(r"\{%-?\s*tr\s")
_XML_IN_TAG = re.compile(r"\{\{[^}]*<w:|\{%[^%]*<w:")
# What Word needs to open a document at all.
REQUIRED_PARTS = ("[Content_Types].xml", "_rels/.rels", "word/document.xml")
# Variables the context leaves out when the clerk left their optional cell empty: required only
# by a template that prints them. (variable: sheet, row or column)
EMPTY_WHEN_OPTIONAL = {"活动.方案标题": ("活动", "方案标题")}
_GLOBALS = {"range", "lipsum", "cycler", "joiner", "namespace", "dict", "loop", "true", "false", "none", *GLOBALS}


def _unescape(text: str) -> str:
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"').replace("&amp;", "&")


@dataclass(frozen=True)
class _Paragraph:
    xml: str
    text: str
    in_cell: bool


def _paragraphs(xml: str) -> Iterator[_Paragraph]:
    root = wml.parse(xml)
    for paragraph in wml.iter_descendants(root, "w:p"):
        in_cell = any(a.tag == wml.qn("w:tc") for a in paragraph.iterancestors())
        yield _Paragraph(wml.fragment(paragraph), wml.paragraph_text(paragraph), in_cell)


class _Checker:
    def __init__(self, display: str):
        self.display = display
        self.findings: list[Finding] = []

    def add(self, severity: Severity, message: str, paragraph: str) -> None:
        self.findings.append(Finding(severity, Location(self.display), message + quoted_paragraph(paragraph)))

    def error(self, message: str, paragraph: str) -> None:
        self.add(Severity.ERROR, message, paragraph)

    def warning(self, message: str, paragraph: str) -> None:
        self.add(Severity.WARNING, message, paragraph)


def _check_typing(checker: _Checker, paragraphs: list[_Paragraph]) -> bool:
    """Per-paragraph mistakes of typing in Word; True when the blocks are balanced."""
    blocks = _Blocks(checker)
    for p in paragraphs:
        m = _FULL_WIDTH.search(p.text)
        if m:
            checker.error(f"「{m.group(0)}」是中文输入法打出的全角符号，标签要用半角的 {{{{ }}}} 和 {{% %}}", p.text)
        if "{" not in p.text and "}" not in p.text:
            continue
        _check_tags(checker, p)
        for block in _BLOCK.finditer(p.text):
            blocks.feed(block.group(1), p.text)
    return blocks.close()


def _check_tags(checker: _Checker, p: _Paragraph) -> None:
    """The tags of one paragraph: whole, spaced, not split by formatting, {%tr %} only in a row."""
    text = p.text
    for opening, closing in (("{{", "}}"), ("{%", "%}")):
        if text.count(opening) != text.count(closing):
            checker.error(
                f"标签不完整：「{opening}」和「{closing}」个数不相等（一个标签被分到了两段里，或少打了括号）", text
            )
    if _OPEN_NO_SPACE.search(text) or _CLOSE_NO_SPACE.search(text):
        checker.warning("标签里缺少空格，应写成 {{ 变量 }} 或 {% if 条件 %} 的样子", text)
    # After docxtpl's own mending, every tag of the text must be whole in the XML.
    patched = mend_tags(p.xml)
    if len(_TAG.findall(text)) > len(_TAG.findall(_unescape(patched))) or _XML_IN_TAG.search(patched):
        checker.error("标签被 Word 的格式拆开了：请选中整个标签，清除格式后重新输入", text)
    if _ROW_TAG.search(text) and not p.in_cell:
        checker.error("{%tr %} 只能放在表格某一行的单元格里", text)


class _Blocks:
    """if/for blocks across paragraphs: each opened, continued and closed in order."""

    def __init__(self, checker: _Checker):
        self.checker = checker
        self.stack: list[tuple[str, str]] = []
        self.balanced = True

    def feed(self, word: str, text: str) -> None:
        if word in ("if", "for"):
            self.stack.append((word, text))
        elif word in ("elif", "else"):
            if not self.stack:
                self.checker.error(f"「{word}」前面没有对应的 if 或 for", text)
                self.balanced = False
        else:
            self._end(word, text)

    def _end(self, word: str, text: str) -> None:
        opener = "if" if word == "endif" else "for"
        stack = self.stack
        if stack and stack[-1][0] == opener:
            stack.pop()
            return
        expected = f"，这里应先结束「{stack[-1][0]}」（end{stack[-1][0]}）" if stack else ""
        self.checker.error(f"「{word}」没有对应的「{opener}」{expected}", text)
        self.balanced = False
        if any(kind == opener for kind, _ in stack):
            while stack[-1][0] != opener:
                stack.pop()
            stack.pop()

    def close(self) -> bool:
        for kind, text in self.stack:
            self.checker.error(f"「{kind}」没有结束：缺少「end{kind}」", text)
            self.balanced = False
        return self.balanced


def _nearest(name: str, choices: list[str]) -> str:
    match = [found] if (found := nearest_name(name, choices, cutoff=0.3)) else []
    return f"，是否是「{match[0]}」？" if match else ""


class _NameChecker:
    """Walks a template's syntax tree and checks every variable against a real context."""

    def __init__(self, checker: _Checker, source: str, context: Mapping[str, Any], env: jinja2.Environment):
        self.checker = checker
        self.lines = source.splitlines()
        self.paths = known_paths(context)
        self.top = set(context)
        self.env = env

    def paragraph(self, node: nodes.Node) -> str:
        lineno = getattr(node, "lineno", 0)
        return paragraph_text(self.lines[lineno - 1]) if 0 < lineno <= len(self.lines) else ""

    def path(self, node: nodes.Node, scope: dict[str, str | None]) -> str | None:
        """The catalogue path of an expression, or None when it cannot (or need not) be followed."""
        if isinstance(node, nodes.Name):
            return self._name(node, scope)
        if not isinstance(node, (nodes.Getattr, nodes.Getitem)):
            return None
        base = self.path(node.node, scope)
        if base is None:
            return None
        if isinstance(node, nodes.Getitem) and isinstance(node.arg, nodes.Const) and isinstance(node.arg.value, int):
            return f"{base}[]" if isinstance(self.paths.get(base), list) else None
        key = _key(node)
        parent = self.paths.get(base)
        if key is None or not isinstance(parent, dict):
            return None  # a computed key, or an attribute of a date, a list or text: Python's, not ours
        full = f"{base}.{key}"
        if full not in self.paths:
            if full in EMPTY_WHEN_OPTIONAL:
                sheet, column = EMPTY_WHEN_OPTIONAL[full]
                self.checker.error(
                    f"模板用到了「{full}」，但工作簿「{sheet}」表的「{column}」没有填写："
                    "请填写它，或从模板中删去用到它的段落",
                    self.paragraph(node),
                )
                return None
            siblings = [k for k in parent if isinstance(k, str)]
            self.checker.error(
                f"变量「{key}」没有定义{_nearest(key, siblings)}（在「{base}」里）", self.paragraph(node)
            )
            return None
        return full

    def _name(self, node: nodes.Name, scope: dict[str, str | None]) -> str | None:
        if node.name in scope:
            return scope[node.name]
        if node.name in self.top:
            return node.name
        if node.name not in _GLOBALS:
            self.checker.error(
                f"变量「{node.name}」没有定义{_nearest(node.name, sorted(self.top))}", self.paragraph(node)
            )
        return None

    def visit(self, node: nodes.Node, scope: dict[str, str | None]) -> None:
        if isinstance(node, nodes.For):
            self._visit_for(node, scope)
            return
        if isinstance(node, nodes.With):
            scope = dict(scope, **dict.fromkeys(_assigned_names(node.targets)))
        if isinstance(node, nodes.Filter) and node.name not in self.env.filters:
            self.checker.error(self._unknown_filter(node.name, self.paragraph(node)), self.paragraph(node))
        if isinstance(node, (nodes.Name, nodes.Getattr, nodes.Getitem)) and getattr(node, "ctx", "load") == "load":
            self.path(node, scope)
            if isinstance(node, nodes.Getitem):
                self.visit_children(node.arg, scope)
            return
        self.visit_children(node, scope)

    def _unknown_filter(self, name: str, paragraph: str) -> str:
        """What to do about a filter the engine lacks: a renamed one is told its new spelling, shown
        on the template's own expression ({{ x|old }} -> {{ x|new(...) }}); else the nearest name."""
        if name not in RENAMED_FILTERS:
            return f"没有名为「{name}」的写法（过滤器）{_nearest(name, sorted(self.env.filters))}"
        new_name, spelled = RENAMED_FILTERS[name]
        old_use = re.compile(r"\|\s*" + re.escape(name) + r"(?![\w(])")
        written = next(
            (m.group(0) for m in re.finditer(r"\{\{[^{}]*\}\}", paragraph) if old_use.search(m.group(0))),
            f"{{{{ x|{name} }}}}",
        )
        fixed = old_use.sub(lambda _: "|" + spelled, written)
        return (
            f"「{name}」过滤器已改名为「{new_name}」：把 {written} 改成 {fixed}"
            f"（单位写在括号里；统计表的一行也可写 {{{{ r.累计|{new_name}(r.单位) }}}}，"
            "单位取自「统计指标」表的“单位”一栏）"
        )

    def _visit_for(self, node: nodes.For, scope: dict[str, str | None]) -> None:
        iterated = self.path(node.iter, scope)
        self.visit_children(node.iter, scope)
        item = f"{iterated}[]" if iterated and isinstance(self.paths.get(iterated), list) else None
        inner = dict(scope, loop=None)
        if isinstance(node.target, nodes.Name):
            inner[node.target.name] = item
        else:  # for a, b in ...: names we cannot follow
            inner.update(dict.fromkeys(_assigned_names([node.target])))
        self.visit_all([*node.body, *((node.test and [node.test]) or [])], inner)
        self.visit_all(node.else_, scope)

    def visit_children(self, node: nodes.Node, scope: dict[str, str | None]) -> None:
        self.visit_all(list(node.iter_child_nodes()), scope)

    def visit_all(self, siblings: list[nodes.Node], scope: dict[str, str | None]) -> None:
        """Nodes in order: a name {% set %} defines is known to the nodes after it."""
        scope = dict(scope)
        for node in siblings:
            self.visit(node, scope)
            if isinstance(node, (nodes.Assign, nodes.AssignBlock)):
                scope.update(dict.fromkeys(_assigned_names([node.target])))


def _key(node: nodes.Getattr | nodes.Getitem) -> str | None:
    """The attribute or string key an expression looks up; None when it is computed."""
    if isinstance(node, nodes.Getattr):
        return str(node.attr)
    if isinstance(node.arg, nodes.Const) and isinstance(node.arg.value, str):
        return node.arg.value
    return None


def _assigned_names(targets: Sequence[nodes.Node]) -> list[str]:
    names = []
    for target in targets:
        found = [target] if isinstance(target, nodes.Name) else list(target.find_all(nodes.Name))
        names += [n.name for n in found if isinstance(n, nodes.Name)]
    return names


def _package_problem(parts: dict[str, bytes]) -> str | None:
    """Why a package cannot be a template at all: a part Word needs is missing, or a DOCTYPE."""
    missing = [name for name in REQUIRED_PARTS if name not in parts]
    if missing:
        return f"不是完整的 Word 文档：缺少「{'」「'.join(missing)}」"
    for name, data in parts.items():
        if name.endswith((".xml", ".rels")) and b"<!DOCTYPE" in data[:4096].upper():  # it stands in the prolog
            return f"「{name}」带有 DOCTYPE 声明（Word 从不写它，可能是恶意构造的文件）"
    return None


# A template's parts are parsed as XML and compiled as Jinja before any limit of the sandbox
# applies: their size bounds that work. The longest shipped template has about 300 paragraphs
# and 70 tags, nested 3 deep; these are far beyond any template, and compile in about a second.
MAX_TEMPLATE_PARAGRAPHS = 5_000
MAX_TEMPLATE_TAGS = 5_000
MAX_BLOCK_DEPTH = 40  # {% if %} within {% for %} within …: Python's compiler has a nesting limit too


def _too_large(name: str, xml: str) -> str | None:
    tags = len(_TAG_OPENING.findall(xml))
    if tags > MAX_TEMPLATE_TAGS:
        return f"{name} 里有 {tags} 个模板标签，超过上限 {MAX_TEMPLATE_TAGS} 个（模板异常，可能是恶意构造的文件）"
    depth = deepest = 0
    for block in _NESTING.finditer(xml):
        depth += -1 if block.group(1) else 1
        deepest = max(deepest, depth)
    if deepest > MAX_BLOCK_DEPTH:
        return (
            f"{name} 里的 if/for 块嵌套了 {deepest} 层，超过上限 {MAX_BLOCK_DEPTH} 层（模板异常，可能是恶意构造的文件）"
        )
    try:
        paragraphs = sum(1 for _ in wml.iter_descendants(wml.parse(xml), "w:p"))
    except ValueError:
        return None  # said where the part is parsed for its paragraphs
    if paragraphs > MAX_TEMPLATE_PARAGRAPHS:
        limit = MAX_TEMPLATE_PARAGRAPHS
        return f"{name} 里有 {paragraphs} 段，超过模板的上限 {limit} 段（模板异常，可能是恶意构造的文件）"
    return None


def _size_findings(parts: dict[str, bytes], display: str) -> list[Finding]:
    found = (_too_large(name, data.decode("utf-8", "replace")) for name, data in parts.items() if _PART.match(name))
    return [Finding(Severity.ERROR, Location(display), message) for message in found if message]


def _package_findings(checker: _Checker, parts: dict[str, bytes]) -> tuple[list[Finding], list[Finding]]:
    """A package that is no template at all, or whose documents would not open or would carry
    active content: refused by name, before any of its text is read as a template."""
    unsafe = _package_problem(parts)
    if unsafe:
        return [Finding(Severity.ERROR, Location(checker.display), unsafe)], []
    told: list[Finding] = []  # warnings: the template is used all the same
    for problem in package_problems(parts):
        if problem.warning:
            told.append(Finding(Severity.WARNING, Location(checker.display), problem.message))
        elif problem.paragraph:
            checker.error(problem.message, problem.paragraph)
        else:
            checker.findings.append(Finding(Severity.ERROR, Location(checker.display), problem.message))
    return checker.findings or _size_findings(parts, checker.display), told


def check_template(
    path: Path, display: str, context: Mapping[str, Any] | None = None, *, within: Path | None = None
) -> list[Finding]:
    """Every problem of one template; `context` (from the current inputs) enables the variable checks.
    `within`: the workspace, which the template file must be in (not a link out of it)."""
    checker = _Checker(display)
    try:
        parts = read_parts(path, within=within)
    except (OSError, ValueError, KeyError) as exc:
        return [Finding(Severity.ERROR, Location(display), f"无法作为 Word 文档（.docx）打开：{exc}")]
    unsafe, told = _package_findings(checker, parts)
    if unsafe:
        return unsafe + told
    checker.findings.extend(told)
    env = make_environment()
    for name, data in parts.items():
        if not _PART.match(name):
            continue
        xml = data.decode("utf-8", "replace")
        if not any(mark in xml for mark in ("{", "｛", "％")):
            continue
        try:
            paragraphs = list(_paragraphs(xml))
        except wml.TextTooLong:
            checker.error(wml.too_long_text(f"「{name}」"), "")
            continue
        except ValueError:  # lxml's XMLSyntaxError; a DOCTYPE
            checker.error(f"{name} 不是有效的 XML（文件已损坏，或不是 Word/WPS 保存的文档）", "")
            continue
        if not _check_typing(checker, paragraphs):
            continue  # unbalanced blocks: every later error would be that one again
        source = prepare_source(xml)
        try:  # Jinja's parser and compiler, and the name check, recurse once per level of nesting
            tree = _parse_all(checker, env, source)
            if tree is not None and context is not None:
                _NameChecker(checker, source, context, env).visit(tree, {})
        except RecursionError:
            checker.error(f"{name} 里的标签嵌套太深（括号、过滤器或「.」连写了几千层，模板异常）", "")
    return checker.findings


_BLOCK_TAG = re.compile(r"\{%-?\s*(?:p|tr|tc|r)?\s*(if|elif|for|else|endif|endfor)\b.*?-?%\}", re.DOTALL)
_ANY_TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.DOTALL)
_STRAY = re.compile(r"\{\{|\}\}|\{%|%\}|\{#|#\}")
_NEUTRAL = {"if": "{% if true %}", "elif": "{% elif true %}", "for": "{% for _ in () %}"}


def _neutral(line: str) -> str:
    """A source line with its tags made harmless but its blocks kept: the parse goes on past an
    error to the next one (one round of corrections, not one error at a time)."""
    blocks = _BLOCK_TAG.sub(lambda m: f"\0{m.group(1)}\0", line)
    plain = _STRAY.sub("", _ANY_TAG.sub("", blocks))
    return re.sub("\0(\\w+)\0", lambda m: _NEUTRAL.get(m.group(1), f"{{% {m.group(1)} %}}"), plain)


_TOKENS = {
    "name": "变量名", "end of print statement": "}}", "end of statement block": "%}", "end of template": "模板末尾",
    "string": "文字", "integer": "数字", "float": "数字", "operator": "运算符", "pipe": "|",
    "colon": "冒号", "comma": "逗号", "dot": "点号", "rparen": ")", "lparen": "(", "rbracket": "]",
}  # fmt: skip
_SYNTAX = (
    (re.compile(r"^expected token '(.+?)', got '(.+?)'$"), "这里应是「{0}」，实际是「{1}」"),
    (re.compile(r"^unexpected '(.+?)'$"), "多了「{0}」"),
    (re.compile(r"^unexpected char '(.+?)' at \d+$"), "不认识的字符「{0}」（标签里只能用半角符号）"),
    (
        re.compile(r"^Encountered unknown tag '(.+?)'.*$", re.DOTALL),
        "不认识的标签「{0}」（可用 if、for、endif、endfor 等）",
    ),
    (re.compile(r"^unexpected end of template.*$", re.DOTALL), "模板在标签结束前就结束了（缺少 endif 或 endfor）"),
    (re.compile(r"^tag name expected$"), "{{% 后面应写 if、for 等关键字"),
    (re.compile(r"^Expected an expression, got '(.+?)'$"), "这里应写变量或值，实际是「{0}」"),
    (re.compile(r"^unexpected end of (?:print statement|statement block)$"), "标签里少了内容"),
)


def syntax_in_chinese(message: str) -> str:
    """Jinja's syntax message in the clerk's words (its own names of tokens too); its English
    only when it is one gongwen has not seen (then still after 模板语法错误)."""
    for pattern, chinese in _SYNTAX:
        m = pattern.match(message.strip())
        if m:
            return chinese.format(*(_TOKENS.get(g, g) for g in m.groups()))
    return message


def _parse_all(checker: _Checker, env: jinja2.Environment, source: str) -> nodes.Template | None:
    """The syntax tree, every syntax error reported once: a paragraph already reported for its
    typing is not reported again, and each erring paragraph is neutralised before parsing on."""
    lines = source.splitlines()
    reported = {f.message.rpartition("所在段落：「")[2].rstrip("」") for f in checker.findings}
    try:
        with reading_limit():  # one deadline for every pass together
            return _parse_passes(checker, env, lines, reported)
    except RenderLimit as exc:
        checker.findings.append(Finding(Severity.ERROR, Location(checker.display), str(exc)))
        return None


def _parse_passes(
    checker: _Checker, env: jinja2.Environment, lines: list[str], reported: set[str]
) -> nodes.Template | None:
    for _ in range(50):  # each pass neutralises one line: a bound, not a loop on a stubborn error
        try:
            return env.parse("\n".join(lines))
        except jinja2.TemplateSyntaxError as exc:
            at = (exc.lineno or 0) - 1
            if not 0 <= at < len(lines):
                checker.error(f"模板语法错误：{syntax_in_chinese(exc.message or '')}", "")
                return None
            quoted = paragraph_text(lines[at])
            if quoted.strip()[:59] not in {r.rstrip("…") for r in reported}:
                checker.error(f"模板语法错误：{syntax_in_chinese(exc.message or '')}", quoted)
                reported.add(quoted.strip()[:59])
            neutral = _neutral(lines[at])
            if neutral == lines[at]:
                return None
            lines[at] = neutral
    return None
