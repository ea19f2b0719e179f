from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from customers.models import Customer, KycStatus, VipLevel


class RevealForm(forms.Form):
    reason = forms.CharField(
        label=_("Why do you need the contact details?"),
        max_length=500,
        widget=forms.TextInput(attrs={"placeholder": _("e.g. calling the customer back about HD-000123")}),
    )


class CustomerSearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), max_length=200, required=False)
    vip_level = forms.ChoiceField(
        label=_("VIP level"), choices=[("", _("Any VIP level")), *VipLevel.choices], required=False
    )
    kyc_status = forms.ChoiceField(
        label=_("KYC status"), choices=[("", _("Any KYC status")), *KycStatus.choices], required=False
    )
    before = forms.IntegerField(min_value=1, required=False, widget=forms.HiddenInput)

    def apply(self, customers: QuerySet[Customer]) -> QuerySet[Customer]:
        data = self.cleaned_data if self.is_valid() else {}
        for field in ("vip_level", "kyc_status"):
            if data.get(field):
                customers = customers.filter(**{field: data[field]})
        if text := data.get("q", "").strip():
            # Contact details match only in full: the search must not become a way to read them.
            customers = customers.filter(
                Q(external_id__iexact=text) | Q(name__icontains=text) | Q(email__iexact=text)
            )
        if data.get("before"):
            customers = customers.filter(pk__lt=data["before"])
        return customers
