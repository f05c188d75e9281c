"""The notebooks in a real JupyterLab 4 and Notebook 7, in a real (headless) Chromium: forms, explorer, tables.

Every test runs once per front-end (the ``lab`` fixture's ids: ``jupyterlab``, ``notebook``), with the
same helpers: both are built from the same JupyterLab components, so the same selectors find the cells,
outputs, menus and widgets.

``06-widgets.ipynb`` is opened in a fresh workspace (where its saved outputs must show the forms'
static summaries) and run from the Run menu; then the
form and the explorer are used as a person would (typing, clicking Run) and what the page
shows is checked. ``01-quickstart.ipynb`` is run the same way and must show its tables as
HTML and no error output. See ``conftest.py`` for how the server and the browser are started.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

import pytest

from .conftest import NOTEBOOKS, Console, Lab, screenshot_on_failure

CONTACT_ID = "a1b2c3d4-e5f6-7890-abcd-ef1234567890"  # the published example contact (Jane Smith)
WALLET_ID = "e8932389-bca5-4e6e-b9f1-bf46e16e8435"  # the published example wallet
TABLES_IN_QUICKSTART = sum(  # the saved notebook's HTML tables, each of which must render again
    "<table" in "".join(out.get("data", {}).get("text/html", ""))
    for cell in json.loads((NOTEBOOKS / "01-quickstart.ipynb").read_text())["cells"]
    for out in cell.get("outputs", [])
)
KERNEL_READY_MS = 90_000
RUN_ALL_MS = 90_000
WIDGET_MS = 30_000

# The notebook's kernel is connected and idle, and every code cell with source has run (a count, not running).
ALL_RAN_JS = """() => {
  const panel = window.jupyterapp && window.jupyterapp.shell.currentWidget;
  const kernel = panel && panel.sessionContext && panel.sessionContext.session
    && panel.sessionContext.session.kernel;
  if (!kernel || kernel.status !== 'idle' || !panel.content.model) return false;
  const cells = panel.content.model.cells;
  for (let i = 0; i < cells.length; i++) {
    const cell = cells.get(i);
    if (cell.type !== 'code' || !cell.sharedModel.getSource().trim()) continue;
    if (cell.executionCount === null || cell.executionState === 'running') return false;
  }
  return true;
}"""

KERNEL_IDLE_JS = """() => {
  const panel = window.jupyterapp && window.jupyterapp.shell.currentWidget;
  const session = panel && panel.sessionContext && panel.sessionContext.session;
  return !!(session && session.kernel && session.kernel.status === 'idle' && panel.content.model);
}"""

# Every output of the current notebook as {type, name?, ename?} — read from the model, not guessed from styling.
OUTPUTS_JS = """() => {
  const cells = window.jupyterapp.shell.currentWidget.content.model.cells;
  const found = [];
  for (let i = 0; i < cells.length; i++) {
    const cell = cells.get(i);
    if (cell.type !== 'code') continue;
    for (let j = 0; j < cell.outputs.length; j++) {
      const out = cell.outputs.get(j).toJSON();
      found.push({cell: i, type: out.output_type, name: out.name || '', ename: out.ename || ''});
    }
  }
  return found;
}"""


# Run code in the notebook's kernel (not in a cell) and return its printed output.
KERNEL_EXEC_JS = """async (code) => {
  const kernel = window.jupyterapp.shell.currentWidget.sessionContext.session.kernel;
  let text = '';
  const future = kernel.requestExecute({code, silent: false, store_history: false});
  future.onIOPub = (msg) => { if (msg.header.msg_type === 'stream') text += msg.content.text; };
  await future.done;
  return text;
}"""

# Wraps the explorer's search refresh (the explorer is Out[n] of its cell) to record each time it runs.
RECORD_SEARCHES = """
_explorer = [v for v in Out.values() if type(v).__name__ == "Explorer"][-1]
_searches = []
_apply = _explorer.debounce.callback
_explorer.debounce.callback = lambda: (_searches.append(_explorer.search.value), _apply())
print(len(_searches))
"""


def open_notebook(page: Any, lab: Lab, notebook: str) -> None:
    """Open ``notebook`` in a fresh workspace and wait for its kernel."""
    page.goto(lab.workspace_url(notebook))
    page.wait_for_function(KERNEL_IDLE_JS, timeout=KERNEL_READY_MS)
    if lab.app == "jupyterlab":  # Lab's status bar; Notebook 7 has none (the kernel's state is read above)
        page.locator(".jp-Notebook-ExecutionIndicator[data-status='idle']").wait_for(timeout=KERNEL_READY_MS)


def run_all(page: Any) -> None:
    """Clear the saved outputs, then Run > Run All Cells and wait until every cell has run."""
    # The saved outputs carry execution counts too: clear them so "every cell has a count" means "ran now".
    page.evaluate("() => window.jupyterapp.commands.execute('editmenu:clear-all')")
    page.locator(".lm-MenuBar-item", has_text=re.compile(r"^Run$")).click()
    page.locator('.lm-Menu-item[data-command="runmenu:run-all"]').click()
    page.wait_for_function(ALL_RAN_JS, timeout=RUN_ALL_MS, polling=250)


def code_cell(page: Any, source: str) -> Any:
    """The code cell whose source contains ``source``."""
    cell = page.locator(".jp-CodeCell").filter(has=page.locator(".jp-InputArea", has_text=source))
    cell.first.scroll_into_view_if_needed()
    return cell.first


def field_row(scope: Any, name: str) -> Any:
    """A form's input row: the ``.widget-hbox`` whose label is the parameter name."""
    label = scope.page.locator(".widget-html", has_text=re.compile(rf"^\s*{re.escape(name)}\s*\*?\s*$"))
    return scope.locator(".widget-hbox").filter(has=label).first


def field_box(scope: Any, name: str) -> Any:
    """The whole field (row, help line, message line) of parameter ``name``."""
    return field_row(scope, name).locator("xpath=..")


def run_button(scope: Any) -> Any:
    """The form's Run button (its label is "Run", or "Running…" during a call)."""
    return scope.locator("button", has_text=re.compile(r"^\s*Run\s*$")).first


def expect_text(scope: Any, text: str | re.Pattern[str], timeout: int = WIDGET_MS) -> None:
    from playwright.sync_api import expect

    expect(scope).to_contain_text(text, timeout=timeout)


# -- 06-widgets ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def widgets_page(lab: Lab, browser: Any) -> Iterator[tuple[Any, Console]]:
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    console = Console()
    console.attach(page)
    try:
        open_notebook(page, lab, "06-widgets.ipynb")
        SAVED_VIEW["form"] = code_cell(page, 'form = zn.form("crm", "fetchContact"').locator(
            ".jp-OutputArea").inner_text()
        run_all(page)
        yield page, console
    finally:
        page.close()


SAVED_VIEW: dict[str, str] = {}  # what the saved notebook showed before it was run


@pytest.fixture
def page06(request: pytest.FixtureRequest, widgets_page: tuple[Any, Console]) -> Iterator[Any]:
    page, _console = widgets_page
    yield page
    screenshot_on_failure(request, page, "06-widgets")


def test_saved_notebook_shows_the_forms_static_summary_before_it_runs(page06):
    saved = SAVED_VIEW["form"]
    assert "crm/fetchContact" in saved and "contact_id" in saved
    assert "run the cell to use the form" in saved
    assert "VBox(" not in saved and "Error displaying widget" not in saved and "model not found" not in saved


def test_widgets_render_without_widget_errors(page06):
    notebook = page06.locator(".jp-Notebook")
    from playwright.sync_api import expect

    for text in ("Error displaying widget", "Loading widget"):
        expect(notebook.get_by_text(text)).to_have_count(0, timeout=WIDGET_MS)
    assert page06.locator(".jp-OutputArea .widget-vbox").count() >= 2  # the form and the explorer are live


def test_form_has_real_inputs(page06):
    form = code_cell(page06, 'form = zn.form("crm", "fetchContact"')
    row = field_row(form, "contact_id")
    row.locator("input[type='text']").wait_for(timeout=WIDGET_MS)
    assert field_row(form, "include_notes").locator("input[type='checkbox']").count() == 1
    assert run_button(form).is_enabled()
    assert "42cc1aca…" in form.inner_text()  # identifiers shortened, as in the session repr


def test_form_run_with_the_published_contact_shows_one_row_and_a_table(page06):
    form = code_cell(page06, 'form = zn.form("crm", "fetchContact"')
    field_row(form, "contact_id").locator("input").fill(CONTACT_ID)
    expect_text(form.locator("pre"), f"contact_id={CONTACT_ID}")  # copy-as-code follows the typing
    run_button(form).click()
    expect_text(form, "✓ 1 row")
    table = form.locator(".widget-output table")
    table.first.wait_for(timeout=WIDGET_MS)
    assert "Jane" in table.first.inner_text()


def test_form_empty_required_field_shows_its_error_at_the_field(page06):
    form = code_cell(page06, 'form = zn.form("crm", "fetchContact"')
    field_row(form, "contact_id").locator("input").fill("")
    run_button(form).click()
    box = field_box(form, "contact_id")
    expect_text(box, "contact_id is required")
    expect_text(box, "Fix: fill in contact_id")
    expect_text(form, "✗ see contact_id above")
    assert form.locator(".widget-output table").count() == 0  # the previous result is gone


def test_explorer_search_while_typing_shows_fetch_wallet_and_runs(page06):
    explorer = code_cell(page06, "zn.explorer(s)")
    assert page06.evaluate(KERNEL_EXEC_JS, RECORD_SEARCHES).strip() == "0"
    search = explorer.locator(".widget-text", has_text="Search").locator("input")
    search.click()
    search.press_sequentially("wallet", delay=40)  # no Enter: the search applies after a pause
    action = explorer.locator(".widget-dropdown", has_text="Action").locator("select")
    expect_text(explorer, "account/fetchWallet")
    # Debounced: the six keystrokes led to one search, for the whole word.
    assert page06.evaluate(KERNEL_EXEC_JS, "print(_searches)").strip() == "['wallet']"
    chosen = action.evaluate("s => s.options[s.selectedIndex].text").replace("\xa0", " ")
    assert chosen.startswith("fetchWallet — ")
    field_row(explorer, "wallet_id").locator("input").fill(WALLET_ID)
    run_button(explorer).click()
    expect_text(explorer, re.compile(r"✓ \d+ rows?"))
    table = explorer.locator(".widget-output table")
    table.first.wait_for(timeout=WIDGET_MS)
    assert WALLET_ID in table.first.inner_text() or "wallet" in table.first.inner_text().lower()


@pytest.mark.parametrize(
    ("search", "name", "typing", "shown"),
    [
        ("calendar/checkAvailability", "days_ahead", lambda row: row.locator("input").fill("a week"),
         "days_ahead must be a whole number"),
        ("calendar/checkAvailability", "start_date",
         lambda row: (row.locator("input[type='date']").fill("2026-04-01"),
                      row.locator("input[type='text']").fill("25:00")),
         "is not a time of day"),
        ("calendar/createEvent", "event_data", lambda row: row.locator("textarea").fill('{"calendar_id": }'),
         "invalid JSON at line 1"),
    ],
    ids=["letters-in-a-number", "out-of-range-time", "invalid-json"],
)
def test_explorer_bad_input_is_shown_at_its_field_with_its_fix(page06, search, name, typing, shown):
    explorer = code_cell(page06, "zn.explorer(s)")
    explorer.locator(".widget-text", has_text="Search").locator("input").fill(search.split("/")[1])
    expect_text(explorer, search)  # the best match's form is open
    row = field_row(explorer, name)
    row.wait_for(timeout=WIDGET_MS)
    typing(row)
    field = field_box(explorer, name)
    expect_text(field, shown)
    expect_text(field, "Fix: ")


def test_no_console_errors_from_widgets_or_kernel(widgets_page):
    _page, console = widgets_page
    print("\n".join(["console errors seen (Lab's own included):", *console.errors]))
    assert console.ours() == []


# -- 01-quickstart ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def quickstart_page(lab: Lab, browser: Any) -> Iterator[tuple[Any, Console]]:
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    console = Console()
    console.attach(page)
    try:
        open_notebook(page, lab, "01-quickstart.ipynb")
        run_all(page)
        yield page, console
    finally:
        page.close()


@pytest.fixture
def page01(request: pytest.FixtureRequest, quickstart_page: tuple[Any, Console]) -> Iterator[Any]:
    page, _console = quickstart_page
    yield page
    screenshot_on_failure(request, page, "01-quickstart")


def test_quickstart_renders_its_tables_as_html(page01):
    tables = page01.locator(".jp-OutputArea-output table")
    tables.first.wait_for(timeout=WIDGET_MS)
    assert tables.count() == TABLES_IN_QUICKSTART


def test_quickstart_has_no_error_outputs(page01, quickstart_page):
    outputs = page01.evaluate(OUTPUTS_JS)
    assert outputs, "no outputs at all: the notebook did not run"
    assert [o for o in outputs if o["type"] == "error"] == []
    assert quickstart_page[1].ours() == []
