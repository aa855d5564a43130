"""Central's writes: due days and retention, the published channels, the holiday calendar (audited)."""

from __future__ import annotations

from django.db import transaction

from thaothiam.core import audit
from thaothiam.core.audit import snapshot

from .models import ChannelContact, Config, ExternalChannel, Holiday
from .services import config

SETTINGS_FIELDS = ["acknowledge_days", "decide_days", "fact_finding_days", "retention_years"]


@transaction.atomic
def config_update(*, values: dict, actor=None) -> Config:
    cfg = config()
    before = snapshot(cfg, SETTINGS_FIELDS)
    for name in SETTINGS_FIELDS:
        setattr(cfg, name, values[name])
    cfg.save(update_fields=SETTINGS_FIELDS)
    audit.record("complaints.settings.update", cfg, actor=actor, before=before, after=snapshot(cfg, SETTINGS_FIELDS))
    return cfg


@transaction.atomic
def entry_create(*, form, actor=None):
    """Add a channel contact, an external channel or a holiday from its validated model form."""
    obj = form.save()
    audit.record(f"complaints.{obj._meta.model_name}.create", obj, actor=actor, after=snapshot(obj))
    return obj


@transaction.atomic
def entry_delete(*, obj: ChannelContact | ExternalChannel | Holiday, actor=None) -> None:
    before = snapshot(obj)
    audit.record(f"complaints.{obj._meta.model_name}.delete", obj, actor=actor, before=before)
    obj.delete()
