"""Markdown written by officers, rendered to HTML that is safe to show."""

from html.parser import HTMLParser
from urllib.parse import urlsplit

import markdown
import nh3
from django.conf import settings

TAGS = {"p", "br", "strong", "em", "ul", "ol", "li", "a", "h2", "h3", "h4", "blockquote", "code", "pre", "hr"}


def render_markdown(text):
    """HTML from markdown, sanitised: no scripts, no styles, no attributes but safe links."""
    html = markdown.markdown(text or "", extensions=["sane_lists"])
    return nh3.clean(
        html, tags=TAGS, attributes={"a": {"href", "title"}}, url_schemes={"http", "https", "mailto"}
    )


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self.hrefs += [value for name, value in attrs if name == "href" and value]


def links(html):
    """Every link (href) in a piece of HTML, in order."""
    parser = _Links()
    parser.feed(html or "")
    return parser.hrefs


def site_path(href):
    """The path of a link to a page of this site (relative, or under SITE_URL), else None."""
    parts = urlsplit(href)
    if parts.scheme in {"http", "https"}:
        site = urlsplit(settings.SITE_URL)
        return parts.path if (parts.scheme, parts.netloc) == (site.scheme, site.netloc) else None
    if parts.scheme or parts.netloc:
        return None  # mailto:, or another site
    return parts.path or None
