"""Returns: see the policies package docstring."""
