"""The automation API: one router per feature, mounted under /api/v1/ by config/api.py."""

from ninja import Router

from hamdel.automation.rules.api import router as rules_router
from hamdel.automation.webhooks.api import router as webhooks_router

router = Router()
router.add_router("/", rules_router)
router.add_router("/", webhooks_router)
