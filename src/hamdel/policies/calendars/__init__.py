"""Calendars: see the policies package docstring."""
