"""Per-call cost of ``Session.call`` against hand-written httpx (figures C1 and C2).

Both sides post to the same trivial keep-alive server (``server.py``: its own process on
127.0.0.1, one canned answer — the sandbox's ``crm/fetchContact`` envelope, 43 columns
once flattened), each with one keep-alive ``httpx.Client``, so the ratio is what the
toolkit adds on the client: checking parameters, building the body, reading the envelope,
typed frames, call history.

- C1: ``s.call("crm", "fetchContact", contact_id=…)`` → DataFrame, against
  ``client.post`` + ``.json()`` + ``pd.json_normalize(data)``.
- C2: the same call with ``raw=True`` → envelope, against ``client.post`` + ``.json()``.

Example::

    $ python bench/bench_call.py --quick
"""

from __future__ import annotations

import json
import sys
from typing import Any

import httpx
import pandas as pd
from server import TrivialServer
from timing import alternate, figure

import zyntro_nb as zn

CONTACT = "a1b2c3d4-e5f6-7890-abcd-ef1234567890"
PATH = "/apis/v2/public/crm/fetchContact"


def canned_answer() -> tuple[bytes, dict[str, str]]:
    """The sandbox's answer for one contact (as the API sends it) and the sandbox's credentials."""
    with zn.connect(sandbox=True, new=True, current=False) as session:
        envelope = session.call("crm", "fetchContact", contact_id=CONTACT, raw=True)
        creds = dict(session.sandbox.credentials)
    return json.dumps(envelope, default=str).encode(), creds

FIGURES = ("C1", "C2")


def run(quick: bool = False) -> list[dict[str, Any]]:
    """Figures C1 and C2 as table rows."""
    body, creds = canned_answer()
    rounds, calls = (1, 5) if quick else (9, 200)
    with TrivialServer(body) as url:
        client = httpx.Client(base_url=url, headers={"Content-Type": "application/json"})
        payload = json.dumps({**creds, "contact_id": CONTACT}).encode()
        session = zn.Session(**creds, base_url=url, env={})

        def by_hand_json() -> Any:
            return client.post(PATH, content=payload).json()

        def by_hand_frame() -> pd.DataFrame:
            return pd.json_normalize(client.post(PATH, content=payload).json()["data"])

        def ours_frame() -> pd.DataFrame:
            return session.call("crm", "fetchContact", contact_id=CONTACT)

        def ours_raw() -> Any:
            return session.call("crm", "fetchContact", contact_id=CONTACT, raw=True)

        try:
            mine, theirs = ours_frame(), by_hand_frame()
            assert len(mine) == len(theirs) == 1 and set(theirs.columns) <= set(mine.columns)
            assert ours_raw()["data"]["contact_id"] == by_hand_json()["data"]["contact_id"] == CONTACT
            c1 = alternate(by_hand_frame, ours_frame, rounds=rounds, calls=calls, warmup=50)
            c2 = alternate(by_hand_json, ours_raw, rounds=rounds, calls=calls, warmup=50)
        finally:
            client.close()
            session.close()
    return [
        figure("C1", "one call -> DataFrame (keep-alive server)", "post + .json() + json_normalize", *c1,
               "<= 1.00x", c1[1] / c1[0] <= 1.0),
        figure("C2", "one call, raw=True (keep-alive server)", "post + .json()", *c2, "<= 1.05x",
               c2[1] / c2[0] <= 1.05),
    ]


if __name__ == "__main__":
    from run import print_table

    print_table(run(quick="--quick" in sys.argv[1:]))
