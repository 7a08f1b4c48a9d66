"""The playbook API (mounted under /api/v1/)."""

from ninja import Router

router = Router(tags=["coach"])
