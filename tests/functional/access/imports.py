"""Imports: administrators only."""

from supplierlink.jobs_models import JobRun

LOGIN = 302
# verifiers check certificates; imports and duplicates are the administrators' alone
ADMIN_ONLY = {"anonymous": LOGIN, "admin": 200, "verifier": 403, "default": 403}
EXPECTATIONS = {
    "imports.ocds": ("GET", "/admin/imports/ocds", ADMIN_ONLY),
    "imports.run": ("GET", "/admin/imports/runs/{import_run_id}", ADMIN_ONLY),
    "imports.progress": ("GET", "/admin/imports/runs/{import_run_id}/progress", ADMIN_ONLY),
}


def arrange(world):
    run = JobRun(kind="ocds_import", label="file.json", status="done")
    world.session.add(run)
    world.session.flush()
    return {"import_run_id": run.id}

EXPECTATIONS.update({
    "sheets.upload": ("GET", "/admin/imports/sheets/", ADMIN_ONLY),
    "sheets.template": ("GET", "/admin/imports/sheets/template/suppliers-es.csv", ADMIN_ONLY),
    # an upload that is not there: 404 for the administrator, refused before for the others
    "sheets.review": ("GET", "/admin/imports/sheets/suppliers-" + "0" * 32 + ".csv",
                      {**ADMIN_ONLY, "admin": 404}),
})


def _pair(world):
    from supplierlink.imports.models import DuplicateCandidate

    pair = DuplicateCandidate(first_id=world.orgs["sme"].id, second_id=world.orgs["other_sme"].id,
                              score=0.8)
    world.session.add(pair)
    world.session.flush()
    return pair.id


_arrange_runs = arrange


def arrange(world):  # noqa: F811  (both arrangements)
    return {**_arrange_runs(world), "dup_pair_id": _pair(world),
            "decided_pair_id": _decided(world)}


def _decided(world):
    from supplierlink.imports.models import DuplicateCandidate

    pair = DuplicateCandidate(first_id=world.orgs["buyer"].id,
                              second_id=world.orgs["other_buyer"].id, score=0.75,
                              status="distinct")
    world.session.add(pair)
    world.session.flush()
    return pair.id


EXPECTATIONS.update({
    "duplicates.index": ("GET", "/admin/duplicates/", ADMIN_ONLY),
    "duplicates.show": ("GET", "/admin/duplicates/{dup_pair_id}", ADMIN_ONLY),
    # a decided pair: "not the same" again is a conflict; undo of a pair never merged too
    "duplicates.distinct": ("POST", "/admin/duplicates/{decided_pair_id}/distinct",
                            {**ADMIN_ONLY, "admin": 409}),
    "duplicates.undo": ("POST", "/admin/duplicates/{decided_pair_id}/undo",
                        {**ADMIN_ONLY, "admin": 409}),
})

# empty posts: the administrator's form comes back with its messages (an upload that is not
# there is 404); nobody else reaches them
EXTRA = [
    ("imports.ocds", "POST", "/admin/imports/ocds", {**ADMIN_ONLY, "admin": 422}),
    ("sheets.upload", "POST", "/admin/imports/sheets/", {**ADMIN_ONLY, "admin": 422}),
    ("sheets.review", "POST", "/admin/imports/sheets/suppliers-" + "0" * 32 + ".csv",
     {**ADMIN_ONLY, "admin": 404}),
    ("duplicates.show", "POST", "/admin/duplicates/{dup_pair_id}", {**ADMIN_ONLY, "admin": 422}),
]
