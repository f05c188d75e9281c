"""``zyntro-nb demo``: a short tour of the toolkit against the in-process sandbox.

It bootstraps identifiers from the developer secret, fetches the organization,
looks up and fetches contacts, pages through enrollments and shows one
documented error with its fix — as terminal tables. Nothing leaves the process.

Example::

    $ zyntro-nb demo
"""

from __future__ import annotations

import warnings
from typing import TextIO

from .._errors import ZyntroError


def _step(out: TextIO, number: int, title: str, code: str) -> None:
    out.write(f"\n── {number}. {title}\n   >>> {code}\n")


def run_demo(out: TextIO) -> int:
    """Run the tour, writing to ``out``; returns a process exit code."""
    import zyntro_nb as zn

    from .._connect.bootstrap import BootstrapChoiceWarning
    from .._frames.display import render_text
    from ..sandbox import Sandbox

    sandbox = Sandbox()
    secret = sandbox.credentials["developer_secret"]
    out.write(
        "zyntro_nb demo — talking to the SANDBOX (in-process, seeded demo data; nothing real is touched)\n"
    )

    _step(out, 1, "Bootstrap a session from the developer secret alone (developers/fetchIdentifiers)",
          's = zn.connect(sandbox=True, developer_secret="zdk_…", bootstrap=True)')
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", BootstrapChoiceWarning)  # its notes are printed below
        session = zn.connect(sandbox=sandbox, developer_secret=secret, bootstrap=True)
    out.write(render_text(session.call("developers", "fetchIdentifiers"), max_columns=6) + "\n")
    out.write(f"\n   session: {session!r}\n")
    for note in session.bootstrap_notes:
        out.write(f"   {note}\n")

    _step(out, 2, "The organization", "s.account.fetchOrganization()")
    out.write(render_text(session.account.fetchOrganization(), max_columns=6) + "\n")

    _step(out, 3, "Look up a contact by free text, then fetch it with its notes",
          's.crm.lookupContact(search_string="Jane Smith"); s.crm.fetchContact(contact_id=…, include_notes=1)')
    found = session.crm.lookupContact(search_string="Jane Smith")
    contact_id = str(found.loc[0, "contact_id"]) if "contact_id" in found.columns and len(found) else (
        "a1b2c3d4-e5f6-7890-abcd-ef1234567890"
    )
    contact = session.crm.fetchContact(contact_id=contact_id, include_notes=1)
    wanted = ["first_name", "last_name", "email", "contact_role_label", "contact_status", "contact_source",
              "notes"]
    out.write(render_text(contact[[c for c in wanted if c in contact.columns]], title="crm/fetchContact") + "\n")

    _step(out, 4, "Every enrollment, across pages, summarized by status",
          's.edge.getEnrollments(all_pages=True).groupby("ts_status").size()')
    enrollments = session.edge.getEnrollments(all_pages=True)
    meta = enrollments.attrs.get("zyntro", {})
    out.write(f"   {len(enrollments)} enrollments in {meta.get('pages')} pages of 50\n")
    summary = enrollments.groupby("ts_status").size().rename("enrollments").reset_index()
    out.write(render_text(summary, title="enrollments by status") + "\n")

    _step(out, 5, "A documented error and its fix",
          'zn.connect(sandbox=True, api_key="SBX-NOT-A-REAL-KEY").account.fetchOrganization()')
    try:
        zn.Session(api_key="SBX-NOT-A-REAL-KEY", org_id=session.config.org_id, brand_id=1,
                   base_url="http://sandbox.local", transport=sandbox.transport(), env={}).call(
            "account", "fetchOrganization")
    except ZyntroError as error:
        out.write("   " + error.summary().replace("\n", "\n   ") + "\n")

    out.write(
        "\nNext: open notebooks/01-quickstart.ipynb, or in IPython: %load_ext zyntro_nb then "
        "%zyntro connect --sandbox\n"
    )
    return 0
