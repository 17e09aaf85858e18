"""The peers of gongwen's render loop: the same monthly statistics sheets, from the same data, made
by docxtemplater and Carbone (npm packages, when node and npm are here), by the naive docxtpl loop
and by a Python floor, each document written to a real file. benchmarks/bench.py runs each as its
own command and reads the render loop's CPU time from the line it prints:

    python -m benchmarks.peers gongwen|naive|floor WORKSPACE OUTPUT_FOLDER
    python -m benchmarks.peers floor-json WORKSPACE OUTPUT_FOLDER DATA.json
    node benchmarks/node/peers.js docxtemplater|carbone TEMPLATE DATA.json OUTPUT_FOLDER

The npm packages are installed once into ~/.cache/gongwen-bench-node (GONGWEN_BENCH_NODE), never
into the repository. The peers' templates are gongwen's 月报 template with its Jinja tags written in
each tool's own syntax, and their data is the same context with gongwen's filters (月日, 待填)
applied beforehand (neither tool has them). Carbone 3 keeps the paragraphs of its condition tags
as empty paragraphs; otherwise every peer's document says what the naive loop's says
(check_same_text), and gongwen's says the same with each group's name once (its merged cells).

Each loop's process is its whole command. The Python loops read the workbook with gongwen's reader
and compose only the monthly sheets, as `gongwen build --kind 月报` does; the npm peers read the
records from a JSON file, and so does the floor's twin `floor-json`: the two floors' whole commands
differ by what reading and checking the workbook costs.
"""

from __future__ import annotations

import copy
import json
import os
import shutil
import subprocess
import sys
import time
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from lxml import etree

NODE_PACKAGES = ("docxtemplater@3.71", "pizzip@3", "carbone@3.8")
NODE_HOME = Path(os.environ.get("GONGWEN_BENCH_NODE", Path.home() / ".cache" / "gongwen-bench-node"))
NODE_SCRIPT = Path(__file__).with_name("node") / "peers.js"
MONTHLY = "月报"  # the document of the comparison: one statistics sheet per unit and month

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

# gongwen's tag -> the record's key (the peers get the values with gongwen's filters applied)
TAGS = {
    "{{ 单位.名称 }}": "名称",
    "{{ 活动.名称 }}": "活动",
    "{{ 统计.期别 }}": "期别",
    "{{ 统计.开始日期|月日 }}": "开始",
    "{{ 统计.结束日期|月日 }}": "结束",
    "{{ 统计.报送日期 }}": "报送日期",
    "{{ 统计.更正日期 }}": "更正日期",
    "{{ 统计.截止日期|月日 }}": "截止",
    "{{ 统计.填报.填报人|待填 }}": "填报人",
    "{{ 统计.填报.审核人|待填 }}": "审核人",
    "{{ 统计.填报.联系电话|待填 }}": "联系电话",
    "{{ 统计.填报.填报日期|待填 }}": "填报日期",
    "{{ 活动.开始日期|月日 }}": "活动开始",
    "{{ 统计.累计期数 }}": "累计期数",
    "{{ 统计.累计说明 }}": "累计说明",
}
ROW_TAGS = {f"{{{{ r.{name} }}}}": name for name in ("分组", "指标", "单位", "本期", "累计")}
ROWS = "行"
# The template's conditions, as a chain of paragraph blocks each peer opens and closes by name (the
# record says which holds), and one inline condition.
STATUS_CHAIN = (
    ("{%p if not 统计.累计期数 %}", "从未"),
    ("{%p elif not 统计.已报送 %}", "未报送"),
    ("{%p elif 统计.报送状态 == '逾期报送' %}", "逾期"),
    ("{%p elif 统计.更正日期 %}", "更正"),
)
NOTE_CHAIN = (("{%p if 统计.累计说明 %}", "有说明"), ("{%p elif 统计.累计期数 %}", "有累计"))
ENDIF = "{%p endif %}"
INLINE_IF, INLINE_ENDIF, INLINE = "{% if 统计.序号 > 1 %}", "{% endif %}", "此前"
# the late line's own inline condition: a late report corrected since says so
CORRECTED_IF, CORRECTED = "{% if 统计.更正日期 %}", "更正后"
FOR_ROW, ENDFOR_ROW = "{%tr for r in 统计.行 %}", "{%tr endfor %}"


def monthly_jobs(workspace: Path) -> list[Any]:
    """The workspace's monthly statistics sheets, contexts composed (the workbook read and checked),
    as `gongwen build --kind 月报` reads them: no other document's context is composed, and nothing
    of gongwen's renderer is imported (a peer that reads the workbook with gongwen's reader pays for
    the reader and the kinds' declarations it checks against, not for what it does not use)."""
    import generator.output.kinds  # noqa: F401  (the kinds' declarations, which the 文档 sheet is checked against)
    from generator.documents import registry
    from generator.documents.kinds import plan_jobs
    from generator.inputs.validate import load_inputs

    inputs, findings = load_inputs(workspace / "inputs" / "活动数据.xlsx", "inputs", registry.kinds())
    if inputs is None:
        raise SystemExit("\n".join(str(f) for f in findings.items))
    return plan_jobs(inputs, [MONTHLY])


def record(context: dict[str, Any]) -> dict[str, Any]:
    """One sheet's data for the peers: gongwen's context with its filters applied."""
    from generator.render.filters import format_month_day, or_fill_in_line, written

    stats, filed = context["统计"], context["统计"]["填报"]
    never, missing = not stats["累计期数"], not stats["已报送"]
    explained = bool(stats["累计说明"])  # the note naming the periods left out, else the plain one
    summed = bool(stats["累计期数"]) and not explained
    late, corrected = stats["报送状态"] == "逾期报送", bool(stats["更正日期"])
    status = "从未" if never else "未报送" if missing else "逾期" if late else "更正" if corrected else ""
    return {
        "名称": context["单位"]["名称"],
        "活动": context["活动"]["名称"],
        "期别": stats["期别"],
        "开始": format_month_day(stats["开始日期"]),
        "结束": format_month_day(stats["结束日期"]),
        "报送日期": stats["报送日期"],
        "更正日期": stats["更正日期"],
        "截止": format_month_day(stats["截止日期"]),
        "填报人": or_fill_in_line(filed.get("填报人")),
        "审核人": or_fill_in_line(filed.get("审核人")),
        "联系电话": or_fill_in_line(filed.get("联系电话")),
        "填报日期": or_fill_in_line(filed.get("填报日期")),
        "活动开始": format_month_day(context["活动"]["开始日期"]),
        "累计期数": str(stats["累计期数"]),
        "累计说明": stats["累计说明"],
        "状态": status,  # (Carbone compares text)
        **{name: status == name for name in ("从未", "未报送", "逾期", "更正")},
        "有说明": explained,
        "有说明标记": "是" if explained else "否",
        "有累计": summed,
        "有累计标记": "是" if summed else "否",
        INLINE: stats["序号"] > 1,
        "此前标记": "是" if stats["序号"] > 1 else "否",
        CORRECTED: corrected,
        "更正后标记": "是" if corrected else "否",
        ROWS: [{name: str(written(row[name])) for name in ROW_TAGS.values()} for row in stats["行"]],  # 5.5, not 5.50
    }


# --- the peers' templates: gongwen's 月报 with each tool's tags -----------------------------------


def _text(element: etree._Element) -> str:
    return "".join(t.text or "" for t in element.iter(f"{W}t"))


def _set_text(paragraph: etree._Element, text: str) -> None:
    """The paragraph's text in its first w:t; the others emptied (gongwen's templates keep a tag in one run)."""
    texts = list(paragraph.iter(f"{W}t"))
    texts[0].text = text
    for t in texts[1:]:
        t.text = ""


def _replace_tags(root: etree._Element, spell: Callable[[str], str], row_spell: Callable[[str], str]) -> None:
    for t in root.iter(f"{W}t"):
        text = t.text or ""
        for tag, key in TAGS.items():
            text = text.replace(tag, spell(key))
        for tag, key in ROW_TAGS.items():
            text = text.replace(tag, row_spell(key))
        t.text = text


def _control(root: etree._Element, tag: str) -> etree._Element:
    """The paragraph (or, for a {%tr %} tag, the table row) holding a docxtpl control tag."""
    paragraph = next(p for p in root.iter(f"{W}p") if _text(p).strip() == tag)
    if tag.startswith("{%tr"):
        return next(a for a in paragraph.iterancestors(f"{W}tr"))
    return paragraph


def _data_row(root: etree._Element) -> etree._Element:
    row = _control(root, FOR_ROW).getnext()
    assert row is not None and row.tag == f"{W}tr"
    return row


def _cells(row: etree._Element) -> list[etree._Element]:
    return [c for c in row if c.tag == f"{W}tc"]


def _blocks(
    root: etree._Element,
    chain: tuple[tuple[str, str], ...],
    opening: Callable[[str], str],
    closing: Callable[[str], str],
) -> None:
    """A docxtpl if/elif…/endif chain of paragraphs as one block per branch: each branch's paragraph
    opens its block, closing the one before in a paragraph of its own; the endif closes the last."""
    before: str | None = None
    for tag, name in chain:
        paragraph = _control(root, tag)
        _set_text(paragraph, opening(name))
        if before is not None:
            shut = copy.deepcopy(paragraph)
            _set_text(shut, closing(before))
            paragraph.addprevious(shut)
        before = name
    _set_text(_control(root, ENDIF), closing(before or ""))


def _inline(root: etree._Element, opening: str, closing: str, tag: str = INLINE_IF) -> None:
    for t in root.iter(f"{W}t"):
        if tag in (t.text or ""):
            t.text = (t.text or "").replace(tag, opening).replace(INLINE_ENDIF, closing)


def docxtemplater_xml(xml: bytes) -> bytes:
    root = etree.fromstring(xml)
    row = _data_row(root)
    for tag in (FOR_ROW, ENDFOR_ROW):
        found = _control(root, tag)
        found.getparent().remove(found)
    first, last = _cells(row)[0], _cells(row)[-1]
    _set_text(first, "{#" + ROWS + "}" + _text(first))
    _set_text(last, _text(last) + "{/" + ROWS + "}")
    for chain in (STATUS_CHAIN, NOTE_CHAIN):
        _blocks(root, chain, lambda name: "{#" + name + "}", lambda name: "{/" + name + "}")
    _inline(root, "{#" + INLINE + "}", "{/" + INLINE + "}")
    _inline(root, "{#" + CORRECTED + "}", "{/" + CORRECTED + "}", CORRECTED_IF)
    _replace_tags(root, lambda key: "{" + key + "}", lambda key: "{" + key + "}")
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True))


def carbone_xml(xml: bytes) -> bytes:
    root = etree.fromstring(xml)
    row = _data_row(root)
    for tag in (FOR_ROW, ENDFOR_ROW):
        found = _control(root, tag)
        found.getparent().remove(found)
    _replace_tags(root, lambda key: "{d." + key + "}", lambda key: "{d." + ROWS + "[i]." + key + "}")
    repeat = copy.deepcopy(row)  # Carbone repeats the row its [i+1] copy follows
    for t in repeat.iter(f"{W}t"):
        t.text = (t.text or "").replace("[i].", "[i+1].")
    row.addnext(repeat)
    _blocks(root, STATUS_CHAIN, lambda name: "{d.状态:ifEQ(" + name + "):showBegin}", lambda name: "{d.状态:showEnd}")
    _blocks(
        root,
        NOTE_CHAIN,
        lambda name: "{d." + name + "标记:ifEQ(是):showBegin}",
        lambda name: "{d." + name + "标记:showEnd}",
    )
    _inline(root, "{d.此前标记:ifEQ(是):showBegin}", "{d.此前标记:showEnd}")
    _inline(root, "{d.更正后标记:ifEQ(是):showBegin}", "{d.更正后标记:showEnd}", CORRECTED_IF)
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True))


def peer_template(source: Path, target: Path, rewrite: Callable[[bytes], bytes]) -> Path:
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            zout.writestr(info.filename, rewrite(data) if info.filename == "word/document.xml" else data)
    return target


def document_text(path: Path) -> str:
    """A document's words, without spaces (what the clerk reads)."""
    with zipfile.ZipFile(path) as z:
        root = etree.fromstring(z.read("word/document.xml"))
    return "".join(_text(root).split())


def check_same_text(made: dict[str, Path]) -> list[str]:
    """The tools whose document does not say what the first one's says."""
    texts = {tool: document_text(path) for tool, path in made.items()}
    reference = next(iter(texts.values()))
    return [tool for tool, text in texts.items() if text != reference]


# --- npm ---------------------------------------------------------------------------------------


def node_version() -> str:
    """The node that runs the npm peers, and their packages' versions (as installed)."""
    said = subprocess.run(["node", "--version"], capture_output=True, text=True, check=False).stdout.strip()
    installed = []
    for spec in NODE_PACKAGES:
        name = spec.rsplit("@", 1)[0]
        try:
            meta = json.loads((NODE_HOME / "node_modules" / name / "package.json").read_text(encoding="utf-8"))
            installed.append(f"{name} {meta['version']}")
        except (OSError, ValueError, KeyError):
            continue
    return ", ".join([said, *installed])


def node_modules() -> Path | None:
    """The npm packages, installed once outside the repository; None without node or npm (or offline)."""
    node, npm = shutil.which("node"), shutil.which("npm")
    if node is None or npm is None:
        return None
    modules = NODE_HOME / "node_modules"
    names = [spec.rsplit("@", 1)[0] for spec in NODE_PACKAGES]
    if all((modules / name / "package.json").is_file() for name in names):
        return modules
    NODE_HOME.mkdir(parents=True, exist_ok=True)
    if not (NODE_HOME / "package.json").exists():
        (NODE_HOME / "package.json").write_text('{"private": true}\n')
    try:
        subprocess.run(
            [npm, "install", "--no-audit", "--no-fund", "--prefix", str(NODE_HOME), *NODE_PACKAGES],
            capture_output=True,
            timeout=600,
            check=True,
        )
    except (subprocess.SubprocessError, OSError):
        return None
    return modules if all((modules / name / "package.json").is_file() for name in names) else None


# --- the Python loops (each run as `python -m benchmarks.peers LOOP WORKSPACE OUTPUT`) -------------


def gongwen_loop(workspace: Path, out: Path) -> int:
    """gongwen's render loop as a build runs it: the template compiled once, each sheet rendered,
    laid out, checked to open and written to a file."""
    from generator.output.batch import compile_templates, render_all
    from generator.workspace import Workspace

    jobs = monthly_jobs(workspace)
    template = Workspace(workspace).template(MONTHLY, jobs[0].kind)
    started = time.process_time()
    templates = compile_templates({MONTHLY: template})
    render_all(jobs, templates, {MONTHLY: template}, out, 1)
    _say(len(jobs), started)
    return len(jobs)


def naive_loop(workspace: Path, out: Path) -> int:
    """The loop most scripts write, as docxtpl's documentation shows it: a new DocxTemplate per
    document, rendered with a plain autoescaping Jinja environment holding the template's filters
    (gongwen's, and its way of writing a figure), saved. Not gongwen's sandbox: docxtpl does not
    use one (it cost this loop about 6 %)."""
    import jinja2
    from docxtpl import DocxTemplate

    from generator.render.filters import FILTERS, GLOBALS, written
    from generator.workspace import Workspace

    jobs = monthly_jobs(workspace)
    template = str(Workspace(workspace).template(MONTHLY, jobs[0].kind))
    env = jinja2.Environment(autoescape=True, finalize=written)
    env.filters.update({name: function for name, (function, _, _) in FILTERS.items()})
    env.globals.update({name: function for name, (function, _, _) in GLOBALS.items()})
    started = time.process_time()
    for i, job in enumerate(jobs):
        document = DocxTemplate(template)
        document.render(job.context, jinja_env=env)
        document.save(str(out / f"{i}.docx"))
    _say(len(jobs), started)
    return len(jobs)


def _floor_chunks(xml: bytes) -> tuple[list[str], list[str], list[str]]:
    """The docxtemplater template's document.xml cut once: before the data row, the row, after it;
    each a list of alternating static text and keys ({#key} and {/key} stand for their paragraphs)."""
    root = etree.fromstring(xml)
    for paragraph in list(root.iter(f"{W}p")):
        said = _text(paragraph)
        if said.startswith(("{#", "{/")) and said.endswith("}") and said.count("{") == 1:
            marker = etree.Element("block")
            marker.text = said[1:-1]
            paragraph.getparent().replace(paragraph, marker)
    text = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True).decode("utf-8")
    while (at := text.find("<block>")) >= 0:
        end = text.index("</block>", at)
        text = text[:at] + "{" + text[at + len("<block>") : end] + "}" + text[end + len("</block>") :]
    opening = text.index("{#" + ROWS + "}")
    start = max(text.rfind("<w:tr>", 0, opening), text.rfind("<w:tr ", 0, opening))
    end = text.index("</w:tr>", text.index("{/" + ROWS + "}")) + len("</w:tr>")
    row = text[start:end].replace("{#" + ROWS + "}", "").replace("{/" + ROWS + "}", "")
    return _cut(text[:start]), _cut(row), _cut(text[end:])


def _cut(text: str) -> list[str]:
    out, at = [], 0
    while (opening := text.find("{", at)) >= 0:
        closing = text.index("}", opening)
        out += [text[at:opening], text[opening + 1 : closing]]
        at = closing + 1
    return [*out, text[at:]]


def _fill(chunks: list[str], values: dict[str, Any], blocks: dict[str, bool]) -> Iterator[str]:
    """Static text and escaped values; a {#key}…{/key} block only when blocks[key] (paragraph tags
    drop their whole paragraph, as docxtemplater's paragraphLoop does)."""
    skipping = ""
    for i, chunk in enumerate(chunks):
        if i % 2 == 0:
            if not skipping:
                yield chunk
        elif chunk[0] in "#/":
            if chunk[0] == "#" and not skipping and not blocks[chunk[1:]]:
                skipping = chunk[1:]
            elif chunk[0] == "/" and skipping == chunk[1:]:
                skipping = ""
        elif not skipping:
            yield escape(str(values[chunk]))


def floor_loop(workspace: Path, out: Path) -> int:
    """A Python floor for the same documents: the template cut once into static text and keys, each
    document's XML escaped and joined, deflated at level 1, zipped with the template's other parts
    (compressed once), written to a temporary file and renamed into place. No layout guarantees.
    Its data: the workbook read and checked by gongwen's reader, then gongwen's filters applied."""
    from generator.workspace import Workspace

    jobs = monthly_jobs(workspace)
    records = [record(job.context) for job in jobs]
    return _floor(records, Workspace(workspace).template(MONTHLY, jobs[0].kind), out)


def floor_from_json(workspace: Path, out: Path, data: Path) -> int:
    """The same floor with its data as the npm peers get it: `data`, a JSON file of the records,
    read by json.loads; no workbook read, nothing of gongwen imported but its zip writer. Its whole
    command against the floor's own is what reading the workbook with gongwen's reader costs."""
    records = json.loads(data.read_text(encoding="utf-8"))
    return _floor(records, workspace / "templates" / f"{MONTHLY}.docx", out)


def _floor(records: list[dict[str, Any]], source: Path, out: Path) -> int:
    from generator.standard.package import assemble, compress

    started = time.process_time()
    with zipfile.ZipFile(source) as z:
        parts = {name: z.read(name) for name in z.namelist()}
    before, row, after = _floor_chunks(docxtemplater_xml(parts["word/document.xml"]))
    fixed = {name: compress(name, data) for name, data in parts.items() if name != "word/document.xml"}
    for i, values in enumerate(records):
        blocks = {
            name: values[name] for name in ("从未", "未报送", "逾期", "更正", "有说明", "有累计", INLINE, CORRECTED)
        }
        xml = "".join(
            [
                *_fill(before, values, blocks),
                *(text for r in values[ROWS] for text in _fill(row, r, blocks)),
                *_fill(after, values, blocks),
            ]
        )
        entries = [fixed[name] if name in fixed else compress(name, xml.encode("utf-8")) for name in parts]
        tmp = out / f".{i}.tmp"
        tmp.write_bytes(assemble(entries))
        os.replace(tmp, out / f"{i}.docx")
    _say(len(records), started)
    return len(records)


def _say(documents: int, started: float) -> None:
    print(json.dumps({"documents": documents, "loop_cpu_us": (time.process_time() - started) * 1e6}))


LOOPS: dict[str, Callable[..., int]] = {
    "gongwen": gongwen_loop,
    "naive": naive_loop,
    "floor": floor_loop,
    "floor-json": floor_from_json,  # (a fourth argument: the records' JSON file)
}

if __name__ == "__main__":
    loop, workspace, output = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
    output.mkdir(parents=True, exist_ok=True)
    LOOPS[loop](workspace, output, *map(Path, sys.argv[4:]))
