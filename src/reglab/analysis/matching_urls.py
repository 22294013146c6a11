from django.urls import path

from reglab.analysis import matching_views as views

app_name = "matching"
urlpatterns = [
    path("", views.index, name="index"),
    path("karta/", views.map_view, name="map"),
    path("<str:code>/", views.region, name="region"),
    path("<str:code>/hamta/", views.teaching, name="teaching"),
]
