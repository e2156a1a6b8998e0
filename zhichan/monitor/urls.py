from django.urls import path

from zhichan.monitor import views

app_name = "monitor"
urlpatterns = [
    path("", views.board_page, name="board"),
    path("board.<str:fmt>", views.board_data, name="board_data"),
    path("charts/<str:key>.<str:fmt>", views.chart_data, name="chart_data"),
    path("records/", views.records_page, name="records"),
    path("records/export.<str:fmt>", views.records_export, name="records_export"),
    path("plans/", views.plans_page, name="plans"),
    path("targets/<int:pk>/", views.target_page, name="target"),
    path("peers/", views.peers_page, name="peers"),
    path("values/import/", views.values_import, name="values_import"),
    path("rankings/", views.rankings_page, name="rankings"),
    path("reports/", views.reports_page, name="reports"),
    path("reports/<int:pk>/<str:name>", views.report_file, name="report_file"),
    path("rankings/bulletin.docx", views.bulletin_docx, name="bulletin"),
    path("peers/<int:pk>/", views.peers_page, name="peer"),
]
