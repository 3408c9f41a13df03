"""SupplierLink matching engine: plain dataclasses in, ranked and explained results out.

No web framework or database here: the application turns its rows into these objects, calls
the engine and stores the results.
"""

from .duplicates import CompanyRecord, DuplicatePair, find_duplicates, normalise_company_name
from .engine import MatchingEngine
from .standards import (
    Resolution,
    StandardEntry,
    StandardRelation,
    StandardsCatalogue,
    default_catalogue,
)
from .types import (
    CATEGORY_DEPTHS,
    CERTIFICATION_STATUSES,
    CRITERIA,
    ENGINE_VERSION,
    AwardRecord,
    CertificationClaim,
    ExportRecord,
    Gap,
    LinkedCode,
    MatchResult,
    RankResult,
    Requirement,
    SupplierProfile,
)

__all__ = [
    "CATEGORY_DEPTHS",
    "CERTIFICATION_STATUSES",
    "CRITERIA",
    "ENGINE_VERSION",
    "AwardRecord",
    "CertificationClaim",
    "CompanyRecord",
    "DuplicatePair",
    "ExportRecord",
    "Gap",
    "LinkedCode",
    "MatchResult",
    "MatchingEngine",
    "RankResult",
    "Requirement",
    "Resolution",
    "StandardEntry",
    "StandardRelation",
    "StandardsCatalogue",
    "SupplierProfile",
    "default_catalogue",
    "find_duplicates",
    "normalise_company_name",
]
