from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _

from hamdel.customers.models import ChannelIdentity, Customer, CustomerNote, Order, Organisation
from hamdel.customers.services import customer_merge


class IdentityInline(admin.TabularInline):
    model = ChannelIdentity
    extra = 0


class NoteInline(admin.TabularInline):
    model = CustomerNote
    extra = 0


@admin.register(Customer)
class CustomerAdmin(admin.ModelAdmin):
    list_display = ("name", "organisation", "created_at", "merged_into")
    search_fields = ("name", "identities__address")
    inlines = [IdentityInline, NoteInline]
    actions = ["merge_into_oldest"]

    @admin.action(description=_("Merge the selected customers into the oldest one"))
    def merge_into_oldest(self, request: HttpRequest, queryset: QuerySet[Customer]) -> None:
        """Two records of one person become one; every conversation, note and identity moves along."""
        customers = list(queryset.filter(merged_into__isnull=True).order_by("created_at", "pk"))
        if len(customers) < 2:
            self.message_user(request, _("Select at least two customers."), messages.WARNING)
            return
        target, *sources = customers
        for source in sources:
            customer_merge(source=source, target=target, actor=request.user)
        self.message_user(
            request, _("%(n)s customers merged into %(name)s.") % {"n": len(sources), "name": target}
        )


@admin.register(ChannelIdentity)
class ChannelIdentityAdmin(admin.ModelAdmin):
    list_display = ("kind", "address", "customer")
    list_filter = ("kind",)
    search_fields = ("address",)


admin.site.register(Organisation)
admin.site.register(CustomerNote)
admin.site.register(Order)
