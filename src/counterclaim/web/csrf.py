"""CSRF protection by double submit: a random token in a form field and, signed, in a cookie.

The cookie is HMAC-signed with the app's secret, so a page on another site can
neither read nor forge it; a POST is accepted only when the field matches the cookie.
"""
from __future__ import annotations

import hashlib
import hmac
import secrets

COOKIE = "cc_csrf"
FIELD = "csrf_token"


class Csrf:
    """Issue and check tokens signed with one secret (random per server unless given)."""

    def __init__(self, secret: bytes | str | None = None):
        if isinstance(secret, str):
            secret = secret.encode("utf-8")
        self._secret = secret or secrets.token_bytes(32)

    def _sign(self, token: str) -> str:
        return hmac.new(self._secret, token.encode("ascii"), hashlib.sha256).hexdigest()

    def issue(self, cookie_value: str | None = None) -> tuple[str, str]:
        """The token for a form and the cookie value; an already valid cookie is reused."""
        token = self.token_of(cookie_value) if cookie_value else None
        if token is None:
            token = secrets.token_urlsafe(24)
        return token, "%s.%s" % (token, self._sign(token))

    def token_of(self, cookie_value: str | None) -> str | None:
        """The token inside a cookie value when its signature is valid, else None."""
        if not cookie_value or "." not in cookie_value:
            return None
        token, _, sig = cookie_value.rpartition(".")
        try:
            ok = hmac.compare_digest(sig, self._sign(token))
        except (TypeError, UnicodeEncodeError):
            return None
        return token if ok else None

    def check(self, cookie_value: str | None, form_token: str | None) -> bool:
        token = self.token_of(cookie_value)
        if token is None or not isinstance(form_token, str):
            return False
        return hmac.compare_digest(token.encode("ascii"), form_token.encode("utf-8", "replace"))
