from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path

from reglab.operations import views as operations_views

urlpatterns: list[URLPattern | URLResolver] = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("konto/", include("reglab.accounts.urls")),
    path("geografi/", include("reglab.geography.urls")),
    path("statistik/", include("reglab.statistics.urls")),
    path("indikatorer/", include("reglab.indicators.urls")),
    path("analys/matchning/", include("reglab.analysis.matching_urls")),
    path("analys/", include("reglab.analysis.urls")),
    path("program/", include("reglab.programme.urls")),
    path("handlingsplaner/", include("reglab.plans.urls")),
    path("meddelanden/", include("reglab.notifications.urls")),
    path("api/", include("reglab.api.urls")),
    path("drift/", include("reglab.operations.urls")),
    path("healthz", operations_views.healthz, name="healthz"),
    path("", include("reglab.core.urls")),
]

# Uploaded files (MEDIA_ROOT) are not served publicly, in debug or production: each is served by a view
# of its app that checks the permission of the object it belongs to (programme/uploads.py).
