from django.urls import path

from reglab.programme import urls_programme, views

app_name = "programme"
urlpatterns = [
    path("", views.index, name="index"),
    *urls_programme.urlpatterns,  # part 2: prioritisation, programme, meetings, follow-up
]
