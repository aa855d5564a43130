from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('learning', '0009_enrolment_extra_attempts'),
    ]

    operations = [
        migrations.AddField(
            model_name='question',
            name='is_retired',
            field=models.BooleanField(default=False, verbose_name='retired from the bank'),
        ),
    ]
