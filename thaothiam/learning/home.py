"""The learning card of the staff home page (contract 1): courses to take, in progress, completed,
and certificates."""

from __future__ import annotations

ORDER = 30


def card(request) -> dict | None:
    if not request.user.is_authenticated:
        return None
    from .selectors import my_certificates, my_courses

    courses = my_courses(request.user)
    if not any(courses.values()):
        return None
    return {"template": "learning/home_card.html", "courses": courses,
            "certificates": list(my_certificates(request.user)[:5])}
