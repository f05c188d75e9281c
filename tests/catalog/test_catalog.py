from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

import zyntro_nb as zn
from zyntro_nb._catalog.catalog import Catalog, Endpoint, default_catalog

CONTRACT = Path(__file__).resolve().parents[3] / "shared" / "zyntro-api"
SHIPPED = Path(zn.__file__).parent / "_catalog" / "endpoints.json"


def test_catalog_has_all_31_current_and_10_legacy_endpoints() -> None:
    catalog = Catalog.builtin()
    assert len(catalog) == 41
    assert sum(e.legacy for e in catalog) == 10
    assert {"crm", "developers", "calendar", "forms", "account", "edge", "legacy"} == set(catalog.modules())


def test_shipped_catalog_is_what_the_build_script_makes_from_the_contract() -> None:
    if not CONTRACT.exists():
        pytest.skip("the API contract (../shared/zyntro-api) is not beside this checkout")
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    try:
        from build_catalog import render
    finally:
        sys.path.pop(0)
    assert SHIPPED.read_text(encoding="utf-8") == render(CONTRACT)


def test_contract_facts_survive_in_the_catalog() -> None:
    if not CONTRACT.exists():
        pytest.skip("the API contract is not beside this checkout")
    current = json.loads((CONTRACT / "endpoints.json").read_text())
    catalog = Catalog.builtin()
    for entry in current:
        endpoint = catalog.get(entry["module"], entry["action"])
        assert endpoint is not None and endpoint.read_only == entry["read_only"]
        documented = {p["name"]: p for p in entry["params"]}
        for param in endpoint.params:
            if param.name in documented:
                assert param.required == documented[param.name]["required"]
                assert list(param.enum or []) == list(documented[param.name]["enum"] or [])


def test_every_endpoint_path_follows_the_overview_pattern_or_legacy_php() -> None:
    for endpoint in Catalog.builtin():
        if endpoint.legacy:
            assert endpoint.path == f"/apis/public/{endpoint.action}.php"
        else:
            assert endpoint.path == f"/apis/v2/public/{endpoint.module}/{endpoint.action}"


def test_paging_and_row_rules_are_stated_per_endpoint() -> None:
    catalog = Catalog.builtin()
    assert catalog.get("edge", "getEnrollments").paging.page_size == 50
    assert catalog.get("forms", "getFormFields").rows.path == "fields"
    assert catalog.get("legacy", "fetchCRMFieldHeaders").rows.columns == ("column", "description")


@pytest.mark.parametrize(
    ("query", "expected"),
    [("contact", "crm/fetchContact"), ("wallet", "account/fetchWallets"), ("zebra giraffe", None),
     ("getEnrollments", "edge/getEnrollments"), ("search_string", "crm/lookupContact")],
    ids=["word", "plural", "no-match", "action-name", "param-name"],
)
def test_find_matches_names_titles_summaries_and_params(query: str, expected: str | None) -> None:
    keys = [e.key for e in Catalog.builtin().find(query)]
    assert (expected in keys) if expected else keys == []


def test_register_adds_a_user_endpoint_with_the_default_path() -> None:
    catalog = Catalog.builtin()
    endpoint = catalog.register({"module": "email", "action": "sendEmail", "params": ["to"]})
    assert endpoint.path == "/apis/v2/public/email/sendEmail"
    assert catalog.get("email", "sendEmail").param("to").type == "string"
    assert "email/sendEmail" in catalog


def test_register_rejects_unknown_keys_with_the_allowed_list() -> None:
    with pytest.raises(zn.CatalogError, match="unknown keys: paramz"):
        Catalog().register({"module": "a", "action": "b", "paramz": []})


@pytest.mark.parametrize(
    ("text", "words"),
    [("{not json", "line 1"), ('{"endpoints": 3}', "no list"), ('[{"action": "x"}]', "'module'")],
    ids=["bad-json", "no-list", "no-module"],
)
def test_bad_user_catalog_files_give_catalog_errors(tmp_path: Path, text: str, words: str) -> None:
    path = tmp_path / "mine.json"
    path.write_text(text)
    with pytest.raises(zn.CatalogError, match=words):
        Catalog.from_file(path)


def test_env_catalog_file_extends_the_default(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "mine.json"
    path.write_text(json.dumps({"endpoints": [{"module": "brand", "action": "fetchFacts", "read_only": True}]}))
    monkeypatch.setenv("ZYNTRO_CATALOG", str(path))
    monkeypatch.setattr("zyntro_nb._catalog.catalog._default", None)
    catalog = default_catalog()
    assert catalog.get("brand", "fetchFacts").read_only and len(catalog) == 42


def test_suggestions_for_typos() -> None:
    catalog = Catalog.builtin()
    assert catalog.suggest_modules("crn") == ["crm"]
    assert catalog.suggest_actions("crm", "fetchcontact")[0] == "fetchContact"


def test_uncatalogued_resolve_is_marked_and_never_read_only() -> None:
    endpoint = Catalog.builtin().resolve("email", "sendEmail")
    assert isinstance(endpoint, Endpoint) and not endpoint.catalogued and not endpoint.read_only


def test_catalog_table_lists_endpoints() -> None:
    frame = Catalog.builtin().to_frame("edge")
    assert list(frame.columns) == ["module", "action", "read_only", "summary", "params"]
    assert "getEnrollments" in set(frame["action"])


def test_only_the_documented_idempotent_writes_are_flagged_and_retried() -> None:
    catalog = Catalog.builtin()
    assert {e.key for e in catalog if e.idempotent} == {"edge/createCustomer", "edge/enroll"}
    assert {e.key for e in catalog if e.retried and not e.read_only} == {"edge/createCustomer", "edge/enroll"}
    if CONTRACT.exists():
        readme = (CONTRACT / "README.md").read_text()
        assert "`edge/createCustomer` and `edge/enroll` are idempotent" in readme


def test_every_write_names_a_catalogued_read_that_checks_it_or_says_why_none_can() -> None:
    catalog = Catalog.builtin()
    for endpoint in catalog:
        if endpoint.read_only:
            assert endpoint.verify is None, endpoint.key
            continue
        assert endpoint.verify is not None, endpoint.key
        write_params = {p.name for p in endpoint.params}
        if not endpoint.verify.endpoint:
            assert "no read" in endpoint.verify.cannot or "no record" in endpoint.verify.cannot, endpoint.key
            assert not endpoint.verify.match, endpoint.key
            continue
        read = catalog.get(*endpoint.verify.endpoint.split("/"))
        assert read is not None and read.read_only, endpoint.key
        names = {p.name for p in read.params}
        assert {name for name, _ in endpoint.verify.source + endpoint.verify.fixed} <= names, endpoint.key
        paths = [p for _, paths in endpoint.verify.source for p in ((paths,) if isinstance(paths, str) else paths)]
        paths += [path for _, path in endpoint.verify.match]
        paths += [*endpoint.verify.needs, *endpoint.verify.unseen, *endpoint.verify.covers]
        assert {path.split(".")[0] for path in paths} <= write_params, endpoint.key
        if endpoint.verify.baseline:
            assert endpoint.verify.baseline in dict(endpoint.verify.keep).values(), endpoint.key


def test_verify_hints_that_a_program_can_check_say_where_to_look() -> None:
    for key in ("crm/addContactsFull", "crm/addNotestoContact"):
        verify = Catalog.builtin().get(*key.split("/")).verify
        assert verify.match and verify.keep, key
    notes = Catalog.builtin().get("crm", "addNotestoContact").verify
    assert notes.within == "notes" and ("note_content", "note") in notes.match and notes.baseline == "note_id"
    contacts = Catalog.builtin().get("crm", "addContactsFull").verify
    assert contacts.arguments({"contact": {"phone": "+1 555 0100"}}) == {"search_string": "+1 555 0100"}


@pytest.mark.parametrize("key", ["edge/createCustomer", "edge/buildCustomerProfileSetup", "crm/addCommsHistory",
                                 "calendar/createEvent", "forms/submitForm", "edge/setupPaymentMethod"])
def test_writes_no_read_can_check_say_so_instead_of_naming_an_approximate_read(key: str) -> None:
    verify = Catalog.builtin().get(*key.split("/")).verify
    assert verify.endpoint == "" and verify.render({"contact_id": "c-1"}) == ""
    assert "'c-1'" in verify.why_not({"contact_id": "c-1", "form_id": "c-1"}) or "no read" in verify.cannot


@pytest.mark.parametrize("action", ["fetchContact", "lookupContact"])
def test_contact_endpoints_list_the_overviews_contact_fields_first(action: str) -> None:
    endpoint = Catalog.builtin().get("crm", action)
    assert list(endpoint.fields[:5]) == ["contact_id", "first_name", "last_name", "email", "contact_status"]
