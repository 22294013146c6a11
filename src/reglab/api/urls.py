from django.http import JsonResponse
from django.urls import path

from reglab.api.api import api


def index(request):
    """/api/ itself answers with the OpenAPI document, so the entry point describes the whole API."""
    return JsonResponse(api.get_openapi_schema(path_prefix="/api/"))


urlpatterns = [path("", index, name="api-index"), path("", api.urls)]
