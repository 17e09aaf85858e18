"""The template engine as a unit: one small .docx template per case, compiled and rendered directly
(no workspace, no build): escaped braces, and the Chinese message for each kind of template error."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

import docx
import pytest

from generator.errors import InternalError, TemplateError, present
from generator.render.engine import CompiledTemplate
from generator.standard import wordml as wml

COLLECTION = "写出的是一组数据（一张表、一行或一列），不是文字或数字：请写出其中的一项（如 {{ 发文.标题 }}），或用 {% for %} 逐项写出"
LAZY = "写出的是逐项给出的一串内容，不是文字或数字：请用 {% for %} 逐项写出，或在后面加 |join('、') 连成一句"


def template(folder: Path, *paragraphs: str, name: str = "通知.docx") -> Path:
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    path = folder / name
    document.save(str(path))
    return path


def rendered_paragraphs(path: Path, context: dict[str, Any]) -> list[str]:
    compiled = CompiledTemplate(path)
    data = compiled.package(compiled.render(context, "通知/某通知.docx"))
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        body = wml.parse(package.read("word/document.xml"))
    return ["".join(t.text or "" for t in p.iter(wml.qn("w:t"))) for p in body.iter(wml.qn("w:p"))]


def test_escaped_braces_print_as_braces_in_the_template_text_and_a_value_prints_as_typed(tmp_path: Path) -> None:
    path = template(
        tmp_path,
        "写法：{_{ 联系人 }_}、{_% if 条件 %_}",
        "联系人：{{ 联系人 }}",
        "{% if 联系人 %}有联系人{_{ 括号 }_}{% endif %}",
    )
    assert rendered_paragraphs(path, {"联系人": "王{_{五}_}、{_%六%_}"}) == [
        "写法：{{ 联系人 }}、{% if 条件 %}",
        "联系人：王{_{五}_}、{_%六%_}",
        "有联系人{{ 括号 }}",
    ]


@pytest.mark.parametrize(
    ("paragraph", "context", "message"),
    [
        ("{{ 联系人姓名 }}", {}, "用到了没有定义的变量：变量「联系人姓名」没有定义"),
        ("{{ 发文.联系人名 }}", {"发文": {"联系人": "王五"}}, "用到了没有定义的变量：变量「联系人名」没有定义"),
        (
            "{{ 单位列表[5] }}",
            {"单位列表": ["韩村镇"]},
            "用到了没有定义的变量：取的项不存在（序号超出范围，或没有这个名称）",
        ),
        (
            "{{ (单位列表|first).名称 }}",
            {"单位列表": []},
            "用到了没有定义的变量：取的项不存在（序号超出范围，或没有这个名称）",
        ),
        ("{{ 联系人.__class__ }}", {"联系人": "王五"}, "使用了不允许的操作：出于安全原因，模板不能访问「__class__」"),
        (
            "{{ 联系人.format.__globals__ }}",
            {"联系人": "王五"},
            "使用了不允许的操作：出于安全原因，模板不能访问「__globals__」",
        ),
        # A filter that looks attributes up leaves the refusal inside what it returns, which was
        # written as "[Undefined]" (or "<generator object …>") instead of refused.
        *(
            (paragraph, {"发文": {"联系人": "王五"}}, "使用了不允许的操作：出于安全原因，模板不能访问「__class__」")
            for paragraph in (
                "{{ [发文]|map(attribute='__class__') }}",
                "{{ [发文]|map(attribute='__class__')|list }}",
                "{{ [发文]|groupby('__class__') }}",
                "{{ {'值': 发文.__class__} }}",
                "{{ '值' ~ [发文]|map(attribute='__class__')|list }}",
            )
        ),
        (
            "{{ [发文]|map(attribute='联系人名')|list }}",
            {"发文": {"联系人": "王五"}},
            "用到了没有定义的变量：变量「联系人名」没有定义",
        ),
        # A lazy sequence (a filter's generator, an iterator, range) written as it is: a paragraph of
        # constants only was folded when compiled, before the finalize, and the document read
        # "<generator object do_batch at 0x…>"; joined with ~, |string or % it was written so anywhere.
        *(
            (paragraph, {"名单": ["甲", "乙"]}, f"无法生成：{LAZY}")
            for paragraph in (
                "{{ [1, 2]|batch(1) }}",
                "{{ [1, 2]|slice(1) }}",
                "{{ [1, 2]|unique }}",
                "{{ [1, 2]|reverse }}",
                "{{ 名单|map('string') }}",
                "{{ 名单|select }}",
                "{{ range(3) }}",
                "{{ '共' ~ ([1, 2]|batch(1)) }}",
                "{{ 名单|reverse|string }}",
                "{{ '%s'|format(名单|unique) }}",
                "{{ '%s' % (名单|unique,) }}",
                "{{ [[1, 2]|batch(1)] }}",
                "{% for 人 in 名单 %}{{ loop }}{% endfor %}",
            )
        ),
        # A table's row or a list written whole ({{ 发文 }} for {{ 发文.标题 }}): the document read
        # "{'标题': '…', '联系人': '…'}".
        *(
            (paragraph, {"发文": {"联系人": "王五"}, "名单": ["甲", "乙"]}, f"无法生成：{COLLECTION}")
            for paragraph in ("{{ 发文 }}", "{{ 名单 }}", "{{ 发文.items() }}", "{{ (1, 2) }}", "{{ 名单|list }}")
        ),
        ("{% include '附件.docx' %}", {}, "无法生成：模板不能引用其他文件（include、import、extends）"),
        ("{% import '宏.docx' as 宏 %}", {}, "无法生成：模板不能引用其他文件（include、import、extends）"),
        ("{{ 1 / 份数 }}", {"份数": 0}, "无法生成：除数为零"),
        (
            "{{ 联系人 + 1 }}",
            {"联系人": "王五"},
            "无法生成：数据类型不匹配（例如把文字和数字相加，或对文字用了数字的写法）",
        ),
    ],
)
def test_a_template_error_is_told_in_chinese_from_its_type_and_attributes(
    tmp_path: Path, paragraph: str, context: dict[str, Any], message: str
) -> None:
    path = template(tmp_path, "关于开展专项行动的通知", paragraph)
    with pytest.raises(TemplateError) as raised:
        CompiledTemplate(path).render(context, "通知/某通知.docx")
    assert str(raised.value) == f"模板「通知.docx」{message}（正在生成「通知/某通知.docx」）；所在段落：「{paragraph}」"


def test_present_refuses_a_missing_value_with_a_named_error_that_python_o_keeps() -> None:
    assert present(0, "a count") == 0
    with pytest.raises(InternalError, match="the form key is missing"):
        present(None, "the form key")


def test_a_month_and_day_in_a_campaign_across_a_new_year_carry_their_year(tmp_path: Path) -> None:
    """修水县's 森林防火 (2024年10月 to 2025年4月): every plan printed （二）隐患排查阶段（11月1日至2月28日）, a span
    that reads backwards, its 2月28日 either year's. Across a new year |月日 writes the year; within one it
    does not; and a template writing |月日 depends on the campaign's dates (a rebuild when they change)."""
    import datetime as dt

    from generator.render.reads import template_reads

    path = template(tmp_path, "（{{ s.开始日期|月日 }}至{{ s.结束日期|月日 }}）")
    phase = {"开始日期": dt.date(2024, 11, 1), "结束日期": dt.date(2025, 2, 28)}
    across = {"开始日期": dt.date(2024, 10, 1), "结束日期": dt.date(2025, 4, 30)}
    within = {"开始日期": dt.date(2024, 10, 1), "结束日期": dt.date(2024, 12, 31)}
    assert rendered_paragraphs(path, {"s": phase, "活动": across}) == ["（2024年11月1日至2025年2月28日）"]
    assert rendered_paragraphs(path, {"s": phase, "活动": within}) == ["（11月1日至2月28日）"]
    assert {("活动", "开始日期"), ("活动", "结束日期")} <= template_reads(path)
