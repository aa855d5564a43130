"""The perturbation table of docs/decisions/0022, written out by hand from the decision (not from
core.cellkey), so tests compare the product against the documented table."""

from django.db.models import Sum


def published(count: int, key_sum: int) -> int:
    """What the decision says is published for a cell of ``count`` records whose keys sum to ``key_sum``."""
    k = key_sum % 1000
    if count == 0:
        return 0
    if count < 5:  # 0 on the first 1000 - 200c keys, 5 on the rest
        return 5 if k >= 1000 - 200 * count else 0
    if count == 5:
        return 0 if k < 110 else 5 if k < 650 else 6 if k < 850 else 7 if k < 950 else 8
    if count == 6:
        return 0 if k < 40 else 5 if k < 350 else 6 if k < 650 else 7 if k < 850 else 8 if k < 950 else 9
    if count == 7:
        return 0 if k < 10 else 5 if k < 150 else 6 if k < 350 else 7 if k < 650 else 8 if k < 850 else 9 if k < 950 else 10
    for bound, noise in ((50, -3), (150, -2), (350, -1), (650, 0), (850, 1), (950, 2)):
        if k < bound:
            return count + noise
    return count + 3


def published_people(queryset) -> int:
    """The published count of a set of workforce people (a Person queryset), from their stored record keys."""
    row = queryset.aggregate(k=Sum("record_key"))
    return published(queryset.count(), row["k"] or 0)


def published_participants(category: str = "", dim: str = "sex", **filters) -> int:
    """The published participants of a category ("" for everyone) over the accepted activities matching
    ``filters``, from the record keys each activity's participants get (reporting.datasets.block_keys)."""
    from thaothiam.core.cellkey import secret
    from thaothiam.reporting.datasets import _people, accepted, block_keys

    n = k = 0
    columns = ("female", "male", "gi_female", "gi_male", "gi_diverse", "gi_undisclosed")
    for activity in accepted().filter(**filters).values():
        people = _people({f"{c}_n": activity[c] for c in columns}, dim)
        keys = block_keys(secret(), activity["id"], people)
        for code in ([category] if category else people):
            n, k = n + people[code], k + keys[code]
    return published(n, k)


def survey_response_key(response_id, secret: str) -> int:
    """A survey response's record key as decision 0120 describes it, with Python integers (not NumPy)."""
    import hashlib

    mask = (1 << 64) - 1
    digest = hashlib.sha256(b"survey-response-key|" + secret.encode()).digest()
    s1, s2 = int.from_bytes(digest[:8], "little"), int.from_bytes(digest[8:16], "little")
    raw = response_id.bytes
    lo, hi = int.from_bytes(raw[:8], "little"), int.from_bytes(raw[8:], "little")

    def splitmix(x: int) -> int:
        x ^= x >> 30
        x = (x * 0xBF58476D1CE4E5B9) & mask
        x ^= x >> 27
        x = (x * 0x94D049BB133111EB) & mask
        return x ^ (x >> 31)

    return splitmix(splitmix(lo ^ s1) ^ hi ^ s2) % 1000


def published_respondents(queryset) -> int:
    """The published count of a set of released survey responses (a Response queryset)."""
    from thaothiam.core.cellkey import secret

    ids = list(queryset.filter(release__isnull=False).values_list("id", flat=True))
    return published(len(ids), sum(survey_response_key(i, secret()) for i in ids))


def record_key_by_hand(kind: str, ident) -> int:
    """A record's key as the decision defines it: HMAC-SHA256 under the pseudonymisation key of
    "cell-key|<kind>|<id>", its first 8 bytes big-endian, modulo 1000."""
    import hashlib
    import hmac

    from django.conf import settings

    digest = hmac.new(settings.PSEUDONYM_KEY.encode(), f"cell-key|{kind}|{ident}".encode(), hashlib.sha256).digest()
    return int.from_bytes(digest[:8], "big") % 1000


def published_cases(cases) -> int:
    """The published count of a set of complaint cases (a Case queryset), from their stored record keys."""
    row = cases.aggregate(k=Sum("record_key"))
    return published(cases.count(), row["k"] or 0)


def published_learners(completions) -> int:
    """The published count of the people behind a set of learning records (a Completion queryset):
    each named learner once with the key of their learner id, each counts-only row with its own key."""
    n = k = 0
    for learner_key in set(completions.exclude(learner_key="").values_list("learner_key", flat=True)):
        n, k = n + 1, k + record_key_by_hand("learner", learner_key)
    for row in completions.filter(learner_key="").values():
        parts = "|".join(str(row[f]) for f in ("course_id", "session_id", "agency_id", "sex", "fiscal_year", "people"))
        n, k = n + row["people"], k + record_key_by_hand("counts", parts)
    return published(n, k)
