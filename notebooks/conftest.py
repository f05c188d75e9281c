"""pytest configuration for the notebooks checked by nbval.

The saved outputs were produced against the in-process sandbox (``python notebooks/rebuild.py``).
With ``ZYNTRO_*`` variables in the environment the notebooks would take their real-account
path instead and could not match, so they are removed before nbval starts its kernels (which
inherit this process's environment).
"""

from __future__ import annotations

import os

for _name in [name for name in os.environ if name.startswith("ZYNTRO_")]:
    del os.environ[_name]
