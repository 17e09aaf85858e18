"""`gongwen ui`: the Flask application and the local server (waitress) it runs in.

Flask for the pages: server-rendered Jinja (the engine gongwen already uses), a test client
without extra parts, and Werkzeug's multipart parsing and RFC 5987 file names. waitress to
serve them: pure Python, the same on Windows as on Linux, no reloader or debugger to expose.
"""

from __future__ import annotations

import base64
import hashlib
import secrets
import shutil
import tempfile
import threading
import time
import traceback
import webbrowser
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from flask import Flask, Response, jsonify, render_template, request
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge

from generator import app
from generator.app import GongwenError, Workspace
from generator.web import security
from generator.web.tasks import Tasks, Thumbnails, WorkbookReader
from generator.web.uploads import MAX_REQUEST_BYTES
from generator.web.words import clerk_words, document_name, seconds_said

# A refused page's browser has no cookie, so it cannot load our stylesheet: the refusal carries the
# stylesheet in the page, allowed by its hash (the Content-Security-Policy forbids any other inline style).
OUTSIDER_STYLE = (Path(__file__).parent / "static" / "gongwen.css").read_text(encoding="utf-8")
_OUTSIDER_STYLE_HASH = base64.b64encode(hashlib.sha256(OUTSIDER_STYLE.encode("utf-8")).digest()).decode()

MADE_FOLDERS_KEPT = 8  # downloads the page offers at once (a period's forms each): their links stay valid


@dataclass
class State:
    """What the running server knows: the workspace shown, its secrets, the running build,
    and the returned forms uploaded but not yet merged (by upload id)."""

    workspace: Workspace
    keys: security.Secrets
    port: int
    tasks: Tasks = field(default_factory=Tasks)
    thumbnails: Thumbnails = field(default_factory=Thumbnails)
    reader: WorkbookReader = field(default_factory=WorkbookReader)
    uploads: dict[str, Path] = field(default_factory=dict)
    # folders of files the page made to be downloaded (a period's forms as one zip): the newest few
    # are kept for their links, all go at exit, so that no unit's figures stay behind in the temp folder
    made_folders: list[Path] = field(default_factory=list)
    made_lock: threading.Lock = field(default_factory=threading.Lock)  # tasks' threads add to made_folders
    token_used: bool = False
    token_lock: threading.Lock = field(default_factory=threading.Lock)
    logins: dict[str, float] = field(default_factory=dict)  # one-time tokens handed to a second gongwen ui

    def take_token(self, given: str | None) -> bool:
        """A one-time token, exchanged for the session cookie once: the first request that brings
        it gets the cookie, any later one (a copied address, a leaked history) does not. The token
        printed at start, or one handed to a second `gongwen ui` in the last LOGIN_SECONDS."""
        with self.token_lock:
            now = time.monotonic()
            for token, until in list(self.logins.items()):
                if until < now:
                    del self.logins[token]
            handed = next((t for t in self.logins if security.same(given, t)), None)
            if handed is not None:
                del self.logins[handed]
                return True
            if self.token_used or not security.same(given, self.keys.token):
                return False
            self.token_used = True
            return True

    def new_login(self) -> str:
        """A one-time token for the address a second `gongwen ui` opens (valid LOGIN_SECONDS, once)."""
        token = secrets.token_urlsafe(24)
        with self.token_lock:
            while len(self.logins) >= 20:  # a handful at most: the oldest go
                self.logins.pop(next(iter(self.logins)))
            self.logins[token] = time.monotonic() + security.LOGIN_SECONDS
        return token

    # What each merged batch did, for a refresh, with the campaign's periods as read before it (a merge
    # changes reports, not periods): its page answers at once, never 正在读取工作簿 first.
    merged: dict[str, tuple[app.CollectReport, tuple[Any, ...]]] = field(default_factory=dict)
    refused_files: dict[str, list[Any]] = field(default_factory=dict)  # per batch: files not taken (uploads.Refused)
    answers: dict[str, object] = field(default_factory=dict)  # what a form did, for the page it redirects to
    # The notice of an import that failed for another reason than the file (the folder name taken):
    # (its key, the folder holding it), so that the next try need not choose it again; one at a time.
    kept_notice: tuple[str, Path] | None = None

    def keep_notice(self, folder: Path | None) -> str:
        """Keep `folder` (one uploaded notice) for the next import, in place of any kept before; its key."""
        if self.kept_notice is not None and self.kept_notice[1] != folder:
            shutil.rmtree(self.kept_notice[1], ignore_errors=True)
        self.kept_notice = None if folder is None else (secrets.token_urlsafe(9), folder)
        return "" if self.kept_notice is None else self.kept_notice[0]

    def kept_notice_folder(self, key: str) -> Path | None:
        """The folder of the notice kept under `key`, if it still is."""
        kept = self.kept_notice
        return kept[1] if kept is not None and key and security.same(key, kept[0]) else None

    def discard_uploads(self) -> None:
        """Forget the uploaded forms not merged yet (one batch waits at a time; all go at exit)."""
        for folder in self.uploads.values():
            shutil.rmtree(folder, ignore_errors=True)
        self.uploads.clear()

    def made_folder(self) -> Path:
        """A new temporary folder for a file the page offers; the oldest beyond MADE_FOLDERS_KEPT go."""
        folder = Path(tempfile.mkdtemp(prefix="gongwen-made-"))
        with self.made_lock:
            self.made_folders.append(folder)
            old, self.made_folders[:] = self.made_folders[:-MADE_FOLDERS_KEPT], self.made_folders[-MADE_FOLDERS_KEPT:]
        for gone in old:
            shutil.rmtree(gone, ignore_errors=True)
        return folder

    def discard_all(self) -> None:
        """What the page kept in the temp folder: the uploads waiting and the files it made (at exit)."""
        self.discard_uploads()
        self.keep_notice(None)
        with self.made_lock:
            made, self.made_folders[:] = list(self.made_folders), []
        for folder in made:
            shutil.rmtree(folder, ignore_errors=True)


def state() -> State:
    from flask import current_app

    return state_of(current_app)


def state_of(web: Flask) -> State:
    found: State = web.extensions["gongwen"]
    return found


def create_app(root: Path, port: int, keys: security.Secrets | None = None) -> Flask:
    from generator.web import routes

    web = Flask(__name__)
    web.config["MAX_CONTENT_LENGTH"] = MAX_REQUEST_BYTES
    web.config["MAX_FORM_MEMORY_SIZE"] = 1 * 2**20
    web.extensions["gongwen"] = State(Workspace(root.resolve()), keys or security.Secrets(), port)
    app.remember_workspace(root)
    web.register_blueprint(routes.pages)
    web.before_request(_guard)
    web.before_request(_while_reading)
    web.after_request(_headers)
    web.register_error_handler(GongwenError, _gongwen_error)
    web.register_error_handler(RequestEntityTooLarge, _too_large)
    web.register_error_handler(HTTPException, _http_error)
    web.register_error_handler(Exception, _internal_error)
    web.add_template_filter(app.chinese_date, "date")
    web.add_template_filter(clerk_words, "clerk")
    web.add_template_filter(seconds_said, "seconds")
    web.add_template_filter(document_name, "document_name")
    web.context_processor(_page_context)
    return web


def _page_context() -> dict[str, object]:
    """What every page knows. A browser without the session's cookie (reopened after it was closed,
    or someone else's) is an outsider: its refusal shows no tabs, workspace or CSRF token."""
    outsider = not security.same(request.cookies.get(security.cookie(state().port)), state().keys.session)
    return {
        "csrf": "" if outsider else state().keys.csrf,
        "workspace": state().workspace,
        "outsider": outsider,
        "outsider_style": OUTSIDER_STYLE,
        "max_upload": MAX_REQUEST_BYTES,  # the page's script stops a larger choice before it is sent
    }


def _guard() -> Response | None:
    if request.endpoint == "pages.open_with_token":  # the one request without the cookie: it brings the token
        return None if request.host in security.our_hosts(state().port) else _page_error([security.WRONG_HOST], 403)
    if request.endpoint == "pages.hand_over":  # a second gongwen ui, with the secret of the clerk's pages file
        refused = security.handoff_refusal(
            request.host,
            request.headers.get("Origin"),
            request.headers.get(security.HANDOFF_HEADER),
            state().port,
            state().keys,
        )
        return _page_error([refused], 403) if refused else None
    why = security.refusal(
        request.method,
        request.host,
        request.headers.get("Origin"),
        request.cookies.get(security.cookie(state().port)),
        lambda: request.headers.get(security.CSRF_HEADER) or request.form.get(security.CSRF_FIELD),
        state().port,
        state().keys,
    )
    if why:
        return _page_error([why], 403)
    return _other_workspace()


# Forms that act on the workspace the page showed; switching, making a workspace and 检查 do not.
_ANY_WORKSPACE = {"pages.switch_workspace", "pages.new_workspace", "pages.import_workspace", "pages.check_documents"}


def _other_workspace() -> Response | None:
    """A form from a page of another workspace than the one now open (another tab switched): refused."""
    if request.method != "POST" or request.endpoint in _ANY_WORKSPACE:
        return None
    shown, now = request.form.get("workspace_shown"), state().workspace.root
    if not shown or shown == str(now):  # (without the page's script a form does not say: as before)
        return None
    return _page_error(
        [
            f"这一页是工作区「{Path(shown).name}」的，gongwen 现在打开的是「{now.name}」（在另一个标签页里换过）；"
            "这次没有做任何事。请刷新本页，看清工作区再操作。"
        ],
        409,
    )


# The pages that read the workbook: after it changed, they answer at once with 正在读取工作簿.
_READING_PAGES = {
    "pages.workspace_page",
    "pages.build_page",
    "pages.reports_page",
    "pages.batch_page",
    "pages.ledger_page",
    "pages.templates_page",
}
READING_WAIT = 0.5  # seconds a page waits for the reading before it says so (a small workbook is read by then)


def _while_reading() -> Response | None:
    """A page that would read a changed workbook in the request answers with a page that says it is
    being read, and refreshes itself until it is (a 2,000-unit workbook takes seconds)."""
    if request.method != "GET" or request.endpoint not in _READING_PAGES:
        return None
    workspace = state().workspace
    # The 工作区 page shows the template check too (a second or two at 2,000 units): read in the background as well.
    if state().reader.ready(workspace, READING_WAIT, setup=request.endpoint == "pages.workspace_page"):
        return None
    reader = state().reader
    page = render_template("reading.html", units=reader.counted.get(workspace.root), seconds=reader.seconds(workspace))
    return Response(page, 200, content_type="text/html; charset=utf-8")


def _headers(response: Response) -> Response:
    # No page of ours may be framed by another site, nor load anything from outside.
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["Content-Security-Policy"] = (
        "default-src 'self'; img-src 'self' data:; "
        f"style-src 'self' 'sha256-{_OUTSIDER_STYLE_HASH}'; script-src 'self'; frame-ancestors 'none'"
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    # same-origin, not no-referrer: under no-referrer a form's POST carries "Origin: null".
    response.headers["Referrer-Policy"] = "same-origin"
    response.headers.setdefault("Cache-Control", "no-store")
    return response


# Where an error page's 返回 leads, by the section of the page the failed request came from: never to
# a page that was the answer to a form (the browser would ask to send the form again).
_SECTIONS = ("/build", "/reports", "/ledger", "/templates", "/check", "/workspace")


def _back() -> str:
    from urllib.parse import urlsplit

    referrer = urlsplit(request.referrer or "")
    if referrer.netloc and referrer.netloc != request.host:
        return "/workspace"
    path = referrer.path or request.path
    if request.method == "GET" and path == request.path:
        return "/workspace"  # the page itself cannot be shown: 返回 to it would show this again
    if path in _SECTIONS or path.startswith("/reports/batch/"):
        return path + (f"?{referrer.query}" if referrer.query else "")
    return next((s for s in _SECTIONS if path.startswith(s) or request.path.startswith(s)), "/workspace")


def _page_error(lines: list[str], status: int) -> Response:
    lines = [clerk_words(line) for line in lines]
    if request.headers.get("Accept") == "application/json":
        # the page's script: a start shows `busy`, a task or build it follows ends with `errors`
        answer = jsonify(started=False, busy="；".join(lines), finished=True, failed=True, errors=lines)
        answer.status_code = status
        return answer
    page = render_template("error.html", lines=lines, back=_back(), viewing=request.method == "GET")
    return Response(page, status, content_type="text/html; charset=utf-8")


def _gongwen_error(exc: GongwenError) -> Response:
    return _page_error(exc.lines(), 400)


def _too_large(exc: RequestEntityTooLarge) -> Response:
    return _page_error([f"上传的文件太大（一次最多 {MAX_REQUEST_BYTES // 2**20} MB），未接收。"], 413)


_HTTP_MESSAGES = {404: "没有这个页面或文件。", 405: "不支持这种操作方式。", 400: "请求的格式不对。"}


def _http_error(exc: HTTPException) -> Response:
    code = exc.code or 500
    return _page_error([_HTTP_MESSAGES.get(code, "请求无法完成。")], code)


def _internal_error(exc: Exception) -> Response:
    where = app.save_error_log(traceback.format_exc())
    kept = f"详细信息已保存到 {where}，请发给维护人员。" if where else ""
    return _page_error([f"程序内部出错（这是 gongwen 的问题，不是您的操作问题）。{kept}"], 500)


def make_server(root: Path) -> tuple[Any, str, Flask]:
    """A waitress server for the workspace on 127.0.0.1 and a free port, its opening address and
    the application it serves."""
    from waitress import create_server

    keys = security.Secrets()
    # The port is known once the socket is bound: the application, which checks it, comes after.
    application: list[Flask] = []
    server = create_server(
        lambda environ, start: application[0](environ, start),
        host="127.0.0.1",
        port=0,
        threads=4,
        ident="gongwen",
        # Over the upload limit, refused once the request's head is read: waitress would otherwise
        # take up to 1 GB of body into a temporary file before the page could say it is too large.
        max_request_body_size=MAX_REQUEST_BYTES + 1,  # (waitress refuses a body this long or longer)
    )
    server.channel_class = _channel_in_chinese()
    port = int(server.effective_port)
    application.append(create_app(root, port, keys))
    # Start reading the workbook now: by the time the browser asks for the first page, a small one is read.
    state_of(application[0]).reader.ready(Workspace(root.resolve()), 0, setup=True)
    return server, f"http://127.0.0.1:{port}/?token={keys.token}", application[0]


# What waitress answers itself, before any page runs (a request it will not read): in the clerk's words.
_WAITRESS_REFUSALS = {413: f"上传的文件太大（一次最多 {MAX_REQUEST_BYTES // 2**20} MB），未接收。"}


def _channel_in_chinese() -> type:
    """waitress's connection, whose own refusals (an upload over the limit, a malformed request)
    are a Chinese page, not its English text."""
    from waitress.channel import HTTPChannel
    from waitress.task import ErrorTask

    class RefusalInChinese(ErrorTask):  # type: ignore[misc]
        def execute(self) -> None:
            code = self.request.error.code
            said = _WAITRESS_REFUSALS.get(code, _HTTP_MESSAGES[400])
            body = f'<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>gongwen</title><p>{said}</p></html>'
            self.status = f"{code} {self.request.error.reason}"
            self.response_headers.extend([("Content-Type", "text/html; charset=utf-8"), ("Connection", "close")])
            self.set_close_on_finish()
            self.content_length = len(body.encode("utf-8"))
            self.write(body.encode("utf-8"))

    class ChannelInChinese(HTTPChannel):  # type: ignore[misc]
        error_task_class = RefusalInChinese

    return ChannelInChinese


def quiet_waitress() -> None:
    """The console is the clerk's too: a short Chinese log of what the page does (tasks.log), not
    waitress's English queue messages ("Task queue depth is N") when the page asks for many pictures."""
    import logging

    logging.getLogger("waitress.queue").setLevel(logging.ERROR)
    logging.getLogger("waitress").setLevel(logging.ERROR)


def hand_over(address: str, secret: str) -> str | None:
    """Ask the `gongwen ui` serving at `address` for a one-time address that opens its page in a
    browser without its cookie; None when it gives none (an older gongwen, a wrong secret)."""
    import json
    import urllib.error
    import urllib.parse
    import urllib.request

    base = address.split("?", 1)[0].rstrip("/")
    asked = urllib.request.Request(
        f"{base}/handoff", data=b"", method="POST", headers={security.HANDOFF_HEADER: secret}
    )
    try:
        with urllib.request.urlopen(asked, timeout=5) as response:
            token = json.loads(response.read().decode("utf-8")).get("token")
    except (OSError, ValueError, AttributeError):
        return None
    return f"{base}/?token={urllib.parse.quote(token)}" if isinstance(token, str) and token else None


def stops_on_ctrl_c() -> None:
    """Ctrl+C stops the page, even when the program was started with SIGINT ignored (a shell's
    background job, nohup, some launchers): Python then leaves it ignored, and the page ran on."""
    import signal

    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGINT, signal.default_int_handler)


def serve(root: Path, open_browser: bool, announce: Callable[[str], None], say: Callable[[str], None] = print) -> bool:
    """Serve the workspace until Ctrl+C; when a page of this workspace is already served on this
    computer, say so and open that one instead of a second (False: nothing was served)."""
    running = app.page_of(root)
    if running is not None:
        address, secret = running
        one_time = hand_over(address, secret) if secret else None
        if open_browser and webbrowser.open(one_time or address):
            say(f"这个工作区已经在另一个 gongwen 窗口里打开了，已在浏览器里打开那个页面：\n  {address}")
        elif one_time:
            say(
                "这个工作区已经在另一个 gongwen 窗口里打开了。请在浏览器里打开这个地址"
                f"（含一次性口令，{security.LOGIN_SECONDS // 60} 分钟内有效，请勿发给他人）：\n  {one_time}"
            )
        else:
            say(f"这个工作区已经在另一个 gongwen 窗口里打开了，请用那个页面：\n  {address}")
        say("要重新启动它，先到那个窗口按 Ctrl+C 停止它。")
        return False
    quiet_waitress()
    stops_on_ctrl_c()
    server, address, web = make_server(root)
    state_of(web).tasks.log = say
    state_of(web).reader.log = say
    app.remember_workspace(root)
    app.record_page(root, address.split("?", 1)[0], state_of(web).keys.handoff)
    announce(address)
    if open_browser:
        webbrowser.open(address)
    try:
        server.run()
    finally:
        server.close()
        app.record_page(root, None)
        state_of(web).discard_all()
    return True
