"""Catalogue search (JSON suggestions for forms): any signed-in user."""

SIGNED_IN = {"anonymous": 302, "default": 200}
EXPECTATIONS = {
    "catalogue.categories": ("GET", "/catalogue/categories?q=2010", SIGNED_IN),
    "catalogue.standards": ("GET", "/catalogue/standards?q=iso+9001", SIGNED_IN),
}
