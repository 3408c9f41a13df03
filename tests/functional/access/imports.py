"""Imports: administrators only."""

from supplierlink.jobs_models import JobRun

LOGIN = 302
ADMIN_ONLY = {"anonymous": LOGIN, "admin": 200, "default": 403}
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
