"""The store's own profile (name, contacts, policies), read everywhere, edited by staff."""

from __future__ import annotations

from django.utils import timezone

from jornada.core.models import StoreProfile

DEFAULT_RETURN_POLICY = (
    "Você pode devolver ou trocar qualquer produto em até 7 dias corridos após o recebimento, "
    "sem custo, conforme o Código de Defesa do Consumidor. O produto deve voltar sem sinais "
    "de uso, com etiquetas e na embalagem original."
)
DEFAULT_REFUND_POLICY = (
    "O reembolso é feito pelo mesmo meio de pagamento em até 10 dias úteis após recebermos o "
    "produto: Pix e boleto por transferência; cartão de crédito por estorno na fatura."
)
DEFAULT_THANK_YOU = "Obrigado por comprar com a gente! Esperamos que você goste."


def store_profile() -> StoreProfile:
    """The profile row, created with sensible pt-BR defaults the first time it is read."""
    profile, _ = StoreProfile.objects.get_or_create(
        pk=1,
        defaults={
            "return_policy": DEFAULT_RETURN_POLICY,
            "refund_policy": DEFAULT_REFUND_POLICY,
            "thank_you_note": DEFAULT_THANK_YOU,
        },
    )
    return profile


def store_profile_update(**fields: object) -> StoreProfile:
    """Change the profile's fields (staff settings page); unknown names are refused."""
    profile = store_profile()
    allowed = {f.name for f in StoreProfile._meta.concrete_fields} - {"id", "updated_at"}
    unknown = set(fields) - allowed
    if unknown:
        raise ValueError(f"unknown store profile fields: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(profile, name, value)
    profile.updated_at = timezone.now()
    profile.full_clean()
    profile.save()
    return profile
