from django.urls import path

from knowledgebase import views

app_name = "knowledgebase"
urlpatterns = [
    path("search/", views.agent_search, name="agent-search"),
    path("search.json", views.agent_search_json, name="agent-search-json"),
    path("articles/<int:pk>/flag/", views.article_flag, name="article-flag"),
    path("flags/<int:pk>/resolve/", views.flag_resolve_view, name="flag-resolve"),
    path("report/", views.report, name="report"),
]
