from django.urls import path

from knowledgebase import views_public

app_name = "help"
urlpatterns = [
    path("", views_public.root, name="root"),
    path("sitemap.xml", views_public.sitemap, name="sitemap"),
    path("attachments/<int:pk>/<str:filename>", views_public.attachment, name="attachment"),
    path("<str:language>/", views_public.home, name="home"),
    path("<str:language>/search/", views_public.search, name="search"),
    path("<str:language>/contact/", views_public.contact, name="contact"),
    path("<str:language>/contact/chat/", views_public.chat_opened, name="chat-opened"),
    path("<str:language>/categories/<slug:slug>/", views_public.category, name="category"),
    path("<str:language>/articles/<slug:slug>/", views_public.article, name="article"),
    path("<str:language>/articles/<slug:slug>/feedback/", views_public.feedback, name="feedback"),
]
