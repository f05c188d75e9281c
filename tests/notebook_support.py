"""Helpers for tests/test_notebooks.py: the notebooks, their outputs, and the secrets that must not be in them."""

from __future__ import annotations

import gzip
import importlib.util
import json
import re
from collections.abc import Iterator
from functools import cache
from importlib import resources
from pathlib import Path
from types import ModuleType
from typing import Any

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"

# Canary credentials for the "real account" run: if any 8 characters of them reach an output, something leaked.
CANARY_API_KEY = "CANARY-NBKEY-q8w7e6r5t4-MUST-NOT-BE-PRINTED"
CANARY_SECRET = "zdk_canary_nb_q8w7e6r5t4_must_not_be_printed"

# Shapes of real credentials: a developer secret, and a full account key (UYUJH-XXXXXXXXXXXX-XXXXXXXXXXXX-XXXXX).
SECRET_SHAPES = (
    re.compile(r"zdk_[A-Za-z0-9_]{8,}"),
    re.compile(r"\b[A-Z]{3,5}(-[A-Z0-9]{4,}){3,4}\b"),
)


def rebuild_module() -> ModuleType:
    """``notebooks/rebuild.py`` as a module (it executes notebooks; the tests reuse it)."""
    spec = importlib.util.spec_from_file_location("notebooks_rebuild", NOTEBOOKS / "rebuild.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def canary_account_env(ids: dict[str, Any], base_url: str) -> dict[str, str]:
    """A notebook's environment on its real-account path: the canary account of a served sandbox.

    ``ids`` is what ``Sandbox.add_account(api_key=CANARY_API_KEY, developer_secret=CANARY_SECRET)`` returned.

    Example::

        >>> env = canary_account_env({"org_id": "o", "brand_id": 1, "member_id": "m"}, "http://127.0.0.1:1")
        >>> env["ZYNTRO_BRAND_ID"], env["ZYNTRO_BASE_URL"]
        ('1', 'http://127.0.0.1:1')
    """
    env = rebuild_module().sandbox_env()
    env.update({
        "ZYNTRO_API_KEY": CANARY_API_KEY,
        "ZYNTRO_DEVELOPER_SECRET": CANARY_SECRET,
        "ZYNTRO_ORG_ID": ids["org_id"],
        "ZYNTRO_BRAND_ID": str(ids["brand_id"]),
        "ZYNTRO_MEMBER_ID": ids["member_id"],
        "ZYNTRO_BASE_URL": base_url,
    })
    return env


def notebook_paths() -> list[Path]:
    return sorted(NOTEBOOKS.glob("[0-9][0-9]-*.ipynb"))


@cache
def seed_secrets() -> tuple[str, ...]:
    """Every credential in the sandbox's seed data: account keys, developer secrets, webhook secrets and tokens."""
    raw = resources.files("zyntro_nb.sandbox").joinpath("seed.json.gz").read_bytes()
    tables = json.loads(gzip.decompress(raw))["tables"]
    found = [user["api_key"] for user in tables["users"]]
    found += [key["dk_secret"] for key in tables["dev_keys"]]
    for hook in tables.get("webhooks", []):
        found.append(hook.get("wh_secret") or "")
        found += [str(v) for v in (hook.get("wh_auth_data") or {}).values()]
    return tuple(sorted({s for s in found if len(s) >= 8}))


def windows(secret: str, size: int = 8) -> set[str]:
    """Every ``size``-character piece of ``secret``: a partial leak is still a leak."""
    return {secret[i : i + size] for i in range(len(secret) - size + 1)}


def output_texts(nb: Any) -> Iterator[tuple[int, str]]:
    """``(cell index, text)`` for every output of every code cell, all MIME types but images."""
    for index, cell in enumerate(nb.cells):
        for output in cell.get("outputs", []):
            if output.get("output_type") == "stream":
                yield index, output.get("text", "")
            elif output.get("output_type") == "error":
                parts = [output.get("ename", ""), output.get("evalue", ""), *output.get("traceback", [])]
                yield index, "\n".join(parts)
            for mime, value in output.get("data", {}).items():
                if not mime.startswith("image/"):
                    yield index, value if isinstance(value, str) else json.dumps(value)


def leaks(text: str, secrets: tuple[str, ...] = ()) -> list[str]:
    """The secret-looking strings in ``text``: credential shapes, and pieces of the given secrets."""
    found = [m.group(0) for shape in SECRET_SHAPES for m in shape.finditer(text)]
    found += [secret for secret in secrets if secret in text]
    return found
