import pytest


@pytest.fixture(scope="module")
def loaded_geography(django_db_setup, django_db_blocker):
    """Geography loaded once per module (with geometries), removed afterwards."""
    from reglab.geography.models import Region
    from reglab.geography.services import geography_load

    with django_db_blocker.unblock():
        counts = geography_load()
        yield counts
        Region.objects.filter(kind="group").delete()
        Region.objects.filter(kind="kommun").delete()
        Region.objects.exclude(kind="riket").delete()
        Region.objects.all().delete()
