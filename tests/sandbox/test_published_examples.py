"""Every request body the API pages publish, posted as published to ``zyntro-nb sandbox`` over HTTP.

The pages' placeholders (``YOUR_API_KEY``, ``your_api_key``, ``org_xxx``, …) stand for the
overview's example identifiers, which the sandbox's primary account uses; ``developer_secret``
is added where a page leaves it out (the overview requires it for every v2 call). Examples
naming placeholder records (``bc_xxx``, ``cont_xxx``, ``bi_xxx``) answer the error for the
missing record; every other example answers ``success``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from zyntro_nb._catalog.catalog import Catalog

from .cli_server import CliServer, served_cli

CONTRACT = Path(__file__).resolve().parents[3] / "shared" / "zyntro-api" / "endpoints.json"
# The overview's example identifiers, which the pages' placeholders stand for.
OVERVIEW = {
    "api_key": "UYUJH-XXXXXXXXXXXX-XXXXXXXXXXXX-XXXXX",
    "developer_secret": "zdk_your_developer_secret",
    "org_id": "42cc1aca-3aa5-4339-98d2-480b5b89937b",
    "member_id": "f2470c7f-60b1-4491-b117-8ba0e3e2a53b",
}
PLACEHOLDERS = {
    "YOUR_API_KEY": OVERVIEW["api_key"], "your_api_key": OVERVIEW["api_key"],
    "YOUR_DEVELOPER_SECRET": OVERVIEW["developer_secret"],
    "YOUR_ORG_ID": OVERVIEW["org_id"], "org_xxx": OVERVIEW["org_id"],
    "YOUR_MEMBER_ID": OVERVIEW["member_id"],
}
# Placeholder ids with no record behind them, and the error each one answers.
MISSING_RECORDS = {"cont_xxx": "Contact not found", "bc_xxx": "Billing customer not found",
                   "bi_xxx": "Billable item not found"}
EXAMPLES = [e for e in Catalog.builtin() if e.example_request is not None]


def published(endpoint_body: dict[str, Any]) -> dict[str, Any]:
    """The published body with identifier placeholders replaced, as a reader following the pages would."""
    body = {k: PLACEHOLDERS.get(v, v) if isinstance(v, str) else v for k, v in endpoint_body.items()}
    body.setdefault("developer_secret", OVERVIEW["developer_secret"])
    return body


def missing_records(body: Any) -> set[str]:
    """The placeholder ids (``bc_xxx``, …) anywhere in a body."""
    text = json.dumps(body)
    return {name for name in MISSING_RECORDS if re.search(rf'"{name}"', text)}


@pytest.fixture(scope="module")
def served() -> Iterator[CliServer]:
    with served_cli() as server:
        yield server


def test_the_catalog_carries_every_published_example_request() -> None:
    assert len(EXAMPLES) >= 17
    if CONTRACT.exists():
        contract = json.loads(CONTRACT.read_text())
        expected = {f"{e['module']}/{e['action']}": e["example_request"] for e in contract if e.get("example_request")}
        assert {e.key: e.example_request for e in EXAMPLES} == expected


def test_the_banner_shows_the_overviews_identifiers(served: CliServer) -> None:
    for value in OVERVIEW.values():
        assert value in served.output


@pytest.mark.parametrize("endpoint", EXAMPLES, ids=[e.key for e in EXAMPLES])
def test_each_published_example_answers_as_documented(served: CliServer, endpoint) -> None:
    body = published(endpoint.example_request)
    response = httpx.post(served.url + endpoint.path, content=json.dumps(body),
                          headers={"Content-Type": "application/json"}, timeout=30)
    assert response.status_code == 200
    answer = response.json()
    missing = missing_records(endpoint.example_request)
    if not missing:
        assert answer["status"] == "success", answer
        return
    assert answer["status"] == "error"
    messages = answer.get("errors") or answer.get("data")
    assert messages[0] in {MISSING_RECORDS[name] for name in missing}, messages


def test_the_masked_lookup_finds_the_contact_with_that_literal_email(served: CliServer) -> None:
    endpoint = Catalog.builtin().get("crm", "lookupContact")
    response = httpx.post(served.url + endpoint.path, json=published(endpoint.example_request), timeout=30)
    data = response.json()["data"]
    assert data["email"] == endpoint.example_request["search_string"] == "[email protected]"


def test_published_ids_name_seeded_records(served: CliServer) -> None:
    catalog = Catalog.builtin()
    event = published(catalog.get("calendar", "createEvent").example_request)
    form = published(catalog.get("forms", "getFormFields").example_request)
    event_answer = httpx.post(served.url + "/apis/v2/public/calendar/createEvent",
                              json={**event, "event_data": {**event["event_data"],
                                                            "event_start_time": "2026-04-09 10:00:00",
                                                            "event_end_time": "2026-04-09 10:30:00"}},
                              timeout=30).json()
    form_answer = httpx.post(served.url + "/apis/v2/public/forms/getFormFields", json=form, timeout=30).json()
    assert event_answer["data"]["calendar_id"] == "3d21426f-9042-40d9-a0b2-94037f551d51"
    assert form_answer["data"]["form_id"] == "f1a2b3c4-d5e6-7890-abcd-ef1234567890"
    assert [f["label"] for f in form_answer["data"]["fields"][:2]] == ["First Name", "Email Address"]
