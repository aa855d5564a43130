"""The workforce import pseudonymises through core's one function (issue 17 §3), and the pseudonyms it
stores are the ones the earlier inline HMAC gave: the digests below were computed with
``hmac.new(key, b"<kind>:<identifier>", sha256)`` before the change. Were the hashed text to change
(a prefix, a case rule, a separator), every stored person would stop matching their next import."""

from tests.workforce.test_wf_parser import AS_OF, _values
from thaothiam.core.pseudonyms import pseudonym
from thaothiam.workforce.parser import COLUMNS, RowParser

E1 = "ae06d7b3a5a0f1b8dc7d2dfedb680df8fab0088d75ca4f7a3d86aa3654c11359"  # key "k", "employee:E1"
NATIONAL = "c7ef114cd328793822e8c48ac278eaa591650e3787d6a36b984d09a7c4460ecf"  # key "k", "national:1101700203450"


def _parse(**values):
    parser = RowParser(columns={c.name: i for i, c in enumerate(COLUMNS)}, as_of=AS_OF,
                       agencies={"DIS-1001": 1}, scope_agency_id=None, key="k")
    person, errors = parser.parse(2, _values(**values))
    assert errors == []
    return person.pseudonym


def test_the_import_stores_the_same_pseudonyms_as_before():
    assert _parse(employee_id="E1") == E1
    assert _parse(employee_id="e1") == E1  # a staff number is compared in capitals
    assert _parse(employee_id="", national_id="1-1017-00203-45-0") == NATIONAL  # dashes and spaces dropped
    assert pseudonym("employee", "E1", "k") == pseudonym("employee", "E1", b"k") == E1


def test_the_kind_is_part_of_the_hash():
    """A staff number that happens to equal someone's national ID is another person."""
    assert _parse(employee_id="1101700203450") != NATIONAL
