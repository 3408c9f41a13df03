"""What the API reads and writes (marshmallow schemas; the OpenAPI document is built from them)."""

from __future__ import annotations

from datetime import UTC

import marshmallow as ma
from marshmallow import fields as f
from marshmallow import validate as v

from supplierlink.api.core import PageArgs, page_schema
from supplierlink.geo import COUNTRIES
from supplierlink.organisations.forms import SALES_BANDS as FORM_SALES_BANDS
from supplierlink.requirements.models import (
    APPLICATION_STATUSES,
    CATEGORY_DEPTHS,
    REQUIREMENT_STATUSES,
)

ENROLMENT_STATUSES = ("offered", "requested", "active", "declined", "left")
ID = v.Range(1, 2**31 - 1)

ORG_KINDS = ("lead_firm", "sme", "programme_operator")
SALES_BANDS = tuple(choice.value for choice in FORM_SALES_BANDS if choice.value)


class UtcDateTime(f.DateTime):
    """A moment in RFC 3339 with its offset (SQLite hands back naive UTC values)."""

    def _serialize(self, value, attr, obj, **kwargs):
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return super()._serialize(value, attr, obj, **kwargs)


class Input(ma.Schema):
    """A request body: text with a NUL character is refused (no database stores it)."""

    @ma.validates_schema
    def _no_nul(self, data, **_):
        def bad(value):
            if isinstance(value, str):
                return "\x00" in value
            if isinstance(value, list):
                return any(bad(v) for v in value)
            return False

        fields = [key for key, value in data.items() if bad(value)]
        if fields:
            raise ma.ValidationError({key: ["Text may not contain NUL characters."]
                                      for key in fields})


class OrganisationSchema(ma.Schema):
    id = f.Integer(required=True)
    kind = f.String(required=True, validate=v.OneOf(ORG_KINDS))
    legal_name = f.String(required=True)
    trade_name = f.String(allow_none=True)
    display_name = f.String(required=True)
    tax_country = f.String(required=True)
    tax_id = f.String(required=True)
    country = f.String(required=True)
    region = f.String(allow_none=True)
    town = f.String(allow_none=True)
    employees = f.Integer(allow_none=True)
    size_class = f.String(allow_none=True)
    website = f.String(allow_none=True)
    published = f.Boolean(required=True)


class OrganisationFilter(PageArgs):
    kind = f.String(validate=v.OneOf(ORG_KINDS))


class CapabilitySchema(ma.Schema):
    code = f.String(required=True)
    note = f.String(required=True)


class SupplierProfileSchema(ma.Schema):
    organisation = f.Nested(OrganisationSchema, required=True)
    capabilities_text = f.String(required=True)
    capacity = f.Float(allow_none=True)
    capacity_unit = f.String(allow_none=True)
    capabilities = f.List(f.Nested(CapabilitySchema), required=True)
    regions = f.List(f.String(), required=True)
    employees = f.Integer(allow_none=True)
    version = f.Integer(required=True, metadata={
        "description": "Send it back with a change: a save made on an older version is "
                       "refused (409)."})


class CertificationSchema(ma.Schema):
    id = f.Integer(required=True)
    organisation_id = f.Integer(required=True)
    standard = f.String(required=True)
    standard_key = f.String(required=True)
    body = f.String(allow_none=True)
    number = f.String(allow_none=True)
    scope = f.String(required=True)
    issued_on = f.Date(allow_none=True)
    expires_on = f.Date(allow_none=True)
    status = f.String(required=True)
    has_evidence = f.Boolean(required=True)


class RequirementSchema(ma.Schema):
    id = f.Integer(required=True)
    organisation_id = f.Integer(required=True)
    title = f.String(required=True)
    description = f.String(required=True)
    status = f.String(required=True, validate=v.OneOf(REQUIREMENT_STATUSES))
    categories = f.List(f.String(), required=True)
    must_standards = f.List(f.String(), required=True)
    preferred_standards = f.List(f.String(), required=True)
    min_capacity = f.Float(allow_none=True)
    capacity_unit = f.String(allow_none=True)
    category_depth = f.String(required=True)
    regions = f.List(f.String(), required=True)
    need_date = f.Date(allow_none=True)
    delivery_site = f.String(allow_none=True)
    version = f.Integer(required=True)


class RequirementFilter(PageArgs):
    status = f.String(validate=v.OneOf(REQUIREMENT_STATUSES))


class RequirementInput(Input):
    organisation_id = f.Integer(load_default=None, metadata={
        "description": "The lead firm posting it (when the user belongs to several)."})
    title = f.String(required=True, validate=v.Length(min=1, max=200))
    description = f.String(load_default="", validate=v.Length(max=20000))
    categories = f.List(f.String(validate=v.Length(min=1, max=40)), required=True,
                        validate=v.Length(min=1, max=50))
    must_standards = f.List(f.String(validate=v.Length(max=80)), load_default=list,
                            validate=v.Length(max=50))
    preferred_standards = f.List(f.String(validate=v.Length(max=80)), load_default=list,
                                 validate=v.Length(max=50))
    min_capacity = f.Float(load_default=None, allow_none=True, allow_nan=False,
                           validate=v.Range(0, 1e12))
    capacity_unit = f.String(load_default=None, allow_none=True, validate=v.Length(max=40),
                             metadata={"description": "The unit of min_capacity (needed with "
                                                      "it), e.g. t_month."})
    category_depth = f.String(load_default="code", validate=v.OneOf(CATEGORY_DEPTHS))
    regions = f.List(f.String(validate=v.Length(max=6)), load_default=list,
                     validate=v.Length(max=100))
    need_date = f.Date(load_default=None, allow_none=True)
    delivery_site = f.String(load_default=None, allow_none=True, validate=v.Length(max=120))
    publish = f.Boolean(load_default=False)


class GapSchema(ma.Schema):
    kind = f.String(required=True)
    blocking = f.Boolean(required=True)
    text = f.String(required=True)
    remedy = f.String(allow_none=True)
    effort_days = f.Float(allow_none=True)


class CriterionSchema(ma.Schema):
    key = f.String(required=True)
    label = f.String(required=True)
    value = f.Float(required=True)


class BadgeSchema(ma.Schema):
    standard = f.String(required=True)
    status = f.String(required=True)
    verified = f.Boolean(required=True)
    expires_on = f.Date(allow_none=True)


class CandidateSchema(ma.Schema):
    supplier_id = f.Integer(required=True)
    supplier_name = f.String(required=True)
    rank = f.Integer(required=True)
    score = f.Integer(required=True, metadata={"description": "0 to 100"})
    qualified = f.Boolean(required=True)
    criteria = f.List(f.Nested(CriterionSchema), required=True)
    reasons = f.List(f.String(), required=True)
    gaps = f.List(f.Nested(GapSchema), required=True)
    certificates = f.List(f.Nested(BadgeSchema), required=True)
    application_status = f.String(allow_none=True)


class CandidatesSchema(ma.Schema):
    requirement_id = f.Integer(required=True)
    ranked_at = UtcDateTime(allow_none=True)
    candidates = f.List(f.Nested(CandidateSchema), required=True)
    near_misses = f.List(f.Nested(CandidateSchema), required=True)


class ApplicationSchema(ma.Schema):
    id = f.Integer(required=True)
    requirement_id = f.Integer(required=True)
    supplier_id = f.Integer(required=True)
    status = f.String(required=True, validate=v.OneOf(APPLICATION_STATUSES))
    message = f.String(required=True)
    created_at = UtcDateTime(required=True)


class ApplicationFilter(PageArgs):
    status = f.String(validate=v.OneOf(APPLICATION_STATUSES))
    requirement_id = f.Integer(validate=v.Range(1, 2**31 - 1))


class ApplicationInput(Input):
    requirement_id = f.Integer(required=True, validate=v.Range(1, 2**31 - 1))
    message = f.String(required=True, validate=v.Length(min=1, max=4000))
    organisation_id = f.Integer(load_default=None, validate=v.Range(1, 2**31 - 1))


class ProgrammeSchema(ma.Schema):
    id = f.Integer(required=True)
    operator_id = f.Integer(required=True)
    name = f.String(required=True)
    description = f.String(required=True)
    target_count = f.Integer(required=True)
    target_stage_key = f.String(required=True)
    start_date = f.Date(required=True)
    end_date = f.Date(required=True)
    sponsor_ids = f.List(f.Integer(), required=True)


class EnrolmentSchema(ma.Schema):
    id = f.Integer(required=True)
    programme_id = f.Integer(required=True)
    supplier_id = f.Integer(required=True)
    supplier_name = f.String(required=True)
    status = f.String(required=True, validate=v.OneOf(ENROLMENT_STATUSES))
    stage_key = f.String(required=True)
    stage_entered_on = f.Date(required=True)
    enrolled_on = f.Date(required=True)


class MilestoneSchema(ma.Schema):
    id = f.Integer(required=True)
    enrolment_id = f.Integer(required=True)
    stage_key = f.String(required=True)
    title = f.String(required=True)
    due_on = f.Date(required=True)
    achieved_on = f.Date(allow_none=True)
    evidence_note = f.String(allow_none=True)
    version = f.Integer(required=True, metadata={
        "description": "Send it back when logging the milestone: an older version is "
                       "refused (409)."})


class KpiSchema(ma.Schema):
    id = f.Integer(required=True)
    supplier_id = f.Integer(required=True)
    metric = f.String(required=True)
    value = f.Float(required=True)
    observed_on = f.Date(required=True)
    is_baseline = f.Boolean(required=True)


class MeSchema(ma.Schema):
    id = f.Integer(required=True)
    email = f.String(required=True)
    name = f.String(required=True)
    is_admin = f.Boolean(required=True)
    scope = f.String(required=True)
    organisations = f.List(f.Nested(OrganisationSchema), required=True)


OrganisationPage = page_schema(OrganisationSchema, "OrganisationPage")
CertificationPage = page_schema(CertificationSchema, "CertificationPage")
RequirementPage = page_schema(RequirementSchema, "RequirementPage")
ApplicationPage = page_schema(ApplicationSchema, "ApplicationPage")
ProgrammePage = page_schema(ProgrammeSchema, "ProgrammePage")
EnrolmentPage = page_schema(EnrolmentSchema, "EnrolmentPage")
MilestonePage = page_schema(MilestoneSchema, "MilestonePage")
KpiPage = page_schema(KpiSchema, "KpiPage")


# ----------------------------------------------------------------------------- writes
# A PATCH body names only the fields that change; the others keep their stored values.

class Base64Pdf(f.String):
    """A PDF sent inside the JSON body, base64-encoded (the pages upload the same file)."""

    def __init__(self, **kwargs):
        metadata = kwargs.setdefault("metadata", {})
        metadata["format"] = "byte"  # base64
        metadata.setdefault("description", "The certificate or evidence as a PDF (at most "
                                            "10 MB), base64-encoded.")
        super().__init__(validate=v.Length(max=14_000_000), **kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        import base64
        import binascii

        text = super()._deserialize(value, attr, data, **kwargs)
        try:
            return base64.b64decode(text.encode("ascii"), validate=True)
        except (ValueError, binascii.Error, UnicodeEncodeError):
            raise ma.ValidationError("Not base64.") from None


def _text(max_length: int, **kwargs):
    return f.String(validate=v.Length(max=max_length), **kwargs)


class OrganisationPatch(Input):
    legal_name = f.String(validate=v.Length(min=1, max=200))
    trade_name = _text(200, allow_none=True)
    country = f.String(validate=v.OneOf(COUNTRIES))  # the form's list
    tax_id = f.String(validate=v.Length(min=1, max=32))
    region = _text(6, allow_none=True)
    town = _text(120, allow_none=True)
    employees = f.Integer(allow_none=True, validate=v.Range(0, 10_000_000))
    sales_band = f.String(allow_none=True, validate=v.OneOf(SALES_BANDS))
    description = _text(4000)
    website = f.Url(allow_none=True, validate=v.Length(max=200))
    published = f.Boolean()


class ProfilePatch(Input):
    version = f.Integer(required=True, validate=v.Range(0, 2**31 - 1), metadata={
        "description": "The profile's version you read (0 when none was saved yet)."})
    capabilities_text = _text(4000)
    capacity = f.Float(allow_none=True, allow_nan=False, validate=v.Range(0, 1e12))
    capacity_unit = _text(40, allow_none=True)
    categories = f.List(f.String(validate=v.Length(min=1, max=40)), validate=v.Length(max=200))
    regions = f.List(f.String(validate=v.Length(min=1, max=6)), validate=v.Length(max=100))
    employees = f.Integer(allow_none=True, validate=v.Range(0, 10_000_000))


class CertificateFields(Input):
    body = _text(200, allow_none=True)
    number = _text(100, allow_none=True)
    scope = _text(2000)
    issued_on = f.Date(allow_none=True)
    expires_on = f.Date(allow_none=True)
    evidence_name = _text(200, load_default="evidence.pdf", metadata={
        "description": "The PDF's file name, as shown to those who may open it."})


class CertificationInput(CertificateFields):
    standard = f.String(required=True, validate=v.Length(min=1, max=200), metadata={
        "description": "The standard's name as typed on the page (e.g. ISO 9001): resolved "
                       "through the standards catalogue."})
    evidence_pdf = Base64Pdf(required=True)


class CertificationRenewal(CertificateFields):
    evidence_pdf = Base64Pdf(required=True)


class CertificationPatch(CertificateFields):
    evidence_pdf = Base64Pdf(metadata={"description": "A new PDF, if it changes."})


class ReasonArgs(ma.Schema):
    reason = f.String(load_default="", validate=v.Length(max=2000))


class RequirementPatch(Input):
    version = f.Integer(required=True, validate=ID, metadata={
        "description": "The requirement's version you read."})
    title = f.String(validate=v.Length(min=1, max=200))
    description = _text(20000)
    categories = f.List(f.String(validate=v.Length(min=1, max=40)),
                        validate=v.Length(min=1, max=50))
    must_standards = f.List(f.String(validate=v.Length(max=80)), validate=v.Length(max=50))
    preferred_standards = f.List(f.String(validate=v.Length(max=80)), validate=v.Length(max=50))
    min_capacity = f.Float(allow_none=True, allow_nan=False, validate=v.Range(0, 1e12))
    capacity_unit = _text(40, allow_none=True)
    category_depth = f.String(validate=v.OneOf(CATEGORY_DEPTHS))
    regions = f.List(f.String(validate=v.Length(max=6)), validate=v.Length(max=100))
    need_date = f.Date(allow_none=True)
    delivery_site = _text(120, allow_none=True)


class RequirementStatusInput(Input):
    status = f.String(required=True, validate=v.OneOf(("open", "closed", "awarded")))
    version = f.Integer(required=True, validate=ID)
    confirm = f.Boolean(load_default=False, metadata={
        "description": "Closing asks for confirmation, as on the page: send true."})


class CandidateActionInput(Input):
    action = f.String(required=True, validate=v.OneOf(("shortlist", "invite", "reject",
                                                       "award")))
    reason = _text(2000, load_default="", metadata={
        "description": "Sent to the supplier; required to reject."})
    override_reason = _text(2000, load_default=None, allow_none=True, metadata={
        "description": "Why a supplier that does not meet every requirement is awarded "
                       "(recorded); required to award a near miss."})
    confirm = f.Boolean(load_default=False, metadata={
        "description": "Awarding asks for confirmation, as on the page: send true."})


class ProgrammeInput(Input):
    name = f.String(required=True, validate=v.Length(min=1, max=200))
    description = _text(4000, load_default="")
    target_count = f.Integer(required=True, validate=v.Range(1, 1_000_000))
    target_kind = f.String(load_default="stage", validate=v.OneOf(("stage", "standard")))
    target_stage = _text(80, load_default="certified", metadata={
        "description": "The stage of the ladder the target counts (its key or name)."})
    target_standard_key = _text(80, load_default=None, allow_none=True)
    start_date = f.Date(required=True)
    end_date = f.Date(required=True)
    stage_names = f.List(f.String(validate=v.Length(min=1, max=80)), load_default=list,
                         validate=v.Length(max=20), metadata={
                             "description": "The programme's own ladder (empty: the default)."})
    sponsor_ids = f.List(f.Integer(validate=ID), load_default=list, validate=v.Length(max=50),
                         metadata={"description": "Lead firms invited to sponsor it."})


class ProgrammePatch(Input):
    name = f.String(validate=v.Length(min=1, max=200))
    description = _text(4000)
    target_count = f.Integer(validate=v.Range(1, 1_000_000))
    start_date = f.Date()
    end_date = f.Date()


class OfferInput(Input):
    supplier_id = f.Integer(required=True, validate=ID)
    requirement_id = f.Integer(required=True, validate=ID, metadata={
        "description": "The published requirement whose gaps draft the development plan."})
    cohort_id = f.Integer(load_default=None, allow_none=True, validate=ID)
    organisation_id = f.Integer(load_default=None, allow_none=True, validate=ID, metadata={
        "description": "The operator or sponsoring lead firm making the offer (when the user "
                       "belongs to several)."})


class EnrolmentPatch(Input):
    status = f.String(required=True, validate=v.OneOf(("active", "declined", "left")),
                      metadata={"description": "active accepts an offer, declined declines "
                                               "it, left leaves the programme."})
    reason = _text(2000, load_default=None, allow_none=True)


class MilestonePatch(Input):
    version = f.Integer(required=True, validate=ID)
    achieved_on = f.Date(required=True)
    note = _text(4000, load_default=None, allow_none=True)
    evidence_pdf = Base64Pdf(load_default=None)
    evidence_name = _text(200, load_default="evidence.pdf")


class KpiInput(Input):
    observed_on = f.Date(required=True)
    is_baseline = f.Boolean(load_default=False)
    values = f.Dict(keys=f.String(validate=v.Length(max=40)),
                    values=f.Float(allow_none=True, allow_nan=False), required=True,
                    validate=v.Length(max=20), metadata={
                        "description": "Indicator -> value, e.g. {\"sales\": 120000}."})


KpiList = ma.Schema.from_dict({"items": f.List(f.Nested(KpiSchema))}, name="KpiList")
