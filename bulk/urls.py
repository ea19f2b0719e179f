from django.urls import path

from bulk import views

app_name = "bulk"
urlpatterns = [
    path("bar/", views.bulk_bar, name="bar"),
    path("jobs/", views.job_create, name="job-create"),
    path("jobs/<int:pk>/", views.job_detail, name="job-detail"),
]
