"""The starter templates: one per kind of document, in plain 公文 wording with no campaign's words.

They are what `gongwen init --blank` copies, and what a workspace without its own
template for a document falls back to. The clerk rewrites the wording in Word or WPS.
"""

from __future__ import annotations

from generator.documents.template_parts import (
    H1,
    H2,
    KEEP_NEXT,
    NUMBERING,
    SUMMARY_SECTIONS,
    Blank,
    Block,
    Last,
    P,
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
    description="印发通知，附实施方案",
    blocks=(
        *red_header("{{ 发文.发文机关标志 }}", "{{ 发文.发文字号 }}"),
        para(std.TITLE, "{{ 发文.标题 }}"),
        *Blank(),
        Tag("{%p if 发文.主送机关 %}"),
        para(std.ZHUSONG, "{{ 发文.主送机关 }}："),
        Tag("{%p endif %}"),
        Last("现将《{{ 活动.方案标题 }}》印发给你们，请认真贯彻落实。"),
        *signature_and_date("{{ 发文.发文机关 }}", "{{ 发文.成文日期|日期 }}"),
        para(std.TITLE, "{{ 活动.方案标题 }}", "<w:pageBreakBefore/>"),
        *Blank(),
        P(
            "为做好{{ 活动.名称 }}工作，自{{ 活动.开始日期|日期 }}至{{ 活动.结束日期|日期 }}在{{ 活动.范围 }}开展{{ 活动.名称 }}，制定本方案。"
        ),
        H1("一、工作步骤"),
        P("{{ 活动.名称 }}分{{ 活动.阶段|length|中文数字 }}个阶段进行："),
        Tag("{%p for s in 活动.阶段 %}"),
        H2("{{ loop|二级序号 }}{{ s.名称 }}（{{ s.开始日期|月日 }}至{{ s.结束日期|月日 }}）"),
        P("{{ s.工作内容|补句号 }}"),
        Tag("{%p endfor %}"),
        H1("二、工作要求"),
        P(
            "成立由{{ 活动.领导小组成员单位|顿号连接 }}等单位组成的领导小组，办公室设在{{ 活动.牵头单位 }}。"
            "{% if 活动.方案报送截止 %}各单位于{{ 活动.方案报送截止|日期 }}前将工作方案报送{{ 活动.领导小组办公室 }}。{% endif %}"
            "{% if 活动.报送日历 %}统计报表按{{ 活动.报送周期 }}报送，每期结束后{{ 活动.报送日 }}日内报送。{% endif %}"
            "活动结束后，于{{ 活动.总结报送截止|日期 }}前报送工作总结。"
        ),
        Tag("{%p if 发文.联系人 %}"),
        P(
            "联系人：{{ 发文.联系人 }}，联系电话：{{ 发文.联系电话 }}{% if 发文.电子邮箱 %}，电子邮箱：{{ 发文.电子邮箱 }}{% endif %}。"
        ),
        Tag("{%p endif %}"),
        banji(
            tag_row("{%tr if 发文.抄送机关 %}"),
            banji_row("抄送：{{ 发文.抄送机关 }}。", hanging=3 * std.SIZE_SIHAO * 10),
            tag_row("{%tr endif %}"),
            banji_row("{{ 发文.印发机关 }}", tab_text="{{ 发文.印发日期|日期 }}印发"),
        ),
    ),
)

PLAN = TemplateSource(
    name="方案",
    description="各单位的工作方案",
    blocks=(
        para(std.TITLE, "{{ 单位.方案标题 }}"),
        *Blank(),
        P(
            "根据《{{ 活动.方案标题 }}》{% if 发文.发文字号 %}（{{ 发文.发文字号 }}）{% endif %}要求，结合{{ 单位.自称 }}实际，"
            "{{ 单位.范围用语 }}开展{{ 活动.名称 }}，制定本方案。"
        ),
        NUMBERING,
        *section(
            "组织领导",
            "单位.领导小组",
            [
                P("成立{{ 单位.名称 }}{{ 活动.名称 }}领导小组，组成人员如下："),
                *roster("单位.领导小组", "小组职务", "姓名", "职务"),
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

SHEET = TemplateSource(
    name="报表",
    description="各单位每期的统计报表，A4 横排",
    landscape=True,
    blocks=(
        para(std.TITLE, "{{ 单位.名称 }}{{ 活动.名称 }}统计报表"),
        # 统计.时段: a day's report (报送周期 日) says the day, 10月1日, not 10月1日至10月1日
        para(std.WENHAO, "（{{ 统计.期别 }}　统计时段：{{ 统计.时段 }}）"),
        Tag("{%p if not 统计.已报送 %}"),
        para(std.WENHAO, "本期未报送"),
        Tag("{%p elif 统计.报送状态 == '逾期报送' %}"),
        para(
            std.WENHAO,
            "本期逾期报送（{{ 统计.报送日期 }}报送，截止日期为{{ 统计.截止日期|月日 }}"
            "{% if 统计.更正日期 %}；{{ 统计.更正日期 }}更正{% endif %}）",
        ),
        Tag("{%p elif 统计.更正日期 %}"),
        para(std.WENHAO, "本期按时报送（{{ 统计.报送日期 }}报送），{{ 统计.更正日期 }}报来更正"),
        Tag("{%p endif %}"),
        Block("raw", raw=sheet_table()),
        sheet_footer(),
        Tag("{%p if 统计.累计说明 %}"),
        table_note("注：{{ 统计.累计说明 }}"),
        Tag("{%p endif %}"),
    ),
)

ROLLUP = TemplateSource(
    name="汇总",
    description="每期的统计汇总表，A4 横排",
    landscape=True,
    blocks=(
        para(std.TITLE, "{{ 活动.本级名称 }}{{ 活动.名称 }}统计汇总表"),
        para(
            std.WENHAO,
            # 统计.期别全称: a week with its days, 第3周（3月15日至3月21日）; a month as 统计.期别
            "（{{ 统计.期别全称 }}　{{ 汇总.报送情况 }}）",
        ),
        Tag("{%p for t in 汇总.表 %}"),
        Block("raw", raw=rollup_table()),
        Tag("{%p if not loop.last %}"),
        para(std.SHEET_TEXT),
        Tag("{%p endif %}"),
        Tag("{%p endfor %}"),
        rollup_footer(),
    ),
)

SUMMARY = TemplateSource(
    name="总结",
    description="各单位的工作总结",
    blocks=(
        para(std.TITLE, "{{ 单位.总结标题 }}"),
        *Blank(),
        P(
            "{{ 活动.开始日期|日期 }}至{{ 活动.结束日期|日期 }}，{{ 单位.自称 }}开展了{{ 活动.名称 }}，现将工作情况总结如下。"
        ),
        numbering(*SUMMARY_SECTIONS),
        *section(
            "工作成效",
            "总结.数字段 or 总结.典型案例",
            [
                Tag("{%p if 总结.数字段 %}"),
                P("{{ 总结.数字段 }}"),
                Tag("{%p endif %}"),
                *items("总结.典型案例", "典型案例：{{ x.标题 }}。", "{{ x.内容 }}", run_in=True),
            ],
        ),
        *closing_sections(),
        *signature_and_date("{{ 单位.机关全称 }}", "{{ 总结.日期|日期 }}"),
    ),
)

CAMPAIGN_SUMMARY = TemplateSource(
    name="总体总结",
    description="本级的工作总结：合计、逐期对比、图表、排名",
    blocks=(
        para(std.TITLE, "{{ 本级.总结标题 }}"),
        *Blank(),
        P(
            "{{ 活动.开始日期|日期 }}至{{ 活动.结束日期|日期 }}，{{ 本级.范围 }}开展了{{ 活动.名称 }}，现将工作情况总结如下。"
        ),
        numbering(*SUMMARY_SECTIONS),
        *section(
            "工作成效",
            "总结.数字段 or 总结.典型案例",
            [
                Tag("{%p if 总结.数字段 %}"),
                P("{{ 总结.数字段 }}"),
                Tag("{%p endif %}"),
                *items("总结.典型案例", "典型案例：{{ x.标题 }}。", "{{ x.内容 }}", run_in=True),
            ],
        ),
        Tag("{%p if 总结.应报份数 %}"),
        P(
            "{{ 本级.范围 }}{{ 总结.单位数 }}个单位应报送统计报表{{ 总结.应报份数 }}份，实际报送{{ 总结.报送份数 }}份"
            "{% if 总结.逾期 %}，其中逾期报送的有：{{ 总结.逾期|顿号连接 }}{% endif %}"
            "{% if 总结.缺报 %}；未报送的有：{{ 总结.缺报|顿号连接 }}{% endif %}"
            "{% if 总结.未报送单位 %}；{{ 总结.未报送单位|顿号连接 }}一期统计报表也没有报送，表中不列其数字{% endif %}。"
        ),
        Tag("{%p endif %}"),
        Tag("{%p if 总结.主要指标 %}"),
        para(std.WENHAO, "{{ 总结.图表 }}"),
        Block("raw", raw=main_metrics_table("期别", "总结.逐期", "{{ r.期别 }}")),
        para(std.BODY, "按{{ 总结.排名指标 }}从多到少排列：", KEEP_NEXT),
        Block("raw", raw=main_metrics_table("单位", "总结.排名", "{{ r.单位 }}", number_cell="{{ r.名次 }}")),
        Tag("{%p endif %}"),
        *closing_sections(),
        *signature_and_date("{{ 本级.署名 }}", "{{ 总结.日期|日期 }}"),
    ),
)

TEMPLATE_SOURCES: tuple[TemplateSource, ...] = (NOTICE, PLAN, SHEET, ROLLUP, SUMMARY, CAMPAIGN_SUMMARY)
