"""Markdown written by officers, rendered to HTML that is safe to show."""

import markdown
import nh3

TAGS = {"p", "br", "strong", "em", "ul", "ol", "li", "a", "h2", "h3", "h4", "blockquote", "code", "pre", "hr"}


def render_markdown(text):
    """HTML from markdown, sanitised: no scripts, no styles, no attributes but safe links."""
    html = markdown.markdown(text or "", extensions=["sane_lists"])
    return nh3.clean(
        html, tags=TAGS, attributes={"a": {"href", "title"}}, url_schemes={"http", "https", "mailto"}
    )
