"""The policies API: one router per feature, mounted under /api/v1/ by config/api.py."""

from ninja import Router

from hamdel.policies.calendars.api import router as calendars_router
from hamdel.policies.promises.api import router as promises_router
from hamdel.policies.remedies.api import router as remedies_router
from hamdel.policies.returns.api import router as returns_router
from hamdel.policies.sla.api import router as sla_router

router = Router()
router.add_router("/", calendars_router)
router.add_router("/", sla_router)
router.add_router("/", promises_router)
router.add_router("/", returns_router)
router.add_router("/", remedies_router)
