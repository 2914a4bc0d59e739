"""Secrets stay secret: remove credentials from any text before it is printed or written.

:func:`redact` is applied to every line the refresh and the pipeline print or
write (progress lines, error messages, ``_sources/MANIFEST.json``,
``data/datapackage.json``'s addresses). It removes

- the user and password of an address (``https://user:pass@host/`` ->
  ``https://***@host/``);
- the value of a query parameter that carries a credential (``?key=``,
  ``token=``, ``api_key=``, ``access_token=``, ``password=``, ``secret=``,
  ``signature=``, ``email=``...) -> ``key=***``;
- an ``Authorization:`` / ``Bearer`` value;
- the value of every environment variable whose name says it is a secret
  (``*TOKEN*``, ``*KEY*``, ``*SECRET*``, ``*PASSWORD*``, ``*PASS``,
  ``*CREDENTIAL*``, ``*AUTH*``, ``ACLED_USERNAME``), wherever it appears.
"""

from __future__ import annotations

import os
import re

MASK = "***"

#: Query parameters whose value is a credential (case-insensitive).
SECRET_PARAMS = (
    "key",
    "api_key",
    "apikey",
    "api-key",
    "token",
    "access_token",
    "auth",
    "password",
    "pass",
    "passwd",
    "pwd",
    "secret",
    "client_secret",
    "signature",
    "sig",
    "email",
    "username",
    "user",
)
#: Environment variable names that hold secrets (a regular expression, case-insensitive).
SECRET_ENV = re.compile(r"TOKEN|KEY|SECRET|PASSWORD|PASSWD|_PASS$|CREDENTIAL|AUTH|^ACLED_USERNAME$", re.I)

_USERINFO = re.compile(r"(?P<scheme>[a-z][a-z0-9+.-]*://)(?P<info>[^/\s@?#]+)@", re.I)
_PARAM = re.compile(
    r"(?P<sep>[?&;])(?P<name>" + "|".join(map(re.escape, SECRET_PARAMS)) + r")=(?P<value>[^&#\s\"']*)", re.I
)
_BEARER = re.compile(r"\b(?P<kind>Bearer|Basic)\s+(?P<value>[A-Za-z0-9._~+/=-]{8,})", re.I)


def secret_values(environ=None) -> list[str]:
    """The values of the environment's secret variables (at least 6 characters), longest first."""
    env = os.environ if environ is None else environ
    values = {
        v for k, v in env.items() if SECRET_ENV.search(k) and v and len(v) >= 6 and v.lower() not in ("true", "false")
    }
    return sorted(values, key=len, reverse=True)


def redact(text, environ=None) -> str:
    """Return ``text`` with every credential replaced by ``***`` (see the module doc)."""
    out = str(text)
    for value in secret_values(environ):
        out = out.replace(value, MASK)
    out = _USERINFO.sub(lambda m: f"{m['scheme']}{MASK}@", out)
    out = _PARAM.sub(lambda m: f"{m['sep']}{m['name']}={MASK}" if m["value"] else m[0], out)
    out = _BEARER.sub(lambda m: f"{m['kind']} {MASK}", out)
    return out
