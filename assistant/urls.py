from django.urls import path

from assistant import views, widget

app_name = "assistant"

urlpatterns: list = [
    # The chat widget's choices under tier 0's answer (token-authenticated, like the widget's API).
    path("chat/solved/", widget.chat_solved_view, name="chat-solved"),
    path("chat/person/", widget.chat_person_view, name="chat-person"),
    # The help center's "Ask a question" box.
    path("ask/<str:language>/", widget.ask, name="ask"),
]

# Agents and admins: the ticket panel and corrections, where tier 0 answers, the example bank.
urlpatterns += [
    path("tickets/<int:pk>/panel/", views.ticket_panel, name="ticket-panel"),
    path("assessments/<int:pk>/correct/", views.assessment_correct_view, name="assessment-correct"),
    path("settings/", views.settings_page, name="settings"),
    path("examples/", views.examples_page, name="examples"),
]
