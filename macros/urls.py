from django.urls import path

from macros import views

app_name = "macros"
urlpatterns = [
    path("", views.macro_list, name="macro-list"),
    path("new/", views.macro_create_view, name="macro-create"),
    path("<int:pk>/", views.macro_edit, name="macro-edit"),
    path("<int:pk>/deactivate/", views.macro_deactivate_view, name="macro-deactivate"),
]
