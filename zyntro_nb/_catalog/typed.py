"""Typed endpoints, generated from the catalog by ``python -m zyntro_nb._catalog.stubs``: do not edit.

What editors and type checkers see of ``session.<module>.<action>(...)``: one Protocol per
endpoint (its parameters, their types and descriptions; a DataFrame, or the ``Envelope`` with
``raw=True``) and one per module. ``Session`` uses them for type checking only; endpoints
added at run time (a user catalog) are still callable, untyped.

Example::

    >>> Envelope.__required_keys__
    frozenset({'status'})
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any, Literal, Protocol, TypedDict, overload

if TYPE_CHECKING:
    import httpx
    import pandas as pd


class _Status(TypedDict):
    status: str


class Envelope(_Status, total=False):
    """The API's answer as sent (``raw=True``): ``status``, ``data`` and the keys some endpoints add."""

    data: Any
    errors: list[str]
    message: str
    count: int
    existing: bool
    billing_customer_id: str
    ts_id: str


class CrmFetchContact(Protocol):
    """``session.crm.fetchContact(...)``."""

    @overload
    def __call__(
        self,
        *,
        contact_id: str,
        include_notes: Literal[0, 1] | None = ...,
        include_profile: Literal[0, 1] | None = ...,
        include_signals: Literal[0, 1] | None = ...,
        include_entity: Literal[0, 1] | None = ...,
        raw: Literal[False] = ...,
        parse: bool | None = ...,
        expand: str | None = ...,
        api_key: str | None = ...,
        developer_secret: str | None = ...,
        org_id: str | None = ...,
        member_id: str | None = ...,
        timeout: float | httpx.Timeout | None = ...,
        max_retries: int | None = ...,
        deadline: float | None = ...,
        extra: Mapping[str, Any] | None = ...,
        force: bool = ...,
    ) -> pd.DataFrame:
        """Fetch Contact — crm/fetchContact.

        Get one contact by UUID, optionally with notes, profile, signals, entity.

        Args:
            contact_id: Contact UUID to return
            include_notes: 1 adds contact notes (server default 0)
            include_profile: 1 adds enrichment profile data (server default 0)
            include_signals: 1 adds engagement signals (server default 0)
            include_entity: 1 adds linked company entity (server default 0)

        Returns:
            A DataFrame with the columns contact_id (string), first_name (string), last_name (string),
            email (string), contact_status (string), phone (string), company (string), salutation (string),
            contact_role_label (string), contact_source (string), contact_stage_id (string),
            contact_owner (string), secondary_email (any), secondary_phone (any), address (string),
            address_line2 (string), city (string), state (string), zip (string), country (string),
            country_code (string), timezone (string), email_optout (integer), sms_optout (integer),
            do_not_call (integer), do_not_automate (integer), email_verified (integer),
            phone_verified (integer), is_test_contact (integer), auto_engage (integer),
            visible_to_others (integer), editable_by_others (integer), tags (list),
            custom_fields.cf_budget (integer), custom_fields.cf_company_size (integer),
            custom_fields.cf_industry (string), custom_fields.cf_linkedin (string),
            custom_fields.cf_timeline (string), entity_id (string), org_id (string), brand_id (string),
            created_at (datetime), updated_at (datetime), notes (records), profile (records),
            signals.comms_count (integer), signals.comms_by_type.message (integer),
            signals.comms_by_type.sms (integer), signals.last_comms_at (datetime),
            signals.form_submissions (integer), signals.last_form_at (any), signals.upcoming_events (integer),
            signals.engagement (string), entity.entity_id (string), entity.entity_name (string),
            entity.entity_label (string), entity.entity_status (string), entity.entity_website (string),
            entity.entity_location (string), entity.entity_industry (string), entity.entity_tags (list),
            entity.entity_socials.linkedin (string), entity.custom_fields.cf_annual_revenue (integer),
            entity.org_id (string), entity.created_at (datetime), entity.updated_at (datetime).
        """

    @overload
    def __call__(
        self,
        *,
        contact_id: str,
        include_notes: Literal[0, 1] | None = ...,
        include_profile: Literal[0, 1] | None = ...,
        include_signals: Literal[0, 1] | None = ...,
        include_entity: Literal[0, 1] | None = ...,
        raw: Literal[True],
        api_key: str | None = ...,
        developer_secret: str | None = ...,
        org_id: str | None = ...,
        member_id: str | None = ...,
        timeout: float | httpx.Timeout | None = ...,
        max_retries: int | None = ...,
        deadline: float | None = ...,
        extra: Mapping[str, Any] | None = ...,
        force: bool = ...,
    ) -> Envelope:
        """Fetch Contact — crm/fetchContact.

        Get one contact by UUID, optionally with notes, profile, signals, entity.

        Args:
            contact_id: Contact UUID to return
            include_notes: 1 adds contact notes (server default 0)
            include_profile: 1 adds enrichment profile data (server default 0)
            include_signals: 1 adds engagement signals (server default 0)
            include_entity: 1 adds linked company entity (server default 0)

        Returns:
            The API's answer as sent (status, data, …), credentials redacted.
        """

    def bulk(self, rows: Any, **options: Any) -> pd.DataFrame:
        """Call crm/fetchContact once per row of a DataFrame or list of dicts (``Session.bulk``)."""


class CrmLookupContact(Protocol):
    """``session.crm.lookupContact(...)``."""

    @overload
    def __call__(
        self,
        *,
        search_string: str,
        raw: Literal[False] = ...,
        parse: bool | None = ...,
        expand: str | None = ...,
        api_key: str | None = ...,
        developer_secret: str | None = ...,
        org_id: str | None = ...,
        timeout: float | httpx.Timeout | None = ...,
        max_retries: int | None = ...,
        deadline: float | None = ...,
        extra: Mapping[str, Any] | None = ...,
        force: bool = ...,
    ) -> pd.DataFrame:
        """Lookup Contact — crm/lookupContact.

        Free-text search returning first matching contact with all related data.

        Args:
            search_string: Matched against id, names, role, emails, phones, entity

        Returns:
            A DataFrame with the columns contact_id (string), first_name (string), last_name (string),
            email (string), contact_status (string), phone (string), company (string), salutation (string),
            contact_role_label (string), contact_source (string), contact_stage_id (string),
            contact_owner (string), secondary_email (any), secondary_phone (any), address (string),
            address_line2 (string), city (string), state (string), zip (string), country (string),
            country_code (string), timezone (string), email_optout (integer), sms_optout (integer),
            do_not_call (integer), do_not_automate (integer), email_verified (integer),
            phone_verified (integer), is_test_contact (integer), auto_engage (integer),
            visible_to_others (integer), editable_by_others (integer), tags (list),
            custom_fields.cf_budget (integer), custom_fields.cf_company_size (integer),
            custom_fields.cf_industry (string), custom_fields.cf_linkedin (string),
            custom_fields.cf_timeline (string), entity_id (string), org_id (string), brand_id (string),
            created_at (datetime), updated_at (datetime), notes (records), profile (records),
            signals.comms_count (integer), signals.comms_by_type.message (integer),
            signals.comms_by_type.sms (integer), signals.last_comms_at (datetime),
            signals.form_submissions (integer), signals.last_form_at (any), signals.upcoming_events (integer),
            signals.engagement (string), entity.entity_id (string), entity.entity_name (string),
            entity.entity_label (string), entity.entity_status (string), entity.entity_website (string),
            entity.entity_location (string), entity.entity_industry (string), entity.entity_tags (list),
            entity.entity_socials.linkedin (string), entity.custom_fields.cf_annual_revenue (integer),
            entity.org_id (string), entity.created_at (datetime), entity.updated_at (datetime).
        """

    @overload
    def __call__(
        self,
        *,
        search_string: str,
        raw: Literal[True],
        api_key: str | None = ...,
        developer_secret: str | None = ...,
        org_id: str | None = ...,
        timeout: float | httpx.Timeout | None = ...,
        max_retries: int | None = ...,
        deadline: float | None = ...,
        extra: Mapping[str, Any] | None = ...,
        force: bool = ...,
    ) -> Envelope:
        """Lookup Contact — crm/lookupContact.

        Free-text search returning first matching contact with all related data.

        Args:
            search_string: Matched against id, names, role, emails, phones, entity

        Returns:
            The API's answer as sent (status, data, …), credentials redacted.
        """

    def bulk(self, rows: Any, **options: Any) -> pd.DataFrame:
        """Call crm/lookupContact once per row of a DataFrame or list of dicts (``Session.bulk``)."""


class CrmAddContactsFull(Protocol):
    """``session.crm.addContactsFull(...)``."""

    @overload
    def __call__(
        self,
        *,
        contact: dict[str, Any],
        mode: Literal['insert', 'update', 'upsert'] | None = ...,
        lookup_by: Literal['email', 'phone', 'contact_id'] | None = ...,
        skip_entity: bool | None = ...,
        entity: dict[str, Any] | None = ...,
        debug: bool | None = ...,
        raw: Literal[False] = ...,
        parse: bool | None = ...,
        expand: str | None = ...,
        api_key: str | None = ...,
        developer_secret: str | None = ...,
        org_id: str | None = ...,
        member_id: str | None = ...,
        timeout: float | httpx.Timeout | None = ...,
        max_retries: int | None = ...,
        deadline: float | None = ...,
        extra: Mapping[str, Any] | None = ...,
        force: bool = ...,
    ) -> pd.DataFrame:
        """Add or Update Contact — crm/addContactsFull.

        Create, update or upsert a contact and optional entity with custom fields.

        Args:
            mode: insert fails if exists; update fails if missing (server default 'upsert')
            lookup_by: Key used to find existing contact (server default 'email')
            skip_entity: true skips entity creation in B2B mode (server default False)
            contact: camelCase contact fields: firstName, lastName, email, phone, …
            entity: Company data; B2B auto-names entity if absent
            debug: true adds debug info to response

        Returns:
            A DataFrame of the answer.
        """

    @overload
    def __call__(
        self,
        *,
        contact: dict[str, Any],
        mode: Literal['insert', 'update', 'upsert'] | None = ...,
        lookup_by: Literal['email', 'phone', 'contact_id'] | None = ...,
        skip_entity: bool | None = ...,
        entity: dict[str, Any] | None = ...,
        debug: bool | None = ...,
        raw: Literal[True],
        api_key: str | None = ...,
        developer_secret: str | None = ...,
        org_id: str | None = ...,
        member_id: str | None = ...,
        timeout: float | httpx.Timeout | None = ...,
        max_retries: int | None = ...,
        deadline: float | None = ...,
        extra: Mapping[str, Any] | None = ...,
        force: bool = ...,
    ) -> Envelope:
        """Add or Update Contact — crm/addContactsFull.

        Create, update or upsert a contact and optional entity with custom fields.

        Args:
            mode: insert fails if exists; update fails if missing (server default 'upsert')
            lookup_by: Key used to find existing contact (server default 'email')
            skip_entity: true skips entity creation in B2B mode (server default False)
            contact: camelCase contact fields: firstName, lastName, email, phone, …
            entity: Company data; B2B auto-names entity if absent
            debug: true adds debug info to response

        Returns:
            The API's answer as sent (status, data, …), credentials redacted.
        """

    def bulk(self, rows: Any, **options: Any) -> pd.DataFrame:
        """Call crm/addContactsFull once per row of a DataFrame or list of dicts (``Session.bulk``)."""


class CrmUpdateFieldData(Protocol):
    """``session.crm.updateFieldData(...)``."""

    @overload
    def __call__(
        self,
        *,
        fields: dict[str, Any],
        contact_id: str | None = ...,
        entity_id: str | None = ...,
        help: bool | None = ...,
        raw: Literal[False] = ...,
        parse: bool | None = ...,
        expand: str | None = ...,
        api_key: str | None = ...,
        developer_secret: str | None = ...,
        org_id: str | None = ...,
        timeout: float | httpx.Timeout | None = ...,
        max_retries: int | None = ...,
        deadline: float | None = ...,
        extra: Mapping[str, Any] | None = ...,
        force: bool = ...,
    ) -> pd.DataFrame:
        """Update Contact & Entity Fields — crm/updateFieldData.

        Patch selected fields, flags, tags or custom fields on contact and/or entity.

        Args:
            contact_id: Contact UUID; need this or entity_id
            entity_id: Entity UUID; need this or contact_id
            fields: camelCase field->value map; customFields sub-object allowed
            help: true returns the field reference; no credentials needed

        Returns:
            A DataFrame of the answer.
        """

    @overload
    def __call__(
        self,
        *,
        fields: dict[str, Any],
        contact_id: str | None = ...,
        entity_id: str | None = ...,
        help: bool | None = ...,
        raw: Literal[True],
        api_key: str | None = ...,
        developer_secret: str | None = ...,
        org_id: str | None = ...,
        timeout: float | httpx.Timeout | None = ...,
        max_retries: int | None = ...,
        deadline: float | None = ...,
        extra: Mapping[str, Any] | None = ...,
        force: bool = ...,
    ) -> Envelope:
        """Update Contact & Entity Fields — crm/updateFieldData.

        Patch selected fields, flags, tags or custom fields on contact and/or entity.

        Args:
            contact_id: Contact UUID; need this or entity_id
            entity_id: Entity UUID; need this or contact_id
            fields: camelCase field->value map; customFields sub-object allowed
            help: true returns the field reference; no credentials needed

        Returns:
            The API's answer as sent (status, data, …), credentials redacted.
        """

    def bulk(self, rows: Any, **options: Any) -> pd.DataFrame:
        """Call crm/updateFieldData once per row of a DataFrame or list of dicts (``Session.bulk``)."""


class CrmAddProfileToContact(Protocol):
    """``session.crm.addProfileToContact(...)``."""

    @overload
    def __call__(
        self,
        *,
        contact_id: str,
        profile_payload: dict[str, Any],
        profile_source: str,
        raw: Literal[False] = ...,
        parse: bool | None = ...,
        expand: str | None = ...,
        api_key: str | None = ...,
        developer_secret: str | None = ...,
        org_id: str | None = ...,
        member_id: str | None = ...,
        timeout: float | httpx.Timeout | None = ...,
        max_retries: int | None = ...,
        deadline: float | None = ...,
        extra: Mapping[str, Any] | None = ...,
        force: bool = ...,
    ) -> pd.DataFrame:
        """Add Profile to Contact — crm/addProfileToContact.

        Store a source-labelled key/value enrichment profile on a contact.

        Args:
            contact_id: Contact UUID
            profile_payload: Arbitrary key/value profile data
            profile_source: Label for where data came from

        Returns:
            A DataFrame of the answer.
        """

    @overload
    def __call__(
        self,
        *,
        contact_id: str,
        profile_payload: dict[str, Any],
        profile_source: str,
        raw: Literal[True],
        api_key: str | None = ...,
        developer_secret: str | None = ...,
        org_id: str | None = ...,
        member_id: str | None = ...,
        timeout: float | httpx.Timeout | None = ...,
        max_retries: int | None = ...,
        deadline: float | None = ...,
        extra: Mapping[str, Any] | None = ...,
        force: bool = ...,
    ) -> Envelope:
        """Add Profile to Contact — crm/addProfileToContact.

        Store a source-labelled key/value enrichment profile on a contact.

        Args:
            contact_id: Contact UUID
            profile_payload: Arbitrary key/value profile data
            profile_source: Label for where data came from

        Returns:
            The API's answer as sent (status, data, …), credentials redacted.
        """

    def bulk(self, rows: Any, **options: Any) -> pd.DataFrame:
        """Call crm/addProfileToContact once per row of a DataFrame or list of dicts (``Session.bulk``)."""


class CrmCalculateLeadScore(Protocol):
    """``session.crm.calculateLeadScore(...)``."""

    @overload
    def __call__(
        self,
        *,
        service_instance: str,
        contact_id: str,
        raw: Literal[False] = ...,
        parse: bool | None = ...,
        expand: str | None = ...,
        developer_secret: str | None = ...,
        timeout: float | httpx.Timeout | None = ...,
        max_retries: int | None = ...,
        deadline: float | None = ...,
        extra: Mapping[str, Any] | None = ...,
        force: bool = ...,
    ) -> pd.DataFrame:
        """Calculate Lead Score — crm/calculateLeadScore.

        Compute a contact's score, tier and breakdown from data completeness and opt-outs.

        Args:
            service_instance: Zyntro user ID, used instead of api_key
            contact_id: Contact UUID to score

        Returns:
            A DataFrame with the columns contact_id (string), score (integer), tier (string),
            breakdown.custom_field_completion (integer), breakdown.custom_fields_filled (integer),
            breakdown.custom_fields_defined (integer), breakdown.deductions (object),
            breakdown.total_deductions (integer).
        """

    @overload
    def __call__(
        self,
        *,
        service_instance: str,
        contact_id: str,
        raw: Literal[True],
        developer_secret: str | None = ...,
        timeout: float | httpx.Timeout | None = ...,
        max_retries: int | None = ...,
        deadline: float | None = ...,
        extra: Mapping[str, Any] | None = ...,
        force: bool = ...,
    ) -> Envelope:
        """Calculate Lead Score — crm/calculateLeadScore.

        Compute a contact's score, tier and breakdown from data completeness and opt-outs.

        Args:
            service_instance: Zyntro user ID, used instead of api_key
            contact_id: Contact UUID to score

        Returns:
            The API's answer as sent (status, data, …), credentials redacted.
        """

    def bulk(self, rows: Any, **options: Any) -> pd.DataFrame:
        """Call crm/calculateLeadScore once per row of a DataFrame or list of dicts (``Session.bulk``)."""


class CrmAddNotestoContact(Protocol):
    """``session.crm.addNotestoContact(...)``."""

    @overload
    def __call__(
        self,
        *,
        contact_id: str,
        note: str,
        note_id: str | None = ...,
        note_visibility: Literal[0, 1] | None = ...,
        note_editable: Literal[0, 1] | None = ...,
        raw: Literal[False] = ...,
        parse: bool | None = ...,
        expand: str | None = ...,
        api_key: str | None = ...,
        developer_secret: str | None = ...,
        org_id: str | None = ...,
        member_id: str | None = ...,
        timeout: float | httpx.Timeout | None = ...,
        max_retries: int | None = ...,
        deadline: float | None = ...,
        extra: Mapping[str, Any] | None = ...,
        force: bool = ...,
    ) -> pd.DataFrame:
        """Add Notes to Contact — crm/addNotestoContact.

        Create a note on a contact, or update one when note_id given.

        Args:
            contact_id: Contact UUID
            note: Note text
            note_id: If set, updates that note instead
            note_visibility: 0 private, 1 visible to team (server default 0)
            note_editable: 0 read-only, 1 editable by others (server default 0)

        Returns:
            A DataFrame of the answer.
        """

    @overload
    def __call__(
        self,
        *,
        contact_id: str,
        note: str,
        note_id: str | None = ...,
        note_visibility: Literal[0, 1] | None = ...,
        note_editable: Literal[0, 1] | None = ...,
        raw: Literal[True],
        api_key: str | None = ...,
        developer_secret: str | None = ...,
        org_id: str | None = ...,
        member_id: str | None = ...,
        timeout: float | httpx.Timeout | None = ...,
        max_retries: int | None = ...,
        deadline: float | None = ...,
        extra: Mapping[str, Any] | None = ...,
        force: bool = ...,
    ) -> Envelope:
        """Add Notes to Contact — crm/addNotestoContact.

        Create a note on a contact, or update one when note_id given.

        Args:
            contact_id: Contact UUID
            note: Note text
            note_id: If set, updates that note instead
            note_visibility: 0 private, 1 visible to team (server default 0)
            note_editable: 0 read-only, 1 editable by others (server default 0)

        Returns:
            The API's answer as sent (status, data, …), credentials redacted.
        """

    def bulk(self, rows: Any, **options: Any) -> pd.DataFrame:
        """Call crm/addNotestoContact once per row of a DataFrame or list of dicts (``Session.bulk``)."""


class CrmAddCommsHistory(Protocol):
    """``session.crm.addCommsHistory(...)``."""

    @overload
    def __call__(
        self,
        *,
        contact_id: str,
        comms_type: Literal['email', 'sms', 'call', 'message'],
        comms_data: str | dict[str, Any],
        comms_source: str | None = ...,
        comms_sentiment: str | datetime.datetime | None = ...,
        comms_next: str | None = ...,
        comms_status: Literal['pending', 'processed'] | None = ...,
        raw: Literal[False] = ...,
        parse: bool | None = ...,
        expand: str | None = ...,
        api_key: str | None = ...,
        developer_secret: str | None = ...,
        org_id: str | None = ...,
        member_id: str | None = ...,
        timeout: float | httpx.Timeout | None = ...,
        max_retries: int | None = ...,
        deadline: float | None = ...,
        extra: Mapping[str, Any] | None = ...,
        force: bool = ...,
    ) -> pd.DataFrame:
        """Add Communication History — crm/addCommsHistory.

        Append an external email/SMS/call/message event to a contact timeline.

        Args:
            contact_id: Contact the communication concerns
            comms_type: Channel of the communication
            comms_data: Plain text or structured JSON content
            comms_source: Origin system label, max 55 chars
            comms_sentiment: Free-form sentiment label
            comms_next: Suggested follow-up action
            comms_status: Processing state (server default 'processed')

        Returns:
            A DataFrame of the answer.
        """

    @overload
    def __call__(
        self,
        *,
        contact_id: str,
        comms_type: Literal['email', 'sms', 'call', 'message'],
        comms_data: str | dict[str, Any],
        comms_source: str | None = ...,
        comms_sentiment: str | datetime.datetime | None = ...,
        comms_next: str | None = ...,
        comms_status: Literal['pending', 'processed'] | None = ...,
        raw: Literal[True],
        api_key: str | None = ...,
        developer_secret: str | None = ...,
        org_id: str | None = ...,
        member_id: str | None = ...,
        timeout: float | httpx.Timeout | None = ...,
        max_retries: int | None = ...,
        deadline: float | None = ...,
        extra: Mapping[str, Any] | None = ...,
        force: bool = ...,
    ) -> Envelope:
        """Add Communication History — crm/addCommsHistory.

        Append an external email/SMS/call/message event to a contact timeline.

        Args:
            contact_id: Contact the communication concerns
            comms_type: Channel of the communication
            comms_data: Plain text or structured JSON content
            comms_source: Origin system label, max 55 chars
            comms_sentiment: Free-form sentiment label
            comms_next: Suggested follow-up action
            comms_status: Processing state (server default 'processed')

        Returns:
            The API's answer as sent (status, data, …), credentials redacted.
        """

    def bulk(self, rows: Any, **options: Any) -> pd.DataFrame:
        """Call crm/addCommsHistory once per row of a DataFrame or list of dicts (``Session.bulk``)."""


class CrmContextualizeData(Protocol):
    """``session.crm.contextualizeData(...)``."""

    @overload
    def __call__(
        self,
        *,
        raw_data: Any,
        source: str | None = ...,
        instructions: str | None = ...,
        enrich: Literal[0, 1] | None = ...,
        help: bool | None = ...,
        raw: Literal[False] = ...,
        parse: bool | None = ...,
        expand: str | None = ...,
        api_key: str | None = ...,
        developer_secret: str | None = ...,
        org_id: str | None = ...,
        brand_id: str | int | None = ...,
        member_id: str | None = ...,
        timeout: float | httpx.Timeout | None = ...,
        max_retries: int | None = ...,
        deadline: float | None = ...,
        extra: Mapping[str, Any] | None = ...,
        force: bool = ...,
    ) -> pd.DataFrame:
        """Contextualize Data — crm/contextualizeData.

        AI maps raw unstructured input into a CRM contact; charges wallet credits.

        Args:
            raw_data: JSON, CSV, text or any mix
            source: Where the data came from (server default 'External API')
            instructions: Extra interpretation hints for the AI
            enrich: 1 triggers enrichment after creation (server default 0)
            help: true returns usage docs instead of processing

        Returns:
            A DataFrame of the answer.
        """

    @overload
    def __call__(
        self,
        *,
        raw_data: Any,
        source: str | None = ...,
        instructions: str | None = ...,
        enrich: Literal[0, 1] | None = ...,
        help: bool | None = ...,
        raw: Literal[True],
        api_key: str | None = ...,
        developer_secret: str | None = ...,
        org_id: str | None = ...,
        brand_id: str | int | None = ...,
        member_id: str | None = ...,
        timeout: float | httpx.Timeout | None = ...,
        max_retries: int | None = ...,
        deadline: float | None = ...,
        extra: Mapping[str, Any] | None = ...,
        force: bool = ...,
    ) -> Envelope:
        """Contextualize Data — crm/contextualizeData.

        AI maps raw unstructured input into a CRM contact; charges wallet credits.

        Args:
            raw_data: JSON, CSV, text or any mix
            source: Where the data came from (server default 'External API')
            instructions: Extra interpretation hints for the AI
            enrich: 1 triggers enrichment after creation (server default 0)
            help: true returns usage docs instead of processing

        Returns:
            The API's answer as sent (status, data, …), credentials redacted.
        """

    def bulk(self, rows: Any, **options: Any) -> pd.DataFrame:
        """Call crm/contextualizeData once per row of a DataFrame or list of dicts (``Session.bulk``)."""


class DevelopersFetchIdentifiers(Protocol):
    """``session.developers.fetchIdentifiers(...)``."""

    @overload
    def __call__(
        self,
        *,
        raw: Literal[False] = ...,
        parse: bool | None = ...,
        expand: str | None = ...,
        developer_secret: str | None = ...,
        timeout: float | httpx.Timeout | None = ...,
        max_retries: int | None = ...,
        deadline: float | None = ...,
        extra: Mapping[str, Any] | None = ...,
        force: bool = ...,
    ) -> pd.DataFrame:
        """Fetch Developer Identifiers — developers/fetchIdentifiers.

        Exchange developer secret for api_key, org, members and brand identifiers.

        Returns:
            A DataFrame with the columns user_id (string), api_key (string), user_email (string),
            org_id (string), member_id (string), brand_id (string), organizations (records),
            members (records), brands (records).
        """

    @overload
    def __call__(
        self,
        *,
        raw: Literal[True],
        developer_secret: str | None = ...,
        timeout: float | httpx.Timeout | None = ...,
        max_retries: int | None = ...,
        deadline: float | None = ...,
        extra: Mapping[str, Any] | None = ...,
        force: bool = ...,
    ) -> Envelope:
        """Fetch Developer Identifiers — developers/fetchIdentifiers.

        Exchange developer secret for api_key, org, members and brand identifiers.

        Returns:
            The API's answer as sent (status, data, …), credentials redacted.
        """

    def bulk(self, rows: Any, **options: Any) -> pd.DataFrame:
        """Call developers/fetchIdentifiers once per row of a DataFrame or list of dicts (``Session.bulk``)."""


class CalendarCheckAvailability(Protocol):
    """``session.calendar.checkAvailability(...)``."""

    @overload
    def __call__(
        self,
        *,
        calendar_id: str,
        schedule_id: str,
        days_ahead: int | None = ...,
        start_date: str | datetime.datetime | None = ...,
        mode: Literal['free', 'busy'] | None = ...,
        current_timezone: str | None = ...,
        target_timezone: str | None = ...,
        raw: Literal[False] = ...,
        parse: bool | None = ...,
        expand: str | None = ...,
        api_key: str | None = ...,
        timeout: float | httpx.Timeout | None = ...,
        max_retries: int | None = ...,
        deadline: float | None = ...,
        extra: Mapping[str, Any] | None = ...,
        force: bool = ...,
    ) -> pd.DataFrame:
        """Check Availability — calendar/checkAvailability.

        List free or busy slots for a calendar schedule over a date window.

        Args:
            calendar_id: Calendar UUID
            schedule_id: Schedule UUID defining blocks, duration, gaps
            days_ahead: Look-ahead window in days (server default 7)
            start_date: Format YYYY-MM-DD HH:MM:SS (server default 'now')
            mode: Return open or occupied slots (server default 'free')
            current_timezone: IANA zone for interpreting start_date (server default 'UTC')
            target_timezone: IANA zone for returned slots; else calendar zone

        Returns:
            A DataFrame with the columns date (date), start (datetime), end (datetime), timezone (string),
            start_utc (datetime), end_utc (datetime).
        """

    @overload
    def __call__(
        self,
        *,
        calendar_id: str,
        schedule_id: str,
        days_ahead: int | None = ...,
        start_date: str | datetime.datetime | None = ...,
        mode: Literal['free', 'busy'] | None = ...,
        current_timezone: str | None = ...,
        target_timezone: str | None = ...,
        raw: Literal[True],
        api_key: str | None = ...,
        timeout: float | httpx.Timeout | None = ...,
        max_retries: int | None = ...,
        deadline: float | None = ...,
        extra: Mapping[str, Any] | None = ...,
        force: bool = ...,
    ) -> Envelope:
        """Check Availability — calendar/checkAvailability.

        List free or busy slots for a calendar schedule over a date window.

        Args:
            calendar_id: Calendar UUID
            schedule_id: Schedule UUID defining blocks, duration, gaps
            days_ahead: Look-ahead window in days (server default 7)
            start_date: Format YYYY-MM-DD HH:MM:SS (server default 'now')
            mode: Return open or occupied slots (server default 'free')
            current_timezone: IANA zone for interpreting start_date (server default 'UTC')
            target_timezone: IANA zone for returned slots; else calendar zone

        Returns:
            The API's answer as sent (status, data, …), credentials redacted.
        """

    def bulk(self, rows: Any, **options: Any) -> pd.DataFrame:
        """Call calendar/checkAvailability once per row of a DataFrame or list of dicts (``Session.bulk``)."""


class CalendarCreateEvent(Protocol):
    """``session.calendar.createEvent(...)``."""

    @overload
    def __call__(
        self,
        *,
        contact_id: str,
        event_data: dict[str, Any],
        raw: Literal[False] = ...,
        parse: bool | None = ...,
        expand: str | None = ...,
        api_key: str | None = ...,
        org_id: str | None = ...,
        member_id: str | None = ...,
        timeout: float | httpx.Timeout | None = ...,
        max_retries: int | None = ...,
        deadline: float | None = ...,
        extra: Mapping[str, Any] | None = ...,
        force: bool = ...,
    ) -> pd.DataFrame:
        """Create Event — calendar/createEvent.

        Book a calendar event with attendees; may create Meet link and send invites.

        Args:
            contact_id: Primary contact UUID
            event_data: calendar_id, title, times, timezone, attendees, location_type

        Returns:
            A DataFrame of the answer.
        """

    @overload
    def __call__(
        self,
        *,
        contact_id: str,
        event_data: dict[str, Any],
        raw: Literal[True],
        api_key: str | None = ...,
        org_id: str | None = ...,
        member_id: str | None = ...,
        timeout: float | httpx.Timeout | None = ...,
        max_retries: int | None = ...,
        deadline: float | None = ...,
        extra: Mapping[str, Any] | None = ...,
        force: bool = ...,
    ) -> Envelope:
        """Create Event — calendar/createEvent.

        Book a calendar event with attendees; may create Meet link and send invites.

        Args:
            contact_id: Primary contact UUID
            event_data: calendar_id, title, times, timezone, attendees, location_type

        Returns:
            The API's answer as sent (status, data, …), credentials redacted.
        """

    def bulk(self, rows: Any, **options: Any) -> pd.DataFrame:
        """Call calendar/createEvent once per row of a DataFrame or list of dicts (``Session.bulk``)."""


class FormsGetFormFields(Protocol):
    """``session.forms.getFormFields(...)``."""

    @overload
    def __call__(
        self,
        *,
        form_id: str,
        raw: Literal[False] = ...,
        parse: bool | None = ...,
        expand: str | None = ...,
        api_key: str | None = ...,
        org_id: str | None = ...,
        member_id: str | None = ...,
        brand_id: str | int | None = ...,
        timeout: float | httpx.Timeout | None = ...,
        max_retries: int | None = ...,
        deadline: float | None = ...,
        extra: Mapping[str, Any] | None = ...,
        force: bool = ...,
    ) -> pd.DataFrame:
        """Get Form Fields — forms/getFormFields.

        Return field schema (types, labels, options, CRM mapping) of a published form.

        Args:
            form_id: Form UUID; must be published

        Returns:
            A DataFrame with the columns field_id (string), type (string), label (string), maps_to (string),
            required (boolean), answer_key (string), placeholder (string), options (list).
        """

    @overload
    def __call__(
        self,
        *,
        form_id: str,
        raw: Literal[True],
        api_key: str | None = ...,
        org_id: str | None = ...,
        member_id: str | None = ...,
        brand_id: str | int | None = ...,
        timeout: float | httpx.Timeout | None = ...,
        max_retries: int | None = ...,
        deadline: float | None = ...,
        extra: Mapping[str, Any] | None = ...,
        force: bool = ...,
    ) -> Envelope:
        """Get Form Fields — forms/getFormFields.

        Return field schema (types, labels, options, CRM mapping) of a published form.

        Args:
            form_id: Form UUID; must be published

        Returns:
            The API's answer as sent (status, data, …), credentials redacted.
        """

    def bulk(self, rows: Any, **options: Any) -> pd.DataFrame:
        """Call forms/getFormFields once per row of a DataFrame or list of dicts (``Session.bulk``)."""


class FormsSubmitForm(Protocol):
    """``session.forms.submitForm(...)``."""

    @overload
    def __call__(
        self,
        *,
        form_id: str,
        answers: dict[str, Any],
        ip_data: dict[str, Any],
        contact_id: str | None = ...,
        raw: Literal[False] = ...,
        parse: bool | None = ...,
        expand: str | None = ...,
        api_key: str | None = ...,
        org_id: str | None = ...,
        member_id: str | None = ...,
        brand_id: str | int | None = ...,
        timeout: float | httpx.Timeout | None = ...,
        max_retries: int | None = ...,
        deadline: float | None = ...,
        extra: Mapping[str, Any] | None = ...,
        force: bool = ...,
    ) -> pd.DataFrame:
        """Submit Form — forms/submitForm.

        Submit answers to a published form through the normal form pipeline.

        Args:
            form_id: Target form UUID
            answers: Keyed by answer_key merge tags, not field UUIDs
            ip_data: All geo keys required; empty strings allowed
            contact_id: Link submission to existing contact

        Returns:
            A DataFrame of the answer.
        """

    @overload
    def __call__(
        self,
        *,
        form_id: str,
        answers: dict[str, Any],
        ip_data: dict[str, Any],
        contact_id: str | None = ...,
        raw: Literal[True],
        api_key: str | None = ...,
        org_id: str | None = ...,
        member_id: str | None = ...,
        brand_id: str | int | None = ...,
        timeout: float | httpx.Timeout | None = ...,
        max_retries: int | None = ...,
        deadline: float | None = ...,
        extra: Mapping[str, Any] | None = ...,
        force: bool = ...,
    ) -> Envelope:
        """Submit Form — forms/submitForm.

        Submit answers to a published form through the normal form pipeline.

        Args:
            form_id: Target form UUID
            answers: Keyed by answer_key merge tags, not field UUIDs
            ip_data: All geo keys required; empty strings allowed
            contact_id: Link submission to existing contact

        Returns:
            The API's answer as sent (status, data, …), credentials redacted.
        """

    def bulk(self, rows: Any, **options: Any) -> pd.DataFrame:
        """Call forms/submitForm once per row of a DataFrame or list of dicts (``Session.bulk``)."""


class FormsCollectFormData(Protocol):
    """``session.forms.collectFormData(...)``."""

    @overload
    def __call__(
        self,
        *,
        phase: Literal['get_fields', 'submit'],
        form_id: str,
        answers: dict[str, Any] | None = ...,
        contact_id: str | None = ...,
        raw: Literal[False] = ...,
        parse: bool | None = ...,
        expand: str | None = ...,
        api_key: str | None = ...,
        timeout: float | httpx.Timeout | None = ...,
        max_retries: int | None = ...,
        deadline: float | None = ...,
        extra: Mapping[str, Any] | None = ...,
        force: bool = ...,
    ) -> pd.DataFrame:
        """Collect Form Data (MCP) — forms/collectFormData.

        Two-phase agent wrapper: fetch simplified form fields, then submit answers.

        Args:
            phase: Which phase to run
            form_id: Form UUID
            answers: Needed for submit phase; keys from get_fields
            contact_id: Submit phase: link existing contact

        Returns:
            A DataFrame of the answer.
        """

    @overload
    def __call__(
        self,
        *,
        phase: Literal['get_fields', 'submit'],
        form_id: str,
        answers: dict[str, Any] | None = ...,
        contact_id: str | None = ...,
        raw: Literal[True],
        api_key: str | None = ...,
        timeout: float | httpx.Timeout | None = ...,
        max_retries: int | None = ...,
        deadline: float | None = ...,
        extra: Mapping[str, Any] | None = ...,
        force: bool = ...,
    ) -> Envelope:
        """Collect Form Data (MCP) — forms/collectFormData.

        Two-phase agent wrapper: fetch simplified form fields, then submit answers.

        Args:
            phase: Which phase to run
            form_id: Form UUID
            answers: Needed for submit phase; keys from get_fields
            contact_id: Submit phase: link existing contact

        Returns:
            The API's answer as sent (status, data, …), credentials redacted.
        """

    def bulk(self, rows: Any, **options: Any) -> pd.DataFrame:
        """Call forms/collectFormData once per row of a DataFrame or list of dicts (``Session.bulk``)."""


class AccountCreateWebhook(Protocol):
    """``session.account.createWebhook(...)``."""

    @overload
    def __call__(
        self,
        *,
        wh_name: str,
        wh_endpoint: str,
        wh_events: list[Any],
        wh_auth_type: Literal['none', 'bearer', 'basic', 'api_key', 'custom_header'] | None = ...,
        wh_auth_data: dict[str, Any] | None = ...,
        wh_timeout: int | None = ...,
        help: bool | None = ...,
        raw: Literal[False] = ...,
        parse: bool | None = ...,
        expand: str | None = ...,
        api_key: str | None = ...,
        org_id: str | None = ...,
        timeout: float | httpx.Timeout | None = ...,
        max_retries: int | None = ...,
        deadline: float | None = ...,
        extra: Mapping[str, Any] | None = ...,
        force: bool = ...,
    ) -> pd.DataFrame:
        """Create Webhook — account/createWebhook.

        Register an HTTPS endpoint for event notifications; secret key returned once.

        Args:
            wh_name: Display name, max 100 chars
            wh_endpoint: Public HTTPS destination URL
            wh_events: Event slugs; at least one
            wh_auth_type: Auth sent to your endpoint (server default 'none')
            wh_auth_data: Credentials shaped per wh_auth_type
            wh_timeout: Seconds, 5 to 120 (server default 30)
            help: true returns usage docs and the event list

        Returns:
            A DataFrame of the answer.
        """

    @overload
    def __call__(
        self,
        *,
        wh_name: str,
        wh_endpoint: str,
        wh_events: list[Any],
        wh_auth_type: Literal['none', 'bearer', 'basic', 'api_key', 'custom_header'] | None = ...,
        wh_auth_data: dict[str, Any] | None = ...,
        wh_timeout: int | None = ...,
        help: bool | None = ...,
        raw: Literal[True],
        api_key: str | None = ...,
        org_id: str | None = ...,
        timeout: float | httpx.Timeout | None = ...,
        max_retries: int | None = ...,
        deadline: float | None = ...,
        extra: Mapping[str, Any] | None = ...,
        force: bool = ...,
    ) -> Envelope:
        """Create Webhook — account/createWebhook.

        Register an HTTPS endpoint for event notifications; secret key returned once.

        Args:
            wh_name: Display name, max 100 chars
            wh_endpoint: Public HTTPS destination URL
            wh_events: Event slugs; at least one
            wh_auth_type: Auth sent to your endpoint (server default 'none')
            wh_auth_data: Credentials shaped per wh_auth_type
            wh_timeout: Seconds, 5 to 120 (server default 30)
            help: true returns usage docs and the event list

        Returns:
            The API's answer as sent (status, data, …), credentials redacted.
        """

    def bulk(self, rows: Any, **options: Any) -> pd.DataFrame:
        """Call account/createWebhook once per row of a DataFrame or list of dicts (``Session.bulk``)."""


class AccountFetchWebhooks(Protocol):
    """``session.account.fetchWebhooks(...)``."""

    @overload
    def __call__(
        self,
        *,
        help: bool | None = ...,
        raw: Literal[False] = ...,
        parse: bool | None = ...,
        expand: str | None = ...,
        api_key: str | None = ...,
        org_id: str | None = ...,
        timeout: float | httpx.Timeout | None = ...,
        max_retries: int | None = ...,
        deadline: float | None = ...,
        extra: Mapping[str, Any] | None = ...,
        force: bool = ...,
    ) -> pd.DataFrame:
        """Fetch Webhooks — account/fetchWebhooks.

        List all webhook configurations and delivery health for the organization.

        Args:
            help: true returns usage docs and a sample

        Returns:
            A DataFrame with the columns wh_id (string), wh_name (string), wh_events (list),
            wh_status (string), wh_timeout (integer), wh_endpoint (string), wh_auth_type (string),
            wh_created_at (datetime), wh_updated_at (datetime), wh_last_status (string),
            wh_retry_count (integer), wh_retry_delay (integer), wh_failure_count (integer),
            wh_last_triggered (datetime).
        """

    @overload
    def __call__(
        self,
        *,
        help: bool | None = ...,
        raw: Literal[True],
        api_key: str | None = ...,
        org_id: str | None = ...,
        timeout: float | httpx.Timeout | None = ...,
        max_retries: int | None = ...,
        deadline: float | None = ...,
        extra: Mapping[str, Any] | None = ...,
        force: bool = ...,
    ) -> Envelope:
        """Fetch Webhooks — account/fetchWebhooks.

        List all webhook configurations and delivery health for the organization.

        Args:
            help: true returns usage docs and a sample

        Returns:
            The API's answer as sent (status, data, …), credentials redacted.
        """

    def bulk(self, rows: Any, **options: Any) -> pd.DataFrame:
        """Call account/fetchWebhooks once per row of a DataFrame or list of dicts (``Session.bulk``)."""


class AccountUpdateWebhook(Protocol):
    """``session.account.updateWebhook(...)``."""

    @overload
    def __call__(
        self,
        *,
        wh_id: str,
        wh_name: str | None = ...,
        wh_endpoint: str | None = ...,
        wh_events: list[Any] | None = ...,
        wh_auth_type: Literal['none', 'bearer', 'basic', 'api_key', 'custom_header'] | None = ...,
        wh_auth_data: dict[str, Any] | None = ...,
        wh_timeout: int | None = ...,
        wh_status: Literal['active', 'paused', 'disabled'] | None = ...,
        help: bool | None = ...,
        raw: Literal[False] = ...,
        parse: bool | None = ...,
        expand: str | None = ...,
        api_key: str | None = ...,
        org_id: str | None = ...,
        timeout: float | httpx.Timeout | None = ...,
        max_retries: int | None = ...,
        deadline: float | None = ...,
        extra: Mapping[str, Any] | None = ...,
        force: bool = ...,
    ) -> pd.DataFrame:
        """Update Webhook — account/updateWebhook.

        Partially modify an existing webhook; event list is replaced wholesale.

        Args:
            wh_id: Webhook UUID to change
            wh_name: New name, max 100 chars
            wh_endpoint: New destination URL
            wh_events: Replaces entire event list, not additive
            wh_auth_type: New auth type
            wh_auth_data: Credentials matching auth type
            wh_timeout: Seconds, 5 to 120
            wh_status: New webhook status
            help: true returns usage docs and the event list

        Returns:
            A DataFrame of the answer.
        """

    @overload
    def __call__(
        self,
        *,
        wh_id: str,
        wh_name: str | None = ...,
        wh_endpoint: str | None = ...,
        wh_events: list[Any] | None = ...,
        wh_auth_type: Literal['none', 'bearer', 'basic', 'api_key', 'custom_header'] | None = ...,
        wh_auth_data: dict[str, Any] | None = ...,
        wh_timeout: int | None = ...,
        wh_status: Literal['active', 'paused', 'disabled'] | None = ...,
        help: bool | None = ...,
        raw: Literal[True],
        api_key: str | None = ...,
        org_id: str | None = ...,
        timeout: float | httpx.Timeout | None = ...,
        max_retries: int | None = ...,
        deadline: float | None = ...,
        extra: Mapping[str, Any] | None = ...,
        force: bool = ...,
    ) -> Envelope:
        """Update Webhook — account/updateWebhook.

        Partially modify an existing webhook; event list is replaced wholesale.

        Args:
            wh_id: Webhook UUID to change
            wh_name: New name, max 100 chars
            wh_endpoint: New destination URL
            wh_events: Replaces entire event list, not additive
            wh_auth_type: New auth type
            wh_auth_data: Credentials matching auth type
            wh_timeout: Seconds, 5 to 120
            wh_status: New webhook status
            help: true returns usage docs and the event list

        Returns:
            The API's answer as sent (status, data, …), credentials redacted.
        """

    def bulk(self, rows: Any, **options: Any) -> pd.DataFrame:
        """Call account/updateWebhook once per row of a DataFrame or list of dicts (``Session.bulk``)."""


class AccountFetchMembers(Protocol):
    """``session.account.fetchMembers(...)``."""

    @overload
    def __call__(
        self,
        *,
        raw: Literal[False] = ...,
        parse: bool | None = ...,
        expand: str | None = ...,
        api_key: str | None = ...,
        org_id: str | None = ...,
        brand_id: str | int | None = ...,
        timeout: float | httpx.Timeout | None = ...,
        max_retries: int | None = ...,
        deadline: float | None = ...,
        extra: Mapping[str, Any] | None = ...,
        force: bool = ...,
    ) -> pd.DataFrame:
        """Fetch Members — account/fetchMembers.

        List active organization members with UUID and full name.

        Returns:
            A DataFrame with the columns member_id (string), member_name (string).
        """

    @overload
    def __call__(
        self,
        *,
        raw: Literal[True],
        api_key: str | None = ...,
        org_id: str | None = ...,
        brand_id: str | int | None = ...,
        timeout: float | httpx.Timeout | None = ...,
        max_retries: int | None = ...,
        deadline: float | None = ...,
        extra: Mapping[str, Any] | None = ...,
        force: bool = ...,
    ) -> Envelope:
        """Fetch Members — account/fetchMembers.

        List active organization members with UUID and full name.

        Returns:
            The API's answer as sent (status, data, …), credentials redacted.
        """

    def bulk(self, rows: Any, **options: Any) -> pd.DataFrame:
        """Call account/fetchMembers once per row of a DataFrame or list of dicts (``Session.bulk``)."""


class AccountFetchOrganization(Protocol):
    """``session.account.fetchOrganization(...)``."""

    @overload
    def __call__(
        self,
        *,
        raw: Literal[False] = ...,
        parse: bool | None = ...,
        expand: str | None = ...,
        api_key: str | None = ...,
        org_id: str | None = ...,
        timeout: float | httpx.Timeout | None = ...,
        max_retries: int | None = ...,
        deadline: float | None = ...,
        extra: Mapping[str, Any] | None = ...,
        force: bool = ...,
    ) -> pd.DataFrame:
        """Fetch Organization — account/fetchOrganization.

        Return organization profile, working hours, member/admin lists, default wallet.

        Returns:
            A DataFrame with the columns org_name (string), org_tagline (string), org_website (string),
            org_email (string), org_industry (string), org_language (string), org_timezone (string),
            org_reach (string), org_stage (string), org_address (string), org_city (string),
            org_state (string), org_zip (string), org_country (string),
            org_working_hours.monday.start (string), org_working_hours.monday.end (string),
            org_working_hours.tuesday.start (string), org_working_hours.tuesday.end (string),
            org_working_hours.wednesday.start (string), org_working_hours.wednesday.end (string),
            org_working_hours.thursday.start (string), org_working_hours.thursday.end (string),
            org_working_hours.friday.start (string), org_working_hours.friday.end (string),
            org_members (list), org_admins (list), default_wallet (string).
        """

    @overload
    def __call__(
        self,
        *,
        raw: Literal[True],
        api_key: str | None = ...,
        org_id: str | None = ...,
        timeout: float | httpx.Timeout | None = ...,
        max_retries: int | None = ...,
        deadline: float | None = ...,
        extra: Mapping[str, Any] | None = ...,
        force: bool = ...,
    ) -> Envelope:
        """Fetch Organization — account/fetchOrganization.

        Return organization profile, working hours, member/admin lists, default wallet.

        Returns:
            The API's answer as sent (status, data, …), credentials redacted.
        """

    def bulk(self, rows: Any, **options: Any) -> pd.DataFrame:
        """Call account/fetchOrganization once per row of a DataFrame or list of dicts (``Session.bulk``)."""


class AccountFetchWallet(Protocol):
    """``session.account.fetchWallet(...)``."""

    @overload
    def __call__(
        self,
        *,
        wallet_id: str,
        raw: Literal[False] = ...,
        parse: bool | None = ...,
        expand: str | None = ...,
        api_key: str | None = ...,
        org_id: str | None = ...,
        timeout: float | httpx.Timeout | None = ...,
        max_retries: int | None = ...,
        deadline: float | None = ...,
        extra: Mapping[str, Any] | None = ...,
        force: bool = ...,
    ) -> pd.DataFrame:
        """Fetch Wallet — account/fetchWallet.

        Return one wallet's label, balance string and last update time.

        Args:
            wallet_id: Wallet UUID, e.g. default_wallet

        Returns:
            A DataFrame with the columns wallet_id (string), wallet_label (string), wallet_balance (amount),
            wallet_last_update (datetime_utc).
        """

    @overload
    def __call__(
        self,
        *,
        wallet_id: str,
        raw: Literal[True],
        api_key: str | None = ...,
        org_id: str | None = ...,
        timeout: float | httpx.Timeout | None = ...,
        max_retries: int | None = ...,
        deadline: float | None = ...,
        extra: Mapping[str, Any] | None = ...,
        force: bool = ...,
    ) -> Envelope:
        """Fetch Wallet — account/fetchWallet.

        Return one wallet's label, balance string and last update time.

        Args:
            wallet_id: Wallet UUID, e.g. default_wallet

        Returns:
            The API's answer as sent (status, data, …), credentials redacted.
        """

    def bulk(self, rows: Any, **options: Any) -> pd.DataFrame:
        """Call account/fetchWallet once per row of a DataFrame or list of dicts (``Session.bulk``)."""


class AccountFetchWallets(Protocol):
    """``session.account.fetchWallets(...)``."""

    @overload
    def __call__(
        self,
        *,
        raw: Literal[False] = ...,
        parse: bool | None = ...,
        expand: str | None = ...,
        api_key: str | None = ...,
        org_id: str | None = ...,
        timeout: float | httpx.Timeout | None = ...,
        max_retries: int | None = ...,
        deadline: float | None = ...,
        extra: Mapping[str, Any] | None = ...,
        force: bool = ...,
    ) -> pd.DataFrame:
        """Fetch Wallets — account/fetchWallets.

        List organization and member wallets with balances and owners.

        Returns:
            A DataFrame with the columns wallet_id (string), wallet_type (string), wallet_label (string),
            wallet_balance (amount), wallet_memberid (string), wallet_last_update (datetime_utc).
        """

    @overload
    def __call__(
        self,
        *,
        raw: Literal[True],
        api_key: str | None = ...,
        org_id: str | None = ...,
        timeout: float | httpx.Timeout | None = ...,
        max_retries: int | None = ...,
        deadline: float | None = ...,
        extra: Mapping[str, Any] | None = ...,
        force: bool = ...,
    ) -> Envelope:
        """Fetch Wallets — account/fetchWallets.

        List organization and member wallets with balances and owners.

        Returns:
            The API's answer as sent (status, data, …), credentials redacted.
        """

    def bulk(self, rows: Any, **options: Any) -> pd.DataFrame:
        """Call account/fetchWallets once per row of a DataFrame or list of dicts (``Session.bulk``)."""


class EdgeCreateCustomer(Protocol):
    """``session.edge.createCustomer(...)``."""

    @overload
    def __call__(
        self,
        *,
        contact_id: str,
        gateway: Literal['stripe', 'paypal'] | None = ...,
        payment_data: dict[str, Any] | None = ...,
        allow_trigger: Literal[0, 1] | None = ...,
        require_initial: Literal[0, 1] | None = ...,
        initial_amount: float | None = ...,
        notes: str | None = ...,
        meta: dict[str, Any] | None = ...,
        raw: Literal[False] = ...,
        parse: bool | None = ...,
        expand: str | None = ...,
        api_key: str | None = ...,
        org_id: str | None = ...,
        brand_id: str | int | None = ...,
        timeout: float | httpx.Timeout | None = ...,
        max_retries: int | None = ...,
        deadline: float | None = ...,
        extra: Mapping[str, Any] | None = ...,
        force: bool = ...,
    ) -> pd.DataFrame:
        """Create Billing Customer — edge/createCustomer.

        Create (or return existing) billing identity linking a CRM contact to a gateway.

        Args:
            contact_id: CRM contact to bill
            gateway: Payment processor (server default 'stripe')
            payment_data: Gateway-specific payment method data
            allow_trigger: 1 permits trigger billing (server default 0)
            require_initial: 1 requires verification charge (server default 1)
            initial_amount: Verification charge; minimum from Edge settings (server default 15.0)
            notes: Internal notes
            meta: Custom metadata stored on record

        Returns:
            A DataFrame with the columns bc_dt (datetime), bc_id (string), bc_orgid (string),
            bc_contid (string), bc_status (string), bc_gateway (string), bc_allow_trigger (integer),
            bc_initial_charged (integer).
        """

    @overload
    def __call__(
        self,
        *,
        contact_id: str,
        gateway: Literal['stripe', 'paypal'] | None = ...,
        payment_data: dict[str, Any] | None = ...,
        allow_trigger: Literal[0, 1] | None = ...,
        require_initial: Literal[0, 1] | None = ...,
        initial_amount: float | None = ...,
        notes: str | None = ...,
        meta: dict[str, Any] | None = ...,
        raw: Literal[True],
        api_key: str | None = ...,
        org_id: str | None = ...,
        brand_id: str | int | None = ...,
        timeout: float | httpx.Timeout | None = ...,
        max_retries: int | None = ...,
        deadline: float | None = ...,
        extra: Mapping[str, Any] | None = ...,
        force: bool = ...,
    ) -> Envelope:
        """Create Billing Customer — edge/createCustomer.

        Create (or return existing) billing identity linking a CRM contact to a gateway.

        Args:
            contact_id: CRM contact to bill
            gateway: Payment processor (server default 'stripe')
            payment_data: Gateway-specific payment method data
            allow_trigger: 1 permits trigger billing (server default 0)
            require_initial: 1 requires verification charge (server default 1)
            initial_amount: Verification charge; minimum from Edge settings (server default 15.0)
            notes: Internal notes
            meta: Custom metadata stored on record

        Returns:
            The API's answer as sent (status, data, …), credentials redacted.
        """

    def bulk(self, rows: Any, **options: Any) -> pd.DataFrame:
        """Call edge/createCustomer once per row of a DataFrame or list of dicts (``Session.bulk``)."""


class EdgeBuildCustomerProfileSetup(Protocol):
    """``session.edge.buildCustomerProfileSetup(...)``."""

    @overload
    def __call__(
        self,
        *,
        contact_id: str,
        bc_meta: dict[str, Any] | None = ...,
        bi_id: str | None = ...,
        gateway: Literal['stripe', 'paypal'] | None = ...,
        raw: Literal[False] = ...,
        parse: bool | None = ...,
        expand: str | None = ...,
        api_key: str | None = ...,
        org_id: str | None = ...,
        brand_id: str | int | None = ...,
        timeout: float | httpx.Timeout | None = ...,
        max_retries: int | None = ...,
        deadline: float | None = ...,
        extra: Mapping[str, Any] | None = ...,
        force: bool = ...,
    ) -> pd.DataFrame:
        """Build Customer Profile Setup — edge/buildCustomerProfileSetup.

        Create pending billing customer and return hosted payment-setup URL.

        Args:
            contact_id: CRM contact UUID
            bc_meta: Caller back-office references stored on record
            bi_id: Active trigger item for auto-enrollment after setup
            gateway: Stored in bc_meta._gateway (server default 'stripe')

        Returns:
            A DataFrame with the columns existing (boolean), setup_url (string), billing_customer_id (string).
        """

    @overload
    def __call__(
        self,
        *,
        contact_id: str,
        bc_meta: dict[str, Any] | None = ...,
        bi_id: str | None = ...,
        gateway: Literal['stripe', 'paypal'] | None = ...,
        raw: Literal[True],
        api_key: str | None = ...,
        org_id: str | None = ...,
        brand_id: str | int | None = ...,
        timeout: float | httpx.Timeout | None = ...,
        max_retries: int | None = ...,
        deadline: float | None = ...,
        extra: Mapping[str, Any] | None = ...,
        force: bool = ...,
    ) -> Envelope:
        """Build Customer Profile Setup — edge/buildCustomerProfileSetup.

        Create pending billing customer and return hosted payment-setup URL.

        Args:
            contact_id: CRM contact UUID
            bc_meta: Caller back-office references stored on record
            bi_id: Active trigger item for auto-enrollment after setup
            gateway: Stored in bc_meta._gateway (server default 'stripe')

        Returns:
            The API's answer as sent (status, data, …), credentials redacted.
        """

    def bulk(self, rows: Any, **options: Any) -> pd.DataFrame:
        """Call edge/buildCustomerProfileSetup once per row of a DataFrame or list of dicts (``Session.bulk``)."""


class EdgeSetupPaymentMethod(Protocol):
    """``session.edge.setupPaymentMethod(...)``."""

    @overload
    def __call__(
        self,
        *,
        contact_id: str,
        gateway: Literal['stripe', 'paypal'] | None = ...,
        bc_id: str | None = ...,
        raw: Literal[False] = ...,
        parse: bool | None = ...,
        expand: str | None = ...,
        api_key: str | None = ...,
        org_id: str | None = ...,
        brand_id: str | int | None = ...,
        timeout: float | httpx.Timeout | None = ...,
        max_retries: int | None = ...,
        deadline: float | None = ...,
        extra: Mapping[str, Any] | None = ...,
        force: bool = ...,
    ) -> pd.DataFrame:
        """Setup Payment Method — edge/setupPaymentMethod.

        Step 1: start Stripe SetupIntent or PayPal vault order for a customer.

        Args:
            contact_id: CRM contact UUID
            gateway: Auto-detected when omitted
            bc_id: Existing billing customer to update

        Returns:
            A DataFrame with the columns gateway (string), client_secret (string), publishable_key (string),
            setup_intent_id (string), stripe_customer_id (string), billing_customer_id (string).
        """

    @overload
    def __call__(
        self,
        *,
        contact_id: str,
        gateway: Literal['stripe', 'paypal'] | None = ...,
        bc_id: str | None = ...,
        raw: Literal[True],
        api_key: str | None = ...,
        org_id: str | None = ...,
        brand_id: str | int | None = ...,
        timeout: float | httpx.Timeout | None = ...,
        max_retries: int | None = ...,
        deadline: float | None = ...,
        extra: Mapping[str, Any] | None = ...,
        force: bool = ...,
    ) -> Envelope:
        """Setup Payment Method — edge/setupPaymentMethod.

        Step 1: start Stripe SetupIntent or PayPal vault order for a customer.

        Args:
            contact_id: CRM contact UUID
            gateway: Auto-detected when omitted
            bc_id: Existing billing customer to update

        Returns:
            The API's answer as sent (status, data, …), credentials redacted.
        """

    def bulk(self, rows: Any, **options: Any) -> pd.DataFrame:
        """Call edge/setupPaymentMethod once per row of a DataFrame or list of dicts (``Session.bulk``)."""


class EdgeConfirmPaymentMethod(Protocol):
    """``session.edge.confirmPaymentMethod(...)``."""

    @overload
    def __call__(
        self,
        *,
        bc_id: str,
        payment_method_id: str | None = ...,
        raw: Literal[False] = ...,
        parse: bool | None = ...,
        expand: str | None = ...,
        api_key: str | None = ...,
        org_id: str | None = ...,
        brand_id: str | int | None = ...,
        timeout: float | httpx.Timeout | None = ...,
        max_retries: int | None = ...,
        deadline: float | None = ...,
        extra: Mapping[str, Any] | None = ...,
        force: bool = ...,
    ) -> pd.DataFrame:
        """Confirm Payment Method — edge/confirmPaymentMethod.

        Step 2: attach payment method, activate customer, maybe record revenue.

        Args:
            bc_id: Billing customer from edge/setupPaymentMethod
            payment_method_id: Gateway payment method or setup intent to attach

        Returns:
            A DataFrame of the answer.
        """

    @overload
    def __call__(
        self,
        *,
        bc_id: str,
        payment_method_id: str | None = ...,
        raw: Literal[True],
        api_key: str | None = ...,
        org_id: str | None = ...,
        brand_id: str | int | None = ...,
        timeout: float | httpx.Timeout | None = ...,
        max_retries: int | None = ...,
        deadline: float | None = ...,
        extra: Mapping[str, Any] | None = ...,
        force: bool = ...,
    ) -> Envelope:
        """Confirm Payment Method — edge/confirmPaymentMethod.

        Step 2: attach payment method, activate customer, maybe record revenue.

        Args:
            bc_id: Billing customer from edge/setupPaymentMethod
            payment_method_id: Gateway payment method or setup intent to attach

        Returns:
            The API's answer as sent (status, data, …), credentials redacted.
        """

    def bulk(self, rows: Any, **options: Any) -> pd.DataFrame:
        """Call edge/confirmPaymentMethod once per row of a DataFrame or list of dicts (``Session.bulk``)."""


class EdgeEnroll(Protocol):
    """``session.edge.enroll(...)``."""

    @overload
    def __call__(
        self,
        *,
        billing_customer_id: str,
        billable_item_id: str,
        contact_id: str,
        raw: Literal[False] = ...,
        parse: bool | None = ...,
        expand: str | None = ...,
        api_key: str | None = ...,
        org_id: str | None = ...,
        brand_id: str | int | None = ...,
        timeout: float | httpx.Timeout | None = ...,
        max_retries: int | None = ...,
        deadline: float | None = ...,
        extra: Mapping[str, Any] | None = ...,
        force: bool = ...,
    ) -> pd.DataFrame:
        """Enroll in Trigger Item — edge/enroll.

        Link a billing customer to a trigger billable item; idempotent.

        Args:
            billing_customer_id: Billing customer to enroll
            billable_item_id: Trigger-type billable item
            contact_id: CRM contact UUID

        Returns:
            A DataFrame with the columns ts_dt (datetime), ts_id (string), ts_contid (string),
            ts_status (string), ts_billable_item_id (string), ts_billing_customer_id (string),
            ts_consecutive_failures (integer).
        """

    @overload
    def __call__(
        self,
        *,
        billing_customer_id: str,
        billable_item_id: str,
        contact_id: str,
        raw: Literal[True],
        api_key: str | None = ...,
        org_id: str | None = ...,
        brand_id: str | int | None = ...,
        timeout: float | httpx.Timeout | None = ...,
        max_retries: int | None = ...,
        deadline: float | None = ...,
        extra: Mapping[str, Any] | None = ...,
        force: bool = ...,
    ) -> Envelope:
        """Enroll in Trigger Item — edge/enroll.

        Link a billing customer to a trigger billable item; idempotent.

        Args:
            billing_customer_id: Billing customer to enroll
            billable_item_id: Trigger-type billable item
            contact_id: CRM contact UUID

        Returns:
            The API's answer as sent (status, data, …), credentials redacted.
        """

    def bulk(self, rows: Any, **options: Any) -> pd.DataFrame:
        """Call edge/enroll once per row of a DataFrame or list of dicts (``Session.bulk``)."""


class EdgeFire(Protocol):
    """``session.edge.fire(...)``."""

    @overload
    def __call__(
        self,
        *,
        billable_item_id: str,
        billing_customer_id: str,
        override_amount: float | None = ...,
        override_description: str | None = ...,
        metric_value: float | None = ...,
        raw: Literal[False] = ...,
        parse: bool | None = ...,
        expand: str | None = ...,
        api_key: str | None = ...,
        org_id: str | None = ...,
        brand_id: str | int | None = ...,
        timeout: float | httpx.Timeout | None = ...,
        max_retries: int | None = ...,
        deadline: float | None = ...,
        extra: Mapping[str, Any] | None = ...,
        force: bool = ...,
    ) -> pd.DataFrame:
        """Fire Trigger — edge/fire.

        Charge an enrolled customer for a trigger item, immediately or via invoice.

        Args:
            billable_item_id: Trigger item to fire
            billing_customer_id: Customer to charge
            override_amount: Only if item allows override; capped
            override_description: Custom description for variable/event modes
            metric_value: Threshold mode value compared to item threshold

        Returns:
            A DataFrame with the columns amount (integer), status (string), gateway (string),
            success (boolean), currency (string), charge_id (string), invoice_id (string),
            captured_at (datetime_utc), gateway_ref (string).
        """

    @overload
    def __call__(
        self,
        *,
        billable_item_id: str,
        billing_customer_id: str,
        override_amount: float | None = ...,
        override_description: str | None = ...,
        metric_value: float | None = ...,
        raw: Literal[True],
        api_key: str | None = ...,
        org_id: str | None = ...,
        brand_id: str | int | None = ...,
        timeout: float | httpx.Timeout | None = ...,
        max_retries: int | None = ...,
        deadline: float | None = ...,
        extra: Mapping[str, Any] | None = ...,
        force: bool = ...,
    ) -> Envelope:
        """Fire Trigger — edge/fire.

        Charge an enrolled customer for a trigger item, immediately or via invoice.

        Args:
            billable_item_id: Trigger item to fire
            billing_customer_id: Customer to charge
            override_amount: Only if item allows override; capped
            override_description: Custom description for variable/event modes
            metric_value: Threshold mode value compared to item threshold

        Returns:
            The API's answer as sent (status, data, …), credentials redacted.
        """

    def bulk(self, rows: Any, **options: Any) -> pd.DataFrame:
        """Call edge/fire once per row of a DataFrame or list of dicts (``Session.bulk``)."""


class EdgeGetCustomer(Protocol):
    """``session.edge.getCustomer(...)``."""

    @overload
    def __call__(
        self,
        *,
        bc_id: str,
        raw: Literal[False] = ...,
        parse: bool | None = ...,
        expand: str | None = ...,
        api_key: str | None = ...,
        timeout: float | httpx.Timeout | None = ...,
        max_retries: int | None = ...,
        deadline: float | None = ...,
        extra: Mapping[str, Any] | None = ...,
        force: bool = ...,
    ) -> pd.DataFrame:
        """Get Billing Customer — edge/getCustomer.

        Return a billing customer profile with its trigger enrollments.

        Args:
            bc_id: Billing customer id

        Returns:
            A DataFrame with the columns bc_dt (datetime), bc_id (string), bc_orgid (string),
            bc_contid (string), bc_status (string), bc_gateway (string), bc_payment_data.pm_id (string),
            bc_payment_data.pm_label (string), bc_payment_data.customer_id (string),
            bc_allow_trigger (integer), bc_initial_charged (integer).
        """

    @overload
    def __call__(
        self,
        *,
        bc_id: str,
        raw: Literal[True],
        api_key: str | None = ...,
        timeout: float | httpx.Timeout | None = ...,
        max_retries: int | None = ...,
        deadline: float | None = ...,
        extra: Mapping[str, Any] | None = ...,
        force: bool = ...,
    ) -> Envelope:
        """Get Billing Customer — edge/getCustomer.

        Return a billing customer profile with its trigger enrollments.

        Args:
            bc_id: Billing customer id

        Returns:
            The API's answer as sent (status, data, …), credentials redacted.
        """

    def bulk(self, rows: Any, **options: Any) -> pd.DataFrame:
        """Call edge/getCustomer once per row of a DataFrame or list of dicts (``Session.bulk``)."""


class EdgeGetEnrollments(Protocol):
    """``session.edge.getEnrollments(...)``."""

    @overload
    def __call__(
        self,
        *,
        status: Literal['active', 'paused', 'cancelled'] | None = ...,
        billing_customer_id: str | None = ...,
        billable_item_id: str | None = ...,
        limit: int | None = ...,
        offset: int | None = ...,
        raw: Literal[False] = ...,
        all_pages: bool = ...,
        parse: bool | None = ...,
        expand: str | None = ...,
        api_key: str | None = ...,
        org_id: str | None = ...,
        timeout: float | httpx.Timeout | None = ...,
        max_retries: int | None = ...,
        deadline: float | None = ...,
        extra: Mapping[str, Any] | None = ...,
        force: bool = ...,
    ) -> pd.DataFrame:
        """Get Trigger Enrollments — edge/getEnrollments.

        List organization trigger enrollments with filters, limit/offset paging.

        Args:
            status: Filter; omit for all
            billing_customer_id: Filter by billing customer
            billable_item_id: Filter by billable item
            limit: Page size (server default 50)
            offset: Rows to skip (server default 0)

        Returns:
            A DataFrame with the columns ts_dt (datetime), ts_id (string), ts_contid (string),
            ts_status (string), ts_billable_item_id (string), ts_last_triggered_at (datetime),
            ts_last_charge_status (string), ts_billing_customer_id (string),
            ts_consecutive_failures (integer).
        """

    @overload
    def __call__(
        self,
        *,
        status: Literal['active', 'paused', 'cancelled'] | None = ...,
        billing_customer_id: str | None = ...,
        billable_item_id: str | None = ...,
        limit: int | None = ...,
        offset: int | None = ...,
        raw: Literal[True],
        all_pages: bool = ...,
        api_key: str | None = ...,
        org_id: str | None = ...,
        timeout: float | httpx.Timeout | None = ...,
        max_retries: int | None = ...,
        deadline: float | None = ...,
        extra: Mapping[str, Any] | None = ...,
        force: bool = ...,
    ) -> Envelope:
        """Get Trigger Enrollments — edge/getEnrollments.

        List organization trigger enrollments with filters, limit/offset paging.

        Args:
            status: Filter; omit for all
            billing_customer_id: Filter by billing customer
            billable_item_id: Filter by billable item
            limit: Page size (server default 50)
            offset: Rows to skip (server default 0)

        Returns:
            The API's answer as sent (status, data, …), credentials redacted.
        """

    def bulk(self, rows: Any, **options: Any) -> pd.DataFrame:
        """Call edge/getEnrollments once per row of a DataFrame or list of dicts (``Session.bulk``)."""

    def pages(self, **params: Any) -> Iterator[pd.DataFrame]:
        """One DataFrame per page of edge/getEnrollments, fetched lazily (``Session.iter_pages``)."""


class EdgeGetItems(Protocol):
    """``session.edge.getItems(...)``."""

    @overload
    def __call__(
        self,
        *,
        raw: Literal[False] = ...,
        parse: bool | None = ...,
        expand: str | None = ...,
        api_key: str | None = ...,
        org_id: str | None = ...,
        brand_id: str | int | None = ...,
        timeout: float | httpx.Timeout | None = ...,
        max_retries: int | None = ...,
        deadline: float | None = ...,
        extra: Mapping[str, Any] | None = ...,
        force: bool = ...,
    ) -> pd.DataFrame:
        """Get Trigger Items — edge/getItems.

        List active trigger billable items, each with a generated fire-call sample.

        Returns:
            A DataFrame with the columns bi_id (string), bi_name (string), api_sample.body.org_id (string),
            api_sample.body.api_key (string), api_sample.body.brand_id (string),
            api_sample.body.billable_item_id (string), api_sample.body.billing_customer_id (string),
            api_sample.endpoint (string), bi_unit_price (number), bi_capture_mode (string),
            bi_trigger_mode (string), bi_trigger_condition (string), bi_trigger_threshold (number),
            bi_trigger_description (string), bi_allow_amount_override (integer),
            api_sample.body.override_amount (number), api_sample.body.metric_value (number).
        """

    @overload
    def __call__(
        self,
        *,
        raw: Literal[True],
        api_key: str | None = ...,
        org_id: str | None = ...,
        brand_id: str | int | None = ...,
        timeout: float | httpx.Timeout | None = ...,
        max_retries: int | None = ...,
        deadline: float | None = ...,
        extra: Mapping[str, Any] | None = ...,
        force: bool = ...,
    ) -> Envelope:
        """Get Trigger Items — edge/getItems.

        List active trigger billable items, each with a generated fire-call sample.

        Returns:
            The API's answer as sent (status, data, …), credentials redacted.
        """

    def bulk(self, rows: Any, **options: Any) -> pd.DataFrame:
        """Call edge/getItems once per row of a DataFrame or list of dicts (``Session.bulk``)."""


class LegacyCreateContact(Protocol):
    """``session.legacy.createContact(...)``."""

    @overload
    def __call__(
        self,
        *,
        email: str,
        first_name: str,
        full_name: str | None = ...,
        salutation: str | None = ...,
        contact_status: str | None = ...,
        contact_source: str | None = ...,
        contact_role_label: str | None = ...,
        contact_stage_id: str | None = ...,
        contact_owner: str | None = ...,
        entity_name: str | None = ...,
        entity_label: str | None = ...,
        entity_status: str | None = ...,
        entity_location: str | None = ...,
        entity_website: str | None = ...,
        entity_tags: list[Any] | None = ...,
        entity_socials: dict[str, Any] | None = ...,
        secondary_email: str | None = ...,
        secondary_phone: str | None = ...,
        address: str | None = ...,
        address_line2: str | None = ...,
        city: str | None = ...,
        state: str | None = ...,
        zip: str | None = ...,
        country: str | None = ...,
        country_code: str | None = ...,
        timezone: str | None = ...,
        is_test_contact: Literal[0, 1] | None = ...,
        do_not_call: Literal[0, 1] | None = ...,
        do_not_automate: Literal[0, 1] | None = ...,
        email_verified: Literal[0, 1] | None = ...,
        phone_verified: Literal[0, 1] | None = ...,
        auto_engage: Literal[0, 1] | None = ...,
        email_optout: Literal[0, 1] | None = ...,
        sms_optout: Literal[0, 1] | None = ...,
        visible_to_others: Literal[0, 1] | None = ...,
        editable_by_others: Literal[0, 1] | None = ...,
        last_name: str | None = ...,
        raw: Literal[False] = ...,
        parse: bool | None = ...,
        expand: str | None = ...,
        api_key: str | None = ...,
        org_id: str | None = ...,
        member_id: str | None = ...,
        timeout: float | httpx.Timeout | None = ...,
        max_retries: int | None = ...,
        deadline: float | None = ...,
        extra: Mapping[str, Any] | None = ...,
        force: bool = ...,
    ) -> pd.DataFrame:
        """Create / Update Contact — legacy/createContact.

        Legacy create-or-update of contact and entity, matched on email.

        Args:
            email: Match key for create-or-update
            first_name: First name; required
            full_name: string
            salutation: string
            contact_status: string
            contact_source: string
            contact_role_label: string
            contact_stage_id: string
            contact_owner: string
            entity_name: string
            entity_label: string
            entity_status: string
            entity_location: string
            entity_website: string
            entity_tags: array
            entity_socials: object
            secondary_email: string
            secondary_phone: string
            address: string
            address_line2: string
            city: string
            state: string
            zip: string
            country: string
            country_code: string
            timezone: string
            is_test_contact: integer
            do_not_call: integer
            do_not_automate: integer
            email_verified: integer
            phone_verified: integer
            auto_engage: integer
            email_optout: integer
            sms_optout: integer
            visible_to_others: integer
            editable_by_others: integer
            last_name: string

        Returns:
            A DataFrame of the answer.
        """

    @overload
    def __call__(
        self,
        *,
        email: str,
        first_name: str,
        full_name: str | None = ...,
        salutation: str | None = ...,
        contact_status: str | None = ...,
        contact_source: str | None = ...,
        contact_role_label: str | None = ...,
        contact_stage_id: str | None = ...,
        contact_owner: str | None = ...,
        entity_name: str | None = ...,
        entity_label: str | None = ...,
        entity_status: str | None = ...,
        entity_location: str | None = ...,
        entity_website: str | None = ...,
        entity_tags: list[Any] | None = ...,
        entity_socials: dict[str, Any] | None = ...,
        secondary_email: str | None = ...,
        secondary_phone: str | None = ...,
        address: str | None = ...,
        address_line2: str | None = ...,
        city: str | None = ...,
        state: str | None = ...,
        zip: str | None = ...,
        country: str | None = ...,
        country_code: str | None = ...,
        timezone: str | None = ...,
        is_test_contact: Literal[0, 1] | None = ...,
        do_not_call: Literal[0, 1] | None = ...,
        do_not_automate: Literal[0, 1] | None = ...,
        email_verified: Literal[0, 1] | None = ...,
        phone_verified: Literal[0, 1] | None = ...,
        auto_engage: Literal[0, 1] | None = ...,
        email_optout: Literal[0, 1] | None = ...,
        sms_optout: Literal[0, 1] | None = ...,
        visible_to_others: Literal[0, 1] | None = ...,
        editable_by_others: Literal[0, 1] | None = ...,
        last_name: str | None = ...,
        raw: Literal[True],
        api_key: str | None = ...,
        org_id: str | None = ...,
        member_id: str | None = ...,
        timeout: float | httpx.Timeout | None = ...,
        max_retries: int | None = ...,
        deadline: float | None = ...,
        extra: Mapping[str, Any] | None = ...,
        force: bool = ...,
    ) -> Envelope:
        """Create / Update Contact — legacy/createContact.

        Legacy create-or-update of contact and entity, matched on email.

        Args:
            email: Match key for create-or-update
            first_name: First name; required
            full_name: string
            salutation: string
            contact_status: string
            contact_source: string
            contact_role_label: string
            contact_stage_id: string
            contact_owner: string
            entity_name: string
            entity_label: string
            entity_status: string
            entity_location: string
            entity_website: string
            entity_tags: array
            entity_socials: object
            secondary_email: string
            secondary_phone: string
            address: string
            address_line2: string
            city: string
            state: string
            zip: string
            country: string
            country_code: string
            timezone: string
            is_test_contact: integer
            do_not_call: integer
            do_not_automate: integer
            email_verified: integer
            phone_verified: integer
            auto_engage: integer
            email_optout: integer
            sms_optout: integer
            visible_to_others: integer
            editable_by_others: integer
            last_name: string

        Returns:
            The API's answer as sent (status, data, …), credentials redacted.
        """

    def bulk(self, rows: Any, **options: Any) -> pd.DataFrame:
        """Call legacy/createContact once per row of a DataFrame or list of dicts (``Session.bulk``)."""


class LegacyAddProfileToContact(Protocol):
    """``session.legacy.addProfileToContact(...)``."""

    @overload
    def __call__(
        self,
        *,
        contact_id: str,
        profile_payload: dict[str, Any],
        profile_source: str | None = ...,
        raw: Literal[False] = ...,
        parse: bool | None = ...,
        expand: str | None = ...,
        api_key: str | None = ...,
        org_id: str | None = ...,
        member_id: str | None = ...,
        timeout: float | httpx.Timeout | None = ...,
        max_retries: int | None = ...,
        deadline: float | None = ...,
        extra: Mapping[str, Any] | None = ...,
        force: bool = ...,
    ) -> pd.DataFrame:
        """Add Profile to Contact — legacy/addProfileToContact.

        Legacy: store key/value profile data on a contact.

        Args:
            contact_id: Contact UUID
            profile_payload: Key/value data; 'summary' key recommended
            profile_source: Label for where the data came from

        Returns:
            A DataFrame with the columns profile_id (integer), profile_payload.summary (string),
            profile_payload.data_key_1 (string), profile_payload.data_key_2 (string), profile_source (string).
        """

    @overload
    def __call__(
        self,
        *,
        contact_id: str,
        profile_payload: dict[str, Any],
        profile_source: str | None = ...,
        raw: Literal[True],
        api_key: str | None = ...,
        org_id: str | None = ...,
        member_id: str | None = ...,
        timeout: float | httpx.Timeout | None = ...,
        max_retries: int | None = ...,
        deadline: float | None = ...,
        extra: Mapping[str, Any] | None = ...,
        force: bool = ...,
    ) -> Envelope:
        """Add Profile to Contact — legacy/addProfileToContact.

        Legacy: store key/value profile data on a contact.

        Args:
            contact_id: Contact UUID
            profile_payload: Key/value data; 'summary' key recommended
            profile_source: Label for where the data came from

        Returns:
            The API's answer as sent (status, data, …), credentials redacted.
        """

    def bulk(self, rows: Any, **options: Any) -> pd.DataFrame:
        """Call legacy/addProfileToContact once per row of a DataFrame or list of dicts (``Session.bulk``)."""


class LegacyAddNotestoContact(Protocol):
    """``session.legacy.addNotestoContact(...)``."""

    @overload
    def __call__(
        self,
        *,
        contact_id: str,
        note: str,
        note_visibility: Literal[0, 1] | None = ...,
        note_editable: Literal[0, 1] | None = ...,
        raw: Literal[False] = ...,
        parse: bool | None = ...,
        expand: str | None = ...,
        api_key: str | None = ...,
        org_id: str | None = ...,
        member_id: str | None = ...,
        timeout: float | httpx.Timeout | None = ...,
        max_retries: int | None = ...,
        deadline: float | None = ...,
        extra: Mapping[str, Any] | None = ...,
        force: bool = ...,
    ) -> pd.DataFrame:
        """Add Notes to Contact — legacy/addNotestoContact.

        Legacy: add a note with visibility/editability flags to a contact.

        Args:
            contact_id: Contact UUID
            note: Note text
            note_visibility: 0 private, 1 visible (server default 0)
            note_editable: 0 locked, 1 editable by others (server default 0)

        Returns:
            A DataFrame with the columns note_id (string), note_content (string), note_visibility (integer),
            note_editable (integer).
        """

    @overload
    def __call__(
        self,
        *,
        contact_id: str,
        note: str,
        note_visibility: Literal[0, 1] | None = ...,
        note_editable: Literal[0, 1] | None = ...,
        raw: Literal[True],
        api_key: str | None = ...,
        org_id: str | None = ...,
        member_id: str | None = ...,
        timeout: float | httpx.Timeout | None = ...,
        max_retries: int | None = ...,
        deadline: float | None = ...,
        extra: Mapping[str, Any] | None = ...,
        force: bool = ...,
    ) -> Envelope:
        """Add Notes to Contact — legacy/addNotestoContact.

        Legacy: add a note with visibility/editability flags to a contact.

        Args:
            contact_id: Contact UUID
            note: Note text
            note_visibility: 0 private, 1 visible (server default 0)
            note_editable: 0 locked, 1 editable by others (server default 0)

        Returns:
            The API's answer as sent (status, data, …), credentials redacted.
        """

    def bulk(self, rows: Any, **options: Any) -> pd.DataFrame:
        """Call legacy/addNotestoContact once per row of a DataFrame or list of dicts (``Session.bulk``)."""


class LegacyFetchPipelineStages(Protocol):
    """``session.legacy.fetchPipelineStages(...)``."""

    @overload
    def __call__(
        self,
        *,
        raw: Literal[False] = ...,
        parse: bool | None = ...,
        expand: str | None = ...,
        api_key: str | None = ...,
        org_id: str | None = ...,
        timeout: float | httpx.Timeout | None = ...,
        max_retries: int | None = ...,
        deadline: float | None = ...,
        extra: Mapping[str, Any] | None = ...,
        force: bool = ...,
    ) -> pd.DataFrame:
        """Fetch Pipeline Stages — legacy/fetchPipelineStages.

        Legacy: return pipeline board with phases and ordered stage definitions.

        Returns:
            A DataFrame with the columns board_id (string), board_name (string), board_description (string),
            phases.Acquisition (records), phases.Conversion (records), phases.Retention (records).
        """

    @overload
    def __call__(
        self,
        *,
        raw: Literal[True],
        api_key: str | None = ...,
        org_id: str | None = ...,
        timeout: float | httpx.Timeout | None = ...,
        max_retries: int | None = ...,
        deadline: float | None = ...,
        extra: Mapping[str, Any] | None = ...,
        force: bool = ...,
    ) -> Envelope:
        """Fetch Pipeline Stages — legacy/fetchPipelineStages.

        Legacy: return pipeline board with phases and ordered stage definitions.

        Returns:
            The API's answer as sent (status, data, …), credentials redacted.
        """

    def bulk(self, rows: Any, **options: Any) -> pd.DataFrame:
        """Call legacy/fetchPipelineStages once per row of a DataFrame or list of dicts (``Session.bulk``)."""


class LegacyFetchCRMFieldHeaders(Protocol):
    """``session.legacy.fetchCRMFieldHeaders(...)``."""

    @overload
    def __call__(
        self,
        *,
        raw: Literal[False] = ...,
        parse: bool | None = ...,
        expand: str | None = ...,
        api_key: str | None = ...,
        org_id: str | None = ...,
        brand_id: str | int | None = ...,
        timeout: float | httpx.Timeout | None = ...,
        max_retries: int | None = ...,
        deadline: float | None = ...,
        extra: Mapping[str, Any] | None = ...,
        force: bool = ...,
    ) -> pd.DataFrame:
        """Fetch CRM Field Headers — legacy/fetchCRMFieldHeaders.

        Legacy: list standard and brand custom CRM field names with descriptions.

        Returns:
            A DataFrame with the columns column (string), description (string).
        """

    @overload
    def __call__(
        self,
        *,
        raw: Literal[True],
        api_key: str | None = ...,
        org_id: str | None = ...,
        brand_id: str | int | None = ...,
        timeout: float | httpx.Timeout | None = ...,
        max_retries: int | None = ...,
        deadline: float | None = ...,
        extra: Mapping[str, Any] | None = ...,
        force: bool = ...,
    ) -> Envelope:
        """Fetch CRM Field Headers — legacy/fetchCRMFieldHeaders.

        Legacy: list standard and brand custom CRM field names with descriptions.

        Returns:
            The API's answer as sent (status, data, …), credentials redacted.
        """

    def bulk(self, rows: Any, **options: Any) -> pd.DataFrame:
        """Call legacy/fetchCRMFieldHeaders once per row of a DataFrame or list of dicts (``Session.bulk``)."""


class LegacyFetchAudiences(Protocol):
    """``session.legacy.fetchAudiences(...)``."""

    @overload
    def __call__(
        self,
        *,
        raw: Literal[False] = ...,
        parse: bool | None = ...,
        expand: str | None = ...,
        api_key: str | None = ...,
        org_id: str | None = ...,
        brand_id: str | int | None = ...,
        timeout: float | httpx.Timeout | None = ...,
        max_retries: int | None = ...,
        deadline: float | None = ...,
        extra: Mapping[str, Any] | None = ...,
        force: bool = ...,
    ) -> pd.DataFrame:
        """Fetch Brand Audiences — legacy/fetchAudiences.

        Legacy: list audience segments defined for a brand.

        Returns:
            A DataFrame with the columns segment_id (string), created_at (datetime), updated_at (datetime),
            initiated_by (string), segment_label (string), segment_tag (string), segment_type (string),
            segment_decision_drivers (string), segment_pain_points (list), segment_use_cases (list),
            segment_tone (string), reasoning (string).
        """

    @overload
    def __call__(
        self,
        *,
        raw: Literal[True],
        api_key: str | None = ...,
        org_id: str | None = ...,
        brand_id: str | int | None = ...,
        timeout: float | httpx.Timeout | None = ...,
        max_retries: int | None = ...,
        deadline: float | None = ...,
        extra: Mapping[str, Any] | None = ...,
        force: bool = ...,
    ) -> Envelope:
        """Fetch Brand Audiences — legacy/fetchAudiences.

        Legacy: list audience segments defined for a brand.

        Returns:
            The API's answer as sent (status, data, …), credentials redacted.
        """

    def bulk(self, rows: Any, **options: Any) -> pd.DataFrame:
        """Call legacy/fetchAudiences once per row of a DataFrame or list of dicts (``Session.bulk``)."""


class LegacyContextualizeData(Protocol):
    """``session.legacy.contextualizeData(...)``."""

    @overload
    def __call__(
        self,
        *,
        help: bool | None = ...,
        raw: Literal[False] = ...,
        parse: bool | None = ...,
        expand: str | None = ...,
        api_key: str | None = ...,
        timeout: float | httpx.Timeout | None = ...,
        max_retries: int | None = ...,
        deadline: float | None = ...,
        extra: Mapping[str, Any] | None = ...,
        force: bool = ...,
    ) -> pd.DataFrame:
        """Contextualize Data (legacy docs) — legacy/contextualizeData.

        Legacy: usage documentation for the AI ingestion of raw contact data.

        Args:
            help: Returns sample request/response; no auth or charge

        Returns:
            A DataFrame of the answer.
        """

    @overload
    def __call__(
        self,
        *,
        help: bool | None = ...,
        raw: Literal[True],
        api_key: str | None = ...,
        timeout: float | httpx.Timeout | None = ...,
        max_retries: int | None = ...,
        deadline: float | None = ...,
        extra: Mapping[str, Any] | None = ...,
        force: bool = ...,
    ) -> Envelope:
        """Contextualize Data (legacy docs) — legacy/contextualizeData.

        Legacy: usage documentation for the AI ingestion of raw contact data.

        Args:
            help: Returns sample request/response; no auth or charge

        Returns:
            The API's answer as sent (status, data, …), credentials redacted.
        """

    def bulk(self, rows: Any, **options: Any) -> pd.DataFrame:
        """Call legacy/contextualizeData once per row of a DataFrame or list of dicts (``Session.bulk``)."""


class LegacyFetchMember(Protocol):
    """``session.legacy.fetchMember(...)``."""

    @overload
    def __call__(
        self,
        *,
        raw: Literal[False] = ...,
        parse: bool | None = ...,
        expand: str | None = ...,
        api_key: str | None = ...,
        org_id: str | None = ...,
        member_id: str | None = ...,
        timeout: float | httpx.Timeout | None = ...,
        max_retries: int | None = ...,
        deadline: float | None = ...,
        extra: Mapping[str, Any] | None = ...,
        force: bool = ...,
    ) -> pd.DataFrame:
        """Fetch Member Details — legacy/fetchMember.

        Legacy: return one member's profile, role, signatures and status.

        Returns:
            A DataFrame with the columns member_id (string), member_fname (string), member_lname (string),
            member_email (string), member_phone (string), member_avatar_image (string),
            member_job_title (string), member_employee_id (string), member_role (string),
            member_department (string), member_email_signature (string), member_sms_signature (string),
            member_timezone (string), member_status (string).
        """

    @overload
    def __call__(
        self,
        *,
        raw: Literal[True],
        api_key: str | None = ...,
        org_id: str | None = ...,
        member_id: str | None = ...,
        timeout: float | httpx.Timeout | None = ...,
        max_retries: int | None = ...,
        deadline: float | None = ...,
        extra: Mapping[str, Any] | None = ...,
        force: bool = ...,
    ) -> Envelope:
        """Fetch Member Details — legacy/fetchMember.

        Legacy: return one member's profile, role, signatures and status.

        Returns:
            The API's answer as sent (status, data, …), credentials redacted.
        """

    def bulk(self, rows: Any, **options: Any) -> pd.DataFrame:
        """Call legacy/fetchMember once per row of a DataFrame or list of dicts (``Session.bulk``)."""


class LegacyFetchOrganization(Protocol):
    """``session.legacy.fetchOrganization(...)``."""

    @overload
    def __call__(
        self,
        *,
        raw: Literal[False] = ...,
        parse: bool | None = ...,
        expand: str | None = ...,
        api_key: str | None = ...,
        org_id: str | None = ...,
        timeout: float | httpx.Timeout | None = ...,
        max_retries: int | None = ...,
        deadline: float | None = ...,
        extra: Mapping[str, Any] | None = ...,
        force: bool = ...,
    ) -> pd.DataFrame:
        """Fetch Organization Details — legacy/fetchOrganization.

        Legacy: return organization profile, working hours, members and default wallet.

        Returns:
            A DataFrame with the columns org_name (string), org_tagline (string), org_website (string),
            org_email (string), org_industry (string), org_language (string), org_timezone (string),
            org_reach (string), org_stage (string), org_address (string), org_city (string),
            org_state (string), org_zip (string), org_country (string), org_working_hours (records),
            org_members (list), org_admins (list), default_wallet (string).
        """

    @overload
    def __call__(
        self,
        *,
        raw: Literal[True],
        api_key: str | None = ...,
        org_id: str | None = ...,
        timeout: float | httpx.Timeout | None = ...,
        max_retries: int | None = ...,
        deadline: float | None = ...,
        extra: Mapping[str, Any] | None = ...,
        force: bool = ...,
    ) -> Envelope:
        """Fetch Organization Details — legacy/fetchOrganization.

        Legacy: return organization profile, working hours, members and default wallet.

        Returns:
            The API's answer as sent (status, data, …), credentials redacted.
        """

    def bulk(self, rows: Any, **options: Any) -> pd.DataFrame:
        """Call legacy/fetchOrganization once per row of a DataFrame or list of dicts (``Session.bulk``)."""


class LegacyFetchWalletBalance(Protocol):
    """``session.legacy.fetchWalletBalance(...)``."""

    @overload
    def __call__(
        self,
        *,
        wallet_id: str,
        raw: Literal[False] = ...,
        parse: bool | None = ...,
        expand: str | None = ...,
        api_key: str | None = ...,
        org_id: str | None = ...,
        timeout: float | httpx.Timeout | None = ...,
        max_retries: int | None = ...,
        deadline: float | None = ...,
        extra: Mapping[str, Any] | None = ...,
        force: bool = ...,
    ) -> pd.DataFrame:
        """Fetch Wallet Balance — legacy/fetchWalletBalance.

        Legacy: return a wallet's label, string balance and UTC last-update time.

        Args:
            wallet_id: Wallet in the organization

        Returns:
            A DataFrame with the columns wallet_id (string), wallet_label (string), wallet_balance (amount),
            wallet_last_update (datetime_utc).
        """

    @overload
    def __call__(
        self,
        *,
        wallet_id: str,
        raw: Literal[True],
        api_key: str | None = ...,
        org_id: str | None = ...,
        timeout: float | httpx.Timeout | None = ...,
        max_retries: int | None = ...,
        deadline: float | None = ...,
        extra: Mapping[str, Any] | None = ...,
        force: bool = ...,
    ) -> Envelope:
        """Fetch Wallet Balance — legacy/fetchWalletBalance.

        Legacy: return a wallet's label, string balance and UTC last-update time.

        Args:
            wallet_id: Wallet in the organization

        Returns:
            The API's answer as sent (status, data, …), credentials redacted.
        """

    def bulk(self, rows: Any, **options: Any) -> pd.DataFrame:
        """Call legacy/fetchWalletBalance once per row of a DataFrame or list of dicts (``Session.bulk``)."""


class Crm(Protocol):
    """``session.crm``: the catalogued crm endpoints (others: untyped, as attributes)."""

    @property
    def fetchContact(self) -> CrmFetchContact:
        """Get one contact by UUID, optionally with notes, profile, signals, entity."""

    @property
    def lookupContact(self) -> CrmLookupContact:
        """Free-text search returning first matching contact with all related data."""

    @property
    def addContactsFull(self) -> CrmAddContactsFull:
        """Create, update or upsert a contact and optional entity with custom fields."""

    @property
    def updateFieldData(self) -> CrmUpdateFieldData:
        """Patch selected fields, flags, tags or custom fields on contact and/or entity."""

    @property
    def addProfileToContact(self) -> CrmAddProfileToContact:
        """Store a source-labelled key/value enrichment profile on a contact."""

    @property
    def calculateLeadScore(self) -> CrmCalculateLeadScore:
        """Compute a contact's score, tier and breakdown from data completeness and opt-outs."""

    @property
    def addNotestoContact(self) -> CrmAddNotestoContact:
        """Create a note on a contact, or update one when note_id given."""

    @property
    def addCommsHistory(self) -> CrmAddCommsHistory:
        """Append an external email/SMS/call/message event to a contact timeline."""

    @property
    def contextualizeData(self) -> CrmContextualizeData:
        """AI maps raw unstructured input into a CRM contact; charges wallet credits."""

    def __getattr__(self, action: str) -> Any:
        """An action the catalog gained at run time (a user catalog), or an uncatalogued one."""


class Developers(Protocol):
    """``session.developers``: the catalogued developers endpoints (others: untyped, as attributes)."""

    @property
    def fetchIdentifiers(self) -> DevelopersFetchIdentifiers:
        """Exchange developer secret for api_key, org, members and brand identifiers."""

    def __getattr__(self, action: str) -> Any:
        """An action the catalog gained at run time (a user catalog), or an uncatalogued one."""


class Calendar(Protocol):
    """``session.calendar``: the catalogued calendar endpoints (others: untyped, as attributes)."""

    @property
    def checkAvailability(self) -> CalendarCheckAvailability:
        """List free or busy slots for a calendar schedule over a date window."""

    @property
    def createEvent(self) -> CalendarCreateEvent:
        """Book a calendar event with attendees; may create Meet link and send invites."""

    def __getattr__(self, action: str) -> Any:
        """An action the catalog gained at run time (a user catalog), or an uncatalogued one."""


class Forms(Protocol):
    """``session.forms``: the catalogued forms endpoints (others: untyped, as attributes)."""

    @property
    def getFormFields(self) -> FormsGetFormFields:
        """Return field schema (types, labels, options, CRM mapping) of a published form."""

    @property
    def submitForm(self) -> FormsSubmitForm:
        """Submit answers to a published form through the normal form pipeline."""

    @property
    def collectFormData(self) -> FormsCollectFormData:
        """Two-phase agent wrapper: fetch simplified form fields, then submit answers."""

    def __getattr__(self, action: str) -> Any:
        """An action the catalog gained at run time (a user catalog), or an uncatalogued one."""


class Account(Protocol):
    """``session.account``: the catalogued account endpoints (others: untyped, as attributes)."""

    @property
    def createWebhook(self) -> AccountCreateWebhook:
        """Register an HTTPS endpoint for event notifications; secret key returned once."""

    @property
    def fetchWebhooks(self) -> AccountFetchWebhooks:
        """List all webhook configurations and delivery health for the organization."""

    @property
    def updateWebhook(self) -> AccountUpdateWebhook:
        """Partially modify an existing webhook; event list is replaced wholesale."""

    @property
    def fetchMembers(self) -> AccountFetchMembers:
        """List active organization members with UUID and full name."""

    @property
    def fetchOrganization(self) -> AccountFetchOrganization:
        """Return organization profile, working hours, member/admin lists, default wallet."""

    @property
    def fetchWallet(self) -> AccountFetchWallet:
        """Return one wallet's label, balance string and last update time."""

    @property
    def fetchWallets(self) -> AccountFetchWallets:
        """List organization and member wallets with balances and owners."""

    def __getattr__(self, action: str) -> Any:
        """An action the catalog gained at run time (a user catalog), or an uncatalogued one."""


class Edge(Protocol):
    """``session.edge``: the catalogued edge endpoints (others: untyped, as attributes)."""

    @property
    def createCustomer(self) -> EdgeCreateCustomer:
        """Create (or return existing) billing identity linking a CRM contact to a gateway."""

    @property
    def buildCustomerProfileSetup(self) -> EdgeBuildCustomerProfileSetup:
        """Create pending billing customer and return hosted payment-setup URL."""

    @property
    def setupPaymentMethod(self) -> EdgeSetupPaymentMethod:
        """Step 1: start Stripe SetupIntent or PayPal vault order for a customer."""

    @property
    def confirmPaymentMethod(self) -> EdgeConfirmPaymentMethod:
        """Step 2: attach payment method, activate customer, maybe record revenue."""

    @property
    def enroll(self) -> EdgeEnroll:
        """Link a billing customer to a trigger billable item; idempotent."""

    @property
    def fire(self) -> EdgeFire:
        """Charge an enrolled customer for a trigger item, immediately or via invoice."""

    @property
    def getCustomer(self) -> EdgeGetCustomer:
        """Return a billing customer profile with its trigger enrollments."""

    @property
    def getEnrollments(self) -> EdgeGetEnrollments:
        """List organization trigger enrollments with filters, limit/offset paging."""

    @property
    def getItems(self) -> EdgeGetItems:
        """List active trigger billable items, each with a generated fire-call sample."""

    def __getattr__(self, action: str) -> Any:
        """An action the catalog gained at run time (a user catalog), or an uncatalogued one."""


class Legacy(Protocol):
    """``session.legacy``: the catalogued legacy endpoints (others: untyped, as attributes)."""

    @property
    def createContact(self) -> LegacyCreateContact:
        """Legacy create-or-update of contact and entity, matched on email."""

    @property
    def addProfileToContact(self) -> LegacyAddProfileToContact:
        """Legacy: store key/value profile data on a contact."""

    @property
    def addNotestoContact(self) -> LegacyAddNotestoContact:
        """Legacy: add a note with visibility/editability flags to a contact."""

    @property
    def fetchPipelineStages(self) -> LegacyFetchPipelineStages:
        """Legacy: return pipeline board with phases and ordered stage definitions."""

    @property
    def fetchCRMFieldHeaders(self) -> LegacyFetchCRMFieldHeaders:
        """Legacy: list standard and brand custom CRM field names with descriptions."""

    @property
    def fetchAudiences(self) -> LegacyFetchAudiences:
        """Legacy: list audience segments defined for a brand."""

    @property
    def contextualizeData(self) -> LegacyContextualizeData:
        """Legacy: usage documentation for the AI ingestion of raw contact data."""

    @property
    def fetchMember(self) -> LegacyFetchMember:
        """Legacy: return one member's profile, role, signatures and status."""

    @property
    def fetchOrganization(self) -> LegacyFetchOrganization:
        """Legacy: return organization profile, working hours, members and default wallet."""

    @property
    def fetchWalletBalance(self) -> LegacyFetchWalletBalance:
        """Legacy: return a wallet's label, string balance and UTC last-update time."""

    def __getattr__(self, action: str) -> Any:
        """An action the catalog gained at run time (a user catalog), or an uncatalogued one."""


class Modules:
    """The catalogued modules as ``Session`` attributes, for type checkers."""

    crm: Crm
    developers: Developers
    calendar: Calendar
    forms: Forms
    account: Account
    edge: Edge
    legacy: Legacy


__all__ = ['Envelope', 'Modules']
