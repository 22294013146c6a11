from django.urls import path

from reglab.indicators import views

app_name = "indicators"
urlpatterns = [
    path("", views.brp_index, name="index"),
    path("brp/", views.brp_region, name="brp_official"),
    path("brp/korning/<int:run_id>/", views.brp_region, name="brp_run"),
    path("brp/korning/<int:run_id>/jamforelse/", views.brp_compare, name="brp_compare"),
    path("brp/korning/<int:run_id>/tema/", views.brp_theme, name="brp_theme"),
]
