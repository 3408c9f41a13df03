"""Supplier directory: open to everyone; an SME that does not publish itself is seen only by
itself, buyers, programme managers and administrators. Its listing (what the public directory
shows of it) is chosen by its owners: the page acts on the signed-in SME only."""

LOGIN = 302
SME_OWNERS = {"anonymous": LOGIN, "sme": 200, "other_sme": 200, "offered_sme": 200,
              "default": 403}

EXPECTATIONS = {
    "directory.index": ("GET", "/directory/?q=correas", {"default": 200}),
    "directory.supplier": ("GET", "/directory/{unpublished_sme_id}",
                           {"anonymous": 404, "other_sme": 404, "verifier": 404,
                            "default": 200}),
    "directory.listing": ("GET", "/directory/listing", SME_OWNERS),
}

EXTRA = [
    # an empty post is a valid choice (nothing shown): saved, back to the page
    ("directory.listing", "POST", "/directory/listing",
     {**SME_OWNERS, "sme": 302, "other_sme": 302, "offered_sme": 302}),
]


def arrange(world) -> dict:
    return {"unpublished_sme_id": world.orgs["sme"].id}
