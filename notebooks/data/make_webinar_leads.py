"""Write ``webinar-leads.csv``, the event export that ``02-contacts-and-pipeline.ipynb`` starts from.

The file is committed; run this again only to change it (it is deterministic)::

    python notebooks/data/make_webinar_leads.py

It imitates what a marketing tool hands an analyst after a webinar: one row per
registrant with the email they typed (some in capitals, one with stray spaces),
whether they attended, and how many minutes they stayed. The people are taken from
the sandbox's seed data (``zyntro_nb/sandbox/seed.json.gz``), so the notebook finds
them in the sandbox:

- 20 contacts of the sandbox's primary organization, picked with a fixed seed, looked
  up by email;
- 3 more rows where the tool exported the CRM contact id instead of an email (the
  registrant came in through a tracked CRM link);
- 2 emails that exist nowhere (people who never made it into the CRM), and 1 row
  whose contact id is malformed, to show how the notebook records misses.

Standard library only.
"""

from __future__ import annotations

import csv
import gzip
import json
import random
from importlib import resources
from pathlib import Path

OUT = Path(__file__).with_name("webinar-leads.csv")
PRIMARY_ORG = "42cc1aca-3aa5-4339-98d2-480b5b89937b"
SEED = 20260415
FIELDS = ["registered_at", "email", "contact_id", "attended", "minutes_watched"]


def seed_contacts() -> list[dict]:
    raw = resources.files("zyntro_nb.sandbox").joinpath("seed.json.gz").read_bytes()
    tables = json.loads(gzip.decompress(raw))["tables"]
    return [c for c in tables["contacts"] if c["cont_orgid"] == PRIMARY_ORG and c["cont_primary_email"]]


def main() -> None:
    rng = random.Random(SEED)
    contacts = sorted(seed_contacts(), key=lambda c: c["cont_id"])
    picked = rng.sample(contacts, 23)
    rows = []
    for n, contact in enumerate(picked):
        email = contact["cont_primary_email"]
        if n % 7 == 3:
            email = email.upper()  # typed in capitals on the registration page
        if n == 5:
            email = f"  {email} "  # pasted with spaces
        by_id = n >= 20
        rows.append({"email": "" if by_id else email, "contact_id": contact["cont_id"] if by_id else ""})
    rows += [
        {"email": "maria.gonzalez@oldcompany.example.com", "contact_id": ""},
        {"email": "t.nguyen@freelance.example.net", "contact_id": ""},
        {"email": "", "contact_id": "0f3c-not-a-real-id"},
    ]
    rng.shuffle(rows)
    for n, row in enumerate(rows):
        attended = rng.random() < 0.65
        row["registered_at"] = f"2026-03-{10 + n // 3:02d} {9 + n % 8:02d}:{rng.choice((5, 20, 35, 50)):02d}:00"
        row["attended"] = "yes" if attended else "no"
        row["minutes_watched"] = rng.randint(8, 55) if attended else 0
    rows.sort(key=lambda r: r["registered_at"])
    with OUT.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=FIELDS)
        writer.writeheader()
        writer.writerows(rows)
    print(f"wrote {len(rows)} rows to {OUT}")


if __name__ == "__main__":
    main()
