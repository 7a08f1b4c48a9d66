"""Customers in the Django admin: to look at only.

Every change goes through the actions in `customers.services` (permission, address normalising, the
"belongs to another customer" check, merge hooks), from the customer pages or the API. An admin form that
saved the model directly would skip all of that. Merging stays, as an admin action that calls the action.
"""

from django.contrib import admin, messages
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _

from hamdel.core.admin_readonly import ReadOnly
from hamdel.core.errors import ApplicationError
from hamdel.customers.models import ChannelIdentity, Customer, CustomerNote, Order, OrderItem, Organisation
from hamdel.customers.services import customer_merge


class IdentityInline(ReadOnly, admin.TabularInline):
    model = ChannelIdentity
    extra = 0


class NoteInline(ReadOnly, admin.TabularInline):
    model = CustomerNote
    extra = 0


@admin.register(Customer)
class CustomerAdmin(ReadOnly, admin.ModelAdmin):
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
        try:
            with transaction.atomic():  # all the selected records become one, or none is merged
                for source in sources:
                    customer_merge(source=source, target=target, actor=request.user)
        except ApplicationError as exc:
            self.message_user(request, exc.message, messages.ERROR)
            return
        self.message_user(
            request, _("%(n)s customers merged into %(name)s.") % {"n": len(sources), "name": target}
        )


@admin.register(ChannelIdentity)
class ChannelIdentityAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ("kind", "address", "customer")
    list_filter = ("kind",)
    search_fields = ("address",)


class ReadOnlyAdmin(ReadOnly, admin.ModelAdmin):
    pass


admin.site.register(Organisation, ReadOnlyAdmin)
admin.site.register(CustomerNote, ReadOnlyAdmin)
admin.site.register(OrderItem, ReadOnlyAdmin)


class OrderItemInline(ReadOnly, admin.TabularInline):
    model = OrderItem
    extra = 0


@admin.register(Order)
class OrderAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ("number", "customer", "channel", "ordered_at", "delivered_at", "total")
    list_filter = ("channel",)
    search_fields = ("number",)
    inlines = [OrderItemInline]
