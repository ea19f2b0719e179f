from django.urls import path

from bulk import api

urlpatterns = [
    path("jobs/", api.BulkJobListView.as_view(), name="bulk-jobs"),
    path("jobs/<int:pk>/", api.BulkJobDetailView.as_view(), name="bulk-job"),
]
