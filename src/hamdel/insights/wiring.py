"""Everything the insights app plugs into, called once from InsightsConfig.ready()."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _


def connect() -> None:
    from hamdel.core.permissions import Perm
    from hamdel.core.slots import NavItem, nav_register
    from hamdel.insights.pages import page_register

    nav_register(
        NavItem(
            key="insights",
            label=_("Insights"),
            url_name="insights:overview",
            order=35,
            perm=Perm.REPORTS_VIEW,
            current=("insights", "problems"),
        )
    )
    page_register("overview", _("Overview"), "insights:overview", order=10)
    page_register("teams", _("Teams and agents"), "insights:teams", order=20)
    page_register("channels", _("Channels"), "insights:channels", order=30)
    page_register("surveys", _("Surveys"), "insights:surveys", order=40)
