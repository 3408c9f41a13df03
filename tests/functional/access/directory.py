"""Supplier directory: open to everyone; an SME that does not publish itself is seen only by
itself, buyers, programme managers and administrators."""

EXPECTATIONS = {
    "directory.index": ("GET", "/directory/?q=correas", {"default": 200}),
    "directory.supplier": ("GET", "/directory/{unpublished_sme_id}",
                           {"anonymous": 404, "other_sme": 404, "verifier": 404,
                            "default": 200}),
}


def arrange(world) -> dict:
    return {"unpublished_sme_id": world.orgs["sme"].id}
