"""The template sandbox: Jinja's immutable sandbox, bounded in time, output and arithmetic.

Templates come from the clerk's folder and from other offices; Jinja's sandbox keeps them from
Python's internals, and this keeps them from running for ever or filling the memory: every
render has a deadline, its output a size, `range` a length, and `*` and `**` the sizes of what
they make. Breaking a limit stops the render with a RenderLimit, which names the limit.

What Jinja raises in English is raised here as exceptions that carry what the clerk's message
needs as attributes (the missing name, the refused attribute), so that no message is made by
reading Jinja's English text.
"""

from __future__ import annotations

import contextlib
import functools
import io
import re
import threading
import time
from collections.abc import Callable, Collection, Iterable, Iterator
from typing import Any, NoReturn

from jinja2 import StrictUndefined, nodes
from jinja2.compiler import CodeGenerator, Frame
from jinja2.exceptions import SecurityError, TemplateError, TemplateSyntaxError, UndefinedError
from jinja2.lexer import Token, TokenStream
from jinja2.sandbox import ImmutableSandboxedEnvironment
from jinja2.utils import missing

SECONDS_PER_PART = 5.0  # a document part renders in milliseconds
MAX_OUTPUT_CHARS = 20_000_000  # a part of a long document is under a megabyte
MAX_RANGE = 10_000
MAX_REPEATED_CHARS = 1_000_000  # "字" * n, a list * n
MAX_EXPONENT = 256
# What one render may make, kept or not, in characters of text and (LIST_ITEM_WEIGHT each) items of
# lists: the memory's bound (a few hundred MB), far above what a document makes (its output, 20 M).
MAX_MADE = 100_000_000
LIST_ITEM_WEIGHT = 8  # a list's item is a pointer, often to an object of its own


class RenderLimit(SecurityError):
    """A template asked for more than any document needs."""


class MissingName(UndefinedError):
    """A template used a name, key or item its context does not have. `name` is the variable's or
    key's name, or None for an index or what Jinja only describes (the first item of nothing)."""

    def __init__(self, message: str | None, name: Any = None) -> None:
        super().__init__(message)
        self.name = name if isinstance(name, str) else None


class UnsafeAccess(SecurityError):
    """A template reached for an attribute the sandbox refuses (`__class__`, `__globals__`, ...)."""

    def __init__(self, message: str | None, name: Any = None) -> None:
        super().__init__(message)
        self.name = str(name) if name is not None else None


class OtherTemplateRefused(TemplateError):
    """A template tried to include, import or extend another file: a template is one document."""


class NamedUndefined(StrictUndefined):
    """StrictUndefined whose error is a MissingName, or an UnsafeAccess for what the sandbox
    refused, naming what was missing (Jinja's own exception says it only in an English sentence).
    `_undefined_exception` and `_undefined_name` are the attributes Jinja documents for custom
    undefined types."""

    __slots__ = ()

    def __init__(
        self, hint: str | None = None, obj: Any = missing, name: str | None = None, exc: type[Any] = UndefinedError
    ) -> None:
        super().__init__(hint, obj, name, exc)
        kind = UnsafeAccess if issubclass(exc, SecurityError) else MissingName
        # Called by Jinja with the message only: the name is bound here.
        self._undefined_exception = functools.partial(kind, name=name)  # type: ignore[assignment]

    def __repr__(self) -> str:
        """Refused as str() is: a filter that looks up attributes (`map(attribute='__class__')`,
        groupby) leaves an undefined inside a list or tuple, which Jinja writes with repr, so the
        document read "[Undefined]" where a direct `.__class__` is refused."""
        self._fail_with_undefined_error()


_state = threading.local()


def _check_deadline() -> None:
    deadline = getattr(_state, "deadline", None)
    if deadline is not None and time.monotonic() > deadline:
        if getattr(_state, "reading", False):
            raise RenderLimit(f"模板的解析和编译超过 {SECONDS_PER_PART:g} 秒（模板异常地长或复杂）")
        raise RenderLimit(f"模板运行超过 {SECONDS_PER_PART:g} 秒（可能是循环太多或嵌套太深）")


@contextlib.contextmanager
def reading_limit() -> Iterator[None]:
    """The same deadline for parsing and compiling a template as for running it: the lexer's
    tokens check it as the parser takes them (BoundedSandbox._tokenize)."""
    if getattr(_state, "deadline", None) is not None:  # already inside a limit
        yield
        return
    _state.deadline, _state.reading = time.monotonic() + SECONDS_PER_PART, True
    try:
        yield
    finally:
        _state.deadline, _state.reading = None, False


def _checked_tokens(tokens: Iterable[Token]) -> Iterator[Token]:
    for n, token in enumerate(tokens):
        if n % 64 == 0:
            _check_deadline()
        yield token


class _BoundedRange:
    """range(), at most MAX_RANGE long, checking the deadline as a loop goes round."""

    def __init__(self, *args: int) -> None:
        self.numbers = range(*args)
        if len(self.numbers) > MAX_RANGE:
            raise RenderLimit(f"range 最多 {MAX_RANGE} 个数，这里要 {len(self.numbers)} 个")

    def __len__(self) -> int:
        return len(self.numbers)

    def __getitem__(self, index: int) -> int:
        return self.numbers[index]

    def __iter__(self) -> Iterator[int]:
        for n in self.numbers:
            _check_deadline()
            yield n

    def __str__(self) -> NoReturn:  # (else "<generator.render.sandbox._BoundedRange object at 0x…>")
        raise NotText()

    __repr__ = __str__


# What writing a lazy sequence says: Python would write "<generator object do_batch at 0x…>".
LAZY_SEQUENCE = "写出的是逐项给出的一串内容，不是文字或数字：请用 {% for %} 逐项写出，或在后面加 |join('、') 连成一句"


# What writing a whole table, row or list says: Python would write "{'标题': '…', '联系人': '…'}".
COLLECTION = (
    "写出的是一组数据（一张表、一行或一列），不是文字或数字：请写出其中的一项（如 {{ 发文.标题 }}），"
    "或用 {% for %} 逐项写出"
)


class NotText(nodes.Impossible, ValueError):
    """A lazy sequence made text (written, joined with ~, |string, |format, %), or a collection
    written. A ValueError, told with its paragraph like any render error; an Impossible too, so that
    Jinja's constant folding, which makes text of a paragraph of constants when it compiles (before
    the finalize), leaves the expression to run instead."""

    def __init__(self, message: str = LAZY_SEQUENCE) -> None:
        super().__init__(message)


class LazySequence:
    """A filter's lazy result (batch, slice, unique, map, select, reverse's iterator): it iterates
    as the iterator it holds, and refuses to become text, wherever that is asked."""

    __slots__ = ("items",)

    def __init__(self, items: Iterator[Any]) -> None:
        self.items = items

    def __iter__(self) -> Iterator[Any]:
        return self.items

    def __str__(self) -> NoReturn:
        raise NotText()

    def __repr__(self) -> NoReturn:  # a list holding one is written with its items' repr
        raise NotText()

    def __format__(self, spec: str) -> NoReturn:
        raise NotText()


def _bounded_lipsum(n: int = 5, html: bool = True, min: int = 20, max: int = 100) -> str:
    if n > 20 or max > 200:
        raise RenderLimit("lipsum 最多 20 段、每段 200 词")
    from jinja2.utils import generate_lorem_ipsum

    return str(generate_lorem_ipsum(n, html, min, max))


def _too_long(size: int, what: str) -> None:
    if size > MAX_OUTPUT_CHARS:
        raise RenderLimit(f"{what}超过 {MAX_OUTPUT_CHARS // 1_000_000} 百万字")
    _made(size)


def _made(size: int) -> None:
    """Count what a render makes (characters of text, items of lists) against MAX_MADE: each
    result alone is bounded, but a template keeping them all in a list filled the memory (10,000
    strings of a million characters: 12 GB within the time limit). Outside a render: not counted."""
    if getattr(_state, "deadline", None) is None:
        return
    _state.made = getattr(_state, "made", 0) + size
    if _state.made > MAX_MADE:
        raise RenderLimit(f"模板运行中生成的文字和列表共超过 {MAX_MADE // 1_000_000} 百万字（或相当的列表）")


def _length(value: Any) -> int:
    return len(value) if isinstance(value, (str, list, tuple)) else 0


# Arguments that size what a call makes before it is made: 'x'|center(10**9), '%9999999s'|format,
# s.ljust(n), s.zfill(n). A document never needs a width over a million characters.
_WIDTH_IN_FORMAT = re.compile(r"\d{7,}")


def _check_arguments(args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    for value in (*args, *kwargs.values()):
        if isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_REPEATED_CHARS:
            raise RenderLimit(f"参数 {value} 太大（最大 {MAX_REPEATED_CHARS}）")


def _check_growth(
    name: str, subject: Any, args: tuple[Any, ...], method: bool, kwargs: dict[str, Any] | None = None
) -> None:
    """What join, replace, format, indent and expandtabs would make of `subject`, measured before
    they make it (`method`: called as "sep".join(items), not as items|join(sep)). Each argument
    alone is bounded (_check_arguments), but these multiply one by the text's lines or tabs: a
    100,000-line text indented by 10,000 took 2 GB before its length was looked at."""
    if name in ("indent", "expandtabs") and isinstance(subject, str):
        _check_spread(name, subject, args[0] if args else (kwargs or {}).get("width", (kwargs or {}).get("tabsize")))
    elif name == "join":
        _check_join(subject, args, method)
    elif name == "replace" and len(args) >= 2 and all(isinstance(a, str) for a in (subject, *args[:2])):
        old, new = args[:2]
        if old:
            _too_long(len(subject) + subject.count(old) * max(0, len(new) - len(old)), "替换后的文字")
    elif name in ("format", "format_map") and isinstance(subject, str) and _WIDTH_IN_FORMAT.search(subject):
        raise RenderLimit("格式里的宽度太大")


def _check_join(subject: Any, args: tuple[Any, ...], method: bool) -> None:
    items = args[0] if method and args else subject
    if isinstance(items, (list, tuple)):
        _too_long(
            sum(_length(item) for item in items) + _length(subject if method else "") * len(items), "连接后的文字"
        )


def _check_spread(name: str, subject: str, width: Any) -> None:
    """|indent(width) puts `width` (a number of spaces, or a text) before every line; expandtabs
    widens every tab to `width` columns."""
    if name == "indent":
        each = len(width) if isinstance(width, str) else width if isinstance(width, int) else 4
        _too_long(len(subject) + (subject.count("\n") + 1) * max(0, each), "缩进后的文字")
    else:
        each = width if isinstance(width, int) else 8
        _too_long(len(subject) + subject.count("\t") * max(0, each), "展开制表符后的文字")


# Characters XML 1.0 cannot hold: a document holding one does not open. The workbook's cells are
# cleaned of them (inputs/workbook.py); a template's own string ('\x0b', |replace) is refused.
_NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def check_writable(text: str) -> None:
    """Refuse text a template writes that XML cannot hold (every {{ }} and every filter's result)."""
    if not text.isprintable():  # (fast; a line break is not printable either)
        bad = _NOT_IN_XML.search(text)
        if bad:
            raise ValueError(f"写出的文字含有 Word 文档不能容纳的字符（控制字符等，U+{ord(bad.group()):04X}）")


def _bounded_filter(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
    """A built-in filter whose arguments and result are held to the limits."""

    @functools.wraps(function)  # (keeps jinja_pass_arg: pass_context filters still get the context)
    def bounded(*args: Any, **kwargs: Any) -> Any:
        _check_deadline()
        _check_arguments(args, kwargs)
        plain = [a for a in args if not hasattr(a, "environment") and not hasattr(a, "autoescape")]
        if plain:  # the filtered value, then the filter's own arguments
            _check_growth(name, plain[0], tuple(plain[1:]), method=False, kwargs=kwargs)
        result = function(*args, **kwargs)
        if isinstance(result, str):
            _too_long(len(result), f"「{name}」的结果")
            check_writable(result)  # ({% filter %} blocks write their result without finalize)
        elif isinstance(result, (list, tuple)):
            _made(LIST_ITEM_WEIGHT * len(result))
        elif isinstance(result, Iterator):
            return LazySequence(result)
        return result

    return bounded


def _check_repeat(left: Any, right: Any) -> None:
    """'字' * n, [x] * n (either way round): the length it would make, before it is made."""
    for seq, times in ((left, right), (right, left)):
        if isinstance(seq, (str, list, tuple)) and isinstance(times, int):
            if len(seq) * times > MAX_REPEATED_CHARS:
                raise RenderLimit(f"重复后的长度最多 {MAX_REPEATED_CHARS} 个，这里要 {len(seq) * times} 个")
            _made(len(seq) * times * (1 if isinstance(seq, str) else LIST_ITEM_WEIGHT))


class _BoundedCodeGenerator(CodeGenerator):
    """Jinja's code, except that `~` (which Jinja joins without asking the sandbox) is measured:
    a template doubling a string with `s ~ s` stops at the limit, not at the memory's end; and
    every for loop's iterable is walked through checked_iter, which keeps the deadline (loops
    over a list, not range(), nested three deep ran for hours)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._loop_iterables: set[int] = set()

    def visit_Concat(self, node: nodes.Concat, frame: Frame) -> None:
        self.write("environment.checked_concat(")
        super().visit_Concat(node, frame)
        self.write(")")

    def _output_child_to_const(self, node: nodes.Expr, frame: Frame, finalize: Any) -> str:
        """A constant `{{ }}` is made text when compiled, before the finalize: a collection's (a
        tuple, a list) is left to run, where the finalize refuses it as it refuses a variable's."""
        const = node.as_const(frame.eval_ctx)
        if isinstance(const, Collection) and not isinstance(const, str):
            raise nodes.Impossible()
        return str(super()._output_child_to_const(node, frame, finalize))

    def visit_For(self, node: nodes.For, frame: Frame) -> None:
        self._loop_iterables.add(id(node.iter))
        super().visit_For(node, frame)

    def visit(self, node: nodes.Node, *args: Any, **kwargs: Any) -> Any:
        if id(node) not in self._loop_iterables:
            return super().visit(node, *args, **kwargs)
        self.write("environment.checked_iter(")
        super().visit(node, *args, **kwargs)
        self.write(")")
        return None


# Filters whose result is markup Jinja does not escape: a template's text would become the
# document's XML (a field such as INCLUDETEXT, or a part Word cannot open). Left out of the sandbox.
UNESCAPED_FILTERS = frozenset({"safe", "urlize"})


class BoundedSandbox(ImmutableSandboxedEnvironment):
    intercepted_binops = frozenset({"*", "**", "+", "%"})
    code_generator_class = _BoundedCodeGenerator
    # Part of the compiled-template cache's key: code compiled by another generator is not reused.
    code_version = "bounded-loops-4"  # 4: lazy sequences and collections never folded into text

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self.globals["range"] = _BoundedRange
        self.globals["lipsum"] = _bounded_lipsum
        self.filters = {
            name: _bounded_filter(name, f) for name, f in self.filters.items() if name not in UNESCAPED_FILTERS
        }

    def _parse(self, source: str, name: str | None, filename: str | None) -> nodes.Template:
        """{% autoescape false %} would write a template's text into the document's XML unescaped,
        as |safe would: refused as the unknown tag it is to gongwen."""
        tree = super()._parse(source, name, filename)
        modifier = tree.find(nodes.EvalContextModifier)  # (ScopedEvalContextModifier is one)
        if modifier is not None:
            raise TemplateSyntaxError("Encountered unknown tag 'autoescape'.", modifier.lineno, name, filename)
        return tree

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        """'{0:99999999}'.format(x): the sandbox hands out its own format function, checked here."""
        wrapped = super().wrap_str_format(value)
        if wrapped is not None and _WIDTH_IN_FORMAT.search(value.__self__):
            raise RenderLimit("格式里的宽度太大")
        return wrapped

    def _tokenize(
        self, source: str, name: str | None, filename: str | None = None, state: str | None = None
    ) -> TokenStream:
        stream = super()._tokenize(source, name, filename, state)
        return TokenStream(_checked_tokens(stream), stream.name, stream.filename)

    @staticmethod
    def checked_iter(iterable: Iterable[Any]) -> Iterator[Any]:
        for item in iterable:
            _check_deadline()
            yield item

    @staticmethod
    def checked_concat(text: str) -> str:
        _check_deadline()
        _too_long(len(text), "拼接后的文字")
        return text

    def getattr(self, obj: Any, attribute: str) -> Any:
        """`单位.名称`: a context is plain dicts, and the name is a key. Jinja looks for an attribute
        first and takes the key only once that has raised AttributeError, on every dotted name of
        every document; a key is never unsafe, so it is looked up first (a key that shares a
        method's name, such as `items`, is the value the clerk's column holds). Anything else, or a
        name that is not a key (`.items()`), goes through the sandbox's checks as before."""
        if type(obj) is dict:
            try:
                return obj[attribute]
            except KeyError:
                pass
        return super().getattr(obj, attribute)

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        _check_deadline()
        if operator == "**" and isinstance(right, int) and abs(right) > MAX_EXPONENT and left not in (0, 1, -1):
            raise RenderLimit(f"乘方的指数最大 {MAX_EXPONENT}，这里是 {right}")
        if operator == "+":
            _too_long(_length(left) + _length(right), "相加后的文字或列表")
            if isinstance(left, (list, tuple)):  # (counted once above; an item weighs more)
                _made((LIST_ITEM_WEIGHT - 1) * (_length(left) + _length(right)))
        if operator == "%" and isinstance(left, str):  # '%999999999d' % 1, '%*d' % (999999999, 1)
            if _WIDTH_IN_FORMAT.search(left):
                raise RenderLimit("格式里的宽度太大")
            _check_arguments(right if isinstance(right, tuple) else (right,), {})
        if operator == "*":
            _check_repeat(left, right)
        return super().call_binop(context, operator, left, right)

    def call(self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        _check_deadline()
        _check_arguments(args, kwargs)
        owner = getattr(__obj, "__self__", None)
        if isinstance(owner, (str, list, tuple)):  # ",".join(items), s.replace(a, b), "{0:99999999}".format
            _check_growth(getattr(__obj, "__name__", ""), owner, args, method=True, kwargs=kwargs)
        result = super().call(__context, __obj, *args, **kwargs)
        if isinstance(result, str):
            _too_long(len(result), "调用的结果")
        elif isinstance(result, (list, tuple)):
            _made(LIST_ITEM_WEIGHT * len(result))
        return result

    # {% include %}, {% import %} and {% extends %} load another template through these.
    def get_template(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise OtherTemplateRefused("include/import/extends")

    def select_template(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise OtherTemplateRefused("include/import/extends")

    def get_or_select_template(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise OtherTemplateRefused("include/import/extends")


# A render's text is encoded this many characters at a time: a large part is never whole in memory
# as text (a str holding Chinese takes two bytes for each character of markup, UTF-8 one), and the
# chunks held at once are few: a 13 MB roll-up encoded a million characters at a time left some
# 10 MB of the memory its chunks took scattered among what the render kept.
ENCODE_EVERY_CHARS = 1 << 17


def bounded_output(chunks: Iterator[str], pieces: list[str] | None = None, undo: tuple[str, str] = ("", "")) -> bytes:
    """A render's output as UTF-8, joined as it comes, within the time and size limits; the
    chunks are left in `pieces` when it is given (emptied for an output too large to keep whole).
    `undo`: text replaced in the output as it is encoded (each occurrence of undo[0] by undo[1], as
    str.replace on the whole: the engine's paragraph line breaks), so that no copy of a large part
    is made for it.

    A limit broken here is raised inside the template's generator, where it stands, so that the
    message can name the paragraph being written.
    """
    _state.deadline, _state.made = time.monotonic() + SECONDS_PER_PART, 0
    try:
        encoded = io.BytesIO()  # (grown in place and handed over whole: never a second copy of the part)
        out: list[str] = [] if pieces is None else pieces
        size, flush_at = 0, ENCODE_EVERY_CHARS
        carried = ""  # the end of the text encoded last that may begin an undo[0]
        for chunk in chunks:
            size += len(chunk)
            out.append(chunk)
            if size > flush_at:  # (one test per chunk, as for the limit alone)
                if size > MAX_OUTPUT_CHARS:
                    limit = RenderLimit(f"生成的内容超过 {MAX_OUTPUT_CHARS // 1_000_000} 百万字")
                    throw = getattr(chunks, "throw", None)  # Jinja's render is a generator
                    if throw is not None:
                        throw(limit)
                    raise limit
                text, carried = _undone(carried + "".join(out), undo, final=False)
                encoded.write(text.encode("utf-8"))
                # (the pieces too: a part this large is laid out from its bytes, not from them)
                out.clear()
                out = []
                flush_at = size + ENCODE_EVERY_CHARS
        encoded.write(_undone(carried + "".join(out), undo, final=True)[0].encode("utf-8"))
        return encoded.getvalue()
    finally:
        _state.deadline = None


def _undone(text: str, undo: tuple[str, str], final: bool) -> tuple[str, str]:
    """`text` with undo[0] replaced by undo[1], and (unless `final`) the end of it held back that
    may begin an undo[0] the next text completes."""
    old, new = undo
    if not old:
        return text, ""
    held = 0 if final else next((n for n in range(len(old) - 1, 0, -1) if text.endswith(old[:n])), 0)
    kept = text[: len(text) - held]
    return (kept.replace(old, new) if old in kept else kept), text[len(text) - held :]
