from django.urls import path

from customfields import views

app_name = "customfields"
urlpatterns = [
    path("", views.field_list, name="field-list"),
    path("new/", views.field_create, name="field-create"),
    path("<int:pk>/", views.field_edit, name="field-edit"),
    path("<int:pk>/deactivate/", views.field_deactivate_view, name="field-deactivate"),
    path("tickets/<int:pk>/", views.ticket_fields, name="ticket-fields"),
]
