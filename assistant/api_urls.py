from django.urls import URLPattern, path

from assistant import api

app_name = "assistant-api"

urlpatterns: list[URLPattern] = [
    path("tickets/<str:ticket>/assessments/", api.TicketAssessmentsView.as_view(), name="ticket-assessments"),
    path(
        "assessments/<str:pk>/correction/",
        api.AssessmentCorrectionView.as_view(),
        name="assessment-correction",
    ),
]
