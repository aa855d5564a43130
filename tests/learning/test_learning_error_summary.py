"""The learner's forms show the one error summary at the top, each error a link to its field (GOV.UK
pattern, decision 0113): the quiz and the "about you" form, through the pages."""

import re

from learning_helpers import make_learner, starter

from thaothiam.learning.models import Attempt


def _links(html: str) -> list[str]:
    start = html.index('data-testid="error-summary"')
    return re.findall(r'href="#([^"]+)"', html[start:html.index("</ul>", start)])


def test_an_unanswered_quiz_lists_every_question_linked_to_its_first_choice(users, client_for):
    make_learner(users["staff"])
    client = client_for("staff")
    course = starter()
    client.post(f"/learning/courses/{course.pk}/start/")
    client.post(f"/learning/courses/{course.pk}/quiz/")
    attempt = Attempt.objects.get(enrolment__course=course)
    answered = attempt.question_ids[0]
    first_choice = attempt.enrolment.course.questions.get(pk=answered).choices.order_by("pk").first()
    response = client.post(f"/learning/attempts/{attempt.pk}/", {f"q{answered}": [first_choice.pk]})
    assert response.status_code == 200
    html = response.content.decode()
    links = _links(html)
    assert links == [f"id_q{qid}_0" for qid in attempt.question_ids[1:]]
    for target in links:  # each link lands on an element of the page
        assert f'id="{target}"' in html
    attempt.refresh_from_db()
    assert attempt.submitted_at is None  # nothing scored


def test_the_about_you_form_links_its_errors(users, client_for):
    response = client_for("staff").post("/learning/about-you/", {"sex": "X", "personnel_type": ""})
    assert response.status_code == 200
    html = response.content.decode()
    assert _links(html) == ["id_sex_0", "id_personnel_type"]
    assert 'id="id_sex_0"' in html and 'id="id_personnel_type"' in html
    assert 'class="form-check-input"' in html and 'class="form-select"' in html
