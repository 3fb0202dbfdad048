"""Sites: which site a page belongs to, from its URL."""

from __future__ import annotations

from urllib.parse import urlsplit

import regex

_SAME_SITE_PREFIXES = ("www.", "m.", "mobile.", "amp.")  # the same site's desktop, mobile and AMP pages
_NETLOC = regex.compile(r"//([^/?#]*)")


def site_of_url(url: str | None) -> str:
    """The site of a URL: its host without a leading 'www.', 'm.', 'mobile.' or 'amp.' ('' when unknown)."""
    if not url:
        return ""
    url = url if "//" in url else "//" + url
    try:
        host = urlsplit(url).hostname or ""
    except (
        ValueError
    ):  # a malformed address ("http://[::1"): what stands between "//" and the path, lowercased
        m = _NETLOC.search(url)
        host = m.group(1).rpartition("@")[2].lower() if m else ""
    for prefix in _SAME_SITE_PREFIXES:
        if host.startswith(prefix) and "." in host[len(prefix) :]:
            host = host[len(prefix) :]
    return host
