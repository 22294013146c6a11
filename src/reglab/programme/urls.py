from django.urls import path

from reglab.programme import urls_programme, views

app_name = "programme"
urlpatterns = [
    path("", views.index, name="index"),
    path("rundor/<int:pk>/", views.round_detail, name="round-detail"),
    path("rundor/<int:round_pk>/nytt-forslag/", views.proposal_create, name="proposal-create"),
    path("rundor/<int:round_pk>/import/", views.import_upload, name="import-upload"),
    path("rundor/<int:round_pk>/import/<str:token>/", views.import_review, name="import-review"),
    path("rundor/<int:pk>/overlapp/", views.round_overlaps, name="round-overlaps"),
    path("rundor/<int:pk>/kluster/", views.round_clusters, name="round-clusters"),
    path("rundor/<int:pk>/sammanfor/", views.proposals_merge, name="proposals-merge"),
    path("forslag/<int:pk>/", views.proposal_detail, name="proposal-detail"),
    path("forslag/<int:pk>/andra/", views.proposal_edit, name="proposal-edit"),
    path("forslag/<int:pk>/dela-upp/", views.proposal_unmerge, name="proposal-unmerge"),
    *urls_programme.urlpatterns,  # part 2: prioritisation, programme, meetings, follow-up
]
