"""Onboarding: the steps that make a new SME matchable, with a completeness meter."""
