"""Lesson text: Markdown (Python-Markdown) rendered to HTML, then sanitised with nh3.

Central writes lessons, but a lesson is shown to 100,000 people: whatever the Markdown holds
(raw HTML, ``javascript:`` links, event attributes, inline styles) is cleaned to an allow-list
before it reaches a page. Video addresses are turned into an embed only for known hosts.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import markdown
import nh3

TAGS = {"h2", "h3", "h4", "p", "br", "hr", "strong", "em", "b", "i", "u", "blockquote", "ul", "ol", "li",
        "a", "img", "table", "thead", "tbody", "tr", "th", "td", "code", "pre"}
ATTRIBUTES = {"a": {"href", "title"}, "img": {"src", "alt", "title"}, "th": {"align"}, "td": {"align"}}
URL_SCHEMES = {"http", "https", "mailto"}


def render_markdown(text: str) -> str:
    html = markdown.markdown(text or "", extensions=["tables", "sane_lists"], output_format="html")
    return nh3.clean(html, tags=TAGS, attributes=ATTRIBUTES, url_schemes=URL_SCHEMES,
                     link_rel="noopener noreferrer", strip_comments=True)


_YOUTUBE_ID = re.compile(r"^[A-Za-z0-9_-]{6,20}$")


def video_embed_url(url: str) -> str | None:
    """An embeddable address for a YouTube or Vimeo video; None for anything else (shown as a link)."""
    if not url:
        return None
    parts = urlsplit(url)
    host = (parts.hostname or "").lower().removeprefix("www.").removeprefix("m.")
    video_id = None
    if host == "youtube.com" and parts.path == "/watch":
        video_id = (parse_qs(parts.query).get("v") or [""])[0]
    elif host == "youtu.be":
        video_id = parts.path.strip("/")
    elif host == "youtube.com" and parts.path.startswith(("/embed/", "/shorts/")):
        video_id = parts.path.split("/")[2]
    if video_id and _YOUTUBE_ID.match(video_id):
        return f"https://www.youtube-nocookie.com/embed/{video_id}"
    if host == "vimeo.com" and parts.path.strip("/").isdigit():
        return f"https://player.vimeo.com/video/{parts.path.strip('/')}"
    return None
