"""Learning: the course catalogue, e-learning progress and quizzes, classroom sessions, the
learning records every statistic counts (``Completion``), certificates and change agents.

``Completion`` is the one fact table: one row per person and course completed (e-learning or a
classroom attendance), or one row per (session, agency, sex) when a sign-in sheet kept only counts
(``people`` > 1, no learner). Reach, indicators, the explorer and the exports all count it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from thaothiam.core import vocabulary
from thaothiam.core.i18n import pick


class Course(models.Model):
    class Kind(models.TextChoices):
        ELEARNING = "elearning", _("E-learning")
        CLASSROOM = "classroom", _("Classroom course")

    code = models.SlugField(_("code"), max_length=40, unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    title_th = models.CharField(_("title (Thai)"), max_length=300)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    summary_th = models.TextField(_("summary (Thai)"), blank=True)
    summary_en = models.TextField(_("summary (English)"), blank=True)
    provider_th = models.CharField(_("run by (Thai)"), max_length=300, blank=True)
    provider_en = models.CharField(_("run by (English)"), max_length=300, blank=True)
    plan_items = models.ManyToManyField("plans.PlanItem", blank=True, related_name="courses",
                                        verbose_name=_("plan items served"))
    audiences = models.JSONField(_("audiences (personnel types)"), default=list, blank=True,
                                 help_text=_("Empty means everyone."))
    trains_change_agents = models.BooleanField(_("trains change agents (plan item 2.1)"), default=False)
    is_published = models.BooleanField(_("published"), default=False)
    # the quiz (e-learning only)
    quiz_questions = models.PositiveSmallIntegerField(_("questions drawn per attempt"), default=10)
    pass_mark = models.PositiveSmallIntegerField(_("pass mark (%)"), default=80)
    max_attempts = models.PositiveSmallIntegerField(_("attempts allowed (0 = no limit)"), default=3)
    wait_minutes = models.PositiveIntegerField(_("waiting time between attempts (minutes)"), default=0)
    gives_certificate = models.BooleanField(_("gives a certificate"), default=True)
    # raised by every change to the question bank: quiz pages cache the bank per (course, version)
    bank_version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["kind", "code"]
        verbose_name = _("course")
        verbose_name_plural = _("courses")
        constraints = [
            models.CheckConstraint(condition=Q(pass_mark__gte=1, pass_mark__lte=100), name="course_pass_mark_range"),
            models.CheckConstraint(condition=Q(quiz_questions__gte=1), name="course_draws_questions"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return pick(self.title_th, self.title_en)

    @property
    def summary(self) -> str:
        return pick(self.summary_th, self.summary_en)

    @property
    def provider(self) -> str:
        return pick(self.provider_th, self.provider_en)

    @property
    def is_elearning(self) -> bool:
        return self.kind == self.Kind.ELEARNING

    @property
    def next_session(self) -> Session | None:
        """The first session that has not ended (from the prefetched sessions when there are)."""
        from django.utils import timezone

        today = timezone.localdate()
        return next((s for s in sorted(self.sessions.all(), key=lambda s: (s.starts_on, s.pk)) if s.ends_on >= today),
                    None)

    def audience_labels(self) -> list[str]:
        names = vocabulary.labels(vocabulary.PERSONNEL_TYPES)
        return [names[c] for c in self.audiences if c in names]


class Session(models.Model):
    """One run of a classroom course."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="sessions", verbose_name=_("course"))
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))
    place_th = models.CharField(_("place (Thai)"), max_length=300)
    place_en = models.CharField(_("place (English)"), max_length=300, blank=True)
    capacity = models.PositiveIntegerField(_("capacity"))
    target_group_th = models.CharField(_("target group (Thai)"), max_length=300, blank=True)
    target_group_en = models.CharField(_("target group (English)"), max_length=300, blank=True)
    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, null=True, blank=True,
                               related_name="+", verbose_name=_("organised by"),
                               help_text=_("Empty: the BMA's training institute."))

    class Meta:
        ordering = ["starts_on", "pk"]
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        constraints = [models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")),
                                              name="session_dates_ordered")]

    def __str__(self) -> str:
        return f"{self.course} · {self.starts_on}"

    @property
    def place(self) -> str:
        return pick(self.place_th, self.place_en)

    @property
    def target_group(self) -> str:
        return pick(self.target_group_th, self.target_group_en)


class Lesson(models.Model):
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="lessons", verbose_name=_("course"))
    number = models.PositiveSmallIntegerField(_("number"))
    title_th = models.CharField(_("title (Thai)"), max_length=300)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    body_th = models.TextField(_("text (Thai, Markdown)"))
    body_en = models.TextField(_("text (English, Markdown)"), blank=True)
    video_url = models.URLField(_("video address"), blank=True)

    class Meta:
        ordering = ["course", "number"]
        verbose_name = _("lesson")
        verbose_name_plural = _("lessons")
        constraints = [models.UniqueConstraint(fields=["course", "number"], name="lesson_number_unique")]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return pick(self.title_th, self.title_en)

    @property
    def body(self) -> str:
        return pick(self.body_th, self.body_en)


def lesson_file_path(instance: LessonFile, filename: str) -> str:
    return f"learning/{instance.lesson.course_id}/{instance.lesson_id}/{filename}"


class LessonFile(models.Model):
    """An image the lesson's text shows, or a PDF to download."""

    class Kind(models.TextChoices):
        IMAGE = "image", _("Image")
        PDF = "pdf", _("PDF document")

    lesson = models.ForeignKey(Lesson, on_delete=models.CASCADE, related_name="files")
    kind = models.CharField(_("kind"), max_length=5, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to=lesson_file_path)
    content_type = models.CharField(max_length=40, default="application/pdf")

    class Meta:
        ordering = ["lesson", "pk"]

    def __str__(self) -> str:
        return self.title


class Question(models.Model):
    class Kind(models.TextChoices):
        SINGLE = "single", _("Single choice")
        MULTIPLE = "multiple", _("Multiple choice")
        TRUE_FALSE = "truefalse", _("True / false")

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="questions")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    text_th = models.TextField(_("question (Thai)"))
    text_en = models.TextField(_("question (English)"), blank=True)
    feedback_th = models.TextField(_("explanation shown after submitting (Thai)"), blank=True)
    feedback_en = models.TextField(_("explanation shown after submitting (English)"), blank=True)
    # retired: no longer drawn for new attempts, kept because past attempts were scored on it
    is_retired = models.BooleanField(_("retired from the bank"), default=False)

    class Meta:
        ordering = ["course", "pk"]

    def __str__(self) -> str:
        return self.text[:60]

    @property
    def text(self) -> str:
        return pick(self.text_th, self.text_en)

    @property
    def feedback(self) -> str:
        return pick(self.feedback_th, self.feedback_en)


class Choice(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="choices")
    text_th = models.CharField(_("choice (Thai)"), max_length=500)
    text_en = models.CharField(_("choice (English)"), max_length=500, blank=True)
    is_correct = models.BooleanField(_("correct"), default=False)

    class Meta:
        ordering = ["question", "pk"]

    def __str__(self) -> str:
        return self.text

    @property
    def text(self) -> str:
        return pick(self.text_th, self.text_en)


class Learner(models.Model):
    """What the statistics need about a person who learns: asked once, before the first course."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="learner")
    sex = models.CharField(_("sex"), max_length=1, choices=vocabulary.choices(vocabulary.SEX))
    personnel_type = models.CharField(_("personnel type"), max_length=12,
                                      choices=vocabulary.choices(vocabulary.PERSONNEL_TYPES))

    def __str__(self) -> str:
        return f"learner {self.user_id}"


class Enrolment(models.Model):
    """One person taking one e-learning course."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="enrolments")
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="enrolments")
    started_at = models.DateTimeField(auto_now_add=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    extra_attempts = models.PositiveSmallIntegerField(_("extra quiz attempts granted by central"), default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "course"], name="enrolment_unique")]

    def __str__(self) -> str:
        return f"enrolment {self.user_id} · {self.course_id}"


class LessonView(models.Model):
    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="views")
    lesson = models.ForeignKey(Lesson, on_delete=models.CASCADE, related_name="+")
    seen_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["enrolment", "lesson"], name="lessonview_unique")]

    def __str__(self) -> str:
        return f"seen {self.lesson_id}"


class Attempt(models.Model):
    """One try at a course's quiz: the questions drawn for it, then the answers and the score."""

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="attempts")
    number = models.PositiveSmallIntegerField()
    question_ids = models.JSONField()
    started_at = models.DateTimeField(auto_now_add=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    answers = models.JSONField(default=dict)  # {question id: [choice ids]}
    correct = models.PositiveSmallIntegerField(default=0)
    score = models.PositiveSmallIntegerField(default=0)  # percent
    passed = models.BooleanField(default=False)

    class Meta:
        ordering = ["enrolment", "number"]
        constraints = [models.UniqueConstraint(fields=["enrolment", "number"], name="attempt_number_unique")]

    def __str__(self) -> str:
        return f"attempt {self.number} of enrolment {self.enrolment_id}"


class CompletionQuerySet(models.QuerySet):
    """Bulk writes skip the model signals, so they mark the years' reach cubes stale themselves."""

    def bulk_create(self, objs, *args, **kwargs):
        objs = list(objs)
        for obj in objs:
            obj.set_record_key()
        created = super().bulk_create(objs, *args, **kwargs)
        ReachCube.invalidate({obj.fiscal_year for obj in objs})
        return created

    def update(self, **kwargs):
        years = set(self.values_list("fiscal_year", flat=True).distinct().order_by())
        updated = super().update(**kwargs)
        ReachCube.invalidate(years | ({kwargs["fiscal_year"]} if "fiscal_year" in kwargs else set()))
        return updated


CompletionManager = models.Manager.from_queryset(CompletionQuerySet)


class Completion(models.Model):
    """A learning record: who completed which course, when, and who they are for the statistics."""

    class Source(models.TextChoices):
        ELEARNING = "elearning", _("E-learning")
        ATTENDANCE = "attendance", _("Classroom attendance")
        COUNTS = "counts", _("Classroom counts by sex")

    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="completions")
    session = models.ForeignKey(Session, on_delete=models.CASCADE, null=True, blank=True, related_name="completions")
    source = models.CharField(max_length=10, choices=Source.choices)
    completed_on = models.DateField(_("completed on"))
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"))
    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="+")
    sex = models.CharField(_("sex"), max_length=1)
    personnel_type = models.CharField(_("personnel type"), max_length=12, blank=True)  # "" = not known
    people = models.PositiveIntegerField(default=1)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                             related_name="completions")
    learner_key = models.CharField(max_length=64, blank=True)  # "u<id>" or a keyed hash of the ID/e-mail
    name = models.CharField(_("name"), max_length=200, blank=True)
    # core.cellkey record key: the learner's (the same on each of their records) or, for a counts-only
    # row, the row's; counts of completions and of people reached are perturbed by these (decision 0028).
    record_key = models.PositiveSmallIntegerField(default=0)

    objects = CompletionManager()

    class Meta:
        # covering index of reach: people (and their record keys) by agency × sex × personnel type in a year
        indexes = [models.Index(fields=["fiscal_year", "agency", "sex", "personnel_type", "learner_key", "record_key",
                                        "people"], name="completion_reach_keys"),
                   models.Index(fields=["course", "fiscal_year"], name="completion_course_fy")]
        constraints = [
            models.CheckConstraint(condition=Q(people__gte=1), name="completion_people_positive"),
            models.CheckConstraint(condition=Q(source="counts") | Q(people=1), name="completion_named_is_one"),
            models.UniqueConstraint(fields=["course", "learner_key"], condition=~Q(learner_key=""),
                                    name="completion_once_per_learner"),
        ]

    def __str__(self) -> str:
        return f"{self.course_id} · {self.agency_id} · {self.completed_on}"

    def save(self, *args, **kwargs):
        self.set_record_key()
        super().save(*args, **kwargs)

    def set_record_key(self) -> None:
        self.record_key = completion_key(learner_key=self.learner_key, course_id=self.course_id,
                                         session_id=self.session_id, agency_id=self.agency_id, sex=self.sex,
                                         fiscal_year=self.fiscal_year, people=self.people)


def completion_key(*, learner_key: str, course_id, session_id, agency_id, sex, fiscal_year, people) -> int:
    """A completion's record key (core.cellkey): a named learner's key is the same on each of their
    records, so a person reached once has one key however many courses they completed; a row that
    kept only a count of people has a key of its own."""
    from thaothiam.core.cellkey import record_key, secret

    if learner_key:
        return record_key(secret(), "learner", learner_key)
    return record_key(secret(), "counts", course_id, session_id, agency_id, sex, fiscal_year, people)


class Certificate(models.Model):
    completion = models.OneToOneField(Completion, on_delete=models.CASCADE, related_name="certificate")
    code = models.CharField(max_length=20, unique=True)
    issued_on = models.DateField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_reason = models.CharField(_("reason"), max_length=300, blank=True)

    def __str__(self) -> str:
        return f"certificate {self.pk}"

    @property
    def is_valid(self) -> bool:
        return self.revoked_at is None


class ChangeAgent(models.Model):
    """A trained change agent (ผู้นำการเปลี่ยนแปลง) of an agency, with the training they completed."""

    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("agency"))
    name = models.CharField(_("name"), max_length=200)
    position = models.CharField(_("position"), max_length=200, blank=True)
    sex = models.CharField(_("sex"), max_length=1, choices=vocabulary.choices(vocabulary.SEX))
    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="+", verbose_name=_("training"))
    trained_on = models.DateField(_("trained on"))
    fiscal_year = models.PositiveSmallIntegerField()
    is_active = models.BooleanField(_("still in the role"), default=True)

    class Meta:
        ordering = ["agency", "name"]

    def __str__(self) -> str:
        return self.name


class ReachCube(models.Model):
    """The people reached in one fiscal year by agency × sex × personnel type, with their record-key sums
    (``learning.reach.reached_cube`` for all agencies), kept so the dashboard does not re-count every
    completion of the year on each view (docs/decisions/0145). It is a cache: ``generation`` goes up with
    every write to that year's completions (post_save, post_delete and ``bulk_create``), and ``cells`` is
    used only while ``built_generation`` equals it."""

    fiscal_year = models.PositiveSmallIntegerField(unique=True)
    generation = models.PositiveIntegerField(default=0)
    built_generation = models.IntegerField(null=True, blank=True)
    cells = models.JSONField(default=list)  # [[agency_id, sex, personnel_type, people, key_sum], ...]

    def __str__(self) -> str:
        return f"reach cube {self.fiscal_year} (generation {self.generation})"

    @classmethod
    def invalidate(cls, fiscal_years) -> None:
        """A write to these years' completions: their cubes are stale (in the writer's transaction, so
        a rolled-back write leaves the cube valid). The row is created if missing, so that a reader
        counting at the same time cannot store what it counted before the write."""
        from django.db import IntegrityError, transaction
        from django.db.models import F

        for fy in sorted({int(y) for y in fiscal_years if y is not None}):
            if cls.objects.filter(fiscal_year=fy).update(generation=F("generation") + 1):
                continue
            try:
                with transaction.atomic():
                    cls.objects.create(fiscal_year=fy, generation=1)
            except IntegrityError:  # a reader created it meanwhile
                cls.objects.filter(fiscal_year=fy).update(generation=F("generation") + 1)


def _completion_written(sender, instance, **kwargs):
    ReachCube.invalidate([instance.fiscal_year])


def _completion_moving(sender, instance, raw=False, **kwargs):
    """An edited record may leave its year: the year it was in is stale too."""
    if instance.pk and not instance._state.adding:
        ReachCube.invalidate(Completion.objects.filter(pk=instance.pk).values_list("fiscal_year", flat=True))


models.signals.pre_save.connect(_completion_moving, sender=Completion, dispatch_uid="learning_reach_cube_move")
models.signals.post_save.connect(_completion_written, sender=Completion, dispatch_uid="learning_reach_cube_save")
models.signals.post_delete.connect(_completion_written, sender=Completion, dispatch_uid="learning_reach_cube_delete")
