from django.urls import path

from queueviews import views

app_name = "queueviews"
urlpatterns = [
    path("new/", views.view_create, name="view-create"),
    path("<int:pk>/", views.view_edit, name="view-edit"),
    path("<int:pk>/delete/", views.view_delete, name="view-delete"),
]
