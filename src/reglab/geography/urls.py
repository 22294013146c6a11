from django.urls import path

from reglab.geography import views

app_name = "geography"
urlpatterns = [
    path("", views.region_list, name="region-list"),
    path("grupper/ny/", views.region_group_add, name="group-add"),
    path("<str:code>/", views.region_detail, name="region-detail"),
]
