from django.urls import path

from mail import views

app_name = "mail"
urlpatterns = [
    path("inbound/", views.inbound_list, name="inbound-list"),
    path("inbound/<int:pk>/", views.inbound_detail, name="inbound-detail"),
    path("inbound/<int:pk>/raw/", views.inbound_raw, name="inbound-raw"),
    path("inbound/<int:pk>/reprocess/", views.inbound_reprocess_view, name="inbound-reprocess"),
    path("entries/<int:pk>/copy/", views.entry_copy_add, name="entry-copy-add"),
]
