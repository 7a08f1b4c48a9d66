from django.contrib import admin

from hamdel.customers.models import ChannelIdentity, Customer, CustomerNote, Order, Organisation


class IdentityInline(admin.TabularInline):
    model = ChannelIdentity
    extra = 0


class NoteInline(admin.TabularInline):
    model = CustomerNote
    extra = 0


@admin.register(Customer)
class CustomerAdmin(admin.ModelAdmin):
    list_display = ("name", "organisation", "created_at")
    search_fields = ("name", "identities__address")
    inlines = [IdentityInline, NoteInline]


@admin.register(ChannelIdentity)
class ChannelIdentityAdmin(admin.ModelAdmin):
    list_display = ("kind", "address", "customer")
    list_filter = ("kind",)
    search_fields = ("address",)


admin.site.register(Organisation)
admin.site.register(CustomerNote)
admin.site.register(Order)
