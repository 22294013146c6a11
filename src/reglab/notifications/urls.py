from django.urls import path

from reglab.notifications import views

app_name = "notifications"
urlpatterns = [
    path("", views.notification_list, name="list"),
    path("<int:pk>/oppna/", views.notification_open, name="open"),
    path("installningar/", views.notification_settings, name="settings"),
]
