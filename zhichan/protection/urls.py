from django.urls import path

from zhichan.protection import case_views, handoff_views, views

app_name = "protection"
urlpatterns = [
    path("complaint/", views.public_new, name="public_new"),
    path("complaint/status/", views.public_status, name="public_status"),
    path("complaints/", views.complaints, name="complaints"),
    path("complaints/<int:pk>/", views.complaint_detail, name="complaint"),
    path("complaints/<int:pk>/files/<int:file_id>/", views.attachment, name="attachment"),
    path("complaints/<int:pk>/case/", case_views.case_from_complaint, name="complaint_case"),
    path("cases/", case_views.case_list, name="cases"),
    path("cases/<int:pk>/", case_views.case_detail, name="case"),
    path("cases/<int:pk>/files/<int:version_id>/", case_views.case_file, name="case_file"),
    path("handoffs/", handoff_views.handoffs, name="handoffs"),
    path("handoffs/<int:pk>/", handoff_views.handoff_detail, name="handoff"),
    path("cycle/", case_views.cycle, name="cycle"),
    path("white-paper/", case_views.white_paper, name="white_paper"),
    path("limits/", case_views.limits, name="limits"),
    path("stations/", case_views.stations, name="stations"),
    path("stations/<int:pk>/", case_views.station_detail, name="station"),
    path("warnings/", case_views.warnings, name="warnings"),
    path("warnings/<int:pk>/", case_views.warning_detail, name="warning"),
    path("disclosures/", case_views.disclosures, name="disclosures"),
    path("disclosures/<int:pk>/", case_views.disclosure_detail, name="disclosure"),
    path("public/warnings/", case_views.public_warnings, name="public_warnings"),
    path("public/stations/", case_views.public_stations, name="public_stations"),
]
