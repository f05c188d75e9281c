"""``resolve_cassette``: which record/replay mode a ``connect`` call means, and the settings it refuses.

Explicit arguments win; the ``ZYNTRO_RECORD``/``ZYNTRO_REPLAY``/``ZYNTRO_RECORD_MISSING``
variables apply only to a plain ``zn.connect()``; contradictory settings are a
``ConfigurationError`` naming the fix, raised before anything is sent.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import zyntro_nb as zn
from zyntro_nb._replay.connect import resolve_cassette

RESOLVED = [
    ({}, {}, None),
    ({"record": "a.zyntro.json"}, {}, ("record", "a.zyntro.json")),
    ({"replay": "a.zyntro.json"}, {}, ("replay", "a.zyntro.json")),
    ({"replay": "a.zyntro.json", "record_missing": True}, {}, ("replay+record", "a.zyntro.json")),
    ({}, {"ZYNTRO_RECORD": "env.zyntro.json"}, ("record", "env.zyntro.json")),
    ({}, {"ZYNTRO_REPLAY": "env.zyntro.json", "ZYNTRO_RECORD_MISSING": "1"}, ("replay+record", "env.zyntro.json")),
    ({"replay": "arg.zyntro.json"}, {"ZYNTRO_RECORD": "env.zyntro.json"}, ("replay", "arg.zyntro.json")),
    ({"sandbox": True}, {"ZYNTRO_REPLAY": "env.zyntro.json"}, None),
    ({"sandbox": True, "replay": "a.zyntro.json", "record_missing": True}, {}, ("replay+record", "a.zyntro.json")),
]


@pytest.mark.parametrize(("arguments", "env", "expected"), RESOLVED, ids=[
    "nothing", "record", "replay", "record-missing", "env-record", "env-replay-missing", "argument-wins",
    "sandbox-ignores-env", "sandbox-extends"])
def test_resolve_cassette_picks_the_mode(arguments: dict[str, Any], env: dict[str, str],
                                         expected: tuple[str, str] | None) -> None:
    found = resolve_cassette(arguments.get("record"), arguments.get("replay"), arguments.get("record_missing"),
                             sandbox=arguments.get("sandbox", False), env=env)
    assert found == (None if expected is None else (expected[0], Path(expected[1])))


REFUSED = [
    ({"record": "a", "replay": "b"}, {}, "record= and replay= were both given", "record_missing=True"),
    ({}, {"ZYNTRO_RECORD": "a", "ZYNTRO_REPLAY": "b"}, "ZYNTRO_RECORD and ZYNTRO_REPLAY are both set", "unset one"),
    ({"record_missing": True}, {}, "record_missing=True needs the cassette to extend", "replay=FILE"),
    ({"sandbox": True, "replay": "a"}, {}, "sandbox=True with replay= uses neither", "drop sandbox=True"),
]


@pytest.mark.parametrize(("arguments", "env", "message", "fix"), REFUSED,
                         ids=["record-and-replay", "env-both", "missing-without-replay", "sandbox-replay"])
def test_resolve_cassette_refuses_contradictions_naming_the_fix(arguments: dict[str, Any], env: dict[str, str],
                                                                 message: str, fix: str) -> None:
    with pytest.raises(zn.ConfigurationError) as raised:
        resolve_cassette(arguments.get("record"), arguments.get("replay"), arguments.get("record_missing"),
                         sandbox=arguments.get("sandbox", False), env=env)
    assert message in str(raised.value) and fix in str(raised.value)
