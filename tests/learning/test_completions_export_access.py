"""The completions export names people (the training institute needs them): only central downloads it."""

import pytest


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_only_central_downloads_the_named_completions(client_for, fmt):
    path = f"/learning/manage/completions.{fmt}"
    for name in ("executive", "coordinator", "head", "staff", "admin"):
        assert client_for(name).get(path).status_code == 403, name
    assert client_for("central").get(path).status_code == 200
