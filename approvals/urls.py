from django.urls import URLPattern, URLResolver, path

from approvals import views

app_name = "approvals"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.queue, name="request-list"),
    path("nav/", views.nav_link, name="nav-link"),
    path("policies/", views.policy_list, name="policy-list"),
    path("policies/<str:action>/<str:level>/", views.policy_edit, name="policy-edit"),
    path("tickets/<int:pk>/request/", views.request_create, name="request-create"),
    path("<int:pk>/", views.request_detail, name="request-detail"),
    path("<int:pk>/decide/", views.request_decide, name="request-decide"),
    path("<int:pk>/cancel/", views.request_cancel, name="request-cancel"),
]
