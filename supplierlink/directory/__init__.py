"""The supplier directory: full-text search with filters and facets, and supplier profiles."""
