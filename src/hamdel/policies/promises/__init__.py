"""Promises: see the policies package docstring."""
