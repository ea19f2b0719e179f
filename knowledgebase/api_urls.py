from django.urls import path, re_path

from knowledgebase import api

urlpatterns = [
    path("search/", api.SearchView.as_view(), name="kb-search"),
    path("articles/", api.ArticleListView.as_view(), name="kb-article-list"),
    path("articles/<slug:slug>/", api.ArticleDetailView.as_view(), name="kb-article-detail"),
    path("articles/<slug:slug>/flags/", api.FlagCreateView.as_view(), name="kb-article-flag"),
    path(
        "articles/<slug:slug>/translations/<str:language>/",
        api.TranslationView.as_view(),
        name="kb-translation",
    ),
    re_path(
        r"^articles/(?P<slug>[-a-zA-Z0-9_]+)/translations/(?P<language>[a-z-]+)/(?P<transition>submit|publish|archive)/$",
        api.TranslationTransitionView.as_view(),
        name="kb-translation-transition",
    ),
]
