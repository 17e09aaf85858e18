"""The pages: each parses the request, calls one function of generator.app, renders its result."""

from __future__ import annotations

import errno
import io
import secrets
import shutil
import zipfile
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

from flask import Blueprint, Response, abort, jsonify, make_response, redirect, render_template, request, send_file
from werkzeug.wrappers import Response as BaseResponse

from generator import app
from generator.app import GongwenError, SelectionError, Workspace
from generator.web import security, uploads
from generator.web.server import state
from generator.web.tasks import BuildTask

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
    if security.same(request.cookies.get(security.COOKIE), keys.session):
        return redirect("/workspace", code=303)
    if state().take_token(request.args.get("token")):
        response = redirect("/workspace", code=303)  # the token leaves the address bar and history
        response.set_cookie(security.COOKIE, keys.session, httponly=True, samesite="Strict", path="/")
        return response
    if security.same(request.args.get("token"), keys.token):
        return make_response(render_template("error.html", lines=[TOKEN_USED]), 403)
    return make_response(
        render_template("error.html", lines=["请使用 gongwen ui 启动时显示的完整地址（含 token）打开本页面。"]), 403
    )


TOKEN_USED = (
    "这个地址里的一次性口令已经用过了，不能再次打开。请回到已经打开的 gongwen 页面；"
    "如果已经关掉了，请在命令窗口按 Ctrl+C 停止 gongwen ui，再重新运行它。"
)


# --- 工作区 ---------------------------------------------------------------------------------------


@pages.get("/workspace")
def workspace_page() -> str:
    ws = _workspace()
    try:
        inputs, findings = app.check_setup(ws)  # the workbook and every template, in one round
    except GongwenError as exc:
        return render_template("workspace.html", problem=exc.lines(), inputs=None, groups={}, **_new_workspace_form())
    groups: dict[str, list[app.Finding]] = defaultdict(list)
    for finding in findings.items:
        if finding.severity is not app.Severity.NOTE:
            groups[f"{finding.location.file} {finding.location.sheet or ''}".strip()].append(finding)
    return render_template(
        "workspace.html", problem=None, inputs=inputs, findings=findings, groups=dict(groups), **_new_workspace_form()
    )


def _new_workspace_parent() -> Path:
    ws = _workspace()
    return ws.root.parent if ws.inputs_dir.is_dir() else ws.root


def _new_workspace_form() -> dict[str, object]:
    return {
        "examples": app.EXAMPLES(),
        "new_parent": _new_workspace_parent(),
        "import_report": app.import_report(_workspace()),
        "import_suffixes": ",".join(NOTICE_SUFFIXES),
    }


@pages.post("/workspace/new")
def new_workspace() -> BaseResponse:
    name = security.plain_name(request.form.get("name", ""))
    if name is None:
        raise SelectionError(
            '新工作区的文件夹名不能为空，不能含有 / \\ : * ? " < > | 等字符，'
            "不能是 CON、NUL 这类 Windows 保留名，也不能太长"
        )
    source = request.form.get("source", "")
    if source != app.BLANK and source not in app.EXAMPLES():
        raise SelectionError(f"没有名为「{source}」的示例")
    try:
        state().workspace = app.init(_new_workspace_parent() / name, source)
    except OSError as exc:  # no room, no permission: the clerk's to fix, not a bug
        reasons = {errno.EACCES: "没有写入权限", errno.EPERM: "没有写入权限", errno.ENOSPC: "磁盘已满"}
        why = reasons.get(exc.errno or 0, "无法写入")
        raise SelectionError(f"无法在 {_new_workspace_parent()} 里新建文件夹「{name}」：{why}") from None
    return redirect("/workspace", code=303)


NOTICE_SUFFIXES = (".docx", ".doc", ".wps", ".txt")


@pages.post("/workspace/import")
def import_workspace() -> BaseResponse:
    """从现有公文新建: the uploaded notice becomes a new workspace beside this one (gongwen import)."""
    name = security.plain_name(request.form.get("name", ""))
    if name is None:
        raise SelectionError(
            '新工作区的文件夹名不能为空，不能含有 / \\ : * ? " < > | 等字符，'
            "不能是 CON、NUL 这类 Windows 保留名，也不能太长"
        )
    upload = request.files.get("notice")
    if upload is None or not upload.filename:
        raise SelectionError("没有收到文件：请选择公文文件（Word 文档、WPS 文字或纯文本）")
    folder = uploads.save([upload], NOTICE_SUFFIXES)
    try:
        (saved,) = folder.iterdir()
        report = app.import_notice(saved, _new_workspace_parent() / name)
    except OSError as exc:
        raise SelectionError(
            f"无法在 {_new_workspace_parent()} 里新建文件夹「{name}」：{exc.strerror or '无法写入'}"
        ) from None
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    state().workspace = Workspace(report.root)
    return redirect("/workspace#import-report", code=303)


# --- 生成 ----------------------------------------------------------------------------------------


@pages.get("/build")
def build_page() -> str:
    return _build_page()


@pages.post("/build/compare")
def compare_changes() -> str:
    """修改对照稿 of the documents the last build updated."""
    return _build_page(app.compare(_workspace()))


def _build_page(comparisons: list[app.Comparison] | None = None) -> str:
    ws = _workspace()
    by_document: dict[str, list[app.DocumentFile]] = defaultdict(list)
    try:
        for document in app.documents(ws):
            by_document[document.document].append(document)
        problem: list[str] = []
    except GongwenError as exc:  # the inputs cannot be read now: say why, above an empty list
        problem = exc.lines()
    return render_template(
        "build.html",
        problem=problem,
        by_document=dict(by_document),
        task=state().tasks.build,
        outcomes=app.Outcome,
        changed=_changed_cards(state().tasks.build),
        comparisons=comparisons,
        thumbnails=app.libreoffice_present(),
        relative=lambda p: p.relative_to(ws.output_dir).as_posix(),
    )


def _changed_cards(task: BuildTask | None) -> dict[Path, list[str]]:
    """The documents the last build on this page rewrote, with what changed in each (their cards are marked)."""
    if task is None or not task.finished or task.report is None:
        return {}
    return {w.path: [c.line for c in w.changes] for w in task.report.changed}


@pages.post("/build/start")
def start_build() -> BaseResponse:
    started = state().tasks.start_build(_workspace(), force=request.form.get("force") == "1")
    if request.headers.get("Accept") == "application/json":
        return jsonify(started=started, running=state().tasks.running())
    return redirect("/build", code=303)


@pages.get("/build/status")
def build_status() -> BaseResponse:
    task = state().tasks.build
    return jsonify(task.as_json() if task else {"total": 0, "done": 0, "finished": True, "failed": False})


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


def _files_of(document: str) -> list[Path]:
    files = [d.path for d in app.documents(_workspace()) if d.document == document and d.exists]
    if not files:
        raise SelectionError(f"还没有生成「{document}」，请先点“生成全部公文”")
    return files


@pages.get("/zip/<document>")
def zip_of_document(document: str) -> Response:
    ws = _workspace()
    return _download(_zip(_files_of(document), ws.output_dir), f"{document}.zip", "application/zip")


@pages.post("/bundle/<document>")
def bundle(document: str) -> Response:
    report = app.bundle(_workspace(), document, app.default_jobs())
    return _download(report.target, report.target.name, "application/pdf")


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
) -> str:
    """The 报表 page; with a batch's report, its choices (blank cells, duplicates) or the retry after `error`."""
    periods = app.load(_workspace()).campaign.periods
    return render_template(
        "reports.html", periods=periods, report=report, upload_id=upload_id, merged=merged, error=error, choice=choice
    )


@pages.post("/reports/forms")
def download_forms() -> Response:
    ws = _workspace()
    report = app.forms(ws, request.form.get("period", ""))
    files = [*report.written, *report.kept]
    return _download(_zip(files, files[0].parent), f"{report.period_name}填报表.zip", "application/zip")


@pages.post("/reports/upload")
def upload_forms() -> str:
    folder = uploads.save(request.files.getlist("forms"), (".xlsx",), unpack_zips=True)
    try:
        report = app.collect(_workspace(), folder, merge=False)
    except BaseException:  # the workbook cannot be read now: nothing waits to be merged
        shutil.rmtree(folder, ignore_errors=True)
        raise
    upload_id = secrets.token_urlsafe(12)
    state().discard_uploads()  # an earlier batch not confirmed is replaced by this one
    state().uploads[upload_id] = folder
    return _reports_page(report, upload_id)


# The clerk's choice for forms with blank cells: merge their filled cells, or leave them out.
FILLED_ONLY = "filled"


@pages.post("/reports/merge/<upload_id>")
def merge_forms(upload_id: str) -> str:
    folder = state().uploads.pop(upload_id, None)
    if folder is None:
        raise SelectionError("这批报表已经并入过，或已过期；请重新上传")
    choice = request.form.get("blanks", "")
    try:
        report = app.collect(_workspace(), folder, merge=True, filled_only=choice == FILLED_ONLY)
    except app.GongwenError as exc:
        state().uploads[upload_id] = folder  # nothing was merged: the same batch can be merged again
        if not app.workbook_in_use(exc):
            raise
        preview = app.collect(_workspace(), folder, merge=False, filled_only=choice == FILLED_ONLY)
        return _reports_page(preview, upload_id, error=str(exc), choice=choice)
    shutil.rmtree(folder, ignore_errors=True)
    return _reports_page(report, merged=True)


@pages.post("/reports/keep/<upload_id>")
def keep_one_form(upload_id: str) -> str:
    """Of two forms of one unit and period, keep the one the clerk picked: the others leave the batch."""
    folder = state().uploads.get(upload_id)
    if folder is None:
        raise SelectionError("这批报表已经并入过，或已过期；请重新上传")
    kept = request.form.get("file", "")
    report = app.collect(_workspace(), folder, merge=False)
    chosen = next((item for item in report.items if item.file == kept and item.duplicates), None)
    if chosen is None:
        raise SelectionError(f"这批报表里没有重复的「{kept}」；请重新上传")
    for other in chosen.duplicates:  # names collect read from this folder, one component each
        (folder / Path(other).name).unlink(missing_ok=True)
    return _reports_page(app.collect(_workspace(), folder, merge=False), upload_id)


# --- 模板 ----------------------------------------------------------------------------------------


@pages.get("/templates")
def templates_page() -> str:
    return _templates_page(request.args.get("document"), None)


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
def upload_template(document: str) -> str:
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
    return _templates_page(info.document, result)


# --- 检查 ----------------------------------------------------------------------------------------


@pages.get("/check")
def check_page() -> str:
    return render_template("check.html", report=None)


@pages.post("/check")
def check_documents() -> str:
    folder = uploads.save(request.files.getlist("documents"), (".docx",))
    try:
        documents = sorted(folder.iterdir())
        report = app.check(documents, lay_out=True, jobs=app.default_jobs())
        results = [(path.name, result, report.notes.get(path)) for path, result in report.results.items()]
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return render_template("check.html", report=report, results=results)
