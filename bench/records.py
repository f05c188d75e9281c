"""Deterministic answer data for the frame benchmarks: one wide row (F1) and many nested records (F2).

The records look like Zyntro answers: UUID and numeric-looking string ids, integer ids,
integers with gaps, amounts, booleans, dates as strings, tag lists and nested objects
(one of them sometimes null), 50 columns once flattened.

Example::

    >>> len(nested_records(3)), len(flat_columns(nested_records(1)[0]))
    (3, 50)
"""

from __future__ import annotations

import random
import uuid
from typing import Any

STATUSES = ("active", "paused", "cancelled", "trial")
CITIES = ("Lisbon", "Porto", "Austin", "Leeds", "Lyon", "Graz")
TAGS = ("vip", "newsletter", "b2b", "churn-risk", "beta")


def nested_records(count: int, seed: int = 13) -> list[dict[str, Any]]:
    """``count`` customer-like records with 50 columns once nested objects are flattened."""
    rng = random.Random(seed)
    return [_record(rng, i) for i in range(count)]


def wide_row(seed: int = 7) -> dict[str, Any]:
    """One customer answer: 30 columns once flattened (the F1 case)."""
    rng = random.Random(seed)
    record = _record(rng, 1)
    keep = [*list(record)[:21], "address", "last_charge"]
    return {key: record[key] for key in keep}


def flat_columns(record: dict[str, Any], prefix: str = "") -> list[str]:
    """The dotted column names of one record (for checks)."""
    names: list[str] = []
    for key, value in record.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict) and value:
            names.extend(flat_columns(value, name + "."))
        else:
            names.append(name)
    return names


def _uuid(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def _record(rng: random.Random, i: int) -> dict[str, Any]:
    has_card = rng.random() < 0.8
    return {
        "contact_id": _uuid(rng),
        "bc_id": f"bc_{rng.randrange(10**9):09d}",
        "account_number": f"{rng.randrange(10**12):012d}",  # numeric-looking: must stay a string
        "brand_id": rng.randrange(1, 40),
        "member_id": _uuid(rng),
        "first_name": rng.choice(("Jane", "Ana", "Li", "Omar", "Zoë")),
        "last_name": rng.choice(("Doe", "Silva", "Wei", "Haddad", "Müller")),
        "email": f"user{i}@example.com",
        "phone": None if rng.random() < 0.3 else f"+351{rng.randrange(10**9):09d}",
        "status": rng.choice(STATUSES),
        "is_active": rng.random() < 0.7,
        "allow_trigger": rng.random() < 0.5,
        "balance": round(rng.uniform(-500, 5000), 2),
        "credit_limit": None if rng.random() < 0.2 else rng.randrange(0, 10_000),  # ints with gaps
        "orders": rng.randrange(0, 500),
        "external_ref": rng.randrange(2**60, 2**62),  # beyond float precision
        "score": rng.random(),
        "created_at": f"2026-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d} 10:00:00",
        "updated_at": f"2026-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d} 12:30:00",
        "tags": rng.sample(TAGS, rng.randrange(0, 3)),
        "note_count": rng.randrange(0, 20),
        "locale": rng.choice(("en", "pt", "de", "fr")),
        "timezone": rng.choice(("Europe/Lisbon", "America/Chicago", "Europe/Vienna")),
        "referrer": None if rng.random() < 0.6 else f"ref_{rng.randrange(1000)}",
        "lifetime_value": round(rng.uniform(0, 20_000), 2),
        "discount_pct": None if rng.random() < 0.7 else rng.randrange(5, 50),
        "opt_in": rng.random() < 0.4,
        "address": {
            "street": f"{rng.randrange(1, 300)} Main St",
            "city": rng.choice(CITIES),
            "zip": f"{rng.randrange(10**4, 10**5)}",
            "country": rng.choice(("PT", "US", "GB", "FR", "AT")),
            "geo": {"lat": rng.uniform(-90, 90), "lon": rng.uniform(-180, 180)},
        },
        "bc_payment_data": {
            "pm_id": f"pm_{rng.randrange(10**8)}",
            "pm_label": rng.choice(("Visa", "Mastercard", "Amex")),
            "exp_month": rng.randrange(1, 13),
            "exp_year": rng.randrange(2026, 2032),
            "last4": f"{rng.randrange(10**4):04d}",
        } if has_card else None,
        "plan": {
            "plan_id": rng.randrange(1, 12),
            "name": rng.choice(("basic", "pro", "team")),
            "price": rng.choice((9.99, 19.0, 49.5)),
            "interval": rng.choice(("month", "year")),
            "trial_days": None if rng.random() < 0.5 else 14,
        },
        "custom_fields": {
            "source": rng.choice(("web", "import", "api")),
            "segment": rng.choice(("a", "b", "c")),
            "score_band": rng.randrange(1, 6),
            "consent": rng.random() < 0.9,
        },
        "last_charge": {
            "amount": round(rng.uniform(1, 200), 2),
            "currency": "EUR",
            "succeeded": rng.random() < 0.95,
        },
    }
