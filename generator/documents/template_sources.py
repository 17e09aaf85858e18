"""The wording of each default template, as data.

Each template is a list of blocks; most are paragraphs in one of the named
GB/T 9704 styles, with docxtpl/Jinja tags where the workbook supplies a fact
(dates, names, offices). The clerk later edits the .docx itself in Word; this
file only defines the first version. The county notice reproduces 永政办〔2018〕15号
word for word when rendered with the example workbook.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from generator.standard import gbt9704 as std
from generator.standard.ooxml import Column, Run, cell_xml, data_table, exact_spacing, paragraph, row_xml, table_xml


@dataclass(frozen=True)
class Block:
    kind: str  # paragraph | spacer | rule | page_break | banji | raw
    style_id: str = ""
    runs: Sequence[Run] = ()
    ppr_extra: str = ""
    height: int = 0
    runs_text: Sequence[str] = ()  # banji rows, as paragraph XML
    raw: str = ""


@dataclass(frozen=True)
class TemplateSource:
    kind: str  # the document kind, also the template's file name
    description: str  # Chinese, shown by `gongwen templates list`
    blocks: Sequence[Block] = field(default_factory=tuple)
    landscape: bool = False  # A4 landscape (GB/T 9704 §8): the statistics tables


def _para(role: std.Role, text: str = "", ppr_extra: str = "") -> Block:
    return Block("paragraph", role.style_id, (Run(text),) if text else (), ppr_extra)


def P(text: str) -> Block:
    return _para(std.BODY, text)


def H1(text: str) -> Block:
    return _para(std.HEADING_1, text)


def H2(text: str) -> Block:
    return _para(std.HEADING_2, text)


KEEP_NEXT = "<w:keepNext/>"


def RunIn(head: str, rest: str, keep_next: bool = False) -> Block:
    """A body paragraph opening with a run-in level-2 heading (楷体)."""
    runs = (Run(head, std.RUN_IN_HEADING_2.style_id), Run(rest))
    return Block("paragraph", std.BODY.style_id, runs, KEEP_NEXT if keep_next else "")


def Last(text: str) -> Block:
    """The last body paragraph: kept on the page of the 署名 that follows it (7.3.5.5)."""
    return _para(std.BODY, text, KEEP_NEXT)


def Blank(count: int = 1) -> list[Block]:
    return [_para(std.BLANK) for _ in range(count)]


def Tag(tag: str) -> Block:
    """A paragraph holding only a docxtpl paragraph tag ({%p ... %}); it vanishes when rendered."""
    return _para(std.BODY, tag)


def red_header(mark: str, wenhao: str) -> list[Block]:
    """版头 (7.2): mark 35 mm under the 版心 top, 发文字号 two lines below, red rule 4 mm under it."""
    return [
        Block("spacer", height=std.MARK_SPACER_HEIGHT),
        _para(std.MARK, mark, exact_spacing(std.MARK_LINE_HEIGHT)),
        *Blank(2),
        _para(std.WENHAO, wenhao),
        Block("rule", height=std.RULE_PARAGRAPH_HEIGHT),
        *Blank(2),
    ]


def signature_and_date(organ: str, date: str) -> list[Block]:
    """Sealed layout (7.3.5.1): room for the seal, 署名 centred over the date, date 右空四字.

    The 署名's right indent depends on the rendered widths; gongwen's layout
    pass sets it after rendering (generator.layout). Every paragraph of the
    block keeps with the next, so 署名 and date never land alone on a page.
    """
    date_indent = f'<w:ind w:right="{std.DATE_RIGHT_INDENT_CHARS * std.SIZE_SANHAO * 10}" w:firstLine="0"/>'
    return [
        *(_para(std.BLANK, "", KEEP_NEXT) for _ in range(std.SEAL_BLANK_LINES)),
        _para(std.SIGNATURE, organ, KEEP_NEXT + date_indent),
        _para(std.DATE, date, date_indent),
    ]


def banji(*rows: str) -> Block:
    return Block("banji", runs_text=rows)


def _banji_row(text: str, *, tab_text: str | None = None, hanging: int = 0) -> str:
    indent = std.BANJI_INDENT
    ind = f'<w:ind w:left="{indent + hanging}" w:right="{indent}" w:hanging="{hanging}"/>'
    runs = [Run(text)]
    tabs = ""
    if tab_text is not None:
        tabs = f'<w:tabs><w:tab w:val="right" w:pos="{std.TYPE_AREA_WIDTH - indent}"/></w:tabs>'
        runs.append(Run(tab_text, tab_before=True))
    ppr = f'{tabs}<w:spacing w:before="0" w:after="0" w:line="{std.BANJI_LINE_HEIGHT}" w:lineRule="exact"/>{ind}'
    return paragraph(std.BANJI.style_id, runs, ppr_extra=ppr)


def _tag_row(tag: str) -> str:
    return paragraph(std.BANJI.style_id, [Run(tag)])


NOTICE_PLAN_BODY: list[Block] = [
    P(
        "为认真贯彻落实党的十九大精神，促进社会和谐稳定，巩固省、市打击传销专项行动和以“招聘、介绍工作”为名从事传销活动专项整治成果，确保人民群众春节安乐祥和。按照省、市政府有关通知要求，县政府决定自{{ 活动.开始日期|日期 }}至{{ 活动.结束日期|月日 }}，在全县开展{{ 活动.名称 }}，特制定本方案："
    ),
    H1("一、目标任务"),
    P(
        "按照“属地监管、守土有责、尽职尽责、打击有效”的打击传销工作原则，通过开展打击传销大排查，使传销违法活动明显减少，消除传销隐患；重点地区形势向好可控，不出现影响稳定的重大问题；打击传销长效工作机制更加完善，群众识别、抵制传销的意识进一步提高，有效防范传销陷阱，不出现集中性、区域性传销，不发生因传销引发的社会群体事件及恶性刑事案件。"
    ),
    H1("二、工作重点"),
    P(
        "（一）重点排查传销举报投诉较为集中的地区，严格排查打击利用互联网以“招聘、介绍工作”“资本运作”“连锁销售”等为幌子的网络传销。"
    ),
    P("（二）排查打击各种形式的“拉人头”传销、集中性与区域性传销活动和网络传销，或具有一定规模和影响的传销组织。"),
    P("（三）依法严惩传销组织者、策划者、骨干分子及教唆、煽动、组织传销人员聚众滋事、暴力抗法的首要分子。"),
    H1("三、工作安排"),
    RunIn(
        "（一）制定工作方案。",
        "各乡镇（区、办），各有关职能部门要根据本《实施方案》要求，结合实际制定打击传销活动排查工作方案，将排查打击工作细化分解到具体部门和人员。于{{ 活动.方案报送截止|日期 }}前将方案报送{{ 活动.领导小组办公室 }}（{{ 活动.牵头单位 }}）。",
    ),
    RunIn(
        "（二）开展排查打击。",
        "各乡镇（区、办），各有关职能部门要缜密排查、全面清理、严厉打击、有效防控，并把打防并举、打早打小，侦破要案、摧毁团伙，揭露危害、铲除土壤，治理乱源、强化管理，立足长久、标本兼治，消除隐患、确保稳定等工作，贯穿打击传销活动大排查全过程，扎实做好各项工作，力争取得明显成效，维护社会和谐稳定。",
    ),
    H1("四、行动步骤"),
    P(
        "打击传销大排查时间从{{ 活动.开始日期|月日 }}起至{{ 活动.结束日期|月日 }}结束，分为{{ 活动.阶段|length|中文数字 }}个阶段："
    ),
    H2("（一）{{ 活动.阶段[0].名称 }}（{{ 活动.阶段[0].开始日期|月日 }}起至{{ 活动.阶段[0].结束日期|月日 }}）"),
    P(
        "各乡镇（区、办），有关部门要结合本地、本部门的实际情况，对举报投诉传销活动较为集中的、曾经发生过、可能滋生传销活动的区域为重点，对涉及的社区、村庄、宾馆、娱乐场所，以及“城中村”、旧城改造区、闲置厂房等房租较低廉的区域进行排查，对辖区内流动人口和出租房屋进行全面清理，准确确定传销组织、人员、窝点、规模及动态，确保不留死角；深挖传销组织者、领导者、策划者和骨干分子，抓捕要害头目；主动筛查经营活动可疑企业及网站，互通信息、共同研判，开展打击网络传销。"
    ),
    H2("（二）{{ 活动.阶段[1].名称 }}（{{ 活动.阶段[1].开始日期|月日 }}至{{ 活动.阶段[1].结束日期|月日 }}）"),
    P(
        "各乡镇（区、办）要加强与工商和食药监局、公安局等部门的沟通联系，并组织精干力量，以端窝点、摧网络、抓头目为整治重点。统一部署重大行动进行集中清理打击，依法查处一批传销大要案件，清理一批传销窝点，摧毁一批传销组织网络，遣散解救受骗参与传销人员，确保打击传销整治行动取得实效。"
    ),
    H2("（三）{{ 活动.阶段[2].名称 }}（{{ 活动.阶段[2].开始日期|月日 }}至{{ 活动.阶段[2].结束日期|月日 }}）"),
    P(
        "各乡镇（区、办）和各部门要对开展传销活动排查打击情况进行经验总结，查找工作薄弱环节和存在的不足，防止因打击不力出现传销“洼地”、打击传销留有死角，严防参与传销人员打而不散、散而又聚，传销活动死灰复燃。要不断完善防范和打击传销工作长效机制，完善“打、防、控、管”体系，巩固执法行动成果。"
    ),
    H1("五、工作措施"),
    RunIn(
        "（一）加强摸底排查。",
        "各乡镇（区、办）要组织打传领导小组对本辖区范围内城乡结合部、出租房屋和流动人口集中区域，以及宾馆、酒店、招待所等场所进行摸排，充分发挥基层组织作用，调动网上网下等各方面参与打传的积极性，专群结合，群策群力，发现一起，取缔一起；对传销重点区域、部位及多发地段，展开拉网式摸底排查，实施重点监控、反复清查。",
    ),
    RunIn(
        "（二）严厉打击传销。",
        "各乡镇（区、办）要加强组织领导，主要领导要亲自过问，将打击传销工作摆上重要位置。主管领导要靠前指挥，加强调度，加强督导，确保各项工作落到实处。各相关部门要按照职责组织开展好打击排查行动，形成强大声势。进一步完善日常巡查及快速查处机制，重点地区要加强打击传销队伍建设，发现传销窝点，立即组织力量进行查处，对传销举报投诉要及时受理和处理，彻底消除传销隐患。",
    ),
    RunIn(
        "（三）完善防控机制。",
        "为有效巩固我县无传销县的良好形象，要切实发挥好政府的领导作用、打传办和工商的组织协调作用、公检法的刑事打击作用、村街（社区）的基层防控作用，把有效打击和防范传销工作落到实处。不断完善打击传销长效防控机制，抓源头、抓制度建设，形成注重预防、群防群治的良好工作格局。",
    ),
    RunIn(
        "（四）开展打防宣传。",
        "各乡镇（区、办）、有关部门要加大打击和预防传销宣传力度，公布打击有奖举报电话，结合自身实际，开展便于群众理解、掌握和防范传销的宣传、教育、咨询、提示、警示、展览等活动，不断增强群众识别、防范、抵制传销的意识。",
    ),
    RunIn(
        "（五）增强应急处置。",
        "各乡镇（区、办）、有关部门要不断完善突发事件处置预案，提高应急处置能力，做到防患于未然。同时，要严格执行突发事件上报制度，遇有重要情况和突发事件，要在第一时间上报当地党委、政府和县打传办。对因工作不力，发生群体性事件，造成严重影响的，按照规定追究有关领导和人员的责任。",
    ),
    H1("六、工作要求"),
    RunIn(
        "（一）加强组织领导。",
        "在县政府的领导下，成立由{{ 活动.领导小组成员单位|join('、') }}等相关部门组成的打击传销领导小组，办公室设在{{ 活动.牵头单位 }}，负责集中排查活动的日常工作，妥善处理因传销引发的各种问题，预防群体性事件发生，确保社会稳定。各乡镇（区、办）也要成立相应组织机构，确保此次活动深入、有序的开展。",
    ),
    RunIn(
        "（二）密切协作配合。",
        "加强属地管辖，继续完善“政府统一领导，公安、工商和食药监为主，多方联动发动群众参与，舆论积极推动”的工作格局。各成员单位要密切协作配合，共同做好线索摸排、案件查处和人员遣散等工作。同时，按照“打、防、控、管”需要，建立和完善部门间、地区间传销信息互通会商机制，线上监测、线下实证、快速反应的传销处置机制，传销属地严控严打机制，实现打早、打小，防止此地打跑彼地，彼地打跑此地。",
    ),
    RunIn(
        "（三）建立打传队伍。",
        "要建立日常打击传销执法队伍，从公安、工商和食药监、综合执法、建设、民政、供电、广电等部门抽调人员，组成专门的打传队伍，负责日常打传工作。同时要强化落实街道、村（居）委会打传工作的主体责任，发挥基层组织情况熟、底数清、行动快等优势，每个街道、村（居）委会都要成立由{{ 活动.队伍最少人数 }}--{{ 活动.队伍最多人数 }}人的打传队伍，做到随发现、随处置，确保一方平安。",
    ),
    RunIn(
        "（四）加强督导检查。",
        "县打传办及其成员单位要深入专项行动的第一线，协调解决端窝点、大案要案查处、突发事件处置、传销人员遣返、经费保障等问题，把握专项行动的正确方向。县政府将组成联合督导组，对大排查工作进行督导。对落实工作不到位，造成严重不良影响的单位和个人，进行责任追究；对破获重大案件以及成绩和贡献突出的相关单位和个人予以表扬。",
    ),
    RunIn(
        "（五）及时反馈情况。",
        "加强信息沟通，大排查期间每月{{ 活动.月报日 }}日前，向县打传办，报送打击传销活动大排查情况统计报表和工作进度情况，活动结束后，请于{{ 活动.总结报送截止|日期 }}前将工作总结，报送{{ 活动.领导小组办公室 }}。重大事项、重大案件等情况随时上报。",
    ),
]

NOTICE = TemplateSource(
    kind="通知",
    description="县级印发通知，附实施方案（红头、版记）",
    blocks=(
        *red_header("{{ 发文.发文机关标志 }}", "{{ 发文.发文字号 }}"),
        _para(std.TITLE, "{{ 发文.标题 }}"),
        *Blank(),
        _para(std.ZHUSONG, "{{ 发文.主送机关 }}："),
        Last("现将《{{ 活动.方案标题 }}》印发给你们，请结合本地本部门的实际情况，认真贯彻落实。"),
        *signature_and_date("{{ 发文.发文机关 }}", "{{ 发文.成文日期|日期 }}"),
        # The printed plan starts on a page of its own.
        _para(std.TITLE, "{{ 活动.方案标题 }}", "<w:pageBreakBefore/>"),
        *Blank(),
        *NOTICE_PLAN_BODY,
        *Blank(),
        P("联 系 人：{{ 发文.联系人 }}"),
        P("联系电话：{{ 发文.联系电话 }}"),
        P("电子邮箱：{{ 发文.电子邮箱 }}"),
        banji(
            _tag_row("{%tr if 发文.抄送机关 %}"),
            _banji_row("抄送：{{ 发文.抄送机关 }}。", hanging=3 * std.SIZE_SIHAO * 10),
            _tag_row("{%tr endif %}"),
            _banji_row("{{ 发文.印发机关 }}", tab_text="{{ 发文.印发日期|日期 }}印发"),
        ),
    ),
)


def AttachmentNote(text: str) -> Block:
    return _para(std.ATTACHMENT_NOTE, text, KEEP_NEXT)


TEAMS_TABLE = data_table(
    [
        Column("序号", "{{ t.序号 }}", 1000, "合计"),
        Column("村（社区）", "{{ t.村 }}", 3400, "{{ 单位.队伍|length }}支"),
        Column("队长", "{{ t.队长 }}", 2400),
        Column("队员人数", "{{ t.人数 }}", std.TYPE_AREA_WIDTH - 6800, "{{ 单位.队伍总人数 }}"),
    ],
    loop="{%tr for t in 单位.队伍 %}",
    total=True,
)

PLAN = TemplateSource(
    kind="方案",
    description="各乡镇（区、办）和部门的打击传销活动大排查工作方案，附打传队伍名单",
    blocks=(
        _para(std.TITLE, "{{ 单位.方案标题 }}"),
        *Blank(),
        P(
            "根据《{{ 活动.方案标题 }}》（{{ 发文.发文字号 }}）要求，为扎实开展{{ 活动.名称 }}，"
            "坚决遏制传销违法活动，维护社会和谐稳定，结合{{ 单位.自称 }}实际，制定本方案。"
        ),
        H1("一、工作目标"),
        P(
            "自{{ 活动.开始日期|日期 }}至{{ 活动.结束日期|日期 }}，在{{ 单位.全境 }}范围内开展{{ 活动.名称 }}，"
            "全面摸清传销活动底数，做到传销窝点早发现、早处置，使传销违法活动明显减少，"
            "不出现集中性、区域性传销，不发生因传销引发的群体性事件和恶性刑事案件。"
        ),
        H1("二、组织领导"),
        P("为加强对{{ 活动.名称 }}工作的组织领导，成立{{ 单位.名称 }}打击传销领导小组，组成人员如下："),
        Tag("{%p for m in 单位.领导小组 %}"),
        P("{{ m.标签 }}{{ m.姓名 }}　{{ m.职务 }}"),
        Tag("{%p endfor %}"),
        Tag("{%p if 单位.日常工作机构 %}"),
        P("领导小组下设办公室，办公室设在{{ 单位.日常工作机构 }}，负责排查工作的组织协调、信息汇总和日常工作。"),
        Tag("{%p endif %}"),
        H1("三、职责分工"),
        RunIn(
            "（一）领导小组。",
            "负责{{ 单位.全境 }}打击传销活动大排查工作的统一领导、统筹部署和督导检查，研究解决工作中的重大问题。",
        ),
        RunIn(
            "（二）领导小组办公室。",
            "负责日常组织协调，汇总排查情况，按时向{{ 活动.领导小组办公室 }}报送统计报表和工作进度情况。",
        ),
        Tag("{%p if 单位.队伍 %}"),
        RunIn(
            "（三）各村（街）、社区。",
            "落实属地责任，组建打传队伍，对本村（街）出租房屋、流动人口进行拉网式排查，发现线索及时上报。",
        ),
        Tag("{%p endif %}"),
        H1("四、排查重点"),
        P("重点对以下区域和场所开展排查："),
        Tag("{%p for z in 单位.排查重点 %}"),
        RunIn("{{ loop.index|二级序号 }}{{ z.类别 }}。", "{{ z.内容 }}。"),
        Tag("{%p endfor %}"),
        H1("五、工作步骤"),
        P(
            "{{ 活动.名称 }}从{{ 活动.开始日期|月日 }}起至{{ 活动.结束日期|月日 }}结束，"
            "分{{ 活动.阶段|length|中文数字 }}个阶段进行："
        ),
        Tag("{%p for s in 活动.阶段 %}"),
        H2("{{ loop.index|二级序号 }}{{ s.名称 }}（{{ s.开始日期|月日 }}至{{ s.结束日期|月日 }}）"),
        Tag("{%p if s.工作内容 %}"),
        P("{{ s.工作内容 }}"),
        Tag("{%p endif %}"),
        Tag("{%p endfor %}"),
        H1("六、工作要求"),
        RunIn(
            "（一）加强组织领导。",
            "领导小组成员要切实提高认识，按照分工履职尽责，确保排查工作不走过场、不留死角。",
        ),
        RunIn(
            "（二）严格信息报送。",
            "大排查期间，每月{{ 活动.月报日 }}日前向{{ 活动.领导小组办公室 }}报送上月打击传销活动大排查情况统计报表"
            "和工作进度情况（{% for r in 活动.月报日历 %}{{ r.截止日期|月日 }}前报送{{ r.月份.month }}月份"
            "{% if not loop.last %}，{% endif %}{% endfor %}），没有情况的实行零报告；"
            "活动结束后，于{{ 活动.总结报送截止|日期 }}前报送工作总结。重大事项、重大案件随时上报。",
        ),
        RunIn(
            "（三）强化督导问责。",
            "领导小组将对排查工作开展情况进行督导检查，对工作不力、造成严重后果的，依规依纪追究有关人员责任。",
            keep_next=True,
        ),
        Tag("{%p if 单位.队伍 %}"),
        _para(std.BLANK, "", KEEP_NEXT),
        AttachmentNote("附件：{{ 单位.名称 }}打传队伍名单"),
        Tag("{%p endif %}"),
        *signature_and_date("{{ 单位.名称 }}", "{{ 单位.方案日期|日期 }}"),
        # 附件 (7.3.7): a new page, "附件" on line 1, its title on line 3, then the table.
        Tag("{%p if 单位.队伍 %}"),
        _para(std.ATTACHMENT_LABEL, "附件"),
        *Blank(),
        _para(std.TITLE, "{{ 单位.名称 }}打传队伍名单"),
        *Blank(),
        Block("raw", raw=TEAMS_TABLE),
        Tag("{%p endif %}"),
        # Word wants a paragraph after a closing table; keep it too thin to spill onto a page.
        Block("spacer", height=20),
    ),
)

_W = std.LANDSCAPE_TYPE_AREA_WIDTH

MONTHLY_TABLE = data_table(
    [
        Column("分组", "{{ r.分组 }}", 2000),
        Column("指标", "{{ r.指标 }}", 5000),
        Column("单位", "{{ r.单位 }}", 1600),
        Column("本月", "{{ r.本月 }}", 2078),
        Column("累计", "{{ r.累计 }}", _W - 10678),
    ],
    loop="{%tr for r in 统计.行 %}",
    text=std.STATS_TEXT,
    header_style=std.STATS_HEADER,
    row_height=std.STATS_ROW_HEIGHT,
)

MONTHLY = TemplateSource(
    kind="月报",
    description="各单位每月的打击传销活动大排查情况统计报表（本月、累计），A4 横排",
    landscape=True,
    blocks=(
        _para(std.TITLE, "{{ 单位.名称 }}打击传销活动大排查情况统计报表"),
        _para(std.WENHAO, "（{{ 统计.月份|年月 }}　统计时段：{{ 统计.开始日期|月日 }}至{{ 统计.结束日期|月日 }}）"),
        Tag("{%p if not 统计.已报送 %}"),
        _para(std.WENHAO, "本月未报送（“本月”一栏为空；“累计”为已报送月份的合计）"),
        Tag("{%p endif %}"),
        Block("raw", raw=MONTHLY_TABLE),
        P("注：累计为{{ 活动.开始日期|月日 }}至{{ 统计.结束日期|月日 }}期间已报送的{{ 统计.累计月数 }}个月的合计。"),
    ),
)


def _loop_cells(tag: str, body: str, end: str, width: int, style: str) -> list[str]:
    """Three cells: the column loop's opening tag, the repeated cell, the closing tag (docxtpl {%tc %})."""
    return [cell_xml(tag, width, style), cell_xml(body, width, style), cell_xml(end, width, style)]


_UNIT_COL = 2600
_METRIC_COL = _W - _UNIT_COL  # shared by the group's metrics after rendering (generator.layout)
_H, _T = std.STATS_HEADER.style_id, std.STATS_TEXT.style_id
_R = std.STATS_ROW_HEIGHT
ROLLUP_TABLE = table_xml(
    [_UNIT_COL, _METRIC_COL],
    [
        row_xml(
            [
                cell_xml("单位", _UNIT_COL, _H),
                *_loop_cells(
                    "{%tc for m in g.指标 %}", "{{ m.名称 }}（{{ m.单位 }}）", "{%tc endfor %}", _METRIC_COL, _H
                ),
            ],
            header=True,
            height=_R,
        ),
        row_xml([cell_xml("{%tr for u in g.行 %}", _UNIT_COL, _T), cell_xml("", _METRIC_COL, _T)], height=_R),
        row_xml(
            [
                cell_xml("{{ u.单位 }}", _UNIT_COL, _T),
                *_loop_cells("{%tc for v in u.值 %}", "{{ v }}", "{%tc endfor %}", _METRIC_COL, _T),
            ],
            height=_R,
        ),
        row_xml([cell_xml("{%tr endfor %}", _UNIT_COL, _T), cell_xml("", _METRIC_COL, _T)], height=_R),
        row_xml(
            [
                cell_xml("合计", _UNIT_COL, _H),
                *_loop_cells("{%tc for v in g.合计 %}", "{{ v }}", "{%tc endfor %}", _METRIC_COL, _T),
            ],
            height=_R,
        ),
    ],
)

ROLLUP = TemplateSource(
    kind="汇总",
    description="全县每月的打击传销活动大排查情况统计汇总表（各单位本月数、合计），A4 横排",
    landscape=True,
    blocks=(
        _para(std.TITLE, "{{ 活动.名称 }}情况统计汇总表"),
        _para(
            std.WENHAO,
            "（{{ 统计.月份|年月 }}　统计时段：{{ 统计.开始日期|月日 }}至{{ 统计.结束日期|月日 }}　"
            "已报送{{ 汇总.已报送数 }}个单位，未报送{{ 汇总.未报送数 }}个）",
        ),
        Tag("{%p for g in 汇总.分组 %}"),
        _para(std.HEADING_1, "{{ loop.index|一级序号 }}{{ g.名称 }}", KEEP_NEXT),
        Block("raw", raw=ROLLUP_TABLE),
        Tag("{%p endfor %}"),
        Tag("{%p if 汇总.未报送单位 %}"),
        P("未报送单位：{{ 汇总.未报送单位|join('、') }}。"),
        Tag("{%p endif %}"),
        P("注：合计为已报送单位的合计；未报送的单位显示为“未报送”，不计入合计。"),
    ),
)


def _items(loop: str, head: str, text: str, run_in: bool) -> list[Block]:
    body = RunIn(head, text) if run_in else P(head + text)
    return [Tag(f"{{%p for x in {loop} %}}"), body, Tag("{%p endfor %}")]


def _closing_sections(numbering_from: int) -> list[Block]:
    """主要做法, 存在问题, 下一步工作打算: the narrative the clerk wrote in the 总结 sheet."""
    n = "一二三四五六"
    return [
        H1(f"{n[numbering_from]}、主要做法"),
        *_items("总结.主要做法", "{{ loop.index|二级序号 }}{{ x.标题 }}。", "{{ x.内容 }}", run_in=True),
        H1(f"{n[numbering_from + 1]}、存在问题"),
        *_items("总结.存在问题", "{{ loop.index|三级序号 }}", "{{ x.内容 }}", run_in=False),
        H1(f"{n[numbering_from + 2]}、下一步工作打算"),
        *_items("总结.下一步打算", "{{ loop.index|三级序号 }}", "{{ x.内容 }}", run_in=False),
    ]


SUMMARY = TemplateSource(
    kind="总结",
    description="各乡镇（区、办）和部门的打击传销活动大排查工作总结（数字取自月报）",
    blocks=(
        _para(std.TITLE, "{{ 单位.总结标题 }}"),
        *Blank(),
        P(
            "根据《{{ 活动.方案标题 }}》（{{ 发文.发文字号 }}）要求，{{ 单位.自称 }}自{{ 活动.开始日期|日期 }}"
            "至{{ 活动.结束日期|日期 }}在{{ 单位.全境 }}范围内开展了{{ 活动.名称 }}，现将工作情况总结如下："
        ),
        H1("一、工作成效"),
        P("{{ 总结.数字段 }}"),
        *_items("总结.典型案例", "典型案例：{{ x.标题 }}。", "{{ x.内容 }}", run_in=True),
        *_closing_sections(1),
        *signature_and_date("{{ 单位.名称 }}", "{{ 总结.日期|日期 }}"),
    ),
)

_S_H, _S_T, _S_R = std.STATS_HEADER.style_id, std.STATS_TEXT.style_id, std.STATS_ROW_HEIGHT
_FIRST, _REST = 2200, std.TYPE_AREA_WIDTH - 2200


def _metric_table(first_header: str, loop: str, first_cell: str) -> str:
    """Rows from `loop`, a first column, then one column per main metric (from the workbook)."""
    return table_xml(
        [_FIRST, _REST],
        [
            row_xml(
                [cell_xml(first_header, _FIRST, _S_H),
                 *_loop_cells("{%tc for m in 总结.主要指标 %}", "{{ m.名称 }}（{{ m.单位 }}）", "{%tc endfor %}", _REST, _S_H)],
                header=True, height=_S_R,
            ),
            row_xml([cell_xml(f"{{%tr for r in {loop} %}}", _FIRST, _S_T), cell_xml("", _REST, _S_T)], height=_S_R),
            row_xml(
                [cell_xml(first_cell, _FIRST, _S_T),
                 *_loop_cells("{%tc for v in r.值 %}", "{{ v }}", "{%tc endfor %}", _REST, _S_T)],
                height=_S_R,
            ),
            row_xml([cell_xml("{%tr endfor %}", _FIRST, _S_T), cell_xml("", _REST, _S_T)], height=_S_R),
        ],
    )  # fmt: skip


COUNTY_SUMMARY = TemplateSource(
    kind="县总结",
    description="全县打击传销活动大排查工作总结：合计、逐月对比、图表、各单位排名和缺报情况",
    blocks=(
        _para(std.TITLE, "{{ 县.总结标题 }}"),
        *Blank(),
        P(
            "根据《{{ 活动.方案标题 }}》（{{ 发文.发文字号 }}）要求，全县自{{ 活动.开始日期|日期 }}"
            "至{{ 活动.结束日期|日期 }}开展了{{ 活动.名称 }}，现将工作情况总结如下："
        ),
        H1("一、工作成效"),
        P("{{ 总结.数字段 }}"),
        P(
            "活动期间，全县{{ 总结.单位数 }}个单位应报送统计报表{{ 总结.应报份数 }}份，实际报送{{ 总结.报送份数 }}份"
            "{% if 总结.缺报 %}；未按时报送的有：{{ 总结.缺报|join('、') }}{% endif %}。"
        ),
        _para(std.HEADING_2, "（一）主要指标逐月变化", KEEP_NEXT),
        _para(std.WENHAO, "{{ 总结.图表 }}"),
        _para(std.WENHAO, "图1　主要指标逐月变化和各单位比较"),
        Block("raw", raw=_metric_table("月份", "总结.逐月", "{{ r.月份 }}")),
        _para(std.HEADING_2, "（二）各单位主要工作量", KEEP_NEXT),
        _para(std.BODY, "按{{ 总结.主要指标[0].名称 }}从多到少排列：", KEEP_NEXT),
        Block("raw", raw=_metric_table("单位", "总结.排名", "{{ r.名次 }}．{{ r.单位 }}")),
        *_closing_sections(1),
        *signature_and_date("{{ 活动.领导小组办公室 }}", "{{ 总结.日期|日期 }}"),
    ),
)

TEMPLATE_SOURCES: tuple[TemplateSource, ...] = (NOTICE, PLAN, MONTHLY, ROLLUP, SUMMARY, COUNTY_SUMMARY)
