"""Plays the browser between ThaoThiam and the test provider: the authorization-code flow with the
provider's own login form. Used by the sign-in tests and by the bench (bench/sign_in_bench.py)."""

import html
import re
from urllib.parse import urljoin

import requests

HIDDEN_NEXT = re.compile(r'name="next" value="([^"]*)"')


def authorize(authorize_url: str, username: str, password: str, callback_prefix: str,
              browser: requests.Session | None = None) -> str | None:
    """Follow the provider from its authorize URL to our callback; returns the callback URL (with the
    code and state), or None when the provider refuses the password."""
    browser = browser or requests.Session()
    url = authorize_url
    for _hop in range(10):
        response = browser.get(url, allow_redirects=False, timeout=10)
        if response.status_code == 200 and "csrfmiddlewaretoken" in response.text:  # the provider's login form
            hidden_next = HIDDEN_NEXT.search(response.text)
            response = browser.post(url, data={
                "username": username, "password": password, "csrfmiddlewaretoken": browser.cookies["csrftoken"],
                "next": html.unescape(hidden_next.group(1)) if hidden_next else "",
            }, headers={"Referer": url}, allow_redirects=False, timeout=10)
            if response.status_code == 200:
                return None
        if response.status_code != 302:
            raise RuntimeError(f"the provider answered {response.status_code}: {response.text[:300]}")
        url = urljoin(url, response.headers["Location"])
        if url.startswith(callback_prefix):
            return url
    raise RuntimeError("the provider never sent the browser back")
