"""The documentation site's generated pages (docs/hooks.py): a page per catalog module, the API reference
for every public name, and a nav that picks up every guide; checked without running mkdocs."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path
from types import ModuleType, SimpleNamespace

import pytest

import zyntro_nb as zn
from tests.catalog.test_user_text import about_sources
from zyntro_nb._catalog.catalog import Catalog

ROOT = Path(__file__).resolve().parents[2]
ENDPOINTS = list(Catalog.builtin())


@pytest.fixture(scope="module")
def hooks() -> ModuleType:
    spec = importlib.util.spec_from_file_location("zyntro_docs_hooks", ROOT / "docs" / "hooks.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def pages(hooks: ModuleType) -> dict[str, str]:
    return {m: hooks.endpoint_page(m, ENDPOINTS) for m in hooks.modules(ENDPOINTS)}


def section(pages: dict[str, str], key: str) -> str:
    text = pages[key.split("/")[0]]
    start = text.index(f"## `{key}`")
    end = text.find("\n## `", start + 1)
    return text[start:] if end < 0 else text[start:end]


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=[e.key for e in ENDPOINTS])
def test_every_endpoint_has_a_section_with_parameters_examples_and_answer_fields(
        pages: dict[str, str], endpoint: zn.Endpoint) -> None:
    text = section(pages, endpoint.key)
    for param in endpoint.params:
        assert f"| `{param.name}` |" in text
    assert f"s.{endpoint.module}.{endpoint.action}(" in text
    assert f"%zyntro {endpoint.module} {endpoint.action}" in text
    assert '"$ZYNTRO_API_KEY"' in text or "api_key" not in endpoint.identifiers
    assert "**Answer fields.**" in text
    assert ("read —" if endpoint.read_only else "write") in text
    assert about_sources(text) == []


def test_an_endpoint_without_a_published_example_says_its_fields_are_the_sandboxs(pages: dict[str, str]) -> None:
    text = section(pages, "crm/addNotestoContact")
    assert "the fields listed are those the sandbox answers with" in text and "`note_id`" in text
    assert "published example" in section(pages, "account/fetchWallets")


@pytest.mark.parametrize(("key", "present", "absent"), [
    ("account/fetchWallet", ["Missing wallet ID", "No matching wallet found", "Invalid API Key"],
     ["Missing developer_secret"]),
    ("crm/fetchContact", ["IP address not whitelisted", "Missing org ID"], ["Missing brand ID"]),
    ("edge/getCustomer", ["Billing customer not found"], ["Missing org ID"]),
], ids=["wallet", "contact", "billing-customer"])
def test_the_documented_errors_shown_are_those_that_apply(pages: dict[str, str], key: str, present: list[str],
                                                          absent: list[str]) -> None:
    text = section(pages, key)
    assert all(f"`{m}`" in text for m in present) and not any(f"`{m}`" in text for m in absent)


def test_paging_and_idempotence_are_stated(pages: dict[str, str]) -> None:
    assert "`all_pages=True`" in section(pages, "edge/getEnrollments")
    assert "write, idempotent" in section(pages, "edge/enroll")
    assert "never resends it" in section(pages, "edge/fire")


def test_the_api_reference_documents_every_public_name_by_its_public_path(hooks: ModuleType) -> None:
    text = hooks.api_reference()
    documented = set(re.findall(r"^::: zyntro_nb\.(\w+)$", text, flags=re.MULTILINE))
    assert documented == set(zn.__all__) - {"catalog"} and "## `catalog`" in text
    assert "zyntro_nb._" not in text


def test_the_nav_adds_guides_it_does_not_list_and_the_generated_sections(hooks: ModuleType, tmp_path: Path) -> None:
    (tmp_path / "guides").mkdir()
    for name in ("sessions.md", "journals.md", "types.md"):
        (tmp_path / "guides" / name).write_text("# x\n")
    config = SimpleNamespace(nav=[{"Home": "index.md"}, {"Guides": ["guides/sessions.md"]}], docs_dir=str(tmp_path))
    nav = hooks.on_config(config).nav
    assert nav[1]["Guides"] == ["guides/sessions.md", "guides/journals.md", "guides/types.md"]
    sections = {next(iter(item)) for item in nav}
    assert {"Notebooks", "Endpoints", "API reference"} <= sections
    notebooks = next(item["Notebooks"] for item in nav if "Notebooks" in item)
    assert "notebooks/01-quickstart.ipynb" in notebooks


def test_every_guide_on_disk_is_listed_or_picked_up(hooks: ModuleType) -> None:
    import yaml

    class Loader(yaml.SafeLoader):
        pass

    Loader.add_multi_constructor("", lambda loader, suffix, node: None)
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=Loader)
    nav = hooks.on_config(SimpleNamespace(nav=config["nav"], docs_dir=str(ROOT / "docs"))).nav
    guides = next(item["Guides"] for item in nav if isinstance(item, dict) and "Guides" in item)
    assert sorted(guides) == sorted(f"guides/{p.name}" for p in (ROOT / "docs" / "guides").glob("*.md"))


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=[e.key for e in ENDPOINTS])
def test_every_curl_example_runs_as_printed_against_the_served_sandbox(hooks: ModuleType,
                                                                       endpoint: zn.Endpoint) -> None:
    import os
    import shutil
    import subprocess

    from zyntro_nb._config import ENV_VARS
    from zyntro_nb.sandbox import Sandbox

    if shutil.which("curl") is None:
        pytest.skip("curl is not installed")
    command = hooks.curl_example(endpoint, hooks.example_params(endpoint))
    with Sandbox() as box, box.serve(port=0) as server:  # the variables zyntro-nb sandbox prints as export lines
        env = {**os.environ, "ZYNTRO_BASE_URL": server.url, ENV_VARS["user_id"]: box.user_id,
               **{ENV_VARS[name]: str(value) for name, value in box.credentials.items() if name in ENV_VARS}}
        answer = subprocess.run(["bash", "-c", command + " -s --noproxy '*'"], env=env, capture_output=True,
                                text=True, timeout=30)
    assert '"status": "success"' in answer.stdout.replace('":"', '": "'), answer.stdout + answer.stderr
