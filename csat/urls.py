from django.urls import path

from csat import views

app_name = "csat"

urlpatterns = [
    path("", views.answer_list, name="answer-list"),
    path("s/<str:token>/", views.survey_answer, name="survey-answer"),
]
