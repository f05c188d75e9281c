"""The sandbox's SQLite store: schema, seeding from the shipped fixture, ids and row helpers.

The fixture ``seed.json.gz`` is loaded into an in-memory template database once per
process; every new in-memory sandbox gets a copy through ``Connection.backup``, which
is much faster than re-inserting the rows. A file database is seeded the same way on
first use and keeps its state across runs.

Example::

    >>> conn = open_database(None)
    >>> conn.execute("SELECT COUNT(*) FROM orgs").fetchone()[0]
    2
"""

from __future__ import annotations

import gzip
import json
import os
import sqlite3
import threading
import uuid
from collections.abc import Iterable, Mapping
from importlib import resources
from typing import Any

SEED_RESOURCE = "seed.json.gz"
SCHEMA_VERSION = "1"
_ID_NAMESPACE = uuid.UUID("5b0e8f7c-7a61-4d3e-9a0e-2f6c1d9b3a10")

# Columns holding JSON documents: decoded on read, encoded on write.
JSON_COLUMNS = frozenset({
    "org_working_hours", "dk_whitelist", "ent_tags", "ent_socials", "ent_custom_fields",
    "cont_tags", "cont_custom_fields", "profile_payload", "seg_doc", "sched_blocks",
    "ev_attendees", "form_fields", "sub_answers", "sub_ip_data", "wh_events", "wh_auth_data",
    "bc_payment_data", "bc_meta", "edge_settings",
})

SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE orgs (
    org_id TEXT PRIMARY KEY, org_name TEXT, org_tagline TEXT, org_website TEXT, org_email TEXT,
    org_industry TEXT, org_language TEXT, org_timezone TEXT, org_reach TEXT, org_stage TEXT,
    org_address TEXT, org_city TEXT, org_state TEXT, org_zip TEXT, org_country TEXT,
    org_working_hours TEXT, default_wallet TEXT, org_active INTEGER, edge_settings TEXT);
CREATE TABLE brands (brand_id TEXT PRIMARY KEY, brand_orgid TEXT, brand_name TEXT);
CREATE TABLE users (user_id TEXT PRIMARY KEY, api_key TEXT UNIQUE, user_email TEXT, user_active INTEGER);
CREATE TABLE members (
    member_id TEXT PRIMARY KEY, member_orgid TEXT, member_userid TEXT, member_fname TEXT,
    member_lname TEXT, member_email TEXT, member_phone TEXT, member_avatar_image TEXT,
    member_job_title TEXT, member_employee_id TEXT, member_role TEXT, member_department TEXT,
    member_email_signature TEXT, member_sms_signature TEXT, member_timezone TEXT,
    member_status TEXT, member_is_owner INTEGER);
CREATE TABLE dev_keys (
    dk_secret TEXT PRIMARY KEY, dk_userid TEXT, dk_label TEXT, dk_active INTEGER, dk_whitelist TEXT);
CREATE TABLE entities (
    ent_id TEXT PRIMARY KEY, ent_orgid TEXT, ent_name TEXT, ent_label TEXT, ent_status TEXT,
    ent_website TEXT, ent_location TEXT, ent_industry TEXT, ent_tags TEXT, ent_socials TEXT,
    ent_custom_fields TEXT, ent_created_at TEXT, ent_updated_at TEXT);
CREATE TABLE contacts (
    cont_id TEXT PRIMARY KEY, cont_orgid TEXT, cont_brandid TEXT, cont_entity_id TEXT,
    cont_owner TEXT, cont_salutation TEXT, cont_fname TEXT, cont_lname TEXT,
    cont_primary_email TEXT, cont_secondary_email TEXT, cont_primary_phone TEXT,
    cont_secondary_phone TEXT, cont_role_label TEXT, cont_status TEXT, cont_source TEXT,
    cont_stage_id TEXT, cont_address TEXT, cont_address_line2 TEXT, cont_city TEXT,
    cont_state TEXT, cont_zip TEXT, cont_country TEXT, cont_country_code TEXT,
    cont_timezone TEXT, cont_email_optout INTEGER, cont_sms_optout INTEGER,
    cont_do_not_call INTEGER, cont_do_not_automate INTEGER, cont_email_verified INTEGER,
    cont_phone_verified INTEGER, cont_is_test_contact INTEGER, cont_auto_engage INTEGER,
    cont_visible_to_others INTEGER, cont_editable_by_others INTEGER, cont_tags TEXT,
    cont_custom_fields TEXT, cont_created_at TEXT, cont_updated_at TEXT);
CREATE INDEX contacts_org_email ON contacts (cont_orgid, cont_primary_email);
CREATE TABLE notes (
    note_id TEXT PRIMARY KEY, note_contid TEXT, note_memberid TEXT, note_content TEXT,
    note_visibility INTEGER, note_editable INTEGER, note_created_at TEXT, note_updated_at TEXT);
CREATE INDEX notes_cont ON notes (note_contid);
CREATE TABLE profiles (
    profile_id INTEGER PRIMARY KEY AUTOINCREMENT, profile_contid TEXT, profile_source TEXT,
    profile_payload TEXT, profile_created_at TEXT);
CREATE INDEX profiles_cont ON profiles (profile_contid);
CREATE TABLE comms (
    comms_id TEXT PRIMARY KEY, comms_contid TEXT, comms_memberid TEXT, comms_type TEXT,
    comms_data TEXT, comms_source TEXT, comms_sentiment TEXT, comms_next TEXT,
    comms_status TEXT, comms_created_at TEXT);
CREATE INDEX comms_cont ON comms (comms_contid);
CREATE TABLE boards (board_id TEXT PRIMARY KEY, board_orgid TEXT, board_name TEXT, board_description TEXT);
CREATE TABLE stages (
    stage_id TEXT PRIMARY KEY, stage_boardid TEXT, stage_phase TEXT, stage_phase_order INTEGER,
    stage_name TEXT, stage_description TEXT, stage_entry_criteria TEXT, stage_exit_criteria TEXT,
    stage_fulfillment TEXT, stage_display_order INTEGER);
CREATE TABLE custom_fields (
    cf_id TEXT PRIMARY KEY, cf_orgid TEXT, cf_brandid TEXT, cf_tag TEXT, cf_label TEXT,
    cf_type TEXT, cf_applies_to TEXT);
CREATE TABLE audiences (seg_id TEXT PRIMARY KEY, seg_brandid TEXT, seg_doc TEXT);
CREATE TABLE calendars (
    cal_id TEXT PRIMARY KEY, cal_orgid TEXT, cal_memberid TEXT, cal_name TEXT, cal_timezone TEXT);
CREATE TABLE schedules (
    sched_id TEXT PRIMARY KEY, sched_calid TEXT, sched_name TEXT, sched_timezone TEXT,
    sched_blocks TEXT, sched_slot_minutes INTEGER, sched_gap_minutes INTEGER,
    sched_max_slots_per_day INTEGER);
CREATE TABLE events (
    ev_id TEXT PRIMARY KEY, ev_orgid TEXT, ev_calid TEXT, ev_contid TEXT, ev_memberid TEXT,
    ev_title TEXT, ev_description TEXT, ev_start_utc TEXT, ev_end_utc TEXT, ev_timezone TEXT,
    ev_location_type TEXT, ev_meeting_url TEXT, ev_attendees TEXT, ev_status TEXT,
    ev_created_at TEXT);
CREATE INDEX events_cal ON events (ev_calid, ev_start_utc);
CREATE TABLE forms (
    form_id TEXT PRIMARY KEY, form_orgid TEXT, form_brandid TEXT, form_name TEXT,
    form_status TEXT, form_fields TEXT);
CREATE TABLE submissions (
    sub_id TEXT PRIMARY KEY, sub_formid TEXT, sub_contid TEXT, sub_answers TEXT,
    sub_ip_data TEXT, sub_created_at TEXT);
CREATE TABLE webhooks (
    wh_id TEXT PRIMARY KEY, wh_orgid TEXT, wh_name TEXT, wh_endpoint TEXT, wh_events TEXT,
    wh_status TEXT, wh_timeout INTEGER, wh_auth_type TEXT, wh_auth_data TEXT, wh_secret TEXT,
    wh_created_at TEXT, wh_updated_at TEXT, wh_last_status TEXT, wh_retry_count INTEGER,
    wh_retry_delay INTEGER, wh_failure_count INTEGER, wh_last_triggered TEXT);
CREATE TABLE wallets (
    wallet_id TEXT PRIMARY KEY, wallet_orgid TEXT, wallet_type TEXT, wallet_label TEXT,
    wallet_cents INTEGER, wallet_memberid TEXT, wallet_last_update TEXT);
CREATE TABLE wallet_ledger (
    wl_id TEXT PRIMARY KEY, wl_walletid TEXT, wl_cents INTEGER, wl_reason TEXT, wl_created_at TEXT);
CREATE TABLE billable_items (
    bi_id TEXT PRIMARY KEY, bi_orgid TEXT, bi_brandid TEXT, bi_name TEXT, bi_type TEXT,
    bi_status TEXT, bi_unit_price REAL, bi_capture_mode TEXT, bi_trigger_mode TEXT,
    bi_trigger_condition TEXT, bi_trigger_threshold REAL, bi_trigger_description TEXT,
    bi_allow_amount_override INTEGER, bi_max_amount REAL);
CREATE TABLE billing_customers (
    bc_id TEXT PRIMARY KEY, bc_orgid TEXT, bc_brandid TEXT, bc_contid TEXT, bc_status TEXT,
    bc_gateway TEXT, bc_payment_data TEXT, bc_allow_trigger INTEGER, bc_initial_charged INTEGER,
    bc_notes TEXT, bc_meta TEXT, bc_dt TEXT);
CREATE TABLE enrollments (
    ts_id TEXT PRIMARY KEY, ts_orgid TEXT, ts_contid TEXT, ts_status TEXT,
    ts_billable_item_id TEXT, ts_billing_customer_id TEXT, ts_dt TEXT,
    ts_last_triggered_at TEXT, ts_last_charge_status TEXT, ts_consecutive_failures INTEGER);
CREATE TABLE charges (
    charge_id TEXT PRIMARY KEY, ch_orgid TEXT, ch_bi_id TEXT, ch_bc_id TEXT, ch_ts_id TEXT,
    ch_amount REAL, ch_status TEXT, ch_success INTEGER, ch_gateway TEXT, ch_currency TEXT,
    ch_invoice_id TEXT, ch_gateway_ref TEXT, ch_failure_code TEXT, ch_captured_at TEXT,
    ch_epoch REAL, ch_response TEXT);
CREATE INDEX charges_pair ON charges (ch_bi_id, ch_bc_id, ch_epoch);
"""

_template: sqlite3.Connection | None = None
_template_lock = threading.Lock()


def load_fixture() -> dict[str, Any]:
    """The shipped seed fixture as a dict ``{"version": ..., "tables": {name: [row, ...]}}``."""
    raw = resources.files("zyntro_nb.sandbox").joinpath(SEED_RESOURCE).read_bytes()
    return json.loads(gzip.decompress(raw))


def _connect(target: str) -> sqlite3.Connection:
    conn = sqlite3.connect(target, check_same_thread=False, isolation_level=None)
    conn.row_factory = sqlite3.Row
    return conn


def _build_seeded(conn: sqlite3.Connection) -> None:
    fixture = load_fixture()
    conn.executescript(SCHEMA)
    conn.execute("BEGIN")
    for table, rows in fixture["tables"].items():
        insert_rows(conn, table, rows)
    conn.execute("INSERT INTO meta VALUES ('schema_version', ?)", (SCHEMA_VERSION,))
    conn.execute("INSERT INTO meta VALUES ('seed_version', ?)", (str(fixture["version"]),))
    conn.execute("INSERT INTO meta VALUES ('id_counter', '0')")
    conn.execute("COMMIT")


def _seeded_template() -> sqlite3.Connection:
    global _template
    with _template_lock:
        if _template is None:
            conn = _connect(":memory:")
            _build_seeded(conn)
            _template = conn
        return _template


def open_database(db: str | os.PathLike[str] | None) -> sqlite3.Connection:
    """A connection to a seeded database: a fresh in-memory copy, or the file ``db``.

    A file is seeded when it holds no sandbox schema yet; otherwise its state is kept.
    """
    conn = _connect(":memory:" if db is None else os.fspath(db))
    if db is not None:
        known = conn.execute("SELECT name FROM sqlite_master WHERE name = 'meta'").fetchone()
        if known:
            return conn
    template = _seeded_template()
    with _template_lock:
        template.backup(conn)
    return conn


def reseed(conn: sqlite3.Connection) -> None:
    """Put the seed data back into ``conn``, replacing everything it holds (``POST /__sandbox/reset``)."""
    template = _seeded_template()
    with _template_lock:
        template.backup(conn)


def encode(column: str, value: Any) -> Any:
    """A Python value as stored in ``column`` (JSON columns dumped, booleans as 0/1)."""
    if column in JSON_COLUMNS:
        return None if value is None else json.dumps(value, sort_keys=False)
    if isinstance(value, bool):
        return int(value)
    return value


def decode_row(row: sqlite3.Row | None) -> dict[str, Any] | None:
    """A stored row as a plain dict with JSON columns decoded."""
    if row is None:
        return None
    out = {}
    for key in row.keys():
        value = row[key]
        if key in JSON_COLUMNS and isinstance(value, str):
            value = json.loads(value)
        out[key] = value
    return out


def insert_rows(conn: sqlite3.Connection, table: str, rows: Iterable[Mapping[str, Any]]) -> None:
    for row in rows:
        insert(conn, table, row)


def insert(conn: sqlite3.Connection, table: str, row: Mapping[str, Any]) -> int:
    """Insert one row given as a dict; returns the new rowid."""
    columns = list(row)
    sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
    cursor = conn.execute(sql, [encode(c, row[c]) for c in columns])
    return int(cursor.lastrowid or 0)


def update(conn: sqlite3.Connection, table: str, key: str, key_value: Any, changes: Mapping[str, Any]) -> None:
    """Set ``changes`` on the row whose ``key`` column equals ``key_value``."""
    if not changes:
        return
    assignments = ", ".join(f"{c} = ?" for c in changes)
    values = [encode(c, v) for c, v in changes.items()]
    conn.execute(f"UPDATE {table} SET {assignments} WHERE {key} = ?", [*values, key_value])


def fetch_one(conn: sqlite3.Connection, sql: str, params: Iterable[Any] = ()) -> dict[str, Any] | None:
    return decode_row(conn.execute(sql, tuple(params)).fetchone())


def fetch_all(conn: sqlite3.Connection, sql: str, params: Iterable[Any] = ()) -> list[dict[str, Any]]:
    return [decode_row(r) for r in conn.execute(sql, tuple(params)).fetchall()]  # type: ignore[misc]


def next_id(conn: sqlite3.Connection, kind: str, prefix: str = "") -> str:
    """A new deterministic id: the same sequence of calls gives the same ids.

    The counter lives in the database, so a file database never reuses an id.
    ``prefix`` gives Edge-style ids (``bc_1a2b…``); without it a UUID is returned.
    """
    row = conn.execute("SELECT value FROM meta WHERE key = 'id_counter'").fetchone()
    counter = int(row[0]) + 1
    conn.execute("UPDATE meta SET value = ? WHERE key = 'id_counter'", (str(counter),))
    made = uuid.uuid5(_ID_NAMESPACE, f"{kind}:{counter}")
    return f"{prefix}{made.hex[:16]}" if prefix else str(made)
