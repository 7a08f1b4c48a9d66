"""Sla: see the policies package docstring."""
