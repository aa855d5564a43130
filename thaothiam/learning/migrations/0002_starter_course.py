"""The Thai starter e-learning course as shipped with this migration.

Frozen (docs/decisions/0152-frozen-data-migrations.md): the course, lessons and questions are
``0002_starter_course.json`` beside this file (learning/starter.py's data as it was then) and the
logic is copied here, so later edits to starter.py never change what this migration does."""

import json
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).with_suffix(".json")


def load(apps, schema_editor):
    Course = apps.get_model("learning", "Course")
    Lesson = apps.get_model("learning", "Lesson")
    Question = apps.get_model("learning", "Question")
    Choice = apps.get_model("learning", "Choice")
    PlanItem = apps.get_model("plans", "PlanItem")
    data = json.loads(DATA.read_text(encoding="utf-8"))
    if Course.objects.filter(code=data["code"]).exists():
        return
    fields = {k: v for k, v in data["course"].items() if k != "plan_items"}
    course = Course.objects.create(**fields)
    items = []
    for code in data["course"]["plan_items"]:
        pillar, number = (int(x) for x in code.split("."))
        item = PlanItem.objects.filter(pillar__plan__is_current=True, pillar__number=pillar, number=number).first()
        if item is not None:
            items.append(item)
    course.plan_items.set(items)
    for number, lesson in enumerate(data["lessons"], start=1):
        Lesson.objects.create(course=course, number=number, **lesson)
    for kind, text, choices, feedback in data["questions"]:
        question = Question.objects.create(course=course, kind=kind, text_th=text, feedback_th=feedback)
        Choice.objects.bulk_create(Choice(question=question, text_th=c, is_correct=ok) for c, ok in choices)


class Migration(migrations.Migration):
    dependencies = [("learning", "0001_initial"), ("plans", "0006_name_labels")]
    # Reversing keeps the course (loading is idempotent); unapplying 0001 drops the tables anyway.
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
