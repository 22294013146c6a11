from django.urls import path

from reglab.plans import views

app_name = "plans"
urlpatterns = [
    path("", views.index, name="index"),
    path("ny/", views.plan_edit, name="plan-add"),
    path("natverk/", views.network, name="network"),
    path("<int:pk>/", views.plan_detail, name="plan-detail"),
    path("<int:pk>/andra/", views.plan_edit, name="plan-edit"),
    path("<int:pk>/mal/ny/", views.goal_add, name="goal-add"),
    path("mal/<int:goal_pk>/andra/", views.goal_edit, name="goal-edit"),
    path("mal/<int:goal_pk>/atgard/ny/", views.measure_add, name="measure-add"),
    path("mal/<int:goal_pk>/uppfoljning/ny/", views.follow_up_add, name="follow-up-add"),
    path("mal/<int:goal_pk>/uppfoljning/hamta/", views.follow_up_fetch, name="follow-up-fetch"),
]
