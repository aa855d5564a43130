"""The shipped opinion survey takes the title in the seed's own words (issue 15 §8), where central has not
renamed it. Frozen (decision 0152): the titles are written out here."""

from django.db import migrations

CODE = "opinion-2568"
OLD = {"title_th": "แบบสำรวจความคิดเห็นต่อการดำเนินงานตามนโยบายไม่เลือกปฏิบัติโดยไม่เป็นธรรมระหว่างเพศ",
       "title_en": "Opinion survey on the implementation of the non-discrimination policy"}
NEW = {"title_th": "แบบสำรวจความคิดเห็นของข้าราชการกรุงเทพมหานครต่อการดำเนินงานตามนโยบายการไม่เลือกปฏิบัติทางเพศ",
       "title_en": "Opinion survey of BMA civil servants on the implementation of the gender non-discrimination policy"}


def retitle(apps, schema_editor):
    Instrument = apps.get_model("surveys", "Instrument")
    for field in ("title_th", "title_en"):
        Instrument.objects.filter(code=CODE, **{field: OLD[field]}).update(**{field: NEW[field]})


def restore(apps, schema_editor):
    Instrument = apps.get_model("surveys", "Instrument")
    for field in ("title_th", "title_en"):
        Instrument.objects.filter(code=CODE, **{field: NEW[field]}).update(**{field: OLD[field]})


class Migration(migrations.Migration):
    dependencies = [("surveys", "0006_survey_pdf_job")]

    operations = [migrations.RunPython(retitle, restore)]
