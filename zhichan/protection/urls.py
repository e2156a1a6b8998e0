from django.urls import path

from zhichan.protection import views

app_name = "protection"
urlpatterns = [
    path("complaint/", views.public_new, name="public_new"),
    path("complaint/status/", views.public_status, name="public_status"),
    path("complaints/", views.complaints, name="complaints"),
    path("complaints/<int:pk>/", views.complaint_detail, name="complaint"),
    path("complaints/<int:pk>/files/<int:file_id>/", views.attachment, name="attachment"),
]
