"""Surveys, responses, ideas and listening posts (issue 5)."""
