"""The demo scaled up for load tests: bulk-inserted SMEs and requirements look like those the
services make, and every open requirement is ranked."""

from __future__ import annotations

from sqlalchemy import func, select

from supplierlink.demo_scale import scale_demo
from supplierlink.matches.models import MatchResult
from supplierlink.matches.profiles import load_profiles
from supplierlink.organisations.models import Organisation
from supplierlink.requirements.models import Requirement
from supplierlink.suppliers.models import (
    Capability,
    Certification,
    CertificationStatusChange,
    SupplierProfile,
)


def _count(session, model, *where):
    return session.scalar(select(func.count()).select_from(model).where(*where))


def test_scale_adds_smes_and_requirements_and_ranks_them(app, session, make_org,
                                                         reference_data):
    make_org("lead_firm", region="CL-AN")
    make_org("lead_firm", country="PE", region="PE-ARE", tax_id="20100047218")
    make_org("sme")
    with app.app_context():
        report = scale_demo(session, smes=60, requirements=8)
        assert (report.smes_added, report.requirements_added, report.ranked) == (59, 8, 8)
        smes = session.scalars(select(Organisation.id).where(Organisation.kind == "sme")).all()
        assert len(smes) == 60
        assert _count(session, SupplierProfile) == 59
        assert _count(session, Capability) >= 59
        verified = _count(session, Certification, Certification.status == "verified")
        assert _count(session, CertificationStatusChange,
                      CertificationStatusChange.status == "verified") == verified > 0
        assert len(load_profiles(session)) == 60  # the engine reads them like any others
        open_ids = session.scalars(select(Requirement.id).where(
            Requirement.status == "open")).all()
        assert len(open_ids) == 8
        ranked = set(session.scalars(select(MatchResult.requirement_id).distinct()))
        assert ranked == set(open_ids)
        # run again: already at scale, nothing is added
        again = scale_demo(session, smes=60, requirements=8)
        assert (again.smes_added, again.requirements_added) == (0, 0)
