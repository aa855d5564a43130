"""Campaigns, invitations and reminders (central). Every change is audited with counts only."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from thaothiam.accounts.models import User
from thaothiam.core import audit

from . import structure as structure_mod
from .models import Campaign, Draft, Instrument, Invitation, OpenLink, PendingParticipation


@transaction.atomic
def campaign_create(*, actor, instrument: Instrument, fiscal_year: int, opens_on: dt.date, closes_on: dt.date,
                    demographic_source: str = Campaign.DemographicSource.ANSWERS, agencies=(),
                    open_link_mode: str = Campaign.OpenLinks.OFF) -> Campaign:
    if Campaign.objects.filter(instrument=instrument, fiscal_year=fiscal_year).exists():
        raise ValidationError(_("This survey already has a campaign in that fiscal year."))
    campaign = Campaign(instrument=instrument, fiscal_year=fiscal_year, opens_on=opens_on, closes_on=closes_on,
                        demographic_source=demographic_source, open_link_mode=open_link_mode)
    campaign.full_clean(exclude=["agencies"])
    campaign.save()
    campaign.agencies.set(agencies)
    audit.record("survey.campaign.create", campaign, actor=actor, after={**audit.snapshot(campaign),
                 "agencies": [a.code for a in agencies]})
    return campaign


@transaction.atomic
def campaign_update(*, campaign: Campaign, actor, data: dict, agencies=None) -> Campaign:
    stored = Campaign.objects.get(pk=campaign.pk)
    before = audit.snapshot(stored, fields=list(data))
    for name, value in data.items():
        setattr(campaign, name, value)
    campaign.full_clean(exclude=["agencies"])
    campaign.save()  # the model refuses changed anonymity settings once open
    if agencies is not None:
        campaign.agencies.set(agencies)
    audit.record("survey.campaign.update", campaign, actor=actor, before=before,
                 after=audit.snapshot(campaign, fields=list(data)))
    return campaign


@transaction.atomic
def campaign_open(*, campaign: Campaign, actor) -> Campaign:
    campaign.open()
    campaign.save(update_fields=["status"])
    structure_mod.forget(campaign.instrument_id)
    audit.record("survey.campaign.open", campaign, actor=actor, after={"status": campaign.status})
    return campaign


def campaign_close(*, campaign: Campaign, actor) -> Campaign:
    """Close answering: write what waits in the pool, release the final results, delete the drafts
    left behind (sealed, but nobody will open them any more)."""
    from . import pool, releases

    with transaction.atomic():
        campaign.close()
        campaign.save(update_fields=["status"])
        drafts, _by_model = Draft.objects.filter(campaign=campaign).delete()
        pool.batch_flush(campaign_id=campaign.pk, minimum=1)
        releases.release_publish(campaign=campaign, final=True, actor=actor)
        audit.record("survey.campaign.close", campaign, actor=actor, after={"status": campaign.status,
                                                                            "drafts_deleted": drafts})
    return campaign


@transaction.atomic
def invitations_for_staff(*, campaign: Campaign, actor) -> int:
    """One personal invitation for every active account whose home agency is targeted."""
    if campaign.status == Campaign.Status.CLOSED:
        raise ValidationError(_("The survey is closed."))
    already = set(campaign.invitations.exclude(user=None).values_list("user_id", flat=True))
    people = (User.objects.filter(is_active=True, agency__in=campaign.agencies.all())
              .exclude(pk__in=already).values_list("pk", "agency_id", "email"))
    created = Invitation.objects.bulk_create(
        [Invitation(campaign=campaign, user_id=pk, agency_id=agency_id, email=email or "")
         for pk, agency_id, email in people], batch_size=2000)
    audit.record("survey.invitations.create", campaign, actor=actor,
                 after={"created": len(created), "agencies": _by_agency(created)})
    return len(created)


def _by_agency(invitations) -> dict[str, int]:
    """{agency code: invitations created}: who created how many for which agency (issue 9, visible to executives)."""
    from collections import Counter

    from thaothiam.agencies.models import Agency

    counts = Counter(i.agency_id for i in invitations)
    codes = dict(Agency.objects.filter(pk__in=counts).values_list("pk", "code"))
    return {codes[pk]: n for pk, n in sorted(counts.items(), key=lambda kv: codes[kv[0]])}


IMPORT_COLUMNS = ("email", "agency_code", "sex", "gender_identity", "personnel_type", "level_band", "age_band")


def _parse_invitation_csv(campaign: Campaign, name: str, data: bytes) -> tuple[list[Invitation], list[str]]:
    """Rows of an invitation list, or the errors (row by row) that refuse the whole file."""
    import csv
    import io

    from django.core.validators import validate_email

    from .models import DEMOGRAPHICS

    limit = settings.THAOTHIAM_MAX_UPLOAD_MB * 1024 * 1024
    if len(data) > limit:
        return [], [_("The file is larger than %(mb)d MB.") % {"mb": settings.THAOTHIAM_MAX_UPLOAD_MB}]
    if not name.lower().endswith(".csv"):
        return [], [_("Upload a .csv file.")]
    if b"\0" in data[:4096]:
        return [], [_("This is not a text (CSV) file.")]
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return [], [_("The file is not UTF-8 text. Save it from Excel as \"CSV UTF-8\".")]
    reader = csv.DictReader(io.StringIO(text))
    header = [h.strip() for h in reader.fieldnames or []]
    if not {"email", "agency_code"} <= set(header):
        return [], [_("The first line must name the columns; email and agency_code are required.")]
    agencies = {a.code: a for a in campaign.agencies.all()}
    seen = set(campaign.invitations.exclude(email="").values_list("email", flat=True))
    rows, errors = [], []
    for line, raw in enumerate(reader, start=2):
        row = {(k or "").strip(): (v or "").strip() for k, v in raw.items()}
        email = row.get("email", "").lower()
        try:
            validate_email(email)
        except ValidationError:
            errors.append(_("Line %(n)d: not an e-mail address.") % {"n": line})
            continue
        if email in seen:
            errors.append(_("Line %(n)d: this person is already invited.") % {"n": line})
            continue
        agency = agencies.get(row.get("agency_code", ""))
        if agency is None:
            errors.append(_("Line %(n)d: the agency code is not a target of this survey.") % {"n": line})
            continue
        bands = {}
        for name_, dimension in DEMOGRAPHICS.items():
            # a core code or any of its spellings ("F", "หญิง", "female"); the level band by its number
            number = dimension.number(row.get(name_, "") or dimension.code(dimension.NOT_STATED))
            if number is None:
                errors.append(_("Line %(n)d: %(column)s must be one of %(codes)s.") % {
                    "n": line, "column": name_, "codes": ", ".join(t.code for t in dimension.all_terms)})
                break
            bands[name_] = dimension.stored(number)
        else:
            seen.add(email)
            rows.append(Invitation(campaign=campaign, agency=agency, email=email, **bands))
    if not rows and not errors:
        errors.append(_("The file has no rows."))
    return rows, errors


def invitations_import_upload(*, campaign: Campaign, actor, upload) -> int:
    """An uploaded invitation list: read at most one byte past the size limit (then refused as too large)."""
    if upload is None:
        raise ValidationError(_("Choose a file."))
    data = upload.read(settings.THAOTHIAM_MAX_UPLOAD_MB * 1024 * 1024 + 1)
    return invitations_import(campaign=campaign, actor=actor, name=upload.name, data=data)


@transaction.atomic
def invitations_import(*, campaign: Campaign, actor, name: str, data: bytes) -> int:
    """An invitation list (e-mail, agency and optional bands) from CSV: all rows or none."""
    if campaign.status == Campaign.Status.CLOSED:
        raise ValidationError(_("The survey is closed."))
    rows, errors = _parse_invitation_csv(campaign, name, data)
    if errors:
        raise ValidationError(errors[:50])
    Invitation.objects.bulk_create(rows, batch_size=2000)
    audit.record("survey.invitations.import", campaign, actor=actor,
                 after={"created": len(rows), "agencies": _by_agency(rows)})
    return len(rows)


@transaction.atomic
def open_link_create(*, campaign: Campaign, agency, actor) -> OpenLink:
    if not campaign.agencies.filter(pk=agency.pk).exists():
        raise ValidationError(_("This agency is not a target of the survey."))
    link, created = OpenLink.objects.get_or_create(campaign=campaign, agency=agency)
    if created:
        audit.record("survey.openlink.create", campaign, actor=actor, agency=agency, after={"agency": agency.code})
    return link


def _message(invitation: Invitation, reminder: bool) -> tuple[str, str]:
    campaign = invitation.campaign
    link = settings.THAOTHIAM_BASE_URL.rstrip("/") + reverse("surveys:answer_enter", kwargs={"token": invitation.token})
    with override("th"):
        subject_th = (_("Reminder: %(title)s") if reminder else _("Invitation: %(title)s")) % {
            "title": campaign.instrument.title}
        body_th = _("Please answer the survey \"%(title)s\" by %(date)s. Your answers are anonymous.\n%(link)s") % {
            "title": campaign.instrument.title, "date": campaign.closes_on.isoformat(), "link": link}
    with override("en"):
        body_en = _("Please answer the survey \"%(title)s\" by %(date)s. Your answers are anonymous.\n%(link)s") % {
            "title": campaign.instrument.title, "date": campaign.closes_on.isoformat(), "link": link}
    return subject_th, f"{body_th}\n\n{body_en}\n"


def reminders_send(*, campaign: Campaign | None = None, today: dt.date | None = None, actor=None,
                   min_days_between: int = 3) -> int:
    """E-mail every invited person who has not answered an open survey (not twice within a few days)."""
    today = today or timezone.localdate()
    campaigns = [campaign] if campaign else list(
        Campaign.objects.filter(status=Campaign.Status.OPEN, opens_on__lte=today, closes_on__gte=today))
    total = 0
    for camp in campaigns:
        if not camp.accepts_answers(today):
            continue
        due = (camp.invitations.filter(responded=False, via_open_link=False).exclude(email="")
               .exclude(pk__in=PendingParticipation.objects.filter(campaign=camp).values("invitation_id"))
               .exclude(last_reminded_on__gt=today - dt.timedelta(days=min_days_between))
               .select_related("campaign__instrument"))
        batch, ids = [], []
        for invitation in due.iterator(chunk_size=2000):
            subject, body = _message(invitation, reminder=invitation.reminders_sent > 0)
            batch.append(mail.EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [invitation.email]))
            ids.append(invitation.pk)
        if not batch:
            continue
        with mail.get_connection() as connection:
            connection.send_messages(batch)
        with transaction.atomic():
            for start in range(0, len(ids), 2000):
                Invitation.objects.filter(pk__in=ids[start:start + 2000]).update(
                    reminders_sent=F("reminders_sent") + 1, last_reminded_on=today)
            audit.record("survey.reminders.send", camp, actor=actor, after={"sent": len(batch)})
        total += len(batch)
    return total

