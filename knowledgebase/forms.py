from django import forms
from django.utils.translation import gettext_lazy as _


class ContactForm(forms.Form):
    name = forms.CharField(label=_("Your name"), max_length=200, required=False)
    email = forms.EmailField(label=_("Your email"), max_length=254)
    subject = forms.CharField(label=_("Subject"), max_length=200)
    message = forms.CharField(
        label=_("How can we help?"), max_length=20_000, widget=forms.Textarea(attrs={"rows": 6})
    )
    # Hidden from people by CSS; a bot that fills every field gives itself away.
    website = forms.CharField(label=_("Leave this empty"), required=False)


class FeedbackForm(forms.Form):
    helpful = forms.TypedChoiceField(
        choices=[("yes", _("Yes")), ("no", _("No"))], coerce=lambda v: v == "yes", empty_value=None
    )
    comment = forms.CharField(max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3}))


class FlagForm(forms.Form):
    reason = forms.CharField(
        label=_("What is outdated?"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    language = forms.CharField(max_length=16, required=False)
