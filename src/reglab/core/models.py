"""Abstract bases shared by the apps (no tables of their own)."""

from django.conf import settings
from django.db import models


class TimeStampedModel(models.Model):
    """When a row was created and last changed, and by whom (kept when the user is deleted)."""

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        abstract = True
