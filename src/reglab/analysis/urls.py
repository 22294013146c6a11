from django.urls import path

from reglab.analysis import views
from reglab.core.cache import cached_by_data_version

app_name = "analysis"
urlpatterns = [
    path("", views.index, name="index"),
    path("region/", views.region_pick, name="region-pick"),
    path("region/<str:code>/", cached_by_data_version(views.region_profile), name="region"),
    path("region/<str:code>/dynamik/", views.region_dynamics_view, name="region-dynamics"),
    path("region/<str:code>/rapport/", views.region_report, name="region-report"),
    path("region/<str:code>/export.<str:fmt>", views.region_export, name="region-export"),
    path("jamfor/", views.compare, name="compare"),
    path("jamfor/export.<str:fmt>", views.compare_export, name="compare-export"),
    path("regionbildning/", views.region_formation, name="region-formation"),
    path("stad-och-land/", views.urban_rural, name="urban-rural"),
    path("karta/", cached_by_data_version(views.map_view), name="map"),
    path("karta/export.<str:fmt>", views.map_export, name="map-export"),
    path("matt/", views.catalogue, name="catalogue"),
    path("matt/export.<str:fmt>", views.catalogue_export, name="catalogue-export"),
    path("rangordning/", views.ranking_view, name="ranking"),
    path("rangordning/export.<str:fmt>", views.ranking_export, name="ranking-export"),
    path("region/<str:code>/serie/", views.region_series_view, name="region-series"),
    path("region/<str:code>/serie/export.<str:fmt>", views.region_series_export, name="region-series-export"),
    path("region/<str:code>/liknande/", views.region_similar, name="region-similar"),
    path("region/<str:code>/diagram/<str:chart>.svg", views.region_chart, name="region-chart"),
]
