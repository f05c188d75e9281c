"""Discovery: zn.catalog.find, s.endpoints and %zyntro list [MODULE] [WORDS] read well in both media."""

from __future__ import annotations

import pytest
from IPython.core.error import UsageError
from IPython.core.interactiveshell import InteractiveShell

import zyntro_nb as zn


def test_find_is_a_list_that_shows_as_a_table() -> None:
    found = zn.catalog.find("webhook")
    assert [e.action for e in found] == ["createWebhook", "fetchWebhooks", "updateWebhook"]
    text = repr(found)
    assert text.splitlines()[0] == '3 endpoints matching "webhook"'
    assert text.splitlines()[1].split() == ["module", "action", "kind", "summary"]
    assert "Endpoint(" not in text
    assert all(len(line) <= 80 for line in text.splitlines())
    assert "<td>fetchWebhooks</td>" in found._repr_html_()


def test_find_without_matches_says_so() -> None:
    assert "0 endpoints matching" in repr(zn.catalog.find("no-such-thing"))


def test_session_endpoints_filters_by_module_and_words() -> None:
    s = zn.connect(sandbox=True, current=False)
    df = s.endpoints("edge", search="customer")
    assert set(df["module"]) == {"edge"} and len(df) >= 2
    assert all("customer" in " ".join(map(str, row)).lower() for row in df.itertuples())
    first = repr(df).splitlines()[0]
    assert first.startswith('endpoints edge "customer"')
    assert "summary" in repr(df)  # the summary is shown before the parameter list


@pytest.mark.parametrize(
    ("line", "actions"),
    [("list webhook", {"createWebhook", "fetchWebhooks", "updateWebhook"}),
     ("list account webhook", {"createWebhook", "fetchWebhooks", "updateWebhook"}),
     ("list edge customer", {"createCustomer", "getCustomer", "buildCustomerProfileSetup", "setupPaymentMethod"})],
    ids=["words", "module-and-words", "edge-customer"],
)
def test_list_searches_with_words(ip: InteractiveShell, line: str, actions: set[str]) -> None:
    table = ip.run_line_magic("zyntro", line)
    assert actions <= {row[1] for row in table.rows}
    assert "matching" in table.title


def test_list_typo_of_a_module_suggests_it(ip: InteractiveShell) -> None:
    with pytest.raises(UsageError, match="did you mean crm"):
        ip.run_line_magic("zyntro", "list crmm")
