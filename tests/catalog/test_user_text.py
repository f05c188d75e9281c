"""Endpoint text is written for users: no phrase about our sources reaches a form, help, the explorer,
the catalog table or the documentation site (``tests/catalog_text.py`` writes that text)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

import zyntro_nb as zn
from zyntro_nb._catalog.catalog import Catalog
from zyntro_nb._session.namespace import describe

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
try:
    from catalog_text import SOURCE_PHRASES, auth_sentence, clean, user_texts
finally:
    sys.path.pop(0)

ENDPOINTS = list(Catalog.builtin())
# The examples the issue quotes, and the contract's other ways of speaking about its sources.
QUOTED = ("Page says", "not shown in the available reference", "Path lacks", "Errors table:")


def about_sources(text: str) -> list[str]:
    lowered = text.lower()
    return [phrase for phrase in (*QUOTED, *SOURCE_PHRASES) if phrase.lower() in lowered]


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=[e.key for e in ENDPOINTS])
def test_no_catalog_text_speaks_about_our_sources(endpoint: zn.Endpoint) -> None:
    entry = {"title": endpoint.title, "summary": endpoint.summary, "notes": endpoint.notes,
             "response": endpoint.response, "params": [{"description": p.description} for p in endpoint.params]}
    found = {text: about_sources(text) for text in user_texts(entry) if about_sources(text)}
    assert found == {}


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=[e.key for e in ENDPOINTS])
def test_help_says_how_the_endpoint_authenticates_and_nothing_about_sources(endpoint: zn.Endpoint) -> None:
    text = describe(endpoint)
    assert about_sources(text) == []
    assert "Authenticates with" in endpoint.notes or "service_instance" in endpoint.notes


def test_the_catalog_table_and_the_explorer_list_speak_to_users() -> None:
    table = Catalog.builtin().to_frame().to_string()
    listed = repr(Catalog.builtin().find("")) + Catalog.builtin().find("")._repr_html_()
    assert about_sources(table) == [] and about_sources(listed) == []


def test_every_form_header_speaks_to_users() -> None:
    from zyntro_nb._widgets.form import EndpointForm

    session = zn.connect(sandbox=True, new=True, current=False)
    headers = {e.key: EndpointForm(session, e.module, e.action)._header_html() for e in ENDPOINTS}
    assert {key: about_sources(html) for key, html in headers.items() if about_sources(html)} == {}
    assert "your IP must be on the developer key&#x27;s whitelist" in headers["crm/fetchContact"]


@pytest.mark.parametrize(("identifiers", "legacy", "expected"), [
    (["api_key", "developer_secret", "org_id", "member_id"], False,
     "Authenticates with api_key and developer_secret; your IP must be on the developer key's whitelist."),
    (["api_key", "developer_secret", "org_id"], False,
     "Authenticates with api_key and developer_secret; your IP must be on the developer key's whitelist. "
     "No member_id needed."),
    (["api_key"], False, "Authenticates with api_key alone. No org_id needed."),
    (["developer_secret"], False, "Authenticates with developer_secret alone; your IP must be on the developer "
                                  "key's whitelist."),
    (["api_key", "org_id"], True, "Authenticates with api_key (v1: no developer_secret)."),
], ids=["all-five", "no-member", "key-only", "secret-only", "legacy"])
def test_the_authentication_sentence_follows_the_identifiers(identifiers: list[str], legacy: bool,
                                                              expected: str) -> None:
    assert auth_sentence(identifiers, legacy) == expected


@pytest.mark.parametrize(("raw", "expected"), [
    ("object: single contact record (response example not shown in the available reference)",
     "object: single contact record"),
    ("slot list (shape not visible); slots honour schedule rules", "slot list; slots honour schedule rules"),
    ("Seen in example payload; optionality inferred", ""),
    ("data{wallet_balance (string decimal)}; status", "data{wallet_balance (string decimal)}; status"),
], ids=["bracket", "bracket-mid", "whole", "kept-bracket"])
def test_clean_drops_only_what_speaks_about_sources(raw: str, expected: str) -> None:
    assert clean(raw) == expected
