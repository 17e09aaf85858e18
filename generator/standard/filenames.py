"""File names Windows keeps for its devices: a file so named cannot be made or opened there (writing
to it writes to the console, or to nothing)."""

from __future__ import annotations

import re

# CON, PRN, AUX, NUL, CONIN$, CONOUT$, COM0-9 and LPT0-9, with the superscript digits ¹ ² ³ that
# Windows counts as digits too. Windows compares what comes before the first dot with its trailing
# spaces dropped, in any case: "nul.txt", "CON .docx", "com¹.xlsx" and "Aux.tar.gz" are all devices.
_DEVICE = re.compile(r"CON|PRN|AUX|NUL|CONIN\$|CONOUT\$|(?:COM|LPT)[0-9\u00b9\u00b2\u00b3]", re.IGNORECASE)


def device_part(name: str) -> str | None:
    """The part of `name` Windows reads as a device name, when it does (None: an ordinary name)."""
    base = name.split(".", 1)[0].rstrip(" ")
    return base if _DEVICE.fullmatch(base) else None


def not_a_device(name: str) -> str:
    """`name`, with a _ after its device part if Windows would read it as a device (CON.docx →
    CON_.docx): readable still, and a file on every system."""
    base = device_part(name)
    if base is None:
        return name
    return f"{base}_{name[len(base) :].lstrip(' ')}"


def within_bytes(name: str, limit: int) -> str:
    """`name` cut, at a character, to `limit` bytes of UTF-8 with its extension kept (file systems
    count a name's bytes, 255 on ext4 and NTFS; a Chinese character takes three)."""
    if len(name.encode("utf-8")) <= limit:
        return name
    stem, dot, suffix = name.rpartition(".")
    if not dot or len(suffix.encode("utf-8")) > limit // 2:
        stem, suffix = name, ""
    ending = f".{suffix}" if suffix else ""
    room = limit - len(ending.encode("utf-8"))
    return stem.encode("utf-8")[:room].decode("utf-8", "ignore") + ending


_NOT_IN_A_NAME = frozenset('/\\:*?"<>|')


def plain_file_name(name: str, limit: int = 200) -> bool:
    """Whether `name` is one file name on every system, kept as it is: no folder separator or
    character Windows refuses, nothing invisible, not hidden (.x), not a device, not too long."""
    return (
        bool(name)
        and name == name.strip(" .")
        and name.isprintable()
        and not _NOT_IN_A_NAME.intersection(name)
        and device_part(name) is None
        and len(name.encode("utf-8")) <= limit
    )
