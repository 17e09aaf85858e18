"""gongwen ui at the HTTP level: every page and action, and every rule that keeps it safe.

The Flask test client sends requests as a browser would (Host, Origin, cookie); each refusal
is checked for its status, its Chinese sentence, and for leaving the workspace as it was.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
import threading
import time
import urllib.parse
import zipfile
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from docx import Document
from flask import Flask
from flask.testing import FlaskClient
from openpyxl import load_workbook
from werkzeug.test import TestResponse

from examples.yongqing.workbook import write_workbook
from generator import app as gongwen
from generator.inputs.schema import WORKBOOK_NAME
from generator.standard.package import read_parts, zip_bytes
from generator.web import security, uploads
from generator.web.server import MADE_FOLDERS_KEPT, create_app, state_of

from .conftest import EXAMPLE_OUTPUTS, close_server, make_workspace, require_soffice, serve_in_thread
from .hostile import Entry, raw_zip
from .test_long_text import TOLD, with_long_paragraph
from .test_monthly import FEB_1, figures, fill
from .test_template_page import A4_MARGINS, with_section

PORT = 48123
ORIGIN = f"http://127.0.0.1:{PORT}"


class Browser:
    """A client that behaves like the clerk's browser on our page: right Host, Origin, cookie, CSRF."""

    def __init__(self, web: Flask, keys: security.Secrets) -> None:
        self.web, self.keys = web, keys
        self.client: FlaskClient = web.test_client()
        self.client.get(f"/?token={keys.token}", base_url=ORIGIN)

    def get(self, url: str, reading: bool = False, **kw: Any) -> TestResponse:
        """The page, after the 正在读取工作簿 pages a browser refreshes by itself (`reading`: the first answer)."""
        response = self.client.get(url, base_url=ORIGIN, **kw)
        deadline = time.monotonic() + 120
        while not reading and b'<h1 id="reading">' in response.data and time.monotonic() < deadline:
            time.sleep(0.2)
            response = self.client.get(url, base_url=ORIGIN, **kw)
        return response

    def post(self, url: str, data: dict[str, Any] | None = None, *, csrf: bool = True, **kw: Any) -> TestResponse:
        form = dict(data or {})
        if csrf:
            form[security.CSRF_FIELD] = self.keys.csrf
        headers = {"Origin": ORIGIN, **kw.pop("headers", {})}
        # The 报表 steps answer with a page of their own (Post/Redirect/Get), as the browser follows.
        answered = ("/reports/upload", "/reports/merge/", "/reports/keep/", "/templates/upload/", "/check")
        kw.setdefault("follow_redirects", url.startswith(answered))
        return self.client.post(url, base_url=ORIGIN, data=form, headers=headers, **kw)

    def task(self, url: str, data: dict[str, Any] | None = None) -> tuple[dict[str, Any], TestResponse | None]:
        """Start a background task as the page's script does, follow it to its end: its last
        status, and its file when it offers one."""
        started = self.post(url, data, headers={"Accept": "application/json"}).get_json()
        assert started["started"] is True, started
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline:
            status: dict[str, Any] = self.get(
                f"/tasks/{started['id']}", headers={"Accept": "application/json"}
            ).get_json()
            if status["finished"]:
                return status, self.get(status["download"]) if status["download"] else None
            time.sleep(0.1)
        raise AssertionError(f"{url} did not finish")


@pytest.fixture
def ws(tmp_path: Path) -> Path:
    return make_workspace(tmp_path / "ws")


@pytest.fixture
def keys() -> security.Secrets:
    return security.Secrets()


@pytest.fixture
def browser(ws: Path, keys: security.Secrets) -> Browser:
    return Browser(create_app(ws, PORT, keys), keys)


@pytest.fixture
def built_browser(built_copy: Path, keys: security.Secrets) -> Browser:
    """The page over a copy of the session's build (conftest.built_copy), for a test that needs the
    built documents, not a build through the page (test_build_runs_with_progress_and_ends_in_the_closing_table
    and the tests after a build through the page make their own)."""
    return Browser(create_app(built_copy, PORT, keys), keys)


def text(response: TestResponse) -> str:
    return response.get_data(as_text=True)


def snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def build(browser: Browser) -> dict[str, Any]:
    assert browser.post("/build/start", headers={"Accept": "application/json"}).get_json()["started"] is True
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        status: dict[str, Any] = browser.get("/build/status").get_json()
        if status["finished"]:
            return status
        time.sleep(0.1)
    raise AssertionError("the build did not finish")


def dry_run(browser: Browser, data: dict[str, Any] | None = None) -> TestResponse:
    """预演 as the browser follows it: its task's page until the 预演 ends, then the 生成 page that page
    sends it to (or the answer to the form, when it did not start)."""
    started = browser.post("/build/dry-run", data)
    if started.status_code != 303:
        return started
    follow, deadline = started.headers["Location"], time.monotonic() + 300
    assert follow.startswith("/tasks/"), follow
    while (page := browser.get(follow)).status_code == 200 and time.monotonic() < deadline:
        time.sleep(0.1)  # the task's own page, with its progress
    assert page.status_code == 303 and page.headers["Location"].startswith("/build?dry_run="), page.headers
    return browser.get(page.headers["Location"])


def closing_table(page: str, table_id: str = "summary") -> dict[str, str]:
    """The build's closing table (新生成/已更新/未变化/手工修改/警告/用时), label -> value; or the
    预演's (plan-summary: 新生成/已更新/未变化/手工修改)."""
    import lxml.html

    (table,) = lxml.html.fromstring(page).xpath(f"//table[@id='{table_id}']")
    labels, values = ([c.text_content().strip() for c in row] for row in table.xpath(".//tr"))
    return dict(zip(labels, values, strict=True))


def disposition_name(response: TestResponse) -> str:
    """The file name a browser saves under: RFC 5987's filename* when present."""
    header = response.headers["Content-Disposition"]
    assert header.startswith("attachment;"), header
    for part in header.split(";"):
        key, _, value = part.strip().partition("=")
        if key == "filename*":
            charset, _, quoted = value.partition("''")
            assert charset.upper() == "UTF-8"
            return urllib.parse.unquote(quoted)
    raise AssertionError(f"no filename* in {header}")


# --- security ----------------------------------------------------------------------------------

GET_PAGES = ["/workspace", "/build", "/reports", "/templates", "/check", "/build/status"]


def test_the_token_gives_a_cookie_and_leaves_the_address(ws: Path, keys: security.Secrets) -> None:
    client = create_app(ws, PORT, keys).test_client()
    wrong = client.get("/?token=guess", base_url=ORIGIN)
    assert wrong.status_code == 403 and "完整地址" in text(wrong) and "含 token" not in text(wrong)
    assert "Set-Cookie" not in wrong.headers
    right = client.get(f"/?token={keys.token}", base_url=ORIGIN)
    assert right.status_code == 303 and right.headers["Location"] == "/workspace"
    cookie = right.headers["Set-Cookie"]
    assert f"{security.cookie(PORT)}={keys.session}" in cookie and "HttpOnly" in cookie and "SameSite=Strict" in cookie
    assert keys.token not in cookie
    assert client.get("/workspace", base_url=ORIGIN).status_code == 200


def test_a_page_refused_for_want_of_the_cookie_offers_no_dead_ends(ws: Path, keys: security.Secrets) -> None:
    """The browser was closed and the page reopened from its history (no cookie), or the used address
    opened again: the refusal says what to do, and shows no tabs or 返回 that lead to the same refusal,
    nor the workspace's name or the page's CSRF token to whoever opened it."""
    web = create_app(ws, PORT, keys)
    assert web.test_client().get(f"/?token={keys.token}", base_url=ORIGIN).status_code == 303  # the clerk's tab
    stranger = web.test_client()  # the browser reopened: no cookie
    for url in ("/workspace", "/build?kind=方案", f"/?token={keys.token}"):
        response = stranger.get(url, base_url=ORIGIN)
        page = text(response)
        assert response.status_code == 403 and "<h1>这一页现在打不开</h1>" in page, page
        assert "<nav>" not in page and 'id="back"' not in page and 'class="where"' not in page, page
        assert keys.csrf not in page
    assert "已经用过了" in page and "打开gongwen" in page  # the used address: how to open the page again
    # Our stylesheet needs the cookie: the refusal carries its own, allowed by its hash (it was an
    # unstyled page of blue links), and no script (its heartbeat, refused too, said gongwen had stopped).
    import base64
    import hashlib
    import re

    style = re.search(r"<style>(.*?)</style>", page, re.S)
    assert style and "--red" in style.group(1) and "<script" not in page and 'rel="stylesheet"' not in page
    digest = base64.b64encode(hashlib.sha256(style.group(1).encode()).digest()).decode()
    assert f"'sha256-{digest}'" in response.headers["Content-Security-Policy"]


@pytest.mark.parametrize("page", GET_PAGES)
def test_every_page_needs_the_session_cookie(page: str, ws: Path, keys: security.Secrets) -> None:
    client = create_app(ws, PORT, keys).test_client()
    response = client.get(page, base_url=ORIGIN)
    assert response.status_code == 403 and "启动时显示的完整地址" in text(response)
    client.set_cookie(security.cookie(PORT), "a-guessed-value", domain="127.0.0.1")
    assert client.get(page, base_url=ORIGIN).status_code == 403


@pytest.mark.parametrize("host", ["evil.example:48123", "127.0.0.1:80", "127.0.0.1", f"192.168.1.5:{PORT}"])
def test_a_foreign_host_is_refused_even_with_the_cookie(host: str, browser: Browser) -> None:
    """DNS rebinding: a page of evil.example whose name now points at 127.0.0.1 sends its own Host."""
    for page in ["/workspace", "/files/通知/x.docx", f"/?token={browser.keys.token}", "/static/gongwen.css"]:
        response = browser.client.get(page, base_url=f"http://{host}")
        assert response.status_code == 403, (host, page)
        assert "地址不对" in text(response)


@pytest.mark.parametrize(
    ("origin", "csrf", "message"),
    [
        (None, True, "不是从 gongwen 的页面发出的"),
        ("http://evil.example", True, "不是从 gongwen 的页面发出的"),
        ("http://127.0.0.1:1", True, "不是从 gongwen 的页面发出的"),
        (ORIGIN, False, "校验码不符"),
        (ORIGIN, "wrong", "校验码不符"),
    ],
)
def test_a_state_change_needs_our_origin_and_the_csrf_token(
    origin: str | None, csrf: bool | str, message: str, browser: Browser, ws: Path
) -> None:
    before = snapshot(ws)
    form: dict[str, str] = {"name": "新活动", "source": "blank"}
    if csrf is not True and csrf:
        form[security.CSRF_FIELD] = str(csrf)
    elif csrf:
        form[security.CSRF_FIELD] = browser.keys.csrf
    headers = {"Origin": origin} if origin else {}
    for url in ("/workspace/new", "/workspace/import", "/build/start", "/reports/forms", "/check"):
        response = browser.client.post(url, base_url=ORIGIN, data=form, headers=headers)
        assert response.status_code == 403, url
        assert message in text(response)
    assert not (ws.parent / "新活动").exists()
    assert snapshot(ws) == before


def test_a_refusal_the_pages_script_asked_for_is_its_json_not_a_page(browser: Browser, ws: Path) -> None:
    """The script starts builds, bundles and PDFs with fetch and reads JSON: a refusal answered as an
    error page failed its parsing, and the page then said 「gongwen 已停止运行」 of a running gongwen.
    The refusal comes as JSON, its sentence where the script shows a busy message."""
    stale = {security.CSRF_FIELD: "a-page-from-before"}
    for url in ("/build/start", "/bundle/" + urllib.parse.quote("通知"), "/reports/forms"):
        response = browser.client.post(
            url, base_url=ORIGIN, data=stale, headers={"Origin": ORIGIN, "Accept": "application/json"}
        )
        said = response.get_json()
        assert response.status_code == 403 and said["started"] is False, url
        assert said["busy"] == "页面已过期（校验码不符），请刷新页面后重试。", url
    # a task followed after gongwen restarted: it ends with why, not 「正在…」 for ever
    gone = browser.get("/tasks/no-such-task", headers={"Accept": "application/json"}).get_json()
    assert gone["finished"] is True and gone["failed"] is True and "这项工作已经结束" in gone["errors"][0]
    assert not any((ws / "output").rglob("*.docx"))


@pytest.mark.parametrize(
    "path",
    [
        "../inputs/活动数据.xlsx",
        "%2e%2e/inputs/活动数据.xlsx",
        "通知/../../inputs/活动数据.xlsx",
        "/etc/passwd",
        "..%2f..%2fetc%2fpasswd",
        ".gongwen-manifest.json",
        "通知\\..\\..\\inputs\\活动数据.xlsx",
        "link/活动数据.xlsx",
    ],
)
def test_no_path_outside_the_output_folder_can_be_named(path: str, browser: Browser, ws: Path) -> None:
    (ws / "output" / "link").symlink_to(ws / "inputs")  # a link in output/ that leads out of it
    for prefix in ("/files/", "/thumbnails/"):
        response = browser.get(prefix + path, follow_redirects=True)  # "//" is merged into "/" first
        assert response.status_code == 404, prefix + path
        assert "没有这个页面或文件" in text(response)


def test_inside_accepts_only_plain_relative_paths(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "b.docx").write_bytes(b"x")
    assert security.inside(tmp_path, "a/b.docx") == (tmp_path / "a" / "b.docx").resolve()
    for bad in ("", "a/../a/b.docx", "./a/b.docx", "a//b.docx", "/a/b.docx", "a/.b.docx", "a", "a/b.docx\0"):
        assert security.inside(tmp_path, bad) is None, bad


def test_every_response_forbids_framing_and_outside_resources(browser: Browser) -> None:
    response = browser.get("/workspace")
    assert response.headers["X-Frame-Options"] == "DENY"
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]
    page = text(response)
    assert "http://" not in page.replace(ORIGIN, "") and "https://" not in page  # nothing from a CDN


# --- 工作区 --------------------------------------------------------------------------------------


def test_the_tab_of_each_page_is_marked(browser: Browser) -> None:
    """The clerk sees where a page belongs: a batch of uploaded forms under 报表, a task under the page it came from."""
    import lxml.html

    def tab(url: str) -> str:
        (marked,) = lxml.html.fromstring(text(browser.get(url))).xpath("//nav/a[@class='here']")
        return str(marked.text_content())

    assert tab("/workspace") == "工作区" and tab("/build?kind=方案") == "生成" and tab("/ledger") == "台账"
    assert tab("/templates?document=方案") == "模板" and tab("/check") == "检查" and tab("/reports") == "报表"
    started = browser.post("/reports/forms", {"period": "2"}, headers={"Accept": "application/json"}).get_json()
    assert tab(f"/tasks/{started['id']}?back=/reports") == "报表"
    assert tab("/reports/batch/gone") == "报表"  # an expired batch's error page too


def test_workspace_shows_the_campaign_at_a_glance(browser: Browser) -> None:
    page = text(browser.get("/workspace"))
    for expected in (
        "打击传销活动大排查",
        "永清县人民政府办公室（永政办〔2018〕15号）",
        "2018年1月19日 至 2018年3月31日",
        "18 个：永清镇、韩村镇",
        "线索排查阶段（2018年1月19日 至 2018年1月23日）",
        "月，共 3 期（2018年1月 至 2018年3月）",
        "通知、方案、月报",
    ):
        assert expected in page, expected


def test_workspace_counts_warnings_without_saying_0_errors(browser: Browser, ws: Path) -> None:
    write_workbook(ws / "inputs" / WORKBOOK_NAME, reports=[])  # no report yet: a warning, no error
    page = text(browser.get("/workspace"))
    assert re.search(r"<p>没有错误，有 \d+ 条警告（照常生成）。", page) and "0 处错误" not in page


def test_workspace_groups_findings_by_sheet_with_their_cells_and_rechecks(browser: Browser, ws: Path) -> None:
    write_workbook(ws / "inputs" / WORKBOOK_NAME, notice={"标题": ""})
    page = text(browser.get("/workspace"))
    assert "<h3>工作簿「发文」表</h3>" in page  # the clerk's names: no inputs/ folder, no sheet left bare
    assert "错误：B6 「标题」不能为空" in page
    assert 'href="/workspace" id="recheck"' in page
    write_workbook(ws / "inputs" / WORKBOOK_NAME)  # the clerk fixes it in Excel
    assert "「标题」不能为空" not in text(browser.get("/workspace"))


def test_a_folder_that_is_no_workspace_offers_to_create_one(tmp_path: Path, keys: security.Secrets) -> None:
    empty = tmp_path / "桌面"
    empty.mkdir()
    browser = Browser(create_app(empty, PORT, keys), keys)
    page = text(browser.get("/workspace"))
    assert "不是 gongwen 工作区" in page and "新建工作区" in page
    # on this very page: what to do below, not 在“工作区”页; no workbook or folders to open that are not there
    assert "可以在下面“从现有公文新建”或“新建工作区”" in page and "在“工作区”页" not in page
    assert "文件在哪里" not in page and "用 Excel 打开工作簿" not in page
    response = browser.post("/workspace/new", {"name": "2025年防汛", "source": "blank"})
    assert response.status_code == 303
    assert (empty / "2025年防汛" / "inputs" / WORKBOOK_NAME).is_file()
    assert str(empty / "2025年防汛") in text(browser.get("/workspace"))  # the page now shows the new one


def test_a_new_campaigns_example_values_are_warned_of_before_the_build(tmp_path: Path, keys: security.Secrets) -> None:
    """A starter's (or an import's) example values left in the workbook (××镇, ×政办〔2025〕1号) print
    as ×× in every document: the 工作区 page's check names their cells before a build; its 说明
    column's examples (如“×政办〔2024〕3号”) are not the clerk's to fill."""
    workspace = gongwen.init(tmp_path / "新活动", gongwen.BLANK)
    page = text(Browser(create_app(workspace.root, PORT, keys), keys).get("/workspace"))
    units = page.split("<h3>工作簿「单位」表</h3>")[1].split("</ul>")[0]
    assert "A2「××镇」、A3「××乡」、A4「县××局」还是示例值" in units, units
    assert ">警告：A2「××镇」" in units and "警告： " not in page  # (a finding without a cell began with a space)
    notice = page.split("<h3>工作簿「发文」表</h3>")[1].split("</ul>")[0]
    assert "B4「×政办〔2025〕1号」" in notice and "C4" not in notice, notice
    # the starter writes character references (&#215;); saved by Excel, text is shared strings in UTF-8
    book = load_workbook(workspace.workbook)
    book["发文"]["B4"] = "兴政办〔2024〕12号"
    book.save(workspace.workbook)
    page = text(Browser(create_app(workspace.root, PORT, keys), keys).get("/workspace"))
    assert "A2「××镇」、A3「××乡」、A4「县××局」还是示例值" in page and "B4「" not in page


@pytest.mark.parametrize(
    "name",
    [
        "../外面",
        "a/b",
        "",
        ".hidden",
        "C:\\x",
        "con?",
        "CON",
        "nul.txt",
        "CON .x",
        "com¹",
        "CONOUT$",
        "活" * 80,
        "a\tb",
    ],
)
def test_a_new_workspace_name_must_be_a_plain_folder_name(name: str, browser: Browser, ws: Path) -> None:
    before = sorted(p.name for p in ws.parent.iterdir())
    response = browser.post("/workspace/new", {"name": name, "source": "yongqing"})
    assert response.status_code == 400 and "文件夹名不能为空" in text(response)
    assert sorted(p.name for p in ws.parent.iterdir()) == before


def test_a_new_workspace_is_never_made_over_a_folder(browser: Browser, ws: Path) -> None:
    (ws.parent / "已有").mkdir()
    (ws.parent / "已有" / "文件.txt").write_text("x", encoding="utf-8")
    response = browser.post("/workspace/new", {"name": "已有", "source": "yongqing"})
    assert response.status_code == 400 and "已存在且不是空的" in text(response)


# --- 生成 ----------------------------------------------------------------------------------------


def test_build_runs_with_progress_and_ends_in_the_closing_table(browser: Browser, ws: Path) -> None:
    status = build(browser)
    assert (status["total"], status["done"], status["finished"], status["failed"]) == (
        EXAMPLE_OUTPUTS,
        EXAMPLE_OUTPUTS,
        True,
        False,
    )
    page = text(browser.get("/build"))
    assert closing_table(page)["新生成"] == str(EXAMPLE_OUTPUTS) and closing_table(page)["未变化"] == "0"
    # Every kind is listed with its count; every document is on one of the pages, with a download link.
    assert "方案</a></td><td>18</td><td>18</td>" in page and "月报</a></td><td>54</td><td>54</td>" in page
    shown, number = 0, 1
    while 'class="file"' in (listed := text(browser.get(f"/build?page={number}"))) and number < 20:
        shown, number = shown + listed.count('class="file"'), number + 1
        if f"page={number}" not in listed:
            break
    assert shown == len(gongwen.documents(gongwen.Workspace(ws)))
    # 核稿 under a heading of its own: the real notice asks for summaries before the last monthly report.
    proofread = page.split('<div id="proofread">')[1].split("</div>")[0]
    assert "核稿提醒" in proofread and "〔截止早于数据〕工作总结2018年4月1日前报送" in proofread
    # the warnings' heading counts its own lines, not 核稿's as well (it said 9 over one warning)
    warned = page.split('<div id="warnings">')[1].split("</div>")[0]
    lines = warned.count('<li class="warning">')
    assert lines and f"<h3>警告（{lines} 条）</h3>" in warned
    # and the closing table counts each apart (its 警告 said 9: the 8 核稿 remarks and the one warning)
    remarks = proofread.count('<li class="warning">')
    assert (closing_table(page)["核稿提醒"], closing_table(page)["警告"]) == (str(remarks), str(lines))
    # each place as the clerk names it (the 工作区 page's words), not by gongwen's folders inputs/, output/
    notice = "通知/永清县人民政府办公室关于印发永清县打击传销活动大排查实施方案的通知.docx"
    assert f"{notice} 第38段：〔截止早于数据〕工作总结2018年4月1日前报送" in proofread
    assert "inputs/" not in proofread + warned and "output/" not in proofread + warned
    build(browser)
    again = closing_table(text(browser.get("/build")))
    assert again["未变化"] == str(EXAMPLE_OUTPUTS)
    # a build with nothing to do takes hundredths of a second: never said as 用时 0.0 秒
    assert again["用时"] != "0.0 秒" and re.fullmatch(r"不到 0\.1 秒|\d+\.\d 秒", again["用时"]), again["用时"]


@pytest.mark.parametrize(
    ("seconds", "said"),
    [(0.0, "不到 0.1 秒"), (0.049, "不到 0.1 秒"), (0.05, "0.1 秒"), (0.7, "0.7 秒"), (12.34, "12.3 秒")],
)
def test_a_tasks_time_is_said_as_a_clerk_reads_it(seconds: float, said: str) -> None:
    from generator.web.words import seconds_said

    assert seconds_said(seconds) == said


def test_a_warning_alone_is_said_once_in_the_clerks_words(tmp_path: Path, keys: security.Secrets) -> None:
    """A new campaign before any report: its one warning (尚无报表, whose engine text says to run
    gongwen forms) is one line on the build page, said as the page's step, not a fold whose title
    repeats it with the command line."""
    workspace = gongwen.init(tmp_path / "新活动", gongwen.BLANK)
    book = load_workbook(workspace.workbook)
    book["统计报表"].delete_rows(2, book["统计报表"].max_row)  # the starter's sample reports
    book.save(workspace.workbook)
    ws = workspace.root
    browser = Browser(create_app(ws, PORT, keys), keys)
    assert build(browser)["failed"] is False
    warned = text(browser.get("/build")).split('<div id="warnings">')[1].split("</div>")[0]
    assert "gongwen forms" not in warned and "<h3>警告（1 条）</h3>" in warned
    assert warned.count("尚无报表") == 1 and "先在“报表”页下载填报表发给各单位" in warned


def test_a_page_number_in_digits_that_are_not_decimal_is_page_one(browser: Browser, ws: Path) -> None:
    """'²'.isdigit() is true but int('²') fails: the page list reads it as no page number."""
    response = browser.get("/build?page=²")
    assert response.status_code == 200 and "生成" in text(response)


def test_a_failed_build_shows_every_finding(browser: Browser, ws: Path) -> None:
    write_workbook(ws / "inputs" / WORKBOOK_NAME, notice={"成文日期": "2018年2月30日"})
    assert build(browser)["failed"] is True
    page = text(browser.get("/build"))
    # each where the 工作区 page says it: not inputs/活动数据.xlsx 工作表「发文」 单元格 B5
    assert "没有生成" in page and "错误：工作簿「发文」表 B5：「成文日期」「2018年2月30日」不是日历上的日期" in page
    assert not any((ws / "output").rglob("*.docx"))
    # 预演 of the same: said on the 生成 page above the form as filled in (it was an error page to go back from)
    refused = dry_run(browser, {"kind": "方案", "units": "韩村镇"})
    said = text(refused)
    assert refused.status_code == 200 and 'id="build-form"' in said and 'value="韩村镇"' in said
    assert "错误：工作簿「发文」表 B5：「成文日期」「2018年2月30日」不是日历上的日期" in said and "inputs/" not in said


def test_a_build_refused_for_its_units_keeps_what_the_clerk_typed(browser: Browser) -> None:
    """A unit name mistyped: the page says which, and the form still holds the kind, the units and
    the 全部重新生成 box as typed, to be corrected rather than typed again (they were emptied)."""
    sent = {"kind": "方案", "units": "韩村镇、永清、后奕", "force": "1"}
    started = browser.post("/build/start", sent, headers={"Accept": "application/json"}).get_json()
    assert started["started"] is True
    deadline = time.monotonic() + 60
    while not browser.get("/build/status").get_json()["finished"] and time.monotonic() < deadline:
        time.sleep(0.1)
    page = text(browser.get("/build"))
    # every mistyped name at once, each with its hint (it named the first alone: a round per typo)
    assert "没有生成" in page and "没有名为「永清」（是否是「永清镇」？）、「后奕」（是否是「后奕镇」？）的单位" in page
    assert 'id="build-units" size="24" placeholder="全部（多个用顿号隔开）" value="韩村镇、永清、后奕"' in page
    assert '<option value="方案" selected>' in page and 'name="force" value="1" checked' in page


def test_only_one_build_at_a_time(browser: Browser, ws: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import threading

    release = threading.Event()

    def slow_build(*args: Any, **kwargs: Any) -> gongwen.BuildReport:
        release.wait(30)
        return gongwen.BuildReport(gongwen.Findings())

    monkeypatch.setattr(gongwen, "build", slow_build)
    first = browser.post("/build/start", headers={"Accept": "application/json"}).get_json()
    second = browser.post("/build/start", headers={"Accept": "application/json"}).get_json()
    release.set()
    assert first["started"] is True and second == {"started": False, "busy": second["busy"]}
    assert second["busy"].startswith("正在生成公文（已用") and second["busy"].endswith("请等它完成后再试。")


def test_a_document_downloads_under_its_chinese_name(built_browser: Browser, built_copy: Path) -> None:
    browser, ws = built_browser, built_copy
    plan = next(d for d in gongwen.documents(gongwen.Workspace(ws)) if d.document == "方案" and d.unit == "韩村镇")
    relative = plan.path.relative_to(ws / "output").as_posix()
    response = browser.get("/files/" + urllib.parse.quote(relative))
    assert response.status_code == 200
    assert disposition_name(response) == plan.path.name
    assert response.headers["Content-Disposition"].split(";")[1].strip().startswith("filename=")  # ASCII fallback
    assert response.data == plan.path.read_bytes()
    assert "韩村镇" in "".join(p.text for p in Document(io.BytesIO(response.data)).paragraphs)


def test_a_kind_downloads_as_one_zip(built_browser: Browser, built_copy: Path) -> None:
    browser, ws = built_browser, built_copy
    response = browser.get("/zip/" + urllib.parse.quote("方案"))
    assert disposition_name(response) == "方案.zip"
    names = zipfile.ZipFile(io.BytesIO(response.data)).namelist()
    expected = [d.path for d in gongwen.documents(gongwen.Workspace(ws)) if d.document == "方案"]
    assert sorted(names) == sorted(p.relative_to(ws / "output").as_posix() for p in expected)
    assert len(names) == 18


def test_a_zip_of_a_kind_not_built_yet_says_so(browser: Browser) -> None:
    response = browser.get("/zip/" + urllib.parse.quote("方案"))
    # the button as the page names it (it said 生成全部公文, a button the page does not have)
    assert response.status_code == 400 and "还没有生成「方案」，请先在“生成”页点“生成公文”" in text(response)


def test_a_hand_edited_document_is_marked_and_its_new_version_offered(built_browser: Browser, built_copy: Path) -> None:
    browser, ws = built_browser, built_copy
    notice = next(d.path for d in gongwen.documents(gongwen.Workspace(ws)) if d.document == "通知")
    document = Document(str(notice))
    document.add_paragraph("科员手工加的一段")
    document.save(str(notice))
    write_workbook(ws / "inputs" / WORKBOOK_NAME, notice={"联系人": "王小明"})
    build(browser)
    page = text(browser.get("/build"))
    assert "已手工修改" in page and closing_table(page)["手工修改"] == "1"
    beside = notice.with_name(f"{notice.stem}（新生成）.docx")
    assert beside.is_file()
    # A card is 128 px wide: the new version's whole file name broke inside its .docx there; the link
    # says what it is, the name is its tooltip and the name it downloads under.
    link = f'href="/files/{urllib.parse.quote(beside.relative_to(ws / "output").as_posix())}"'
    assert f'<a {link} class="beside" title="{beside.name}">下载新生成的版本</a>' in page
    assert "科员手工加的一段" in "".join(p.text for p in Document(str(notice)).paragraphs)
    # 预演 now: the new version is beside it already, so the build will write nothing (it said 会写入 1 份,
    # 已手工修改，新版另存, where the build then said 新版本已在)
    predicted = text(dry_run(browser))
    assert "生成时不会写入任何文件" in predicted, predicted[predicted.find('id="plan"') :][:1500]
    assert f"{notice.name}：手工修改过，未覆盖；新版本已在「{beside.name}」" in predicted
    # a plan edited by hand, whose inputs did not change, is kept: named beside why (the note said only
    # 输入没有变化，保留手工修改的文件, of no file the clerk could tell)
    plan = next(d.path for d in gongwen.documents(gongwen.Workspace(ws)) if d.document == "方案")
    edited = Document(str(plan))
    edited.add_paragraph("镇长批示")
    edited.save(str(plan))
    build(browser)
    again = text(browser.get("/build"))
    assert f'<li class="warning">方案/{plan.name}：输入没有变化，保留手工修改的文件</li>' in again


def test_stopping_the_page_while_libreoffice_draws_leaves_no_traceback(tmp_path: Path) -> None:
    """Ctrl+C while a page-1 picture was being drawn: the interpreter removed the thread's LibreOffice
    folder at exit while soffice still wrote in it, and printed a Python traceback in the clerk's
    window (Directory not empty). Here the folder is made unremovable as a folder (a file in its place)."""
    import subprocess
    import sys

    script = (
        "import os, threading, time\n"
        "from generator.pdf.libreoffice import scratch_folder\n"
        "ready = threading.Event()\n"
        "def draw():\n"
        "    with scratch_folder() as work:\n"
        "        os.rmdir(work)\n"
        "        open(work, 'w').close()\n"
        "        print(work, flush=True)\n"
        "        ready.set()\n"
        "        time.sleep(60)\n"
        "threading.Thread(target=draw, daemon=True).start()\n"
        "ready.wait(30)\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    Path(result.stdout.strip()).unlink(missing_ok=True)
    assert result.returncode == 0 and result.stdout.strip() and result.stderr == "", result.stderr


def test_page_one_thumbnails_and_the_print_bundle(built_browser: Browser, built_copy: Path) -> None:
    browser, ws = built_browser, built_copy
    require_soffice()
    notice = next(d.path for d in gongwen.documents(gongwen.Workspace(ws)) if d.document == "通知")
    relative = urllib.parse.quote(notice.relative_to(ws / "output").as_posix())
    assert f'src="/thumbnails/{relative}"' in text(browser.get("/build"))
    first = browser.get(f"/thumbnails/{relative}")
    assert first.status_code == 503 and first.headers["Retry-After"] == "2"  # drawn in the background
    deadline = time.monotonic() + 120
    while (picture := browser.get(f"/thumbnails/{relative}")).status_code == 503 and time.monotonic() < deadline:
        time.sleep(0.5)
    assert picture.status_code == 200 and picture.headers["Content-Type"] == "image/png"
    assert picture.data.startswith(b"\x89PNG")
    status, bundle = browser.task("/bundle/" + urllib.parse.quote("通知"))
    assert not status["failed"] and bundle is not None and bundle.status_code == 200, status
    assert disposition_name(bundle) == "通知合订本.pdf" and bundle.data.startswith(b"%PDF")


def test_thumbnails_count_their_progress_and_are_drawn_once_for_two_tabs(browser: Browser, ws: Path) -> None:
    """Page-1 pictures are a background job with a count (正在画缩略图 N / M on the 生成 page); the
    same picture asked for by two tabs, and by their retries, is drawn once."""
    import threading

    from generator.web.tasks import Thumbnails

    folder = ws / "output" / "方案"
    folder.mkdir(parents=True)
    names = [f"单位{n:02d}.docx" for n in range(20)]
    for name in names:
        (folder / name).write_bytes(b"PK\x03\x04 " + name.encode())
    release, drawn, batches = threading.Event(), [], []

    def draw(batch: list[Path]) -> None:  # LibreOffice, held until the test lets it go
        release.wait(30)
        drawn.extend(batch)
        batches.append(len(batch))

    browser.web.extensions["gongwen"].thumbnails = Thumbnails(draw=draw)
    second_tab = Browser(browser.web, browser.keys)
    second_tab.client.set_cookie(security.cookie(PORT), browser.keys.session, domain="127.0.0.1")
    idle = browser.get("/thumbnail-progress").get_json()
    assert idle["drawing"] is False and idle["total"] == 0
    for tab in (browser, second_tab, browser):
        for name in names:
            assert tab.get(f"/thumbnails/方案/{urllib.parse.quote(name)}").status_code == 503
    time.sleep(0.5)  # the first batch is taken
    under_way = browser.get("/thumbnail-progress").get_json()
    assert under_way["drawing"] is True and (under_way["done"], under_way["total"]) == (0, len(names)), under_way
    release.set()
    deadline = time.monotonic() + 30
    while (progress := second_tab.get("/thumbnail-progress").get_json())["drawing"]:
        assert time.monotonic() < deadline
        time.sleep(0.1)
    assert (progress["done"], progress["total"]) == (len(names), len(names))
    assert re.fullmatch(r"不到 0\.1 秒|\d+\.\d 秒", progress["took"]), progress  # (缩略图已画好 8 / 8（0 秒）)
    assert sorted(p.name for p in drawn) == names  # each once
    # A few first (at most Thumbnails.FIRST_CHUNK, those asked for in the first 0.3 s), then the
    # rest in one more LibreOffice run, not in runs of 8 (two runs, not three).
    assert len(batches) == 2 and batches[0] <= Thumbnails.FIRST_CHUNK < len(names), batches
    # The round's thread ends with it (a process with no other thread running forks its builds'
    # workers), and the next picture asked for starts the next round, counted from 0.
    while any(t.name == "gongwen-thumbnails" for t in threading.enumerate()):
        assert time.monotonic() < deadline
        time.sleep(0.1)
    (folder / "单位20.docx").write_bytes(b"PK\x03\x04 next")
    assert browser.get(f"/thumbnails/方案/{urllib.parse.quote('单位20.docx')}").status_code == 503
    while (progress := browser.get("/thumbnail-progress").get_json())["drawing"]:
        assert time.monotonic() < deadline
        time.sleep(0.1)
    assert (progress["done"], progress["total"]) == (1, 1) and drawn[-1].name == "单位20.docx"
    page = text(browser.get("/build"))
    assert 'id="thumbnails-progress"' in page or not gongwen.libreoffice_present()


def test_the_template_check_of_the_workspace_page_runs_in_the_background(
    browser: Browser, ws: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The 工作区 page's template check (a second or two at 2,000 units) is made by the reading
    thread, never in a request; a template saved again is checked again there."""
    import os
    import threading

    from generator.web.server import READING_WAIT

    threads: list[str] = []
    check_setup = gongwen.check_setup

    def spy(workspace: gongwen.Workspace) -> Any:
        threads.append(threading.current_thread().name)
        return check_setup(workspace)

    monkeypatch.setattr(gongwen, "check_setup", spy)

    def shown(page: str) -> str:
        deadline = time.monotonic() + 120
        while "正在读取工作簿" in (answer := text(browser.get(page, reading=True))):
            assert time.monotonic() < deadline
            time.sleep(READING_WAIT)
        return answer

    assert "方案报送截止日期 2018年1月19日 早于成文日期" in shown("/workspace")
    assert threads == ["gongwen-read"]
    shown("/workspace")
    assert threads == ["gongwen-read"]  # not checked again for nothing
    template = ws / "templates" / "方案.docx"
    later = time.time() + 5
    os.utime(template, (later, later))  # the clerk saves it again in Word
    assert "工作区" in shown("/workspace")
    assert threads == ["gongwen-read", "gongwen-read"], threads


# --- 报表 ----------------------------------------------------------------------------------------


def february_forms(browser: Browser) -> dict[str, bytes]:
    status, response = browser.task("/reports/forms", {"period": "2"})
    assert response is not None and response.status_code == 200, status
    assert disposition_name(response) == "2018年2月填报表.zip"
    # said when it is done as the closing table says a build's time (it said 已完成（0 秒）)
    assert re.fullmatch(r"不到 0\.1 秒|\d+\.\d 秒", status["took"]), status
    archive = zipfile.ZipFile(io.BytesIO(response.data))
    return {Path(n).name: archive.read(n) for n in archive.namelist()}


def filled(tmp_path: Path, name: str, data: bytes, changes: dict[str, int]) -> bytes:
    """A form as the unit returns it: its February figures as the workbook has them, and `changes`."""
    path = tmp_path / name
    path.write_bytes(data)
    fill(path, dict(figures(name.split("2018")[0], FEB_1) or {}) | changes)
    return path.read_bytes()


def upload(browser: Browser, url: str, field: str, files: dict[str, bytes]) -> TestResponse:
    return browser.post(
        url, {field: [(io.BytesIO(data), name) for name, data in files.items()]}, content_type="multipart/form-data"
    )


def test_forms_download_as_one_zip_per_period(browser: Browser) -> None:
    forms = february_forms(browser)
    assert len(forms) == 18 and all(n.endswith("2018年2月统计报表（填报）.xlsx") for n in forms)
    assert "期别" in text(browser.get("/reports")) and "2018年3月" in text(browser.get("/reports"))
    # The zip was made in the temp folder; the page keeps it for its link and removes it at exit
    # (it holds every unit's figures: nothing of it may stay behind on the clerk's machine).
    server = state_of(browser.web)
    (made,) = server.made_folders
    assert (made / "2018年2月填报表.zip").is_file()
    later = [server.made_folder() for _ in range(MADE_FOLDERS_KEPT)]  # a page left open all year
    assert not made.exists() and server.made_folders == later  # the oldest went, the newest are kept
    server.discard_all()
    assert not any(folder.exists() for folder in later) and server.made_folders == []


def test_a_batchs_result_opens_where_it_is_shown(browser: Browser) -> None:
    """The check of an upload and the merge's result are under the upload form, below the fold of a
    1366×768 screen: the page they are answered with opens at them, not at its top (as if nothing happened)."""
    files = {"坏的.xlsx": (io.BytesIO(b"PK\x03\x04 not really a workbook"), "坏的.xlsx")}
    uploaded = browser.post("/reports/upload", {"forms": list(files.values())}, follow_redirects=False)
    assert uploaded.status_code == 303 and uploaded.headers["Location"].endswith("#collect-report"), uploaded.headers
    upload_id = uploaded.headers["Location"].split("/reports/batch/")[1].split("#")[0]
    assert 'id="collect-report"' in text(browser.get(f"/reports/batch/{upload_id}"))
    merged = browser.post(f"/reports/merge/{upload_id}", follow_redirects=False)
    assert merged.status_code == 303 and merged.headers["Location"].endswith("#collect-report"), merged.headers


def test_returned_forms_are_shown_before_they_are_merged(
    browser: Browser, ws: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    forms = february_forms(browser)
    han, yong = "韩村镇2018年2月统计报表（填报）.xlsx", "永清镇2018年2月统计报表（填报）.xlsx"
    returned = {
        han: filled(tmp_path, han, forms[han], {"出动排查人员": 700}),
        yong: filled(tmp_path, yong, forms[yong], {"出动排查人员": 800}),
        "坏的.xlsx": b"PK\x03\x04 not really a workbook",
    }
    book = ws / "inputs" / WORKBOOK_NAME
    before = book.read_bytes()
    page = text(upload(browser, "/reports/upload", "forms", returned))
    assert "检查结果" in page
    assert f"有变化</td>\n      <td>韩村镇 2018年2月（{han}）" in page and "出动排查人员：61人次 → 700人次" in page
    assert "拒收</td>\n      <td>坏的.xlsx" in page and "不是有效的 .xlsx 工作簿" in page
    assert book.read_bytes() == before  # nothing merged until the clerk confirms
    upload_id = page.split('action="/reports/merge/')[1].split('"')[0]
    # The merged workbook is read again in the background; on a busy machine (or at 2,000 units) that
    # takes longer than a page waits. The clerk still sees first what the merge did, not 正在读取工作簿.
    validate = gongwen.validate

    def slow_background_read(workspace: Any) -> Any:
        if threading.current_thread().name == "gongwen-read":
            time.sleep(2)
        return validate(workspace)

    monkeypatch.setattr(gongwen, "validate", slow_background_read)
    merged = text(browser.post(f"/reports/merge/{upload_id}"))
    assert "正在读取工作簿" not in merged
    assert "已并入 2 份报表" in merged and "inputs/备份/" in merged
    assert 'id="download-forms"' in merged  # the period's forms still offered: a merge changes no period
    sheet = load_workbook(book)["统计报表"]
    header = [c.value for c in sheet[1]]
    rows = {(r[0].value, r[1].value.month): r[header.index("出动排查人员")].value for r in sheet.iter_rows(min_row=2)}
    assert rows[("韩村镇", 2)] == 700 and rows[("永清镇", 2)] == 800
    merged_book = book.read_bytes()
    again = browser.post(f"/reports/merge/{upload_id}")  # Back and 再提交: the merge is shown, not repeated
    assert again.status_code == 200 and "已并入 2 份报表" in text(again) and "已经并入过" not in text(again)
    assert book.read_bytes() == merged_book


def test_returned_forms_may_come_as_one_zip(browser: Browser, tmp_path: Path) -> None:
    forms = february_forms(browser)
    han = "韩村镇2018年2月统计报表（填报）.xlsx"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(f"收回/{han}", filled(tmp_path, han, forms[han], {"出动排查人员": 700}))
        archive.writestr("../../逃出去.xlsx", forms["永清镇2018年2月统计报表（填报）.xlsx"])
        archive.writestr("说明.txt", "不是报表")
        archive.writestr(f"__MACOSX/收回/._{han}", b"\x00\x05\x16\x07" + bytes(80))  # a Mac's zip: Finder attributes
    page = text(upload(browser, "/reports/upload", "forms", {"各单位报表.zip": buffer.getvalue()}))
    assert "出动排查人员：61人次 → 700人次" in page
    assert f"_{han}" not in page  # (its name, its dot dropped): no file of the unit's, not refused as damaged
    assert "逃出去.xlsx" in page  # read under its own name, inside the upload folder
    assert not (tmp_path.parent / "逃出去.xlsx").exists()


@pytest.mark.parametrize(
    ("files", "status", "message"),
    [
        ({"报表.exe": b"MZ"}, 400, "不是 .xlsx 文件，未接收"),
        ({"报表.xlsx": b"\xd0\xcf\x11\xe0 old xls"}, 400, "不是有效的 .xlsx 文件"),
        ({"报表.zip": b"PK\x03\x04 broken"}, 400, "不是有效的 zip 压缩包"),
        # zipfile asks for the password of a locked member (RuntimeError): the page said 程序内部出错
        ({"报表.zip": raw_zip([Entry("韩村镇.xlsx", b"PK\x03\x04", flags=1)])}, 400, "「韩村镇.xlsx」设置了解压密码"),
        ({}, 400, "没有收到文件"),
    ],
)
def test_a_malformed_upload_gets_one_chinese_sentence(
    files: dict[str, bytes], status: int, message: str, browser: Browser, ws: Path
) -> None:
    before = snapshot(ws)
    response = upload(browser, "/reports/upload", "forms", files)
    assert response.status_code == status and message in text(response)
    assert "Traceback" not in text(response)
    assert snapshot(ws) == before


def test_an_oversized_upload_is_refused_before_it_is_read(browser: Browser, ws: Path) -> None:
    before = snapshot(ws)
    big = b"PK\x03\x04" + b"\0" * (uploads.MAX_REQUEST_BYTES + 1)
    response = upload(browser, "/reports/upload", "forms", {"大.xlsx": big})
    assert response.status_code == 413 and "上传的文件太大" in text(response)
    assert snapshot(ws) == before


def test_a_zip_member_over_the_limit_is_refused(browser: Browser, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(uploads, "MAX_FILE_BYTES", 1000)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("炸弹.xlsx", b"\0" * 100_000)  # 100 KB from a few hundred bytes
    response = upload(browser, "/reports/upload", "forms", {"报表.zip": buffer.getvalue()})
    assert response.status_code == 400 and "「炸弹.xlsx」超过" in text(response)


def _february_of(book: Path, unit: str) -> dict[str, Any]:
    sheet = load_workbook(book)["统计报表"]
    header = [c.value for c in sheet[1]]
    row = next(r for r in sheet.iter_rows(min_row=2) if r[0].value == unit and getattr(r[1].value, "month", 0) == 2)
    return {name: cell.value for name, cell in zip(header, row, strict=False)}


def _half_filled(tmp_path: Path, forms: dict[str, bytes]) -> tuple[str, bytes]:
    name = "县公安局2018年2月统计报表（填报）.xlsx"
    path = tmp_path / name
    path.write_bytes(forms[name])
    fill(path, {"召开专题会议": 9, "开展宣传活动": 7})  # the other yellow cells left blank
    return name, path.read_bytes()


def _upload_id(page: str) -> str:
    return page.split('action="/reports/merge/')[1].split('"')[0]


@pytest.mark.parametrize("choice", ["refuse", "filled"])
def test_a_half_filled_form_waits_for_the_clerks_choice_and_a_blank_never_wipes_a_figure(
    browser: Browser, ws: Path, tmp_path: Path, choice: str
) -> None:
    forms = february_forms(browser)
    book = ws / "inputs" / WORKBOOK_NAME
    before = _february_of(book, "县公安局")
    han = "韩村镇2018年2月统计报表（填报）.xlsx"
    name, half = _half_filled(tmp_path, forms)
    page = text(
        upload(
            browser,
            "/reports/upload",
            "forms",
            {name: half, han: filled(tmp_path, han, forms[han], {"出动排查人员": 70})},
        )
    )
    assert f"暂不并入</td>\n      <td>县公安局 2018年2月（{name}）" in page
    assert "D11「排查出租房屋」" in page and "（空格是“没有填”，不是 0）" in page
    assert "有 1 份报表有空格（空格是“没有填”，不是 0）。请选择：" in page
    assert "有空格的不并入，只并入其余 1 份" in page and "有空格的只并入已填的数（空格保留原数），共并入 2 份" in page
    assert "0 和空格不一样" in page and "没有发生的要填 0（零报告）" in page  # what blank, 0 and duplicates mean
    # the 台账's 催报 for it, to paste to the unit (it said 没有填，没有请填 0)
    chased = text(browser.get("/ledger?period=2"))
    assert "县公安局：2018年2月报表 D" in chased and "、D11 格（排查出租房屋）、" in chased
    assert "没有填；没有发生的请填 0，请改好后于今天下班前重报" in chased and "没有请填" not in chased
    merged = text(browser.post(f"/reports/merge/{_upload_id(page)}", {"blanks": choice}))
    after = _february_of(book, "县公安局")
    # a correction keeps the day the period was first reported (a column the merge adds when it needs it)
    first = after.pop("首次报送日期", None)
    assert _february_of(book, "韩村镇")["出动排查人员"] == 70
    if choice == "filled":
        assert "已并入 2 份报表" in merged
        assert after["召开专题会议"] == 9 and after["开展宣传活动"] == 7
    else:
        assert "已并入 1 份报表" in merged and "暂不并入 1 份" in merged
        assert after == before
    filed = before["填报日期"]
    assert first == (f"{filed.year}年{filed.month}月{filed.day}日" if choice == "filled" else None)
    kept = [n for n in after if n not in ("召开专题会议", "开展宣传活动", "填报日期")]  # (the form's date goes in)
    assert {n: after[n] for n in kept} == {n: before[n] for n in kept}  # 78 stays 78: never a 0 for a blank


def test_two_forms_of_one_unit_wait_until_the_clerk_keeps_one(browser: Browser, ws: Path, tmp_path: Path) -> None:
    forms = february_forms(browser)
    han = "韩村镇2018年2月统计报表（填报）.xlsx"
    page = text(
        upload(
            browser,
            "/reports/upload",
            "forms",
            {"韩村镇（第一次）.xlsx": filled(tmp_path, han, forms[han], {"出动排查人员": 70}),
             "韩村镇（更正）.xlsx": filled(tmp_path, han, forms[han], {"出动排查人员": 75})},
        )
    )  # fmt: skip
    assert page.count("暂不并入</td>") == 2
    assert (
        "与「韩村镇（更正）.xlsx」是同一单位同一期的报表，两份都未并入，请只留一份。不同之处：出动排查人员 本份 70人次、那份 75人次"
        in page
    )
    assert "没有可以并入的新数据" in page
    upload_id = page.split('action="/reports/keep/')[1].split('"')[0]
    page = text(browser.post(f"/reports/keep/{upload_id}", {"file": "韩村镇（更正）.xlsx"}))
    assert "有变化</td>\n      <td>韩村镇 2018年2月（韩村镇（更正）.xlsx）" in page and "韩村镇（第一次）" not in page
    merged = text(browser.post(f"/reports/merge/{_upload_id(page)}"))
    assert "已并入 1 份报表" in merged and _february_of(ws / "inputs" / WORKBOOK_NAME, "韩村镇")["出动排查人员"] == 75


def test_two_forms_of_a_unit_not_yet_reported_are_not_chased_in_the_ledger(
    browser: Browser, ws: Path, tmp_path: Path
) -> None:
    """三圣口乡 has not reported February; it sends two forms, held until the clerk keeps one: the
    台账 says they are waiting for that choice, and offers no 催报 saying nothing was received."""
    forms = february_forms(browser)
    name = "三圣口乡2018年2月统计报表（填报）.xlsx"
    full = dict(figures("韩村镇", FEB_1) or {})  # every figure filled (a township's metrics)
    twice = {f"三圣口乡（{n}）.xlsx": filled(tmp_path, name, forms[name], full | {"出动排查人员": n}) for n in (8, 9)}
    assert text(upload(browser, "/reports/upload", "forms", twice)).count("暂不并入</td>") == 2
    ledger = text(browser.get("/ledger?period=" + urllib.parse.quote("2018年2月")))
    row = ledger.split("<td>三圣口乡</td>")[1].split("</tr>")[0]
    assert (
        "待选定" in row and "收到 2 份（「三圣口乡（8）.xlsx」、「三圣口乡（9）.xlsx」），都未并入，请只留一份" in row
    ), row
    assert "还没有收到" not in row and "reminder" not in row, row
    assert "收到两份以上、待您选定的 1 个" in ledger


def test_a_workbook_open_in_excel_keeps_the_batch_for_a_retry(
    browser: Browser, ws: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os

    forms = february_forms(browser)
    han = "韩村镇2018年2月统计报表（填报）.xlsx"
    book = ws / "inputs" / WORKBOOK_NAME
    page = text(
        upload(browser, "/reports/upload", "forms", {han: filled(tmp_path, han, forms[han], {"出动排查人员": 70})})
    )
    before = book.read_bytes()
    real_replace = os.replace

    def held_by_excel(source: Any, target: Any) -> None:
        if Path(target) == book:
            raise PermissionError(13, "being used by another process")
        real_replace(source, target)

    monkeypatch.setattr(os, "replace", held_by_excel)
    response = browser.post(f"/reports/merge/{_upload_id(page)}")
    retry = text(response)
    assert response.status_code == 200
    assert "请先在 Excel/WPS 中关闭：inputs/活动数据.xlsx，然后重试" in retry and "一份也没有丢失" in retry
    assert "重试：确认并入 1 份报表" in retry and "程序内部出错" not in retry
    assert book.read_bytes() == before and not list((ws / "inputs" / "备份").glob("*"))
    monkeypatch.setattr(os, "replace", real_replace)  # Excel closed
    merged = text(browser.post(f"/reports/merge/{_upload_id(retry)}"))
    assert "已并入 1 份报表" in merged and len(list((ws / "inputs" / "备份").glob("*.xlsx"))) == 1
    assert _february_of(book, "韩村镇")["出动排查人员"] == 70


def test_a_period_of_another_kind_is_refused_on_the_page_with_the_valid_labels(browser: Browser, ws: Path) -> None:
    status, download = browser.task("/reports/forms", {"period": "第3周"})
    assert status["failed"] and download is None
    assert (
        "期别「第3周」不对：这次活动按“月”报送，共 3 期：2018年1月、2018年2月、2018年3月（也可以写第几期）"
        in (status["errors"][0])
    )
    assert not (ws / "output" / "填报表").exists()


def zip_by_hand(members: list[tuple[bytes, int, bytes, bytes]], methods: dict[int, int] | None = None) -> bytes:
    """A zip written byte by byte: (name bytes, flags, extra field, data) per member, stored (or marked
    with another method: `methods` by member index, as an archiver using one zipfile lacks would)."""
    import struct
    import zlib

    out, central = bytearray(), bytearray()
    for index, (name, flags, extra, data) in enumerate(members):
        crc, offset, method = zlib.crc32(data), len(out), (methods or {}).get(index, 0)
        out += struct.pack(
            "<IHHHHHIIIHH", 0x04034B50, 20, flags, method, 0, 0x21, crc, len(data), len(data), len(name), len(extra)
        )
        out += name + extra + data
        central += struct.pack(
            "<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, flags, method, 0, 0x21, crc, len(data), len(data),
            len(name), len(extra), 0, 0, 0, 0, offset,
        )  # fmt: skip
        central += name + extra
    start = len(out)
    out += central + struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(members), len(members), len(central), start, 0)
    return bytes(out)


def test_zip_member_names_from_windows_explorer_and_info_zip_read_as_written(browser: Browser, tmp_path: Path) -> None:
    import struct
    import zlib

    forms = february_forms(browser)
    han, yong, liu = (f"{u}2018年2月统计报表（填报）.xlsx" for u in ("韩村镇", "永清镇", "刘街乡"))
    gbk = f"收回/{han}".encode("gbk")  # Windows Explorer: the code page's bytes, no UTF-8 flag
    info_zip_raw = yong.encode("gbk")  # Info-ZIP: the local bytes, and the UTF-8 name in field 0x7075
    unicode_path = b"\x01" + struct.pack("<I", zlib.crc32(info_zip_raw)) + yong.encode("utf-8")
    info_zip_extra = struct.pack("<HH", 0x7075, len(unicode_path)) + unicode_path
    archive = zip_by_hand(
        [
            (gbk, 0, b"", filled(tmp_path, han, forms[han], {"出动排查人员": 70})),
            (info_zip_raw, 0, info_zip_extra, filled(tmp_path, yong, forms[yong], {"出动排查人员": 80})),
            (liu.encode("utf-8"), 0x800, b"", filled(tmp_path, liu, forms[liu], {"出动排查人员": 90})),
        ]
    )
    assert zipfile.ZipFile(io.BytesIO(archive)).namelist()[0] != f"收回/{han}"  # Python alone shows mojibake
    page = text(upload(browser, "/reports/upload", "forms", {"各单位报表.zip": archive}))
    for name in (han, yong, liu):
        assert f"（{name}）" in page, name
    assert page.count("有变化</td>") == 3


def test_a_member_packed_with_an_unknown_method_is_refused_alone(browser: Browser, tmp_path: Path) -> None:
    forms = february_forms(browser)
    han, yong = (f"{u}2018年2月统计报表（填报）.xlsx" for u in ("韩村镇", "永清镇"))
    members = [
        (han.encode("utf-8"), 0x800, b"", filled(tmp_path, han, forms[han], {"出动排查人员": 70})),
        (yong.encode("utf-8"), 0x800, b"", filled(tmp_path, yong, forms[yong], {"出动排查人员": 80})),
    ]
    page = text(upload(browser, "/reports/upload", "forms", {"报表.zip": zip_by_hand(members, {1: 9})}))  # deflate64
    assert f"有变化</td>\n      <td>韩村镇 2018年2月（{han}）" in page
    assert f"拒收</td>\n      <td>{yong}" in page and "确认并入 1 份报表" in page


# --- 模板 ----------------------------------------------------------------------------------------


def test_templates_list_download_and_the_variable_catalog(browser: Browser, ws: Path) -> None:
    page = text(browser.get("/templates"))
    for document in ("通知", "方案", "月报", "总结", "县总结"):
        assert f"/templates/file/{urllib.parse.quote(document)}" in page
    response = browser.get("/templates/file/" + urllib.parse.quote("方案"))
    assert disposition_name(response) == "方案.docx"
    assert response.data == (ws / "templates" / "方案.docx").read_bytes()
    catalog = text(browser.get("/templates?document=" + urllib.parse.quote("方案")))
    assert "{{ 单位.名称 }}" in catalog and 'id="variable-search"' in catalog and "|日期" in catalog


def with_paragraph(template: Path, sentence: str) -> bytes:
    document = Document(str(template))
    document.add_paragraph(sentence)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_a_template_with_a_full_width_brace_is_not_installed(browser: Browser, ws: Path) -> None:
    template = ws / "templates" / "方案.docx"
    before = template.read_bytes()
    bad = with_paragraph(template, "联系人：｛{ 发文.联系人 }}")
    page = text(upload(browser, "/templates/upload/" + urllib.parse.quote("方案"), "template", {"方案.docx": bad}))
    assert "没有启用，原来的模板不变" in page
    assert "全角" in page and "联系人：｛{ 发文.联系人 }}" in page  # the finding quotes its paragraph
    assert template.read_bytes() == before


def test_a_good_template_is_installed_and_the_old_one_kept(browser: Browser, ws: Path) -> None:
    template = ws / "templates" / "方案.docx"
    before = template.read_bytes()
    good = with_paragraph(template, "联系人：{{ 发文.联系人 }}")
    page = text(upload(browser, "/templates/upload/" + urllib.parse.quote("方案"), "template", {"新方案.docx": good}))
    assert "模板检查通过，已启用：templates/方案.docx" in page
    assert template.read_bytes() == good
    (backup,) = (ws / "templates" / "备份").iterdir()
    assert backup.read_bytes() == before and "templates/备份/" in page


def test_a_template_upload_with_a_paragraph_over_the_text_limit_is_told_so(browser: Browser, ws: Path) -> None:
    template = ws / "templates" / "通知.docx"
    before = template.read_bytes()
    long = with_long_paragraph(template)
    page = text(upload(browser, "/templates/upload/" + urllib.parse.quote("通知"), "template", {"通知.docx": long}))
    assert "没有启用，原来的模板不变" in page and "word/document.xml" in page and TOLD in page, page
    assert "不是完整的 XML" not in page and "不是有效的 XML" not in page
    assert template.read_bytes() == before


def test_a_template_upload_on_a_page_not_a4_is_refused(browser: Browser, ws: Path) -> None:
    template = ws / "templates" / "通知.docx"
    before = template.read_bytes()
    tiny = with_section(template, '<w:pgSz w:w="0" w:h="0"/>', A4_MARGINS)
    page = text(upload(browser, "/templates/upload/" + urllib.parse.quote("通知"), "template", {"通知.docx": tiny}))
    assert "没有启用，原来的模板不变" in page and "纸张不是 A4（210 × 297 mm），而是 0 × 0 mm" in page, page
    assert "纸张应为 A4 210×297 毫米" in page and template.read_bytes() == before


def test_a_template_upload_for_a_document_made_by_code_is_refused(browser: Browser) -> None:
    response = upload(browser, "/templates/upload/" + urllib.parse.quote("汇总表"), "template", {"x.docx": b"PK"})
    assert response.status_code == 404


# --- 检查 ----------------------------------------------------------------------------------------


def test_check_reads_any_docx_and_says_what_is_wrong(browser: Browser, ws: Path, tmp_path: Path) -> None:
    plain = tmp_path / "随手写的.docx"
    Document().save(str(plain))
    files = {"随手写的.docx": plain.read_bytes(), "坏文件.docx": b"PK\x03\x04 broken"}
    response = browser.post(
        "/check",
        {"documents": [(io.BytesIO(d), n) for n, d in files.items()]},
        content_type="multipart/form-data",
    )
    page = text(response)
    assert response.status_code == 200, page
    assert "× 随手写的.docx" in page and "页边距" in page
    assert "× 坏文件.docx" in page and "不是有效的 Word（.docx）文件" in page
    assert "检查 2 个文件：符合 0 个，有问题 2 个。" in page


def test_a_wrong_file_among_the_documents_to_check_leaves_the_others_checked(browser: Browser, tmp_path: Path) -> None:
    """A note and a Word file chosen together: the Word file is checked, the note is said not to be
    one; the whole choice was refused (the clerk chose again, one by one)."""
    plain = tmp_path / "随手写的.docx"
    Document().save(str(plain))
    files = {"随手写的.docx": plain.read_bytes(), "随手.txt": "随手写的".encode()}
    response = browser.post(
        "/check",
        {"documents": [(io.BytesIO(d), n) for n, d in files.items()]},
        content_type="multipart/form-data",
    )
    page = text(response)
    assert response.status_code == 200, page
    assert "× 随手写的.docx" in page and "检查 1 个文件：符合 0 个，有问题 1 个。" in page
    assert "「随手.txt」不是 .docx 文件，未接收" in page.split('id="check-report"')[1]


def test_check_passes_a_generated_notice(built_browser: Browser, built_copy: Path) -> None:
    browser, ws = built_browser, built_copy
    notice = next(d.path for d in gongwen.documents(gongwen.Workspace(ws)) if d.document == "通知")
    response = browser.post(
        "/check", {"documents": [(io.BytesIO(notice.read_bytes()), notice.name)]}, content_type="multipart/form-data"
    )
    assert f"√ {notice.name}：符合" in text(response), text(response)


def test_check_without_libreoffice_says_what_was_not_checked(
    browser: Browser, ws: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from generator.pdf import libreoffice

    monkeypatch.setattr(libreoffice, "find_soffice", lambda: None)
    plain = tmp_path / "随手写的.docx"
    Document().save(str(plain))
    response = browser.post(
        "/check", {"documents": [(io.BytesIO(plain.read_bytes()), plain.name)]}, content_type="multipart/form-data"
    )
    page = text(response)
    assert "没有检查实际排版（每页 22 行、每行 28 字" in page and "本机没有找到 LibreOffice" in page, page


# --- errors ------------------------------------------------------------------------------------


def test_unknown_pages_and_bugs_get_a_chinese_page_not_a_traceback(
    browser: Browser, monkeypatch: pytest.MonkeyPatch
) -> None:
    missing = browser.get("/no-such-page")
    assert missing.status_code == 404 and "没有这个页面或文件" in text(missing)

    def broken(workspace: gongwen.Workspace) -> list[gongwen.DocumentFile]:
        raise RuntimeError("a bug")

    monkeypatch.setattr(gongwen, "documents", broken)
    response = browser.get("/build")
    assert response.status_code == 500
    assert "程序内部出错（这是 gongwen 的问题" in text(response) and "Traceback" not in text(response)
    assert "a bug" not in text(response)


def test_a_page_the_broken_workbook_stops_leads_to_the_workspace_page(browser: Browser, ws: Path) -> None:
    """台账, 报表 and 模板 over a damaged workbook said 操作没有完成 (nothing was asked to be done) and
    their 返回 led to the same page, which said it again."""
    (ws / "inputs" / WORKBOOK_NAME).write_bytes(b"PK\x03\x04 broken")
    for page in ("/ledger", "/reports", "/templates"):
        response = browser.get(page, headers={"Referer": f"{ORIGIN}{page}"})
        said = text(response)
        assert response.status_code == 400 and "这一页现在打不开" in said and "操作没有完成" not in said
        assert "这不是 Excel 工作簿（.xlsx）文件" in said and "Traceback" not in said
        assert 'href="/workspace" class="button secondary" id="back"' in said


def test_static_files_need_the_cookie_too(ws: Path, keys: security.Secrets) -> None:
    client = create_app(ws, PORT, keys).test_client()
    assert client.get("/static/gongwen.css", base_url=ORIGIN).status_code == 403
    client.get(f"/?token={keys.token}", base_url=ORIGIN)
    assert client.get("/static/gongwen.css", base_url=ORIGIN).status_code == 200


def test_a_foreign_post_is_refused_before_its_body_is_read(browser: Browser) -> None:
    """A body over the upload limit would be 413 once read: from another site it is 403 unread."""
    big = b"\0" * (uploads.MAX_REQUEST_BYTES + 1)
    response = browser.client.post(
        "/reports/upload",
        base_url=ORIGIN,
        data={"forms": [(io.BytesIO(big), "x.xlsx")]},
        headers={"Origin": "http://evil.example"},
        content_type="multipart/form-data",
    )
    assert response.status_code == 403


@pytest.mark.parametrize(
    ("sent", "kept"),
    [
        ("C:\\fakepath\\韩村镇报表.xlsx", "韩村镇报表.xlsx"),
        ("../../../etc/报表.xlsx", "报表.xlsx"),
        ('韩村镇:2月"报表"?.xlsx', "韩村镇_2月_报表__.xlsx"),
        ("..xlsx", "xlsx"),
        ("\t\n", "上传的文件"),
        ("NUL.xlsx", "NUL_.xlsx"),  # saved on Windows, it would be written to nothing
        ("C:\\fakepath\\con .xlsx", "con_.xlsx"),
        ("COM¹.xlsx", "COM¹_.xlsx"),
        ("长" * 200 + ".xlsx", "长" * 65 + ".xlsx"),  # 605 bytes: no file system takes it (ENAMETOOLONG)
    ],
)
def test_an_uploaded_name_is_only_a_file_name(sent: str, kept: str) -> None:
    assert uploads.base_name(sent) == kept


def test_an_upload_whose_name_is_longer_than_a_file_system_takes_is_saved(tmp_path: Path) -> None:
    """Saving it raised OSError (File name too long): the page said 程序内部出错 (HTTP 500)."""
    upload = SimpleNamespace(filename="长" * 200 + ".xlsx", stream=io.BytesIO(b"PK\x03\x04 a form"))
    folder = uploads.save([upload], (".xlsx",))
    try:
        assert [(p.name, p.read_bytes()) for p in folder.iterdir()] == [("长" * 65 + ".xlsx", b"PK\x03\x04 a form")]
    finally:
        shutil.rmtree(folder)


def test_a_refused_upload_leaves_no_temporary_folder(
    browser: Browser, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tempfile

    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    for files in ({"报表.exe": b"MZ"}, {"坏.xls": b"\xd0\xcf", "坏.txt": b"x"}):
        assert upload(browser, "/reports/upload", "forms", files).status_code == 400
    assert not list(scratch.glob("gongwen-upload-*"))


def test_a_new_workspace_where_nothing_may_be_written_says_so(
    browser: Browser, monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno

    def refused(target: Path, source: str) -> gongwen.Workspace:
        raise PermissionError(errno.EACCES, "Permission denied", str(target))

    monkeypatch.setattr(gongwen, "init", refused)
    response = browser.post("/workspace/new", {"name": "新活动", "source": "blank"})
    assert response.status_code == 400 and "没有写入权限" in text(response)
    assert "Permission denied" not in text(response)


# --- 从现有公文新建 ---------------------------------------------------------------------------------


def test_a_notice_uploaded_becomes_a_new_workspace_with_its_report(browser: Browser, ws: Path) -> None:
    from .conftest import DATA

    notice = (DATA / "seed_notice.docx").read_bytes()
    response = browser.post(
        "/workspace/import",
        {"name": "2019年打击传销", "notice": (io.BytesIO(notice), "永清县通知.docx")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 303, text(response)
    new = ws.parent / "2019年打击传销"
    assert (new / "inputs" / WORKBOOK_NAME).is_file() and (new / "templates" / "通知.docx").is_file()
    page = text(browser.get("/workspace"))
    assert str(new) in page and "导入说明" in page
    assert "第 2 段：发文字号 永政办〔2018〕15号" in page
    assert "与原文逐段相同（39 段）" in page


def test_every_file_input_is_a_picker_that_speaks_chinese(browser: Browser) -> None:
    """The browser's own file button says Choose File / No file chosen in the browser's language:
    every file input of every page sits in our picker, which says 选择…"""
    import re

    for page in ("/workspace", "/reports", "/templates", "/check"):
        shown = text(browser.get(page))
        inputs = re.findall(r"<input type=\"file\"[^>]*>", shown)
        pickers = re.findall(r'<label class="file-picker"><input type="file"[^>]*><span>[^<]*选择[^<]*</span>', shown)
        assert inputs and len(pickers) == len(inputs), (page, inputs)
        # nothing chosen: the browser says so at the box, not an error page after the click
        assert all(" required" in tag for tag in inputs), (page, inputs)


def import_notice(browser: Browser, form: dict[str, Any]) -> TestResponse:
    """从现有公文新建 as the browser sends it, and the page it is sent to."""
    response = browser.post("/workspace/import", form, content_type="multipart/form-data")
    assert response.status_code == 303, text(response)
    return browser.get(response.headers["Location"])


def import_form(page: str) -> dict[str, Any]:
    """The 从现有公文新建 form as the page shows it: its fields' values, and its file input."""
    import lxml.html

    (form,) = lxml.html.fromstring(page).xpath("//form[@action='/workspace/import']")
    fields = {i.get("name"): i.get("value") or "" for i in form.xpath(".//input[@name]") if i.get("type") != "file"}
    (picker,) = form.xpath(".//label[@class='file-picker']")
    return {**fields, "picker": picker.text_content(), "file required": picker.xpath("input")[0].get("required")}


def test_an_upload_that_is_not_a_notice_is_refused_in_chinese(browser: Browser, ws: Path) -> None:
    page = text(import_notice(browser, {"name": "新活动", "notice": (io.BytesIO(b"\x00\x01"), "照片.jpg")}))
    assert "没有导入：「照片.jpg」不是 .docx、.doc、.wps、.txt 文件" in page
    assert not (ws.parent / "新活动").exists()


def test_a_failed_import_keeps_the_name_typed_and_the_notice_chosen(browser: Browser, ws: Path) -> None:
    """The folder name taken: said above the form, which still holds the name and the notice (the
    clerk changes the name and clicks again, without choosing the file anew)."""
    from .conftest import DATA

    (ws.parent / "2019年打击传销").mkdir()
    (ws.parent / "2019年打击传销" / "别的文件.txt").write_text("已有", encoding="utf-8")
    notice = (DATA / "seed_notice.docx").read_bytes()
    page = text(import_notice(browser, {"name": "2019年打击传销", "notice": (io.BytesIO(notice), "永清县通知.docx")}))
    assert f"没有导入：文件夹「{ws.parent / '2019年打击传销'}」已存在且不是空的；为避免覆盖，请换一个新文件夹名" in page
    form = import_form(page)
    assert (
        form["name"] == "2019年打击传销"
        and form["kept"]
        and form["picker"] == "已选：永清县通知.docx（点这里可换一个）"
    )
    assert form["file required"] is None  # the kept notice is sent: the browser must not ask for a file
    page = text(import_notice(browser, {"name": "2019年打击传销（二）", "kept": form["kept"]}))
    new = ws.parent / "2019年打击传销（二）"
    assert (new / "templates" / "通知.docx").is_file() and "与原文逐段相同（39 段）" in page
    assert sorted(p.name for p in (ws.parent / "2019年打击传销").iterdir()) == ["别的文件.txt"]
    # the kept notice was used once: the same form again has no file to import
    again = text(import_notice(browser, {"name": "2019年打击传销（三）", "kept": form["kept"]}))
    assert "没有导入：没有收到文件：请选择公文文件" in again and import_form(again)["name"] == "2019年打击传销（三）"


def test_a_broken_notice_is_named_and_the_name_typed_kept(browser: Browser, ws: Path) -> None:
    """The file itself was wrong (empty, a PDF saved as .docx): the page says what it is and asks for
    another; the name typed stays, the broken file is not offered again."""
    page = text(import_notice(browser, {"name": "防汛抗旱", "notice": (io.BytesIO(b""), "防汛通知.docx")}))
    assert "没有导入：「防汛通知.docx」是空文件（0 字节）" in page
    form = import_form(page)
    assert form["name"] == "防汛抗旱" and "kept" not in form and form["picker"] == "选择公文文件…"
    assert form["file required"] is not None and not (ws.parent / "防汛抗旱").exists()


def test_an_uploaded_notice_is_read_by_its_content_as_the_command_reads_it(browser: Browser, ws: Path) -> None:
    """The upload refused every .docx that is no zip as "文件可能已损坏或是旧版格式" before the importer
    saw it: a web page saved as .docx (the command reads it), a scan saved as .docx (the command says
    it is a PDF)."""
    require_soffice()
    page = "<html><body><p>永清县人民政府办公室关于开展打击传销活动的通知</p><p>各乡镇：</p><p>请认真贯彻落实。</p></body></html>"
    response = browser.post(
        "/workspace/import",
        {"name": "网页通知", "notice": (io.BytesIO(page.encode("gb2312")), "通知.docx")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 303, text(response)
    assert (ws.parent / "网页通知" / "templates" / "通知.docx").is_file()
    refused = text(
        import_notice(browser, {"name": "扫描件", "notice": (io.BytesIO(b"%PDF-1.5\n1 0 obj"), "扫描.docx")})
    )
    assert "没有导入：「扫描.docx」其实是 PDF 文件（只是扩展名写成了 .docx）" in refused
    assert import_form(refused)["name"] == "扫描件"
    assert not (ws.parent / "扫描件").exists()


def test_an_upload_that_is_no_zip_is_told_what_it_is(browser: Browser, ws: Path) -> None:
    response = upload(browser, "/reports/upload", "forms", {"韩村镇.xlsx": b"%PDF-1.4\n1 0 obj"})
    assert response.status_code == 400 and "「韩村镇.xlsx」不是有效的 .xlsx 文件（这是 PDF 文件" in text(response)


def test_workspace_lists_sheet_and_template_mistakes_in_one_round(browser: Browser, ws: Path) -> None:
    """Issue 36: the 工作区 page checks the workbook and every template at once, the report templates
    too before any report has come in."""
    write_workbook(ws / "inputs" / WORKBOOK_NAME, notice={"标题": ""}, reports=[])
    parts = read_parts(ws / "templates" / "月报.docx")
    xml = parts["word/document.xml"].decode().replace("{{ 统计.期别 }}", "{{ 统计.期别名 }}", 1)
    (ws / "templates" / "月报.docx").write_bytes(zip_bytes({**parts, "word/document.xml": xml.encode()}))
    notice = read_parts(ws / "templates" / "通知.docx")
    notice_xml = notice["word/document.xml"].decode().replace("{{ 发文.标题 }}", "｛｛ 发文.标题 }}", 1)
    (ws / "templates" / "通知.docx").write_bytes(zip_bytes({**notice, "word/document.xml": notice_xml.encode()}))
    page = text(browser.get("/workspace"))
    # The workbook's mistake and the templates' typing, together; their names wait for a readable workbook.
    assert "<h3>工作簿「发文」表</h3>" in page and "「标题」不能为空" in page
    assert "<h3>模板 通知.docx</h3>" in page and "是中文输入法打出的全角符号" in page
    assert (
        "<h3>模板</h3>" in page and "模板里的变量名要等工作簿改好后才能逐个核对" in page
    )  # not the folder's name, templates
    write_workbook(ws / "inputs" / WORKBOOK_NAME, reports=[])  # the workbook fixed: the template still is not
    page = text(browser.get("/workspace"))
    assert "「标题」不能为空" not in page
    assert "<h3>模板 月报.docx</h3>" in page
    assert (
        "变量「期别名」没有定义，是否是「期别」？" in page
        and "尚无报表：月报、汇总、汇总表、总结、县总结 将在收到报表后生成" in page
    )


# --- issue 39: true per workspace, busy-aware, at scale, 台账, the clerk's words ------------------


def slow(monkeypatch: pytest.MonkeyPatch) -> Any:
    """gongwen.build held until the returned event is set (a build that takes as long as the test wants)."""
    import threading

    release = threading.Event()

    def slow_build(*args: Any, **kwargs: Any) -> gongwen.BuildReport:
        release.wait(30)
        return gongwen.BuildReport(gongwen.Findings())

    monkeypatch.setattr(gongwen, "build", slow_build)
    return release


def test_a_result_belongs_to_its_workspace_and_its_current_files(browser: Browser, ws: Path) -> None:
    write_workbook(ws / "inputs" / WORKBOOK_NAME, notice={"成文日期": "2018年2月30日"})
    assert build(browser)["failed"] is True
    assert "成文日期」「2018年2月30日」不是日历上的日期" in text(browser.get("/build"))
    write_workbook(ws / "inputs" / WORKBOOK_NAME)  # fixed: the old error list goes at once
    page = text(browser.get("/build"))
    assert "不是日历上的日期" not in page and "没有生成" not in page
    build(browser)
    assert "生成完成" in text(browser.get("/build"))
    browser.post("/workspace/new", {"name": "第二个", "source": "blank"})
    page = text(browser.get("/build"))  # another workspace: nothing of the first one's build
    assert "生成完成" not in page and 'id="summary"' not in page
    assert ws.resolve() in gongwen.recent_workspaces()
    assert browser.post("/workspace/switch", {"root": str(ws.resolve())}).status_code == 303
    assert "生成完成" in text(browser.get("/build"))  # and back: its own result again


def test_while_a_build_runs_other_work_is_refused_in_plain_words(
    browser: Browser, monkeypatch: pytest.MonkeyPatch
) -> None:
    release = slow(monkeypatch)
    try:
        assert browser.post("/build/start", headers={"Accept": "application/json"}).get_json()["started"]
        for url, data in (("/bundle/" + urllib.parse.quote("通知"), {}), ("/reports/forms", {"period": "2"})):
            answer = browser.post(url, data, headers={"Accept": "application/json"}).get_json()
            assert answer["started"] is False and answer["busy"].startswith("正在生成公文"), answer
        page = text(browser.get("/build"))
        assert 'id="build" disabled' in page and "正在生成公文" in page
        assert browser.get("/alive").get_json()["busy"].startswith("正在生成公文")
        refused = upload(browser, "/templates/upload/" + urllib.parse.quote("通知"), "template", {"通知.docx": b"x"})
        assert refused.status_code == 400 and "正在生成公文" in text(refused) and "gongwen.lock" not in text(refused)
    finally:
        release.set()


def test_an_excel_kind_is_not_bundled_but_said_why(built_browser: Browser, built_copy: Path) -> None:
    browser, ws = built_browser, built_copy
    sheet = next(d for d in gongwen.documents(gongwen.Workspace(ws)) if d.path.suffix == ".xlsx")
    status, download = browser.task("/bundle/" + urllib.parse.quote(sheet.document))
    assert status["failed"] and download is None
    assert status["errors"] == [
        f"「{sheet.document}」是 Excel 表格，不能合订成 PDF；请用 Excel 或 WPS 表格打开它直接打印（打印格式已设好）"
    ]
    page = text(browser.get("/build"))
    assert "Excel 表格：用 Excel 或 WPS 表格打开直接打印" in page


def test_cards_say_unit_and_period_and_filter_by_kind_unit_and_period(browser: Browser, ws: Path) -> None:
    page = text(browser.get("/build?" + urllib.parse.urlencode({"kind": "月报", "period": "2018年2月"})))
    assert page.count('class="missing"') == 18 and "永清镇 2018年2月（未生成）" in page
    assert "共 18 份" in page
    page = text(browser.get("/build?" + urllib.parse.urlencode({"unit": "韩村"})))
    assert "韩村镇 2018年1月（未生成）" in page and "永清镇" not in page.split('id="filter"')[1]
    rollups = [d for d in gongwen.documents(gongwen.Workspace(ws)) if d.unit is None and d.period]
    assert rollups and all(d.label == d.period for d in rollups)  # a roll-up is named by its period


def test_warnings_fold_by_kind_with_counts() -> None:
    from generator.web.routes import warning_groups

    groups = warning_groups(
        [f"警告：「{u}」{n} 月未报送" for u, n in (("甲镇", 1), ("乙镇", 2), ("丙镇", 3))] + ["警告：模板缺少落款"]
    )
    assert [len(lines) for _, lines in groups] == [3, 1]


def test_dry_run_says_what_would_be_written_and_writes_nothing(browser: Browser, ws: Path) -> None:
    before = snapshot(ws)
    page = text(dry_run(browser, {"kind": "方案", "units": "韩村镇、永清镇"}))
    assert "预演：生成会做什么（没有写任何文件）" in page and "生成时会写入 2 份，0 份不变" in page
    assert closing_table(page, "plan-summary") == {"新生成": "2", "已更新": "0", "未变化": "0", "手工修改": "0"}
    assert "新生成（2 份）" in page and "韩村镇打击传销活动大排查工作方案.docx：还没有生成过" in page
    assert snapshot(ws) == before
    # 预演 then 生成公文 of the same choice: the form still holds it (it was emptied)
    assert 'value="韩村镇、永清镇"' in page and '<option value="方案" selected>' in page
    # a mistyped unit: said on the build page with the form as typed, not an error page to go back from
    refused = dry_run(browser, {"kind": "方案", "units": "韩村"})
    assert refused.status_code == 200 and "没有名为「韩村」的单位，是否是「韩村镇」？" in text(refused)
    assert 'value="韩村"' in text(refused) and 'id="build-form"' in text(refused)


def test_a_forced_dry_run_says_what_it_overwrites_in_the_pages_words(built_browser: Browser, built_copy: Path) -> None:
    """全部重新生成 over a hand-edited document: the 预演 names it under 覆盖了手工修改, and why in the page's
    words (it said 指定了 --force, the command line's option)."""
    notice = next(d.path for d in gongwen.documents(gongwen.Workspace(built_copy)) if d.document == "通知")
    edited = Document(str(notice))
    edited.add_paragraph("科员手工加的一段")
    edited.save(str(notice))
    page = text(dry_run(built_browser, {"force": "1"}))
    assert closing_table(page, "plan-summary")["手工修改"] == "1" and "覆盖了手工修改（1 份）" in page
    assert f"{notice.name}：选了“全部重新生成”" in page and "--force" not in page


def test_a_findings_place_is_said_as_the_workspace_page_says_it(ws: Path) -> None:
    """The 生成 page's warnings and 核稿 remarks name a place as the 工作区 page does, never by
    gongwen's folders (inputs/活动数据.xlsx 工作表「活动」, output/通知/…)."""
    from generator.web.words import place_said

    here = gongwen.Workspace(ws)
    book = f"inputs/{WORKBOOK_NAME}"
    assert (
        place_said(here, gongwen.Location(book, None, "工作表「活动」「总结报送截止」"))
        == "工作簿「活动」表「总结报送截止」"
    )
    assert place_said(here, gongwen.Location(book, None, "工作表「领导小组」 单元格 A5")) == "工作簿「领导小组」表 A5"
    assert place_said(here, gongwen.Location(book, "统计报表", "D7")) == "工作簿「统计报表」表 D7"
    assert place_said(here, gongwen.Location("output/通知/通知.docx", None, "第38段")) == "通知/通知.docx 第38段"
    assert place_said(here, gongwen.Location("templates/月报.docx")) == "模板 月报.docx"


def test_a_dry_run_runs_in_the_background_and_counts_what_it_renders(browser: Browser) -> None:
    """A 预演 renders what changed (after an update of gongwen, a build's worth): it is a task the page
    follows with its count, as a build is, not a request that hangs without a word."""
    started = browser.post("/build/dry-run", {"kind": "方案", "units": "韩村镇、永清镇"})
    assert started.status_code == 303 and started.headers["Location"].startswith("/tasks/"), started.headers
    status_of = started.headers["Location"].split("?")[0]
    deadline = time.monotonic() + 120
    while not (status := browser.get(status_of, headers={"Accept": "application/json"}).get_json())["finished"]:
        assert time.monotonic() < deadline
        time.sleep(0.1)
    assert status["what"] == "预演" and (status["done"], status["total"]) == (2, 2) and not status["failed"], status
    shown = browser.get(status_of)  # its page sends the browser to the answer
    assert shown.status_code == 303 and "生成时会写入 2 份" in text(browser.get(shown.headers["Location"]))
    # 生成公文 then reloads the same address: the answer, about files now written, is not shown again
    assert browser.post("/build/start", {"kind": "方案", "units": "韩村镇、永清镇"}).status_code == 303
    deadline = time.monotonic() + 300
    while not browser.get("/build/status").get_json()["finished"]:
        assert time.monotonic() < deadline
        time.sleep(0.1)
    after = text(browser.get(shown.headers["Location"]))
    assert "生成完成" in after and "预演：生成会做什么" not in after


def test_a_dry_run_the_clerk_went_back_from_is_linked_from_the_build_page(browser: Browser) -> None:
    """返回 from a 预演's page while it runs: the 生成 page said 正在预演 and, when the answer came, linked
    nothing to it (the answer was lost). The page links its progress while it runs and its answer once
    it ends, until the clerk has seen it or a build has made it stale."""
    started = browser.post("/build/dry-run", {"kind": "方案", "units": "韩村镇"})
    task_id = started.headers["Location"].split("?")[0].removeprefix("/tasks/")
    page = text(browser.get("/build"))  # the clerk's 返回
    running = f'<a href="/tasks/{task_id}?back=/build">查看进度</a>'
    answer = f'<a href="/build?dry_run={task_id}#plan">查看预演结果</a>'
    assert running in page or answer in page, page  # (it may have ended already)
    deadline = time.monotonic() + 120
    while not browser.get(f"/tasks/{task_id}", headers={"Accept": "application/json"}).get_json()["finished"]:
        assert time.monotonic() < deadline
        time.sleep(0.1)
    for address in ("/build", "/reports", "/build?kind=方案"):
        browser.get(address)  # other pages meanwhile: the answer waits
    page = text(browser.get("/build"))
    assert answer in page and "预演已完成" in page and running not in page, page
    shown = text(browser.get(f"/build?dry_run={task_id}"))
    assert "生成时会写入 1 份" in shown and answer not in shown
    assert answer not in text(browser.get("/build"))  # seen: no longer offered
    # a 预演 whose answer a build made stale before the clerk looked: not offered
    started = browser.post("/build/dry-run", {"kind": "方案", "units": "永清镇"})
    stale = started.headers["Location"].split("?")[0].removeprefix("/tasks/")
    while not browser.get(f"/tasks/{stale}", headers={"Accept": "application/json"}).get_json()["finished"]:
        assert time.monotonic() < deadline
        time.sleep(0.1)
    assert f"/build?dry_run={stale}#plan" in text(browser.get("/build"))
    build(browser)
    assert f"/build?dry_run={stale}#plan" not in text(browser.get("/build"))


def test_a_dry_run_after_gongwen_was_updated_predicts_what_the_build_then_does(
    built_browser: Browser, built_copy: Path
) -> None:
    """An updated gongwen changes every document's source (its code is part of it): each is rendered
    again, and the build finds nearly all the same bytes (未变化). The 预演 rendered them too, so it
    says what the build then says, document for document: not 会重新生成 {EXAMPLE_OUTPUTS} 份."""
    import json

    manifest = built_copy / "output" / ".gongwen-manifest.json"
    data = json.loads(manifest.read_text(encoding="utf-8"))
    for entry in data["files"].values():  # as the older gongwen recorded them
        entry["source"] = "0" * 64
    data["last_full_build"]["fingerprint"] = "an older gongwen"
    manifest.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    before = snapshot(built_copy / "output")
    page = text(dry_run(built_browser))
    assert snapshot(built_copy / "output") == before
    predicted = closing_table(page, "plan-summary")
    assert predicted == {"新生成": "0", "已更新": "0", "未变化": str(EXAMPLE_OUTPUTS), "手工修改": "0"}, predicted
    assert "生成时不会写入任何文件" in page
    assert f"未变化（{EXAMPLE_OUTPUTS} 份）" in page and "重新生成的结果与现有文件相同，不写入" in page
    build(built_browser)
    built = closing_table(text(built_browser.get("/build")))
    assert {label: built[label] for label in predicted} == predicted


def test_a_tab_left_on_another_workspace_changes_nothing_here(browser: Browser, ws: Path, tmp_path: Path) -> None:
    """Two tabs: the second switched gongwen to another workspace; the first, still showing this one,
    builds or merges: refused, saying which workspace each is, instead of doing it on the other one."""
    page = text(browser.get("/build"))
    assert f'data-workspace="{ws}"' in page  # the script puts it in every form it posts (e2e)
    other = gongwen.init(tmp_path / "另一个活动", gongwen.BLANK).root
    assert browser.post("/workspace/switch", {"root": str(other)}).status_code == 400  # not a recent one yet
    gongwen.remember_workspace(other)
    assert browser.post("/workspace/switch", {"root": str(other)}).status_code == 303  # the second tab
    stale = {"workspace_shown": str(ws)}  # the first tab's form, rendered for ws
    for url in ("/build/start", "/build/dry-run", "/reports/forms"):
        response = browser.post(url, stale, headers={"Accept": "application/json"})
        said = response.get_json()
        assert response.status_code == 409 and said["started"] is False, url
        assert f"这一页是工作区「{ws.name}」的，gongwen 现在打开的是「另一个活动」" in said["busy"], said
    assert not any((other / "output").rglob("*.docx")) and not any((ws / "output").rglob("*.docx"))
    here = {"workspace_shown": str(other)}  # a page of the workspace shown: as before
    assert dry_run(browser, here).status_code == 200


def test_a_kind_or_some_units_are_built_alone(browser: Browser, ws: Path) -> None:
    assert browser.post("/build/start", {"kind": "方案", "units": "韩村镇"}).status_code == 303
    deadline = time.monotonic() + 120
    while not browser.get("/build/status").get_json()["finished"] and time.monotonic() < deadline:
        time.sleep(0.1)
    made = sorted(p.name for p in (ws / "output").rglob("*.docx"))
    assert made == [PLAN_OF_HANCUN_NAME]


PLAN_OF_HANCUN_NAME = "韩村镇打击传销活动大排查工作方案.docx"


def _statistics_rows(book: Path) -> dict[tuple[str, int], Any]:
    """(unit, month) -> 填报日期, read from the workbook's 统计报表 sheet with openpyxl."""
    sheet = load_workbook(book)["统计报表"]
    header = [c.value for c in sheet[1]]
    at = header.index("填报日期") if "填报日期" in header else None
    return {
        (r[0].value, r[1].value.month): (r[at].value if at is not None else None) for r in sheet.iter_rows(min_row=2)
    }


def test_the_ledger_lists_every_unit_and_a_reminder_for_each_missing_one(browser: Browser, ws: Path) -> None:
    book = ws / "inputs" / WORKBOOK_NAME
    reported = _statistics_rows(book)
    units = [r[0].value for r in load_workbook(book)["单位"].iter_rows(min_row=2) if r[0].value]
    missing = [u for u in units if (u, 2) not in reported]
    assert missing  # the example leaves a unit without its February report
    page = text(browser.get("/ledger?period=" + urllib.parse.quote("2018年2月")))
    assert f"共 {len(units)} 个单位" in page and f"未报送 {len(missing)}" in page
    for unit in missing:
        assert f"{unit}：2018年2月报表还没有收到（2018年3月2日已截止），请于今天下班前报送" in page
        assert f"/ledger/form?period=2018%E5%B9%B42%E6%9C%88&unit={urllib.parse.quote(unit)}" in page
    form = browser.get(f"/ledger/form?period=2&unit={urllib.parse.quote(missing[0])}")
    assert form.status_code == 200 and disposition_name(form).startswith(missing[0])
    assert load_workbook(io.BytesIO(form.data))  # a form Excel opens


def test_the_period_shown_first_is_the_one_being_collected(browser: Browser, ws: Path, tmp_path: Path) -> None:
    """The 台账 and the forms' download open on the period whose reports are coming in (the last
    one ended), not the campaign's last one (every unit 未报送 of a month not begun) nor its first;
    after an upload, the 台账 button leads to the uploaded forms' period."""
    from generator.web.routes import collected_period

    periods = gongwen.load(gongwen.Workspace(ws)).campaign.periods
    assert [p.label for p in periods][:3] == ["2018年1月", "2018年2月", "2018年3月"]
    assert collected_period(periods, dt.date(2018, 1, 20)) is periods[0]  # January under way
    assert collected_period(periods, dt.date(2018, 3, 1)) is periods[1]  # February's reports come in
    assert collected_period(periods, dt.date(2018, 3, 31)) is periods[1]  # March ends on the 31st
    assert collected_period(periods, dt.date(2026, 1, 1)) is periods[-1]  # the campaign is over
    last = periods[-1]  # today is after the example's campaign: the forms' download offers its last period
    # each period with the days it covers: a weekly campaign's 第3周 says nothing by itself
    assert f'<option value="{last.number}" selected>2018年3月（3月1日至3月31日）</option>' in text(
        browser.get("/reports")
    )
    forms = february_forms(browser)
    han = next(n for n in forms if n.startswith("韩村镇"))
    page = text(upload(browser, "/reports/upload", "forms", {han: filled(tmp_path, han, forms[han], {})}))
    assert 'href="/ledger?period=2018%E5%B9%B42%E6%9C%88" class="button secondary" id="to-ledger"' in page


def test_last_periods_form_filled_for_this_one_is_chased_in_this_periods_ledger(
    browser: Browser, tmp_path: Path
) -> None:
    """A unit that filled February's form again with March's figures (the file named for March) is
    refused: the 台账 of March, which the unit meant, says so and chases it; February's, which the unit
    reported, does not (it chased 韩村镇 for February, and said 未报送 for March as if nothing came)."""
    forms = february_forms(browser)
    han = next(n for n in forms if n.startswith("韩村镇"))
    march = han.replace("2018年2月", "2018年3月")
    page = text(upload(browser, "/reports/upload", "forms", {march: filled(tmp_path, han, forms[han], {})}))
    assert "文件名写的是「2018年3月」，表里却是2018年2月的报表" in page
    february, in_march = text(browser.get("/ledger?period=2")), text(browser.get("/ledger?period=3"))
    assert "韩村镇：2018年2月报表" not in february and "最近一次上传里要重报的" not in february
    assert "韩村镇：2018年3月报表 文件名写的是「2018年3月」，表里却是2018年2月的报表" in in_march
    assert "最近一次上传里要重报的：拒收 1 个" in in_march
    # its 催报 box shows all of it (about 28 characters a line): two rows cut the reasons off
    box = re.search(r'<textarea class="reminder" readonly rows="(\d+)">(韩村镇：[^<]*)</textarea>', in_march)
    assert box is not None
    rows, said = box.groups()
    assert len(said) > 3 * 28 and int(rows) * 28 >= len(said), (rows, said)


def test_a_form_refused_for_its_seal_is_chased_in_words_for_the_unit(browser: Browser, tmp_path: Path) -> None:
    """韩村镇's form came back with its hidden seal changed: the 催报 the clerk pastes to the unit said
    校验码不符：这份表不是本工作区为「韩村镇」2018年2月发出的…，请改好后于今天下班前重报, the clerk's words
    (本工作区, 校验码) that tell the unit nothing it can act on. It says what the unit is to do."""
    forms = february_forms(browser)
    han = next(n for n in forms if n.startswith("韩村镇"))
    path = tmp_path / han
    path.write_bytes(filled(tmp_path, han, forms[han], {"出动排查人员": 700}))
    wb = load_workbook(path)
    wb["gongwen"]["A4"].value = "校验码"
    wb.save(path)
    page = text(upload(browser, "/reports/upload", "forms", {han: path.read_bytes()}))
    assert "校验码不符" in page  # the clerk is told why, in the clerk's words
    ledger = text(browser.get("/ledger?period=2"))
    (chased,) = re.findall(r"(韩村镇：2018年2月报表[^<]*)</textarea>", ledger)  # the box the clerk copies from
    assert chased == (
        "韩村镇：2018年2月报表 您报来的表被改动过，无法核对，请用发给您的填报表重新填写后于今天下班前报送"
    ), chased


def test_the_ledger_from_the_command_line(ws: Path) -> None:
    from click.testing import CliRunner

    from generator.cli import main

    result = CliRunner().invoke(main, ["-C", str(ws), "台账", "--period", "2018-02"])
    assert result.exit_code == 0, result.output
    assert "2018年2月（2018年3月2日截止），共 18 个单位：" in result.output
    assert "三圣口乡\t未报送" in result.output and "县民政局\t逾期报送\t2018年3月6日" in result.output
    # counted as the roll-up says it (已报送17个单位，未报送1个): the late unit has reported
    assert "共 18 个单位，已报送 17 个（其中逾期 1 个），未报送 1 个。" in result.output


def test_the_ledger_page_says_a_correction_after_the_deadline_was_on_time_and_corrected(
    browser: Browser, ws: Path
) -> None:
    """韩村镇's February report came on 3月1日 (due 3月2日), its correction on 3月9日: the page said
    逾期报送 with the correction's date; the 首次报送日期 collect keeps decides, and the page says 更正."""
    book = ws / "inputs" / WORKBOOK_NAME
    wb = load_workbook(book)
    sheet = wb["统计报表"]
    header = [c.value for c in sheet[1]]
    first = len(header) + 1
    sheet.cell(row=1, column=first).value = "首次报送日期"
    row = next(r for r in sheet.iter_rows(min_row=2) if r[0].value == "韩村镇" and r[1].value.month == 2)
    row[header.index("填报日期")].value = dt.datetime(2018, 3, 9)
    sheet.cell(row=row[0].row, column=first).value = dt.datetime(2018, 3, 1)
    wb.save(book)
    page = re.sub(r"<[^>]+>", " ", text(browser.get("/ledger?period=2")))  # the table's cells, in order
    assert re.search(r"韩村镇\s*已报送\s*2018年3月1日（2018年3月9日更正）", page), page
    assert "（其中逾期 1 个）" in page  # 县民政局's, as before: 韩村镇 is not late


def test_the_ledgers_counts_are_the_documents_counts() -> None:
    """The page and 台账 said 已报送 16 where the roll-up says 已报送17个单位 (the late one is reported
    too), and counted a refused form's unit apart from 未报送, where every document says 未报送."""
    from generator.app import BLANKS, LATE, MISSING, REJECTED, REPORTED, Ledger, LedgerRow

    rows = [
        LedgerRow("永清镇", REPORTED, "2018年4月1日"),
        LedgerRow("韩村镇", LATE, "2018年4月5日"),
        LedgerRow("后奕镇", REJECTED, "2018年4月1日", ("D10：「出动车辆」不能是负数，实际为 -5",), MISSING),
        LedgerRow("别古庄镇", MISSING, ""),
        LedgerRow("里澜城镇", BLANKS, "2018年4月1日", ("D6 格（召开专题会议）没有填；没有发生的请填 0",), REPORTED),
    ]
    assert Ledger("2018年3月", dt.date(2018, 4, 2), rows).summary() == (
        "共 5 个单位，已报送 3 个（其中逾期 1 个），未报送 2 个；最近一次上传里要重报的：未采用 1 个、有空格 1 个。"
    )
    on_time = [LedgerRow("永清镇", REPORTED, "2018年4月1日"), LedgerRow("别古庄镇", MISSING, "")]
    assert Ledger("2018年3月", dt.date(2018, 4, 2), on_time).summary() == "共 2 个单位，已报送 1 个，未报送 1 个。"
    # a unit whose earlier report stands is told so beside its refused or incomplete form
    assert rows[2].kept is None and rows[0].kept is None
    assert rows[4].kept == "工作簿里仍是此前报来的数（已报送），这次的表没有并入"
    # a week is told to the unit with its days (第3周 says nothing outside gongwen); a month is not
    week = Ledger("第3周", dt.date(2025, 3, 24), [LedgerRow("东镇", MISSING, "")], "3月15日至3月21日")
    assert week.rows[0].reminder(week.period_told, week.due, dt.date(2025, 3, 20)) == (
        "东镇：第3周（3月15日至3月21日）报表还没有收到，请于2025年3月24日前报送"
    )
    month = Ledger("2018年3月", dt.date(2018, 4, 2), rows, "3月1日至3月31日")
    assert month.period_told == "2018年3月"
    every = [LedgerRow("永清镇", REPORTED, "2018年4月1日"), LedgerRow("韩村镇", LATE, "2018年4月5日")]
    assert Ledger("2018年3月", dt.date(2018, 4, 2), every).summary() == "共 2 个单位，全部报送（其中逾期 1 个）。"


def test_a_refused_form_is_in_the_ledger_with_its_cell(browser: Browser, ws: Path, tmp_path: Path) -> None:
    forms = february_forms(browser)
    han = next(n for n in forms if n.startswith("韩村镇"))
    path = tmp_path / han
    path.write_bytes(forms[han])
    book = load_workbook(path)
    sheet = book.worksheets[0]
    cell = next(c for row in sheet.iter_rows() for c in row if c.value is None and c.column > 2 and c.row > 3)
    fill(path, dict(figures("韩村镇", FEB_1) or {}))
    book = load_workbook(path)
    target = next(c for row in book.worksheets[0].iter_rows() for c in row if isinstance(c.value, int) and c.row > 3)
    target.value = "12万元"
    book.save(path)
    del cell
    page = text(upload(browser, "/reports/upload", "forms", {han: path.read_bytes()}))
    assert "检查结果" in page
    ledger = text(browser.get("/ledger?period=2"))
    assert (
        f"韩村镇：2018年2月报表 {target.coordinate} 格「" in ledger
        and "实际为「12万元」，请改好后于今天下班前重报" in ledger
    )
    assert "未采用" in ledger and "被拒" not in ledger  # the word the upload's check said


def test_an_upload_keeps_the_good_files_and_says_how_to_fix_each_bad_one(browser: Browser, tmp_path: Path) -> None:
    forms = february_forms(browser)
    han = next(n for n in forms if n.startswith("韩村镇"))
    files = {
        han: filled(tmp_path, han, forms[han], {"出动排查人员": 700}),
        "永清镇.xls": b"\xd0\xcf\x11\xe0old",
        "三圣口乡报表.docx": zip_bytes({"word/document.xml": b"<w:document/>"}),  # a Word file among the forms
    }
    page = text(upload(browser, "/reports/upload", "forms", files))
    assert (
        "「永清镇.xls」不是 .xlsx 文件，未接收：请用 Excel 或 WPS 表格打开它，点“文件 → 另存为”，保存类型选 .xlsx"
        in page
    )
    # Excel would not make a form of a Word document: the clerk is told to choose the right file.
    assert "「三圣口乡报表.docx」不是 .xlsx 文件，未接收：请选对文件再上传" in page
    assert "这里只接收" not in page  # (the list of kinds said twice in one sentence)
    assert "其余文件已接收" in page and "出动排查人员：61人次 → 700人次" in page
    # the 台账 of the batch's period chases each unit its wrong file names, saying what came (it said
    # 还没有收到 to a unit that had sent a Word file), and counts it as the documents do
    ledger = text(browser.get("/ledger?period=2"))
    assert (
        "三圣口乡：2018年2月报表 收到的「三圣口乡报表.docx」不是发给您的填报表（.xlsx），请改好后于今天下班前重报"
        in ledger
    )
    assert "永清镇：2018年2月报表 收到的「永清镇.xls」不是发给您的填报表（.xlsx）" in ledger
    assert "三圣口乡：2018年2月报表还没有收到" not in ledger
    again = browser.get(browser.get("/reports").request.path)  # refreshing shows, uploads nothing twice
    assert again.status_code == 200


def test_an_error_page_leads_back_to_a_page_not_a_form_answer(browser: Browser) -> None:
    response = browser.post(
        "/reports/merge/no-such-batch", headers={"Referer": f"{ORIGIN}/reports/merge/no-such-batch"}
    )
    assert response.status_code == 400 and 'href="/reports" class="button secondary" id="back"' in text(response)


def test_what_changed_comes_first_in_plain_words_after_a_figure_changes(
    built_browser: Browser, built_copy: Path
) -> None:
    """After one changed figure the page listed 改了什么 under every 核稿 remark and warning, and the
    roll-up's twice (表 第1行 韩村镇 第4项 …) under one name for the .docx and the .xlsx."""
    from examples.yongqing.workbook import METRICS, REPORTS

    reports = [list(r) for r in REPORTS]
    row = next(r for r in reports if r[0] == "韩村镇" and r[1] == FEB_1)
    row[2 + [m[1] for m in METRICS].index("出动排查人员")] += 5
    write_workbook(built_copy / "inputs" / WORKBOOK_NAME, reports=reports)
    build(built_browser)
    page = text(built_browser.get("/build"))
    assert page.index('<div id="changes">') < page.index('<div id="proofread">')
    changes = page.split('<div id="changes">')[1].split("</div>")[0]
    assert "全县汇总表2018年2月（Excel 表）</a>：韩村镇 出动排查人员 61 → 66；合计 出动排查人员 875 → 880<" in changes
    assert "全县汇总表2018年2月</a>：韩村镇 出动排查人员 61 → 66；合计 出动排查人员 875 → 880<" in changes
    assert "第4项" not in changes


def test_a_roll_up_and_its_spreadsheet_are_told_apart_in_what_changed() -> None:
    """改了什么 listed 全县汇总表2018年2月 twice, once for the .docx and once for its .xlsx twin."""
    from generator.web.words import document_name

    folder = Path("统计/2018年2月")
    assert document_name("全县汇总表2018年2月", folder / "全县汇总表2018年2月.docx") == "全县汇总表2018年2月"
    assert (
        document_name("全县汇总表2018年2月", folder / "全县汇总表2018年2月.xlsx") == "全县汇总表2018年2月（Excel 表）"
    )
    assert document_name("", folder / "全县汇总表2018年2月.docx") == "全县汇总表2018年2月.docx"


def test_the_page_speaks_no_command_lines(browser: Browser, ws: Path) -> None:
    from generator.web.words import clerk_words

    assert clerk_words("还没有生成「方案.docx」等 3 个文件，请先运行 gongwen build") == (
        "还没有生成「方案.docx」等 3 个文件，请先在“生成”页点“生成公文”"
    )
    build(browser)
    for page in ("/workspace", "/build", "/reports", "/ledger", "/templates", "/check"):
        shown = text(browser.get(page))
        for word in ("gongwen build", "gongwen init", "gongwen forms", " -C ", ".gongwen.lock", "minorEastAsia"):
            assert word not in shown, (page, word)
        assert ">True<" not in shown and ">False<" not in shown


def test_the_page_speaks_of_no_campaign() -> None:
    """Campaigns are data: the page's own words (templates, script, routes) name none of the shipped
    campaigns' things; the 报表 page's hint said 捣毁数, a 传销 campaign's figure."""
    words = ("传销", "打传", "窝点", "捣毁", "大排查", "永清", "韩村", "森林防火", "柳河", "检查组")
    web = Path(gongwen.__file__).parent / "web"
    found = [
        (path.name, word)
        for path in sorted(web.rglob("*"))
        if path.suffix in (".html", ".js", ".css", ".py")
        for word in words
        if word in path.read_text(encoding="utf-8")
    ]
    assert found == []


def _clerk_messages() -> list[tuple[str, str]]:
    """Every Chinese message of the engine and the page (string literals and f-strings, a value as
    方案), docstrings and the command line's own modules left out: the page may show any of them."""
    import ast
    import re

    root = Path(gongwen.__file__).parent
    found = []
    for path in sorted(root.rglob("*.py")):
        if path.relative_to(root).parts[0] == "cli" or path.name == "words.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docstrings = {
            id(node.body[0].value)
            for node in ast.walk(tree)
            if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
            and node.body
            and isinstance(node.body[0], ast.Expr)
            and isinstance(node.body[0].value, ast.Constant)
        }
        pieces = {id(v) for node in ast.walk(tree) if isinstance(node, ast.JoinedStr) for v in node.values}
        for node in ast.walk(tree):
            if id(node) in pieces:  # read as part of its f-string
                continue
            if isinstance(node, ast.JoinedStr):
                said = "".join(str(v.value) if isinstance(v, ast.Constant) else "方案" for v in node.values)
            elif isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
                said = node.value
            else:
                continue
            if re.search(r"[\u4e00-\u9fff]", said):
                found.append((f"{path.relative_to(root)}:{node.lineno}", str(said)))
    return found


def test_no_message_the_page_may_show_names_a_command() -> None:
    """The page puts every message through clerk_words: none may still tell the clerk to type
    gongwen forms or templates export, and a rewritten one reads as one sentence."""
    import re

    from generator.web.routes import TOKEN_USED
    from generator.web.words import clerk_words

    messages = _clerk_messages()
    assert any("gongwen templates check" in said for _, said in messages)  # the scan sees f-strings
    commands = [(where, clerk_words(said)) for where, said in messages if "gongwen " in said]
    assert [(w, s) for w, s in commands if re.search(r"gongwen [a-z]", s)] == []
    # nor name a command line option (指定了 --force, 去掉 --unit): the page has a form instead
    options = [
        (w, clerk_words(said))
        for w, said in messages
        if re.search(r"--[a-z]", clerk_words(said)) and not said.startswith("--")  # (LibreOffice's own)
    ]
    assert options == [], options
    assert (
        clerk_words("表格是旧版；请用 gongwen forms 重新生成这份填报表）")
        == "表格是旧版；请在“报表”页重新下载这份填报表）"
    )
    assert clerk_words("不是单位的填报表：请收回单位填好的填报表（gongwen forms 发出的那种）").endswith(
        "（从“报表”页下载的那种）"
    )
    assert "Ctrl+C" not in TOKEN_USED and "打开gongwen" in TOKEN_USED  # a second gongwen opens the page again


@pytest.mark.parametrize("platform", ["linux", "darwin", "win32"])
def test_the_workbook_and_folders_open_on_the_clerks_desktop(
    platform: str, browser: Browser, ws: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os
    import subprocess
    import sys

    opened: list[Any] = []
    monkeypatch.setattr(sys, "platform", platform)
    monkeypatch.setattr(subprocess, "Popen", lambda args, **kw: opened.append(args))
    monkeypatch.setattr(os, "startfile", lambda path: opened.append(path), raising=False)
    response = browser.post("/workspace/open/workbook")
    assert response.status_code == 303 and response.headers["Location"] == "/workspace?opened=workbook"
    browser.post("/workspace/open/output")
    book, output = (ws / "inputs" / WORKBOOK_NAME).resolve(), (ws / "output").resolve()
    if platform == "win32":
        assert opened == [book, output]
    else:
        opener = "open" if platform == "darwin" else "xdg-open"
        assert opened == [[opener, str(book)], [opener, str(output)]]
    page = text(browser.get("/workspace?opened=workbook"))
    assert "已在这台电脑上打开工作簿" in page and str(book) in page and str(output) in page


def test_a_second_ui_on_one_workspace_opens_the_first_page_without_its_cookie(
    ws: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A second `gongwen ui` says in Chinese that the workspace is open already and opens the first
    server's page through a one-time address: a browser without the first one's cookie gets in,
    once. The secret that buys the address is in the clerk's own pages file (0600)."""
    import http.cookiejar
    import os
    import stat
    import urllib.error
    import urllib.request
    import webbrowser

    from generator.cache import config_dir
    from generator.web.server import make_server, serve

    server, address, web = make_server(ws)
    thread = serve_in_thread(server)
    base = address.split("?")[0].rstrip("/")
    try:
        gongwen.record_page(ws, base, web.extensions["gongwen"].keys.handoff)
        if os.name == "posix":
            assert stat.S_IMODE((config_dir() / gongwen.UI_FILE).stat().st_mode) == 0o600
        opened: list[str] = []

        def browser_opens(url: str) -> bool:
            opened.append(url)
            return True

        monkeypatch.setattr(webbrowser, "open", browser_opens)
        said: list[str] = []
        assert serve(ws, open_browser=True, announce=said.append, say=said.append) is False  # returns at once
        assert said[0] == f"这个工作区已经在另一个 gongwen 窗口里打开了，已在浏览器里打开那个页面：\n  {base}"
        assert said[1] == "要重新启动它，先到那个窗口按 Ctrl+C 停止它。"
        (one_time,) = opened
        assert one_time.startswith(base + "/?token=") and web.extensions["gongwen"].keys.token not in one_time

        def fresh_browser() -> urllib.request.OpenerDirector:  # no cookie of the first page
            return urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))

        with fresh_browser().open(one_time, timeout=10) as page:
            assert page.status == 200 and page.url == base + "/workspace" and "工作区" in page.read().decode()
        with pytest.raises(urllib.error.HTTPError) as again:  # the address works once
            fresh_browser().open(one_time, timeout=10)
        assert again.value.code == 403
        said.clear()  # without a browser: the one-time address is printed to open by hand
        assert serve(ws, open_browser=False, announce=said.append, say=said.append) is False
        assert said[0].startswith("这个工作区已经在另一个 gongwen 窗口里打开了。请在浏览器里打开这个地址（含一次性口令")
        with fresh_browser().open(said[0].split()[-1], timeout=10) as page:
            assert page.status == 200 and "工作区" in page.read().decode()
    finally:
        close_server(server, thread)
        gongwen.record_page(ws, None)
    assert gongwen.page_of(ws) is None


def test_a_one_time_address_is_given_only_to_a_program_holding_the_secret(ws: Path, keys: security.Secrets) -> None:
    """No web page can ask for a one-time address: it has no secret, its POST carries an Origin,
    and a rebinding page names its own host. A handed address expires and works once."""
    web = create_app(ws, PORT, keys)
    client = web.test_client()
    secret = {security.HANDOFF_HEADER: keys.handoff}
    assert client.post("/handoff", base_url=ORIGIN).status_code == 403
    assert client.post("/handoff", base_url=ORIGIN, headers={security.HANDOFF_HEADER: "guess"}).status_code == 403
    assert client.post("/handoff", base_url=ORIGIN, headers={"Origin": ORIGIN, **secret}).status_code == 403
    assert client.post("/handoff", base_url="http://evil.example:48123", headers=secret).status_code == 403
    assert client.get("/workspace", base_url=ORIGIN).status_code == 403  # none of them got in
    handed = client.post("/handoff", base_url=ORIGIN, headers=secret).get_json()["token"]
    assert handed not in (keys.token, keys.session, keys.handoff)
    browser = web.test_client()
    assert browser.get(f"/?token={handed}", base_url=ORIGIN).status_code == 303
    assert browser.get("/workspace", base_url=ORIGIN).status_code in (200,)
    assert web.test_client().get(f"/?token={handed}", base_url=ORIGIN).status_code == 403  # once
    late = client.post("/handoff", base_url=ORIGIN, headers=secret).get_json()["token"]
    web.extensions["gongwen"].logins[late] = time.monotonic() - 1  # its two minutes are over
    assert web.test_client().get(f"/?token={late}", base_url=ORIGIN).status_code == 403


def test_the_console_gets_no_queue_messages_and_a_short_chinese_log(
    browser: Browser, monkeypatch: pytest.MonkeyPatch
) -> None:
    import logging

    from generator.web.server import quiet_waitress, state

    quiet_waitress()
    assert not logging.getLogger("waitress.queue").isEnabledFor(logging.WARNING)
    lines: list[str] = []
    with browser.web.app_context():
        state().tasks.log = lines.append
    build(browser)
    assert lines[0].endswith("开始生成公文（ws）") and "生成公文完成" in lines[1]


def test_every_page_of_a_document_is_previewed_in_the_page(built_browser: Browser, built_copy: Path) -> None:
    browser, ws = built_browser, built_copy
    require_soffice()
    notice = next(d.path for d in gongwen.documents(gongwen.Workspace(ws)) if d.document == "通知")
    relative = urllib.parse.quote(notice.relative_to(ws / "output").as_posix())
    assert f'action="/preview/{relative}"' in text(browser.get("/build"))
    started = browser.post(f"/preview/{relative}")
    assert started.status_code == 303 and started.headers["Location"].startswith("/tasks/")
    task = started.headers["Location"].split("?")[0]
    deadline = time.monotonic() + 180
    while not (status := browser.get(task, headers={"Accept": "application/json"}).get_json())["finished"]:
        assert time.monotonic() < deadline
        time.sleep(0.2)
    assert not status["failed"], status
    page = text(browser.get(task))
    pictures = [p.split('"')[0] for p in page.split('<img src="')[1:]]
    assert len(pictures) == status["total"] >= 2 and "第 2 页" in page
    shown = browser.get(pictures[0])
    assert shown.status_code == 200 and shown.data.startswith(b"\x89PNG")
    assert "attachment" not in shown.headers.get("Content-Disposition", "")


def test_without_libreoffice_the_build_page_says_what_to_install(
    browser: Browser, monkeypatch: pytest.MonkeyPatch
) -> None:
    from generator.pdf.hints import install_hint

    monkeypatch.setattr(gongwen, "libreoffice_present", lambda: False)
    monkeypatch.setattr(gongwen, "INSTALL_HINT", install_hint("win32"))
    page = text(browser.get("/build"))
    hint = page.split('id="no-libreoffice">')[1].split("</p>")[0]
    assert "要用 LibreOffice（Word 文件照常生成）" in hint and "Windows 版安装程序" in hint and "apt-get" not in hint


def test_a_checked_document_or_a_template_answer_is_a_page_refresh_does_not_resend(browser: Browser, ws: Path) -> None:
    plain = Document()
    plain.add_paragraph("关于做好春节期间安全工作的通知")
    buffer = io.BytesIO()
    plain.save(buffer)
    sent = browser.post(
        "/check",
        {"documents": [(io.BytesIO(buffer.getvalue()), "随手写的.docx")]},
        content_type="multipart/form-data",
        follow_redirects=False,
    )
    assert sent.status_code == 303 and sent.headers["Location"].startswith("/check?result=")
    first, again = (text(browser.get(sent.headers["Location"])) for _ in range(2))
    assert "× 随手写的.docx" in first and first == again


def test_a_changed_2000_unit_workbook_is_read_in_the_background_while_the_page_says_so(
    tmp_path: Path, keys: security.Secrets, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """At 2,000 units reading the workbook takes seconds: the page answers at once with 正在读取工作簿
    and the units counted, which refreshes itself, until the reading is done. The reading thread is
    held after it counted the units, until the test has seen the page say so: what the page answers
    follows the reader's state, not how fast a loaded machine reads. Timed in the log, not asserted."""
    from benchmarks.synthetic import make_workspace as synthetic

    ws = synthetic(tmp_path / "两千个单位", 2000)
    web = create_app(ws, PORT, keys)
    logged: list[str] = []
    web.extensions["gongwen"].reader.log = logged.append
    browser = Browser(web, keys)
    counted, release = threading.Event(), threading.Event()
    validate = gongwen.validate

    def held(workspace: gongwen.Workspace) -> Any:
        if threading.current_thread().name == "gongwen-read":  # the reader, its units counted
            counted.set()
            assert release.wait(600)
        return validate(workspace)

    monkeypatch.setattr(gongwen, "validate", held)

    def reading_ended() -> None:
        """The reading thread's end (the template check it makes after the workbook is read too)."""
        for thread in [t for t in threading.enumerate() if t.name == "gongwen-read"]:
            thread.join(600)
            assert not thread.is_alive(), "the workbook was never read"

    def until_read(page: str) -> tuple[float, float, int]:
        """The first answer's time, the time until the page itself shows, and how many 正在读取 pages came between."""
        counted.clear()
        release.clear()
        started = time.perf_counter()
        answer = text(browser.get(page, reading=True))
        first = time.perf_counter() - started
        assert "正在读取工作簿" in answer, answer  # a long reading is never a blank wait
        assert counted.wait(600), "the reading never started"
        waits = 0
        while "正在读取工作簿" in answer:
            # counted from the 单位 sheet alone as the reading starts (the first answer may come before)
            assert "正在读取工作簿（2000 个单位）" in answer or waits == 0, answer
            assert 'http-equiv="refresh"' in answer  # the page asks again by itself
            waits += 1
            if "（2000 个单位）" in answer:  # the reading goes on once a page said the units counted
                release.set()
            assert time.perf_counter() - started < 600, "the workbook was never read"
            time.sleep(0.25)  # (the page itself asks again after a second; the test need not wait that long)
            answer = text(browser.get(page, reading=True))
        assert "正在读取工作簿" not in answer and "单位" in answer
        return first, time.perf_counter() - started, waits

    first, whole, _ = until_read("/workspace")
    reading_ended()
    workbook = ws / "inputs" / WORKBOOK_NAME
    workbook.write_bytes(workbook.read_bytes())  # the clerk saves the workbook again in Excel
    again = until_read("/build")
    reading_ended()
    times = {"/workspace first": (first, whole)}
    times["/build after the workbook changed"] = again[:2]
    for page in ("/workspace", "/build", "/reports", "/ledger", "/templates"):
        started = time.perf_counter()
        assert "正在读取工作簿" not in text(browser.get(page, reading=True))
        times[page] = (time.perf_counter() - started, time.perf_counter() - started)
    with capsys.disabled():
        print("\npage times at 2,000 units (first answer / page shown):")
        for page, (answer, shown) in times.items():
            print(f"  {page}: {answer * 1000:.0f} ms / {shown:.1f} s")
        print("  " + "\n  ".join(logged))
    assert any("2000 个单位" in line and "用时" in line for line in logged), logged
