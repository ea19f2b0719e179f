from django.urls import path

from notifications import views

app_name = "notifications"
urlpatterns = [
    path("", views.notification_list, name="notification-list"),
    path("bell/", views.bell, name="bell"),
    path("recent/", views.recent, name="recent"),
    path("read/", views.notification_read, name="notification-read"),
    path("preferences/", views.preferences, name="preferences"),
]
