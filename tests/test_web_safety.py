"""Issue 44.4: the one-time token works once; only regular files gongwen wrote are served from
output/ (no symbolic or hard links); an upload is bounded on disk as well as in memory."""

from __future__ import annotations

import io
import os
import tempfile
import zipfile
from pathlib import Path

import pytest

from generator.web import security, uploads
from generator.web.routes import TOKEN_USED
from generator.web.server import create_app

from . import hostile
from .conftest import make_workspace
from .test_web import ORIGIN, PORT, Browser, text, upload


@pytest.fixture
def ws(tmp_path: Path) -> Path:
    return make_workspace(tmp_path / "ws")


@pytest.fixture
def keys() -> security.Secrets:
    return security.Secrets()


@pytest.fixture
def browser(ws: Path, keys: security.Secrets) -> Browser:
    return Browser(create_app(ws, PORT, keys), keys)


def test_the_token_is_exchanged_once(ws: Path, keys: security.Secrets) -> None:
    web = create_app(ws, PORT, keys)
    first = web.test_client()
    assert first.get(f"/?token={keys.token}", base_url=ORIGIN).status_code == 303
    assert first.get(f"/?token={keys.token}", base_url=ORIGIN).status_code == 303  # a reload, with its cookie
    second = web.test_client()  # another browser, a copied address, a leaked history
    again = second.get(f"/?token={keys.token}", base_url=ORIGIN)
    assert again.status_code == 403
    assert "Set-Cookie" not in again.headers
    assert TOKEN_USED in text(again)
    assert "这个地址里的一次性口令已经用过了，不能再次打开" in TOKEN_USED
    assert second.get("/workspace", base_url=ORIGIN).status_code == 403


@pytest.fixture
def built(browser: Browser, ws: Path) -> Path:
    """A document gongwen wrote in output/, and its name relative to output/."""
    folder = ws / "output" / "通知"
    folder.mkdir(parents=True)
    (folder / "通知.docx").write_bytes(b"PK\x03\x04 a document")
    return folder


def test_a_file_gongwen_wrote_is_served(browser: Browser, built: Path) -> None:
    response = browser.get("/files/通知/通知.docx")
    assert response.status_code == 200 and response.data == b"PK\x03\x04 a document"


def test_links_placed_in_output_are_not_served(browser: Browser, built: Path, tmp_path: Path) -> None:
    secret = tmp_path / "secret.docx"
    secret.write_bytes(b"the clerk's private file")
    os.link(secret, built / "硬链接.docx")  # a hard link: a regular file, but its inode is elsewhere too
    (built / "符号链接.docx").symlink_to(secret)
    (built.parent / "链接文件夹").symlink_to(tmp_path, target_is_directory=True)
    for name in ["通知/硬链接.docx", "通知/符号链接.docx", "链接文件夹/secret.docx"]:
        response = browser.get(f"/files/{name}")
        assert response.status_code == 404, name
        assert b"private" not in response.data


def test_served_file_and_open_served_look_at_the_file_itself(tmp_path: Path) -> None:
    plain = tmp_path / "a.docx"
    plain.write_bytes(b"x")
    assert security.served_file(plain)
    opened = security.open_served(plain)
    assert opened is not None and opened.read() == b"x"
    opened.close()
    os.link(plain, tmp_path / "b.docx")
    assert not security.served_file(plain) and security.open_served(plain) is None


def test_a_small_zip_that_unpacks_to_gigabytes_writes_nothing(browser: Browser) -> None:
    """40 members of 32 MB of zeros: 1.3 MB uploaded, 1.28 GB if unpacked. Refused before any write."""
    data = hostile.zip_of_zeros(40, uploads.MAX_FILE_BYTES)  # its member deflated once
    assert len(data) < 2 * 2**20
    before = set(Path(tempfile.gettempdir()).glob("gongwen-upload-*"))
    response = upload(browser, "/reports/upload", "forms", {"报表.zip": data})
    assert response.status_code == 400
    assert "「报表.zip」里的「报表0.xlsx」压缩比异常（可能是恶意构造的文件），未接收" in text(response)
    assert set(Path(tempfile.gettempdir()).glob("gongwen-upload-*")) == before


def test_an_upload_is_bounded_on_disk_in_total(browser: Browser, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(uploads, "MAX_SAVED_BYTES", 100_000)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        for n in range(3):
            archive.writestr(f"报表{n}.xlsx", os.urandom(40_000))  # incompressible: the ratio is 1
    response = upload(browser, "/reports/upload", "forms", {"报表.zip": buffer.getvalue()})
    assert response.status_code == 400
    assert "「报表.zip」解压后共 0 MB，超过一次上传的上限 0 MB，未接收" in text(response)


def test_a_zip_claiming_millions_of_entries_is_refused_by_its_end_record(browser: Browser) -> None:
    from . import hostile

    data = hostile.raw_zip([hostile.Entry("a.xlsx", b"x")], zip64_count=5_000_000)
    response = upload(browser, "/reports/upload", "forms", {"报表.zip": data})
    assert response.status_code == 400
    assert "「报表.zip」：文件里有 5000000 个部件，超过上限 1000，未接收" in text(response)


def test_an_upload_over_the_limit_is_refused_before_its_body_is_read(tmp_path: Path) -> None:
    """The real server (waitress) reads a request's whole body before any page runs, into a temporary
    file, up to 1 GB: an upload over the limit is refused once its head is read, in Chinese."""
    import socket

    from generator.web.server import make_server

    from .conftest import close_server, serve_in_thread

    server, _, _ = make_server(make_workspace(tmp_path / "ws"))
    thread = serve_in_thread(server)
    port = int(server.effective_port)
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=10) as conn:
            head = (
                f"POST /collect HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
                "Content-Type: multipart/form-data; boundary=x\r\n"
                f"Content-Length: {uploads.MAX_REQUEST_BYTES + 2**20}\r\n\r\n"
            )
            conn.sendall(head.encode() + b"\0" * 65536)  # the body's start, never its end
            answer = b""
            while b"</html>" not in answer:
                piece = conn.recv(65536)  # (times out, an OSError, where the body is waited for)
                if not piece:
                    break
                answer += piece
    finally:
        close_server(server, thread)
    status, _, rest = answer.partition(b"\r\n")
    assert status.startswith(b"HTTP/1.1 413 "), answer[:300]
    assert b"text/html; charset=utf-8" in rest
    assert f"上传的文件太大（一次最多 {uploads.MAX_REQUEST_BYTES // 2**20} MB），未接收。" in rest.decode("utf-8")
