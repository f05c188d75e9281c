"""``notebooks/record_cassettes.py``: re-recording leaves unchanged cassettes byte for byte, on a free port.

The comparison is checked on small cassettes (what counts as the same recording and
what does not); one real notebook is recorded twice into a scratch folder to check
the whole path: the sandbox on a free port, the notebook's switch cell finding it
through ``ZYNTRO_BASE_URL``, and the second run leaving both files untouched.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.notebook_support import NOTEBOOKS
from tests.notebooks.test_notebook_replay import recorder_module

QUICKSTART = NOTEBOOKS / "01-quickstart.ipynb"
LOCAL = "http://127.0.0.1:8765"


def _cassette(base_url: str = "http://127.0.0.1:8765", *exchanges: dict[str, Any], **header: Any) -> str:
    document = {"zyntro_cassette": 1, "base_url": base_url, "recorded_at": "2026-04-01T09:00:00.000+00:00",
                "today": "2026-04-01", "backend": base_url, **header, "exchanges": list(exchanges)}
    return json.dumps(document)


def _exchange(endpoint: str = "crm/fetchContact", request: dict[str, Any] | None = None, answer: Any = "Jane",
              at: str = "2026-04-01T09:00:00.000+00:00", elapsed: float = 0.01, request_id: str = "req_000001",
              date: str = "Wed, 01 Apr 2026 09:00:00 GMT") -> dict[str, Any]:
    return {"endpoint": endpoint, "request": request or {"contact_id": "a1"}, "status": 200,
            "headers": {"content-type": "application/json", "date": date, "x-request-id": request_id},
            "answer": {"status": "success", "data": answer}, "at": at, "elapsed": elapsed}


NEW_ID_1 = "c0d82840-becb-5b9c-98a9-9d4be998b731"  # version-5 uuids: records made while a notebook runs
NEW_ID_2 = "ec92110d-8501-5b8a-9796-fb9b26a6a894"
SAME = [
    pytest.param(_cassette("http://127.0.0.1:8765", _exchange()),
                 _cassette("http://127.0.0.1:41234", _exchange(at="2026-11-29T10:00:00.000+00:00", elapsed=0.3,
                                                                date="Sun, 29 Nov 2026 10:00:00 GMT"),
                           recorded_at="2026-11-29T10:00:00.000+00:00", today="2026-11-29"),
                 id="times-and-port"),
    pytest.param(_cassette(LOCAL, _exchange(request={"n": 1}, answer=NEW_ID_1, request_id="req_000001"),
                           _exchange(request={"n": 2}, answer=NEW_ID_2, request_id="req_000002")),
                 _cassette(LOCAL, _exchange(request={"n": 2}, answer=NEW_ID_1, request_id="req_000001"),
                           _exchange(request={"n": 1}, answer=NEW_ID_2, request_id="req_000002")),
                 id="thread-order-and-new-ids"),
]
DIFFERENT = [
    pytest.param(_cassette("http://127.0.0.1:8765", _exchange(answer="Jane")),
                 _cassette("http://127.0.0.1:8765", _exchange(answer="John")), id="answer"),
    pytest.param(_cassette("http://127.0.0.1:8765", _exchange()),
                 _cassette("http://127.0.0.1:8765", _exchange(), _exchange()), id="one-more-call"),
    pytest.param(_cassette("http://127.0.0.1:8765", _exchange(answer="first"), _exchange(answer="second")),
                 _cassette("http://127.0.0.1:8765", _exchange(answer="second"), _exchange(answer="first")),
                 id="repeated-request-answers-swapped"),
    pytest.param(_cassette("http://127.0.0.1:8765", _exchange(), identifiers={"org_id": "o1"}),
                 _cassette("http://127.0.0.1:8765", _exchange(), identifiers={"org_id": "o2"}), id="identifiers"),
]


@pytest.mark.parametrize(("old", "new"), SAME)
def test_recordings_of_the_same_exchanges_compare_equal(old: str, new: str) -> None:
    recorder = recorder_module()
    assert recorder.comparable_cassette(old) == recorder.comparable_cassette(new)


@pytest.mark.parametrize(("old", "new"), DIFFERENT)
def test_recordings_of_other_exchanges_compare_different(old: str, new: str) -> None:
    recorder = recorder_module()
    assert recorder.comparable_cassette(old) != recorder.comparable_cassette(new)


def test_outputs_compare_without_the_port_and_the_sanitized_values() -> None:
    recorder = recorder_module()
    old = '{"text": "backend: http://127.0.0.1:8765\\n", "took": "0.31 s"}'
    new = '{"text": "backend: http://127.0.0.1:40001\\n", "took": "0.07 s"}'
    assert recorder.comparable_outputs(old, "http://127.0.0.1:8765") == recorder.comparable_outputs(
        new, "http://127.0.0.1:40001")
    assert recorder.comparable_outputs(old, "") != recorder.comparable_outputs(old.replace("backend", "b"), "")


def test_recording_again_leaves_unchanged_files_byte_identical(tmp_path: Path, capsys) -> None:
    recorder = recorder_module()
    recorder.CASSETTES = tmp_path  # record into a scratch folder, never into notebooks/cassettes
    assert recorder.main([QUICKSTART.name]) == 0
    first = capsys.readouterr().out
    assert "01-quickstart: cassette (new), outputs (new) changed" in first
    assert "1 of 1 changed: 01-quickstart" in first
    cassette, outputs = tmp_path / "01-quickstart.zyntro.json", tmp_path / "01-quickstart.outputs.json"
    stored = cassette.read_bytes(), outputs.read_bytes()
    base_url = json.loads(stored[0])["base_url"]
    assert base_url.startswith("http://127.0.0.1:")  # a free port, found by the notebook through ZYNTRO_BASE_URL
    assert f"backend: {base_url}" in stored[1].decode()

    assert recorder.main([QUICKSTART.name]) == 0
    second = capsys.readouterr().out
    assert "01-quickstart: unchanged" in second and "no cassette changed" in second
    assert (cassette.read_bytes(), outputs.read_bytes()) == stored

    document = json.loads(stored[0])
    document["exchanges"][-1]["status"] = 500  # as if the API now answered differently
    cassette.write_text(json.dumps(document), encoding="utf-8")
    assert recorder.main([QUICKSTART.name]) == 0
    third = capsys.readouterr().out
    assert "01-quickstart: cassette changed" in third and "outputs" not in third.split("\n")[0]
    assert json.loads(cassette.read_text(encoding="utf-8"))["exchanges"][-1]["status"] == 200
    assert outputs.read_bytes() == stored[1]


def test_recording_refuses_a_taken_port_with_a_hint(tmp_path: Path, capsys) -> None:
    import socket

    recorder = recorder_module()
    recorder.CASSETTES = tmp_path
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert recorder.main([QUICKSTART.name, "--port", str(port)]) == 1
    assert "try another --port (or leave it out for a free one)" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []
