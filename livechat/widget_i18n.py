"""The chat widget's words in the visitor's language: the `djangojs` customer catalogue as JSON.

The widget is embedded on the exchange's own site, so it cannot use the helpdesk's session language or
an inline script: it fetches `/chat/api/i18n/<language>.json` (CORS for the widget's origins, like its API)
and looks its English strings up in `catalog`. A language the helpdesk does not list gets English.
"""

from django.http import HttpRequest, HttpResponseBase
from django.utils import translation
from django.views.i18n import JSONCatalog

from helpdesk.i18n import normalise_language, text_direction
from livechat.widget_api import widget_endpoint

# Only the project's LOCALE_PATHS (the customer catalogues): naming one app without a catalogue keeps
# every installed app's JavaScript strings (the admin's calendar) out of the widget's download.
_catalogue = JSONCatalog.as_view(domain="djangojs", packages=["livechat"])


@widget_endpoint("GET")
def catalogue(request: HttpRequest, language: str) -> HttpResponseBase:
    code = normalise_language(language) or "en"
    with translation.override(code):
        response = _catalogue(request)
    # JSONCatalog answers {"catalog", "formats", "plural"}; the widget also needs the language it got.
    response["Content-Language"] = code
    response["X-Text-Direction"] = text_direction(code)
    response["Cache-Control"] = "public, max-age=300"
    return response
