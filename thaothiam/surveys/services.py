"""Writes of the survey module. Central's actions are audited; anonymous answering is not
(an audit row per submission would record the time the anonymity design removes —
docs/decisions/0034-survey-anonymity-against-an-insider.md)."""

from __future__ import annotations

import datetime as dt

import numpy as np
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from thaothiam.core import audit

from . import pool
from . import structure as structure_mod
from .models import (
    DEMOGRAPHICS,
    SLOT_DTYPE,
    Campaign,
    Instrument,
    Invitation,
    Item,
    OpenLink,
)


def pack(slots: int, values: dict[int, int]) -> bytes:
    """Item values as one little-endian uint16 per slot; 0 = missing."""
    arr = np.zeros(slots, dtype=SLOT_DTYPE)
    for position, value in values.items():
        arr[position] = value
    return arr.tobytes()


# --- answering (anonymous) -------------------------------------------------------------------

AlreadySubmitted = pool.AlreadySubmitted


class NotOpen(Exception):
    """The campaign is not accepting answers today."""


class CapReached(Exception):
    """An open link without sign-in has as many answers as the agency has staff."""


def response_submit(*, invitation: Invitation, values: dict[str, int | str], draft_id: str | None = None,
                    today: dt.date | None = None) -> None:
    """Put one anonymous submission in the mixing pool; the batch that writes it flips `responded`.

    Nothing here records who, when or which invitation next to the answers: the pool's two rows are
    unlinked, and the batch writes responses in random order (surveys/pool.py). A second use of the
    invitation is refused (also under concurrency: the participation row is unique).
    """
    today = today or timezone.localdate()
    campaign = invitation.campaign
    if not campaign.accepts_answers(today):
        raise NotOpen
    shape = structure_mod.load(campaign.instrument_id)
    slot_values: dict[int, int] = {}
    bands = {name: dimension.stored(dimension.NOT_STATED) for name, dimension in DEMOGRAPHICS.items()}
    texts = []
    for item in shape.items:
        value = values.get(item.code)
        if value is None:
            continue
        if item.kind == Item.Kind.TEXT:
            texts.append((item.pk, str(value)))
            continue
        slot_values[item.position] = int(value)
        if item.demographic:  # option i is band i of the core vocabulary (surveys/bands.py)
            dimension = DEMOGRAPHICS[item.demographic]
            number = int(value) if int(value) in dimension.values else dimension.NOT_STATED
            bands[item.demographic] = dimension.stored(number)
    if campaign.demographic_source == Campaign.DemographicSource.INVITATION:
        bands = {name: getattr(invitation, name) for name in DEMOGRAPHICS}
    if invitation.via_open_link and campaign.open_link_mode == Campaign.OpenLinks.LIMITED:
        from .integrity import over_headcount

        if over_headcount(campaign, invitation.agency_id):
            raise CapReached
    size = pool.submission_enqueue(invitation=invitation, agency_id=invitation.agency_id, bands=bands,
                                   answers=pack(shape.slots, slot_values), texts=texts, draft_id=draft_id)
    if size >= pool.BATCH_SIZE:
        pool.batch_flush(campaign_id=campaign.pk, minimum=pool.BATCH_SIZE, today=today, background=True)


def open_link_start(*, link: OpenLink, user=None) -> Invitation:
    """A visitor of an agency's open link gets an invitation of their own: with sign-in, the account's
    one invitation for the campaign (one answer per account); without, a fresh one with no person."""
    if user is not None:
        invitation = Invitation.objects.filter(campaign_id=link.campaign_id, user=user).first()
        if invitation is None:
            invitation, _created = Invitation.objects.get_or_create(
                campaign_id=link.campaign_id, user=user,
                defaults={"agency_id": link.agency_id, "via_open_link": True})
        return invitation
    return Invitation.objects.create(campaign_id=link.campaign_id, agency_id=link.agency_id, via_open_link=True)


# --- instruments (central) -------------------------------------------------------------------

def _check_editable(instrument: Instrument) -> None:
    if instrument.is_locked:
        raise ValidationError(_("This survey has been opened: its questions can no longer change. "
                                "Copy it to make a new version."))


@transaction.atomic
def instrument_create(*, actor, data: dict) -> Instrument:
    instrument = Instrument(**data)
    if not instrument.family:
        instrument.family = instrument.code
    instrument.full_clean()
    instrument.save()
    audit.record("survey.instrument.create", instrument, actor=actor, after=audit.snapshot(instrument))
    return instrument


@transaction.atomic
def instrument_update(*, instrument: Instrument, actor, data: dict) -> Instrument:
    structural = set(data) - {"band_set", "title_th", "title_en", "intro_th", "intro_en", "headline_item"}
    if structural:
        _check_editable(instrument)
    stored = Instrument.objects.get(pk=instrument.pk)
    before = audit.snapshot(stored, fields=list(data))
    for name, value in data.items():
        setattr(instrument, name, value)
    instrument.full_clean()
    instrument.save(update_fields=list(data))
    structure_mod.forget(instrument.pk)
    audit.record("survey.instrument.update", instrument, actor=actor, before=before,
                 after=audit.snapshot(instrument, fields=list(data)))
    return instrument


@transaction.atomic
def instrument_copy(*, instrument: Instrument, actor, code: str) -> Instrument:
    """A new, editable version of an instrument: same family, same item codes and slots."""

    if Instrument.objects.filter(code=code).exists():
        raise ValidationError(_("A survey with this code already exists."))
    copy = Instrument.objects.get(pk=instrument.pk)
    copy.pk = None
    copy.code = code
    copy.save()
    for section in instrument.sections.order_by("order"):
        items = list(section.items.order_by("order"))
        section.pk = None
        section.instrument = copy
        section.save()
        for item in items:
            item.pk = None
            item.instrument = copy
            item.section = section
        Item.objects.bulk_create(items)
    audit.record("survey.instrument.copy", copy, actor=actor, note=f"copied from {instrument.code}")
    return copy


@transaction.atomic
def section_save(*, section, actor) -> None:
    _check_editable(section.instrument)
    section.full_clean()
    try:
        with transaction.atomic():
            section.save()
    except IntegrityError as error:
        raise ValidationError(_("Another section of this survey already has this order.")) from error
    audit.record("survey.section.save", section, actor=actor, after=audit.snapshot(section))


@transaction.atomic
def item_save(*, item: Item, actor) -> Item:
    instrument = item.instrument
    _check_editable(instrument)
    if item.kind == Item.Kind.TEXT:
        item.position = None
    elif item.position is None:
        item.position = instrument.slot_count()  # new slots go at the end; old slots never move
    item.full_clean()
    try:
        with transaction.atomic():
            item.save()
    except IntegrityError as error:
        raise ValidationError(_("Another question of this survey already has this code.")) from error
    audit.record("survey.item.save", item, actor=actor, after=audit.snapshot(item))
    return item


@transaction.atomic
def item_delete(*, item: Item, actor) -> None:
    _check_editable(item.instrument)
    audit.audited_delete(item, "survey.item.delete", actor=actor)
