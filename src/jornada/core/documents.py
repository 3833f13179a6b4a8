"""Generated files: store one (in the caller's transaction) and read it back."""

from __future__ import annotations

import hashlib

from jornada.core.models import Document


def document_store(
    *,
    kind: str,
    filename: str,
    content: bytes,
    content_type: str = "application/pdf",
    order_id: int | None = None,
    reference: str = "",
) -> Document:
    """Keep a generated file; returns the row (its ``pk`` is what messages attach)."""
    return Document.objects.create(
        kind=kind,
        filename=filename,
        content=content,
        content_type=content_type,
        order_id=order_id,
        reference=reference,
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
    )


def document_latest(
    *, kind: str, order_id: int | None = None, reference: str = ""
) -> Document | None:
    """The newest document of a kind for an order or reference, or None."""
    query = Document.objects.filter(kind=kind)
    if order_id is not None:
        query = query.filter(order_id=order_id)
    if reference:
        query = query.filter(reference=reference)
    return query.order_by("-created_at", "-id").first()
