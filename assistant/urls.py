from django.urls import path

from assistant import views

app_name = "assistant"

urlpatterns: list = []

# Agents and admins: the ticket panel and corrections, where tier 0 answers, the example bank.
urlpatterns += [
    path("tickets/<int:pk>/panel/", views.ticket_panel, name="ticket-panel"),
    path("assessments/<int:pk>/correct/", views.assessment_correct_view, name="assessment-correct"),
    path("settings/", views.settings_page, name="settings"),
    path("examples/", views.examples_page, name="examples"),
]
