app_name = "assistant-api"

urlpatterns: list = []
