"""Every form of every app, found from the URL configuration: each page of the access
matrix is opened as a role that may open it, and the forms on it are read from its HTML
(their action, method and fields, with the values the page offers). Forms that other
issues add later are found the same way, as soon as their URL has a row in the matrix.

Also the query parameters of the links on those pages (`?year=2025`), which are inputs
too."""

import dataclasses
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urljoin, urlsplit

from django.urls import Resolver404, resolve, reverse

from tests.pdf_stub import pdf_layout_skipped

# Who opens a page to find its forms: the first of these the matrix lets in. The posts
# that can use most forms come first.
OPENERS = [
    "secretary",
    "treasurer",
    "chair",
    "branch_secretary_a",
    "ec_member",
    "member",
    "anonymous",
]
# Forms found on every page (the header's log-out button) or that end the session.
IGNORED_ACTIONS = {"logout"}


@dataclasses.dataclass
class Field:
    name: str
    kind: str  # an <input> type, "select", "select-multiple", "textarea" or "file"
    value: str = ""
    options: tuple = ()
    required: bool = False
    maxlength: int | None = None


@dataclasses.dataclass
class Form:
    page: str  # where it was found
    role: str  # who found it (and so who sends it)
    action: str
    url_name: str
    method: str
    multipart: bool
    fields: list = dataclasses.field(default_factory=list)

    @property
    def key(self):
        return (self.method, self.action, tuple(sorted(f.name for f in self.fields)))

    def __str__(self):
        return f"{self.method} {self.action} ({self.url_name}, as {self.role}, found on {self.page})"


class _FormParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms, self.links = [], []
        self._form = self._select = self._textarea = None

    def handle_starttag(self, tag, attrs):
        a = {k: (v or "") for k, v in attrs}
        if tag == "a" and "?" in a.get("href", ""):
            self.links.append(a["href"])
        if tag == "form":
            self._form = {"attrs": a, "fields": []}
            self.forms.append(self._form)
            return
        if self._form is None:
            return
        fields = self._form["fields"]
        if tag == "input" and a.get("name"):
            kind = a.get("type", "text").lower()
            if kind in {"submit", "image", "reset", "button"}:
                return
            if kind in {"checkbox", "radio"}:
                existing = next((f for f in fields if f.name == a["name"] and f.kind == kind), None)
                if existing:
                    existing.options += (a.get("value", "on"),)
                    if "checked" in a:
                        existing.value = a.get("value", "on")
                    return
                fields.append(
                    Field(
                        a["name"],
                        kind,
                        a.get("value", "on") if "checked" in a else "",
                        (a.get("value", "on"),),
                        "required" in a,
                    )
                )
                return
            maxlength = int(a["maxlength"]) if a.get("maxlength", "").isdigit() else None
            fields.append(Field(a["name"], kind, a.get("value", ""), (), "required" in a, maxlength))
        elif tag == "button" and a.get("name") and a.get("type", "submit") == "submit":
            fields.append(Field(a["name"], "button", a.get("value", ""), (a.get("value", ""),)))
        elif tag == "select" and a.get("name"):
            kind = "select-multiple" if "multiple" in a else "select"
            self._select = Field(a["name"], kind, "", (), "required" in a)
            fields.append(self._select)
        elif tag == "option" and self._select is not None:
            value = a.get("value")
            self._select.options += (value,) if value is not None else ("",)
            if "selected" in a or (not self._select.value and self._select.kind == "select"):
                self._select.value = value or ""
        elif tag == "textarea" and a.get("name"):
            maxlength = int(a["maxlength"]) if a.get("maxlength", "").isdigit() else None
            self._textarea = Field(a["name"], "textarea", "", (), "required" in a, maxlength)
            fields.append(self._textarea)

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea.value += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None


def _url_name(path):
    try:
        match = resolve(urlsplit(path).path)
    except Resolver404:
        return None
    return match.view_name


def forms_on(html, page, role):
    """The forms in `html` (found at the URL `page` by `role`) and the links with a query."""
    parser = _FormParser()
    parser.feed(html)
    found = []
    for raw in parser.forms:
        attrs = raw["attrs"]
        method = attrs.get("method", "get").lower()
        action = attrs.get("hx-post") or attrs.get("action") or page
        action = urljoin(page, action)
        if urlsplit(action).netloc:
            continue
        url_name = _url_name(action)
        if url_name is None or url_name in IGNORED_ACTIONS:
            continue
        if attrs.get("hx-post"):
            method = "post"
        found.append(
            Form(
                page=page,
                role=role,
                action=action.split("#")[0],
                url_name=url_name,
                method=method,
                multipart="multipart" in attrs.get("enctype", ""),
                fields=raw["fields"],
            )
        )
    links = []
    for href in parser.links:
        url = urljoin(page, href)
        if urlsplit(url).netloc or _url_name(url) is None:
            continue
        path, query = urlsplit(url).path, urlsplit(url).query
        fields = [Field(k, "text", v) for k, v in parse_qsl(query, keep_blank_values=True)]
        links.append(Form(page, role, path, _url_name(path), "get", False, fields))
    return found, links


def discover(client_factory, world, rows, *, only=None, strays=None):
    """Every form (and every link with a query) that posts to a URL named in `only` (a set of
    namespaces, "" for the unnamespaced ones; every URL when None), each with the role that
    opened the page. Pages are opened once each, and only those of the namespaces in `only`
    and the unnamespaced ones (the dashboard gathers forms of every app): a form elsewhere
    that posts into another namespace is added to `strays` (a list), so that a test can fail
    when one appears instead of silently never trying it."""
    forms, seen = [], set()
    for url_name, row in sorted(rows.items()):
        page_namespace = url_name.rpartition(":")[0]
        if only is not None and page_namespace not in only and page_namespace != "":
            continue
        role = next((r for r in OPENERS if row.expected(r) == 200), None)
        if role is None:
            continue
        try:
            page = reverse(url_name, kwargs=row.kwargs(world) if row.kwargs else None) + row.query
        except Exception:  # noqa: S112 - a row that needs objects this world lacks
            continue
        with pdf_layout_skipped():  # a PDF holds no form: it only has to say so quickly
            response = client_factory(role).get(page)
        if response.status_code != 200 or not response.get("Content-Type", "").startswith("text/html"):
            continue
        on_page, links = forms_on(response.content.decode(), page, role)
        for form in on_page + links:
            namespace = form.url_name.rpartition(":")[0]
            if only is not None and namespace not in only:
                if strays is not None and page_namespace not in {"", namespace}:
                    strays.append(f"{form.method.upper()} {form.url_name} on {page} ({url_name})")
                continue
            if form.key not in seen:
                seen.add(form.key)
                forms.append(form)
    return forms
