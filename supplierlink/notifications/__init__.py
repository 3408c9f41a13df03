"""Notifications in the app (the bell) and by e-mail, each kind switchable per user."""
