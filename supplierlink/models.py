"""Imports every model module so the metadata is complete (for Alembic and the tests)."""

from supplierlink.api.models import ApiToken  # noqa: F401,E402
from supplierlink.audit.models import AuditEvent  # noqa: F401
from supplierlink.auth.models import AccountToken, Membership, User, UserSession  # noqa: F401
from supplierlink.catalogue.models import (  # noqa: F401
    Category,
    Standard,
    StandardAlias,
    StandardRelation,
)
from supplierlink.clusters.models import (  # noqa: F401
    AwardRecord,
    Cluster,
    ClusterSnapshot,
    ClusterSponsor,
    MentoringPair,
)
from supplierlink.db import Base  # noqa: F401
from supplierlink.directory.models import SupplierSearch  # noqa: F401
from supplierlink.imports.models import (  # noqa: F401,E402
    DuplicateCandidate,
    ImportedAward,
    OrgIdentifier,
)
from supplierlink.jobs_models import JobRun  # noqa: F401,E402
from supplierlink.matches.models import EngineChange, MatchResult, RankingModel  # noqa: F401
from supplierlink.messages.models import ApplicationMessage, ApplicationRead  # noqa: F401
from supplierlink.notifications.models import Notification, NotificationPreference  # noqa: F401
from supplierlink.organisations.models import Organisation  # noqa: F401
from supplierlink.programmes.models import (  # noqa: F401
    Cohort,
    Enrolment,
    EnrolmentEvent,
    KpiObservation,
    Milestone,
    PlanItem,
    Programme,
    ProgrammeSponsor,
)
from supplierlink.requirements.models import (  # noqa: F401
    Application,
    BuyerFeedback,
    Requirement,
    RequirementCategory,
    RequirementRegion,
    RequirementStandard,
)
from supplierlink.suppliers.models import (  # noqa: F401
    Capability,
    Certification,
    CertificationStatusChange,
    ExportRecord,
    ProfileShare,
    ServiceRegion,
    SupplierProfile,
)
