"""Jinja filters for 公文 conventions, available in every template.

Names are Chinese so a clerk can read them in a template: ``{{ 发文.成文日期|日期 }}``.
Each filter has a Chinese description and an example, used by the docs.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from jinja2 import Undefined, pass_context
from jinja2.runtime import Context, LoopContext

from generator.documents.summary import NOT_APPLICABLE
from generator.errors import is_chinese
from generator.inputs.accumulations import ACCUMULATIONS
from generator.inputs.status import MISSING
from generator.render.sandbox import COLLECTION, LazySequence, NotText, check_writable
from generator.standard.words import chinese_date, chinese_month, month_day

_DIGITS = "零一二三四五六七八九"


def chinese_number(value: int) -> str:
    """0-9999 in Chinese numerals as 公文 write ordinals: 1 一, 10 十, 12 十二, 20 二十, 105 一百零五."""
    n = int(value)
    if n < 0 or n > 9999:
        raise ValueError(f"中文数字只支持 0 到 9999，收到 {n}")
    if n < 10:
        return _DIGITS[n]
    if n < 20:
        return "十" + (_DIGITS[n - 10] if n > 10 else "")
    units = ["", "十", "百", "千"]
    digits = [int(d) for d in str(n)]
    out: list[str] = []
    zero_pending = False
    for i, d in enumerate(digits):
        place = len(digits) - 1 - i
        if d == 0:
            zero_pending = bool(out)
            continue
        if zero_pending:
            out.append("零")
            zero_pending = False
        out.append(_DIGITS[d] + units[place])
    return "".join(out)


def format_date(value: dt.date) -> str:
    """2018年1月22日: Arabic numerals, full year, no zero padding (GB/T 9704 7.3.5.4)."""
    return chinese_date(value)


def format_month_day(value: dt.date) -> str:
    return month_day(value)


def _across_a_new_year(campaign: object) -> bool:
    """The campaign (a context's 活动) starts in one year and ends in another (2024年10月 to 2025年4月)."""
    if not isinstance(campaign, Mapping):
        return False
    start, end = campaign.get("开始日期"), campaign.get("结束日期")
    return isinstance(start, dt.date) and isinstance(end, dt.date) and start.year != end.year


@pass_context
def month_day_in_campaign(context: Context, value: dt.date) -> str:
    """1月19日; in a campaign across a new year, with its year (2025年1月19日): there a phase printed
    11月1日至2月28日 reads backwards, and 1月19日 could be either year's. (reads.py counts 活动's dates
    as read wherever a template writes |月日.)"""
    if _across_a_new_year(context.get("活动")):
        return chinese_date(value)
    return month_day(value)


def format_month(value: dt.date) -> str:
    return chinese_month(value)


class Numbering:
    """A document's running heading numbers (``{%p set 章 = 编号() %}``, then ``{{ 章|一级序号 }}`` at
    each heading): a heading left out by its ``{%p if %}`` takes no number, so the ones after it close up.
    Given the sections' contents (``编号(总结.数字段, 总结.存在问题)``), it knows how many will print:
    a document with one numbered section prints it without 一、 (a list of one carries no number)."""

    def __init__(self, *sections: Any) -> None:
        self.taken = 0
        self.alone = bool(sections) and sum(1 for s in sections if s) == 1

    def take(self) -> int | None:
        self.taken += 1
        return None if self.alone else self.taken


def _index_of(value: Any) -> int | None:
    """The number a heading filter writes: a counter's next, a loop's index (None for a loop of
    one item: a list of one carries no 1. or （一）), or the number given."""
    if isinstance(value, Numbering):
        return value.take()
    if isinstance(value, LoopContext):
        return None if value.length == 1 else value.index
    return int(value)


def heading_number(level: int) -> Callable[[Any], str]:
    def number(value: Any) -> str:
        index = _index_of(value)
        if index is None:
            return ""
        if level == 1:
            return f"{chinese_number(index)}、"
        if level == 2:
            return f"（{chinese_number(index)}）"
        if level == 3:
            return f"{index}."
        return f"（{index}）"

    return number


def format_number(value: float | Decimal | int | str, unit: str = "") -> str:
    """A figure with at most two decimals and no trailing zeros, then the unit of measure the
    template names (a metric's own 单位): 12.50 -> 12.5; (12.50, "吨") -> 12.5吨. Rounded half up
    (四舍五入, as statistics are), not half to even: 0.125 -> 0.13. A reading said with its word
    (a sheet's 累计 or a roll-up's 合计 of 取最大: 最大120.3) keeps it: ("最大120.3", "毫米") -> 最大120.3毫米.
    A cell with no figure (未报送, — for a metric the unit's type is not asked, a blank 本期) is written
    as it stands, without the unit: 未报送吨 would say a figure the data does not have."""
    if isinstance(value, str) and value.strip() in NO_FIGURE:
        return value
    said = READING.fullmatch(value) if isinstance(value, str) else None
    if said is not None:
        return said.group(1) + format_number(Decimal(said.group(2)), unit)
    text = f"{Decimal(str(value)).quantize(Decimal('0.01'), rounding=ROUND_HALF_UP):f}".rstrip("0").rstrip(".")
    return f"{text}{unit}"


NO_FIGURE = (MISSING, NOT_APPLICABLE, "")
READING = re.compile(f"({'|'.join(a.word for a in ACCUMULATIONS.values() if a.word)})([0-9.]+)")


def written(value: Any) -> Any:
    """What `{{ value }}` writes: a figure (a Decimal in the context) as the |数字 filter writes it,
    anything else as Jinja would, if XML can hold it. A lazy sequence (a filter's generator, an
    iterator such as `loop`) is refused: the document read "<generator object … at 0x…>". What a
    filter's items hold is looked at first (an attribute the sandbox refused, map(attribute=)),
    so that the refusal names what the template reached for."""
    if isinstance(value, Decimal):
        return format_number(value)
    if isinstance(value, LazySequence):
        for item in value:
            if isinstance(item, Undefined):
                item._fail_with_undefined_error()
        raise NotText()
    if isinstance(value, Iterator):  # (not listed: `{{ loop }}` would run the for loop through)
        raise NotText()
    if isinstance(value, str):
        check_writable(value)
    elif isinstance(value, Collection):  # a dict, list, tuple, a dict's items (): never a 公文's text
        repr(value)  # (an attribute refused inside it is told first: its Undefined refuses its repr)
        raise NotText(COLLECTION)
    return value


_YEAR_IN_BRACKETS = re.compile(r"[\[［【(（〔]\s*((?:19|20)\d{2})\s*[\]］】)）〕]")


def format_wenhao(value: str) -> str:
    """发文字号 with the year in 六角括号 and no zero padding: 永政办[2018]015号 -> 永政办〔2018〕15号."""
    text = _YEAR_IN_BRACKETS.sub(r"〔\1〕", str(value).strip())
    return re.sub(r"〕0*(\d+)号", r"〕\1号", text)


def format_month_name(value: dt.date) -> str:
    """1月份."""
    return f"{value.month}月份"


def format_count(value: int, unit: str = "人次") -> str:
    """共12人次."""
    return f"共{int(value)}{unit}"


def align_width(value: str, width: int = 3) -> str:
    """A short label spread to `width` characters with full-width spaces, as 公文 align names and
    roles in a list: 组长 -> 组　长 (beside 副组长)."""
    text = str(value)
    missing = width - len(text)
    if missing <= 0 or not text:
        return text
    if len(text) == 1:
        return text + "\u3000" * missing
    gaps = len(text) - 1
    out = ""
    for i, char in enumerate(text):
        out += char
        if i < gaps:
            out += "\u3000" * (missing // gaps + (1 if i < missing % gaps else 0))
    return out


def strip_end_punctuation(value: str) -> str:
    """A clerk's sentence without its own final punctuation, for a template that adds its own."""
    return str(value).rstrip("。；;，,.、 ")


# A paragraph's last mark the clerk chose (a question, a colon before a list, an ellipsis) stands;
# one that reads on (a comma, a 顿号) was left by a cut sentence and becomes the full stop.
_PARAGRAPH_ENDS = "。？！；：…?!;:"
_TRAILING_COMMAS = "，,、"
_CLOSING_MARKS = "）)」』”’》〉〕】]"


def end_with_full_stop(value: str) -> str:
    """A clerk's text printed as a paragraph of its own, ending in 。 where it was typed without one."""
    text = str(value)
    body = text.rstrip().rstrip(_TRAILING_COMMAS).rstrip()
    cut = body != text.rstrip()  # it ended in a comma
    if not body or (body[-1] in _PARAGRAPH_ENDS and not cut):
        return text
    if body[-1] in _PARAGRAPH_ENDS:
        return body
    if cut or is_chinese(body[-1]) or body[-1] in _CLOSING_MARKS:
        return body + "。"
    return text


def join_with_dunhao(values: Iterable[Any]) -> str:
    """A list in one sentence, its items parted by 顿号: 甲、乙、丙."""
    return "、".join(str(v) for v in values)


def separator(loop: LoopContext, mark: str = "，") -> str:
    """Inside a loop written in one paragraph: the mark between two items, nothing after the last."""
    if not isinstance(loop, LoopContext):
        raise TypeError("只能用在 loop 上")
    return "" if loop.last else mark


def role_column(role: str, loop: LoopContext) -> str:
    """A roster's role, written on the first line of that role only (组　长：); the later members of
    the same role get as much blank space, so their names line up. Used once per line: it asks the
    loop whether the role changed since the line before."""
    if not isinstance(loop, LoopContext):
        raise TypeError("括号里要写 loop")
    if loop.changed(role):
        return align_width(role) + "："
    return "\u3000" * 4


def total(rows: Iterable[Any], column: str) -> Any:
    """The sum of one column over a list's rows (a table's 合计)."""
    return sum(row[column] if isinstance(row, Mapping) else getattr(row, column) for row in rows)


def one_line(value: str) -> str:
    """A title typed on several lines, on one (to quote it inside a sentence)."""
    return str(value).replace("\n", "")


FILL_IN_LINE = "＿" * 6


def or_fill_in_line(value: Any) -> Any:
    """The value, or a line to write on by hand when it is empty."""
    return value if value else FILL_IN_LINE


# name -> (function, Chinese description, example)
FILTERS: dict[str, tuple[Callable[..., Any], str, str]] = {
    "日期": (format_date, "日期写成“2018年1月22日”（不补零）", "{{ 发文.成文日期|日期 }} → 2018年1月22日"),
    "月日": (
        month_day_in_campaign,
        "只写月日：“1月19日”；活动跨年（如2024年10月至2025年4月）时写出年份：“2025年1月19日”",
        "{{ 活动.开始日期|月日 }} → 1月19日",
    ),
    "年月": (format_month, "只写年月：“2018年2月”", "{{ 活动.开始日期|年月 }} → 2018年1月"),
    "月份": (format_month_name, "写成“1月份”", "{{ r.月份|月份 }} → 1月份"),
    "文号": (
        format_wenhao,
        "发文字号改用六角括号、去掉序号前的0",
        "{{ '永政办[2018]015号'|文号 }} → 永政办〔2018〕15号",
    ),
    "中文数字": (chinese_number, "阿拉伯数字写成汉字：3 → 三", "{{ 活动.阶段|length|中文数字 }} → 三"),
    "一级序号": (
        heading_number(1),
        "一级标题序号：一、；用在“编号()”上时依次取下一个号（省略的标题不占号）",
        "{{ 章|一级序号 }} → 一、（先写 {%p set 章 = 编号() %}）",
    ),
    "二级序号": (
        heading_number(2),
        "二级标题序号：（一）；写 loop 时只有一项的列表不编号",
        "{{ loop|二级序号 }} → （一）",
    ),
    "三级序号": (heading_number(3), "三级标题序号：1.；写 loop 时只有一项的列表不编号", "{{ loop|三级序号 }} → 1."),
    "四级序号": (
        heading_number(4),
        "四级标题序号：（1）；写 loop 时只有一项的列表不编号",
        "{{ loop|四级序号 }} → （1）",
    ),
    "数字": (
        format_number,
        "数字写成最多两位小数、不带多余的0；可在后面写上计量单位（“未报送”“—”照原样写出，不加单位）",
        "{{ 12.50|数字 }} → 12.5；{{ r.本期|数字(r.单位) }} → 12.5吨",
    ),
    "对齐": (align_width, "用全角空格把短词撑到几个字宽，用于名单对齐", "{{ '组长'|对齐(3) }} → 组　长"),
    "去句末标点": (
        strip_end_punctuation,
        "去掉句末的句号、分号、逗号（模板自己加标点时用）",
        "{{ '排查出租房屋。'|去句末标点 }} → 排查出租房屋",
    ),
    "补句号": (
        end_with_full_stop,
        "自成一段的内容没有以句号结尾时补上句号（末尾的逗号改成句号；问号、叹号、冒号、分号、省略号不动）",
        "{{ '建立台账'|补句号 }} → 建立台账。",
    ),
    "顿号连接": (join_with_dunhao, "把列表连成一句，中间用顿号", "{{ 汇总.未报送单位|顿号连接 }} → 甲乡、乙镇"),
    "隔开": (
        separator,
        "在同一段里循环时，两项之间写一个逗号，最后一项后不写；可指定别的符号",
        "{{ loop|隔开 }} → ，；{{ loop|隔开('、') }} → 、",
    ),
    "职务栏": (
        role_column,
        "名单里的职务：同一职务只在第一行写出（撑成三字宽加冒号），以下各行空出同样宽度，姓名对齐",
        "{{ m.小组职务|职务栏(loop) }} → 组　长：",
    ),
    "合计": (total, "列表中某一列数字的合计", "{{ 单位.队伍|合计('人数') }} → 36"),
    "连成一行": (one_line, "去掉换行，把分行写的标题连成一行（在正文中引用标题时用）", "{{ 发文.标题|连成一行 }}"),
    "待填": (
        or_fill_in_line,
        f"没有内容时写一条横线“{FILL_IN_LINE}”，供打印后手写（几栏写在一行、栏间空两格时，一行放不下就在栏间换行）",
        f"{{{{ 统计.填报.填报人|待填 }}}} → {FILL_IN_LINE}",
    ),
    "人次": (format_count, "计数写成“共12人次”，可指定单位", "{{ 12|人次 }} → 共12人次；{{ 3|人次('处') }} → 共3处"),
}


# Filters renamed since a released version: old name -> (new name, what to write for the old one's
# output). A clerk's template of that version is told at setup what to change, not "no such filter".
# The only place generator/ names 0.2.0's money unit (tests/test_kinds.py allows exactly these entries).
RENAMED_FILTERS: dict[str, tuple[str, str]] = {
    # 0.2.0's filter wrote a figure, then its own name as the unit; |数字 takes the unit as its argument.
    "万元": ("数字", "数字('万元')"),
}


def guarded(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
    """A filter that, given a value it cannot take (|日期 on a 发文字号, |数字 on a name), says so
    in the clerk's words and names itself, instead of a Python error."""

    given_context = hasattr(function, "jinja_pass_arg")  # a pass_context filter: the value comes second

    @functools.wraps(function)
    def apply(*args: Any, **kwargs: Any) -> Any:
        try:
            return function(*args, **kwargs)
        except (TypeError, ValueError, AttributeError, ArithmeticError, LookupError) as exc:
            if is_chinese(str(exc)):  # the filter's own message
                raise ValueError(f"写法「|{name}」：{exc}") from None
            value = args[1 if given_context else 0]
            shown = str(value) if len(str(value)) <= 30 else str(value)[:30] + "…"
            raise ValueError(f"写法「|{name}」不能用在「{shown}」上（{FILTERS[name][1]}）") from None

    return apply


# Functions a template may call: name -> (function, Chinese description, example).
GLOBALS: dict[str, tuple[Callable[..., Any], str, str]] = {
    "编号": (
        Numbering,
        "标题编号器：先写 {%p set 章 = 编号() %}，每个一级标题写 {{ 章|一级序号 }}；"
        "被 {%p if %} 省略的标题不占号，后面的标题依次前移；括号里写上各节的内容"
        "（如 编号(总结.数字段, 总结.存在问题)）时，只有一节要印就不编“一、”",
        "{{ 章|一级序号 }}存在问题 → 三、存在问题",
    ),
}
