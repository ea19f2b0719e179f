"""Markdown to sanitised HTML, and to plain text for search and excerpts."""

import html
import re
from urllib.parse import urlsplit

import nh3
from markdown_it import MarkdownIt

# Raw HTML in a body is shown as text, never passed through; nh3 then removes anything else unsafe.
_md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
_md.enable(["table", "strikethrough"])

ALLOWED_TAGS = {
    "p", "br", "hr", "h2", "h3", "h4", "h5", "h6", "strong", "em", "del", "s", "code", "pre",
    "blockquote", "ul", "ol", "li", "a", "img", "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height"},
    "ol": {"start"},
    "th": {"align"},
    "td": {"align"},
}
URL_SCHEMES = {"http", "https", "mailto"}
_LINK = re.compile(r'<a href="([^"]*)"')
_BLOCK_END = re.compile(r"</(p|h[1-6]|li|pre|blockquote|tr|table|ul|ol)>|<br>|<hr>")
_CELL_END = re.compile(r"</t[dh]>")
_TAG = re.compile(r"<[^>]+>")
# Control characters never belong in an article, and ts_headline's markers rely on their absence.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _is_external(href: str, site_hosts: set[str]) -> bool:
    parts = urlsplit(html.unescape(href))
    return bool(parts.scheme in ("http", "https") and parts.hostname and parts.hostname not in site_hosts)


def render_markdown(source: str, *, site_hosts: set[str] | None = None) -> str:
    """Sanitised HTML for a Markdown body; external links open with rel="noopener noreferrer"."""
    raw = _md.render(_CONTROL.sub("", source or ""))
    # The first-level heading is the article title, so body headings start at h2.
    raw = re.sub(r"<(/?)h1>", r"<\1h2>", raw)
    clean = nh3.clean(
        raw,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel=None,
        strip_comments=True,
    )
    hosts = site_hosts or set()

    def add_rel(match: re.Match[str]) -> str:
        href = match.group(1)
        if _is_external(href, hosts):
            return f'<a href="{href}" rel="noopener noreferrer"'
        return match.group(0)

    return _LINK.sub(add_rel, clean)


def html_to_text(body_html: str) -> str:
    text = _CELL_END.sub(" | ", _BLOCK_END.sub("\n", body_html))
    # Inline tags vanish without a space, so "**Withdrawals**." stays "Withdrawals.".
    text = html.unescape(_TAG.sub("", text))
    lines = (re.sub(r"[ \t]+", " ", line).strip(" |") for line in text.splitlines())
    return _CONTROL.sub("", "\n".join(line for line in lines if line))
