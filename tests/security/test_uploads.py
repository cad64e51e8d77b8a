"""Uploads are judged by what they contain, kept outside the static files, and never served
straight from disk: only views that check permission hand them out."""

from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver
from django.views.static import serve

from clp.core.uploads import check_upload

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
ELF = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 8 + b"\x02\x00\x3e\x00" + b"\x00" * 200
WINDOWS_EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 200


def upload(name, content):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def test_a_real_pdf_is_accepted():
    assert check_upload(upload("minutes.pdf", PDF)) == "application/pdf"


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("minutes.pdf", ELF),
        ("minutes.pdf", WINDOWS_EXE),
        ("minutes.pdf", b"#!/bin/sh\nrm -rf ~\n"),
        ("minutes.pdf", b"<html><script>alert(1)</script></html>"),
        ("minutes.exe", PDF),
    ],
    ids=["linux-executable", "windows-executable", "shell-script", "html", "pdf-named-exe"],
)
def test_a_disguised_file_is_refused(name, content):
    with pytest.raises(ValidationError, match="not a file type we accept"):
        check_upload(upload(name, content))


def test_a_file_over_the_size_limit_is_refused():
    with pytest.raises(ValidationError) as refused:
        check_upload(upload("big.pdf", PDF + b"0" * 2048), max_bytes=1024)
    assert refused.value.messages == ["“big.pdf” is 2.1\u00a0KB; the largest file allowed is 1.0\u00a0KB."]


def test_an_empty_file_is_refused():
    with pytest.raises(ValidationError, match="is empty"):
        check_upload(upload("empty.pdf", b""))


def _inside(path, folder):
    return Path(path).resolve().is_relative_to(Path(folder).resolve())


def test_uploads_live_outside_the_static_files():
    for static in [settings.STATIC_ROOT, *settings.STATICFILES_DIRS]:
        assert not _inside(settings.MEDIA_ROOT, static)
        assert not _inside(static, settings.MEDIA_ROOT)


def _callbacks(patterns):
    for p in patterns:
        if isinstance(p, URLResolver):
            yield from _callbacks(p.url_patterns)
        elif isinstance(p, URLPattern):
            yield p.callback


def test_no_url_serves_files_from_disk():
    assert serve not in list(_callbacks(get_resolver().url_patterns))


@pytest.mark.django_db
def test_an_uploaded_file_cannot_be_fetched_by_its_path(client_for, secretary):
    stored = Path(settings.MEDIA_ROOT) / "papers" / "secret-minutes.pdf"
    stored.parent.mkdir(parents=True, exist_ok=True)
    stored.write_bytes(PDF)
    client = client_for(secretary)
    try:
        urls = ["/media/papers/secret-minutes.pdf", "/papers/secret-minutes.pdf"]
        if settings.MEDIA_URL.strip("/"):
            urls.append(f"/{settings.MEDIA_URL.strip('/')}/papers/secret-minutes.pdf")
        for url in urls:
            assert client.get(url).status_code == 404
    finally:
        stored.unlink()


@pytest.mark.django_db
def test_an_executable_named_csv_is_refused_as_a_membership_report_and_nothing_is_kept(client_for, secretary):
    from django.urls import reverse

    from branches.models import MembershipImport

    response = client_for(secretary).post(
        reverse("branches:import_upload"), {"report": SimpleUploadedFile("report.csv", WINDOWS_EXE)}
    )
    assert response.status_code == 200
    assert "is not a text CSV file" in response.content.decode()
    assert not MembershipImport.objects.exists()
