from django.urls import path

from reglab.operations import views

app_name = "operations"
urlpatterns = [
    path("", views.status, name="status"),
    path("kor/<slug:what>/", views.run_now, name="run-now"),
    path("schema/<int:pk>/", views.schedule_edit, name="schedule-edit"),
]
