"""Helpers for the learning tests: the starter course, a learner, answering an attempt."""

from thaothiam.learning.models import Choice, Course, Learner
from thaothiam.learning.starter import CODE


def starter() -> Course:
    return Course.objects.get(code=CODE)


def make_learner(user, sex="F", personnel_type="civil"):
    return Learner.objects.update_or_create(user=user, defaults={"sex": sex, "personnel_type": personnel_type})[0]


def answers_for(attempt, *, right: int) -> dict:
    """POST data answering the first `right` drawn questions correctly and the rest wrongly."""
    data = {}
    for index, qid in enumerate(attempt.question_ids):
        correct = list(Choice.objects.filter(question_id=qid, is_correct=True).values_list("pk", flat=True))
        wrong = list(Choice.objects.filter(question_id=qid, is_correct=False).values_list("pk", flat=True))
        data[f"q{qid}"] = correct if index < right else wrong[:1]
    return data
