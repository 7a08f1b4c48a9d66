"""Remedies: see the policies package docstring."""
