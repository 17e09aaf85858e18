"""The shipped templates read like a 公文 with a few {{ }} in it (issue 36, item 6).

A clerk who downloads a default template meets only what the guide teaches: a loop, an if on
a value or a comparison, a value with 写法 (filters) after it, and the 编号() heading counter.
Anything cleverer (an inline ``x if c else y``, ``loop.previtem``, ``or '＿＿'``, an English filter)
belongs in a Chinese-named filter or variable instead.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from jinja2 import nodes
from lxml import etree

from generator.render.engine import make_environment
from generator.render.filters import FILTERS, GLOBALS
from generator.workspace import BUNDLED_DIR

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
SHIPPED = sorted(BUNDLED_DIR.glob("*/templates/*.docx"))
# Jinja's own filter the guide teaches ({{ 活动.阶段|length|中文数字 }}); every other one is Chinese.
TAUGHT_BUILTIN_FILTERS = {"length"}
# What a template may ask of a loop: the guide's loop.index, and whether this is the first or last item.
LOOP_ATTRIBUTES = {"index", "first", "last", "length"}


def template_text(docx: Path) -> str:
    """The template's text, paragraph by paragraph, with docxtpl's {%p/{%tr/{%tc made plain Jinja."""
    with zipfile.ZipFile(docx) as package:
        body = etree.fromstring(package.read("word/document.xml"))
    lines = ["".join(t.text or "" for t in p.iter(W + "t")) for p in body.iter(W + "p")]
    text = "\n".join(lines)
    for tag in ("{%p ", "{%tr ", "{%tc "):
        text = text.replace(tag, "{% ")
    # docxtpl's {% colspan n %} (a roll-up's group header over its columns) names a value, as {{ n }} does
    return re.sub(r"\{%\s*colspan\s+([^%]*?)\s*%\}", r"{{ \1 }}", text)


def _is_path(node: nodes.Node) -> bool:
    """活动.名称, s.工作内容, u['包联村（社区）'], loop.first: a value named, nothing computed."""
    if isinstance(node, nodes.Name):
        return True
    if isinstance(node, nodes.Getattr):
        if isinstance(node.node, nodes.Name) and node.node.name == "loop":
            return node.attr in LOOP_ATTRIBUTES
        return _is_path(node.node)
    if isinstance(node, nodes.Getitem):
        return isinstance(node.arg, nodes.Const) and _is_path(node.node)
    return False


def _is_value(node: nodes.Node) -> bool:
    """A path with 写法 after it; a 写法's arguments are constants or names (loop)."""
    if isinstance(node, nodes.Filter):
        known = node.name in FILTERS or node.name in TAUGHT_BUILTIN_FILTERS
        plain_args = all(isinstance(a, nodes.Const | nodes.Name) for a in node.args)
        return known and plain_args and not node.kwargs and node.node is not None and _is_value(node.node)
    return _is_path(node)


def _is_condition(node: nodes.Node) -> bool:
    """A value, a value compared with a constant, or such conditions joined by and/or/not."""
    if isinstance(node, nodes.And | nodes.Or):
        return _is_condition(node.left) and _is_condition(node.right)
    if isinstance(node, nodes.Not):
        return _is_condition(node.node)
    if isinstance(node, nodes.Compare):
        return _is_value(node.expr) and all(isinstance(op.expr, nodes.Const) for op in node.ops)
    return _is_value(node) or isinstance(node, nodes.Const)


def unreadable(template: nodes.Template) -> list[str]:
    """Every construct of `template` outside what the guide teaches, as Jinja would write it back."""
    found: list[str] = []

    def check(body: list[nodes.Node]) -> None:
        for node in body:
            if isinstance(node, nodes.Output):
                found.extend(repr(n) for n in node.nodes if not isinstance(n, nodes.TemplateData) and not _is_value(n))
            elif isinstance(node, nodes.For):
                if not (isinstance(node.target, nodes.Name) and _is_path(node.iter)) or node.test or node.else_:
                    found.append(repr(node.iter))
                check(node.body)
            elif isinstance(node, nodes.If):
                if not _is_condition(node.test):
                    found.append(repr(node.test))
                check(node.body)
                check(list(node.elif_))
                check(node.else_)
            elif isinstance(node, nodes.Assign) and _is_numbering(node):
                continue
            else:
                found.append(repr(node))

    check(template.body)
    return found


def _is_numbering(node: nodes.Assign) -> bool:
    """{%p set 章 = 编号(总结.数字段, …) %}: the guide's heading counter."""
    call = node.node
    return (
        isinstance(call, nodes.Call)
        and isinstance(call.node, nodes.Name)
        and call.node.name in GLOBALS
        and all(_is_condition(a) for a in call.args)
        and not call.kwargs
    )


def _parse(text: str) -> nodes.Template:
    return make_environment().parse(text)


def test_every_example_and_the_starter_ship_templates() -> None:
    assert {p.parent.parent.name for p in SHIPPED} >= {"yongqing", "liuhe", "blank"}
    assert len(SHIPPED) >= 18


@pytest.mark.parametrize("docx", SHIPPED, ids=lambda p: f"{p.parent.parent.name}/{p.stem}")
def test_a_shipped_template_uses_only_loops_ifs_and_filters(docx: Path) -> None:
    assert unreadable(_parse(template_text(docx))) == []


@pytest.mark.parametrize(
    "construct",
    [
        "{{ '汇总' if 单位.是牵头单位 else '报送' }}",
        "{{ 统计.填报.填报人 or '＿＿＿＿＿＿' }}",
        "{{ 发文.标题|replace('\\n', '') }}",
        "{{ 汇总.未报送单位|join('、') }}",
        "{{ 单位.打传队伍|sum(attribute='队员人数') }}",
        "{{ 总结.主要指标[0].名称 ~ '排名' }}",
        "{% if loop.first or loop.previtem.小组职务 != m.小组职务 %}x{% endif %}",
        "{% if 汇总.未报送数 > 汇总.已报送数 %}x{% endif %}",
        "{% set 标题 = 发文.标题 %}",
        "{% for s in 活动.阶段 if s.工作内容 %}x{% endfor %}",
    ],
)
def test_logic_the_guide_does_not_teach_is_found(construct: str) -> None:
    assert unreadable(_parse(construct)) != []


@pytest.mark.parametrize(
    "construct",
    [
        "{{ 发文.成文日期|日期 }}",
        "{{ 活动.阶段|length|中文数字 }}",
        "{{ u['包联村（社区）'] }}",
        "{% for m in 单位.领导小组 %}{{ m.小组职务|职务栏(loop) }}{{ m.姓名 }}{% endfor %}",
        "{% for r in 活动.报送日历 %}{{ r.期别 }}{{ loop|隔开 }}{% endfor %}",
        "{% if not 统计.已报送 %}a{% elif 统计.报送状态 == '逾期报送' %}b{% else %}c{% endif %}",
        "{% if 单位.类型 == '部门' and s.部门工作内容 %}x{% endif %}",
        "{% set 章 = 编号(总结.数字段, 总结.主要做法) %}{{ 章|一级序号 }}",
    ],
)
def test_what_the_guide_teaches_is_accepted(construct: str) -> None:
    assert unreadable(_parse(construct)) == []


def _render(source: str, **context: object) -> str:
    return make_environment().from_string(source).render(**context)


def test_the_roster_filter_writes_each_role_once_and_aligns_the_names() -> None:
    members = [
        {"职务": "组长", "姓名": "甲"},
        {"职务": "副组长", "姓名": "乙"},
        {"职务": "副组长", "姓名": "丙"},
        {"职务": "成员", "姓名": "丁"},
    ]
    text = _render("{% for m in ms %}{{ m.职务|职务栏(loop) }}{{ m.姓名 }}\n{% endfor %}", ms=members)
    assert text.splitlines() == ["组　长：甲", "副组长：乙", "　　　　丙", "成　员：丁"]
    with pytest.raises(ValueError, match=re.escape("写法「|职务栏」：括号里要写 loop")):
        _render("{{ '组长'|职务栏(1) }}")


def test_the_separator_filter_parts_the_items_of_a_loop_written_in_one_sentence() -> None:
    source = (
        "{% for x in xs %}{{ x }}{{ loop|隔开 }}{% endfor %}；{% for x in xs %}{{ x }}{{ loop|隔开('、') }}{% endfor %}"
    )
    assert _render(source, xs=["第1周", "第2周", "第3周"]) == "第1周，第2周，第3周；第1周、第2周、第3周"
    assert _render(source, xs=["全程"]) == "全程；全程"
    with pytest.raises(ValueError, match=re.escape("写法「|隔开」：只能用在 loop 上")):
        _render("{{ 1|隔开 }}")


def test_the_list_filters() -> None:
    assert _render("{{ xs|顿号连接 }}", xs=["甲乡", "乙镇", "A&B"]) == "甲乡、乙镇、A&amp;B"
    assert _render("{{ xs|顿号连接 }}", xs=[]) == ""
    rows = [{"队员人数": 5}, {"队员人数": 7}, {"队员人数": 0}]
    assert _render("{{ rows|合计('队员人数') }}", rows=rows) == "12"
    assert _render("{{ t|连成一行 }}", t="关于开展\n专项检查的通知") == "关于开展专项检查的通知"
    assert _render("{{ a|待填 }}|{{ b|待填 }}", a="张三", b="") == "张三|＿＿＿＿＿＿"
