"""Checking evidence files: extension, size and content (magic bytes or a real parse)."""

from __future__ import annotations

import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy Office (.doc, .xls, .ppt)
# extension → (content type, check)
ALLOWED = {
    ".pdf": "application/pdf",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ".doc": "application/msword",
    ".xls": "application/vnd.ms-excel",
    ".ppt": "application/vnd.ms-powerpoint",
}
OOXML_PART = {".docx": "word/", ".xlsx": "xl/", ".pptx": "ppt/"}


def max_bytes() -> int:
    return settings.THAOTHIAM_MAX_UPLOAD_MB * 1024 * 1024


def _content_matches(ext: str, upload) -> bool:
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if ext == ".pdf":
        return head.startswith(b"%PDF-")
    if ext == ".png":
        return head.startswith(b"\x89PNG\r\n\x1a\n")
    if ext in (".jpg", ".jpeg"):
        return head.startswith(b"\xff\xd8\xff")
    if ext == ".gif":
        return head[:6] in (b"GIF87a", b"GIF89a")
    if ext == ".webp":
        return head[:4] == b"RIFF" and head[8:12] == b"WEBP"
    if ext in (".doc", ".xls", ".ppt"):
        return head.startswith(OLE)
    if ext in OOXML_PART:
        if not head.startswith(b"PK\x03\x04"):
            return False
        try:
            with zipfile.ZipFile(upload) as archive:
                names = archive.namelist()
        except (zipfile.BadZipFile, OSError):
            return False
        finally:
            upload.seek(0)
        return "[Content_Types].xml" in names and any(n.startswith(OOXML_PART[ext]) for n in names)
    return False


def check_evidence(upload) -> str:
    """Validate an uploaded file; returns its content type or raises ValidationError (Thai/English)."""
    name = upload.name or ""
    ext = ("." + name.rsplit(".", 1)[-1].lower()) if "." in name else ""
    if ext not in ALLOWED:
        raise ValidationError(
            _("“%(name)s” is not an accepted file type. Accepted: PDF, images (PNG, JPEG, GIF, WebP) and "
              "Office documents (Word, Excel, PowerPoint).") % {"name": name}, code="type")
    if upload.size > max_bytes():
        raise ValidationError(
            _("“%(name)s” is larger than %(mb)s MB.") % {"name": name, "mb": settings.THAOTHIAM_MAX_UPLOAD_MB},
            code="size")
    if upload.size == 0:
        raise ValidationError(_("“%(name)s” is empty.") % {"name": name}, code="empty")
    if not _content_matches(ext, upload):
        raise ValidationError(
            _("The content of “%(name)s” does not match its extension %(ext)s: the file was refused.")
            % {"name": name, "ext": ext}, code="content")
    return ALLOWED[ext]
