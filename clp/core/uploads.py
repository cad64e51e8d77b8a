"""Checking uploaded files by what they contain, not what they are called."""

import filetype
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat

# Content types we accept, by what the bytes say, and the extensions that go with them.
DOCUMENTS = {
    "application/pdf": {"pdf"},
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": {"docx"},
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {"xlsx"},
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": {"pptx"},
    "application/vnd.oasis.opendocument.text": {"odt"},
    "application/vnd.oasis.opendocument.spreadsheet": {"ods"},
    "application/msword": {"doc"},
    "application/vnd.ms-excel": {"xls"},
    "image/png": {"png"},
    "image/jpeg": {"jpg", "jpeg"},
}


def check_upload(upload, *, allowed=DOCUMENTS, max_bytes=10 * 1024 * 1024):
    """Raise ValidationError unless `upload` is within `max_bytes` and its content is one
    of the `allowed` types with a matching extension. Returns the detected content type."""
    if upload.size > max_bytes:
        raise ValidationError(
            f"“{upload.name}” is {filesizeformat(upload.size)}; the largest file allowed is "
            f"{filesizeformat(max_bytes)}."
        )
    if upload.size == 0:
        raise ValidationError(f"“{upload.name}” is empty.")
    head = upload.read(8192)
    upload.seek(0)
    kind = filetype.guess(head)
    extension = upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else ""
    mime = kind.mime if kind else None
    if mime == "application/x-cfb":  # old Office files share one container format
        mime = {"doc": "application/msword", "xls": "application/vnd.ms-excel"}.get(extension)
    if mime not in allowed or extension not in allowed[mime]:
        kinds = ", ".join(sorted({e.upper() for exts in allowed.values() for e in exts}))
        raise ValidationError(f"“{upload.name}” is not a file type we accept. Please upload one of: {kinds}.")
    return mime
