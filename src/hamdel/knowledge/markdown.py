"""Article bodies are Markdown written by staff; the help centre shows them to anyone, so rendering is inert.

markdown-it-py (CommonMark) with raw HTML off turns `<script>` into visible text and refuses `javascript:`
links; nh3 then keeps only the tags and attributes below, as a second wall should a renderer bug let
something through. Links get rel="nofollow noopener" and leave for a new tab only when they leave the site.
"""

from __future__ import annotations

import re

import nh3
from markdown_it import MarkdownIt

_md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).enable("table")

TAGS = {
    "p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "strong", "em", "code", "pre", "blockquote",
    "ul", "ol", "li", "a", "img", "table", "thead", "tbody", "tr", "th", "td", "del",
}  # fmt: skip
ATTRIBUTES = {"a": {"href", "title"}, "img": {"src", "alt", "title"}, "ol": {"start"}}
URL_SCHEMES = {"http", "https", "mailto", "tel"}


def render(body: str) -> str:
    """Safe HTML for a Markdown body (headings shifted so the article's title stays the page's only h1)."""
    html = _md.render(body or "")
    html = re.sub(r"<(/?)h([1-5])>", lambda m: f"<{m.group(1)}h{int(m.group(2)) + 1}>", html)
    return nh3.clean(
        html, tags=TAGS, attributes=ATTRIBUTES, url_schemes=URL_SCHEMES, link_rel="nofollow noopener"
    )


_MARKUP = re.compile(r"!?\[([^\]]*)\]\([^)]*\)|[#*_`>|~]+|^\s*[-+]\s+|^\s*\d+\.\s+", re.MULTILINE)


def plain(body: str) -> str:
    """The words of a Markdown body without its markup (link text kept, addresses dropped): what search
    indexes and what snippets quote."""
    return _MARKUP.sub(lambda m: m.group(1) or " ", body or "")
