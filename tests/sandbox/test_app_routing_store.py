"""Routing, envelopes, request ids, the catalog coverage, seed contents and file databases."""

from __future__ import annotations

import json
import threading

import pytest

from zyntro_nb._catalog.catalog import Catalog
from zyntro_nb.sandbox._app import HANDLERS, FixedClock, SandboxApp, SystemClock

from .app_support import Api
from .make_seed import JANE_CONTACT


@pytest.fixture
def app() -> SandboxApp:
    return SandboxApp()


def _post(app: SandboxApp, path: str, body: object = None, raw: bytes | None = None) -> tuple[int, dict, dict]:
    data = raw if raw is not None else json.dumps({**app.credentials, **(body or {})}).encode()
    status, headers, payload = app.dispatch(path, data)
    return status, headers, json.loads(payload)


def test_every_catalogued_endpoint_has_a_handler():
    assert {(e.module, e.action) for e in Catalog.builtin()} == set(HANDLERS)


@pytest.mark.parametrize(("path", "expected"), [
    ("/apis/v2/public/crm/fetchContact", ("crm", "fetchContact")),
    ("/public/crm/fetchContact", ("crm", "fetchContact")),
    ("/public/calendar/checkAvailability/", ("calendar", "checkAvailability")),
    ("/apis/public/edge/fire.php", ("edge", "fire")),
    ("/apis/public/fetchPipelineStages.php", ("legacy", "fetchPipelineStages")),
    ("/apis/v2/public/legacy/fetchPipelineStages", ("legacy", "fetchPipelineStages")),
    ("/apis/v2/public/email/send", None),
    ("/apis/v2/public/crm/fetchcontact", None),
], ids=["v2", "short", "trailing-slash", "edge-php", "legacy-php", "legacy-v2", "uncatalogued", "wrong-case"])
def test_route_maps_paths_to_endpoints(app, path, expected):
    assert app.route(path) == expected


def test_unknown_path_is_404_with_envelope(app):
    status, _, body = _post(app, "/apis/v2/public/email/send")
    assert (status, body) == (404, {"status": "error", "data": ["Unknown endpoint: /apis/v2/public/email/send"]})


@pytest.mark.parametrize(("path", "key"), [("/apis/v2/public/crm/fetchContact", "data"),
                                           ("/apis/v2/public/edge/getItems", "errors")], ids=["crm", "edge"])
def test_non_json_body_answers_200_error_in_the_module_envelope(app, path, key):
    status, _, body = _post(app, path, raw=b"api_key=1&x")
    assert (status, body) == (200, {"status": "error", key: ["Request body must be JSON"]})


def test_request_ids_are_deterministic_per_app():
    ids = [SandboxApp().dispatch("/apis/v2/public/crm/fetchContact", b"{}")[1]["X-Request-Id"] for _ in range(2)]
    app = SandboxApp()
    for _ in range(2):
        app.dispatch("/x", b"")
    assert ids == ["req_000001", "req_000001"]
    assert app.dispatch("/x", b"")[1]["X-Request-Id"] == "req_000003"


def test_empty_body_is_treated_as_no_fields(app):
    assert _post(app, "/apis/v2/public/crm/fetchContact", raw=b"")[2]["data"] == ["Missing service instance"]


def test_seed_has_the_promised_shape():
    conn = SandboxApp()._conn
    count = {t: conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
             for t in ("orgs", "brands", "members", "dev_keys", "contacts", "enrollments")}
    assert count["orgs"] == 2 and count["brands"] == 3 and count["members"] == 6
    assert count["contacts"] >= 500 and count["enrollments"] >= 120
    emails = conn.execute("SELECT COUNT(*), COUNT(DISTINCT lower(cont_primary_email)) FROM contacts").fetchone()
    assert emails[0] == emails[1]
    assert conn.execute("SELECT COUNT(*) FROM users WHERE user_active = 0").fetchone()[0] == 1


def test_in_memory_apps_do_not_share_state():
    first, second = Api(), Api()
    first.ok("crm/updateFieldData", contact_id=JANE_CONTACT, fields={"status": "Churned"})
    assert second.ok("crm/fetchContact", contact_id=JANE_CONTACT)["data"]["contact_status"] == "Active"


def test_file_database_keeps_state_across_runs(tmp_path):
    db = tmp_path / "sandbox.db"
    first = Api(db=db)
    created = first.ok("crm/addContactsFull", contact={"email": "kept@disk.example.com"})["data"]["contact_id"]
    first.app.close()
    second = Api(db=db)
    assert second.ok("crm/lookupContact", search_string="kept@disk.example.com")["data"]["contact_id"] == created
    other = second.ok("crm/addContactsFull", contact={"email": "next@disk.example.com"})["data"]["contact_id"]
    assert other != created
    second.app.close()


def test_writes_are_not_counted_for_errors_or_reads(app):
    _post(app, "/apis/v2/public/crm/fetchContact", {"contact_id": JANE_CONTACT})
    _post(app, "/apis/v2/public/crm/addCommsHistory", {"contact_id": "nope", "comms_type": "sms", "comms_data": "x"})
    _post(app, "/apis/v2/public/crm/addCommsHistory", {"contact_id": JANE_CONTACT, "comms_type": "sms",
                                                       "comms_data": "x"})
    assert dict(app.writes) == {"crm/addCommsHistory": 1} and app.writes_total == 1


def test_dispatch_is_safe_from_several_threads(app):
    def work(n: int) -> None:
        for i in range(10):
            _post(app, "/apis/v2/public/crm/addCommsHistory",
                  {"contact_id": JANE_CONTACT, "comms_type": "sms", "comms_data": f"{n}-{i}"})

    threads = [threading.Thread(target=work, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert app.writes["crm/addCommsHistory"] == 40


def test_clocks():
    clock = FixedClock()
    assert clock.now().isoformat() == "2026-04-01T09:00:00+00:00"
    clock.advance(90)
    assert clock.now().isoformat() == "2026-04-01T09:01:30+00:00"
    assert SystemClock().now().utcoffset().total_seconds() == 0


def test_new_ids_are_deterministic_for_the_same_calls():
    def run() -> str:
        return Api().ok("crm/addContactsFull", contact={"email": "same@x.example.com"})["data"]["contact_id"]

    assert run() == run()
