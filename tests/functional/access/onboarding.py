"""Onboarding: SMEs only, each for its own profile."""

from tests.functional.access.suppliers import LOGIN, SME_ONLY

SME_POST = {"anonymous": LOGIN, "default": 403}
EXPECTATIONS = {
    "onboarding.index": ("GET", "/supplier/onboarding/?q=EPP", SME_ONLY),
    "onboarding.categories": ("POST", "/supplier/onboarding/categories",
                              {**SME_POST, "sme": 422, "other_sme": 422}),
    "onboarding.remove_category": ("POST", "/supplier/onboarding/categories/remove",
                                   {**SME_POST, "sme": 302, "other_sme": 302}),
    "onboarding.regions": ("POST", "/supplier/onboarding/regions",
                           {**SME_POST, "sme": 422, "other_sme": 422}),
    "onboarding.capacity": ("POST", "/supplier/onboarding/capacity",
                            {**SME_POST, "sme": 302, "other_sme": 302}),
}
