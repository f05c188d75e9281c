"""``zyntro-nb scan`` on awkward folders: every text file is read whatever its name, nothing blocks.

Text is told from binary by content (UTF-8, UTF-16 with or without a byte-order mark, UTF-32);
a key pasted into a bulk journal or a file without an extension is found; named pipes are skipped
unread; symbolic links are followed once; broken, looping or unreadable files are reported and
fail the scan; notebooks that are huge or not JSON are scanned as text. No finding shows more than
4 characters, and the scan writes nothing.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.bad_support import leaks
from tests.conftest import CANARY_KEY, CANARY_SECRET
from zyntro_nb._cli.scan import scan, text_encoding

SHAPED_KEY = "QWERT-" + "ABCDEFGHJKLM-NPQRSTUVWXYZ-23456"  # the API key shape (split: this file holds none)
SHAPED_SECRET = "zdk_" + "Qm9vbGVhbkZsYWdz" * 2
LINE = f"api_key = {SHAPED_KEY}\n"


def _notebook(text: str) -> str:
    return json.dumps({"cells": [{"cell_type": "code", "source": "x = 1", "metadata": {}, "execution_count": 1,
                                  "outputs": [{"output_type": "stream", "name": "stdout", "text": text}]}],
                       "metadata": {}, "nbformat": 4, "nbformat_minor": 5})


# id: (file name, bytes written, what the report must say)
TEXT_FILES: dict[str, tuple[str, bytes, str]] = {
    "bulk-journal": ("imports/add.journal", json.dumps({"key": "a", "note": SHAPED_KEY}).encode() + b"\n",
                     "add.journal:line 1: API key"),
    "no-extension": ("notes", LINE.encode(), "notes:line 1: API key"),
    "dotfile": (".secrets", LINE.encode(), ".secrets:line 1: API key"),
    "unknown-extension": ("dump.out", LINE.encode(), "dump.out:line 1: API key"),
    "backup-suffix": ("config.py~", LINE.encode(), "config.py~:line 1: API key"),
    "utf16-bom": ("keys.txt", LINE.encode("utf-16"), "keys.txt:line 1: API key"),
    "utf16-le-no-bom": ("win.log", LINE.encode("utf-16-le"), "win.log:line 1: API key"),
    "utf16-be-no-bom": ("mac.log", LINE.encode("utf-16-be"), "mac.log:line 1: API key"),
    "utf32-bom": ("wide.txt", LINE.encode("utf-32"), "wide.txt:line 1: API key"),
    "utf8-bom": ("bom.md", LINE.encode("utf-8-sig"), "bom.md:line 1: API key"),
    "latin-1": ("legacy.csv", b"caf\xe9," + SHAPED_KEY.encode() + b"\n", "legacy.csv:line 1: API key"),
    "crlf-lines": ("win.ini", b"a=1\r\n" + LINE.encode().replace(b"\n", b"\r\n"), "win.ini:line 2: API key"),
    "developer-secret-in-journal": ("run.journal", f'{{"secret": "{SHAPED_SECRET}"}}\n'.encode(),
                                    "run.journal:line 1: developer secret"),
    "key-in-binary-file": ("data.bin", b"\x00\x01\x02" + SHAPED_KEY.encode() + b"\x00\xff",
                           "data.bin:binary content: API key"),
    "key-in-sqlite-like-file": ("cache.db", b"SQLite format 3\x00" + b"\x00" * 64 + SHAPED_KEY.encode() + b"\x00",
                                "cache.db:binary content: API key"),
    "notebook-not-json": ("broken.ipynb", b'{"cells": [' + LINE.encode(), "broken.ipynb:line 1: API key"),
    "notebook-a-list": ("list.ipynb", json.dumps([SHAPED_KEY]).encode(), "list.ipynb:line 1: API key"),
    "notebook-utf16": ("wide.ipynb", _notebook(SHAPED_KEY).encode("utf-16"), "wide.ipynb:cell 1:output 1: API key"),
    "notebook-deeply-nested": ("deep.ipynb", ('{"cells": ' + "[" * 100_000 + '"' + SHAPED_KEY + '"'
                                              + "]" * 100_000 + "}").encode(), "deep.ipynb:line 1: API key"),
}


@pytest.mark.parametrize("case", list(TEXT_FILES), ids=list(TEXT_FILES))
def test_every_text_file_is_read_whatever_its_name_or_encoding(case: str, tmp_path: Path) -> None:
    name, data, expected = TEXT_FILES[case]
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    before = sorted(p.name for p in tmp_path.rglob("*"))
    report = scan([tmp_path], secrets=[])
    text = "\n".join(report.lines())
    assert expected in text, text
    assert report.exit_code == 1 and SHAPED_KEY not in text and SHAPED_SECRET not in text
    assert sorted(p.name for p in tmp_path.rglob("*")) == before  # nothing written


def test_a_configured_secret_in_a_journal_without_shape_is_found_and_not_shown(tmp_path: Path) -> None:
    (tmp_path / "imports").mkdir()
    (tmp_path / "imports" / "add.journal").write_text(json.dumps({"echo": CANARY_KEY[3:30]}) + "\n")
    (tmp_path / "README").write_text(f"secret {CANARY_SECRET}\n")
    report = scan([tmp_path], secrets=[CANARY_KEY, CANARY_SECRET])
    text = "\n".join(report.lines())
    assert "add.journal:line 1: configured secret" in text and "README:line 1: configured secret" in text
    assert not leaks(text)


@pytest.mark.parametrize(("data", "expected"), [
    (b"plain ascii", "utf-8"),
    ("naïve".encode(), "utf-8"),
    (b"", "utf-8"),
    ("x".encode("utf-16"), "utf-16"),
    ("key = value".encode("utf-16-le"), "utf-16-le"),
    ("key = value".encode("utf-16-be"), "utf-16-be"),
    ("x".encode("utf-32"), "utf-32"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", None),
    (b"\x00" * 64, None),
    (b"PK\x03\x04\x14\x00\x00\x00", None),
], ids=["ascii", "utf8", "empty", "utf16-bom", "utf16le", "utf16be", "utf32", "png", "zeros", "zip"])
def test_text_is_told_from_binary_by_content(data: bytes, expected: str | None) -> None:
    assert text_encoding(data) == expected


def _fifo(path: Path) -> None:
    os.mkfifo(path)


def _socket(path: Path) -> None:
    import socket

    server = socket.socket(socket.AF_UNIX)
    server.bind(str(path))
    server.close()


@pytest.mark.skipif(sys.platform == "win32", reason="named pipes and UNIX sockets in folders are POSIX")
@pytest.mark.parametrize(("make", "kind"), [(_fifo, "named pipe"), (_socket, "socket")], ids=["fifo", "socket"])
@pytest.mark.parametrize("named", [False, True], ids=["in-folder", "named-explicitly"])
def test_a_pipe_or_socket_is_skipped_without_blocking(make: Callable[[Path], None], kind: str, named: bool,
                                                       tmp_path: Path) -> None:
    special = tmp_path / "pipe.journal"
    make(special)
    (tmp_path / "real.md").write_text(LINE)
    report = scan([special, tmp_path / "real.md"] if named else [tmp_path], secrets=[])  # returns: never waits
    text = "\n".join(report.lines())
    assert f"pipe.journal: {kind}, not a file: skipped" in text
    assert "real.md:line 1: API key" in text and report.exit_code == 1


def test_a_symlink_to_a_scanned_file_is_not_scanned_twice(tmp_path: Path) -> None:
    (tmp_path / "real.md").write_text(LINE)
    (tmp_path / "alias.md").symlink_to(tmp_path / "real.md")
    report = scan([tmp_path], secrets=[])
    assert len(report.findings) == 1 and report.files == 1


def test_a_symlink_to_a_file_outside_is_followed(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "keys.txt").write_text(LINE)
    inside = tmp_path / "repo"
    inside.mkdir()
    (inside / "linked").symlink_to(outside / "keys.txt")
    report = scan([inside], secrets=[])
    assert [f.path for f in report.findings] == [str(inside / "linked")]


def test_a_symlinked_directory_is_not_entered(tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "k.txt").write_text(LINE)
    (tmp_path / "loop").symlink_to(tmp_path, target_is_directory=True)
    report = scan([tmp_path], secrets=[])
    assert len(report.findings) == 1


BAD_LINKS: dict[str, Callable[[Path], None]] = {
    "dangling": lambda d: (d / "gone.md").symlink_to(d / "nowhere.md"),
    "self-loop": lambda d: (d / "gone.md").symlink_to(d / "gone.md"),
    "two-step-loop": lambda d: ((d / "gone.md").symlink_to(d / "other.md"), (d / "other.md").symlink_to(d / "gone.md")),
}


@pytest.mark.parametrize("case", list(BAD_LINKS), ids=list(BAD_LINKS))
def test_a_broken_or_looping_symlink_is_reported_and_fails_the_scan(case: str, tmp_path: Path) -> None:
    BAD_LINKS[case](tmp_path)
    report = scan([tmp_path], secrets=[])
    text = "\n".join(report.lines())
    assert "gone.md (" in text and "could not be read" in text and report.exit_code == 1


@pytest.mark.skipif(sys.platform == "win32" or (hasattr(os, "geteuid") and os.geteuid() == 0),
                    reason="permissions do not stop root (or Windows ACLs work otherwise)")
def test_an_unreadable_file_is_reported_and_the_scan_goes_on(tmp_path: Path) -> None:
    locked = tmp_path / "locked.journal"
    locked.write_text(LINE)
    locked.chmod(0)
    (tmp_path / "open.md").write_text(LINE)
    try:
        report = scan([tmp_path], secrets=[])
    finally:
        locked.chmod(0o600)
    text = "\n".join(report.lines())
    assert "locked.journal (Permission denied): could not be read" in text and "open.md:line 1" in text


def test_a_huge_notebook_is_scanned_as_text_with_line_locations(tmp_path: Path) -> None:
    (tmp_path / "huge.ipynb").write_text(_notebook("x" * 50_000 + "\n" + SHAPED_KEY))
    report = scan([tmp_path], secrets=[], max_bytes=10_000)
    text = "\n".join(report.lines())
    assert "huge.ipynb: notebook larger than" in text and "huge.ipynb:line 1: API key" in text


def test_binary_files_with_a_text_name_get_a_note_and_others_stay_quiet(tmp_path: Path) -> None:
    (tmp_path / "image.json").write_bytes(b"\x89PNG\x00\x00binary")
    (tmp_path / "photo.png").write_bytes(b"\x89PNG\x00\x00binary")
    report = scan([tmp_path], secrets=[])
    assert report.notes == [f"{tmp_path / 'image.json'}: binary file; only its runs of plain text were scanned"]
    assert report.exit_code == 0 and report.files == 2
