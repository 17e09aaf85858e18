"""What keeps a local server safe from every other web page the clerk's browser opens.

A page on any site can make the browser send requests to 127.0.0.1. So: the address and the
port must be ours (a DNS-rebinding page names its own host); the session cookie, given only for
the random token printed at start, must come with every request (SameSite=Strict: another site's
page never sends it); and a request that changes anything must also come from our own Origin
and carry the CSRF token of our pages.
"""

from __future__ import annotations

import hmac
import os
import secrets
import stat
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from generator.app import not_a_device_name

COOKIE = "gongwen_session"


def cookie(port: int) -> str:
    """The session cookie's name for the server on `port`: a browser keeps cookies per host, not per
    port, so two gongwen pages open at once (two workspaces) must not overwrite each other's."""
    return f"{COOKIE}_{port}"


CSRF_FIELD = "csrf"
CSRF_HEADER = "X-CSRF-Token"
LOOPBACK_NAMES = ("127.0.0.1", "localhost")
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


@dataclass(frozen=True)
class Secrets:
    token: str = field(default_factory=lambda: secrets.token_urlsafe(24))  # in the opening address
    session: str = field(default_factory=lambda: secrets.token_urlsafe(32))  # the cookie's value
    csrf: str = field(default_factory=lambda: secrets.token_urlsafe(32))  # in every form of our pages
    # In the clerk's private pages file (0600): a second `gongwen ui` on the workspace proves with it
    # that it runs as the clerk, and gets a one-time address to open this page in the browser.
    handoff: str = field(default_factory=lambda: secrets.token_urlsafe(32))


def same(given: str | None, expected: str) -> bool:
    return given is not None and hmac.compare_digest(given.encode(), expected.encode())


def our_hosts(port: int) -> set[str]:
    return {f"{name}:{port}" for name in LOOPBACK_NAMES}


HANDOFF_HEADER = "X-Gongwen-Handoff"
LOGIN_SECONDS = 120  # how long a one-time address handed to a second `gongwen ui` stays valid


def handoff_refusal(host: str | None, origin: str | None, secret: str | None, port: int, keys: Secrets) -> str | None:
    """Why a request for a one-time address is refused, or None. Only a program that read the secret
    from the clerk's own pages file can ask: never a web page (a browser sends Origin with every
    POST, and no page may send our header to another origin without a preflight we never answer)."""
    if host not in our_hosts(port):
        return WRONG_HOST
    if origin is not None or not same(secret, keys.handoff):
        return "这个请求不是本机的 gongwen 发出的，已拒绝。"
    return None


NEEDS_TOKEN = "请使用 gongwen ui 启动时显示的完整地址（含 token）打开本页面。"
WRONG_HOST = "地址不对：请使用 gongwen ui 启动时显示的地址（127.0.0.1）打开。"


def refusal(
    method: str,
    host: str | None,
    origin: str | None,
    cookie: str | None,
    csrf: Callable[[], str | None],
    port: int,
    keys: Secrets,
) -> str | None:
    """Why a request is refused (the Chinese sentence for the clerk), or None when it may go on.
    `csrf` reads the token from the request only when everything else holds: a foreign request's
    body is never parsed. The token exchange itself (the opening address) is checked by its route."""
    if host not in our_hosts(port):
        return WRONG_HOST
    if not same(cookie, keys.session):
        return NEEDS_TOKEN
    if method in SAFE_METHODS:
        return None
    if origin is None or origin.removeprefix("http://") not in our_hosts(port):
        return "这个操作不是从 gongwen 的页面发出的，已拒绝。"
    if not same(csrf(), keys.csrf):
        return "页面已过期（校验码不符），请刷新页面后重试。"
    return None


def inside(root: Path, relative: str) -> Path | None:
    """`root/relative` when it is a file inside `root` (no "..", no absolute path, no link of any
    kind on the way or at the end, none of gongwen's own hidden files); None otherwise."""
    if not relative or "\\" in relative or "\0" in relative:
        return None
    parts = relative.split("/")
    if any(p in ("", ".", "..") or p.startswith(".") for p in parts):
        return None
    base = root.resolve()
    target = base.joinpath(*parts)
    if not all(_plain_folder(base.joinpath(*parts[:n])) for n in range(1, len(parts))):
        return None
    return target if served_file(target) else None


def _plain_folder(path: Path) -> bool:
    try:
        return stat.S_ISDIR(path.lstat().st_mode)  # lstat: a link to a folder elsewhere is not one
    except OSError:
        return False


def served_file(path: Path) -> bool:
    """A file gongwen may hand the browser: a regular file, not a link (lstat), and its only name
    (st_nlink == 1: a hard link placed in output/ to a file elsewhere shares its inode)."""
    try:
        info = path.lstat()
    except OSError:
        return False
    return stat.S_ISREG(info.st_mode) and info.st_nlink == 1


def open_served(path: Path) -> BinaryIO | None:
    """`path` opened for sending, without following a link, and looked at again once open (a
    file swapped for a link or a hard link between the check and the open is not sent)."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0))
    except OSError:
        return None
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode) or info.st_nlink != 1:
        os.close(fd)
        return None
    return os.fdopen(fd, "rb")


MAX_NAME_BYTES = 200  # well under every file system's 255-byte limit, in UTF-8


def plain_name(name: str) -> str | None:
    """A folder or file name given in a form: one path component, printable, nothing hidden, no
    name Windows reserves, not too long for the file system."""
    name = name.strip()
    if not name or name.startswith(".") or any(c in name for c in '/\\:*?"<>|') or not name.isprintable():
        return None
    if not_a_device_name(name) != name or len(name.encode("utf-8")) > MAX_NAME_BYTES:
        return None
    return name
