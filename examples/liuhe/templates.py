"""The wording of the 柳河镇 example's templates: a town's notice, each group's 检查工作安排,
weekly sheets, the weekly roll-up, each group's 检查情况报告 and the town's summary."""

from __future__ import annotations

from generator.documents.template_parts import (
    H1,
    H2,
    NUMBERING,
    SUMMARY_SECTIONS,
    Blank,
    Block,
    Last,
    P,
    RunIn,
    Tag,
    TemplateSource,
    banji,
    banji_row,
    closing_sections,
    items,
    main_metrics_table,
    numbering,
    para,
    red_header,
    rollup_footer,
    rollup_table,
    roster,
    section,
    sheet_footer,
    sheet_table,
    signature_and_date,
    table_note,
    tag_row,
)
from generator.standard import gbt9704 as std

NOTICE = TemplateSource(
    name="通知",
    description="镇政府关于开展专项检查的通知",
    blocks=(
        *red_header("{{ 发文.发文机关标志 }}", "{{ 发文.发文字号 }}"),
        para(std.TITLE, "{{ 发文.标题 }}"),
        *Blank(),
        Tag("{%p if 发文.主送机关 %}"),
        para(std.ZHUSONG, "{{ 发文.主送机关 }}："),
        Tag("{%p endif %}"),
        P(
            "当前已进入春季森林防火期（{{ 活动.防火期 }}），为切实消除森林火灾隐患，镇政府决定"
            "自{{ 活动.开始日期|日期 }}至{{ 活动.结束日期|日期 }}在{{ 活动.范围 }}开展{{ 活动.名称 }}。现将有关事项通知如下。"
        ),
        H1("一、检查分组"),
        P("{{ 活动.范围 }}分为{{ 单位|length|中文数字 }}个检查组，每组包联的村（社区）如下："),
        Tag("{%p for u in 单位 %}"),
        P("{{ u.名称 }}：{{ u['包联村（社区）'] }}。"),
        Tag("{%p endfor %}"),
        H1("二、时间安排"),
        Tag("{%p for s in 活动.阶段 %}"),
        RunIn(
            "{{ loop|二级序号 }}{{ s.名称 }}（{{ s.开始日期|月日 }}至{{ s.结束日期|月日 }}）。",
            "{{ s.工作内容 }}重点是{{ s.重点 }}。",
        ),
        Tag("{%p endfor %}"),
        H1("三、值班安排"),
        Tag("{%p for d in 活动.值班安排 %}"),
        P("{{ d.日期 }}，带班领导{{ d.带班领导 }}，值班电话{{ d.值班电话 }}。"),
        Tag("{%p endfor %}"),
        H1("四、工作要求"),
        RunIn(
            "（一）按周报告。",
            "各检查组每周检查结束后{{ 活动.报送日 }}日内，将本周检查情况报{{ 活动.领导小组办公室 }}"
            "（{% for r in 活动.报送日历 %}{{ r.期别 }}于{{ r.截止日期|月日 }}前{{ loop|隔开 }}{% endfor %}）。",
        ),
        RunIn(
            "（二）及时总结。",
            "检查结束后，各检查组于{{ 活动.总结报送截止|日期 }}前报送检查情况报告。",
        ),
        Tag("{%p if 发文.联系人 %}"),
        Last("联系人：{{ 发文.联系人 }}，联系电话：{{ 发文.联系电话 }}。"),
        Tag("{%p endif %}"),
        *signature_and_date("{{ 发文.发文机关 }}", "{{ 发文.成文日期|日期 }}"),
        banji(
            tag_row("{%tr if 发文.抄送机关 %}"),
            banji_row("抄送：{{ 发文.抄送机关 }}。", hanging=3 * std.SIZE_SIHAO * 10),
            tag_row("{%tr endif %}"),
            banji_row("{{ 发文.印发机关 }}", tab_text="{{ 发文.印发日期|日期 }}印发"),
        ),
    ),
)

PLAN = TemplateSource(
    name="检查安排",
    description="各检查组的检查工作安排：成员、点位、步骤",
    blocks=(
        para(std.TITLE, "{{ 单位.名称 }}检查工作安排"),
        *Blank(),
        P(
            "按照《{{ 发文.标题|连成一行 }}》{% if 发文.发文字号 %}（{{ 发文.发文字号 }}）{% endif %}要求，{{ 单位.名称 }}负责"
            "{{ 单位['包联村（社区）'] }}的{{ 活动.名称 }}，现将{{ 单位.自称 }}工作安排如下。"
        ),
        NUMBERING,
        *section("检查组成员", "单位.检查组成员", roster("单位.检查组成员", "职责", "姓名", "工作单位及职务")),
        *section(
            "检查点位",
            "单位.检查点位",
            [
                P("{{ 单位.范围用语 }}，检查以下点位："),
                Tag("{%p for z in 单位.检查点位 %}"),
                RunIn("{{ loop|二级序号 }}{{ z.点位 }}。", "重点检查{{ z.重点内容|去句末标点 }}。"),
                Tag("{%p endfor %}"),
            ],
        ),
        H1("{{ 章|一级序号 }}工作步骤"),
        Tag("{%p for s in 活动.阶段 %}"),
        H2("{{ loop|二级序号 }}{{ s.名称 }}（{{ s.开始日期|月日 }}至{{ s.结束日期|月日 }}）"),
        P("{{ s.工作内容|补句号 }}"),
        Tag("{%p endfor %}"),
        *signature_and_date("{{ 单位.机关全称 }}", "{{ 单位.方案日期|日期 }}"),
    ),
)

WEEKLY = TemplateSource(
    name="周报",
    description="各检查组每周的检查情况统计表，A4 横排",
    landscape=True,
    blocks=(
        para(std.TITLE, "{{ 单位.名称 }}检查情况周报"),
        para(std.WENHAO, "（{{ 统计.期别 }}：{{ 统计.开始日期|月日 }}至{{ 统计.结束日期|月日 }}）"),
        Tag("{%p if not 统计.已报送 %}"),
        para(std.WENHAO, "{{ 活动.本期用语 }}未报送"),
        Tag("{%p endif %}"),
        Block("raw", raw=sheet_table("{{ 活动.本期用语 }}")),
        sheet_footer(),
        Tag("{%p if 统计.累计说明 %}"),
        table_note("注：{{ 统计.累计说明 }}"),
        Tag("{%p endif %}"),
    ),
)

ROLLUP = TemplateSource(
    name="周汇总",
    description="全镇每周的检查情况汇总",
    landscape=True,
    blocks=(
        para(std.TITLE, "{{ 活动.本级名称 }}{{ 活动.名称 }}情况汇总（{{ 统计.期别 }}）"),
        para(std.WENHAO, "（{{ 统计.开始日期|月日 }}至{{ 统计.结束日期|月日 }}，已报{{ 汇总.已报送数 }}个组）"),
        Tag("{%p for t in 汇总.表 %}"),
        Block("raw", raw=rollup_table()),
        Tag("{%p if not loop.last %}"),
        para(std.SHEET_TEXT),
        Tag("{%p endif %}"),
        Tag("{%p endfor %}"),
        rollup_footer(),
        Tag("{%p if 汇总.未报送单位 %}"),
        table_note("{{ 活动.本期用语 }}未报：{{ 汇总.未报送单位|顿号连接 }}。"),
        Tag("{%p endif %}"),
    ),
)

REPORT = TemplateSource(
    name="检查报告",
    description="各检查组的检查情况报告",
    blocks=(
        para(std.TITLE, "{{ 单位.名称 }}检查情况报告"),
        *Blank(),
        para(std.ZHUSONG, "{{ 活动.领导小组办公室 }}："),
        P(
            "{{ 活动.开始日期|月日 }}至{{ 活动.结束日期|月日 }}，{{ 单位.名称 }}对{{ 单位['包联村（社区）'] }}"
            "开展了{{ 活动.名称 }}。现将检查情况报告如下。"
        ),
        numbering("总结.数字段", *SUMMARY_SECTIONS[1:]),
        *section("检查情况", "总结.数字段", [P("{{ 总结.数字段 }}")]),
        *closing_sections(),
        *signature_and_date("{{ 单位.机关全称 }}", "{{ 总结.日期|日期 }}"),
    ),
)

TOWN_SUMMARY = TemplateSource(
    name="镇总结",
    description="全镇专项检查工作总结：合计、逐周对比、图表、各组排名",
    blocks=(
        para(std.TITLE, "{{ 本级.总结标题 }}"),
        *Blank(),
        P(
            "{{ 活动.开始日期|月日 }}至{{ 活动.结束日期|月日 }}，{{ 本级.范围 }}开展了{{ 活动.名称 }}，"
            "{{ 总结.单位数 }}个检查组共报送周报{{ 总结.报送份数 }}份（应报{{ 总结.应报份数 }}份）。现将有关情况总结如下。"
        ),
        numbering("true", *SUMMARY_SECTIONS[1:]),
        H1("{{ 章|一级序号 }}检查成效"),
        P("{{ 总结.数字段 }}"),
        *items("总结.典型案例", "典型案例：{{ x.标题 }}。", "{{ x.内容 }}", run_in=True),
        Tag("{%p if 总结.逾期 %}"),
        P("逾期报送的周报：{{ 总结.逾期|顿号连接 }}。"),
        Tag("{%p endif %}"),
        Tag("{%p if 总结.缺报 %}"),
        P("未报送的周报：{{ 总结.缺报|顿号连接 }}（图表中该周的合计不含这些组，周次后标“*”）。"),
        Tag("{%p endif %}"),
        Tag("{%p if 总结.未报送单位 %}"),
        P("{{ 总结.未报送单位|顿号连接 }}没有报送任何周报，表中不列其数字。"),
        Tag("{%p endif %}"),
        para(std.WENHAO, "{{ 总结.图表 }}"),
        Block("raw", raw=main_metrics_table("期别", "总结.逐期", "{{ r.期别 }}")),
        *closing_sections(),
        *signature_and_date("{{ 本级.署名 }}", "{{ 总结.日期|日期 }}"),
    ),
)

TEMPLATE_SOURCES: tuple[TemplateSource, ...] = (NOTICE, PLAN, WEEKLY, ROLLUP, REPORT, TOWN_SUMMARY)
