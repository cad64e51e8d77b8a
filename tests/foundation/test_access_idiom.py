"""Access has one idiom: views, forms, selectors, dashboards, navigation and templates ask
named permissions of officers.access.Access (through clp.core.access) and never read the
facts those permissions are derived from (the roles held, branch roles, EC membership,
is_superuser). A check written against the facts anywhere else fails here."""

import ast
import dataclasses
import re
from pathlib import Path

from django.conf import settings

from officers.access import Access

ROOT = Path(settings.BASE_DIR)
APPS = ["clp", "officers", "branches", "meetings", "finance"]
# Who they are (their person, the posts they hold) is not a permission; everything else is.
IDENTITY = {"person_id", "post_ids"}
FACTS = {f.name for f in dataclasses.fields(Access)} - IDENTITY
PUBLIC = {n for n in dir(Access) if not n.startswith("_")} - FACTS
# Modules that must not read the facts on an Access object...
ASKS = re.compile(
    r"(^|/|_)(views?|forms|selectors|dashboard|panels|navigation|context_processors|feeds|exports|middleware)"
    r"(\.py|/)|/templatetags/"
)
# ...and that must not look at roles at all (selectors may: "who holds the Secretary's post"
# is a question about the team, not about access).
NO_ROLES = re.compile(
    r"(^|/|_)(views?|forms|dashboard|panels|navigation|context_processors|middleware)(\.py|/)|/templatetags/"
)


def _python_files():
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            rel = path.relative_to(ROOT).as_posix()
            if "/migrations/" in rel or rel == "officers/access.py":
                continue
            if ASKS.search(rel):
                yield rel, path


def _offences(tree, *, roles):
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute):
            if node.attr in FACTS or (
                node.attr.startswith("_")
                and node.attr.lstrip("_")
                in {"has", "secretary", "chair", "sees_all_branches", "branches_with"}
            ):
                yield node.lineno, f".{node.attr}"
            if roles and node.attr == "Role":
                yield node.lineno, "Post.Role"
        elif roles and isinstance(node, ast.Name) and node.id == "Role":
            yield node.lineno, "Role"
        elif isinstance(node, ast.ImportFrom) and node.module in {"officers.access", "meetings.access"}:
            names = {a.name for a in node.names}
            if names - {"Access"}:
                yield node.lineno, f"from {node.module} import {', '.join(sorted(names))}"


def test_no_view_form_selector_or_dashboard_reads_the_facts_access_is_derived_from():
    found = []
    for rel, path in _python_files():
        tree = ast.parse(path.read_text(), rel)
        for line, what in _offences(tree, roles=bool(NO_ROLES.search(rel))):
            found.append(f"{rel}:{line}: {what}")
    assert not found, "Ask a named permission of Access instead:\n" + "\n".join(found)


def test_templates_ask_only_named_permissions():
    pattern = re.compile(r"\baccess\.([a-z_]+)")
    found = []
    for app in [*APPS, "templates"]:
        for path in (ROOT / app).rglob("*.html"):
            text = path.read_text()
            for match in pattern.finditer(text):
                if match.group(1) not in PUBLIC:
                    line = text.count("\n", 0, match.start()) + 1
                    found.append(f"{path.relative_to(ROOT)}:{line}: access.{match.group(1)}")
            for match in re.finditer(r"\b(user\.is_superuser|user\.is_staff|perms\.)", text):
                line = text.count("\n", 0, match.start()) + 1
                found.append(f"{path.relative_to(ROOT)}:{line}: {match.group(1)}")
    assert not found, "Ask a named permission of Access instead:\n" + "\n".join(found)


def test_every_page_level_permission_has_a_plain_reason():
    from officers.access import REFUSALS

    missing = [name for name in REFUSALS if name not in PUBLIC]
    assert not missing, f"REFUSALS names permissions Access does not have: {missing}"
