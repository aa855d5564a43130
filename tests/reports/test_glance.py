"""At a glance (issue 16 §2): the scorecard's status of each plan item, the agencies behind, and the tile map
of the 50 district offices (decision 0143)."""

from types import SimpleNamespace

import pytest
from reports_helpers import accepted_report, add_value

from thaothiam.agencies.models import Agency
from thaothiam.reports import glance


def test_item_status_rule():
    r = lambda achieved: SimpleNamespace(achieved=achieved)  # noqa: E731
    assert glance.item_status([]) == glance.NO_DATA
    assert glance.item_status([r(None), r(None)]) == glance.NO_DATA
    assert glance.item_status([r(True), r(None)]) == glance.ON_TRACK
    assert glance.item_status([r(True), r(False)]) == glance.AT_RISK
    assert glance.item_status([r(False), r(None)]) == glance.BEHIND


def test_every_district_office_has_one_tile_of_its_own(reference_data):
    positions = glance.tile_positions()
    districts = set(Agency.objects.filter(kind=Agency.Kind.DISTRICT).values_list("code", flat=True))
    assert len(districts) == 50 and set(positions) == districts
    assert len(set(positions.values())) == 50  # no two districts on one tile
    # roughly geographic: Don Mueang (north) above Bang Khun Thian (south); Nong Chok east of Taling Chan
    assert positions["DIS-1036"][0] < positions["DIS-1021"][0]
    assert positions["DIS-1003"][1] > positions["DIS-1019"][1]


@pytest.fixture
def targets_data(users):
    """DIS-1001 misses all three targets, DIS-1002 meets them, DIS-1003 meets one of two."""
    values = {"DIS-1001": (0, 10, "2.00"), "DIS-1002": (1, 95, "4.50"), "DIS-1003": (1, 50, None)}
    for code, (declaration, quality, satisfaction) in values.items():
        report = accepted_report(code, users)
        add_value(report, "1-4-declaration", declaration)
        add_value(report, "2-5-data-quality", quality)
        if satisfaction:
            add_value(report, "3-1-satisfaction", satisfaction)


def test_dashboard_scorecard_behind_and_map(client_for, targets_data):
    page = client_for("executive").get("/reports/?fy=2568").content.decode()
    assert page.index('id="section-glance"') < page.index('id="section-overview"')
    # 1.4: 2 of 3 agencies declared, under the 80 % target → behind; 3.1: mean 3.25 < 3.5 → behind;
    # 2.5: data quality mean 51.7 < 90 → not met, and no 2-5-database value → behind
    assert 'data-item="1.4" data-status="behind"' in page
    assert 'data-item="3.1" data-status="behind"' in page
    assert 'data-item="1.1" data-status="no_data"' in page
    assert "3 จาก 71 หน่วยงาน" in page  # coverage beside the status
    behind = page[page.index('data-testid="behind"'):]
    behind = behind[:behind.index("</ul>")]
    assert "สำนักงานเขตพระนคร" in behind and "บรรลุ 0 จาก 3 เป้าหมาย" in behind
    assert "สำนักงานเขตดุสิต" not in behind and "สำนักงานเขตหนองจอก" not in behind  # met all; met 1 of 2
    # the map, coloured by completeness, lists all 50 districts in its table
    glance_html = page[page.index('data-testid="glance"'):page.index('id="section-overview"')]
    assert glance_html.count('<tr><th scope="row" class="fw-normal">สำนักงานเขต') == 50
    assert 'aria-label="แผนที่สำนักงานเขต 50 เขต' in glance_html
    # the map's caption adds what its heading does not: what the colours show, the year and the states
    caption = glance_html[glance_html.index('<figcaption class="chart-title">'):]
    caption = caption[len('<figcaption class="chart-title">'):caption.index("</figcaption>")]
    heading = glance_html[glance_html.index("<h3 class=\"h6\">สำนักงานเขต"):]
    heading = heading[len("<h3 class=\"h6\">"):heading.index("</h3>")]
    assert caption != heading and heading not in caption
    assert "ปีงบประมาณ พ.ศ. 2568" in caption and "รายงาน" in caption


def test_map_by_a_chosen_indicator_and_only_safe_choices(client_for, targets_data):
    page = client_for("executive").get("/reports/?fy=2568&map=2-5-data-quality").content.decode()
    glance_html = page[page.index('data-testid="glance"'):page.index('id="section-overview"')]
    assert '<option value="2-5-data-quality" selected>' in glance_html
    caption = glance_html[glance_html.index('<figcaption class="chart-title">'):]
    assert "2.5" in caption[:caption.index("</figcaption>")]  # the caption names the chosen indicator
    assert "1-1-trained" not in glance_html  # a count of people per agency is not put on the map
    assert "สำนักงานเขตพระนคร</th><td class=\"num\">ไม่บรรลุเป้าหมาย" in glance_html
    assert "สำนักงานเขตดุสิต</th><td class=\"num\">บรรลุเป้าหมาย" in glance_html
    assert "สำนักงานเขตบางรัก</th><td class=\"num\">ไม่มีค่า" in glance_html
    unknown = client_for("executive").get("/reports/?fy=2568&map=nope").content.decode()
    assert '<option value="" selected>' in unknown  # falls back to completeness


def test_one_agency_sees_its_scorecard_but_no_other_agency(client_for, targets_data):
    agency = Agency.objects.get(code="DIS-1002")
    page = client_for("executive").get(f"/reports/?fy=2568&agency={agency.pk}").content.decode()
    glance_html = page[page.index('data-testid="glance"'):page.index('id="section-overview"')]
    assert 'data-testid="scorecard"' in glance_html
    assert 'data-testid="behind"' not in glance_html and "<figure" not in glance_html
    assert "สำนักงานเขตพระนคร" not in glance_html


def test_tile_labels_are_whole_names_on_at_most_two_lines(reference_data):
    for agency in Agency.objects.filter(kind=Agency.Kind.DISTRICT):
        short = agency.name_th.replace("สำนักงานเขต", "")
        label = glance.two_lines(short)
        lines = [label] if isinstance(label, str) else label
        assert "".join(lines) == short and len(lines) <= 2  # nothing cut off
        assert all(len(line) <= 10 for line in lines), lines
