"""Cluster pages. The managing operator's members (manager) manage. Members of a lead firm
that accepted to sponsor the cluster (buyer) read its overview, network, exports, demand and
reports; pages that change something answer them 403. A lead firm invited but not yet
answering (other_buyer) sees nothing of the cluster (404) but may answer its invitation. An
SME sees only its own page and answers the mentoring pairs it is part of. Everybody else gets
404 for these objects; an administrator, who acts for no organisation, gets 403."""

from datetime import date

from supplierlink.clusters.mentors import propose_pair
from supplierlink.clusters.services import (
    ClusterData,
    answer_invitation,
    create_cluster,
    invite_sponsor,
)
from supplierlink.requirements.services import (
    RequirementData,
    change_status,
    create_requirement,
)
from supplierlink.suppliers.services import ProfileData, update_profile

LOGIN = 302
READERS = {"anonymous": LOGIN, "manager": 200, "buyer": 200, "admin": 403, "default": 404}
MANAGE = {"anonymous": LOGIN, "manager": 200, "buyer": 403, "admin": 403, "default": 404}
MANAGE_POST = {**MANAGE, "manager": 422}

EXPECTATIONS = {
    "clusters.index": ("GET", "/clusters/", {
        "anonymous": LOGIN, "manager": 200, "other_manager": 200, "buyer": 200,
        "other_buyer": 200, "default": 403}),
    "clusters.new": ("GET", "/clusters/new", {
        "anonymous": LOGIN, "manager": 200, "other_manager": 200, "default": 403}),
    "clusters.definitions": ("GET", "/clusters/definitions", {
        "anonymous": LOGIN, "admin": 403, "default": 200}),
    "clusters.show": ("GET", "/clusters/{cluster_id}", READERS),
    "clusters.export": ("GET", "/clusters/{cluster_id}/export/figures.xlsx", READERS),
    "clusters.network": ("GET", "/clusters/{cluster_id}/network", READERS),
    "clusters.network_data": ("GET", "/clusters/{cluster_id}/network.json", READERS),
    "clusters.international": ("GET", "/clusters/{cluster_id}/international", READERS),
    "clusters.demand": ("GET", "/clusters/{cluster_id}/demand", READERS),
    "clusters.report": ("GET", "/clusters/{cluster_id}/report", READERS),
    "clusters.report_pdf_view": ("GET", "/clusters/{cluster_id}/report.pdf", READERS),
    "clusters.draft": ("GET", "/clusters/{cluster_id}/demand/draft?key=standard:iso-9001",
                       MANAGE),
    "clusters.mentors": ("GET", "/clusters/{cluster_id}/mentors", MANAGE),
    "clusters.invite": ("POST", "/clusters/{cluster_id}/sponsors", MANAGE_POST),
    "clusters.propose": ("POST", "/clusters/{cluster_id}/pairs", MANAGE_POST),
    # an empty answer is refused (400) by the invited lead firm / the SME of the pair
    "clusters.answer": ("POST", "/clusters/invitations/{invitation_id}", {
        "anonymous": LOGIN, "other_buyer": 400, "buyer": 404, "invited_buyer": 404,
        "default": 403}),
    "clusters.answer_pair_view": ("POST", "/clusters/pairs/{pair_id}", {
        "anonymous": LOGIN, "sme": 400, "other_sme": 404, "default": 403}),
    "clusters.edit": ("GET", "/clusters/{cluster_id}/edit", MANAGE),
    # ending: the managing operator or the sponsor itself / either SME of the pair; an empty
    # post (no confirmation) is refused with 400 and changes nothing
    "clusters.end_sponsor": ("POST", "/clusters/{cluster_id}/sponsors/{sponsorship_id}/end", {
        "anonymous": LOGIN, "manager": 400, "buyer": 400, "other_manager": 404,
        "other_buyer": 404, "default": 403}),
    "clusters.end_pair_view": ("POST", "/clusters/pairs/{pair_id}/end", {
        "anonymous": LOGIN, "manager": 400, "sme": 400, "other_manager": 404,
        "other_sme": 404, "default": 403}),
    "clusters.mine": ("GET", "/clusters/mine", {
        "anonymous": LOGIN, "sme": 200, "other_sme": 200, "default": 403}),
}


# empty posts: the manager's form comes back with its messages
EXTRA = [
    ("clusters.new", "POST", "/clusters/new", {
        "anonymous": LOGIN, "manager": 422, "other_manager": 422, "default": 403}),
    ("clusters.draft", "POST", "/clusters/{cluster_id}/demand/draft?key=standard:iso-9001",
     MANAGE_POST),
    ("clusters.edit", "POST", "/clusters/{cluster_id}/edit", MANAGE_POST),
    # a sponsor cannot end another firm's sponsorship (or invitation) of the cluster
    ("clusters.end_sponsor", "POST", "/clusters/{cluster_id}/sponsors/{invitation_id}/end", {
        "anonymous": LOGIN, "manager": 400, "other_manager": 404, "buyer": 404,
        "other_buyer": 404, "default": 403}),
]


def arrange(world) -> dict:
    """A cluster of the manager sponsored by the buyer (accepted) with other_buyer invited;
    the SME and a peer are members (a capability in its sectors), the peer mentoring it."""
    session = world.session
    cluster = create_cluster(session, world.orgs["manager"], world.users["manager"],
                             ClusterData(name="Minería del Norte", country="CL",
                                         regions=["CL-AN"], sectors=["2010"]))
    accepted = invite_sponsor(session, cluster, world.orgs["buyer"], world.users["manager"])
    answer_invitation(session, accepted, world.orgs["buyer"], world.users["buyer"], True)
    pending = invite_sponsor(session, cluster, world.orgs["other_buyer"], world.users["manager"])
    peer = world.make_org("sme")
    for org in (world.orgs["sme"], peer):
        update_profile(session, org, ProfileData(category_codes=["20101501"], regions=["CL-AN"],
                                                 capabilities_text="Repuestos de chancadores"))
    pair = propose_pair(session, cluster, peer, world.orgs["sme"], "iso-9001",
                        world.users["manager"])
    requirement = create_requirement(session, world.orgs["buyer"], world.users["buyer"],
                                     RequirementData(title="Repuestos de chancadores",
                                                     category_codes=["20101501"],
                                                     must_standards=["iso-9001"],
                                                     regions=["CL-AN"]), today=date.today())
    change_status(session, requirement, "open")
    session.flush()
    return {"cluster_id": cluster.id, "invitation_id": pending.id, "pair_id": pair.id,
            "sponsorship_id": accepted.id}
