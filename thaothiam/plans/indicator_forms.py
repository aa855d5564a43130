"""Forms for central's management of indicators and targets."""

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from thaothiam.agencies.models import Agency
from thaothiam.core.forms import BootstrapMixin

from .models import Indicator, PlanItem


class IndicatorForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = Indicator
        fields = ["item", "number", "code", "name_th", "name_en", "kind", "disaggregation", "aggregation",
                  "direction", "unit_th", "unit_en", "is_active", "system_value_replaces_input"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = PlanItem.objects.filter(pillar__plan__is_current=True).select_related("pillar")

    def clean(self):
        data = super().clean()
        if data.get("disaggregation", "none") != "none" and data.get("kind") != Indicator.Kind.COUNT:
            self.add_error("disaggregation", _("Only counts of people can be broken down by sex."))
        return data


class TargetForm(BootstrapMixin, forms.Form):
    """The BMA target and the default per-agency target of one fiscal year."""

    fy = forms.IntegerField(label=gettext_lazy("fiscal year (B.E.)"), min_value=2560, max_value=2600)
    value = forms.DecimalField(label=gettext_lazy("BMA target"), min_value=0, max_digits=14, decimal_places=2,
                               error_messages={"min_value": gettext_lazy("Must not be negative.")})
    agency_default = forms.DecimalField(label=gettext_lazy("default target per agency"), min_value=0, required=False,
                                        max_digits=14, decimal_places=2,
                                        error_messages={"min_value": gettext_lazy("Must not be negative.")})
    agency = forms.ModelChoiceField(label=gettext_lazy("agency (empty: the BMA)"), required=False,
                                    queryset=Agency.objects.filter(is_active=True).exclude(kind=Agency.Kind.DIVISION))
