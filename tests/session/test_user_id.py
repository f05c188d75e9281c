"""The user id: ZYNTRO_USER_ID, learnt from fetchIdentifiers, and filling catalogued parameters (service_instance)."""

from __future__ import annotations

import io
import threading
from collections.abc import Callable
from typing import Any

import pytest
from IPython.core.interactiveshell import InteractiveShell

import zyntro_nb as zn
from tests.conftest import ORG
from zyntro_nb._catalog.catalog import Catalog
from zyntro_nb._config import ENV_VARS, Config
from zyntro_nb._connect.current import set_current
from zyntro_nb.sandbox import Sandbox, serve_forever

JANE = "a1b2c3d4-e5f6-7890-abcd-ef1234567890"
USER = "7d3f0b6e-2c4a-4f1e-9a57-3c1d2e8b9f10"
SCORE = {"status": "success", "data": {"contact_id": JANE, "score": 80, "tier": "Good"}}
IDENTIFIERS = {"status": "success", "data": {"user_id": USER, "org_id": ORG}}


def test_user_id_comes_from_its_environment_variable() -> None:
    assert ENV_VARS["user_id"] == "ZYNTRO_USER_ID"
    assert Config.resolve(env={"ZYNTRO_USER_ID": f" {USER} "}).user_id == USER
    assert Config.resolve(user_id="u-1", env={"ZYNTRO_USER_ID": USER}).user_id == "u-1"


def test_user_id_with_whitespace_is_refused_before_sending() -> None:
    with pytest.raises(zn.ConfigurationError) as info:
        Config.resolve(env={"ZYNTRO_USER_ID": "7d3f 0b6e"})
    assert "ZYNTRO_USER_ID" in info.value.message and "whitespace" in info.value.message


def test_user_id_is_not_sent_in_every_body(make_session: Callable[..., Any]) -> None:
    session, server = make_session({"status": "success", "data": []}, user_id=USER)
    session.call("account", "fetchWallets")
    assert "user_id" not in server.bodies[0] and USER not in str(server.bodies[0])


def test_the_catalog_marks_the_parameter_the_contract_calls_the_user_id() -> None:
    marked = [(e.key, p.name, p.fill) for e in Catalog.builtin() for p in e.params if p.fill]
    assert marked == [("crm/calculateLeadScore", "service_instance", "user_id")]
    param = Catalog.builtin().get("crm", "calculateLeadScore").param("service_instance")
    assert "user id" in param.description.lower()


def test_a_user_catalog_can_mark_its_own_parameter_to_fill(make_session: Callable[..., Any]) -> None:
    catalog = Catalog.builtin()
    catalog.register({"module": "reports", "action": "mine", "read_only": True,
                      "params": [{"name": "owner", "required": True, "fill": "user_id"}]})
    session, server = make_session({"status": "success", "data": []}, user_id=USER, catalog=catalog)
    session.call("reports", "mine")
    assert server.bodies[0]["owner"] == USER


def test_service_instance_is_filled_from_the_session(make_session: Callable[..., Any]) -> None:
    session, server = make_session(SCORE, user_id=USER)
    df = session.crm.calculateLeadScore(contact_id=JANE)
    assert df.loc[0, "score"] == 80
    assert server.bodies[0]["service_instance"] == USER and len(server.requests) == 1


def test_an_explicit_service_instance_wins(make_session: Callable[..., Any]) -> None:
    session, server = make_session(SCORE, user_id=USER)
    session.crm.calculateLeadScore(contact_id=JANE, service_instance="other-user")
    assert server.bodies[0]["service_instance"] == "other-user"


def test_without_a_user_id_the_session_asks_fetch_identifiers_once(make_session: Callable[..., Any]) -> None:
    session, server = make_session(IDENTIFIERS, SCORE)
    session.crm.calculateLeadScore(contact_id=JANE)
    session.crm.calculateLeadScore(contact_id=JANE)
    paths = [r.url.path.rsplit("/", 1)[-1] for r in server.requests]
    assert paths == ["fetchIdentifiers", "calculateLeadScore", "calculateLeadScore"]
    assert server.bodies[1]["service_instance"] == USER and session.user_id == USER


def test_when_nobody_knows_the_user_id_the_call_fails_before_sending(make_session: Callable[..., Any]) -> None:
    session, server = make_session({"status": "success", "data": {"org_id": ORG}})
    with pytest.raises(zn.ConfigurationError) as info:
        session.crm.calculateLeadScore(contact_id=JANE)
    assert "service_instance" in info.value.message and "ZYNTRO_USER_ID" in info.value.fix
    assert [r.url.path.rsplit("/", 1)[-1] for r in server.requests] == ["fetchIdentifiers"]


def test_without_a_developer_secret_nothing_is_asked(make_session: Callable[..., Any]) -> None:
    session, server = make_session(SCORE, developer_secret=None)
    with pytest.raises(zn.ConfigurationError):
        session.crm.calculateLeadScore(contact_id=JANE)
    assert server.requests == []


def test_fetch_identifiers_returns_the_user_id_the_sandbox_session_uses() -> None:
    session = zn.connect(sandbox=Sandbox(), current=False)
    answer = session.developers.fetchIdentifiers()
    assert answer.loc[0, "user_id"] == session.user_id == session.sandbox.user_id == USER


def test_calculate_lead_score_works_like_any_other_call_in_the_sandbox() -> None:
    session = zn.connect(sandbox=Sandbox(), current=False)
    df = session.crm.calculateLeadScore(contact_id=JANE)
    assert (df.loc[0, "contact_id"], df.loc[0, "tier"]) == (JANE, "Excellent")


def test_another_login_on_the_sandbox_learns_its_own_user_id() -> None:
    sandbox = Sandbox()
    ids = sandbox.add_account("CANARY-KEY-1", "zdk_canary_secret_1")
    session = zn.connect(sandbox=sandbox, current=False, **ids)
    assert session.user_id is None
    assert session.crm.calculateLeadScore(contact_id=JANE).loc[0, "contact_id"] == JANE
    assert session.user_id not in (None, USER)


def test_the_magic_scores_a_contact_without_service_instance() -> None:
    shell = InteractiveShell.instance()
    shell.run_line_magic("load_ext", "zyntro_nb")
    set_current(None)
    try:
        shell.run_line_magic("zyntro", "connect --sandbox --new")
        shell.run_line_magic("zyntro", f"crm calculateLeadScore contact_id={JANE} -o scored")
        assert shell.user_ns["scored"].loc[0, "score"] == 100
    finally:
        set_current(None)


def test_the_served_sandbox_banner_exports_the_user_id() -> None:
    out, stop = io.StringIO(), threading.Event()
    with Sandbox() as sandbox:
        thread = threading.Thread(target=serve_forever, kwargs={
            "port": 0, "out": out, "stop_event": stop, "sandbox": sandbox})
        thread.start()
        try:
            for _ in range(200):
                if "Ctrl-C" in out.getvalue():
                    break
                threading.Event().wait(0.01)
        finally:
            stop.set()
            thread.join()
    assert f"export ZYNTRO_USER_ID={USER}" in out.getvalue()
