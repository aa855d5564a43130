"""The audit log: every write records who, when, what, before and after.

Services call `record()` (or `audited_save()`) explicitly. The acting user comes from the
argument or, inside a request, from `AuditActorMiddleware`. Content that must stay confidential
(complaint narratives, survey answers) is never passed here: callers pass only identifiers and
metadata.
"""

from __future__ import annotations

import contextvars
import datetime as dt
import decimal
import uuid
from typing import Any

from django.db import models

_current_actor: contextvars.ContextVar = contextvars.ContextVar("thaothiam_audit_actor", default=None)


class AuditActorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        token = _current_actor.set(user if user is not None and user.is_authenticated else None)
        try:
            return self.get_response(request)
        finally:
            _current_actor.reset(token)


def _jsonable(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [_jsonable(v) for v in value]
    if isinstance(value, bytes):
        return f"<{len(value)} bytes>"
    return value


def snapshot(instance: models.Model, fields: list[str] | None = None, exclude: tuple[str, ...] = ()) -> dict:
    """The concrete field values of an instance (foreign keys as ids), ready for JSON."""
    data = {}
    for field in instance._meta.concrete_fields:
        if (fields is not None and field.name not in fields) or field.name in exclude:
            continue
        data[field.attname] = _jsonable(getattr(instance, field.attname))
    return data


def record(
    action: str,
    obj: models.Model | None = None,
    *,
    actor=None,
    before: dict | None = None,
    after: dict | None = None,
    agency=None,
    note: str = "",
):
    from .models import AuditEvent

    actor = actor if actor is not None else _current_actor.get()
    if agency is None and obj is not None:
        agency = getattr(obj, "agency", None) if hasattr(obj, "agency_id") else None
    return AuditEvent.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        actor_username=getattr(actor, "username", "") or "",
        action=action,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None and obj.pk is not None else "",
        object_repr=str(obj)[:300] if obj is not None else "",
        agency_code=getattr(agency, "code", agency) or "",
        before=_jsonable(before) if before is not None else None,
        after=_jsonable(after) if after is not None else None,
        note=note,
    )


def audited_save(instance: models.Model, action: str, *, actor=None, note: str = "", exclude: tuple[str, ...] = ()):
    """Save an instance and record its before and after state in one call."""
    before = None
    if instance.pk is not None:
        old = type(instance)._default_manager.filter(pk=instance.pk).first()
        before = snapshot(old, exclude=exclude) if old is not None else None
    instance.save()
    return record(action, instance, actor=actor, before=before, after=snapshot(instance, exclude=exclude), note=note)


def audited_delete(instance: models.Model, action: str, *, actor=None, note: str = ""):
    before = snapshot(instance)
    event = record(action, instance, actor=actor, before=before, note=note)
    instance.delete()
    return event
