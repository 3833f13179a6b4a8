"""Shapes the API layer itself answers with."""

from __future__ import annotations

from typing import Literal

from ninja import Schema


class ErrorDetail(Schema):
    code: str
    message: str
    fields: dict[str, list[str]]


class ErrorOut(Schema):
    """Every failure: ``{"error": {"code", "message", "fields"}}``."""

    error: ErrorDetail


class MeOut(Schema):
    kind: Literal["api_key", "staff"]
    name: str
    key_prefix: str | None = None
    scopes: list[str]
