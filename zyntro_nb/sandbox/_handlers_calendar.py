"""Calendar endpoints: availability computed from a schedule, and event booking.

Availability rules (sandbox's reading of the published description):

- slots are laid out inside each weekly block of the schedule (in the schedule's
  time zone): ``slot_minutes`` long, ``gap_minutes`` apart, none crossing the block end;
- a slot overlapping a confirmed event of the calendar is busy;
- ``max_slots_per_day`` caps appointments per day: a day with ``b`` events booked
  offers at most ``max - b`` free slots (the earliest ones);
- only slots starting inside ``[start, start + days_ahead days)`` are returned, in
  ``target_timezone`` (default: the calendar's zone).

Example::

    >>> body = {**creds, "calendar_id": CAL, "schedule_id": SCHED, "start_date": "2026-04-06 00:00:00",
    ...         "current_timezone": "America/New_York", "days_ahead": 1}         # doctest: +SKIP
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from . import _contacts as C
from . import _store
from ._request import ApiError, Reply, Request
from ._validate import require_range

STORED = "%Y-%m-%d %H:%M:%S"
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
LOCATION_TYPES = ("video", "phone", "in_person", "custom")


def zone(name: str, field: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ApiError(f"Invalid {field} '{name}': use an IANA time zone such as America/New_York") from None


def parse_local(text: str, field: str, tz: ZoneInfo) -> dt.datetime:
    """``YYYY-MM-DD HH:MM:SS`` (or a bare date) in ``tz``, as an aware datetime."""
    for fmt in (STORED, "%Y-%m-%d %H:%M", "%Y-%m-%d"):
        try:
            return dt.datetime.strptime(text.strip(), fmt).replace(tzinfo=tz)
        except ValueError:
            continue
    raise ApiError(f"Invalid {field} '{text}': use YYYY-MM-DD HH:MM:SS")


def utc_text(moment: dt.datetime) -> str:
    return moment.astimezone(dt.timezone.utc).strftime(STORED)


def _from_utc(text: str) -> dt.datetime:
    return dt.datetime.strptime(text, STORED).replace(tzinfo=dt.timezone.utc)


def find_calendar(req: Request, calendar_id: str) -> dict[str, Any]:
    return req.find("SELECT * FROM calendars WHERE cal_id = ?", "cal_orgid", calendar_id, missing="Calendar not found")


def _day_slots(schedule: dict[str, Any], day: dt.date, tz: ZoneInfo) -> list[tuple[dt.datetime, dt.datetime]]:
    slot = dt.timedelta(minutes=schedule["sched_slot_minutes"])
    step = slot + dt.timedelta(minutes=schedule["sched_gap_minutes"])
    out = []
    for start_text, end_text in (schedule["sched_blocks"] or {}).get(WEEKDAYS[day.weekday()], []):
        start = dt.datetime.combine(day, dt.time.fromisoformat(start_text), tz)
        end = dt.datetime.combine(day, dt.time.fromisoformat(end_text), tz)
        while start + slot <= end:
            out.append((start, start + slot))
            start += step
    return out


def check_availability(req: Request) -> Reply:
    p = req.params
    require_range("days_ahead", p["days_ahead"], 1, 60)
    calendar = find_calendar(req, p["calendar_id"])
    schedule = req.one("SELECT * FROM schedules WHERE sched_id = ? AND sched_calid = ?", p["schedule_id"],
                       calendar["cal_id"])
    if schedule is None:
        raise ApiError("Schedule not found")
    current = zone(p["current_timezone"], "current_timezone")
    target = zone(p["target_timezone"] or calendar["cal_timezone"], "target_timezone")
    sched_tz = zone(schedule["sched_timezone"] or calendar["cal_timezone"], "schedule time zone")
    start = req.now if str(p["start_date"]).lower() == "now" else parse_local(p["start_date"], "start_date", current)
    end = start + dt.timedelta(days=p["days_ahead"])
    events = [(_from_utc(e["ev_start_utc"]), _from_utc(e["ev_end_utc"])) for e in req.all(
        "SELECT ev_start_utc, ev_end_utc FROM events WHERE ev_calid = ? AND ev_status = 'confirmed' "
        "AND ev_start_utc < ? AND ev_end_utc > ?", calendar["cal_id"], utc_text(end + dt.timedelta(days=1)),
        utc_text(start - dt.timedelta(days=1)))]
    slots = []
    day, last_day = start.astimezone(sched_tz).date(), end.astimezone(sched_tz).date()
    while day <= last_day:
        candidates = [s for s in _day_slots(schedule, day, sched_tz) if start <= s[0] < end]
        busy = [s for s in candidates if any(a < s[1] and b > s[0] for a, b in events)]
        if p["mode"] == "busy":
            chosen = busy
        else:
            booked = sum(1 for a, _ in events if a.astimezone(sched_tz).date() == day)
            cap = max(0, schedule["sched_max_slots_per_day"] - booked)
            chosen = [s for s in candidates if s not in busy][:cap]
        for a, b in chosen:
            slots.append({"date": a.astimezone(target).strftime("%Y-%m-%d"),
                          "start": a.astimezone(target).strftime(STORED),
                          "end": b.astimezone(target).strftime(STORED), "timezone": target.key,
                          "start_utc": utc_text(a), "end_utc": utc_text(b)})
        day += dt.timedelta(days=1)
    extra = {"count": len(slots), "mode": p["mode"], "timezone": target.key,
             "calendar_id": calendar["cal_id"], "schedule_id": schedule["sched_id"]}
    return Reply(slots, extra=extra)


def create_event(req: Request) -> Reply:
    """Book an event; times are given in ``event_timezone`` and stored as UTC."""
    p = req.params
    contact = C.find_contact(req, p["contact_id"])
    ed = p["event_data"]
    for key in ("calendar_id", "event_title", "event_start_time", "event_end_time"):
        if not ed.get(key):
            raise ApiError(f"Missing event_data.{key}")
    calendar = find_calendar(req, str(ed["calendar_id"]))
    tz = zone(str(ed.get("event_timezone") or calendar["cal_timezone"]), "event_data.event_timezone")
    start = parse_local(str(ed["event_start_time"]), "event_data.event_start_time", tz)
    end = parse_local(str(ed["event_end_time"]), "event_data.event_end_time", tz)
    if end <= start:
        raise ApiError("event_data.event_end_time must be after event_data.event_start_time")
    location = ed.get("location_type") or "video"
    if location not in LOCATION_TYPES:
        raise ApiError(f"Invalid event_data.location_type '{location}': must be one of {', '.join(LOCATION_TYPES)}")
    attendees = ed.get("attendee_data") or []
    if not isinstance(attendees, list) or not all(isinstance(a, dict) for a in attendees):
        raise ApiError("event_data.attendee_data must be a JSON array of objects")
    clash = req.one("SELECT ev_id FROM events WHERE ev_calid = ? AND ev_status = 'confirmed' AND ev_start_utc < ? "
                    "AND ev_end_utc > ?", calendar["cal_id"], utc_text(end), utc_text(start))
    if clash is not None:
        raise ApiError(f"Time slot is not available: it overlaps event {clash['ev_id']}")
    event_id = req.new_id("event")
    meeting = f"https://meet.example.com/sbx-{event_id[:8]}" if location == "video" else None
    row = {"ev_id": event_id, "ev_orgid": calendar["cal_orgid"], "ev_calid": calendar["cal_id"],
           "ev_contid": contact["cont_id"], "ev_memberid": req.caller.member_id, "ev_title": str(ed["event_title"]),
           "ev_description": str(ed.get("event_description") or ""), "ev_start_utc": utc_text(start),
           "ev_end_utc": utc_text(end), "ev_timezone": tz.key, "ev_location_type": location,
           "ev_meeting_url": meeting, "ev_attendees": attendees, "ev_status": "confirmed",
           "ev_created_at": req.stamp}
    _store.insert(req.conn, "events", row)
    data = {"event_id": event_id, "calendar_id": calendar["cal_id"], "contact_id": contact["cont_id"],
            "event_title": row["ev_title"], "event_start_time": start.strftime(STORED),
            "event_end_time": end.strftime(STORED), "event_timezone": tz.key, "event_start_utc": row["ev_start_utc"],
            "event_end_utc": row["ev_end_utc"], "location_type": location, "meeting_url": meeting,
            "attendees": attendees, "event_status": "confirmed", "invites_sent": len(attendees) + 1}
    return Reply(data, wrote=True)


HANDLERS = {
    ("calendar", "checkAvailability"): check_availability,
    ("calendar", "createEvent"): create_event,
}
