"""Turn .docx files into PDF (and PNG pages) with LibreOffice, headless.

Each call gets its own LibreOffice profile directory: concurrent runs on one
profile collide. Fonts are resolved through gongwen's fontconfig file so that
missing official fonts are replaced by Simplified-Chinese look-alikes.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import posixpath
import shutil
import signal
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from importlib import resources
from pathlib import Path

from generator.errors import GongwenError, save_error_log
from generator.inputs.workbook import SpreadsheetNotConverted
from generator.pdf.hints import INSTALL_HINT
from generator.standard import wordml as wml
from generator.standard.gbt9704 import OFFICIAL_FONTS
from generator.standard.package import read_parts, write_atomic, zip_bytes


class ConverterMissing(GongwenError):
    pass


def _installed_locations() -> list[Path]:
    """Where the LibreOffice installers put soffice, for machines where it is not on PATH
    (the Windows installer never adds it; on macOS it is inside the app bundle)."""
    if sys.platform == "win32":
        roots = [os.environ.get(v) for v in ("PROGRAMFILES", "PROGRAMFILES(X86)", "PROGRAMW6432", "LOCALAPPDATA")]
        folders = [Path(r) / "LibreOffice" / "program" for r in roots if r]
        folders += [Path(r) / "Programs" / "LibreOffice" / "program" for r in roots if r]
        return [f / "soffice.exe" for f in folders]
    if sys.platform == "darwin":
        apps = [Path("/Applications"), Path.home() / "Applications"]
        return [a / "LibreOffice.app" / "Contents" / "MacOS" / "soffice" for a in apps]
    return []  # Linux packages put soffice on PATH


def find_soffice() -> str | None:
    """LibreOffice's soffice: GONGWEN_SOFFICE if set, then PATH, then the usual install folders."""
    chosen = os.environ.get("GONGWEN_SOFFICE")
    if chosen:
        return chosen if Path(chosen).is_file() else None
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found:
        return found
    return next((str(p) for p in _installed_locations() if p.is_file()), None)


def fontconfig_file() -> Path:
    return Path(str(resources.files("generator") / "data" / "fonts.conf"))


def for_libreoffice(docx: bytes | Path) -> bytes:
    """The same document, with LibreOffice's misreading of overflowPunct undone, and any cycle of
    w:basedOn cut (LibreOffice 7 crashes on a paragraph whose style is based on itself through
    another: no PDF, a segmentation fault, its temporary files left behind).

    LibreOffice's importer (writerfilter DomainMapper) sets hanging punctuation
    when overflowPunct is 0, the opposite of ECMA-376 and of Word; without this
    a line-ending comma hangs into the margin (29 characters on a line).
    """
    parts = read_parts(docx)
    for name in ("word/styles.xml", "word/document.xml"):
        if name not in parts or (b"overflowPunct" not in parts[name] and b"basedOn" not in parts[name]):
            continue
        root = wml.parse(parts[name])
        changed = name == "word/styles.xml" and wml.break_based_on_cycles(root)
        for setting in wml.iter_descendants(root, "w:overflowPunct"):
            value = wml.get(setting, "w:val")
            if value in ("0", "1"):
                wml.set_attr(setting, "w:val", "1" if value == "0" else "0")
                changed = True
        if changed:
            parts[name] = wml.to_bytes(root)
    _without_body_loops(parts)
    return zip_bytes(parts)


def _without_body_loops(parts: dict[str, bytes]) -> None:
    """The body without a header or footer that is the body itself (its relationship and the
    section's reference to it): Word never saves one, and LibreOffice crashes reading the body into
    its own footer, or refuses the file once only the relationship is gone."""
    rels_name = "word/_rels/document.xml.rels"
    rels = parts.get(rels_name, b"")
    if b"document.xml" not in rels.replace(b"document.xml.rels", b"") or "word/document.xml" not in parts:
        return
    root = wml.parse(rels)
    loops = [
        rel
        for rel in root
        if rel.get("TargetMode") != "External"
        and posixpath.normpath(posixpath.join("word", rel.get("Target", "").lstrip("/").removeprefix("word/")))
        == "word/document.xml"
    ]
    if not loops:
        return
    ids = {rel.get("Id") for rel in loops}
    for rel in loops:
        root.remove(rel)
    parts[rels_name] = wml.to_bytes(root)
    body = wml.parse(parts["word/document.xml"])
    for tag in ("w:headerReference", "w:footerReference"):
        for reference in list(wml.iter_descendants(body, tag)):
            if wml.get(reference, "r:id") in ids:
                reference.getparent().remove(reference)
    parts["word/document.xml"] = wml.to_bytes(body)


# LibreOffice loads a picture linked by address (a w:blip r:link, a web page's <img src>) when it
# opens a document: a clerk's preview or check would tell whoever sent the file that, when and
# from where it was opened. With this in its profile it loads no linked picture at all.
_PROFILE_SETTINGS = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema">
<item oor:path="/org.openoffice.Office.Common/Security/Scripting"><prop oor:name="BlockUntrustedRefererLinks" \
oor:op="fuse"><value>true</value></prop></item>
</oor:items>
"""


def run_soffice(
    soffice: str,
    profile: Path,
    target_format: str,
    out_dir: Path,
    sources: Sequence[Path],
    timeout: float,
    infilter: str | None = None,
) -> subprocess.CompletedProcess[str]:
    """The one way gongwen starts LibreOffice: headless, with a private profile (concurrent runs on
    one profile collide), gongwen's font stand-ins, converting every source in one launch (a
    launch costs about a second). `infilter`: the filter to read the sources with (else by content)."""
    env = _environment(profile)
    reading = [f"--infilter={infilter}"] if infilter else []
    cmd = [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore", *reading,
           "--convert-to", target_format, "--outdir", str(out_dir), *map(str, sources)]  # fmt: skip
    try:
        return subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        _stop_leftovers(profile)
        raise


def _environment(profile: Path) -> dict[str, str]:
    """The profile's settings written before its first launch, and the environment to launch in:
    gongwen's fonts, and LibreOffice's own temporary files in the run's folder (removed with it,
    even when LibreOffice crashes and leaves its lu*.tmp behind)."""
    settings = profile / "user" / "registrymodifications.xcu"
    if not settings.exists():
        settings.parent.mkdir(parents=True, exist_ok=True)
        settings.write_text(_PROFILE_SETTINGS, encoding="utf-8")
    scratch = str(profile / "tmp")
    os.makedirs(scratch, exist_ok=True)
    return dict(os.environ, FONTCONFIG_FILE=str(fontconfig_file()), TMPDIR=scratch, TMP=scratch, TEMP=scratch)


def _stop_leftovers(profile: Path) -> None:
    """subprocess.run's timeout kills the launcher (oosplash), not the soffice.bin it started, which
    would go on converting for minutes: the processes of this run's own profile are stopped too
    (found in /proc; where there is none, the launcher was the process)."""
    marker = profile.as_uri().encode()
    for entry in Path("/proc").glob("[0-9]*"):
        with contextlib.suppress(OSError, ValueError):
            if marker in (entry / "cmdline").read_bytes():
                os.kill(int(entry.name), signal.SIGKILL)


def scratch_folder() -> tempfile.TemporaryDirectory[str]:
    """A temporary folder for one LibreOffice run. `gongwen ui` may be stopped (Ctrl+C, its window
    closed) while a page-1 picture is being drawn in a thread: the folder is then removed at exit
    while soffice may still write in it, and that removal failing must not put a Python traceback
    in the clerk's window."""
    return tempfile.TemporaryDirectory(prefix="gongwen-lo-", ignore_cleanup_errors=True)


def convert_to_pdf(documents: Sequence[Path], out_dir: Path, timeout: float = 300) -> list[Path]:
    """Convert in one LibreOffice call (much cheaper than one call per file)."""
    soffice = find_soffice()
    if soffice is None:
        raise ConverterMissing(f"没有找到 LibreOffice，无法生成 PDF。请先安装：{INSTALL_HINT}")
    out_dir.mkdir(parents=True, exist_ok=True)
    with scratch_folder() as work:
        staged = []
        for i, document in enumerate(documents):
            # One folder per input: two documents may share a name.
            copy = Path(work) / f"in{i}" / document.name
            write_atomic(copy, for_libreoffice(document))
            staged.append(copy)
        try:
            result = run_soffice(soffice, Path(work) / "profile", "pdf", out_dir, staged, timeout)
        except subprocess.TimeoutExpired:  # (subprocess.run has killed it)
            raise GongwenError(f"LibreOffice 在 {timeout:g} 秒内没有转换完（文档异常地长或复杂）") from None
    pdfs = [out_dir / (d.stem + ".pdf") for d in documents]
    missing = [p for p in pdfs if not p.exists()]
    if result.returncode != 0 or missing:
        raise conversion_failed([d.name for d, p in zip(documents, pdfs, strict=True) if p in missing], result)
    return pdfs


def conversion_failed(names: Sequence[str], result: subprocess.CompletedProcess[str]) -> GongwenError:
    """A conversion LibreOffice did not make, told in Chinese: what LibreOffice said is English
    (and its paths, the private profile's), kept in an error log for whoever maintains gongwen,
    never put in the clerk's message (the preview showed it as it was). `names`: the documents
    without a PDF (none when LibreOffice failed but wrote them all)."""
    said = "\n".join(text.strip() for text in (result.stderr, result.stdout) if text.strip())
    where = save_error_log(f"LibreOffice exited with {result.returncode}: {result.args}\n{said}\n") if said else None
    shown = "、".join(f"「{name}」" for name in names[:3]) + (f"等 {len(names)} 个文件" if len(names) > 3 else "")
    what = f"没能把{shown}转成 PDF" if names else f"转换 PDF 时出错（退出码 {result.returncode}）"
    kept = f"LibreOffice 给出的详细信息已保存到 {where}，请发给维护人员" if where else "LibreOffice 没有给出原因"
    return GongwenError(f"LibreOffice {what}；{kept}。请确认这些文件能在 Word 或 WPS 中打开，再试一次")


def convert_spreadsheet(source: Path) -> Path | None:
    """An .xlsx copy of an .xls/.et workbook, made in a temporary folder (the input is untouched).

    None when there is no LibreOffice; SpreadsheetNotConverted when the one there could not
    (LibreOffice Writer alone, without Calc, answers with success and writes nothing).
    """
    soffice = find_soffice()
    if soffice is None:
        return None
    out = Path(tempfile.mkdtemp(prefix="gongwen-xls-"))
    with scratch_folder() as profile:
        try:
            run_soffice(soffice, Path(profile), "xlsx", out, [source], timeout=120)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise SpreadsheetNotConverted(str(exc)) from exc
    converted = out / (source.stem + ".xlsx")
    if not converted.exists():
        raise SpreadsheetNotConverted(source.name)
    return converted


def render_png(
    pdf: Path, out_prefix: Path, dpi: int = 60, first: int | None = None, last: int | None = None
) -> list[Path]:
    """PNG pictures of a PDF's pages (`first` to `last`, 1-based), named `<prefix>-0001.png` ….

    Drawn by PDFium (pypdfium2, a wheel on every platform, Windows included): no poppler or other
    program the clerk would have to install.
    """
    import pypdfium2

    document = pypdfium2.PdfDocument(str(pdf))
    try:
        start = max(1, first or 1)
        stop = min(len(document), last or len(document))
        made = []
        for number in range(start, stop + 1):
            page = document[number - 1]
            try:
                image = page.render(scale=dpi / 72).to_pil()
            finally:
                page.close()
            target = out_prefix.parent / f"{out_prefix.name}-{number:04d}.png"
            image.save(target, format="PNG")
            made.append(target)
        return made
    finally:
        document.close()


# One LibreOffice launch converts at most this many files: given 542 (文安乡's 1,084 documents of a
# daily 汛期 over two workers), soffice exited 0 after 245 of them, the rest never converted.
FILES_PER_LAUNCH = 100


def convert_many(pairs: Sequence[tuple[Path, Path]], workers: int, timeout: float = 900) -> None:
    """Convert each (docx, pdf) pair with a pool of LibreOffice processes, one batch each.

    Every process has its own profile (concurrent runs on one profile collide) and converts
    many files per launch (one launch costs about a second). Inputs are staged under
    numbered names, so documents with the same name in different folders do not collide;
    each PDF is written beside its target atomically.
    """
    from concurrent.futures import ThreadPoolExecutor

    soffice = find_soffice()
    if soffice is None:
        raise ConverterMissing(f"没有找到 LibreOffice，无法生成 PDF（Word 文件已经生成）。请先安装：{INSTALL_HINT}")
    if not pairs:
        return
    count = max(1, min(workers, len(pairs)))
    batches = [list(enumerate(pairs))[i::count] for i in range(count)]

    def run(batch: list[tuple[int, tuple[Path, Path]]]) -> None:
        for start in range(0, len(batch), FILES_PER_LAUNCH):
            run_launch(batch[start : start + FILES_PER_LAUNCH])

    def run_launch(batch: list[tuple[int, tuple[Path, Path]]]) -> None:
        with scratch_folder() as work:
            staged = []
            for index, (docx, _) in batch:
                copy = Path(work) / "in" / f"{index}.docx"
                write_atomic(copy, for_libreoffice(docx))
                staged.append(copy)
            out = Path(work) / "out"
            result = run_soffice(soffice, Path(work) / "profile", "pdf", out, staged, timeout)
            missing = [docx.name for index, (docx, _) in batch if not (out / f"{index}.pdf").exists()]
            for index, (_, target) in batch:
                made = out / f"{index}.pdf"
                if not made.exists():
                    raise conversion_failed(missing, result)
                write_atomic(target, made.read_bytes())

    with ThreadPoolExecutor(max_workers=count) as pool:
        list(pool.map(run, batches))


def missing_fonts() -> list[tuple[str, str]]:
    """Official fonts this machine lacks, each with the face LibreOffice will draw instead."""
    if sys.platform == "win32":  # no fontconfig: the families are read from the font files
        from generator.pdf.fonts import installed_families, windows_font_folders

        families = installed_families(windows_font_folders())
        return [(font, "LibreOffice 自选的相近字体") for font in OFFICIAL_FONTS if font not in families]
    if shutil.which("fc-list") is None or shutil.which("fc-match") is None:
        return []
    listed = subprocess.run(["fc-list", ":", "family"], capture_output=True, text=True, check=False).stdout
    families = {name.strip() for line in listed.splitlines() for name in line.split(",")}
    env = dict(os.environ, FONTCONFIG_FILE=str(fontconfig_file()))
    missing = []
    for font in OFFICIAL_FONTS:
        if font in families:
            continue
        match = subprocess.run(["fc-match", "-f", "%{family[0]}", font], capture_output=True, text=True, env=env)
        missing.append((font, match.stdout.strip() or "（系统默认字体）"))
    return missing


def bundle(pdfs: Sequence[Path], target: Path) -> list[int]:
    """One PDF of many, each starting on an odd page (a blank page after any with an odd count),
    for duplex printing. Returns the page number each document starts on."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    starts: list[int] = []
    for index, path in enumerate(pdfs):
        reader = PdfReader(str(path))
        starts.append(len(writer.pages) + 1)
        for page in reader.pages:
            writer.add_page(page)
        if len(reader.pages) % 2 and index < len(pdfs) - 1:
            last = reader.pages[-1].mediabox
            writer.add_blank_page(width=float(last.width), height=float(last.height))
    buffer = io.BytesIO()
    writer.write(buffer)
    write_atomic(target, buffer.getvalue())
    return starts


PDF_RECORD_NAME = ".gongwen-pdf.json"


def _record_file(document: Path) -> Path | None:
    """The record of the output folder a document is in (any folder up from it that has one)."""
    for folder in document.resolve().parents:
        if (folder / PDF_RECORD_NAME).is_file():
            return folder / PDF_RECORD_NAME
    return None


def _read_record(path: Path) -> dict[str, str]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}


def current_pdfs(documents: Sequence[Path]) -> set[Path]:
    """The documents whose PDF beside them was made from these very bytes of them (by content,
    not by clock: a clock set right again must not make an old PDF look new). Each output
    folder's record is read once."""
    records: dict[Path, dict[str, str]] = {}
    current = set()
    for document in documents:
        record = _record_file(document)
        if record is None or not document.with_suffix(".pdf").exists():
            continue
        if record not in records:
            records[record] = _read_record(record)
        key = document.resolve().relative_to(record.parent).as_posix()
        if records[record].get(key) == hashlib.sha256(document.read_bytes()).hexdigest():
            current.add(document)
    return current


def record_pdfs(output_dir: Path, documents: Sequence[Path]) -> None:
    """Remember which bytes of each .docx its PDF was made from (output/.gongwen-pdf.json)."""
    path = output_dir / PDF_RECORD_NAME
    record = _read_record(path)
    for document in documents:
        key = document.resolve().relative_to(output_dir.resolve()).as_posix()
        record[key] = hashlib.sha256(document.read_bytes()).hexdigest()
    write_atomic(path, (json.dumps(record, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8"))


def page_count(pdf: Path) -> int:
    from pypdf import PdfReader

    return len(PdfReader(str(pdf)).pages)
