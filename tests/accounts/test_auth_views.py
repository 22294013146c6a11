import pytest
from django.core import mail

from reglab.accounts.models import Organisation, OrganisationKind, Role
from reglab.accounts.predicates import acts_for, is_member, is_secretariat, is_viewer
from reglab.accounts.services import user_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def org():
    return Organisation.objects.create(name="Region Test", slug="region-test", kind=OrganisationKind.REGION)


def test_login_and_logout(client, org):
    user_create(username="anna", password="S3kret-lösen!", organisation=org, email="anna@example.org")
    page = client.get("/konto/logga-in/")
    assert page.status_code == 200 and 'name="csrfmiddlewaretoken"' in page.content.decode()
    response = client.post("/konto/logga-in/", {"username": "anna", "password": "S3kret-lösen!"})
    assert response.status_code == 302
    assert "anna" in client.get("/").content.decode()
    client.post("/konto/logga-ut/")
    assert "Logga in" in client.get("/").content.decode()


def test_wrong_password_is_refused(client, org):
    user_create(username="anna", password="S3kret-lösen!", organisation=org)
    response = client.post("/konto/logga-in/", {"username": "anna", "password": "fel"})
    assert response.status_code == 200 and response.wsgi_request.user.is_anonymous


def test_password_reset_sends_a_working_link(client, org, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    user_create(username="anna", password="S3kret-lösen!", organisation=org, email="anna@example.org")
    client.post("/konto/losenord/aterstall/", {"email": "anna@example.org"})
    assert len(mail.outbox) == 1
    link = next(line for line in mail.outbox[0].body.splitlines() if "/konto/losenord/aterstall/" in line)
    path = link.split("testserver", 1)[1].strip()
    form = client.get(path, follow=True)
    assert form.status_code == 200 and "new_password1" in form.content.decode()
    done = client.post(
        form.redirect_chain[-1][0], {"new_password1": "Nytt-l0senord!", "new_password2": "Nytt-l0senord!"}
    )
    assert done.status_code == 302
    assert client.login(username="anna", password="Nytt-l0senord!")


def test_roles_and_predicates(org):
    other = Organisation.objects.create(
        name="Region Annan", slug="region-annan", kind=OrganisationKind.REGION
    )
    member = user_create(username="m", password="x-Pass-123", organisation=org, role=Role.MEMBER)
    viewer = user_create(username="v", password="x-Pass-123", organisation=org, role=Role.VIEWER)
    secretariat = user_create(username="s", password="x-Pass-123", organisation=other, role=Role.SECRETARIAT)
    assert (
        is_member(member)
        and not is_secretariat(member)
        and acts_for(member, org)
        and not acts_for(member, other)
    )
    assert is_viewer(viewer) and not is_member(viewer) and not acts_for(viewer, org)
    assert is_secretariat(secretariat) and secretariat.is_staff


def test_admin_requires_staff(client, org):
    assert client.get("/admin/").status_code == 302
    user_create(username="s", password="x-Pass-123", organisation=org, role=Role.SECRETARIAT)
    client.login(username="s", password="x-Pass-123")
    page = client.get("/admin/")
    assert page.status_code == 200 and "/admin/accounts/organisation/" in page.content.decode()
