"""Render .docx templates: compiled once per build, rendered once per document.

docxtpl recompiles the whole document XML on every render. Here a template is
opened, patched with docxtpl's own tag clean-up (so templates use docxtpl
syntax: ``{{ }}``, ``{%p %}``, ``{%tr %}`` ...) and compiled by Jinja once;
each document then costs one Jinja render plus the zip write.

Rendering is safe by construction: a sandboxed environment (no access to
Python internals or files), autoescaping (``A&B<委员会>`` comes out exactly) and
strict undefined variables (a missing value is an error, never a blank).
"""

from __future__ import annotations

import hashlib
import marshal
import re
import sys
import traceback
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, overload

import jinja2
from jinja2.exceptions import SecurityError

from generator.cache import cache_dir, load_signed, store_signed
from generator.errors import TemplateError, is_chinese
from generator.render.docxtpl_bridge import finish_render, mend_tags
from generator.render.filters import FILTERS, GLOBALS, guarded, written
from generator.render.sandbox import (
    BoundedSandbox,
    MissingName,
    NamedUndefined,
    OtherTemplateRefused,
    RenderLimit,
    UnsafeAccess,
    bounded_output,
    reading_limit,
)
from generator.render.template_package import without_field_updates
from generator.standard import gbt9704 as std
from generator.standard import wordml as wml
from generator.standard.ooxml import app_properties_xml, custom_properties_xml
from generator.standard.package import Handed, ZipEntry, assemble, compress, read_parts

# Parts that may hold template tags.
TEMPLATED_PART = re.compile(r"^word/(document|header\d*|footer\d*|footnotes)\.xml$")
_TAG_START = re.compile(r"\{[{%#]")
_TAGS = re.compile(r"<[^>]+>")


def make_environment() -> jinja2.Environment:
    env = BoundedSandbox(
        autoescape=True,
        undefined=NamedUndefined,
        keep_trailing_newline=True,
        finalize=written,  # a figure is a number in the context; {{ 本期 }} writes it as |数字 does
    )
    for name, (function, _, _) in FILTERS.items():
        env.filters[name] = guarded(name, function)
    for name, (function, _, _) in GLOBALS.items():
        env.globals[name] = function
    return env


def prepare_source(xml: str) -> str:
    """docxtpl's clean-up of Word's run splitting, then one paragraph per source line, then the
    template's escaped braces made text.

    The line breaks let an error's line number point at the paragraph it is in.
    """
    patched = mend_tags(xml)
    return literal_braces(patched.replace("<w:p>", "\n<w:p>").replace("<w:p ", "\n<w:p "))


# docxtpl's escapes for braces a document prints as they are: {_{ … }_} for {{ … }}, {_% … %_} for {% … %}.
# Each made an expression that prints the braces as a string constant: {_{ -> {{ '{{' }}.
_PRINTED_BRACES = {
    mark: "{{ '" + braces + "' }}" for mark, braces in (("{_{", "{{"), ("}_}", "}}"), ("{_%", "{%"), ("%_}", "%}"))
}
_ESCAPED_BRACE = re.compile("|".join(re.escape(mark) for mark in _PRINTED_BRACES))
# Lexing only (default delimiters, as every environment here has): splits text from tags.
_LEXER = jinja2.Environment(keep_trailing_newline=True).lexer


def literal_braces(source: str) -> str:
    """The escaped braces in the template's own text made expressions that print the braces.

    docxtpl replaces the marks in the rendered XML, which holds the data too: a 联系人 typed
    王{_{五}_} would print 王{{五}}. Here only the text between tags changes, before compiling;
    a value is printed as it is. A source Jinja cannot lex is left as it is, for the compiler to report.
    """
    if not _ESCAPED_BRACE.search(source):
        return source
    try:
        tokens = list(_LEXER.tokeniter(source, None))
    except jinja2.TemplateSyntaxError:
        return source
    return "".join(
        _ESCAPED_BRACE.sub(lambda mark: _PRINTED_BRACES[mark.group()], value) if token == "data" else value
        for _, token, value in tokens
    )


# The line breaks prepare_source added, undone as the render's output is encoded (bounded_output).
_PARAGRAPH_BREAKS = ("\n<w:p", "<w:p")


# What prepare_source makes, in the cache key: a cached compile of an older preparation is not reused
# (2: escaped braces restored in the template's text, not in the rendered XML; 3: every {{ }} passes
# through the environment's finalize, which writes figures).
SOURCE_FORMAT = "3"


def _compile_cached(env: jinja2.Environment, xml: str) -> tuple[str, jinja2.Template]:
    """The prepared source and compiled template for a part's XML, from the cache when possible.

    The key covers everything code generation depends on: the XML, the filters
    known to the environment and what they are passed, its class and autoescaping, Jinja and Python versions.
    """
    key = hashlib.sha256(
        "|".join(
            [
                SOURCE_FORMAT,
                jinja2.__version__,
                sys.version,
                type(env).__name__,
                getattr(env, "code_version", ""),
                str(env.autoescape),
                # with how each is called: code compiled for a filter given its value alone passes
                # no context to one that now takes it (jinja_pass_arg is read at compile time)
                ",".join(sorted(f"{name}:{getattr(f, 'jinja_pass_arg', '')}" for name, f in env.filters.items())),
            ]
        ).encode()
        + b"\0"
        + xml.encode("utf-8")
    ).hexdigest()
    path = cache_dir("templates") / f"{key}.bin"
    cached = load_signed(path)  # signed by this user: never code someone else put there
    try:
        if cached is None:
            raise ValueError("not cached")
        source, code = marshal.loads(cached)
    except (ValueError, EOFError, TypeError):
        source = prepare_source(xml)
        with reading_limit():
            code = env.compile(source)  # raises TemplateSyntaxError or RenderLimit, reported by the caller
        store_signed(path, marshal.dumps((source, code)))
    return source, env.template_class.from_code(env, code, env.make_globals(None))


def paragraph_text(source_line: str) -> str:
    return _TAGS.sub("", source_line).strip()


def quoted_paragraph(paragraph: str) -> str:
    """Where a template error is, told after its message: the paragraph's text, tags and all, its
    first 59 characters of a longer one (a whole part's problem names no paragraph: "")."""
    quoted = paragraph.strip()
    quoted = quoted if len(quoted) <= 60 else quoted[:59] + "…"
    return f"；所在段落：「{quoted}」" if quoted else ""


@dataclass
class _CompiledPart:
    source: str
    template: jinja2.Template


class CompiledTemplate:
    """One .docx template, ready to render many documents."""

    def __init__(self, path: Path, env: jinja2.Environment | None = None):
        self.path = path
        self.name = path.name
        self.env = env or make_environment()
        self.parts: dict[str, bytes] = read_parts(path)
        if "word/settings.xml" in self.parts:  # (preflight tells the clerk so)
            self.parts["word/settings.xml"] = without_field_updates(self.parts["word/settings.xml"])
        # A document's properties are its own (core.xml is written for each): not the company, manager,
        # page and word counts, or custom properties of whoever last saved the template.
        if "docProps/app.xml" in self.parts:
            self.parts["docProps/app.xml"] = app_properties_xml().encode("utf-8")
        if "docProps/custom.xml" in self.parts:
            self.parts["docProps/custom.xml"] = custom_properties_xml().encode("utf-8")
        self.compiled: dict[str, _CompiledPart] = {}
        for part_name, data in self.parts.items():
            if not TEMPLATED_PART.match(part_name):
                continue
            xml = data.decode("utf-8")
            if not _TAG_START.search(xml):
                continue
            try:
                source, template = _compile_cached(self.env, xml)
            except jinja2.TemplateSyntaxError as exc:
                source = prepare_source(xml)
                raise TemplateError(self._describe(exc, source, exc.lineno, "模板语法错误")) from None
            except RenderLimit as exc:
                raise TemplateError(f"模板「{self.name}」的 {part_name}：{exc}") from None
            except RecursionError:  # (preflight says so first; a template checked before, cached, is not)
                raise TemplateError(f"模板「{self.name}」的 {part_name}：标签嵌套太深") from None
            self.compiled[part_name] = _CompiledPart(source, template)
        # Parts no document changes are compressed once, then copied into every document.
        self._static: dict[str, ZipEntry] = {}
        self._title: jinja2.Template | bool | None = False  # False: not compiled yet

    def title(self, context: Mapping[str, Any]) -> str | None:
        """The document's title as this template writes it for `context` (its first 公文标题
        paragraphs, in one line): what a document made by code beside it (the roll-up's spreadsheet)
        and the fill-in forms call themselves. None when the template has no title paragraph."""
        if self._title is False:
            self._title = self._title_template()
        if not isinstance(self._title, jinja2.Template):
            return None
        try:
            rendered = self._title.render(context)
        except RENDER_ERRORS as exc:
            raise TemplateError(f"模板「{self.name}」的标题段落无法生成：{_chinese_detail(exc)}") from None
        lines = [wml.paragraph_text(p) for p in wml.iter_descendants(wml.parse(rendered), "w:p")]
        return "".join("".join(lines).split("\n"))  # a title the template breaks over lines, in one line

    def _title_template(self) -> jinja2.Template | None:
        body = self.parts.get("word/document.xml")
        if body is None:
            return None
        titles: list[str] = []
        for paragraph in wml.iter_descendants(wml.parse(body), "w:p"):
            if wml.style_of(paragraph) == std.TITLE.style_id:
                titles.append(wml.fragment(paragraph))
            elif titles:
                break  # the title is the first run of title paragraphs (a plan's own title comes later)
        if not titles:
            return None
        try:
            return self.env.from_string(prepare_source(f"<gongwen-title>{''.join(titles)}</gongwen-title>"))
        except jinja2.TemplateSyntaxError as exc:
            raise TemplateError(f"模板「{self.name}」的标题段落有语法错误：{_chinese_detail(exc)}") from None

    def _entry(self, name: str) -> ZipEntry:
        entry = self._static.get(name)
        if entry is None:
            entry = self._static[name] = compress(name, self.parts[name])
        return entry

    def package(self, rendered: Mapping[str, bytes | ZipEntry]) -> bytes:
        """The document's bytes: rendered parts compressed now (a large one was as it was laid out:
        a ZipEntry), the others reused, in the template's order (parts the template does not have,
        such as a picture, at the end)."""
        names = [*self.parts, *(name for name in rendered if name not in self.parts)]
        return assemble(_entry_of(name, rendered[name]) if name in rendered else self._entry(name) for name in names)

    @overload
    def render(self, context: Mapping[str, Any], document_name: str, post_process: None = None) -> dict[str, bytes]: ...

    @overload
    def render(
        self,
        context: Mapping[str, Any],
        document_name: str,
        post_process: Callable[[str, bytes], bytes | ZipEntry],
    ) -> dict[str, bytes | ZipEntry]: ...

    def render(
        self,
        context: Mapping[str, Any],
        document_name: str,
        post_process: Callable[[str, bytes], bytes | ZipEntry] | None = None,
    ) -> dict[str, bytes] | dict[str, bytes | ZipEntry]:
        """Render every templated part; returns the rendered parts (see :meth:`package`)."""
        out: dict[str, bytes | ZipEntry] = {}
        # Passes that lay a part out from the render's own pieces (layout.Passes) are given them.
        from_stream = getattr(post_process, "from_stream", None)
        for part_name, part in self.compiled.items():
            pieces: list[str] | None = None if from_stream is None else []
            try:
                xml = bounded_output(part.template.generate(context), pieces, _PARAGRAPH_BREAKS)
            except RENDER_ERRORS as exc:
                what = next(said for failed, said in _RENDER_FAILURES if isinstance(exc, failed))
                raise TemplateError(
                    self._describe(exc, part.source, _template_lineno(exc), what, document_name)
                ) from None
            # (docxtpl's own post-render step; xml itself when it has nothing to do)
            handed = Handed(finish_render(xml))
            del xml  # one copy of a large part at a time, and held only by whoever lays it out
            if from_stream is not None:
                out[part_name] = from_stream(part_name, pieces, handed)
            else:
                data = handed.take()
                out[part_name] = data if post_process is None else post_process(part_name, data)
        return out

    def _describe(
        self, exc: Exception, source: str, lineno: int | None, what: str, document_name: str | None = None
    ) -> str:
        detail = _chinese_detail(exc)
        text = f"模板「{self.name}」{what}：{detail}"
        if document_name:
            text += f"（正在生成「{document_name}」）"
        if lineno:
            lines = source.splitlines()
            if 0 < lineno <= len(lines):
                quoted = paragraph_text(lines[lineno - 1])
                if quoted:
                    text += f"；所在段落：「{quoted[:80]}」"
        return text


def _entry_of(name: str, part: bytes | ZipEntry) -> ZipEntry:
    return part if isinstance(part, ZipEntry) else compress(name, part)


def _template_lineno(exc: BaseException) -> int | None:
    lineno = getattr(exc, "lineno", None)
    if lineno:
        return int(lineno)
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        if frame.filename == "<template>":
            return frame.lineno
    return None


# What an expression in a template can raise on the clerk's data ({{ 1/0 }}, a number filter on a
# word, a list index out of range): the template's fault, told as such, never "程序内部出错".
RENDER_ERRORS = (
    jinja2.TemplateError, ArithmeticError, LookupError, TypeError, ValueError, AttributeError, RecursionError,
)  # fmt: skip
# How a render that failed says so, the first that applies (a RenderLimit is a SecurityError).
_RENDER_FAILURES: tuple[tuple[type[Exception] | tuple[type[Exception], ...], str], ...] = (
    (jinja2.UndefinedError, "用到了没有定义的变量"),
    (RenderLimit, "超出了限制"),
    (SecurityError, "使用了不允许的操作"),
    (RENDER_ERRORS, "无法生成"),
)

# Python's own words for these, in the clerk's: the English text is never shown.
_KIND_OF_ERROR = (
    (ZeroDivisionError, "除数为零"),
    (ArithmeticError, "数字运算无效（参与运算的不是数字，或结果太大）"),
    (LookupError, "取的项不存在（序号超出范围，或没有这个名称）"),
    (TypeError, "数据类型不匹配（例如把文字和数字相加，或对文字用了数字的写法）"),
    (AttributeError, "数据没有这一项"),
    (ValueError, "取值不符合这个写法的要求"),
    (RecursionError, "嵌套太深（例如循环里再调用循环自己，loop(...)）"),
)


def _in_chinese(exc: Exception, message: str) -> str:
    if is_chinese(message):  # gongwen's own message (a filter's, a limit's): as it is
        return message
    return next((words for kind, words in _KIND_OF_ERROR if isinstance(exc, kind)), "表达式无法计算")


def _chinese_detail(exc: Exception) -> str:
    """What went wrong, in Chinese, from the exception's type and attributes (never its English text)."""
    if isinstance(exc, MissingName) and exc.name is not None:
        return f"变量「{exc.name}」没有定义"
    if isinstance(exc, jinja2.UndefinedError):
        return "取的项不存在（序号超出范围，或没有这个名称）"
    if isinstance(exc, RenderLimit):
        return str(exc)  # gongwen's own Chinese, naming the limit
    if isinstance(exc, UnsafeAccess) and exc.name is not None:
        return f"出于安全原因，模板不能访问「{exc.name}」"
    if isinstance(exc, SecurityError):
        return "出于安全原因，模板不能调用这个操作"
    if isinstance(exc, (OtherTemplateRefused, jinja2.TemplateNotFound)):
        return "模板不能引用其他文件（include、import、extends）"
    return _in_chinese(exc, str(exc))
