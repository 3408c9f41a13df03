"""What the API reads and writes (marshmallow schemas; the OpenAPI document is built from them)."""

from __future__ import annotations

from datetime import UTC

import marshmallow as ma
from marshmallow import fields as f
from marshmallow import validate as v

from supplierlink.api.core import PageArgs, page_schema
from supplierlink.requirements.models import APPLICATION_STATUSES, REQUIREMENT_STATUSES

ORG_KINDS = ("lead_firm", "sme", "programme_operator")


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
