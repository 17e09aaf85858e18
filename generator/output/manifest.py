"""What gongwen wrote, so that it never silently overwrites a clerk's edit.

output/.gongwen-manifest.json records, for each generated file, the hash of
its bytes as written and the hash of what it was made from. A file whose bytes
no longer match was changed by hand: the next build keeps it and writes its
new version beside it, unless forced.

Reading and hashing every file to learn that it is still gongwen's costs as much as writing it,
so output/.gongwen-stamps.json also records each file's stamp: size, modification time, inode
and change time as the file system gave them just after gongwen wrote it (with the hash it
stands for). A file whose stamp is unchanged has not been written since (any write sets the
modification and change times; a program that puts the old modification time back cannot put
back the change time), so its recorded hash holds without reading it. Like git's index, a stamp
is trusted only when it is older than the stamps file by more than the file system's clock step:
a file written again within the same step as gongwen's write would show the same times.
Otherwise, and for entries without a stamp, the file is hashed.

The stamps file also records what the last full build's fingerprint was computed from (InputStamps):
the workbook's and templates' stamps, by the same rule, and gongwen's own files by name, size and
modification time. A build with nothing to do is then proven by stamps alone, and imports no hash
function (output/report.last_build_stands); the readers here take plain paths for it.
"""

from __future__ import annotations

import json
import os
from json.encoder import encode_basestring, encode_basestring_ascii
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:  # (a no-op build reads this folder's files without pathlib: paths here may be str)
    from collections.abc import Iterator, Sequence
    from pathlib import Path

MANIFEST_NAME = ".gongwen-manifest.json"
# The stamps of the manifest's files, apart from it: they are this file system's (inodes, times),
# while the manifest says only what the files are and is the same wherever the build ran.
STAMPS_NAME = ".gongwen-stamps.json"
FINDINGS_NAME = ".gongwen-findings.json"  # the last full build's findings, replayed by a no-op build


def sha256(data: bytes) -> str:
    import hashlib  # (OpenSSL: a no-op build whose stamps prove every file hashes nothing)

    return hashlib.sha256(data).hexdigest()


def file_sha256(path: Path) -> str:
    return sha256(path.read_bytes())


def read_json(path: str | Path) -> object:
    with open(path, encoding="utf-8") as file:
        return json.load(file)


# size, st_mtime_ns, st_ino, st_ctime_ns: what changes when a file is written, by any program
Stamp = tuple[int, int, int, int]


def stamp_of(path: str | Path) -> Stamp | None:
    try:
        status = os.stat(path)
    except OSError:
        return None
    return status.st_size, status.st_mtime_ns, status.st_ino, status.st_ctime_ns


# How much older than the manifest a stamp must be to prove anything: more than the step of the
# file system's clock (a jiffy on Linux, about 16 ms on Windows; 2 s on FAT, which keeps whole seconds).
FINE_CLOCK_STEP_NS = 100_000_000
COARSE_CLOCK_STEP_NS = 2_000_000_000


def proves(stamp: Stamp, recorded: Stamp | None, manifest_ns: int) -> bool:
    """The file's `stamp` proves it is the one gongwen recorded: the same stamp, recorded long enough
    before the manifest was saved that a later write would show another modification time."""
    if recorded is None or stamp != recorded:
        return False
    step = COARSE_CLOCK_STEP_NS if recorded[1] % 1_000_000_000 == 0 else FINE_CLOCK_STEP_NS
    return max(recorded[1], recorded[3]) + step < manifest_ns


class Entry(NamedTuple):
    sha256: str  # of the file as gongwen wrote it
    source: str  # of everything it was made from
    stamp: Stamp | None = None  # the file's, just after gongwen wrote it (None: unknown, hash it)


class InputStamps(NamedTuple):
    """What the last full build's fingerprint was computed from, as this file system showed it: the
    generator's files (name, size, modification time: how Python trusts a .pyc) and each input file's
    stamp, taken before it was read. While they all hold, the fingerprint holds without reading
    anything (a no-op build imports no hash function)."""

    code: list[tuple[str, int, int]]
    files: dict[str, Stamp]  # by the name the workspace shows (a bundled template: its own path)


def _stamp(value: object) -> Stamp | None:
    if isinstance(value, list) and len(value) == 4 and all(type(n) is int for n in value):
        return value[0], value[1], value[2], value[3]
    return None


def _input_stamps(data: object) -> InputStamps | None:
    """The stamps file's "inputs", or None when any part of it is not as saved (then inputs are hashed)."""
    if not (isinstance(data, dict) and isinstance(data.get("code"), list) and isinstance(data.get("files"), dict)):
        return None
    code = [
        (c[0], c[1], c[2])
        for c in data["code"]
        if isinstance(c, list) and len(c) == 3 and isinstance(c[0], str) and type(c[1]) is type(c[2]) is int
    ]
    files = {str(k): stamp for k, v in data["files"].items() if (stamp := _stamp(v)) is not None}
    if len(code) != len(data["code"]) or len(files) != len(data["files"]):
        return None
    return InputStamps(code, files)


def read_stamps(output_dir: str | Path) -> tuple[dict[str, tuple[str, Stamp]], InputStamps | None, int]:
    """The stamps file: key -> (the hash its stamp proves, the stamp), the inputs' stamps, and the
    file's own time (stamps older than it prove); nothing when it is missing or unreadable (then
    files are hashed)."""
    path = os.path.join(output_dir, STAMPS_NAME)
    try:
        saved_ns = os.stat(path).st_mtime_ns  # before reading: a later save is newer
        data = read_json(path)
    except (OSError, ValueError):
        return {}, None, 0
    if not isinstance(data, dict) or not isinstance(data.get("outputs"), dict):
        return {}, None, 0
    out: dict[str, tuple[str, Stamp]] = {}
    for key, value in data["outputs"].items():
        if isinstance(value, list) and len(value) == 5 and (stamp := _stamp(value[1:])) is not None:
            out[str(key)] = (str(value[0]), stamp)
    return out, _input_stamps(data.get("inputs")), saved_ns


def entries_of(files: dict[str, dict[str, str]], stamps: dict[str, tuple[str, Stamp]]) -> dict[str, Entry]:
    """The manifest's files with their stamps (a stamp that proves another hash is no stamp)."""
    entries = {}
    for name, entry in files.items():
        digest, stamp = stamps.get(name, ("", None))
        entries[name] = Entry(entry["sha256"], entry["source"], stamp if digest == entry["sha256"] else None)
    return entries


def read_findings(output_dir: str | Path, fingerprint: str) -> list[dict[str, str | None]]:
    """The findings of the full build whose fingerprint is `fingerprint` ([] if unknown)."""
    try:
        data = read_json(os.path.join(output_dir, FINDINGS_NAME))
    except (OSError, ValueError):
        return []
    if not isinstance(data, dict) or data.get("fingerprint") != fingerprint or not fingerprint:
        return []
    return list(data.get("findings", []))


class Manifest:
    """The manifest and stamps of an output folder, as loaded. (A plain class, not a dataclass: a no-op
    build loads it, and declaring a dataclass costs that start about half a millisecond.)"""

    __slots__ = (
        "entries", "findings", "fingerprint", "inputs", "kinds", "path", "pending", "saved_ns", "seen", "trusted"
    )  # fmt: skip

    def __init__(self, path: Path, *, trusted: bool = True) -> None:
        self.path = path
        self.entries: dict[str, Entry] = {}
        # Of the last full build: the hash of all its inputs, the template kinds it
        # used and its findings, so that an unchanged workspace is not even re-read.
        self.fingerprint = ""
        self.kinds: list[str] = []
        self.inputs: InputStamps | None = None  # what the fingerprint was computed from (None: hash them)
        # Set by a full build and saved beside the manifest (FINDINGS_NAME), read back only by a no-op
        # build that replays them (replayed_findings): a build of ten thousand documents may have tens
        # of thousands, which every other command would parse for nothing.
        self.findings: Sequence[dict[str, str | None]] = []
        # Written just before documents are moved into place: a build killed half-way leaves
        # files that are gongwen's own, not hand edits. Settled by the next load.
        self.pending: dict[str, Entry] = {}
        # False when the manifest was there but could not be read (garbage, truncated), or is gone
        # while generated files remain: its files are then checked against what gongwen makes now.
        self.trusted = trusted
        # The stamps file's own modification time when loaded (0: none): stamps older than it prove.
        self.saved_ns = 0
        # key -> the stamp a file had when sha256_of last looked at it, and its hash then.
        self.seen: dict[str, tuple[Stamp, str]] = {}

    @classmethod
    def load(cls, output_dir: Path, *, files: bool = True) -> Manifest:
        """`files=False`: whether the manifest is there and readable, its entries and stamps not kept
        (a forced build's plan decides nothing by them: 10,000 entries held 7 MB while it planned)."""
        path = output_dir / MANIFEST_NAME
        manifest = cls(path)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if files:
                stamps, manifest.inputs, manifest.saved_ns = read_stamps(output_dir)
                manifest.entries = entries_of(data.get("files", {}), stamps)
            else:  # read as entries_of reads them: a manifest it would refuse is untrusted all the same
                for entry in data.pop("files", {}).values():
                    Entry(entry["sha256"], entry["source"])
            last = data.get("last_full_build", {})
            manifest.fingerprint = str(last.get("fingerprint", ""))
            manifest.kinds = [str(k) for k in last.get("kinds", [])]
            manifest.findings = list(last.get("findings", []))  # (where gongwen 0.2 kept them)
            for name, entry in data.get("pending", {}).items():
                target = output_dir / name
                # Moved in before the kill: record it; not moved: the old entry still holds.
                if target.is_file() and file_sha256(target) == entry["sha256"]:
                    manifest.entries[name] = Entry(entry["sha256"], entry["source"])  # (no stamp: renamed since)
        except FileNotFoundError:
            # Gone while documents remain; fill-in forms (.xlsx) may come before the first build.
            manifest = cls(path, trusted=not any(output_dir.rglob("*.docx")))
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            manifest = cls(path, trusted=False)
        return manifest

    def proven(self, key: str, path: Path) -> str | None:
        """The hash recorded for the file at `path` (gongwen's `key`) when the file's stamp proves it
        unchanged since gongwen wrote it, without reading it; None when only reading it would tell."""
        stamp = stamp_of(path)
        entry = self.entries.get(key)
        if stamp is not None and entry is not None and proves(stamp, entry.stamp, self.saved_ns):
            return entry.sha256
        return None

    def sha256_of(self, key: str, path: Path) -> str:
        """The hash of the file at `path` (gongwen's `key`): the recorded one when the file's stamp
        proves it unchanged since gongwen wrote it, else read and hashed. The stamp is taken before
        reading, so a write after it shows in the next stamp."""
        stamp = stamp_of(path)
        entry = self.entries.get(key)
        if stamp is not None and entry is not None and proves(stamp, entry.stamp, self.saved_ns):
            digest = entry.sha256
        else:
            digest = file_sha256(path)
        if stamp is not None:
            self.seen[key] = (stamp, digest)
        return digest

    def wrote(self, key: str, path: Path) -> bool:
        """The file at `path` has exactly the bytes gongwen last wrote under `key` (False if it is gone)."""
        entry = self.entries.get(key)
        try:
            return entry is not None and self.sha256_of(key, path) == entry.sha256
        except FileNotFoundError:
            return False

    def record(self, key: str, digest: str, source: str, stamp: Stamp | None) -> None:
        """The file at `key` is gongwen's, with bytes `digest` made from `source` and now `stamp`."""
        self.entries[key] = Entry(digest, source, stamp)

    def record_unchanged(self, key: str, digest: str, source: str) -> None:
        """The file at `key`, left as it was, has bytes `digest`: its stamp is the one sha256_of saw."""
        seen = self.seen.get(key)
        self.entries[key] = Entry(digest, source, seen[0] if seen is not None and seen[1] == digest else None)

    def replayed_findings(self) -> list[dict[str, str | None]]:
        """The findings of the full build whose fingerprint this manifest holds ([] if unknown)."""
        return list(self.findings) or read_findings(self.path.parent, self.fingerprint)

    def _findings_json(self) -> Iterator[bytes]:
        """json.dumps({"fingerprint": …, "findings": […]}, ensure_ascii=False), one finding at a time:
        tens of thousands of them are not held as dicts and one string while they are saved."""
        yield f'{{"fingerprint": {json.dumps(self.fingerprint)}, "findings": ['.encode()
        for i, finding in enumerate(self.findings):
            yield (", " if i else "").encode() + json.dumps(finding, ensure_ascii=False).encode("utf-8")
        yield b"]}"

    def save(self) -> None:
        from generator.standard.package import write_atomic  # (the zip writer: not for a no-op build)

        if self.fingerprint and self.findings:  # first: a manifest never names findings not yet saved
            write_atomic(self.path.with_name(FINDINGS_NAME), self._findings_json())
        write_atomic(self.path, self._manifest_json())
        self.save_stamps()  # after the manifest: its time is what the stamps are older than

    def _manifest_json(self) -> Iterator[bytes]:
        """json.dumps(the manifest, ensure_ascii=False, indent=1) + "\n", one file at a time: ten
        thousand files are not held as dicts and one string while they are saved (19 MB more RSS)."""
        yield f'{{\n "comment": {_json_string(MANIFEST_COMMENT)},\n "files": '.encode()
        yield from _entries_json(self.entries)
        last = json.dumps({"fingerprint": self.fingerprint, "kinds": self.kinds}, ensure_ascii=False, indent=1)
        yield f',\n "last_full_build": {last.replace(chr(10), chr(10) + " ")}'.encode()  # (one level deeper)
        if self.pending:
            yield b',\n "pending": '
            yield from _entries_json(self.pending)
        yield b"\n}\n"

    def save_stamps(self) -> None:
        """The stamps file alone: each entry's stamp and the inputs'. Its own modification time is
        what the stamps must be older than (by the clock step) to prove anything."""
        from generator.standard.package import write_atomic

        write_atomic(self.path.with_name(STAMPS_NAME), self._stamps_json())

    def _stamps_json(self) -> Iterator[bytes]:
        """json.dumps(the stamps, separators=(",", ":")) + "\n", one file at a time (as _manifest_json)."""
        yield b'{"outputs":{'
        first = True
        for key, entry in sorted(self.entries.items()):
            if entry.stamp is not None:
                size, modified, inode, changed = entry.stamp
                digest = _ascii_json_string(entry.sha256)
                line = f"{_ascii_json_string(key)}:[{digest},{size},{modified},{inode},{changed}]"
                yield (line if first else "," + line).encode("ascii")
                first = False
        yield b"}"
        if self.fingerprint and self.inputs is not None:
            inputs = {"code": self.inputs.code, "files": self.inputs.files}
            yield f',"inputs":{json.dumps(inputs, separators=(",", ":"))}'.encode("ascii")
        yield b"}\n"


MANIFEST_COMMENT = "gongwen 记录的已生成文件，请勿手工修改"


# A string as json.dumps(text, ensure_ascii=False) writes it, and as json.dumps(text) does (without
# making an encoder per call: a manifest of 10,000 files writes 40,000 strings).
_json_string = encode_basestring
_ascii_json_string = encode_basestring_ascii


def _entries_json(entries: dict[str, Entry]) -> Iterator[bytes]:
    """{key: {"sha256": …, "source": …}, …} sorted by key, as json.dumps(…, ensure_ascii=False,
    indent=1) writes it two levels deep in the manifest."""
    if not entries:
        yield b"{}"
        return
    separator = "{"
    for key in sorted(entries):
        entry = entries[key]
        yield (
            f'{separator}\n  {_json_string(key)}: {{\n   "sha256": {_json_string(entry.sha256)},'
            f'\n   "source": {_json_string(entry.source)}\n  }}'
        ).encode()
        separator = ","
    yield b"\n }"
