"""The search page, the lessons bank and a network's member organisations, through the web."""

from __future__ import annotations

import pytest
from django.urls import reverse

from reglab.accounts.models import Organisation, OrganisationKind
from reglab.programme.models import ActivityFormat
from reglab.programme.services.activities import activity_create
from reglab.programme.services.followup import lesson_add
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def network(users, orgs, programme):
    return activity_create(
        user=users["secretariat"],
        programme=programme,
        title="Nätverket för näringslivsutveckling",
        format=ActivityFormat.NETWORK,
        lead_organisations=[orgs["kronoberg"]],
        participating_organisations=[orgs["skane"]],
    )


def test_search_page_filters_proposals_and_escapes_the_query(client, users, proposals, orgs):
    client.force_login(users["viewer"])
    url = reverse("programme:search")
    html = client.get(url, {"q": "glesbygd", "organisation": orgs["skane"].pk}).content.decode()
    assert "Kompetensförsörjning i glesbygd" in html and "Besöksnäringens data" not in html
    assert "Inkommet" in html  # the proposal's state
    html = client.get(url, {"q": '<b>x</b>"'}).content.decode()
    assert "<b>x</b>" not in html and "0 träffar" in html


def test_anonymous_visitors_search_published_activities_and_are_sent_to_log_in_for_proposals(client, network):
    url = reverse("programme:search")
    response = client.get(url)
    assert (
        response.status_code == 200 and "Nätverket för näringslivsutveckling" not in response.content.decode()
    )
    assert client.get(url, {"typ": "forslag"}).status_code == 302


def test_lessons_bank_lists_lessons_with_their_activity_and_filters_by_format(client, users, network):
    lesson_add(user=users["secretariat"], activity=network, text="Goda exempel sprids när kommunerna är med.")
    client.force_login(users["member"])
    url = reverse("programme:lessons-bank")
    html = client.get(url, {"q": "goda exempel"}).content.decode()
    assert (
        "Goda exempel sprids när kommunerna är med." in html and "Nätverket för näringslivsutveckling" in html
    )
    html = client.get(url, {"format": ActivityFormat.WORKSHOP}).content.decode()
    assert "Goda exempel sprids" not in html and "Inga resultat eller lärdomar matchar." in html


def test_network_takes_kommuner_and_agencies_as_members_shown_on_its_page(client, users, orgs, network):
    lansstyrelsen = OrganisationFactory(
        name="Länsstyrelsen Västernorrland", slug="lst-y", kind=OrganisationKind.AGENCY, is_member=False
    )
    client.force_login(users["member3"])  # Region Kronoberg leads the network
    url = reverse("programme:network-member-add", args=[network.pk])
    client.post(url, {"name": "Sundsvalls kommun", "kind": OrganisationKind.MUNICIPALITY})
    client.post(url, {"organisation": lansstyrelsen.pk})
    kommun = Organisation.objects.get(name="Sundsvalls kommun")
    assert kommun.kind == OrganisationKind.MUNICIPALITY and not kommun.is_member
    assert set(network.participating_organisations.values_list("name", flat=True)) == {
        "Region Skåne",
        "Sundsvalls kommun",
        "Länsstyrelsen Västernorrland",
    }
    # The same name again finds the organisation instead of creating a second one, and is refused.
    response = client.post(
        url, {"name": "sundsvalls kommun", "kind": OrganisationKind.MUNICIPALITY}, follow=True
    )
    assert "Sundsvalls kommun är redan med i nätverket." in response.content.decode()
    assert Organisation.objects.filter(name__iexact="sundsvalls kommun").count() == 1
    response = client.post(url, {"name": "Okänd aktör"}, follow=True)
    assert "Välj vilken sorts organisation" in response.content.decode()
    html = client.get(network.get_absolute_url()).content.decode()
    members = html.split('id="network-heading"')[1].split("</section>")[0]
    for heading in ("Region", "Myndighet", "Kommun"):
        assert f"<h3>{heading}</h3>" in members
    assert "Sundsvalls kommun" in members and "Länsstyrelsen Västernorrland" in members
    client.post(reverse("programme:network-member-remove", args=[network.pk, kommun.pk]))
    assert not network.participating_organisations.filter(pk=kommun.pk).exists()


def test_only_networks_have_member_organisations(client, users, orgs, programme):
    workshop = activity_create(
        user=users["secretariat"], programme=programme, title="Workshop", format=ActivityFormat.WORKSHOP
    )
    client.force_login(users["secretariat"])
    assert 'id="network-heading"' not in client.get(workshop.get_absolute_url()).content.decode()
    response = client.post(
        reverse("programme:network-member-add", args=[workshop.pk]), {"organisation": orgs["skane"].pk}
    )
    assert response.status_code == 403
