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
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from generator.standard.package import write_atomic

MANIFEST_NAME = ".gongwen-manifest.json"
# The stamps of the manifest's files, apart from it: they are this file system's (inodes, times),
# while the manifest says only what the files are and is the same wherever the build ran.
STAMPS_NAME = ".gongwen-stamps.json"
FINDINGS_NAME = ".gongwen-findings.json"  # the last full build's findings, replayed by a no-op build


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def file_sha256(path: Path) -> str:
    return sha256(path.read_bytes())


# size, st_mtime_ns, st_ino, st_ctime_ns: what changes when a file is written, by any program
Stamp = tuple[int, int, int, int]


def stamp_of(path: Path) -> Stamp | None:
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


@dataclass(frozen=True)
class Entry:
    sha256: str  # of the file as gongwen wrote it
    source: str  # of everything it was made from
    stamp: Stamp | None = None  # the file's, just after gongwen wrote it (None: unknown, hash it)


def _stamps(path: Path) -> tuple[dict[str, tuple[str, Stamp]], int]:
    """The stamps file: key -> (the hash its stamp proves, the stamp), and the file's own time
    (stamps older than it prove); nothing when it is missing or unreadable (then files are hashed)."""
    try:
        saved_ns = os.stat(path).st_mtime_ns  # before reading: a later save is newer
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}, 0
    out: dict[str, tuple[str, Stamp]] = {}
    for key, value in data.items() if isinstance(data, dict) else ():
        if isinstance(value, list) and len(value) == 5 and all(type(n) is int for n in value[1:]):
            digest, size, mtime_ns, inode, ctime_ns = value
            out[str(key)] = (str(digest), (size, mtime_ns, inode, ctime_ns))
    return out, saved_ns


@dataclass
class Manifest:
    path: Path
    entries: dict[str, Entry] = field(default_factory=dict)
    # Of the last full build: the hash of all its inputs, the template kinds it
    # used and its findings, so that an unchanged workspace is not even re-read.
    fingerprint: str = ""
    kinds: list[str] = field(default_factory=list)
    # Set by a full build and saved beside the manifest (FINDINGS_NAME), read back only by a no-op
    # build that replays them (replayed_findings): a build of ten thousand documents may have tens
    # of thousands, which every other command would parse for nothing.
    findings: list[dict[str, str | None]] = field(default_factory=list)
    # Written just before documents are moved into place: a build killed half-way leaves
    # files that are gongwen's own, not hand edits. Settled by the next load.
    pending: dict[str, Entry] = field(default_factory=dict)
    # False when the manifest was there but could not be read (garbage, truncated), or is gone
    # while generated files remain: its files are then checked against what gongwen makes now.
    trusted: bool = True
    # The stamps file's own modification time when loaded (0: none): stamps older than it prove.
    saved_ns: int = 0
    # key -> the stamp a file had when sha256_of last looked at it, and its hash then.
    seen: dict[str, tuple[Stamp, str]] = field(default_factory=dict)

    @classmethod
    def load(cls, output_dir: Path) -> Manifest:
        path = output_dir / MANIFEST_NAME
        manifest = cls(path)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            stamps, manifest.saved_ns = _stamps(output_dir / STAMPS_NAME)
            for name, entry in data.get("files", {}).items():
                digest, stamp = stamps.get(name, ("", None))
                manifest.entries[name] = Entry(
                    entry["sha256"], entry["source"], stamp if digest == entry["sha256"] else None
                )
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
        if self.findings:
            return self.findings
        try:
            data = json.loads(self.path.with_name(FINDINGS_NAME).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return []
        if not isinstance(data, dict) or data.get("fingerprint") != self.fingerprint or not self.fingerprint:
            return []
        return list(data.get("findings", []))

    def save(self) -> None:
        if self.fingerprint and self.findings:  # first: a manifest never names findings not yet saved
            said = {"fingerprint": self.fingerprint, "findings": self.findings}
            write_atomic(self.path.with_name(FINDINGS_NAME), json.dumps(said, ensure_ascii=False).encode("utf-8"))
        data = {
            "comment": "gongwen 记录的已生成文件，请勿手工修改",
            "files": {k: {"sha256": v.sha256, "source": v.source} for k, v in sorted(self.entries.items())},
            "last_full_build": {"fingerprint": self.fingerprint, "kinds": self.kinds},
        }
        if self.pending:
            data["pending"] = {k: {"sha256": v.sha256, "source": v.source} for k, v in sorted(self.pending.items())}
        text = json.dumps(data, ensure_ascii=False, indent=1, sort_keys=False) + "\n"
        write_atomic(self.path, text.encode("utf-8"))
        # After the manifest: its time is what the stamps are older than.
        stamps = {k: [v.sha256, *v.stamp] for k, v in sorted(self.entries.items()) if v.stamp is not None}
        write_atomic(
            self.path.with_name(STAMPS_NAME), (json.dumps(stamps, separators=(",", ":")) + "\n").encode("ascii")
        )
