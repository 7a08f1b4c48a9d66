"""The coach API: one router per feature, mounted under /api/v1/ by config/api.py."""

from ninja import Router

from hamdel.coach.playbook.api import router as playbook_router
from hamdel.coach.review.api import router as review_router
from hamdel.coach.shield.api import router as shield_router

router = Router()
router.add_router("/", review_router)
router.add_router("/", playbook_router)
router.add_router("/", shield_router)
