"""Reset keeps the accounts added with ``add_account`` (canary credentials), unless told otherwise.

The seed data comes back (contacts added since are gone, write counts and clock reset); an added
account's credentials keep working with the same ids, and it owns nothing but what the seed gives.
Checked through the Python API and the HTTP control surface of a served sandbox.
"""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest

from zyntro_nb.sandbox import Sandbox
from zyntro_nb.sandbox._store import fetch_all

CANARY_KEY = "CANARY-RESET-KEY-0001"
CANARY_SECRET = "zdk_canary_reset_secret_0001"
IDENTIFIERS = "/apis/v2/public/developers/fetchIdentifiers"
ADD = "/apis/v2/public/crm/addContactsFull"
LOOKUP = "/apis/v2/public/crm/lookupContact"
TEMP_EMAIL = "temp@reset.example.com"


def _post(sb: Sandbox, path: str, body: dict[str, Any]) -> dict[str, Any]:
    return json.loads(sb.handle(path, json.dumps(body).encode()).body)


def _add_temp_contact(sb: Sandbox, ids: dict[str, str]) -> None:
    body = {**ids, "mode": "insert", "skip_entity": True, "contact": {"firstName": "Temp", "email": TEMP_EMAIL}}
    assert _post(sb, ADD, body)["status"] == "success"
    assert _post(sb, LOOKUP, {**ids, "search_string": TEMP_EMAIL})["status"] == "success"


def _reset_by_api(sb: Sandbox, keep: bool | None) -> None:
    if keep is None:
        sb.reset()
    else:
        sb.reset(keep_accounts=keep)


def _reset_over_http(sb: Sandbox, keep: bool | None) -> None:
    with sb.serve(port=0) as server, httpx.Client(base_url=server.url, timeout=10) as client:
        body = {} if keep is None else {"keep_accounts": keep}
        answer = client.post("/__sandbox/reset", json=body).json()
    assert answer["status"] == "success" and answer["data"]["reset"] is True
    assert answer["data"]["added_accounts"] == (0 if keep is False else 1)


RESETS = [pytest.param(_reset_by_api, id="python"), pytest.param(_reset_over_http, id="http")]


@pytest.mark.parametrize("reset", RESETS)
def test_reset_keeps_added_accounts_and_puts_the_seed_back(reset) -> None:
    with Sandbox() as sb:
        ids = sb.add_account(CANARY_KEY, CANARY_SECRET)
        before = _post(sb, IDENTIFIERS, ids)["data"]
        _add_temp_contact(sb, ids)
        sb.clock.advance(61)
        reset(sb, None)
        after = _post(sb, IDENTIFIERS, ids)
        assert after["status"] == "success"
        assert after["data"] == before  # same user, member and org: the credentials work as before
        assert _post(sb, LOOKUP, {**ids, "search_string": TEMP_EMAIL})["data"] == ["Contact not found"]
        assert sb.writes_total == 0 and sb.clock.offset == 0
        assert _post(sb, IDENTIFIERS, sb.credentials)["status"] == "success"  # the seed's account too
        _add_temp_contact(sb, ids)  # and the kept account can write again


@pytest.mark.parametrize("reset", RESETS)
def test_reset_without_keeping_accounts_leaves_only_the_seeds(reset) -> None:
    with Sandbox() as sb:
        ids = sb.add_account(CANARY_KEY, CANARY_SECRET)
        reset(sb, False)
        refused = _post(sb, IDENTIFIERS, ids)
        assert refused["status"] == "error"
        assert sb.app.added_accounts == []
        assert _post(sb, IDENTIFIERS, sb.credentials)["status"] == "success"
        again = sb.add_account(CANARY_KEY, CANARY_SECRET)  # can be added afresh, with the same ids
        assert again == ids and _post(sb, IDENTIFIERS, ids)["status"] == "success"


def test_repeated_resets_keep_every_added_account_once() -> None:
    with Sandbox() as sb:
        first = sb.add_account(CANARY_KEY, CANARY_SECRET)
        second = sb.add_account("CANARY-RESET-KEY-0002", "zdk_canary_reset_secret_0002")
        sb.reset()
        sb.reset()
        assert sb.app.added_accounts == [CANARY_KEY, "CANARY-RESET-KEY-0002"]
        assert all(_post(sb, IDENTIFIERS, ids)["status"] == "success" for ids in (first, second))


@pytest.mark.parametrize("credentials", [
    pytest.param((CANARY_KEY, "zdk_another_secret_0001"), id="same-key"),
    pytest.param(("CANARY-RESET-KEY-0009", CANARY_SECRET), id="same-secret"),
])
def test_adding_an_account_twice_is_refused_and_adds_nothing(credentials: tuple[str, str]) -> None:
    with Sandbox() as sb:
        sb.add_account(CANARY_KEY, CANARY_SECRET)
        with pytest.raises(ValueError, match="already has an account") as raised:
            sb.add_account(*credentials)
        assert credentials[1] not in str(raised.value)  # at most the key's first characters are named
        assert sb.app.added_accounts == [CANARY_KEY]
        sb.reset()  # the refused account is not brought back either
        assert sb.app.added_accounts == [CANARY_KEY]
        users = fetch_all(sb.app._conn, "SELECT api_key FROM users WHERE api_key LIKE 'CANARY-RESET-%'")
        assert [row["api_key"] for row in users] == [CANARY_KEY]  # no half-added account either
