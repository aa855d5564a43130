"""Survey demographics in the one vocabulary (issue 17 §2, decision 0154), step 1 of 2: the columns of
sex, gender identity, personnel type and age band become text, so they can hold the codes of
``core.vocabulary``; 0009 converts the values. Two migrations, because on PostgreSQL a table whose rows
were just updated (deferred foreign-key checks pending) cannot be altered in the same transaction —
which the way back (codes to numbers, then text to integers) would need.
"""

from django.db import migrations, models

FIELDS = ("sex", "gender_identity", "personnel_type", "age_band")
MODELS = ("invitation", "pendingresponse", "response", "openanswer")


class Migration(migrations.Migration):
    dependencies = [("surveys", "0007_opinion_title_in_the_seeds_words")]
    operations = [
        *(migrations.AlterField(model_name=name, name=field, field=models.CharField(default="U", max_length=12))
          for name in MODELS for field in FIELDS),
        *(migrations.AlterField(model_name=name, name="level_band", field=models.PositiveSmallIntegerField(default=0))
          for name in MODELS),
    ]
