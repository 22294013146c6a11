from django.urls import path

from reglab.statistics import views

app_name = "statistics"
urlpatterns = [
    path("", views.dataset_list, name="dataset-list"),
    path("<int:pk>/", views.dataset_detail, name="dataset-detail"),
    path("<int:pk>/export.csv", views.dataset_export_csv, name="dataset-export"),
    path("uppdatera/hamta/", views.update_sync, name="update-sync"),
    path("uppdatera/ladda-upp/", views.update_upload, name="update-upload"),
    path("uppdatera/<int:pk>/", views.update_detail, name="update-detail"),
    path("uppdatera/<int:pk>/status.json", views.update_status, name="update-status"),
]
