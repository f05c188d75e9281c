"""Named defaults for the toolkit, kept together so they are easy to find and override.

Example::

    >>> from zyntro_nb._defaults import DEFAULT_BASE_URL
    >>> DEFAULT_BASE_URL
    'https://app.zyntrohq.com'
"""

from __future__ import annotations

DEFAULT_BASE_URL = "https://app.zyntrohq.com"
# Where ``zyntro-nb sandbox`` listens by default (its --port default is 8765).
SANDBOX_SERVED_URL = "http://127.0.0.1:8765"
API_PATH_TEMPLATE = "/apis/v2/public/{module}/{action}"

# Timeouts in seconds: connecting should be quick; some endpoints (AI ingestion) are slow.
CONNECT_TIMEOUT = 5.0
READ_TIMEOUT = 60.0
WRITE_TIMEOUT = 30.0
POOL_TIMEOUT = 10.0

# Retries apply to reads and to writes the contract documents as idempotent.
MAX_RETRIES = 3
RETRY_BASE_DELAY = 0.5
RETRY_MAX_DELAY = 8.0
# A Retry-After longer than this (or than what is left of the call's deadline) is not waited for:
# the RateLimitError is raised at once with ``retry_after`` set.
RETRY_AFTER_CAP = 30.0
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
# One call's total time budget in seconds, covering every attempt and every wait between them.
CALL_DEADLINE = 120.0

# Display: rows, columns and cell widths follow pandas' display options (see _settings);
# this is only format_cell's default when called without a width.
DISPLAY_MAX_COLWIDTH = 40

# Deepest nesting of lists/objects accepted in parameters and answers (deeper ones are refused,
# rather than overflowing Python's recursion limit somewhere later).
MAX_DEPTH = 64
# JSON typed by a user (magic bodies, form fields) nesting deeper than this is refused as unreadable, the
# same on every Python (3.11's parser gives up near 1,000 levels, 3.13's reads far deeper).
JSON_READ_DEPTH = 200
# The session's call history keeps this many calls (the newest).
HISTORY_LIMIT = 1000

# Paging safety net: stop after this many pages even if the server keeps answering.
MAX_PAGES = 10_000

SECRET_PREFIX = "zdk_"
REDACTED_VISIBLE_CHARS = 4
# The one place the version is written (pyproject.toml reads it from here).
VERSION = "0.1.0"
# Sent with every request, so the API's operators can tell which client and version called.
USER_AGENT = f"zyntro_nb/{VERSION}"

# Widget forms: rows shown under a form, and how much of a summary the explorer's action list shows.
FORM_MAX_ROWS = 20
EXPLORER_SUMMARY_CHARS = 60
SEARCH_DELAY = 0.3  # seconds of typing pause before the explorer's search applies

# Bulk calls: worker threads by default and at most (the HTTP connection pool keeps this many alive),
# how long an interrupted bulk waits for its calls in flight, and how many row labels an error lists.
BULK_CONCURRENCY = 8
BULK_MAX_CONCURRENCY = 64
BULK_STOP_WAIT = 30.0
BULK_LABELS_SHOWN = 10
# 429 answers a whole bulk call may retry (reads), on top of each row's own retries for other failures.
BULK_RATE_LIMIT_RETRIES = 1000
