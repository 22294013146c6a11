from django.urls import path

from reglab.statistics import views

app_name = "statistics"
urlpatterns = [
    path("", views.dataset_list, name="dataset-list"),
    path("<int:pk>/", views.dataset_detail, name="dataset-detail"),
    path("<int:pk>/export.csv", views.dataset_export_csv, name="dataset-export"),
]
