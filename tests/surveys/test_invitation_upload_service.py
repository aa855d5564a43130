"""Reading an uploaded invitation list is the service's job (issue 17 §3: file handling out of the views):
it reads at most one byte past the size limit, so a huge upload is refused without being read whole."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings
from survey_helpers import make_campaign

from thaothiam.surveys import services_campaign
from thaothiam.surveys.models import Invitation


class _Counting(io.BytesIO):
    def __init__(self, data: bytes, name: str):
        super().__init__(data)
        self.name, self.asked = name, []

    def read(self, size=-1):
        self.asked.append(size)
        return super().read(size)


@override_settings(THAOTHIAM_MAX_UPLOAD_MB=1)
def test_a_list_over_the_limit_is_refused_after_reading_one_byte_past_it(users):
    campaign = make_campaign(status="draft", source="invitation")
    line = b"somsri@example.org,DIS-1001\n"
    upload = _Counting(b"email,agency_code\n" + line * (3 * 1024 * 1024 // len(line)), "list.csv")
    with pytest.raises(ValidationError) as refused:
        services_campaign.invitations_import_upload(campaign=campaign, actor=users["central"], upload=upload)
    assert "1 MB" in " ".join(refused.value.messages)
    assert upload.asked == [1024 * 1024 + 1] and upload.tell() == 1024 * 1024 + 1
    with pytest.raises(ValidationError):
        services_campaign.invitations_import_upload(campaign=campaign, actor=users["central"], upload=None)
    assert not Invitation.objects.exists()
