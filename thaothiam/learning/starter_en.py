"""English text of the starter course's lessons (our own translation of starter.py's Thai, lesson by lesson).

Shown when the interface is in English (``Lesson.body`` picks it); the Thai text stays the reference.
Migration ``0008_starter_lessons_in_english`` adds it to an installed starter course where a lesson's
English text is still empty, so central's own edits are never overwritten.
"""

BODIES_EN = [
    """\
The Governor of Bangkok's policy: **"BMA agencies understand and support equality and accept gender diversity."**

## The BMA announcement of 18 June 2565 (2022)

The BMA issued an announcement on **the policy of non-discrimination on grounds of sex and the prevention of
sexual abuse or harassment at work**, dated 18 June 2565. The policy has two parts that go together:

1. **No discrimination on grounds of sex** — every member of staff is treated fairly, whatever their sex or
   gender identity.
2. **Preventing sexual abuse or harassment at work** — the workplace must be safe for everyone.

## The action plan 2568–2570 (2025–2027)

The Office of the Bangkok Civil Service Commission (BCSC) prepared the BMA's action plan for promoting gender
equality (2568–2570), which has three dimensions:

| Dimension | Goal |
|---|---|
| 1. Individuals | BMA civil servants at every level keep building their knowledge, understanding and awareness of gender equality |
| 2. Working mechanisms | Promote working mechanisms that help advance gender equality |
| 3. Working environment | Promote a working environment for everyone in the organisation |

This online course is part of plan item 1.2 (online learning) and plan item 1.3 (knowledge of gender
mainstreaming).

**Every agency carries out the action plan and reports its results to the Office of the BCSC**, which
compiles them for the executives at the end of each fiscal year. Agencies promote the policy continuously,
for example through online media, videos, campaigns, public pledges and internal meetings or training.
""",
    """\
Several words are used about sex and gender, and each means something different. Using them correctly
helps us talk about problems precisely.

## Sex

The biological characteristics of the body. The BMA's personnel register records **female** or **male**,
as in the civil registration.

## Gender

The roles, expectations and values that **society** assigns to women and men — for example the belief
that "caring is women's work" or that "men must lead". These are learned and can change; they are not
fixed by nature.

## Gender identity

A person's own sense of their gender, which may or may not match the sex they were assigned at birth.
People of diverse genders (LGBTQIAN+) are part of the staff of every agency. Gender identity is for each
person to disclose if they choose, and it is sensitive personal data.

## Gender equality

Everyone receives fair opportunities, rights and treatment. Equality does not mean treating everyone the
same in every case: sometimes different needs must be met, such as a breastfeeding corner at work.

## Discrimination on grounds of sex

Separating, excluding or restricting someone's rights because of their sex or gender identity. For example:

- not assigning important work to someone because "she is a woman" or "has a young child";
- mocking or questioning the way a colleague of diverse gender dresses;
- setting selection conditions unrelated to the job that exclude one sex.
""",
    """\
**Gender mainstreaming** means taking the needs and experiences of people of every gender into account at
**every stage** of ordinary work — planning, budgeting, doing, monitoring and evaluation — rather than
running it as a separate project.

## How to do it in everyday work

1. **Use sex-disaggregated data** — count service users, trainees or staff by sex, to see who benefits and
   who does not (plan item 2.5 of the action plan builds a sex-disaggregated database).
2. **Ask who is affected differently, and how** — are opening hours convenient for people who care for
   children or older relatives? Are walkways and public toilets safe at night?
3. **Involve a diverse range of people** — listen to women, men and people of diverse genders, both
   staff and service users.
4. **Follow results by sex** — set indicators that show the differences, then improve the work.

## An example

A district office runs vocational training for residents. Last year's sex-disaggregated data showed that
most trainees were men. When asked, many women said the sessions clashed with taking their children to
and from school. The district added sessions at other times. That is gender mainstreaming: use the data,
find the cause, then adjust the service.
""",
    """\
**Sexual abuse or harassment** is conduct of a sexual nature that the person on the receiving end **does
not want**, and that makes them feel uncomfortable, ashamed, afraid or demeaned. What counts is the effect
on that person, not an intention of "just joking".

## Common forms

- **Verbal** — remarks about someone's body, sexual stories or jokes, questions about their sex life
- **Physical** — touching, hugging or pressing against someone without consent
- **Non-verbal** — staring at parts of someone's body, sexually suggestive gestures
- **Online** — sending messages, pictures or clips with sexual content
- **Abuse of power** — offering or threatening something at work, such as an appraisal or a promotion,
  in exchange for something sexual

Anyone of any gender can be harassed, and the harasser may be a supervisor, a colleague, a subordinate or
a member of the public.

## Prevention is everyone's job

- **Supervisors** — make it clear the agency does not accept this behaviour, communicate the policy and the
  complaint channels, and act at once when told.
- **Everyone** — respect other people's boundaries; if you are not sure the other person welcomes
  something, assume they do not.
- **Bystanders** — do not stay silent: you might interrupt, help the person leave the situation, be a
  witness or help report it, with regard for their safety and their wishes.
""",
    """\
## If it happens to you

- What happened is **not your fault**.
- If it is safe to do so, tell the person clearly that you do not consent and that they must stop.
- **Write down** the date, time, place, what happened and who was there. Keep messages or screenshots as
  evidence.
- Talk to someone you trust, and choose the complaint channel that suits you.

## Complaint channels

- **Your supervisor**, or **the complaint officer your agency has designated**
- **The complaint channel in ThaoThiam** — you can report **with your name** or **anonymously**. Reports
  of gender discrimination or sexual abuse or harassment reach only the officers assigned to handle them.
- In immediate danger, call **191**; help is also available from the Social Assistance Center hotline **1300**.

## How complaints are handled

- **Victim-centred** — listen without judging, ask what the complainant wants, and, if they wish, start
  with informal resolution.
- **Confidential** — information is shared only with those who need to know.
- **Protection for complainants, witnesses and the accused** — no retaliation against complainants or
  witnesses, and the accused has a fair chance to respond.
- **Follow-up** — the Office of the BCSC follows complaint outcomes and trends (plan item 3.3) to propose
  improvements to the policy and the workplace.

## If a colleague confides in you

Listen carefully, believe what they tell you, do not interrogate or blame them, tell them which channels
can help, and respect their decisions.
""",
]
