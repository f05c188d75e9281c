"""Write ``webinar-leads-import.csv``, the registration export that ``07-bulk-import.ipynb`` imports.

The file is committed; run this again only to change it (it is deterministic)::

    python notebooks/data/make_webinar_import.py

It imitates the full export a webinar tool hands marketing: one row per registration with
the name, email and phone the person typed, their company and the profile questions of the
registration form (industry, company size, budget, buying timeline), whether they confirmed
their email (double opt-in) and their phone (SMS reminder), and whether they attended. The
people are invented (``example.com`` addresses), so importing them creates new contacts.

Like real exports it is a little messy: three people registered twice (the same email
typed differently), and two rows have neither an email nor a phone, which the API refuses.
Standard library only.
"""

from __future__ import annotations

import csv
import random
from pathlib import Path

OUT = Path(__file__).with_name("webinar-leads-import.csv")
SEED = 20260312
PEOPLE = 120
FIELDS = ["registered_at", "first_name", "last_name", "email", "phone", "company", "industry", "company_size",
          "budget_usd", "timeline", "email_confirmed", "sms_confirmed", "attended", "minutes_watched"]
FIRST = ["Ada", "Alan", "Grace", "Linus", "Margaret", "Dennis", "Barbara", "Ken", "Frances", "John", "Radia",
         "Tim", "Hedy", "Donald", "Katherine", "Edsger", "Sophie", "Niklaus", "Shafi", "Vint", "Anita", "Guido",
         "Yukihiro", "Bjarne", "Lovisa", "Tomás", "Amara", "Mei", "Olu", "Priya"]
LAST = ["Lovelace", "Turing", "Hopper", "Torvalds", "Hamilton", "Ritchie", "Liskov", "Thompson", "Allen",
        "Backus", "Perlman", "Berners", "Lamarr", "Knuth", "Johnson", "Dijkstra", "Wilson", "Wirth", "Goldwasser",
        "Cerf", "Borg", "Rossum", "Matsumoto", "Stroustrup", "Berg", "Ortega", "Okafor", "Chen", "Adeyemi", "Rao"]
COMPANIES = [("Northwind Traders", "Retail"), ("Contoso Analytics", "Software"), ("Fabrikam Health", "Healthcare"),
             ("Tailspin Logistics", "Logistics"), ("Wide World Importers", "Retail"),
             ("Adatum Finance", "Financial services"), ("Litware Labs", "Software"),
             ("Proseware Energy", "Energy"), ("Woodgrove Capital", "Financial services"),
             ("Lucerne Publishing", "Media"), ("Alpine Ski House", "Hospitality"), ("Coho Vineyard", "Food & drink")]
TIMELINES = ["this quarter", "next quarter", "this year", "just researching"]


def main() -> None:
    rng = random.Random(SEED)
    rows = []
    used: set[str] = set()
    for n in range(PEOPLE):
        first, last = rng.choice(FIRST), rng.choice(LAST)
        company, industry = rng.choice(COMPANIES)
        domain = company.lower().split()[0] + ".example.com"
        email = f"{first.lower()}.{last.lower()}@{domain}".replace("á", "a")
        if email in used:
            email = f"{first.lower()}.{last.lower()}{n}@{domain}"
        used.add(email)
        answered = rng.random() < 0.75  # filled in the optional profile questions
        attended = rng.random() < 0.6
        rows.append({
            "registered_at": f"2026-03-{1 + n // 12:02d} {9 + n % 9:02d}:{(n * 7) % 60:02d}:00",
            "first_name": first, "last_name": last, "email": email,
            "phone": f"+1 555 01{n:02d}" if rng.random() < 0.5 else "",
            "company": company,
            "industry": industry if answered else "",
            "company_size": str(rng.choice([8, 25, 60, 150, 400, 1200])) if answered else "",
            "budget_usd": str(rng.choice([2000, 5000, 12000, 30000])) if answered and rng.random() < 0.8 else "",
            "timeline": rng.choice(TIMELINES) if answered else "",
            "email_confirmed": "yes" if rng.random() < 0.8 else "no",
            "sms_confirmed": "yes" if rng.random() < 0.3 else "no",
            "attended": "yes" if attended else "no",
            "minutes_watched": str(rng.randrange(5, 61) if attended else 0),
        })
    for n in (7, 33, 90):  # registered twice: the same email, typed in capitals the second time
        again = dict(rows[n], registered_at="2026-03-11 18:00:00", email=rows[n]["email"].upper())
        rows.append(again)
    for first, last in (("Sam", "Unknown"), ("Alex", "Noemail")):  # no email, no phone: the API refuses
        rows.append({**{k: "" for k in FIELDS}, "registered_at": "2026-03-11 19:30:00", "first_name": first,
                     "last_name": last, "company": "Freelance", "email_confirmed": "no", "sms_confirmed": "no",
                     "attended": "no", "minutes_watched": "0"})
    rows.sort(key=lambda r: (r["registered_at"], r["last_name"]))
    with OUT.open("w", newline="", encoding="utf-8") as out:
        writer = csv.DictWriter(out, fieldnames=FIELDS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    print(f"wrote {len(rows)} rows to {OUT}")


if __name__ == "__main__":
    main()
