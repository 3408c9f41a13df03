"""Clusters: a territory and sectors managed by a programme operator, with the figures,
network, peer mentors, internationalisation, local content, demand and reports of its SMEs."""
