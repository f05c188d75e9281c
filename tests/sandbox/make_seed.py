"""Generate the sandbox's seed fixture ``zyntro_nb/sandbox/seed.json.gz``.

The fixture is committed; the sandbox only ever reads it. Run this script again only
when the seed data should change (it is deterministic: same script, same bytes)::

    python tests/sandbox/make_seed.py

Standard library only, driven by ``random.Random(SEED)``. Row keys are the column
names of ``zyntro_nb/sandbox/_store.py``'s schema. The identifiers published in the
Zyntro API examples (api_key ``UYUJH-…``, org ``42cc1aca-…``, member ``f2470c7f-…``,
contact ``a1b2c3d4-…`` = Jane Smith, calendar ``3d21426f-…``, form ``f1a2b3c4-…``, wallet
``e8932389-…``, webhook ``d4e5f6a7-…``) are fixed here so that published examples run
unchanged against the sandbox; so is a contact whose email is literally the masked
``[email protected]`` that the lookupContact page searches for.
"""

from __future__ import annotations

import gzip
import json
import random
import uuid
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

SEED = 20260401
VERSION = 1
OUT = Path(__file__).resolve().parents[2] / "zyntro_nb" / "sandbox" / "seed.json.gz"

ORG1 = "42cc1aca-3aa5-4339-98d2-480b5b89937b"
ORG2 = "9b7d2e41-6c3f-4a8e-b5d0-1f2a3c4e5d6f"
JANE_MEMBER = "f2470c7f-60b1-4491-b117-8ba0e3e2a53b"
JOHN_MEMBER = "0fa3399e-c1c2-47e6-badd-889b624c77f0"
PRIYA_MEMBER = "41beecaf-4d0f-409f-81ad-84acc77957be"
MARCUS_MEMBER = "6c1d8e2f-3a4b-4c5d-8e9f-0a1b2c3d4e5f"
OLIVIA_MEMBER = "d5e6f7a8-b9c0-4d1e-8f2a-3b4c5d6e7f80"
TOM_MEMBER = "e1f2a3b4-c5d6-4e7f-8a9b-0c1d2e3f4a5b"
JANE_USER = "7d3f0b6e-2c4a-4f1e-9a57-3c1d2e8b9f10"
JANE_CONTACT = "a1b2c3d4-e5f6-7890-abcd-ef1234567890"
CARLOS_CONTACT = "c4a1e2b3-5d6f-4a7b-8c9d-0e1f2a3b4c5d"
EMILY_CONTACT = "e3b0c442-98fc-4c14-9afb-f4c8996fb924"
LIAM_CONTACT = "b1c2d3e4-f5a6-4b7c-8d9e-0f1a2b3c4d5e"
MASKED_CONTACT = "5a6b7c8d-9e0f-4a1b-8c2d-3e4f5a6b7c8d"
# The published pages mask email addresses; lookupContact's example searches for the mask itself.
MASKED_EMAIL = "[email protected]"
MAIN_WALLET = "e8932389-bca5-4e6e-b9f1-bf46e16e8435"
JANE_WALLET = "f9a43490-dcb6-5f7f-c0g2-cg57f27f9546"
ORG2_WALLET = "0c9e8d7f-6a5b-4c3d-9e2f-1a0b9c8d7e6f"
CAL_JANE = "3d21426f-9042-40d9-a0b2-94037f551d51"  # the published createEvent calendar
SCHED_JANE = "8a7b6c5d-4e3f-4a2b-9c1d-0e9f8a7b6c5d"
FORM_CONTACT = "f1a2b3c4-d5e6-7890-abcd-ef1234567890"  # the published getFormFields form
FORM_DRAFT = "6f5e4d3c-2b1a-4098-8f7e-d6c5b4a39281"
BI_TOPUP = "bi_4f2a9c1e7b3d5a80"
BI_OVERAGE = "bi_5a3b0d2f8c4e6b91"
BI_THRESHOLD = "bi_6b4c1e3a9d5f7ca2"
BI_INVOICE = "bi_7c5d2f4b0e6a8db3"
BC_JANE = "bc_7f3a9c2e5b1d4a60"
BC_DECLINE = "bc_d3c11e0002a4b7f9"
BC_PENDING = "bc_9e8d7c6b5a4f3e21"
# Acme Labs, the primary organization's second brand (brand 2): its own form and billing (acme_labs()).
LABS_SEED = SEED + 2
FORM_LABS = "a7b8c9d0-1e2f-4a3b-8c4d-5e6f7a8b9c0d"
BI_LABS_CREDITS = "bi_8d6e3a5c1f7b9e04"
BI_LABS_SEAT = "bi_9e7f4b6d2a8c0f15"
BI_LABS_RETAINER = "bi_af805c7e3b9d1a26"

FIRST = ("James Mary Robert Patricia Michael Linda David Elizabeth William Barbara Richard Susan Joseph "
         "Jessica Thomas Sarah Charles Karen Daniel Lisa Matthew Nancy Anthony Sandra Mark Ashley Steven "
         "Kimberly Andrew Donna Joshua Michelle Kevin Emily Brian Amanda George Melissa Timothy Deborah "
         "Ryan Stephanie Jacob Rebecca Nicholas Laura Eric Sharon Jonathan Cynthia Aisha Mateo Yuki Omar "
         "Ingrid Rahul Chloe Diego Fatima Lucas Mei Noah Zara Hugo Amara Felix Leila Ethan Sofia").split()
LAST = ("Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez Hernandez Lopez Gonzalez "
        "Wilson Anderson Thomas Taylor Moore Jackson Martin Lee Perez Thompson White Harris Sanchez Clark "
        "Ramirez Lewis Robinson Walker Young Allen King Wright Scott Torres Nguyen Hill Flores Green Adams "
        "Nelson Baker Hall Rivera Campbell Mitchell Carter Roberts Okafor Tanaka Haddad Lindqvist Kapoor "
        "Dubois Moreau Fischer Rossi Novak Kowalski Silva Costa Murphy Kelly Byrne").split()
ADJ = ("Blue Bright Silver Northern Summit Clear Rapid Golden Green Iron Crystal Pacific Atlas Cedar "
       "Harbor Quantum Vertex Nimbus Apex Meridian Beacon Evergreen Redwood Lumen Sterling Orbit").split()
NOUN = ("Harbor Path Peak Field River Bridge Stone Wave Grove Ridge Forge Signal Spark Point Loop "
        "Canyon Key Labs Works Vista").split()
SUFFIX = ("Analytics Logistics Health Software Partners Consulting Media Robotics Foods Energy Capital "
          "Design Studio Systems Retail Labs Security Learning").split()
INDUSTRIES = ("SaaS", "Healthcare", "Logistics", "Retail", "Finance", "Education", "Manufacturing", "Media")
ROLES = ("CEO", "CTO", "VP Sales", "Marketing Manager", "Operations Lead", "Founder", "Head of Growth",
         "Procurement Manager", "Product Manager", "Office Manager")
SOURCES = ("Webinar", "Website", "Referral", "Event", "Ads", "Cold Outreach", "Partner")
STATUS_WEIGHTS = (("Lead", 40), ("Active", 25), ("Customer", 25), ("Churned", 10))
CITIES = (("New York", "NY", "US", "America/New_York"), ("Austin", "TX", "US", "America/Chicago"),
          ("San Francisco", "CA", "US", "America/Los_Angeles"), ("Denver", "CO", "US", "America/Denver"),
          ("Boston", "MA", "US", "America/New_York"), ("Toronto", "ON", "CA", "America/Toronto"),
          ("London", "", "GB", "Europe/London"), ("Berlin", "", "DE", "Europe/Berlin"))
NOTES = ("Asked for a pricing sheet for 25 seats.", "Prefers email over phone.",
         "Interested in the Q3 onboarding cohort.", "Met at the Boston SaaS meetup.",
         "Budget approval expected next month.", "Evaluating two competitors.",
         "Requested a follow-up demo with their CTO.", "Renewal discussion scheduled.")
SENTIMENTS = ("positive", "neutral", "negative", "curious")


class Gen:
    def __init__(self) -> None:
        self.rng = random.Random(SEED)
        self.tables: dict[str, list[dict[str, Any]]] = {}
        self.emails: set[str] = set()
        self.base = datetime(2026, 4, 1, 9, 0, 0)

    def uid(self) -> str:
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    def hexid(self, prefix: str) -> str:
        return prefix + f"{self.rng.getrandbits(64):016x}"

    def ts(self, days_back_max: int, days_back_min: int = 0) -> str:
        seconds = self.rng.randint(days_back_min * 86400, days_back_max * 86400)
        return (self.base - timedelta(seconds=seconds)).strftime("%Y-%m-%d %H:%M:%S")

    def add(self, table: str, row: dict[str, Any]) -> dict[str, Any]:
        self.tables.setdefault(table, []).append(row)
        return row

    def phone(self) -> str:
        return f"+1{self.rng.randint(201, 989)}{self.rng.randint(2000000, 9899999)}"

    def email(self, first: str, last: str, domain: str) -> str:
        base = f"{first}.{last}".lower().replace("'", "")
        candidate, n = f"{base}@{domain}", 1
        while candidate in self.emails:
            n += 1
            candidate = f"{base}{n}@{domain}"
        self.emails.add(candidate)
        return candidate


def organizations(g: Gen) -> None:
    week = ("monday", "tuesday", "wednesday", "thursday", "friday")
    g.add("orgs", {
        "org_id": ORG1, "org_name": "Acme Corp", "org_tagline": "AI Powers Your Growth",
        "org_website": "https://acme.example.com", "org_email": "hello@acme.example.com",
        "org_industry": "SaaS", "org_language": "en-US", "org_timezone": "America/New_York",
        "org_reach": "National", "org_stage": "Growth", "org_address": "123 Main St",
        "org_city": "New York", "org_state": "NY", "org_zip": "10001", "org_country": "US",
        "org_working_hours": {d: {"start": "09:00", "end": "17:00"} for d in week},
        "default_wallet": MAIN_WALLET, "org_active": 1,
        "edge_settings": {"default_gateway": "stripe", "currency": "USD", "min_initial_amount": 1.0,
                          "pause_after_failures": 3, "setup_brand_number": 32},
    })
    g.add("orgs", {
        "org_id": ORG2, "org_name": "Northwind Studio", "org_tagline": "Design that ships",
        "org_website": "https://northwind.example.org", "org_email": "studio@northwind.example.org",
        "org_industry": "Design", "org_language": "en-GB", "org_timezone": "Europe/London",
        "org_reach": "Regional", "org_stage": "Seed", "org_address": "4 Canal Walk",
        "org_city": "London", "org_state": "", "org_zip": "N1 9AA", "org_country": "GB",
        "org_working_hours": {d: {"start": "08:30", "end": "16:30"} for d in week[:4]},
        "default_wallet": ORG2_WALLET, "org_active": 1,
        "edge_settings": {"default_gateway": None, "currency": "GBP", "min_initial_amount": 1.0,
                          "pause_after_failures": 3, "setup_brand_number": 57},
    })
    for brand_id, org, name in (("1", ORG1, "Acme Corp"), ("2", ORG1, "Acme Labs"), ("3", ORG2, "Northwind")):
        g.add("brands", {"brand_id": brand_id, "brand_orgid": org, "brand_name": name})


def people(g: Gen) -> None:
    team = (
        (JANE_MEMBER, ORG1, JANE_USER, "Jane", "Smith", "UYUJH-XXXXXXXXXXXX-XXXXXXXXXXXX-XXXXX", 1, "Admin",
         "Founder & CEO", "Leadership", "America/New_York", 1),
        (JOHN_MEMBER, ORG1, g.uid(), "John", "Doe", "SBX-JDOE-4Q7X2M9K1P3R-8H5T6W2Y4Z7N-0B1C2", 1, "Employee",
         "Account Executive", "Sales", "America/Chicago", 0),
        (PRIYA_MEMBER, ORG1, g.uid(), "Priya", "Patel", "SBX-PPAT-INACTIVE0001-9G8F7E6D5C4B-3A2Z1", 0,
         "Employee", "Marketing Specialist", "Marketing", "America/New_York", 0),
        (MARCUS_MEMBER, ORG1, g.uid(), "Marcus", "Chen", "SBX-MCHN-2W4E6R8T0Y1U-3I5O7P9A2S4D-6F8G0", 1,
         "Employee", "Customer Success Manager", "Success", "America/Los_Angeles", 0),
        (OLIVIA_MEMBER, ORG2, g.uid(), "Olivia", "Bennett", "SBX-OBEN-NORTHWIND001-5K6L7M8N9P0Q-1R2S3", 1,
         "Admin", "Studio Director", "Leadership", "Europe/London", 1),
        (TOM_MEMBER, ORG2, g.uid(), "Tom", "Fraser", "SBX-TFRA-NORTHWIND002-4T5U6V7W8X9Y-0Z1A2", 1,
         "Employee", "Designer", "Design", "Europe/London", 0),
    )
    for n, (mid, org, user, first, last, key, active, role, title, dept, tz, owner) in enumerate(team, 1):
        domain = "acme.example.com" if org == ORG1 else "northwind.example.org"
        email = f"{first.lower()}.{last.lower()}@{domain}"
        g.add("users", {"user_id": user, "api_key": key, "user_email": email, "user_active": active})
        g.add("members", {
            "member_id": mid, "member_orgid": org, "member_userid": user, "member_fname": first,
            "member_lname": last, "member_email": email, "member_phone": g.phone(),
            "member_avatar_image": f"https://avatars.example.com/{first.lower()}.png",
            "member_job_title": title, "member_employee_id": f"EMP-{n:04d}", "member_role": role,
            "member_department": dept,
            "member_email_signature": f"<p>{first} {last}<br>{title}</p>",
            "member_sms_signature": f"- {first}", "member_timezone": tz,
            "member_status": "active" if active else "inactive", "member_is_owner": owner,
        })
    keys = (
        ("zdk_your_developer_secret", JANE_USER, "Primary integration", 1, ["127.0.0.1", "::1", "testclient"]),
        ("zdk_sandbox_northwind_5f1c9e2a7b", g.tables["users"][4]["user_id"], "Northwind automation", 1,
         ["127.0.0.1", "127.0.0.2", "::1", "testclient"]),
        ("zdk_sandbox_revoked_0d4e8a", JANE_USER, "Old laptop (revoked)", 0, ["127.0.0.1", "::1"]),
    )
    for secret, user, label, active, whitelist in keys:
        g.add("dev_keys", {"dk_secret": secret, "dk_userid": user, "dk_label": label, "dk_active": active,
                           "dk_whitelist": whitelist})


def pipeline(g: Gen) -> dict[str, dict[str, list[str]]]:
    layouts = {
        ORG1: ("Sales Pipeline", "From first touch to renewal", {
            "Acquisition": ("New Lead", "Contacted", "Qualified"),
            "Conversion": ("Proposal Sent", "Negotiation", "Closed Won"),
            "Retention": ("Onboarding", "Active Customer", "Churn Risk"),
        }),
        ORG2: ("Studio Projects", "Enquiry to delivery", {
            "Enquiry": ("New Enquiry", "Discovery Call"),
            "Delivery": ("In Progress", "Delivered"),
        }),
    }
    stage_ids: dict[str, dict[str, list[str]]] = {}
    for org, (name, desc, phases) in layouts.items():
        board = g.uid()
        g.add("boards", {"board_id": board, "board_orgid": org, "board_name": name, "board_description": desc})
        stage_ids[org] = {}
        order = 0
        for phase_order, (phase, stages) in enumerate(phases.items(), 1):
            stage_ids[org][phase] = []
            for stage in stages:
                order += 1
                sid = g.uid()
                stage_ids[org][phase].append(sid)
                g.add("stages", {
                    "stage_id": sid, "stage_boardid": board, "stage_phase": phase,
                    "stage_phase_order": phase_order, "stage_name": stage,
                    "stage_description": f"{stage} stage of the {phase.lower()} phase",
                    "stage_entry_criteria": f"Contact meets the {stage.lower()} definition",
                    "stage_exit_criteria": "Owner moves the contact on", "stage_fulfillment": "manual",
                    "stage_display_order": order,
                })
    return stage_ids


CONTACT_CF = (("cf_industry", "Industry", "dropdown"), ("cf_company_size", "Company size", "number"),
              ("cf_budget", "Budget (USD)", "number"), ("cf_timeline", "Buying timeline", "text"),
              ("cf_linkedin", "LinkedIn URL", "url"))


def custom_fields(g: Gen) -> None:
    for tag, label, kind in CONTACT_CF:
        g.add("custom_fields", {"cf_id": g.uid(), "cf_orgid": ORG1, "cf_brandid": "1", "cf_tag": tag,
                                "cf_label": label, "cf_type": kind, "cf_applies_to": "contact"})
    g.add("custom_fields", {"cf_id": g.uid(), "cf_orgid": ORG1, "cf_brandid": "1", "cf_tag": "cf_annual_revenue",
                            "cf_label": "Annual revenue", "cf_type": "number", "cf_applies_to": "entity"})
    for tag, label in (("cf_project_type", "Project type"), ("cf_budget", "Budget (GBP)")):
        g.add("custom_fields", {"cf_id": g.uid(), "cf_orgid": ORG2, "cf_brandid": "3", "cf_tag": tag,
                                "cf_label": label, "cf_type": "text", "cf_applies_to": "contact"})


def cf_values(g: Gen, first: str, last: str, industry: str, filled: int) -> dict[str, Any]:
    values = {"cf_industry": industry, "cf_company_size": g.rng.choice((5, 12, 40, 120, 600, 2400)),
              "cf_budget": g.rng.choice((2500, 10000, 25000, 60000)),
              "cf_timeline": g.rng.choice(("This quarter", "Next quarter", "This year", "Exploring")),
              "cf_linkedin": f"https://linkedin.example.com/in/{first.lower()}-{last.lower()}"}
    keys = list(values)
    g.rng.shuffle(keys)
    return {k: values[k] for k in sorted(keys[:filled])}


def entity_row(g: Gen, org: str, name: str, industry: str, city: tuple[str, ...]) -> dict[str, Any]:
    slug = name.lower().replace(" ", "")
    return g.add("entities", {
        "ent_id": g.uid(), "ent_orgid": org, "ent_name": name, "ent_label": "Company",
        "ent_status": g.rng.choice(("Prospect", "Customer", "Partner")),
        "ent_website": f"https://{slug}.example.com", "ent_location": f"{city[0]}, {city[2]}",
        "ent_industry": industry, "ent_tags": sorted(g.rng.sample(("b2b", "smb", "enterprise", "priority",
                                                                     "trial"), 2)),
        "ent_socials": {"linkedin": f"https://linkedin.example.com/company/{slug}"},
        "ent_custom_fields": {"cf_annual_revenue": g.rng.choice((250000, 1200000, 8000000))} if org == ORG1 else {},
        "ent_created_at": g.ts(480, 200), "ent_updated_at": g.ts(200, 10),
    })


def contact_row(g: Gen, **fields: Any) -> dict[str, Any]:
    row: dict[str, Any] = {
        "cont_id": g.uid(), "cont_orgid": ORG1, "cont_brandid": "1", "cont_entity_id": None,
        "cont_owner": JANE_MEMBER, "cont_salutation": "", "cont_fname": "", "cont_lname": "",
        "cont_primary_email": None, "cont_secondary_email": None, "cont_primary_phone": None,
        "cont_secondary_phone": None, "cont_role_label": "", "cont_status": "Lead", "cont_source": "Website",
        "cont_stage_id": None, "cont_address": "", "cont_address_line2": "", "cont_city": "",
        "cont_state": "", "cont_zip": "", "cont_country": "", "cont_country_code": "",
        "cont_timezone": "America/New_York", "cont_email_optout": 0, "cont_sms_optout": 0,
        "cont_do_not_call": 0, "cont_do_not_automate": 0, "cont_email_verified": 1,
        "cont_phone_verified": 1, "cont_is_test_contact": 0, "cont_auto_engage": 1,
        "cont_visible_to_others": 1, "cont_editable_by_others": 0, "cont_tags": [],
        "cont_custom_fields": {}, "cont_created_at": g.ts(450, 30), "cont_updated_at": g.ts(30, 1),
    }
    row.update(fields)
    return g.add("contacts", row)


def contacts(g: Gen, stages: dict[str, dict[str, list[str]]]) -> None:
    org1_stages = stages[ORG1]
    # The contacts published in examples, plus a few fixed ones the tests rely on.
    jane_ent = entity_row(g, ORG1, "BrightPath Analytics", "SaaS", CITIES[0])
    g.emails.add("jane.smith@brightpath.example.com")
    contact_row(g, cont_id=JANE_CONTACT, cont_entity_id=jane_ent["ent_id"], cont_fname="Jane",
                cont_lname="Smith", cont_salutation="Ms.", cont_primary_email="jane.smith@brightpath.example.com",
                cont_primary_phone="+12125550142", cont_role_label="VP Sales", cont_status="Active",
                cont_source="Referral", cont_stage_id=org1_stages["Conversion"][1], cont_city="New York",
                cont_state="NY", cont_country="United States", cont_country_code="US", cont_tags=["vip"],
                cont_custom_fields=cf_values(g, "Jane", "Smith", "SaaS", 5),
                cont_created_at="2025-06-12 14:03:00", cont_updated_at="2026-03-28 10:15:00")
    carlos_ent = entity_row(g, ORG1, "NorthPeak Logistics", "Logistics", CITIES[1])
    g.emails.add("carlos.rivera@northpeak.example.com")
    contact_row(g, cont_id=CARLOS_CONTACT, cont_entity_id=carlos_ent["ent_id"], cont_owner=JOHN_MEMBER,
                cont_fname="Carlos", cont_lname="Rivera", cont_primary_email="carlos.rivera@northpeak.example.com",
                cont_primary_phone="+15125550177", cont_role_label="Operations Lead", cont_status="Lead",
                cont_source="Webinar", cont_stage_id=org1_stages["Acquisition"][1], cont_city="Austin",
                cont_state="TX", cont_country="United States", cont_country_code="US",
                cont_timezone="America/Chicago", cont_email_optout=1, cont_sms_optout=1,
                cont_custom_fields=cf_values(g, "Carlos", "Rivera", "Logistics", 5))
    g.emails.add("emily.watson@lumenworks.example.com")
    contact_row(g, cont_id=EMILY_CONTACT, cont_entity_id=entity_row(g, ORG1, "Lumen Works", "Media",
                                                                   CITIES[4])["ent_id"],
                cont_fname="Emily", cont_lname="Watson", cont_primary_email="emily.watson@lumenworks.example.com",
                cont_primary_phone="+16175550123", cont_role_label="Marketing Manager", cont_status="Lead",
                cont_source="Website", cont_stage_id=org1_stages["Acquisition"][0], cont_city="Boston",
                cont_state="MA", cont_country="United States", cont_country_code="US",
                cont_custom_fields=cf_values(g, "Emily", "Watson", "Media", 3))
    companies = []
    used = {"BrightPath Analytics", "NorthPeak Logistics", "Lumen Works"}
    while len(companies) < 120:
        name = f"{g.rng.choice(ADJ)} {g.rng.choice(NOUN)} {g.rng.choice(SUFFIX)}"
        if name not in used:
            used.add(name)
            companies.append(entity_row(g, ORG1, name, g.rng.choice(INDUSTRIES), g.rng.choice(CITIES)))
    owners = (JANE_MEMBER, JOHN_MEMBER, JOHN_MEMBER, MARCUS_MEMBER, MARCUS_MEMBER, PRIYA_MEMBER)
    statuses = [s for s, w in STATUS_WEIGHTS for _ in range(w)]
    phase_for = {"Lead": "Acquisition", "Active": "Conversion", "Customer": "Retention", "Churned": "Retention"}
    for _ in range(517):
        first, last = g.rng.choice(FIRST), g.rng.choice(LAST)
        ent = g.rng.choice(companies)
        domain = ent["ent_website"].removeprefix("https://")
        status = g.rng.choice(statuses)
        phase_stages = org1_stages[phase_for[status]]
        stage = phase_stages[-1] if status == "Churned" else g.rng.choice(phase_stages[:2])
        city = g.rng.choice(CITIES)
        contact_row(
            g, cont_entity_id=ent["ent_id"], cont_owner=g.rng.choice(owners),
            cont_brandid="2" if g.rng.random() < 0.15 else "1", cont_fname=first, cont_lname=last,
            cont_primary_email=g.email(first, last, domain), cont_primary_phone=g.phone(),
            cont_role_label=g.rng.choice(ROLES), cont_status=status, cont_source=g.rng.choice(SOURCES),
            cont_stage_id=stage, cont_city=city[0], cont_state=city[1], cont_country_code=city[2],
            cont_country={"US": "United States", "CA": "Canada", "GB": "United Kingdom", "DE": "Germany"}[city[2]],
            cont_timezone=city[3], cont_email_optout=int(g.rng.random() < 0.08),
            cont_sms_optout=int(g.rng.random() < 0.10), cont_do_not_call=int(g.rng.random() < 0.05),
            cont_email_verified=int(g.rng.random() < 0.8), cont_phone_verified=int(g.rng.random() < 0.65),
            cont_tags=sorted(g.rng.sample(("newsletter", "webinar-2026", "trial", "enterprise", "smb"),
                                          g.rng.randint(0, 2))),
            cont_custom_fields=cf_values(g, first, last, ent["ent_industry"], g.rng.randint(0, 5)),
        )
    # The second organization: a small studio with its own contacts.
    studio = [entity_row(g, ORG2, f"{g.rng.choice(ADJ)} {g.rng.choice(SUFFIX)} Ltd", "Design", CITIES[6])
              for _ in range(8)]
    g.emails.add("liam.oconnor@harbourfilms.example.co.uk")
    contact_row(g, cont_id=LIAM_CONTACT, cont_orgid=ORG2, cont_brandid="3", cont_owner=OLIVIA_MEMBER,
                cont_entity_id=studio[0]["ent_id"], cont_fname="Liam", cont_lname="O'Connor",
                cont_primary_email="liam.oconnor@harbourfilms.example.co.uk", cont_primary_phone="+442079460011",
                cont_status="Customer", cont_source="Referral", cont_stage_id=stages[ORG2]["Delivery"][0],
                cont_timezone="Europe/London", cont_country="United Kingdom", cont_country_code="GB",
                cont_custom_fields={"cf_project_type": "Brand refresh"})
    for _ in range(39):
        first, last = g.rng.choice(FIRST), g.rng.choice(LAST)
        ent = g.rng.choice(studio)
        contact_row(g, cont_orgid=ORG2, cont_brandid="3", cont_owner=g.rng.choice((OLIVIA_MEMBER, TOM_MEMBER)),
                    cont_entity_id=ent["ent_id"], cont_fname=first, cont_lname=last,
                    cont_primary_email=g.email(first, last, ent["ent_website"].removeprefix("https://")),
                    cont_primary_phone=f"+4420{g.rng.randint(70000000, 79999999)}",
                    cont_status=g.rng.choice(statuses), cont_source=g.rng.choice(SOURCES),
                    cont_stage_id=g.rng.choice(stages[ORG2]["Enquiry"]), cont_timezone="Europe/London",
                    cont_country="United Kingdom", cont_country_code="GB")


def timeline(g: Gen) -> None:
    members_of = {ORG1: (JANE_MEMBER, JOHN_MEMBER, MARCUS_MEMBER), ORG2: (OLIVIA_MEMBER, TOM_MEMBER)}
    profile_id = 0
    for contact in g.tables["contacts"]:
        cid, org = contact["cont_id"], contact["cont_orgid"]
        is_jane = cid == JANE_CONTACT
        for _ in range(2 if is_jane else (g.rng.randint(1, 3) if g.rng.random() < 0.4 else 0)):
            created = g.ts(120, 2)
            g.add("notes", {"note_id": g.uid(), "note_contid": cid, "note_memberid": contact["cont_owner"],
                            "note_content": g.rng.choice(NOTES), "note_visibility": int(g.rng.random() < 0.7),
                            "note_editable": int(g.rng.random() < 0.3), "note_created_at": created,
                            "note_updated_at": created})
        if is_jane or g.rng.random() < 0.3:
            profile_id += 1
            source = g.rng.choice(("LinkedIn", "Clearbit", "Website Form", "Google"))
            g.add("profiles", {"profile_id": profile_id, "profile_contid": cid, "profile_source": source,
                               "profile_payload": {
                                   "summary": f"{contact['cont_fname']} {contact['cont_lname']} works as "
                                              f"{contact['cont_role_label'] or 'a team member'}.",
                                   "seniority": g.rng.choice(("junior", "mid", "senior", "executive"))},
                               "profile_created_at": g.ts(200, 5)})
        for _ in range(3 if is_jane else g.rng.randint(0, 4)):
            kind = g.rng.choice(("email", "sms", "call", "message"))
            topic = g.rng.choice(("pricing", "onboarding", "a demo", "renewal"))
            g.add("comms", {"comms_id": g.uid(), "comms_contid": cid,
                            "comms_memberid": g.rng.choice(members_of[org]), "comms_type": kind,
                            "comms_data": f"{kind.title()} about {topic}",
                            "comms_source": g.rng.choice(("Gmail", "Twilio", "Aircall", "Intercom")),
                            "comms_sentiment": g.rng.choice(SENTIMENTS), "comms_next": "Follow up in a week",
                            "comms_status": "processed", "comms_created_at": g.ts(90, 1)})


def audiences(g: Gen) -> None:
    segments = (
        ("1", "Primary Target Audience", "high_value_prospects", "demographic", "Quality, Price, Customer Service"),
        ("1", "Growth-Stage Founders", "growth_founders", "firmographic", "Speed, Integrations, Support"),
        ("1", "Operations Leaders", "ops_leaders", "behavioral", "Reliability, Reporting, Cost"),
        ("3", "Creative Agencies", "creative_agencies", "firmographic", "Portfolio, Turnaround, Price"),
    )
    for brand, label, tag, kind, drivers in segments:
        sid = g.uid()
        g.add("audiences", {"seg_id": sid, "seg_brandid": brand, "seg_doc": {
            "segment_id": sid, "created_at": "2025-01-15 10:30:00", "updated_at": "2025-01-15 14:45:00",
            "initiated_by": JANE_MEMBER if brand != "3" else OLIVIA_MEMBER, "segment_label": label,
            "segment_tag": tag, "segment_type": kind, "segment_decision_drivers": drivers,
            "segment_pain_points": ["time_constraints", "budget_limitations"],
            "segment_use_cases": ["lead_generation", "customer_retention"], "segment_tone": "professional_friendly",
            "reasoning": f"{label} convert best according to last year's pipeline."}})


def scheduling(g: Gen) -> None:
    weekdays = ("monday", "tuesday", "wednesday", "thursday", "friday")
    cal_marcus, cal_studio = g.uid(), g.uid()
    for cal, org, member, name, tz in (
        (CAL_JANE, ORG1, JANE_MEMBER, "Jane Smith - Discovery Calls", "America/New_York"),
        (cal_marcus, ORG1, MARCUS_MEMBER, "Customer Success Check-ins", "America/Los_Angeles"),
        (cal_studio, ORG2, OLIVIA_MEMBER, "Studio Consultations", "Europe/London"),
    ):
        g.add("calendars", {"cal_id": cal, "cal_orgid": org, "cal_memberid": member, "cal_name": name,
                            "cal_timezone": tz})
    for sid, cal, name, tz, blocks, slot, gap, cap in (
        (SCHED_JANE, CAL_JANE, "Discovery call (30 min)", "America/New_York",
         {d: [["09:00", "12:00"], ["13:00", "17:00"]] for d in weekdays}, 30, 15, 6),
        (g.uid(), CAL_JANE, "Quick chat (15 min)", "America/New_York",
         {"tuesday": [["14:00", "16:00"]], "thursday": [["14:00", "16:00"]]}, 15, 0, 8),
        (g.uid(), cal_marcus, "Check-in (45 min)", "America/Los_Angeles",
         {d: [["08:00", "15:00"]] for d in weekdays}, 45, 15, 5),
        (g.uid(), cal_studio, "Consultation (60 min)", "Europe/London",
         {d: [["10:00", "16:00"]] for d in weekdays[:4]}, 60, 30, 3),
    ):
        g.add("schedules", {"sched_id": sid, "sched_calid": cal, "sched_name": name, "sched_timezone": tz,
                            "sched_blocks": blocks, "sched_slot_minutes": slot, "sched_gap_minutes": gap,
                            "sched_max_slots_per_day": cap})
    # Monday 2026-04-06 10:30-11:00 New York (EDT) is booked: 14:30-15:00 UTC.
    booked = (
        (CAL_JANE, CARLOS_CONTACT, "Discovery call with Carlos Rivera", "2026-04-06 14:30:00", "2026-04-06 15:00:00"),
        (CAL_JANE, JANE_CONTACT, "Quarterly review", "2026-04-08 17:00:00", "2026-04-08 18:00:00"),
        (cal_marcus, EMILY_CONTACT, "Onboarding check-in", "2026-04-07 16:00:00", "2026-04-07 16:45:00"),
    )
    for cal, contact, title, start, end in booked:
        g.add("events", {"ev_id": g.uid(), "ev_orgid": ORG1, "ev_calid": cal, "ev_contid": contact,
                         "ev_memberid": JANE_MEMBER if cal == CAL_JANE else MARCUS_MEMBER, "ev_title": title,
                         "ev_description": "", "ev_start_utc": start, "ev_end_utc": end,
                         "ev_timezone": "America/New_York", "ev_location_type": "video",
                         "ev_meeting_url": "https://meet.example.com/sbx-seeded", "ev_attendees": [],
                         "ev_status": "confirmed", "ev_created_at": "2026-03-30 12:00:00"})


def forms(g: Gen) -> None:
    def field(kind: str, label: str, maps: str | None, req: bool, key: str, placeholder: str = "",
              options: list[str] | None = None) -> dict[str, Any]:
        out = {"field_id": g.uid(), "type": kind, "label": label, "maps_to": maps, "required": req,
               "answer_key": key, "placeholder": placeholder}
        if options:
            out["options"] = options
        return out

    # The first three fields in the published example's order.
    contact_us = [
        field("textField", "First Name", "cont_fname", True, "first_name", "Enter your first name"),
        field("emailField", "Email Address", "cont_primary_email", True, "email", "you@example.com"),
        field("dropdownField", "What are you interested in?", None, True, "interest", "",
              ["Product demo", "Pricing", "Partnership", "Support"]),
        field("textField", "Last Name", "cont_lname", False, "last_name", "Enter your last name"),
        field("phoneField", "Phone", "cont_primary_phone", False, "phone", "+1 555 0100"),
        field("textareaField", "Message", None, False, "message", "How can we help?"),
        field("textField", "Buying timeline", "cf_timeline", False, "timeline", "This quarter"),
    ]
    webinar = [
        field("textField", "Full Name", "cont_fname", True, "name", "Your name"),
        field("emailField", "Work Email", "cont_primary_email", True, "email", "you@company.com"),
        field("textField", "Company", "ent_name", False, "company", "Company name"),
    ]
    survey = [field("ratingField", "How likely are you to recommend us?", None, True, "nps", "0-10")]
    studio = [field("textField", "Name", "cont_fname", True, "name", ""),
              field("emailField", "Email", "cont_primary_email", True, "email", "")]
    for fid, org, brand, name, status, fields in (
        (FORM_CONTACT, ORG1, "1", "Contact Us", "published", contact_us),
        (g.uid(), ORG1, "1", "Spring Webinar Registration", "published", webinar),
        (FORM_DRAFT, ORG1, "1", "Customer Survey (draft)", "draft", survey),
        (g.uid(), ORG2, "3", "Project Enquiry", "published", studio),
    ):
        g.add("forms", {"form_id": fid, "form_orgid": org, "form_brandid": brand, "form_name": name,
                        "form_status": status, "form_fields": fields})
    for contact in g.rng.sample(g.tables["contacts"][:520], 12):
        g.add("submissions", {"sub_id": g.uid(), "sub_formid": FORM_CONTACT, "sub_contid": contact["cont_id"],
                              "sub_answers": {"first_name": contact["cont_fname"],
                                              "email": contact["cont_primary_email"], "interest": "Pricing"},
                              "sub_ip_data": {"ip_address": "198.51.100.7", "city": "New York", "country":
                                              "United States", "country_code": "US",
                                              "timezone": "America/New_York", "lattitude": "40.71",
                                              "longitude": "-74.00"},
                              "sub_created_at": g.ts(60, 1)})


def account(g: Gen) -> None:
    g.add("webhooks", {
        "wh_id": "d4e5f6a7-b8c9-0123-defg-456789012345", "wh_orgid": ORG1, "wh_name": "CRM Sync Webhook",
        "wh_endpoint": "https://example.com/zyntro-webhook", "wh_events": ["new_contact", "form_filled",
                                                                           "invoice_paid"],
        "wh_status": "active", "wh_timeout": 30, "wh_auth_type": "bearer",
        "wh_auth_data": {"value": "sandbox-bearer-token"}, "wh_secret": "whsec_sandbox_seeded_0001",
        "wh_created_at": "2026-03-13 13:40:11", "wh_updated_at": "2026-03-30 15:59:37",
        "wh_last_status": "success", "wh_retry_count": 3, "wh_retry_delay": 60, "wh_failure_count": 0,
        "wh_last_triggered": "2026-03-30 15:59:37"})
    g.add("webhooks", {
        "wh_id": g.uid(), "wh_orgid": ORG2, "wh_name": "Studio Slack relay",
        "wh_endpoint": "https://hooks.northwind.example.org/zyntro", "wh_events": ["form_filled"],
        "wh_status": "paused", "wh_timeout": 15, "wh_auth_type": "none", "wh_auth_data": None,
        "wh_secret": "whsec_sandbox_seeded_0002", "wh_created_at": "2026-02-02 09:00:00",
        "wh_updated_at": "2026-02-02 09:00:00", "wh_last_status": "failed", "wh_retry_count": 3,
        "wh_retry_delay": 60, "wh_failure_count": 4, "wh_last_triggered": "2026-03-01 11:00:00"})
    for wid, org, kind, label, cents, member, updated in (
        (MAIN_WALLET, ORG1, "organization", "Main Wallet", 14250, None, "2026-03-31T18:30:00+00:00"),
        (JANE_WALLET, ORG1, "member", "Jane's Wallet", 7525, JANE_MEMBER, "2026-03-30T12:00:00+00:00"),
        (g.uid(), ORG1, "member", "John's Wallet", 2000, JOHN_MEMBER, "2026-03-29T08:15:00+00:00"),
        (ORG2_WALLET, ORG2, "organization", "Studio Wallet", 10, None, "2026-03-20T10:00:00+00:00"),
        (g.uid(), ORG2, "member", "Olivia's Wallet", 1250, OLIVIA_MEMBER, "2026-03-21T10:00:00+00:00"),
    ):
        g.add("wallets", {"wallet_id": wid, "wallet_orgid": org, "wallet_type": kind, "wallet_label": label,
                          "wallet_cents": cents, "wallet_memberid": member, "wallet_last_update": updated})


def edge(g: Gen) -> None:
    items = (
        (BI_TOPUP, ORG1, "1", "Wallet Auto-Topup $200", "active", 200.0, "off_session", "fixed", "lte", 15.0,
         "When wallet balance <= $15, charge $200", 0, None),
        (BI_OVERAGE, ORG1, "1", "API Overage Pack", "active", 50.0, "off_session", "variable", None, None,
         "Charge for metered overage, amount set per call", 1, 500.0),
        (BI_THRESHOLD, ORG1, "1", "Seat Threshold Charge", "active", 25.0, "off_session", "threshold", "gte", 10.0,
         "When active seats >= 10, charge $25", 0, None),
        (BI_INVOICE, ORG1, "1", "Annual Plan Invoice", "active", 1500.0, "client_confirm", "event", None, None,
         "Invoice the annual plan when the customer upgrades", 0, None),
        (g.hexid("bi_"), ORG1, "1", "Legacy Setup Fee", "archived", 99.0, "off_session", "fixed", None, None,
         "Retired one-off setup fee", 0, None),
        (g.hexid("bi_"), ORG2, "3", "Retainer Top-up", "active", 300.0, "off_session", "fixed", None, None,
         "Top up the design retainer", 0, None),
    )
    for bi, org, brand, name, status, price, capture, mode, cond, thr, desc, override, cap in items:
        g.add("billable_items", {"bi_id": bi, "bi_orgid": org, "bi_brandid": brand, "bi_name": name,
                                 "bi_type": "trigger", "bi_status": status, "bi_unit_price": price,
                                 "bi_capture_mode": capture, "bi_trigger_mode": mode,
                                 "bi_trigger_condition": cond, "bi_trigger_threshold": thr,
                                 "bi_trigger_description": desc, "bi_allow_amount_override": override,
                                 "bi_max_amount": cap})
    org1_contacts = [c for c in g.tables["contacts"] if c["cont_orgid"] == ORG1]
    fixed = {JANE_CONTACT: BC_JANE, CARLOS_CONTACT: BC_DECLINE}
    chosen = [c for c in org1_contacts if c["cont_id"] in fixed]
    chosen += g.rng.sample([c for c in org1_contacts[3:] if c["cont_id"] not in fixed], 98)
    active_items = (BI_TOPUP, BI_OVERAGE, BI_THRESHOLD, BI_INVOICE)
    for n, contact in enumerate(chosen):
        bc = fixed.get(contact["cont_id"]) or g.hexid("bc_")
        declines = bc == BC_DECLINE or n % 23 == 7
        last4 = "0002" if declines else g.rng.choice(("4242", "4444", "1881", "0005"))
        g.add("billing_customers", {
            "bc_id": bc, "bc_orgid": ORG1, "bc_brandid": "1", "bc_contid": contact["cont_id"],
            "bc_status": "active", "bc_gateway": "stripe",
            "bc_payment_data": {"pm_id": f"pm_sbx_{bc[3:11]}", "pm_label": f"Visa •••• {last4}",
                                "customer_id": f"cus_sbx_{bc[3:11]}", "last4": last4},
            "bc_allow_trigger": 1, "bc_initial_charged": 1, "bc_notes": "", "bc_meta": {},
            "bc_dt": g.ts(300, 40)})
        count = 1 if n % 3 else 2
        for item in ((BI_TOPUP,) if bc in (BC_JANE, BC_DECLINE) else g.rng.sample(active_items, count)):
            status = "active"
            roll = g.rng.random()
            if bc not in fixed.values() and roll < 0.07:
                status = "paused"
            elif bc not in fixed.values() and roll < 0.13:
                status = "cancelled"
            g.add("enrollments", {
                "ts_id": g.hexid("ts_"), "ts_orgid": ORG1, "ts_contid": contact["cont_id"], "ts_status": status,
                "ts_billable_item_id": item, "ts_billing_customer_id": bc, "ts_dt": g.ts(300, 40),
                "ts_last_triggered_at": g.ts(30, 2) if bc != BC_DECLINE else None,
                "ts_last_charge_status": _last_charge_status(bc, status),
                "ts_consecutive_failures": 3 if status == "paused" else 0})
    g.add("billing_customers", {
        "bc_id": BC_PENDING, "bc_orgid": ORG1, "bc_brandid": "1", "bc_contid": EMILY_CONTACT,
        "bc_status": "pending", "bc_gateway": "stripe", "bc_payment_data": {}, "bc_allow_trigger": 1,
        "bc_initial_charged": 0, "bc_notes": "Waiting for card details", "bc_meta": {"crm_ref": "EW-1"},
        "bc_dt": "2026-03-29 16:00:00"})
    org2_bc = g.hexid("bc_")
    g.add("billing_customers", {
        "bc_id": org2_bc, "bc_orgid": ORG2, "bc_brandid": "3", "bc_contid": LIAM_CONTACT, "bc_status": "active",
        "bc_gateway": "paypal", "bc_payment_data": {"pm_id": "ba_sbx_liam", "pm_label": "PayPal liam@…",
                                                   "customer_id": "pp_sbx_liam", "last4": ""},
        "bc_allow_trigger": 1, "bc_initial_charged": 1, "bc_notes": "", "bc_meta": {}, "bc_dt": "2026-01-10 10:00:00"})
    g.add("enrollments", {
        "ts_id": g.hexid("ts_"), "ts_orgid": ORG2, "ts_contid": LIAM_CONTACT, "ts_status": "active",
        "ts_billable_item_id": items[-1][0], "ts_billing_customer_id": org2_bc, "ts_dt": "2026-01-10 10:05:00",
        "ts_last_triggered_at": None, "ts_last_charge_status": None, "ts_consecutive_failures": 0})


def published_lookup(g: Gen) -> None:
    """The contact the lookupContact page finds: its email is the page's mask, verbatim.

    Added last and without random draws, so every other seeded row stays as it was.
    """
    g.tables["contacts"].append({
        **g.tables["contacts"][0], "cont_id": MASKED_CONTACT, "cont_entity_id": None, "cont_salutation": "",
        "cont_fname": "Casey", "cont_lname": "Example", "cont_primary_email": MASKED_EMAIL,
        "cont_primary_phone": None, "cont_role_label": "", "cont_status": "Lead", "cont_source": "Website",
        "cont_stage_id": g.tables["contacts"][2]["cont_stage_id"], "cont_city": "", "cont_state": "",
        "cont_country": "", "cont_country_code": "", "cont_is_test_contact": 1, "cont_email_verified": 0,
        "cont_phone_verified": 0, "cont_tags": ["published-example"], "cont_custom_fields": {},
        "cont_created_at": "2026-03-02 09:00:00", "cont_updated_at": "2026-03-02 09:00:00",
    })


def acme_labs(g: Gen) -> None:
    """Brand 2 (Acme Labs) of the primary organization: a published form with submissions, billable items,
    billing customers and enrollments of its own, so that a report run for brand 2 is not brand 1's.

    Added last, from a random generator of its own, so every row seeded before stays exactly as it was
    (brand 1's answers do not change). Its enrollments start after all of brand 1's, so brand 1's come
    first in ``edge/getEnrollments``'s organization-wide order, and there are 16 of them: the
    organization then has 150, three full pages of 50.
    """
    g.rng = random.Random(LABS_SEED)
    fields = [
        {"field_id": g.uid(), "type": "textField", "label": "First Name", "maps_to": "cont_fname", "required": True,
         "answer_key": "first_name", "placeholder": "Your first name"},
        {"field_id": g.uid(), "type": "emailField", "label": "Work Email", "maps_to": "cont_primary_email",
         "required": True, "answer_key": "email", "placeholder": "you@lab.example.org"},
        {"field_id": g.uid(), "type": "dropdownField", "label": "What brings you to Acme Labs?", "maps_to": None,
         "required": True, "answer_key": "interest", "placeholder": "",
         "options": ["Beta access", "Pricing", "Research partnership"]},
        {"field_id": g.uid(), "type": "textField", "label": "Lab or company", "maps_to": "ent_name",
         "required": False, "answer_key": "company", "placeholder": "Where you work"},
        {"field_id": g.uid(), "type": "textareaField", "label": "What would you build?", "maps_to": None,
         "required": False, "answer_key": "message", "placeholder": "A sentence or two"},
    ]
    g.add("forms", {"form_id": FORM_LABS, "form_orgid": ORG1, "form_brandid": "2",
                    "form_name": "Acme Labs Beta Signup", "form_status": "published", "form_fields": fields})
    labs_contacts = [c for c in g.tables["contacts"] if c["cont_brandid"] == "2" and c["cont_primary_email"]]
    # Signups come from leads, billing customers are customers.
    for contact in g.rng.sample([c for c in labs_contacts if c["cont_status"] == "Lead"], 7):
        g.add("submissions", {"sub_id": g.uid(), "sub_formid": FORM_LABS, "sub_contid": contact["cont_id"],
                              "sub_answers": {"first_name": contact["cont_fname"],
                                              "email": contact["cont_primary_email"],
                                              "interest": g.rng.choice(("Beta access", "Research partnership"))},
                              "sub_ip_data": {"ip_address": "198.51.100.23", "city": "", "country": "",
                                              "country_code": "", "timezone": "UTC", "lattitude": "",
                                              "longitude": ""},
                              "sub_created_at": g.ts(45, 1)})
    items = (
        (BI_LABS_CREDITS, "Labs Compute Credits", 80.0, "off_session", "variable", None, None,
         "Charge for GPU hours used, amount set per call", 1, 1000.0),
        (BI_LABS_SEAT, "Labs Beta Seat", 49.0, "off_session", "fixed", None, None,
         "Monthly seat in the Labs beta", 0, None),
        (BI_LABS_RETAINER, "Labs Research Retainer", 900.0, "client_confirm", "event", None, None,
         "Invoice the research retainer when a project starts", 0, None),
    )
    for bi, name, price, capture, mode, cond, thr, desc, override, cap in items:
        g.add("billable_items", {"bi_id": bi, "bi_orgid": ORG1, "bi_brandid": "2", "bi_name": name,
                                 "bi_type": "trigger", "bi_status": "active", "bi_unit_price": price,
                                 "bi_capture_mode": capture, "bi_trigger_mode": mode,
                                 "bi_trigger_condition": cond, "bi_trigger_threshold": thr,
                                 "bi_trigger_description": desc, "bi_allow_amount_override": override,
                                 "bi_max_amount": cap})
    billed = [c for c in labs_contacts if c["cont_status"] == "Customer" and not any(
        b["bc_contid"] == c["cont_id"] for b in g.tables["billing_customers"])]
    # (item, status, last charge, consecutive failures) per enrollment: mostly healthy, a few of each problem.
    plan = [
        (BI_LABS_CREDITS, "active", "succeeded", 0), (BI_LABS_CREDITS, "active", "succeeded", 0),
        (BI_LABS_CREDITS, "active", "succeeded", 0), (BI_LABS_CREDITS, "active", "failed", 1),
        (BI_LABS_CREDITS, "paused", "failed", 3), (BI_LABS_CREDITS, "active", None, 0),
        (BI_LABS_SEAT, "active", "succeeded", 0), (BI_LABS_SEAT, "active", "succeeded", 0),
        (BI_LABS_SEAT, "active", "succeeded", 0), (BI_LABS_SEAT, "active", "succeeded", 0),
        (BI_LABS_SEAT, "active", "failed", 2), (BI_LABS_SEAT, "paused", "failed", 3),
        (BI_LABS_SEAT, "cancelled", "succeeded", 0), (BI_LABS_RETAINER, "active", "succeeded", 0),
        (BI_LABS_RETAINER, "active", None, 0), (BI_LABS_RETAINER, "active", "succeeded", 0),
    ]
    customers = []
    for contact in g.rng.sample(billed, 12):
        bc = g.hexid("bc_")
        last4 = g.rng.choice(("4242", "4444", "1881", "0005"))
        customers.append(g.add("billing_customers", {
            "bc_id": bc, "bc_orgid": ORG1, "bc_brandid": "2", "bc_contid": contact["cont_id"],
            "bc_status": "active", "bc_gateway": "stripe",
            "bc_payment_data": {"pm_id": f"pm_sbx_{bc[3:11]}", "pm_label": f"Mastercard •••• {last4}",
                                "customer_id": f"cus_sbx_{bc[3:11]}", "last4": last4},
            "bc_allow_trigger": 1, "bc_initial_charged": 1, "bc_notes": "", "bc_meta": {},
            "bc_dt": g.ts(40, 38)}))
    # Twelve customers, sixteen enrollments: the first four customers hold two items each.
    holders = customers + customers[:4]
    for (item, status, last, failures), customer in zip(plan, holders, strict=True):
        g.add("enrollments", {
            "ts_id": g.hexid("ts_"), "ts_orgid": ORG1, "ts_contid": customer["bc_contid"], "ts_status": status,
            "ts_billable_item_id": item, "ts_billing_customer_id": customer["bc_id"], "ts_dt": g.ts(37, 8),
            "ts_last_triggered_at": g.ts(7, 1) if last else None, "ts_last_charge_status": last,
            "ts_consecutive_failures": failures})


def _last_charge_status(bc: str, status: str) -> str | None:
    """Never charged for the declining card; a paused enrollment's last charge failed."""
    if bc == BC_DECLINE:
        return None
    return "failed" if status == "paused" else "succeeded"


def build() -> dict[str, Any]:
    g = Gen()
    organizations(g)
    people(g)
    stages = pipeline(g)
    custom_fields(g)
    contacts(g, stages)
    timeline(g)
    audiences(g)
    scheduling(g)
    forms(g)
    account(g)
    edge(g)
    published_lookup(g)
    acme_labs(g)
    return {"version": VERSION, "tables": g.tables}


def main() -> None:
    data = json.dumps(build(), separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    OUT.write_bytes(gzip.compress(data, compresslevel=9, mtime=0))
    print(f"wrote {OUT} ({OUT.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
