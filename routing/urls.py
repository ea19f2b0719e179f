from django.urls import path

from routing import views

app_name = "routing"
urlpatterns = [
    path("supervisor/", views.supervisor, name="supervisor"),
    path("rules/dry-run/", views.rule_dry_run, name="rule-dry-run"),
]
