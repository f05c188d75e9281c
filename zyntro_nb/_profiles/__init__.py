"""The profiles family: named accounts whose identifiers live in a TOML file and whose secrets live in the keyring.

- ``store``: the profiles file (``profiles.toml``): reading it (a bad file is an error naming the line),
  writing it atomically, checking profile names; never a secret in it.
- ``vault``: the secrets (``api_key``, ``developer_secret``) in the OS keyring through the ``keyring``
  library, service ``zyntro-nb``, one entry per profile and field; no backend is an error, never a
  plaintext fallback.

Which values win (argument, ``ZYNTRO_*`` variable, profile, keyring, ``.env``) is decided in
``zyntro_nb._config``, the only module that reads the environment; it hands this family the file's path.

Layer 2 (identifiers, beside ``_config``).
May import: ``_defaults``, ``_errors``, ``_secret`` (never ``_config``: it calls this family).
Imported by: ``_config`` (resolving a profile), ``_connect.profiles`` (``zn.profiles()``), ``_cli``
(``zyntro-nb login``, ``profiles``, ``logout``, ``scan``), ``_ipython.complete`` (``--profile`` names).
"""
