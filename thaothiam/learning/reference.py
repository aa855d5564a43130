"""Reference data of this app, as its data migration loads it (reloaded by `demo --reset`)."""

ORDER = 60


def load() -> None:
    from thaothiam.plans.models import PlanItem

    from .models import Choice, Course, Lesson, Question
    from .starter import load as load_starter

    load_starter(Course, Lesson, Question, Choice, PlanItem)
