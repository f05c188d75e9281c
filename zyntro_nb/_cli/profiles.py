"""``zyntro-nb login``, ``profiles`` and ``logout``: named accounts, secrets in the OS keyring.

``login`` asks for the developer secret without echo (or reads one line from stdin with
``--developer-secret-stdin``), bootstraps the identifiers through ``developers/fetchIdentifiers``
exactly as ``zn.connect(developer_secret=…)`` does, stores the secrets in the keyring and the
rest in the profiles file, and prints the profile redacted. ``profiles`` lists them with no
secret at all; ``logout`` removes a profile and its keyring entries.

Example::

    $ zyntro-nb login --profile acme
    Developer secret for profile 'acme' (zdk_…, not shown):
    logged in: profile 'acme' stored
      profile          acme
      org_id           42cc1aca…
      …
    $ zyntro-nb profiles
    $ zyntro-nb logout --profile acme
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from .._errors import ConfigurationError

DEFAULT_PROFILE = "default"


def read_secret(from_stdin: bool, name: str) -> str:
    """The developer secret: one line from stdin, or a no-echo prompt; an empty one is a ConfigurationError."""
    if from_stdin:
        line = sys.stdin.readline()
        where = "stdin"
    else:
        import getpass

        try:
            line = getpass.getpass(f"Developer secret for profile {name!r} (zdk_…, not shown): ")
        except EOFError:
            line = ""
        where = "the prompt"
    text = line.strip()
    if not text:
        raise ConfigurationError(
            f"no developer secret was given ({where} was empty)",
            fix="paste the zdk_… secret at the prompt, or pipe exactly one line: "
            "printf '%s\\n' \"$SECRET\" | zyntro-nb login --developer-secret-stdin",
            sent=False,
        )
    return text


def cmd_login(args: argparse.Namespace) -> int:
    from .._connect.profiles import check_new_profile, login_profile, profile_lines

    name = args.profile
    check_new_profile(name, force=args.force)  # name, file, existing profile, keyring: before the prompt
    secret = read_secret(args.developer_secret_stdin, name)
    profile, session = login_profile(name, secret, base_url=args.base_url, org_id=args.org_id,
                                     brand_id=args.brand_id, member_id=args.member_id, note=args.note,
                                     force=args.force)
    print(f"logged in: profile {name!r} stored (identifiers in the profiles file, secrets in the keyring)")
    print("\n".join(profile_lines(profile, session)))
    for note in session.bootstrap_notes:
        print(f"bootstrap: {note}")
    if session.bootstrap_notes:
        print(f"to choose another: zyntro-nb login --profile {name} --force --brand-id … --member-id …")
    print(f"use it: zn.connect(profile={name!r}), %zyntro connect --profile {name}, or ZYNTRO_PROFILE={name}")
    session.close()
    return 0


def cmd_profiles(args: argparse.Namespace) -> int:
    from .._config import profiles_path, short_id
    from .._connect.profiles import profile_rows

    path = profiles_path()
    rows = profile_rows()
    if not rows:
        print(f"no profiles yet (in {path}); create one with: zyntro-nb login --profile NAME")
        return 0
    from tabulate import tabulate

    shown = [[r["profile"], short_id(r["org_id"] or None), r["brand_id"] or "-", short_id(r["member_id"] or None),
              r["base_url"] or "(default)", r["secrets"], r["note"]] for r in rows]
    print(tabulate(shown, headers=["profile", "org", "brand", "member", "base URL", "keyring holds", "note"],
                   disable_numparse=True))
    print(f"({path})")
    return 0


def cmd_logout(args: argparse.Namespace) -> int:
    from .._config import profiles_path
    from .._profiles.store import check_name, read_profiles, remove_profile, unknown_profile
    from .._profiles.vault import delete_secrets

    name = check_name(args.profile)
    path = profiles_path()
    profiles = read_profiles(path)
    if name not in profiles:
        raise unknown_profile(name, profiles, path)
    delete_secrets(name)  # first: a profile left without secrets is harmless, secrets left behind are not
    remove_profile(path, name)
    print(f"logged out: profile {name!r} and its keyring entries removed")
    return 0


def add_profile_commands(commands: Any) -> None:
    """Add ``login``, ``profiles`` and ``logout`` to the ``zyntro-nb`` subcommands."""
    login = commands.add_parser(
        "login", help="store a named profile: identifiers in a file, secrets in the OS keyring",
        description="Ask for the developer secret (not echoed), find the account's identifiers with "
        "developers/fetchIdentifiers, store the secrets in the OS keyring and the identifiers in the profiles "
        "file, and print the profile (redacted).")
    login.add_argument("--profile", default=DEFAULT_PROFILE, metavar="NAME", help="profile name (default: default)")
    login.add_argument("--base-url", default=None, metavar="URL", help="API address (default: the Zyntro API)")
    login.add_argument("--org-id", default=None, metavar="ORG", help="organization to use when there are several")
    login.add_argument("--brand-id", default=None, metavar="B", help="brand to use when there are several")
    login.add_argument("--member-id", default=None, metavar="M", help="team member to use when there are several")
    login.add_argument("--note", default=None, metavar="TEXT", help="a free-text note kept with the profile")
    login.add_argument("--developer-secret-stdin", action="store_true",
                       help="read the developer secret as one line from stdin instead of prompting")
    login.add_argument("--force", action="store_true", help="replace an existing profile of that name")
    login.set_defaults(run=cmd_login)
    commands.add_parser(
        "profiles", help="list the named profiles (no secrets)",
        description="List each profile's organization, brand, member, base URL and whether the keyring holds "
        "its secrets. No secret is shown.").set_defaults(run=cmd_profiles)
    logout = commands.add_parser("logout", help="remove a profile and its keyring entries")
    logout.add_argument("--profile", default=DEFAULT_PROFILE, metavar="NAME", help="profile name (default: default)")
    logout.set_defaults(run=cmd_logout)
