"""WeasyPrint's HTML without the layout, for tests that ask whether a page opens, not what a
PDF looks like (every PDF is rendered for real and read back by its own tests)."""

from unittest import mock


class StubHTML:
    """The exporter's HTML (its template rendered, so a template error still fails), handed
    over without WeasyPrint's layout."""

    def __init__(self, *, string, base_url):
        assert string.lstrip().lower().startswith("<!doctype html"), string[:200]

    def write_pdf(self):
        return b"%PDF-1.7 (layout skipped by a test that only follows links)"


def pdf_layout_skipped():
    return mock.patch("weasyprint.HTML", StubHTML)
