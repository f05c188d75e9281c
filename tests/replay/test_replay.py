"""Record and replay: cassettes hold no credential, replays need no network and answer like the recording."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

import zyntro_nb as zn
from tests.conftest import CANARY_KEY, CANARY_SECRET
from zyntro_nb._config import CASSETTE_ENV_VARS, ENV_VARS, env_has_credentials
from zyntro_nb._connect.current import set_current
from zyntro_nb._frames.display import render_html
from zyntro_nb._replay.cassette import CassetteWriter, read_cassette
from zyntro_nb._replay.transport import CassetteTransport
from zyntro_nb.sandbox import Sandbox

JANE = "a1b2c3d4-e5f6-7890-abcd-ef1234567890"
NOTE = {"mode": "upsert", "lookup_by": "email", "skip_entity": True,
        "contact": {"firstName": "Replay", "lastName": "Test", "email": "replay-test@example.com"}}


@pytest.fixture(autouse=True)
def no_zyntro_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    """No ZYNTRO_* variables, no .env, no current session."""
    for var in [*ENV_VARS.values(), *CASSETTE_ENV_VARS.values()]:
        monkeypatch.delenv(var, raising=False)
    monkeypatch.chdir(tmp_path)
    set_current(None)
    yield
    set_current(None)


@pytest.fixture
def canary_box() -> Iterator[tuple[Sandbox, dict[str, str]]]:
    with Sandbox() as box:
        ids = box.add_account(CANARY_KEY, CANARY_SECRET)
        yield box, ids


def record(path: Path, box: Sandbox, ids: dict[str, str], calls: list[tuple[str, str, dict[str, Any]]]) -> list[Any]:
    """Record ``calls`` on the sandbox with the canary account; returns each result or error."""
    results: list[Any] = []
    with zn.connect(sandbox=box, record=path, **ids) as session:
        for module, action, params in calls:
            try:
                results.append(session.call(module, action, max_retries=0, **params))
            except zn.ZyntroError as err:
                results.append(err)
    return results


def canary_pieces() -> set[str]:
    return {s[i : i + 8] for s in (CANARY_KEY, CANARY_SECRET) for i in range(len(s) - 7)}


# -- recording ------------------------------------------------------------------------------------------------


def test_recording_stores_placeholders_instead_of_credentials_and_identifiers(canary_box: Any, tmp_path: Path) -> None:
    box, ids = canary_box
    path = tmp_path / "c.zyntro.json"
    record(path, box, ids, [("developers", "fetchIdentifiers", {}), ("crm", "fetchContact", {"contact_id": JANE})])
    text = path.read_text()
    assert [piece for piece in canary_pieces() if piece in text] == []
    first = read_cassette(path).exchanges[0]
    assert first["request"]["api_key"] == "<api_key>"
    assert first["request"]["developer_secret"] == "<developer_secret>"
    assert first["request"]["org_id"] == "<org_id>" and first["request"]["member_id"] == "<member_id>"
    assert first["answer"]["data"]["api_key"] == "<api_key>"  # the answer's credential field


def test_cassette_is_one_json_document_with_the_header_first_and_one_exchange_per_line(
    canary_box: Any, tmp_path: Path
) -> None:
    box, ids = canary_box
    path = tmp_path / "c.zyntro.json"
    record(path, box, ids, [("crm", "fetchContact", {"contact_id": JANE}), ("edge", "getItems", {})])
    lines = path.read_text().splitlines()
    assert lines[0].startswith('{"zyntro_cassette": 1, "base_url": "http://sandbox.local"')
    assert lines[1] == '"exchanges": ['
    assert [json.loads(line.rstrip(","))["endpoint"] for line in lines[2:4]] == ["crm/fetchContact", "edge/getItems"]
    assert lines[4] == "]}"
    exchange = json.loads(lines[2].rstrip(","))
    assert set(exchange["headers"]) <= {"content-type", "x-request-id", "x-zyntro-sandbox", "date", "retry-after"}
    assert exchange["headers"]["x-request-id"].startswith("req_") and exchange["at"].endswith("+00:00")
    assert "user-agent" not in lines[2].lower()  # request headers are never stored


def test_recording_interrupted_mid_run_leaves_a_readable_cassette(canary_box: Any, tmp_path: Path) -> None:
    box, ids = canary_box
    path = tmp_path / "c.zyntro.json"
    session = zn.connect(sandbox=box, record=path, **ids)
    assert read_cassette(path).exchanges == []
    session.crm.fetchContact(contact_id=JANE)
    assert len(read_cassette(path).exchanges) == 1  # readable while the session is still open
    session.edge.getItems()
    assert [e["endpoint"] for e in read_cassette(path).exchanges] == ["crm/fetchContact", "edge/getItems"]
    session.close()


def test_answers_keep_their_key_order_so_replayed_columns_match(canary_box: Any, tmp_path: Path) -> None:
    box, ids = canary_box
    path = tmp_path / "c.zyntro.json"
    live = record(path, box, ids, [("crm", "fetchContact", {"contact_id": JANE, "include_entity": 1})])[0]
    replayed = zn.connect(replay=path).crm.fetchContact(contact_id=JANE, include_entity=1)
    assert list(replayed.columns) == list(live.columns)
    assert replayed.iloc[0].tolist() == live.iloc[0].tolist()


# -- replaying ------------------------------------------------------------------------------------------------


def test_replay_needs_no_credentials_no_network_and_says_replay(canary_box: Any, tmp_path: Path) -> None:
    box, ids = canary_box
    path = tmp_path / "c.zyntro.json"
    record(path, box, ids, [("crm", "fetchContact", {"contact_id": JANE})])
    s = zn.connect(replay=path)
    df = s.crm.fetchContact(contact_id=JANE)
    assert s.is_replay and not s.is_sandbox and s.sandbox is None
    assert isinstance(s._shared.client._transport, CassetteTransport)
    assert repr(s).startswith("<Session REPLAY (c.zyntro.json)")
    assert df.attrs["zyntro"]["backend"] == "REPLAY"
    assert repr(df).splitlines()[0].endswith("· REPLAY")
    assert ">REPLAY</span>" in render_html(df)
    assert df.attrs["zyntro"]["request_id"] == read_cassette(path).exchanges[0]["headers"]["x-request-id"]


def test_replay_matches_whatever_credentials_and_key_order_the_replayer_has(canary_box: Any, tmp_path: Path) -> None:
    box, ids = canary_box
    path = tmp_path / "c.zyntro.json"
    record(path, box, ids, [("crm", "addContactsFull", NOTE)])
    s = zn.connect(replay=path, api_key="UYUJH-someone-else", developer_secret="zdk_other")
    reordered = dict(reversed(list(NOTE.items())))
    assert s.call("crm", "addContactsFull", raw=True, **reordered)["status"] == "success"


def test_writes_in_replay_return_the_recorded_answer(canary_box: Any, tmp_path: Path) -> None:
    box, ids = canary_box
    path = tmp_path / "c.zyntro.json"
    live = record(path, box, ids, [("crm", "addContactsFull", NOTE)])[0]
    writes = box.writes_total
    replayed = zn.connect(replay=path).crm.addContactsFull(**NOTE)
    assert replayed.iloc[0].tolist() == live.iloc[0].tolist()
    assert box.writes_total == writes


def test_nth_identical_request_gets_the_nth_answer_then_the_last_repeats(tmp_path: Path) -> None:
    path = tmp_path / "c.zyntro.json"
    header = {"base_url": "https://app.zyntrohq.com", "credentials": ["api_key"],
              "identifiers": {"org_id": "42cc1aca-3aa5-4339-98d2-480b5b89937b", "brand_id": "1"}}
    fire = {"billable_item_id": "bi_overage", "billing_customer_id": "bc_x"}
    request = {"api_key": "<api_key>", "org_id": "<org_id>", "brand_id": "<brand_id>", **fire}
    writer = CassetteWriter.create(path, header)
    for n in (1, 2):
        writer.append({"endpoint": "edge/fire", "request": request, "status": 200, "headers": {},
                       "answer": {"status": "success", "data": {"n": n}}})
    writer.close()
    s = zn.connect(replay=path)
    assert [s.call("edge", "fire", raw=True, **fire)["data"]["n"] for _ in range(3)] == [1, 2, 2]


def test_repeated_calls_replay_in_recorded_order(canary_box: Any, tmp_path: Path) -> None:
    box, ids = canary_box
    path = tmp_path / "c.zyntro.json"
    box.faults.add("server_error", "edge/getItems", times=1, status=500)
    record(path, box, ids, [("edge", "getItems", {}), ("edge", "getItems", {})])
    s = zn.connect(replay=path)
    with pytest.raises(zn.ServerError):
        s.call("edge", "getItems", max_retries=0)
    assert len(s.edge.getItems()) > 0


FAULTS = [
    pytest.param(("server_error", {"status": 503}), zn.ServerError, id="503-page"),
    pytest.param(("rate_limit", {"retry_after": 7}), zn.RateLimitError, id="429"),
    pytest.param(("drop", {}), zn.ConnectionFailedError, id="dropped"),
    pytest.param(("latency", {"seconds": 120.0}), zn.RequestTimeoutError, id="timeout"),
    pytest.param(("truncated", {}), zn.ResponseFormatError, id="truncated"),
    pytest.param(("not_json", {}), zn.ResponseFormatError, id="html"),
]


@pytest.mark.parametrize(("fault", "error_class"), FAULTS)
def test_errors_replay_as_the_same_typed_errors(
    canary_box: Any, tmp_path: Path, fault: tuple[str, dict[str, Any]], error_class: type[zn.ZyntroError]
) -> None:
    box, ids = canary_box
    path = tmp_path / "c.zyntro.json"
    kind, options = fault
    box.faults.add(kind, "crm/fetchContact", times=1, **options)
    live = record(path, box, ids, [("crm", "fetchContact", {"contact_id": JANE})])[0]
    assert type(live) is error_class
    with pytest.raises(error_class) as replayed:
        zn.connect(replay=path).call("crm", "fetchContact", contact_id=JANE, max_retries=0)
    assert replayed.value.message == live.message
    assert getattr(replayed.value, "retry_after", None) == getattr(live, "retry_after", None)


@pytest.mark.parametrize(("params", "error_class"), [
    pytest.param({"contact_id": "00000000-0000-4000-8000-000000000000"}, zn.NotFoundError, id="not-found"),
    pytest.param({"contact_id": JANE, "api_key": "UYUJH-typo"}, zn.AuthenticationError, id="bad-key"),
])
def test_api_errors_replay_as_the_same_typed_errors(
    canary_box: Any, tmp_path: Path, params: dict[str, Any], error_class: type[zn.ZyntroError]
) -> None:
    box, ids = canary_box
    path = tmp_path / "c.zyntro.json"
    live = record(path, box, ids, [("crm", "fetchContact", params)])[0]
    with pytest.raises(error_class) as replayed:
        zn.connect(replay=path).call("crm", "fetchContact", **params)
    assert replayed.value.message == live.message and "UYUJH-typo" not in path.read_text()


def test_retried_reads_replay_their_retries_without_waiting(canary_box: Any, tmp_path: Path) -> None:
    box, ids = canary_box
    path = tmp_path / "c.zyntro.json"
    box.faults.add("server_error", "edge/getItems", times=1, status=503)
    with zn.connect(sandbox=box, record=path, retry=zn.RetryPolicy(sleep=lambda s: None), **ids) as live:
        assert live.edge.getItems().attrs["zyntro"]["attempts"] == 2

    def no_waiting(seconds: float) -> None:
        raise AssertionError("a replay waited")

    s = zn.connect(replay=path, retry=zn.RetryPolicy(sleep=no_waiting))
    assert s.edge.getItems().attrs["zyntro"]["attempts"] == 2


def test_unrecorded_request_raises_replay_miss_naming_the_closest(canary_box: Any, tmp_path: Path) -> None:
    box, ids = canary_box
    path = tmp_path / "c.zyntro.json"
    record(path, box, ids, [("crm", "fetchContact", {"contact_id": JANE}), ("edge", "getItems", {})])
    other = "b2c3d4e5-f6a7-4890-bcde-f12345678901"
    with pytest.raises(zn.ReplayMissError) as miss:
        zn.connect(replay=path).crm.fetchContact(contact_id=other)
    error = miss.value
    assert error.closest[0]["endpoint"] == "crm/fetchContact" and error.closest[0]["request"]["contact_id"] == JANE
    assert "contact_id: asked" in error.cause and other in error.cause
    assert "record_missing=True" in error.fix and error.sent is False


def test_replay_of_an_empty_cassette_says_it_has_no_exchanges(tmp_path: Path) -> None:
    path = tmp_path / "empty.zyntro.json"
    header = {"base_url": "https://app.zyntrohq.com", "credentials": ["api_key"],
              "identifiers": {"org_id": "42cc1aca-3aa5-4339-98d2-480b5b89937b", "brand_id": "1"}}
    CassetteWriter.create(path, header).close()
    with pytest.raises(zn.ReplayMissError, match="no exchanges"):
        zn.connect(replay=path).edge.getItems()


def test_record_missing_replays_what_it_has_and_appends_the_rest(canary_box: Any, tmp_path: Path) -> None:
    box, ids = canary_box
    path = tmp_path / "c.zyntro.json"
    record(path, box, ids, [("crm", "fetchContact", {"contact_id": JANE})])
    writes = box.writes_total
    with zn.connect(sandbox=box, replay=path, record_missing=True, **ids) as s:
        assert repr(s).startswith("<Session REPLAY (c.zyntro.json, recording what it lacks)")
        s.crm.fetchContact(contact_id=JANE)
        s.crm.addContactsFull(**NOTE)
        s.crm.addContactsFull(**NOTE)  # the second identical call replays the first's answer
    assert box.writes_total == writes + 1
    assert [e["endpoint"] for e in read_cassette(path).exchanges] == ["crm/fetchContact", "crm/addContactsFull"]
    assert zn.connect(replay=path).crm.addContactsFull(**NOTE).shape[0] == 1


def test_today_in_a_replay_is_the_recording_sessions_today(canary_box: Any, tmp_path: Path) -> None:
    box, ids = canary_box
    path = tmp_path / "c.zyntro.json"
    record(path, box, ids, [])
    assert zn.connect(replay=path).today().isoformat() == "2026-04-01"  # the sandbox's fixed clock


# -- settings and the environment ---------------------------------------------------------------------------------


def test_zyntro_replay_in_the_environment_makes_connect_replay(
    canary_box: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    box, ids = canary_box
    path = tmp_path / "c.zyntro.json"
    record(path, box, ids, [("edge", "getItems", {})])
    monkeypatch.setenv("ZYNTRO_REPLAY", str(path))
    assert env_has_credentials()  # notebooks' "real account?" switch takes the recorded path
    s = zn.connect()
    assert s.is_replay and len(s.edge.getItems()) > 0
    assert not zn.connect(sandbox=True).is_replay  # an explicit backend wins over the environment


def test_zyntro_record_in_the_environment_makes_connect_record(
    canary_box: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    box, ids = canary_box
    server = box.serve(port=0)
    path = tmp_path / "env.zyntro.json"
    monkeypatch.setenv("ZYNTRO_RECORD", str(path))
    with zn.connect(base_url=server.url, **ids) as s:
        s.edge.getItems()
        assert "RECORDING (to env.zyntro.json)" in repr(s)
    cassette = read_cassette(path)
    assert cassette.base_url == server.url and cassette.exchanges[0]["headers"]["x-zyntro-sandbox"]
    replayed = zn.connect(replay=path)
    assert replayed.config.base_url == server.url and not replayed.is_sandbox


@pytest.mark.parametrize("kwargs", [
    pytest.param({"record": "a.zyntro.json", "replay": "b.zyntro.json"}, id="record-and-replay"),
    pytest.param({"record_missing": True}, id="record-missing-alone"),
    pytest.param({"replay": "b.zyntro.json", "sandbox": True}, id="sandbox-and-replay"),
])
def test_contradictory_cassette_settings_are_refused_before_anything_happens(kwargs: dict[str, Any]) -> None:
    with pytest.raises(zn.ConfigurationError) as err:
        zn.connect(**kwargs)
    assert err.value.fix and not Path("a.zyntro.json").exists()


# -- bad cassettes ---------------------------------------------------------------------------------------------------


@pytest.fixture
def good(canary_box: Any, tmp_path: Path) -> Path:
    box, ids = canary_box
    path = tmp_path / "good.zyntro.json"
    record(path, box, ids, [("edge", "getItems", {}), ("crm", "fetchContact", {"contact_id": JANE})])
    return path


def _cut(text: str) -> str:
    return text[: len(text) // 2]


def _version(text: str) -> str:
    return text.replace('"zyntro_cassette": 1', '"zyntro_cassette": 7', 1)


def _status(text: str) -> str:
    return text.replace('"status": 200', '"status": "ok"', 1)


def _comma(text: str) -> str:
    return text.replace('"exchanges": [', '"exchanges": [,', 1)


def _foreign(text: str) -> str:
    return json.dumps({"interactions": []})


@pytest.mark.parametrize(("spoil", "words"), [
    pytest.param(_cut, "truncated", id="truncated"),
    pytest.param(_version, "format version 7", id="wrong-version"),
    pytest.param(_status, "exchange 1", id="hand-edited-exchange"),
    pytest.param(_comma, "not valid JSON", id="hand-edited-json"),
    pytest.param(_foreign, "not a zyntro_nb cassette", id="another-tool"),
])
def test_a_spoiled_cassette_is_a_clear_error_naming_the_file(good: Path, spoil: Any, words: str) -> None:
    good.write_text(spoil(good.read_text()))
    with pytest.raises(zn.CassetteError) as err:
        zn.connect(replay=good)
    assert words in err.value.message and str(good) in str(err.value) and err.value.fix


def test_a_missing_cassette_names_the_path_and_how_to_record_it(tmp_path: Path) -> None:
    with pytest.raises(zn.CassetteError) as err:
        zn.connect(replay=tmp_path / "nope.zyntro.json")
    assert "nope.zyntro.json" in str(err.value) and "record=" in err.value.fix


def test_recording_to_an_unwritable_path_fails_at_connect(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    with pytest.raises(zn.CassetteError) as err:
        zn.connect(sandbox=True, record=blocker / "c.zyntro.json")
    assert "cannot write" in err.value.message and str(blocker) in str(err.value)


def test_recording_creates_missing_folders(tmp_path: Path) -> None:
    path = tmp_path / "cassettes" / "deep" / "c.zyntro.json"
    zn.connect(sandbox=True, record=path).close()
    assert read_cassette(path).exchanges == []


def test_replay_for_another_base_url_is_refused_with_the_fix(good: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ZYNTRO_BASE_URL", "https://app.zyntrohq.com")
    with pytest.raises(zn.CassetteError) as err:
        zn.connect(replay=good)
    assert "recorded for http://sandbox.local" in err.value.message and "ZYNTRO_BASE_URL" in err.value.fix


def test_record_missing_refuses_a_cassette_whose_end_was_edited(good: Path) -> None:
    good.write_text(good.read_text().rstrip("\n") + "   ")
    with pytest.raises(zn.CassetteError, match="does not end"):
        zn.connect(sandbox=True, replay=good, record_missing=True)


def test_cassette_writes_are_single_positioned_writes(tmp_path: Path) -> None:
    path = tmp_path / "w.zyntro.json"
    writer = CassetteWriter.create(path, {"base_url": "https://app.zyntrohq.com"})
    for n in range(3):
        writer.append({"endpoint": "e/a", "request": {"n": n}, "status": 200, "headers": {}, "answer": None})
        assert [e["request"]["n"] for e in read_cassette(path).exchanges] == list(range(n + 1))
    writer.close()
    assert os.path.getsize(path) == len(path.read_bytes())


def test_transport_errors_and_html_pages_are_stored_as_text_without_secrets(tmp_path: Path) -> None:
    def server(request: httpx.Request) -> httpx.Response:
        return httpx.Response(502, text=f"<html><title>Bad gateway</title>{CANARY_KEY}</html>")

    path = tmp_path / "c.zyntro.json"
    s = zn.connect(record=path, api_key=CANARY_KEY, org_id="42cc1aca-3aa5-4339-98d2-480b5b89937b",
                   brand_id=1, env={})
    assert s.cassette is not None
    s.cassette.inner = httpx.MockTransport(server)
    with pytest.raises(zn.ServerError):
        s.call("edge", "getItems", max_retries=0)
    exchange = read_cassette(path).exchanges[0]
    assert exchange["answer_text"] == "<html><title>Bad gateway</title><api_key></html>"


# -- %zyntro connect ---------------------------------------------------------------------------------------------------


def test_magic_connect_replay_then_calls_and_whoami_say_replay(ip: Any, good: Path, capsys: Any) -> None:
    ip.run_line_magic("zyntro", f"connect --replay {good}")
    assert "<Session REPLAY (good.zyntro.json)" in capsys.readouterr().out
    assert len(ip.run_line_magic("zyntro", "edge getItems")) > 0
    ip.run_line_magic("zyntro", "whoami")
    shown = capsys.readouterr().out
    assert "REPLAY (good.zyntro.json)" in shown and "(none needed to replay)" in shown


def test_magic_connect_record_writes_the_cassette(ip: Any, tmp_path: Path, capsys: Any) -> None:
    path = tmp_path / "magic.zyntro.json"
    ip.run_line_magic("zyntro", f"connect --sandbox --record {path}")
    assert "RECORDING (to magic.zyntro.json)" in capsys.readouterr().out
    ip.run_line_magic("zyntro", "edge getItems;")
    assert [e["endpoint"] for e in read_cassette(path).exchanges] == ["edge/getItems"]


def test_magic_connect_without_flags_replays_zyntro_replay(
    ip: Any, good: Path, capsys: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ZYNTRO_REPLAY", str(good))
    ip.run_line_magic("zyntro", "connect")
    assert "<Session REPLAY (good.zyntro.json)" in capsys.readouterr().out


@pytest.mark.parametrize("line", [
    pytest.param("connect --record a.zyntro.json --replay b.zyntro.json", id="both"),
    pytest.param("connect --record-missing", id="record-missing-alone"),
    pytest.param("connect --sandbox --replay b.zyntro.json", id="sandbox-replay"),
])
def test_magic_connect_refuses_contradictory_cassette_flags(ip: Any, line: str) -> None:
    from IPython.core.error import UsageError

    with pytest.raises(UsageError):
        ip.run_line_magic("zyntro", line)


def test_a_recording_killed_mid_run_leaves_a_readable_cassette(tmp_path: Path) -> None:
    import signal
    import subprocess
    import sys

    path = tmp_path / "killed.zyntro.json"
    script = (
        "import zyntro_nb as zn\n"
        f"s = zn.connect(sandbox=True, record={str(path)!r})\n"
        "while True:\n"
        f"    s.crm.fetchContact(contact_id={JANE!r})\n"
        "    print('call', flush=True)\n"
    )
    child = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout is not None
        for _ in range(5):
            assert child.stdout.readline() == "call\n"
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait()
    assert len(read_cassette(path).exchanges) >= 5


def test_zyntro_record_missing_in_the_environment_extends_the_cassette(
    canary_box: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    box, ids = canary_box
    server = box.serve(port=0)
    path = tmp_path / "c.zyntro.json"
    with zn.connect(base_url=server.url, record=path, **ids) as live:
        live.edge.getItems()
    monkeypatch.setenv("ZYNTRO_REPLAY", str(path))
    monkeypatch.setenv("ZYNTRO_RECORD_MISSING", "1")
    with zn.connect(base_url=server.url, **ids) as s:
        s.edge.getItems()
        s.crm.fetchContact(contact_id=JANE)
    assert [e["endpoint"] for e in read_cassette(path).exchanges] == ["edge/getItems", "crm/fetchContact"]


@pytest.mark.filterwarnings("ignore::zyntro_nb.BootstrapChoiceWarning")
def test_a_session_bootstrapped_from_the_developer_secret_records_and_replays(tmp_path: Path) -> None:
    path = tmp_path / "boot.zyntro.json"
    with Sandbox() as box, zn.connect(sandbox=box, bootstrap=True, record=path) as live:
        recorded = live.edge.getItems()
    assert "UYUJ" not in path.read_text().replace("UYUJ…", "")  # the key fetchIdentifiers returned is a placeholder
    replayed = zn.connect(replay=path).edge.getItems()
    assert replayed.iloc[:, 0].tolist() == recorded.iloc[:, 0].tolist()
