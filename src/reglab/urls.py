from django.conf import settings
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
    path("analys/", include("reglab.analysis.urls")),
    path("program/", include("reglab.programme.urls")),
    path("handlingsplaner/", include("reglab.plans.urls")),
    path("api/", include("reglab.api.urls")),
    path("drift/", include("reglab.operations.urls")),
    path("healthz", operations_views.healthz, name="healthz"),
    path("", include("reglab.core.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
