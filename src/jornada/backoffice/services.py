"""Back-office writes: each calls the owning app's service and logs the staff action in
the same transaction, so the log holds exactly the changes that happened."""

from __future__ import annotations

import io
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

from jornada.backoffice.models import StaffAction, StaffActionKind
from jornada.catalog.models import Variant
from jornada.core.errors import DomainError, NotFound, TransitionNotAllowed
from jornada.core.models import StoreProfile
from jornada.core.roles import Role
from jornada.core.store import store_profile_update
from jornada.inventory import selectors as inventory_selectors
from jornada.inventory import services as inventory_services
from jornada.notifications import selectors as notification_selectors
from jornada.notifications import services as notification_services
from jornada.orders import services as order_services
from jornada.orders.models import Order
from jornada.orders.types import Actor
from jornada.payments import refunds
from jornada.payments import selectors as payment_selectors
from jornada.validation import services as validation_services

LOGO_MAX_PIXELS = 512
LOGO_MAX_UPLOAD = 2 * 1024 * 1024


def user_label(user: Any) -> str:
    full = user.get_full_name() if hasattr(user, "get_full_name") else ""
    return full or user.get_username()


def staff_action_record(
    *,
    user: Any,
    kind: str,
    order: Order | None = None,
    params: dict[str, Any] | None = None,
    ip_address: str | None = None,
    label: str = "",
) -> StaffAction:
    """Append one row to the staff log (in the caller's transaction)."""
    known = user is not None and getattr(user, "is_authenticated", False)
    return StaffAction.objects.create(
        user=user if known else None,
        user_label=label or (user_label(user) if known else "?"),
        kind=StaffActionKind(kind),
        order_id=order.pk if order is not None else None,
        order_number=order.number if order is not None else "",
        params=params or {},
        ip_address=ip_address or None,
    )


def staff_actor(user: Any) -> Actor:
    return Actor.staff(user.pk, user_label(user))


def order_note_add(*, order: Order, user: Any, text: str, ip_address: str | None = None) -> Order:
    """Add a team note to the order's timeline, logged as the user's action."""
    with transaction.atomic():
        changed = order_services.order_add_note(
            order_id=order.pk, text=text, actor=staff_actor(user)
        )
        staff_action_record(
            user=user,
            kind=StaffActionKind.ORDER_NOTE_ADDED,
            order=changed,
            params={"text": text.strip()},
            ip_address=ip_address,
        )
    return changed


def order_cancel_by_staff(
    *, order: Order, user: Any, reason: str, ip_address: str | None = None
) -> Order:
    """Cancel the order with the reason (refused, unchanged, after dispatch)."""
    with transaction.atomic():
        previous = order.status
        changed = order_services.order_cancel(
            order_id=order.pk, actor=staff_actor(user), reason=reason
        )
        staff_action_record(
            user=user,
            kind=StaffActionKind.ORDER_CANCELLED,
            order=changed,
            params={"reason": reason.strip(), "from": previous},
            ip_address=ip_address,
        )
    return changed


class LogoInvalid(DomainError):
    code = "logo_invalid"
    status = 422


def logo_to_png(data: bytes) -> bytes:
    """Any common image as a PNG at most ``LOGO_MAX_PIXELS`` on its longer side."""
    if len(data) > LOGO_MAX_UPLOAD:
        raise LogoInvalid(_("The logo must be at most 2 MB."), fields={"logo": [_("Too large.")]})
    try:
        with Image.open(io.BytesIO(data)) as image:
            image.load()
            converted = image.convert("RGBA")
    except (UnidentifiedImageError, OSError, ValueError) as error:
        raise LogoInvalid(
            _("The logo must be an image (PNG, JPEG, GIF or WebP)."),
            fields={"logo": [_("Not an image.")]},
        ) from error
    converted.thumbnail((LOGO_MAX_PIXELS, LOGO_MAX_PIXELS))
    out = io.BytesIO()
    converted.save(out, format="PNG", optimize=True)
    return out.getvalue()


def store_profile_save(
    *,
    user: Any,
    fields: dict[str, Any],
    logo: bytes | None = None,
    remove_logo: bool = False,
    ip_address: str | None = None,
) -> StoreProfile:
    """Save the store profile; ``logo`` (any image) is stored as PNG."""
    values = dict(fields)
    if logo is not None:
        values["logo_png"] = logo_to_png(logo)
    elif remove_logo:
        values["logo_png"] = b""
    with transaction.atomic():
        try:
            profile = store_profile_update(**values)
        except ValidationError as error:
            raise DomainError(
                _("The store profile has invalid fields."),
                code="store_profile_invalid",
                fields={k: [str(m) for m in v] for k, v in error.message_dict.items()},
            ) from error
        changed = sorted(k for k in values if k != "logo_png")
        staff_action_record(
            user=user,
            kind=StaffActionKind.STORE_PROFILE_UPDATED,
            params={
                "fields": changed,
                "logo": "replaced" if logo else "removed" if remove_logo else "",
            },
            ip_address=ip_address,
        )
    return profile


def _role_groups() -> dict[str, Group]:
    return {group.name: group for group in Group.objects.filter(name__in=Role.values)}


def staff_roles_set(
    *, user: Any, member_id: int, roles: set[str], ip_address: str | None = None
) -> Any:
    """Give a staff member exactly ``roles``. Owners cannot take the owner role from
    themselves, so a store never locks itself out."""
    unknown = roles - set(Role.values)
    if unknown:
        raise DomainError(_("Unknown role."), fields={"roles": [_("Unknown role.")]})
    member = get_user_model().objects.filter(pk=member_id).first()
    if member is None:
        raise NotFound(_("Staff member not found."))
    if member.pk == user.pk and Role.OWNER not in roles and not member.is_superuser:
        raise DomainError(
            _("You cannot remove your own owner role."), fields={"roles": [_("Keep owner.")]}
        )
    groups = _role_groups()
    with transaction.atomic():
        before = sorted(g.name for g in member.groups.filter(name__in=Role.values))
        keep = [g for g in member.groups.all() if g.name not in Role.values]
        member.groups.set([*keep, *(groups[r] for r in sorted(roles) if r in groups)])
        if not member.is_staff:
            member.is_staff = bool(roles)
            member.save(update_fields=["is_staff"])
        staff_action_record(
            user=user,
            kind=StaffActionKind.STAFF_ROLES_CHANGED,
            params={"member": member.get_username(), "before": before, "after": sorted(roles)},
            ip_address=ip_address,
        )
    return member


def staff_invite(
    *,
    user: Any,
    username: str,
    email: str,
    name: str,
    roles: set[str],
    ip_address: str | None = None,
) -> Any:
    """Create a staff account without a password, with ``roles``; the caller sends the
    set-your-password email (the password-reset link)."""
    user_model = get_user_model()
    username = username.strip()
    email = email.strip().lower()
    errors: dict[str, list[str | Promise]] = {}
    if not username:
        errors["username"] = [_("Required.")]
    elif user_model.objects.filter(username__iexact=username).exists():
        errors["username"] = [_("This user name is taken.")]
    if not email:
        errors["email"] = [_("Required.")]
    if not roles:
        errors["roles"] = [_("Choose at least one role.")]
    elif roles - set(Role.values):
        errors["roles"] = [_("Unknown role.")]
    if errors:
        raise DomainError(_("The staff member has invalid fields."), fields=errors)
    first, _sep, last = name.strip().partition(" ")
    groups = _role_groups()
    with transaction.atomic():
        member = user_model(username=username, email=email, first_name=first, last_name=last)
        member.is_staff = True
        member.set_unusable_password()
        member.save()
        member.groups.set([groups[r] for r in sorted(roles) if r in groups])
        staff_action_record(
            user=user,
            kind=StaffActionKind.STAFF_INVITED,
            params={"member": username, "email": email, "roles": sorted(roles)},
            ip_address=ip_address,
        )
    return member


def order_hold_approve_by_staff(
    *, order: Order, user: Any, note: str = "", ip_address: str | None = None
) -> None:
    """Clear a held order through validation (refused, unchanged, when not held)."""
    with transaction.atomic():
        validation_services.order_hold_approve(
            order_id=order.pk, actor=staff_actor(user), note=note
        )
        staff_action_record(
            user=user,
            kind=StaffActionKind.ORDER_HOLD_APPROVED,
            order=order,
            params={"note": note.strip()},
            ip_address=ip_address,
        )


def order_hold_reject_by_staff(
    *, order: Order, user: Any, reason: str, ip_address: str | None = None
) -> None:
    """Refuse a held order through validation: it is cancelled with the reason."""
    with transaction.atomic():
        validation_services.order_hold_reject(
            order_id=order.pk, actor=staff_actor(user), reason=reason
        )
        staff_action_record(
            user=user,
            kind=StaffActionKind.ORDER_HOLD_REJECTED,
            order=order,
            params={"reason": reason.strip()},
            ip_address=ip_address,
        )


def payment_refund_by_staff(
    *,
    order: Order,
    payment_id: int,
    user: Any,
    amount: str | None,
    reason: str,
    ip_address: str | None = None,
) -> Any:
    """Refund (part of) one of the order's payments through payments; finance's request is
    approved and issued at once by the payments app."""
    if not payment_selectors.payments_of_order(order_id=order.pk).filter(pk=payment_id).exists():
        raise NotFound(_("Payment not found."), code="payment_not_found")
    with transaction.atomic():
        refund = refunds.refund_request(
            payment_id=payment_id,
            amount=amount or None,
            reason=reason,
            user=user,
            label=user_label(user),
        )
        staff_action_record(
            user=user,
            kind=StaffActionKind.REFUND_REQUESTED,
            order=order,
            params={
                "payment": payment_id,
                "amount": str(refund.amount),
                "reason": reason.strip(),
                "status": refund.status,
            },
            ip_address=ip_address,
        )
    return refund


def message_resend_by_staff(
    *, order: Order, message_id: int, user: Any, ip_address: str | None = None
) -> None:
    """Send a failed message of the order again, through notifications."""
    found = any(
        m.pk == message_id for m in notification_selectors.order_messages(order_id=order.pk)
    )
    if not found:
        raise NotFound(_("Message not found."), code="message_not_found")
    with transaction.atomic():
        if not notification_services.message_retry(message_id=message_id):
            raise TransitionNotAllowed(
                _("Only a failed message can be sent again."),
                fields={"status": [_("Not allowed from the current status.")]},
            )
        staff_action_record(
            user=user,
            kind=StaffActionKind.MESSAGE_RESENT,
            order=order,
            params={"message": message_id},
            ip_address=ip_address,
        )


def stock_adjust_by_staff(
    *,
    location_code: str,
    sku: str,
    delta: int,
    reason: str,
    user: Any,
    ip_address: str | None = None,
) -> Any:
    """Correct a count through inventory (found, lost, damaged), logged as the user's action."""
    location = inventory_selectors.location_get(location_code)
    if location is None:
        raise DomainError(_("Choose a location."), fields={"location": [_("Unknown location.")]})
    sku = sku.strip().upper()
    if not Variant.objects.filter(sku=sku).exists():
        raise DomainError(_("Unknown SKU."), fields={"sku": [_("Unknown SKU.")]})
    with transaction.atomic():
        level = inventory_services.stock_adjust(
            location=location,
            sku=sku,
            delta=delta,
            reason=reason,
            actor=inventory_services.StockActor(label=user_label(user), user_id=user.pk),
        )
        staff_action_record(
            user=user,
            kind=StaffActionKind.STOCK_ADJUSTED,
            params={
                "location": location.code,
                "sku": sku,
                "delta": delta,
                "reason": reason.strip(),
            },
            ip_address=ip_address,
        )
    return level
