"""Calendar availability and booking; forms fields, submissions and the agent wrapper."""

from __future__ import annotations

import pytest

from .app_support import IP_DATA, Api
from .make_seed import CAL_JANE, EMILY_CONTACT, FORM_CONTACT, FORM_DRAFT, JANE_CONTACT, SCHED_JANE

MONDAY = {"calendar_id": CAL_JANE, "schedule_id": SCHED_JANE, "start_date": "2026-04-06 00:00:00",
          "current_timezone": "America/New_York", "days_ahead": 1}


@pytest.fixture
def api() -> Api:
    return Api()


def test_availability_lays_out_slots_minus_booked_event_in_calendar_zone(api):
    envelope = api.ok("calendar/checkAvailability", **MONDAY)
    starts = [s["start"][11:16] for s in envelope["data"]]
    # 30-minute slots 15 minutes apart; 10:30 is booked; 6 a day minus the 1 booked = 5.
    assert starts == ["09:00", "09:45", "11:15", "13:00", "13:45"]
    assert envelope["count"] == 5 and envelope["timezone"] == "America/New_York"


def test_availability_converts_to_target_timezone(api):
    first = api.ok("calendar/checkAvailability", target_timezone="Europe/London", **MONDAY)["data"][0]
    # 09:00 New York (EDT, UTC-4) is 13:00 UTC and 14:00 in London (BST, UTC+1).
    assert (first["start"], first["start_utc"], first["timezone"]) == (
        "2026-04-06 14:00:00", "2026-04-06 13:00:00", "Europe/London")


def test_availability_start_date_read_in_current_timezone(api):
    # 2026-04-06 12:00 in Tokyo is 2026-04-05 23:00 EDT (a Sunday): the window's first slot is Monday 09:00 EDT.
    body = {**MONDAY, "start_date": "2026-04-06 12:00:00", "current_timezone": "Asia/Tokyo"}
    assert api.ok("calendar/checkAvailability", **body)["data"][0]["start"] == "2026-04-06 09:00:00"


def test_availability_busy_mode_lists_occupied_slots(api):
    busy = api.ok("calendar/checkAvailability", mode="busy", **MONDAY)["data"]
    assert [s["start"] for s in busy] == ["2026-04-06 10:30:00"]


def test_created_event_disappears_from_availability_and_cannot_double_book(api):
    event = {"calendar_id": CAL_JANE, "event_title": "Demo", "event_start_time": "2026-04-06 13:00:00",
             "event_end_time": "2026-04-06 13:30:00", "event_timezone": "America/New_York", "location_type": "video",
             "attendee_data": [{"contact_id": EMILY_CONTACT, "contact_role": "participant"}]}
    data = api.ok("calendar/createEvent", contact_id=EMILY_CONTACT, event_data=event)["data"]
    assert (data["event_start_utc"], data["invites_sent"]) == ("2026-04-06 17:00:00", 2)
    assert data["meeting_url"].startswith("https://")
    starts = [s["start"][11:16] for s in api.ok("calendar/checkAvailability", **MONDAY)["data"]]
    assert starts == ["09:00", "09:45", "11:15", "13:45"]
    assert api.error("calendar/createEvent", contact_id=EMILY_CONTACT, event_data=event).startswith(
        "Time slot is not available")
    assert api.app.writes["calendar/createEvent"] == 1


@pytest.mark.parametrize(("changes", "message"), [
    ({"days_ahead": "soon"}, "days_ahead must be an integer"),
    ({"days_ahead": 0}, "days_ahead must be between 1 and 60"),
    ({"mode": "maybe"}, "Invalid mode 'maybe': must be one of free, busy"),
    ({"current_timezone": "Mars/Olympus"}, "Invalid current_timezone 'Mars/Olympus': use an IANA time zone "
                                           "such as America/New_York"),
    ({"start_date": "06/04/2026"}, "Invalid start_date '06/04/2026': use YYYY-MM-DD HH:MM:SS"),
    ({"calendar_id": "nope"}, "Calendar not found"),
    ({"schedule_id": "nope"}, "Schedule not found"),
], ids=["days-type", "days-range", "mode", "timezone", "start-date", "calendar", "schedule"])
def test_availability_validation_messages(api, changes, message):
    assert api.error("calendar/checkAvailability", **{**MONDAY, **changes}) == message


@pytest.mark.parametrize(("changes", "message"), [
    ({"event_end_time": "2026-04-06 12:00:00"}, "event_data.event_end_time must be after event_data.event_start_time"),
    ({"event_title": ""}, "Missing event_data.event_title"),
    ({"calendar_id": "nope"}, "Calendar not found"),
    ({"location_type": "zeppelin"}, "Invalid event_data.location_type 'zeppelin': must be one of video, phone, "
                                    "in_person, custom"),
], ids=["order", "title", "calendar", "location"])
def test_create_event_validation(api, changes, message):
    event = {"calendar_id": CAL_JANE, "event_title": "Call", "event_start_time": "2026-04-06 15:00:00",
             "event_end_time": "2026-04-06 15:30:00", **changes}
    assert api.error("calendar/createEvent", contact_id=JANE_CONTACT, event_data=event) == message


def test_get_form_fields_of_published_form_and_draft_refused(api):
    fields = api.ok("forms/getFormFields", form_id=FORM_CONTACT)["data"]["fields"]
    assert fields[0]["answer_key"] == "first_name" and fields[0]["maps_to"] == "cont_fname"
    # The published example's fields, in its order (its email placeholder is masked on the page).
    published = [("textField", "First Name", "cont_fname", True, "first_name"),
                 ("emailField", "Email Address", "cont_primary_email", True, "email"),
                 ("dropdownField", "What are you interested in?", None, True, "interest")]
    assert [(f["type"], f["label"], f["maps_to"], f["required"], f["answer_key"]) for f in fields[:3]] == published
    assert api.error("forms/getFormFields", form_id=FORM_DRAFT) == "Form is not published"
    assert api.error("forms/getFormFields", form_id="nope") == "Form not found"


def test_submit_form_creates_contact_and_ignores_unknown_keys(api):
    answers = {"first_name": "Noor", "email": "noor@sunrise.example.com", "interest": "Pricing",
               "timeline": "This quarter", "shoe_size": 44}
    data = api.ok("forms/submitForm", form_id=FORM_CONTACT, answers=answers, ip_data=IP_DATA)["data"]
    assert data["contact_created"] and data["ignored_answers"] == ["shoe_size"]
    contact = api.ok("crm/fetchContact", contact_id=data["contact_id"], include_signals=1)["data"]
    assert contact["contact_source"] == "Form: Contact Us"
    assert contact["custom_fields"] == {"cf_timeline": "This quarter"}
    assert contact["signals"]["form_submissions"] == 1


def test_submit_form_links_existing_contact_by_email(api):
    answers = {"first_name": "Jane", "email": "jane.smith@brightpath.example.com", "interest": "Support"}
    data = api.ok("forms/submitForm", form_id=FORM_CONTACT, answers=answers, ip_data=IP_DATA)["data"]
    assert (data["contact_id"], data["contact_created"]) == (JANE_CONTACT, False)


@pytest.mark.parametrize(("answers", "ip_data", "message"), [
    ({"nothing": 1}, IP_DATA, "No answers match this form: key answers by answer_key (first_name, email, "
                              "interest, last_name, phone, message, timeline)"),
    ({"first_name": "A", "interest": "Pricing"}, IP_DATA, "Missing required answer 'email' (Email Address)"),
    ({"first_name": "A", "email": "a@b.example.com", "interest": "Cake"}, IP_DATA,
     "Invalid answer for 'interest': must be one of Product demo, Pricing, Partnership, Support"),
    ({"first_name": "A", "email": "a@b.example.com", "interest": "Pricing"}, {"ip_address": "1.2.3.4"},
     "ip_data is missing keys: city, country, country_code, timezone, lattitude, longitude (all of ip_address, "
     "city, country, country_code, timezone, lattitude, longitude are required; empty strings are allowed)"),
], ids=["no-match", "required", "option", "ip-data"])
def test_submit_form_rejections(api, answers, ip_data, message):
    assert api.error("forms/submitForm", form_id=FORM_CONTACT, answers=answers, ip_data=ip_data) == message
    assert api.app.writes_total == 0


def test_collect_form_data_two_phases(api):
    fields = api.ok("forms/collectFormData", phase="get_fields", form_id=FORM_CONTACT)["data"]
    assert "answer_key" in fields["instructions"] and fields["fields"][2]["options"][0] == "Product demo"
    submitted = api.ok("forms/collectFormData", phase="submit", form_id=FORM_CONTACT,
                       answers={"first_name": "Ivo", "email": "ivo@agent.example.com", "interest": "Pricing"})["data"]
    assert submitted["contact_created"]
    assert api.error("forms/collectFormData", phase="submit", form_id=FORM_CONTACT) == \
        "Missing answers: the submit phase needs answers keyed by answer_key"
    assert api.error("forms/collectFormData", phase="draw", form_id=FORM_CONTACT) == \
        "Invalid phase 'draw': must be one of get_fields, submit"
    assert api.app.writes["forms/collectFormData"] == 1
