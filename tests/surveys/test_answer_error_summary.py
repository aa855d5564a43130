"""The survey answer form shows the one error summary at the top (decision 0113): each unanswered
required question is a link to its first option, and nothing is kept as an answer."""

import re

from django.test import Client
from survey_helpers import enter, invite

from thaothiam.surveys.models import Response
from thaothiam.surveys.structure import load


def test_an_empty_part_lists_its_required_questions_linked_to_their_options(workenv):
    client = Client()
    enter(client, invite(workenv, 1)[0].token)
    steps = len(load(workenv.instrument_id).sections)
    for step in range(1, steps + 1):  # parts without a required question move on; the first with one stops
        response = client.post(f"/surveys/a/{step}/", {})
        if response.status_code != 302:
            break
    assert response.status_code == 200
    html = response.content.decode()
    start = html.index('data-testid="error-summary"')
    links = re.findall(r'href="#([^"]+)"', html[start:html.index("</ul>", start)])
    form = response.context["form"]
    required = [name for name, field in form.fields.items() if field.required]
    assert required and len(links) == len(required)
    for name, target in zip(required, links, strict=True):
        widget = form.fields[name].widget
        assert target == (f"id_{name}_0" if widget.input_type in ("radio", "checkbox") else f"id_{name}")
        assert f'id="{target}"' in html
    assert "โปรดตอบคำถามข้อนี้" in html[start:]
    assert Response.objects.filter(campaign=workenv).count() == 0
