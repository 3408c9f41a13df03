"""Application threads: only the SME that applied and the buyer that posted the requirement."""

from tests.functional.access.suppliers import LOGIN

EXPECTATIONS = {
    "messages.buyer_thread": ("GET", "/requirements/{open_req_id}/applications/{application_id}",
                              {"anonymous": LOGIN, "buyer": 200, "other_buyer": 404,
                               "default": 403}),
    "messages.buyer_reply": ("POST",
                             "/requirements/{open_req_id}/applications/{application_id}/reply",
                             {"anonymous": LOGIN, "buyer": 422, "other_buyer": 404,
                              "default": 403}),
    "messages.supplier_thread": ("GET", "/supplier/applications/{application_id}",
                                 {"anonymous": LOGIN, "sme": 200, "other_sme": 404,
                                  "default": 403}),
    "messages.supplier_reply": ("POST", "/supplier/applications/{application_id}/reply",
                                {"anonymous": LOGIN, "sme": 422, "other_sme": 404,
                                 "default": 403}),
}
