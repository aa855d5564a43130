"""Survey demographics in the one vocabulary (issue 17 §2, decisions 0153 and 0154): sex, gender
identity, personnel type and age band of invitations, pending responses, responses and open answers
change from survey-only numbers to the codes of ``core.vocabulary`` (step 2 of 2: 0008 made the columns
text). The level band stays a number.

Frozen (decision 0152): the tables below are copies, nothing of ours is imported. The survey's age
bands (<30, 30–39, 40–49, 50–59, 60+) are the core bands, so every value maps one to one and the
migration is reversible; a value outside the old codes (none were ever written) becomes "U", not
stated, and comes back as 0.
"""

from django.db import migrations

# old number -> core code; 0 was "not stated" everywhere
CODES = {
    "sex": {0: "U", 1: "F", 2: "M"},
    "gender_identity": {0: "U", 1: "F", 2: "M", 3: "D", 4: "N"},
    "personnel_type": {0: "U", 1: "civil", 2: "teacher", 3: "permanent", 4: "temporary"},
    "age_band": {0: "U", 1: "<30", 2: "30-39", 3: "40-49", 4: "50-59", 5: "60+"},
}
MODELS = ("Invitation", "PendingResponse", "Response", "OpenAnswer")


def to_codes(apps, schema_editor):
    for name in MODELS:
        model = apps.get_model("surveys", name)
        for field, table in CODES.items():
            for old, new in table.items():
                model.objects.filter(**{field: str(old)}).update(**{field: new})
            model.objects.exclude(**{f"{field}__in": list(table.values())}).update(**{field: "U"})


def to_numbers(apps, schema_editor):
    for name in MODELS:
        model = apps.get_model("surveys", name)
        for field, table in CODES.items():
            for old, new in table.items():
                model.objects.filter(**{field: new}).update(**{field: str(old)})
            model.objects.exclude(**{f"{field}__in": [str(old) for old in table]}).update(**{field: "0"})


class Migration(migrations.Migration):
    dependencies = [("surveys", "0008_demographics_as_text")]
    operations = [migrations.RunPython(to_codes, to_numbers)]
