from __future__ import annotations

import shlex

import pytest

from zyntro_nb._catalog.catalog import Catalog
from zyntro_nb._frames.snippets import curl_command, magic_line, python_call
from zyntro_nb._ipython.args import parse_pairs, split_words
from zyntro_nb._request import PreparedCall

CASES = [
    {"contact_id": "a1b2", "include_notes": 1},
    {"note": "Called back, left a message"},
    {"search_string": "123"},
    {"contact": {"firstName": "Ada", "email": "ada@example.com"}, "skip_entity": True},
    {"wh_events": ["new_contact", "form_filled"], "wh_timeout": 30},
    {"note": "it's {not} interpolated? $HOME"},
    {"raw_data": None},
]


@pytest.mark.parametrize("params", CASES, ids=["flag", "spaces", "numeric-text", "object", "list", "odd", "null"])
def test_magic_line_parses_back_to_the_same_parameters(params: dict) -> None:
    line = magic_line("crm", "fetchContact", params)
    words = split_words(line.removeprefix("%zyntro crm fetchContact").strip())
    pairs = [tuple(w.split("=", 1)) for w in words]
    assert parse_pairs(pairs, {}) == params


def test_python_call_is_valid_python_with_the_same_values() -> None:
    code = python_call("crm", "fetchContact", {"contact_id": "a1b2", "include_notes": 1}, target="df")
    assert code == "df = session.call('crm', 'fetchContact', contact_id='a1b2', include_notes=1)"
    compile(code, "<snippet>", "exec")


def test_curl_command_redacts_secrets_and_quotes_the_body() -> None:
    endpoint = Catalog.builtin().get("crm", "fetchContact")
    prepared = PreparedCall(endpoint, "https://app.zyntrohq.com/apis/v2/public/crm/fetchContact",
                            {"api_key": "SECRETKEY-123456", "developer_secret": "zdk_secretvalue99",
                             "contact_id": "a1b2"})
    command = curl_command(prepared)
    assert "SECRETKEY-123456" not in command and "zdk_secretvalue99" not in command
    words = shlex.split(command.replace("\\\n", " "))
    assert words[:4] == ["curl", "-X", "POST", "https://app.zyntrohq.com/apis/v2/public/crm/fetchContact"]
    assert '"contact_id": "a1b2"' in words[-1]
