"""An SME shares its profile and evidence with a lead firm of its choice, or stops sharing.

Only the SME decides (``supplierlink.consent``); a lead firm cannot open an SME's evidence by
anything it does itself.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session

from supplierlink import consent, signals
from supplierlink.auth.models import User
from supplierlink.errors import ServiceError
from supplierlink.organisations.models import Organisation
from supplierlink.suppliers.models import ProfileShare


def _check(org: Organisation, user: User | None) -> None:
    if org.kind != "sme" or (user is not None and not consent.is_member(user, org.id)):
        raise consent.ConsentRefused({"": _l("Only an SME shares its own profile.")})


def share_profile(session: Session, org: Organisation, buyer: Organisation | None,
                  user: User | None) -> ProfileShare:
    _check(org, user)
    if buyer is None or buyer.kind != "lead_firm":
        raise ServiceError({"buyer_id": _l("Choose a lead firm.")})
    share = session.scalar(select(ProfileShare).where(ProfileShare.supplier_id == org.id,
                                                      ProfileShare.buyer_id == buyer.id))
    if share is None:
        share = ProfileShare(supplier_id=org.id, buyer_id=buyer.id,
                             shared_by_id=user.id if user else None)
        session.add(share)
        session.flush()
        signals.profile_shared.send(session, supplier_id=org.id, buyer_id=buyer.id, shared=True,
                                    user_id=user.id if user else None)
    return share


def stop_sharing(session: Session, org: Organisation, buyer_id: int, user: User | None) -> bool:
    _check(org, user)
    share = session.scalar(select(ProfileShare).where(ProfileShare.supplier_id == org.id,
                                                      ProfileShare.buyer_id == buyer_id))
    if share is None:
        return False
    session.delete(share)
    session.flush()
    signals.profile_shared.send(session, supplier_id=org.id, buyer_id=buyer_id, shared=False,
                                user_id=user.id if user else None)
    return True


def shares_of(session: Session, org: Organisation) -> list[tuple[ProfileShare, Organisation]]:
    return list(session.execute(
        select(ProfileShare, Organisation).join(Organisation,
                                                Organisation.id == ProfileShare.buyer_id)
        .where(ProfileShare.supplier_id == org.id).order_by(Organisation.legal_name)).all())
