"""Cassettes edited by hand, of another version, for another organization, or with a secret inside.

Every unusable cassette is a ``CassetteError`` naming the file and the fix, raised before a session
exists (nothing sent, the file left as it was); a replay for another organization than recorded is
refused; a credential pasted into a cassette never shows in a replayed frame, error or history.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

import zyntro_nb as zn
from tests.bad_support import assert_clear, leaks
from tests.conftest import CANARY_KEY, CANARY_SECRET
from zyntro_nb._config import CASSETTE_ENV_VARS, ENV_VARS
from zyntro_nb._connect.current import set_current
from zyntro_nb.sandbox import Sandbox

JANE = "a1b2c3d4-e5f6-7890-abcd-ef1234567890"
OTHER_ORG = "99999999-9999-4999-8999-999999999999"


@pytest.fixture(autouse=True)
def no_zyntro_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    for var in [*ENV_VARS.values(), *CASSETTE_ENV_VARS.values()]:
        monkeypatch.delenv(var, raising=False)
    monkeypatch.chdir(tmp_path)
    set_current(None)
    yield
    set_current(None)


@pytest.fixture(scope="module")
def recorded(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """One cassette recorded with canary credentials: a contact read and a contact list."""
    path = tmp_path_factory.mktemp("cassette") / "demo.zyntro.json"
    with Sandbox() as box:
        ids = box.add_account(CANARY_KEY, CANARY_SECRET)
        with zn.connect(sandbox=box, record=path, current=False, **ids) as session:
            session.crm.fetchContact(contact_id=JANE)
            session.call("account", "fetchMembers")
    return json.loads(path.read_text(encoding="utf-8"))


def _write(tmp_path: Path, document: Any) -> Path:
    path = tmp_path / "edited.zyntro.json"
    path.write_text(document if isinstance(document, str) else json.dumps(document), encoding="utf-8")
    return path


Edit = Callable[[dict[str, Any]], Any]


def _set(key: str, value: Any) -> Edit:
    return lambda doc: {**doc, key: value}


def _drop(key: str) -> Edit:
    return lambda doc: {k: v for k, v in doc.items() if k != key}


def _exchange(change: Callable[[dict[str, Any]], Any]) -> Edit:
    return lambda doc: {**doc, "exchanges": [change(dict(doc["exchanges"][0])), *doc["exchanges"][1:]]}


# id: (how the recorded document is edited, culprit the message must name)
EDITS: dict[str, tuple[Edit, str]] = {
    "newer-version": (_set("zyntro_cassette", 2), "upgrade"),
    "older-version": (_set("zyntro_cassette", 0), "format version 0"),
    "version-as-text": (_set("zyntro_cassette", "1"), "format version '1'"),
    "version-null": (_set("zyntro_cassette", None), "format version None"),
    "version-true": (_set("zyntro_cassette", True), "format version True"),
    "no-version": (_drop("zyntro_cassette"), "not a zyntro_nb cassette"),
    "no-exchanges": (_drop("exchanges"), "no exchanges list"),
    "exchanges-an-object": (_set("exchanges", {"0": {}}), "no exchanges list"),
    "no-base-url": (_drop("base_url"), "no base_url"),
    "base-url-not-a-url": (_set("base_url", "sandbox"), "no base_url"),
    "exchange-a-list": (_exchange(lambda e: [e]), "not an object"),
    "exchange-no-endpoint": (_exchange(lambda e: {k: v for k, v in e.items() if k != "endpoint"}),
                             "no endpoint or request"),
    "exchange-request-text": (_exchange(lambda e: {**e, "request": "contact_id=1"}), "no endpoint or request"),
    "exchange-status-999": (_exchange(lambda e: {**e, "status": 999}), "no valid HTTP status"),
    "exchange-status-text": (_exchange(lambda e: {**e, "status": "200"}), "no valid HTTP status"),
    "exchange-status-true": (_exchange(lambda e: {**e, "status": True}), "no valid HTTP status"),
    "exchange-no-answer": (_exchange(lambda e: {k: v for k, v in e.items() if k != "answer"}), "no answer"),
    "exchange-headers-list": (_exchange(lambda e: {**e, "headers": ["x"]}), "no answer"),
    "exchange-unknown-error": (_exchange(lambda e: {"endpoint": e["endpoint"], "request": e["request"],
                                                    "error": {"type": "Boom"}}), "unknown transport error"),
    "document-a-list": (lambda doc: [doc], "not a zyntro_nb cassette"),
    "truncated": (lambda doc: json.dumps(doc)[:-200], "truncated"),
    "hand-edit-broke-json": (lambda doc: json.dumps(doc).replace('"exchanges": [', '"exchanges": [,', 1),
                             "not valid JSON"),
    "empty-file": (lambda doc: "", "truncated"),
    "not-json-at-all": (lambda doc: "hello", "not valid JSON"),
}


@pytest.mark.parametrize("case", list(EDITS), ids=list(EDITS))
def test_a_hand_edited_or_foreign_cassette_is_refused_with_the_file_and_the_fix(
        case: str, recorded: dict[str, Any], tmp_path: Path) -> None:
    edit, culprit = EDITS[case]
    path = _write(tmp_path, edit(json.loads(json.dumps(recorded))))
    before = path.read_bytes()
    with pytest.raises(zn.CassetteError) as info:
        zn.connect(replay=path, current=False)
    assert_clear(info.value, zn.CassetteError, culprit)
    assert info.value.path == str(path) and info.value.sent is False
    assert path.read_bytes() == before and sorted(p.name for p in tmp_path.iterdir()) == [path.name]


@pytest.mark.parametrize("mode", ["replay", "record-missing"])
def test_a_cassette_that_is_not_utf8_is_refused(mode: str, recorded: dict[str, Any], tmp_path: Path) -> None:
    path = tmp_path / "wide.zyntro.json"
    path.write_bytes(json.dumps(recorded).encode("utf-16"))
    with pytest.raises(zn.CassetteError) as info:
        if mode == "replay":
            zn.connect(replay=path, current=False)
        else:
            zn.connect(sandbox=True, new=True, replay=path, record_missing=True, current=False)
    assert_clear(info.value, zn.CassetteError, "cannot read the cassette")


@pytest.mark.parametrize("org", [OTHER_ORG, OTHER_ORG.upper()], ids=["other-org", "other-org-upper-case"])
def test_a_replay_for_another_organization_than_recorded_is_refused(org: str, recorded: dict[str, Any],
                                                                    tmp_path: Path) -> None:
    path = _write(tmp_path, recorded)
    with pytest.raises(zn.CassetteError) as info:
        zn.connect(replay=path, org_id=org, current=False)
    assert_clear(info.value, zn.CassetteError, "recorded for organization")
    assert "leave org_id out" in info.value.fix


def test_a_replay_naming_the_recorded_organization_is_fine(recorded: dict[str, Any], tmp_path: Path) -> None:
    path = _write(tmp_path, recorded)
    session = zn.connect(replay=path, org_id=recorded["identifiers"]["org_id"].upper(), current=False)
    assert len(session.crm.fetchContact(contact_id=JANE)) == 1


SECRET_PLACES: dict[str, Edit] = {
    "answer-credential-field": _exchange(lambda e: {**e, "answer": {**e["answer"], "data": {
        **e["answer"]["data"], "api_key": CANARY_KEY}}}),
    "answer-plain-field": _exchange(lambda e: {**e, "answer": {**e["answer"], "data": {
        **e["answer"]["data"], "note": f"key {CANARY_KEY}"}}}),
    "answer-envelope-extra": _exchange(lambda e: {**e, "answer": {**e["answer"], "developer_secret": CANARY_SECRET}}),
    "request-real-key": _exchange(lambda e: {**e, "request": {**e["request"], "api_key": CANARY_KEY}}),
    "header-value": _exchange(lambda e: {**e, "headers": {**e["headers"], "x-debug": CANARY_SECRET}}),
}


@pytest.mark.parametrize("case", list(SECRET_PLACES), ids=list(SECRET_PLACES))
def test_a_secret_pasted_into_a_cassette_never_shows_when_replayed(case: str, recorded: dict[str, Any],
                                                                    tmp_path: Path) -> None:
    path = _write(tmp_path, SECRET_PLACES[case](json.loads(json.dumps(recorded))))
    session = zn.connect(replay=path, current=False, api_key=CANARY_KEY, developer_secret=CANARY_SECRET)
    seen: list[str] = []
    try:
        frame = session.crm.fetchContact(contact_id=JANE)
        seen += [frame.to_string(), repr(frame.T), str(frame.attrs)]
    except zn.ZyntroError as error:  # a request edited by hand no longer matches: a miss, no secret in it
        assert isinstance(error, zn.ReplayMissError) and case == "request-real-key"
        seen.append(f"{error} {error.closest}")
    seen += [repr(session.last), str(session.history.to_dict()), repr(session)]
    assert not leaks("\n".join(seen))
