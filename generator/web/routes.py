"""The pages: each parses the request, calls one function of generator.app, renders its result."""

from __future__ import annotations

import datetime as dt
import errno
import io
import re
import secrets
import shutil
import zipfile
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

from flask import Blueprint, Response, abort, jsonify, make_response, redirect, render_template, request, send_file
from werkzeug.wrappers import Response as BaseResponse

from generator import app
from generator.app import GongwenError, SelectionError, Workspace
from generator.web import security, uploads
from generator.web.server import state
from generator.web.tasks import DRY_RUN, Task
from generator.web.words import clerk_words, finding_place, finding_said, place_said

pages = Blueprint("pages", __name__)


def _workspace() -> Workspace:
    return state().workspace


def _download(data: bytes | Path, name: str, mimetype: str) -> Response:
    """A file the browser saves under its Chinese name (Werkzeug writes filename*=UTF-8'' per
    RFC 5987 and an ASCII fallback, which Edge, Chrome and Firefox all read)."""
    source = io.BytesIO(data) if isinstance(data, bytes) else data
    return send_file(source, mimetype=mimetype, as_attachment=True, download_name=name)


def _zip(files: Iterable[Path], base: Path) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in files:
            archive.write(path, path.relative_to(base).as_posix())
    return buffer.getvalue()


DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


# --- opening -------------------------------------------------------------------------------------


@pages.get("/")
def open_with_token() -> BaseResponse:
    keys = state().keys
    if security.same(request.cookies.get(security.cookie(state().port)), keys.session):
        return redirect("/workspace", code=303)
    if state().take_token(request.args.get("token")):
        response = redirect("/workspace", code=303)  # the token leaves the address bar and history
        response.set_cookie(security.cookie(state().port), keys.session, httponly=True, samesite="Strict", path="/")
        return response
    if security.same(request.args.get("token"), keys.token):
        return make_response(render_template("error.html", lines=[TOKEN_USED]), 403)
    return make_response(render_template("error.html", lines=[clerk_words(security.NEEDS_TOKEN)]), 403)


@pages.post("/handoff")
def hand_over() -> BaseResponse:
    """A one-time address for a second `gongwen ui` on this workspace to open this page with (the
    guard has checked the secret it read from the clerk's private pages file)."""
    return jsonify(token=state().new_login())


TOKEN_USED = (
    "这个地址里的一次性口令已经用过了，不能再次打开。请回到已经打开的 gongwen 页面；"
    "如果已经关掉了，请再双击一次“打开gongwen”（或再启动一次 gongwen）：不用先停止正在运行的 gongwen，"
    "它会为您重新打开这个页面。"
)


# --- 工作区 ---------------------------------------------------------------------------------------


ON_THE_WORKSPACE_PAGE = "可以在“工作区”页新建一个工作区"
BELOW = "可以在下面“从现有公文新建”或“新建工作区”。"


@pages.get("/workspace")
def workspace_page() -> str:
    ws = _workspace()
    setup = state().reader.setup(ws)  # made in the background when the workbook was read
    if setup is None:  # the reading stopped short (a workbook that does not read): check here, it is quick
        try:
            setup = app.check_setup(ws)  # the workbook and every template, in one round
        except GongwenError as exc:
            setup = exc.lines()
    if isinstance(setup, list):
        if not ws.inputs_dir.is_dir():  # no workspace here: what to do is on this very page, below
            setup = [clerk_words(line).replace(ON_THE_WORKSPACE_PAGE, BELOW) for line in setup]
        return render_template("workspace.html", problem=setup, inputs=None, groups={}, **_new_workspace_form())
    inputs, findings = setup
    groups: dict[str, list[app.Finding]] = defaultdict(list)
    for finding in findings.items:
        if finding.severity is not app.Severity.NOTE:
            groups[finding_place(ws, finding.location)].append(finding)
    return render_template(
        "workspace.html", problem=None, inputs=inputs, findings=findings, groups=dict(groups), **_new_workspace_form()
    )


def _new_workspace_parent() -> Path:
    ws = _workspace()
    return ws.root.parent if ws.inputs_dir.is_dir() else ws.root


def _new_workspace_form() -> dict[str, object]:
    ws = _workspace()
    return {
        "places": {"workbook": ws.workbook, "output": ws.output_dir, "templates": ws.templates_dir},
        "opened": request.args.get("opened", ""),
        "recent": [p for p in app.recent_workspaces() if p != ws.root],
        "examples": app.EXAMPLES(),
        "new_parent": _new_workspace_parent(),
        "import_report": app.import_report(_workspace()),
        "import_suffixes": ",".join(NOTICE_SUFFIXES),
        "attempt": _import_attempt(),
    }


def _import_attempt() -> ImportAttempt | None:
    """The import that just failed, while the notice it kept is still the one kept (else its name only)."""
    attempt = state().answers.get(request.args.get("import", ""))
    if not isinstance(attempt, ImportAttempt):
        return None
    if attempt.kept and state().kept_notice_folder(attempt.kept) is None:  # another try since: choose again
        return ImportAttempt(attempt.name, "", "", attempt.lines)
    return attempt


def _new_workspace_name() -> str:
    """The form's folder name for a new workspace (新建 or 从现有公文新建), refused when unusable."""
    name = security.plain_name(request.form.get("name", ""))
    if name is None:
        raise SelectionError(
            '新工作区的文件夹名不能为空，不能含有 / \\ : * ? " < > | 等字符，'
            "不能是 CON、NUL 这类 Windows 保留名，也不能太长"
        )
    return name


@pages.post("/workspace/new")
def new_workspace() -> BaseResponse:
    name = _new_workspace_name()
    source = request.form.get("source", "")
    if source != app.BLANK and source not in app.EXAMPLES():
        raise SelectionError(f"没有名为「{source}」的示例")
    try:
        _switch_to(app.init(_new_workspace_parent() / name, source))
    except OSError as exc:  # no room, no permission: the clerk's to fix, not a bug
        reasons = {errno.EACCES: "没有写入权限", errno.EPERM: "没有写入权限", errno.ENOSPC: "磁盘已满"}
        why = reasons.get(exc.errno or 0, "无法写入")
        raise SelectionError(f"无法在 {_new_workspace_parent()} 里新建文件夹「{name}」：{why}") from None
    return redirect("/workspace", code=303)


def _switch_to(workspace: Workspace) -> None:
    """Show another workspace: the batch of forms waiting for the earlier one is dropped with it."""
    state().discard_uploads()
    state().workspace = workspace
    app.remember_workspace(workspace.root)


@pages.post("/workspace/switch")
def switch_workspace() -> BaseResponse:
    """One of the recent workspaces, chosen by its place in the list (a path never comes from the page)."""
    wanted = request.form.get("root", "")
    found = next((p for p in app.recent_workspaces() if str(p) == wanted), None)
    if found is None:
        raise SelectionError("这个工作区不在最近打开的列表里了（可能被移走或删除）")
    _switch_to(Workspace(found))
    return redirect("/workspace", code=303)


PLACES = {"workbook": "工作簿", "output": "生成的公文文件夹", "templates": "模板文件夹"}


@pages.post("/workspace/open/<place>")
def open_place(place: str) -> BaseResponse:
    """Open the workbook in Excel or WPS, or a folder in the file manager, on this computer."""
    ws = _workspace()
    paths = {"workbook": ws.workbook, "output": ws.output_dir, "templates": ws.templates_dir}
    if place not in paths:
        abort(404)
    app.open_on_desktop(paths[place])
    return redirect(f"/workspace?opened={place}", code=303)


NOTICE_SUFFIXES = (".docx", ".doc", ".wps", ".txt")


@dataclass(frozen=True)
class ImportAttempt:
    """An import that failed, shown again on the 工作区 page: the folder name as typed, the notice
    kept for the next try (its file name and key; none when the file itself was refused), and why."""

    name: str
    file: str
    kept: str
    lines: tuple[str, ...]


@pages.post("/workspace/import")
def import_workspace() -> BaseResponse:
    """从现有公文新建: the uploaded notice becomes a new workspace beside this one (gongwen import).
    When it fails, the page shows why above the form, with the name typed and, unless the file was
    what was wrong, the file chosen: the clerk corrects what was wrong and clicks again."""
    folder: Path | None = None
    try:
        folder = _notice_folder()
        (saved,) = folder.iterdir()
        made = _imported(saved, _new_workspace_name())
    except GongwenError as exc:
        kept = folder is not None and not app.notice_refused(exc)
        if folder is not None and not kept:
            shutil.rmtree(folder, ignore_errors=True)
        key = state().keep_notice(folder if kept else None)
        file = next(iter(folder.iterdir())).name if folder is not None and kept else ""
        attempt = ImportAttempt(request.form.get("name", "").strip(), file, key, tuple(exc.lines()))
        return redirect(f"/workspace?import={_keep_answer(attempt)}#from-notice", code=303)
    except BaseException:  # a bug: nothing of the clerk's notice stays behind
        if folder is not None:
            shutil.rmtree(folder, ignore_errors=True)
        raise
    state().keep_notice(None)
    shutil.rmtree(folder, ignore_errors=True)
    _switch_to(Workspace(made))
    return redirect("/workspace#import-report", code=303)


def _notice_folder() -> Path:
    """A temporary folder holding the notice to import: the file chosen now, else the one kept from
    the last try (taken: a new failure keeps it again)."""
    upload = request.files.get("notice")
    if upload is not None and upload.filename:
        return uploads.save([upload], NOTICE_SUFFIXES, read_by_content=True)  # a .doc saved as .docx is read
    kept = state().kept_notice_folder(request.form.get("kept", ""))
    if kept is None:
        raise SelectionError("没有收到文件：请选择公文文件（Word 文档、WPS 文字或纯文本）")
    state().kept_notice = None  # the folder is this request's now
    return kept


def _imported(saved: Path, name: str) -> Path:
    """The new workspace's folder, made beside this one from the notice `saved`."""
    try:
        return app.import_notice(saved, _new_workspace_parent() / name).root
    except OSError as exc:
        raise SelectionError(
            f"无法在 {_new_workspace_parent()} 里新建文件夹「{name}」：{exc.strerror or '无法写入'}"
        ) from None


# --- 生成 ----------------------------------------------------------------------------------------

CARDS_PER_PAGE = 48  # one screenful or two of cards: a page of 2,000 documents stays light


def _chosen(name: str) -> str:
    return request.args.get(name, "").strip()


@pages.get("/build")
def build_page() -> str:
    return _build_page(**_dry_run_shown(_chosen("dry_run")), dry_run_task=_dry_run_waiting())


@pages.post("/build/compare")
def compare_changes() -> str:
    """修改对照稿 of the documents the last build updated."""
    _refuse_when_busy()
    return _build_page(comparisons=app.compare(_workspace()))


@pages.post("/build/dry-run")
def dry_run() -> BaseResponse | str:
    """预演: what a build of the chosen kind and units would write, and why, writing nothing. The
    documents whose inputs changed are rendered outside the workspace (as ``build --dry-run`` does),
    in the background: one whose bytes come out the same is 未变化, as the build will find it (after an
    update of gongwen every document is rendered again, and nearly all are). Its page follows it and
    then shows the answer on the 生成 page, above the form as it was filled in."""
    kinds, units = _selection()
    asked = _asked()  # 预演 then 生成公文 of the same choice: the form keeps it
    started = state().tasks.start_dry_run(_workspace(), request.form.get("force") == "1", kinds, units)
    if isinstance(started, str):  # a build (or another task) runs now: said above the form as typed
        return _build_page(asked=asked, refused=[started])
    started.asked = asked
    return redirect(f"/tasks/{started.id}?back=/build", code=303)


def _dry_run_shown(task_id: str) -> dict[str, Any]:
    """The 生成 page's part of a finished 预演: its answer or why it was refused, with its form as filled
    in; nothing once the workspace or its files changed since (the answer would be about other files)."""
    task = state().tasks.finished.get(task_id)
    if task is None or task.what != DRY_RUN or not task.finished:
        return {}
    build = state().tasks.build_of(_workspace())
    if build is not None and build.started > task.started:  # (生成公文 reloads this address when done)
        return {}  # it was about the files this build has written since
    if not task.current(_workspace()):
        return {"refused": ["预演之后工作簿或模板又改过了，这个预演已不作数；请重新点“预演”"]}
    task.seen = True
    if task.errors:
        return {"asked": task.asked, "refused": task.errors}
    return {"asked": task.asked, "predicted": task.predicted}


def _dry_run_waiting() -> Task | None:
    """The workspace's 预演 the 生成 page links to: one still running (the clerk went back from its
    page: its answer then comes here), or one finished whose answer the clerk has not seen and still
    holds (no build since, the same files)."""
    task = state().tasks.dry_runs.get(_workspace().root)
    if task is None or not task.finished:
        return task
    if task.seen or not task.current(_workspace()):
        return None
    build = state().tasks.build_of(_workspace())
    return None if build is not None and build.started > task.started else task


def _asked() -> dict[str, str]:
    """The build form as the clerk filled it in, to show it again."""
    return {name: request.form.get(name, "") for name in ("kind", "units", "force")}


def _selection() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The kind and units the clerk chose for a build (none: everything)."""
    kind = request.form.get("kind", "").strip()
    units = tuple(u for u in re.split(r"[，,、\s]+", request.form.get("units", "")) if u)
    return ((kind,) if kind else ()), units


def warning_groups(findings: Iterable[object], said: Callable[[Any], str] = str) -> list[tuple[str, list[str]]]:
    """Warnings folded by kind: the same sentence about other cells, units or figures is one group.
    `said`: a finding's line as the page shows it."""
    groups: dict[str, list[str]] = {}
    for finding in findings:
        line = said(finding)
        message = getattr(finding, "message", line)
        key = re.sub(r"「[^」]*」|“[^”]*”|[0-9.]+|[A-Z]+[0-9]+", "…", message)
        groups.setdefault(key, []).append(line)
    return sorted(groups.items(), key=lambda item: -len(item[1]))


def proofread_groups(
    findings: Iterable[app.Finding], place: Callable[[app.Location], str] = str
) -> list[tuple[str, list[str]]]:
    """核稿 remarks folded by their kind (〔指标不适用〕: 3,600 of them at 200 units), largest first.
    `place`: where a remark is, as the page says it."""
    groups: dict[str, list[str]] = {}
    for finding in findings:
        remark = finding.message.removeprefix("核稿")
        kind = remark[1 : remark.index("〕")] if remark.startswith("〔") and "〕" in remark else "其他"
        groups.setdefault(kind, []).append(f"{place(finding.location)}：{remark}")
    return sorted(groups.items(), key=lambda item: -len(item[1]))


def _build_page(
    comparisons: list[app.Comparison] | None = None,
    predicted: list[app.Prediction] | None = None,
    asked: dict[str, str] | None = None,
    refused: list[str] | None = None,
    dry_run_task: Task | None = None,
) -> str:
    """The 生成 page; `asked`: the build form as filled in (a 预演's), `refused`: why its 预演 was not made."""
    ws = _workspace()
    try:
        every = app.documents(ws, hand_edits=False)  # the cards shown are asked about hand edits (_cards)
        problem: list[str] = list(refused or [])
    except GongwenError as exc:  # the inputs cannot be read now: say why, above an empty list
        every, problem = [], exc.lines()
    task = state().tasks.build_of(ws)
    if asked is None and task and task.finished and task.errors:  # a build refused: its form as typed
        asked = task.asked
    return render_template(
        "build.html",
        problem=problem,
        **_cards(every),
        task=task,
        busy=state().tasks.busy(),
        **_build_findings(task),
        outcomes=app.Outcome,
        changed=_changed_cards(task),
        comparisons=comparisons,
        predicted=predicted,
        dry_run_task=dry_run_task,
        asked=asked or {},
        thumbnails=app.libreoffice_present(),
        install_hint=app.INSTALL_HINT,
        relative=lambda p: p.relative_to(ws.output_dir).as_posix(),
    )


def _build_findings(task: Task | None) -> dict[str, list[tuple[str, list[str]]]]:
    """The last build's warnings and its 核稿 remarks, each folded by kind."""
    warnings = task.report.findings.warnings if task and task.report else []
    ws = _workspace()

    return {
        "warnings": warning_groups((w for w in warnings if not w.is_proofread), lambda w: finding_said(ws, w)),
        "proofread": proofread_groups((w for w in warnings if w.is_proofread), lambda at: place_said(ws, at)),
    }


def _cards(every: list[app.DocumentFile]) -> dict[str, Any]:
    """The documents the filter (kind, unit, period) keeps, one page of them by kind, and every kind's counts."""
    kind, unit, period = _chosen("kind"), _chosen("unit"), _chosen("period")
    shown = [
        d
        for d in every
        if (not kind or d.document == kind) and unit in (d.unit or "") and (not period or d.period == period)
    ]
    pages_count = max(1, -(-len(shown) // CARDS_PER_PAGE))
    page = min(int(_chosen("page")) if _chosen("page").isdecimal() else 1, pages_count) or 1
    by_document: dict[str, list[app.DocumentFile]] = defaultdict(list)
    for document in app.hand_edited(_workspace(), shown[(page - 1) * CARDS_PER_PAGE : page * CARDS_PER_PAGE]):
        by_document[document.document].append(document)
    kinds: dict[str, list[app.DocumentFile]] = defaultdict(list)
    for document in every:
        kinds[document.document].append(document)
    return {
        "by_document": dict(by_document),
        "kinds": dict(kinds),
        "periods": list(dict.fromkeys(d.period for d in every if d.period)),
        "chosen": {"kind": kind, "unit": unit, "period": period},
        "page": page,
        "pages_count": pages_count,
        "shown_count": len(shown),
    }


def _changed_cards(task: Task | None) -> dict[Path, list[str]]:
    """The documents the last build on this page rewrote, with what changed in each (their cards are marked)."""
    if task is None or not task.finished or task.report is None:
        return {}
    return {w.path: [c.line for c in w.changes] for w in task.report.changed}


def _wants_json() -> bool:
    return request.headers.get("Accept") == "application/json"


def _refuse_when_busy() -> None:
    """Work that takes the workspace lock waits for the page's own task, named in plain words."""
    busy = state().tasks.busy()
    if busy:
        raise SelectionError(busy)


def _started(result: Task | str, back: str) -> BaseResponse:
    """The answer to a start: the task's progress (JSON for the page's script, else its own page)."""
    if isinstance(result, str):
        if _wants_json():
            return jsonify(started=False, busy=result)
        raise SelectionError(result)
    if _wants_json():
        return jsonify(started=True, **result.as_json())
    return redirect(f"/tasks/{result.id}?back={back}", code=303)


@pages.post("/build/start")
def start_build() -> BaseResponse:
    kinds, units = _selection()
    result = state().tasks.start_build(_workspace(), force=request.form.get("force") == "1", kinds=kinds, units=units)
    if not isinstance(result, str):  # shown again in the form if the build is refused (a unit mistyped)
        result.asked = _asked()
    if isinstance(result, str) and not _wants_json():
        raise SelectionError(result)
    if _wants_json():
        return jsonify(started=not isinstance(result, str), busy=result if isinstance(result, str) else None)
    return redirect("/build", code=303)


@pages.get("/build/status")
def build_status() -> BaseResponse:
    task = state().tasks.build_of(_workspace())
    return jsonify(task.as_json() if task else {"total": 0, "done": 0, "finished": True, "failed": False})


@pages.get("/alive")
def alive() -> BaseResponse:
    """The page asks now and then, to notice a server that stopped (the window closed, Ctrl+C)."""
    return jsonify(alive=True, busy=state().tasks.busy())


@pages.get("/tasks/<task_id>")
def task_page(task_id: str) -> BaseResponse | str:
    task = state().tasks.finished.get(task_id)
    if task is None:
        raise SelectionError("这项工作已经结束（或 gongwen 重新启动过）；请回到原来的页面再点一次")
    if _wants_json():
        return jsonify(task.as_json())
    if task.what == DRY_RUN and task.finished:  # its answer is the 生成 page's, above the form
        return redirect(f"/build?dry_run={task.id}#plan", code=303)
    back = request.args.get("back", "/build")
    back = back if back.startswith("/") and not back.startswith("//") else "/build"  # our own pages only
    return render_template("task.html", task=task, back=back)


@pages.get("/tasks/<task_id>/file")
def task_file(task_id: str) -> Response:
    task = state().tasks.finished.get(task_id)
    if task is None or task.download is None or not task.finished:
        abort(404)
    path, name, mimetype = task.download
    return _download(path, name, mimetype)


@pages.get("/files/<path:relative>")
def download_output(relative: str) -> Response:
    target = security.inside(_workspace().output_dir, relative)
    if target is None:
        abort(404)
    types = {".docx": DOCX, ".xlsx": XLSX, ".pdf": "application/pdf", ".png": "image/png"}
    opened = security.open_served(target) if target.suffix in types else None
    if opened is None:
        abort(404)
    return send_file(opened, mimetype=types[target.suffix], as_attachment=True, download_name=target.name)


@pages.get("/thumbnails/<path:relative>")
def thumbnail(relative: str) -> Response:
    """The picture when it is drawn; otherwise 503 with Retry-After, and it is drawn meanwhile."""
    target = security.inside(_workspace().output_dir, relative)
    if target is None or target.suffix != ".docx":
        abort(404)
    picture = app.cached_thumbnail(target)
    if picture is None:
        state().thumbnails.want(target)
        return Response(status=503, headers={"Retry-After": "2"})
    return Response(picture, content_type="image/png")


@pages.get("/thumbnail-progress")
def thumbnail_progress() -> BaseResponse:
    """How many of the page-1 pictures asked for are drawn (the 生成 page shows 正在画缩略图 N / M)."""
    return jsonify(state().thumbnails.as_json())


def _files_of(document: str) -> list[Path]:
    files = [d.path for d in app.documents(_workspace()) if d.document == document and d.exists]
    if not files:
        raise SelectionError(f"还没有生成「{document}」，请先在“生成”页点“生成公文”")
    return files


@pages.get("/zip/<document>")
def zip_of_document(document: str) -> Response:
    ws = _workspace()
    return _download(_zip(_files_of(document), ws.output_dir), f"{document}.zip", "application/zip")


@pages.post("/bundle/<document>")
def bundle(document: str) -> BaseResponse:
    """打印合订本, made in the background (LibreOffice takes a while): the page follows it."""
    ws = _workspace()

    def work(task: Task) -> None:
        report = app.bundle(ws, document, app.default_jobs())
        task.download = (report.target, report.target.name, "application/pdf")

    return _started(state().tasks.start(f"制作「{document}」打印合订本", ws, work), "/build")


@pages.post("/preview/<path:relative>")
def preview(relative: str) -> BaseResponse:
    """Every page of one document as pictures (LibreOffice draws them in the background)."""
    ws = _workspace()
    target = security.inside(ws.output_dir, relative)
    if target is None or target.suffix != ".docx":
        abort(404)

    def work(task: Task) -> None:
        _, pictures = app.preview(ws, target, dpi=60)
        task.pictures = [p.relative_to(ws.output_dir).as_posix() for p in pictures]
        task.total = task.done = len(pictures)

    return _started(state().tasks.start(f"预览「{target.stem}」的全部页面", ws, work), "/build")


@pages.get("/pictures/<path:relative>")
def picture(relative: str) -> Response:
    """A page picture of a preview, shown in the page (not downloaded)."""
    target = security.inside(_workspace().output_dir, relative)
    if target is None or target.suffix != ".png":
        abort(404)
    return send_file(target, mimetype="image/png")


@pages.post("/pdfs/<document>")
def pdfs(document: str) -> BaseResponse:
    """A PDF beside each document of a kind, made in the background."""
    ws = _workspace()
    files = _files_of(document)

    def work(task: Task) -> None:
        task.total = len(files)
        app.make_pdfs(ws, files, app.default_jobs())
        task.done = task.total

    return _started(state().tasks.start(f"把「{document}」转成 PDF", ws, work), "/build")


# --- 报表 ----------------------------------------------------------------------------------------


@pages.get("/reports")
def reports_page() -> str:
    return _reports_page(None)


def _reports_page(
    report: app.CollectReport | None,
    upload_id: str | None = None,
    merged: bool = False,
    error: str | None = None,
    choice: str = "",
    periods: Sequence[Any] | None = None,
) -> str:
    """The 报表 page; with a batch's report, its choices (blank cells, duplicates) or the retry after `error`.
    `periods`: the campaign's, when known without reading the workbook (a merge's page)."""
    periods = app.load(_workspace()).campaign.periods if periods is None else periods
    uploaded = next((item.period for item in report.items if item.period), None) if report else None
    return render_template(
        "reports.html",
        periods=periods,
        current=collected_period(periods, dt.date.today()),
        uploaded=uploaded,
        report=report,
        upload_id=upload_id,
        merged=merged,
        error=error,
        choice=choice,
        refused_files=state().refused_files.get(upload_id or "", []),
    )


@pages.post("/reports/forms")
def download_forms() -> BaseResponse:
    """The period's forms as one zip, made in the background (200 units take a while)."""
    ws = _workspace()
    period = request.form.get("period", "")
    server = state()

    def work(task: Task) -> None:
        report = app.forms(ws, period)
        files = [*report.written, *report.kept]
        target = server.made_folder() / f"{report.period_name}填报表.zip"
        target.write_bytes(_zip(files, files[0].parent))
        task.download = (target, target.name, "application/zip")

    return _started(server.tasks.start(f"准备填报表（{period}）", ws, work), "/reports")


@pages.post("/reports/upload")
def upload_forms() -> BaseResponse:
    """The returned forms: the good ones wait for the clerk's 确认并入, each bad file says how to fix it.
    The answer is a page of its own (refreshing it or Back does not upload again)."""
    folder, refused = uploads.save_good(request.files.getlist("forms"), (".xlsx",), unpack_zips=True)
    try:
        # records in the 台账 which forms must be sent again, and the files not taken that name a unit
        app.collect(_workspace(), folder, merge=False, unread=[r.name for r in refused])
    except BaseException:  # the workbook cannot be read now: nothing waits to be merged
        shutil.rmtree(folder, ignore_errors=True)
        raise
    upload_id = secrets.token_urlsafe(12)
    state().discard_uploads()  # an earlier batch not confirmed is replaced by this one
    state().uploads[upload_id] = folder
    state().refused_files[upload_id] = refused
    return redirect(f"/reports/batch/{upload_id}#collect-report", code=303)


@pages.get("/reports/batch/<upload_id>")
def batch_page(upload_id: str) -> BaseResponse | str:
    if upload_id in state().merged:
        return redirect(f"/reports/merged/{upload_id}#collect-report", code=303)
    folder = state().uploads.get(upload_id)
    if folder is None:
        raise SelectionError("这批报表已过期（只保留最近上传的一批）；请重新上传")
    return _reports_page(app.collect(_workspace(), folder, merge=False), upload_id)


# The clerk's choice for forms with blank cells: merge their filled cells, or leave them out.
FILLED_ONLY = "filled"


@pages.post("/reports/merge/<upload_id>")
def merge_forms(upload_id: str) -> BaseResponse | str:
    if upload_id in state().merged:  # Back and 再提交, or a second click: it was merged once, show that
        return redirect(f"/reports/merged/{upload_id}#collect-report", code=303)
    _refuse_when_busy()
    folder = state().uploads.pop(upload_id, None)
    if folder is None:
        raise SelectionError("这批报表已过期（只保留最近上传的一批）；请重新上传")
    choice = request.form.get("blanks", "")
    periods = app.load(_workspace()).campaign.periods  # read for the batch's page: at once
    try:
        report = app.collect(_workspace(), folder, merge=True, filled_only=choice == FILLED_ONLY)
    except app.GongwenError as exc:
        state().uploads[upload_id] = folder  # nothing was merged: the same batch can be merged again
        if not app.workbook_in_use(exc):
            raise
        preview = app.collect(_workspace(), folder, merge=False, filled_only=choice == FILLED_ONLY)
        return _reports_page(preview, upload_id, error=str(exc), choice=choice)
    shutil.rmtree(folder, ignore_errors=True)
    state().merged[upload_id] = (report, periods)
    return redirect(f"/reports/merged/{upload_id}#collect-report", code=303)


@pages.get("/reports/merged/<upload_id>")
def merged_page(upload_id: str) -> str:
    """What a merge did, at once (the changed workbook is read when a page needs it, not before the
    clerk sees the result); refreshing it shows it again (it merges nothing)."""
    found = state().merged.get(upload_id)
    if found is None:
        raise SelectionError("没有这批报表的并入记录（gongwen 重新启动过）；报表页的台账显示各单位现在的报送情况")
    report, periods = found
    return _reports_page(report, merged=True, periods=periods)


# --- 报送台账 ------------------------------------------------------------------------------------


def collected_period(periods: Sequence[Any], today: dt.date) -> Any:
    """The period whose reports are coming in: the last one ended before today (its forms are out,
    its 台账 is what the clerk follows), else the first; None for a campaign without periods."""
    ended = [p for p in periods if p.end < today]
    return ended[-1] if ended else (periods[0] if periods else None)


@pages.get("/ledger")
def ledger_page() -> str:
    ws = _workspace()
    periods = app.load(ws).campaign.periods
    current = collected_period(periods, dt.date.today())
    chosen = _chosen("period") or (current.label if current else "")
    ledger = app.ledger(ws, chosen) if periods else None
    return render_template("ledger.html", periods=periods, ledger=ledger, chosen=chosen)


@pages.get("/ledger/form")
def ledger_form() -> Response:
    """One unit's form of the period again, to send back with the 催报 message."""
    _refuse_when_busy()
    report = app.forms(_workspace(), _chosen("period"), [_chosen("unit")])
    (form, *_) = [*report.written, *report.kept]
    return _download(form, form.name, XLSX)


@pages.post("/reports/keep/<upload_id>")
def keep_one_form(upload_id: str) -> BaseResponse:
    """Of two forms of one unit and period, keep the one the clerk picked: the others leave the batch."""
    folder = state().uploads.get(upload_id)
    if folder is None:
        raise SelectionError("这批报表已过期（只保留最近上传的一批）；请重新上传")
    kept = request.form.get("file", "")
    report = app.collect(_workspace(), folder, merge=False)
    chosen = next((item for item in report.items if item.file == kept and item.duplicates), None)
    if chosen is None:
        raise SelectionError(f"这批报表里没有重复的「{kept}」；请重新上传")
    for other in chosen.duplicates:  # names collect read from this folder, one component each
        (folder / Path(other).name).unlink(missing_ok=True)
    return redirect(f"/reports/batch/{upload_id}#collect-report", code=303)


# --- 模板 ----------------------------------------------------------------------------------------


@pages.get("/templates")
def templates_page() -> str:
    result = state().answers.get(_chosen("result"))
    return _templates_page(request.args.get("document"), result if isinstance(result, app.TemplateInstall) else None)


def _templates_page(chosen: str | None, result: app.TemplateInstall | None) -> str:
    """The templates in use, the variables of `chosen` (default: the first document), a result."""
    ws = _workspace()
    infos = app.templates(ws)
    chosen = chosen or (infos[0].document if infos else "")
    job, variables = app.template_variables(ws, chosen) if chosen else (None, [])
    sample = chosen in app.sample_documents(ws) if chosen else False  # no report yet: sample figures
    return render_template(
        "templates.html",
        infos=infos,
        chosen=chosen,
        job=job,
        variables=variables,
        sample=sample,
        filters=app.filters(),
        result=result,
    )


def _template_info(document: str) -> app.TemplateInfo:
    info = next((i for i in app.templates(_workspace()) if i.document == document), None)
    if info is None:
        abort(404)
    return info


@pages.get("/templates/file/<document>")
def download_template(document: str) -> Response:
    info = _template_info(document)
    return _download(info.path, f"{info.document}.docx", DOCX)


@pages.post("/templates/upload/<document>")
def upload_template(document: str) -> BaseResponse:
    _refuse_when_busy()
    info = _template_info(document)
    upload = request.files.get("template")
    if upload is None or not upload.filename:
        raise SelectionError("没有收到文件：请选择改好的模板（.docx）")
    folder = uploads.save([upload], (".docx",))
    try:
        (saved,) = folder.iterdir()
        result = app.install_template(_workspace(), info.document, saved.read_bytes(), saved.name)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    answer = _keep_answer(result)
    return redirect(f"/templates?document={quote(info.document)}&result={answer}#template-result", code=303)


def _keep_answer(answer: object) -> str:
    """Keep what a form did for the page the browser is sent to (Post/Redirect/Get): refreshing that
    page shows it again and sends nothing twice. The last few answers are kept."""
    key = secrets.token_urlsafe(9)
    answers = state().answers
    answers[key] = answer
    while len(answers) > 20:
        answers.pop(next(iter(answers)))
    return key


# --- 检查 ----------------------------------------------------------------------------------------


@pages.get("/check")
def check_page() -> str:
    kept = state().answers.get(_chosen("result"))
    if isinstance(kept, tuple):
        report, results, refused = kept
        return render_template("check.html", report=report, results=results, refused=refused)
    return render_template("check.html", report=None)


@pages.post("/check")
def check_documents() -> BaseResponse:
    """The chosen Word files checked; a file of another kind among them is said apart, not a refusal
    of the whole choice."""
    folder, refused = uploads.save_good(request.files.getlist("documents"), (".docx",))
    try:
        documents = sorted(folder.iterdir())
        report = app.check(documents, lay_out=True, jobs=app.default_jobs())
        results = [(path.name, result, report.notes.get(path)) for path, result in report.results.items()]
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return redirect(f"/check?result={_keep_answer((report, results, refused))}#check-report", code=303)
