"""Login lock-out (django-axes) and the password-reset limit, through the real login and reset forms."""

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import call_command

from reglab.accounts.models import Organisation, OrganisationKind, Role
from reglab.accounts.services import user_create

pytestmark = pytest.mark.django_db

PASSWORD = "S3kret-lösen!"


@pytest.fixture
def org():
    return Organisation.objects.create(name="Region Test", slug="region-test", kind=OrganisationKind.REGION)


@pytest.fixture
def anna(org):
    return user_create(username="anna", password=PASSWORD, organisation=org, email="anna@example.org")


def _login(client, password):
    return client.post("/konto/logga-in/", {"username": "anna", "password": password})


def _fail_until_locked(client, settings):
    responses = [_login(client, f"fel-{i}") for i in range(settings.AXES_FAILURE_LIMIT)]
    assert all(r.wsgi_request.user.is_anonymous for r in responses)
    return responses


def test_ten_wrong_passwords_lock_the_account_even_for_the_right_one(client, anna, settings):
    assert settings.AXES_FAILURE_LIMIT == 10
    responses = _fail_until_locked(client, settings)
    # The first nine are ordinary wrong-password answers; the tenth locks.
    assert all(r.status_code == 200 for r in responses[:9])
    assert responses[-1].status_code == 429
    right = _login(client, PASSWORD)
    assert right.status_code == 429 and right.wsgi_request.user.is_anonymous
    page = right.content.decode()
    assert "Kontot är låst efter 10 misslyckade inloggningar" in page
    assert f"Vänta {settings.REGLAB_LOGIN_LOCKOUT_MINUTES} minuter" in page
    assert "sekretariat" in page
    assert 'name="username"' in page  # still the login page, with its form
    # Another account is not affected.
    user_create(username="bertil", password=PASSWORD, organisation=anna.memberships.first().organisation)
    other = client.post("/konto/logga-in/", {"username": "bertil", "password": PASSWORD})
    assert other.status_code == 302


def test_the_lock_message_shows_the_configured_contact(client, anna, settings):
    settings.REGLAB_SECRETARIAT_CONTACT = "sekretariatet@reglab.example"
    _fail_until_locked(client, settings)
    assert "sekretariatet@reglab.example" in _login(client, PASSWORD).content.decode()


def test_nine_failures_then_the_right_password_logs_in(client, anna, settings):
    for i in range(settings.AXES_FAILURE_LIMIT - 1):
        _login(client, f"fel-{i}")
    assert _login(client, PASSWORD).status_code == 302


def test_secretariat_lifts_the_lock_from_a_page(client, anna, org, settings):
    _fail_until_locked(client, settings)
    secretariat = user_create(username="sekr", password=PASSWORD, organisation=org, role=Role.SECRETARIAT)
    assert not secretariat.is_superuser
    staff = client.__class__()
    staff.force_login(secretariat)
    page = staff.get("/konto/lasta-konton/")
    assert page.status_code == 200 and "anna" in page.content.decode()
    lifted = staff.post("/konto/lasta-konton/", {"username": "anna"}, follow=True)
    assert "Kontot anna är upplåst." in lifted.content.decode()
    assert [r["username"] for r in staff.get("/konto/lasta-konton/").context["locked"]] == []
    assert _login(client, PASSWORD).status_code == 302


def test_members_cannot_see_or_lift_locks(client, anna, org, settings):
    _fail_until_locked(client, settings)
    member = user_create(username="m", password=PASSWORD, organisation=org, role=Role.MEMBER)
    other = client.__class__()
    other.force_login(member)
    assert other.get("/konto/lasta-konton/").status_code == 403
    assert other.post("/konto/lasta-konton/", {"username": "anna"}).status_code == 403
    assert _login(client, PASSWORD).status_code == 429
    assert client.get("/konto/lasta-konton/").status_code == 302  # anonymous: to the login page


def test_lifting_an_unknown_name_says_so(client, org):
    secretariat = user_create(username="sekr", password=PASSWORD, organisation=org, role=Role.SECRETARIAT)
    client.force_login(secretariat)
    answer = client.post("/konto/lasta-konton/", {"username": "ingen"}, follow=True)
    assert "Inget låst konto med användarnamnet ingen." in answer.content.decode()


def test_reset_command_lifts_the_lock(client, anna, settings, capsys):
    _fail_until_locked(client, settings)
    call_command("axes_reset_username", "anna")
    assert _login(client, PASSWORD).status_code == 302


def test_admin_login_is_locked_too(client, anna, settings):
    user = get_user_model().objects.get(username="anna")
    user.is_staff = True
    user.save()
    _fail_until_locked(client, settings)
    answer = client.post("/admin/login/", {"username": "anna", "password": PASSWORD})
    assert answer.status_code == 429 and answer.wsgi_request.user.is_anonymous


def test_password_reset_mails_are_limited_per_address(client, anna, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    limit = settings.REGLAB_RESET_LIMIT_PER_ADDRESS
    answers = [client.post("/konto/losenord/aterstall/", {"email": "anna@example.org"}) for _ in range(30)]
    assert len(mail.outbox) == limit
    assert all(a.status_code == 302 for a in answers[:limit])
    refused = answers[limit]
    assert refused.status_code == 429
    assert "För många begäranden om nytt lösenord" in refused.content.decode()


def test_password_reset_is_limited_per_ip_whatever_the_address(client, anna, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.REGLAB_RESET_LIMIT_PER_IP = 4
    codes = [
        client.post("/konto/losenord/aterstall/", {"email": f"x{i}@example.org"}).status_code
        for i in range(6)
    ]
    assert codes == [302, 302, 302, 302, 429, 429]
    # A refused request sends nothing, also for a real account.
    assert client.post("/konto/losenord/aterstall/", {"email": "anna@example.org"}).status_code == 429
    assert len(mail.outbox) == 0
