from django.urls import path

from zhichan.navigation import views

app_name = "navigation"
urlpatterns = [
    path("", views.scope_list, name="scopes"),
    path("<int:pk>/", views.scope_detail, name="scope"),
    path("runs/<int:pk>/files/<str:name>", views.run_file, name="run_file"),
    path("watches/", views.watches, name="watches"),
]
