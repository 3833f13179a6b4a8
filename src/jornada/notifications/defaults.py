"""The store's own wording, ready out of the box, for every stage message.

Pure data: one entry per message key with, per language, the email subject, the email
text (the HTML version is made from it) and the short text WhatsApp, SMS and the call
script use. Staff edit the copies kept in ``MessageTemplate`` rows; these are what a new
install starts with, and what renders when a row was deleted.

Templates use Django's template language over the context described in
docs/notifications.md ("Template context").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

LANGUAGES = ("pt-br", "es", "en")
CHANNELS = ("email", "whatsapp", "sms", "phone")

# "2 times Camiseta" with the multiplication sign, which reads better than an "x"
_TIMES = "\u00d7"
_ITEM_LINE = (
    "{% for item in order.items %}• {{ item.quantity }} "
    + _TIMES
    + " {{ item.name }} — {{ item.total }}\n{% endfor %}"
)
_ITEMS = {"pt-br": _ITEM_LINE, "es": _ITEM_LINE, "en": _ITEM_LINE}

_SIGN = {
    "pt-br": "Qualquer dúvida, é só responder esta mensagem.\n{{ store.name }}",
    "es": "Si tienes cualquier duda, responde a este mensaje.\n{{ store.name }}",
    "en": "Any questions? Just reply to this message.\n{{ store.name }}",
}


@dataclass(frozen=True, slots=True)
class Wording:
    subject: str
    text: str
    short: str


@dataclass(frozen=True, slots=True)
class StageMessage:
    key: str
    purpose: str
    #: context values filling the approved WhatsApp template's {{1}}, {{2}}, ...
    whatsapp_params: tuple[str, ...]
    wording: dict[str, Wording]


def _w(subject: str, text: str, short: str) -> Wording:
    return Wording(subject, text.strip(), short.strip())


STAGE_MESSAGES: dict[str, StageMessage] = {}


def _add(
    key: str, params: tuple[str, ...], purpose: str = "transactional", **wording: Wording
) -> None:
    STAGE_MESSAGES[key] = StageMessage(
        key=key,
        purpose=purpose,
        whatsapp_params=params,
        wording={lang.replace("_", "-"): w for lang, w in wording.items()},
    )


_add(
    "staff_new_order",
    ("order.number", "customer.name", "order.total"),
    pt_br=_w(
        "Novo pedido {{ order.number }} — {{ customer.name }} — {{ order.total }}",
        f"""
Chegou um novo pedido na {{{{ store.name }}}}.

Pedido: {{{{ order.number }}}} ({{{{ order.channel }}}})
Cliente: {{{{ customer.name }}}} — {{{{ order.document }}}}
E-mail: {{{{ order.email }}}} · Telefone: {{{{ order.phone }}}}
Pagamento: {{{{ order.payment_method }}}}{{% if order.instalments > 1 %}} em {{{{ order.instalments }}}}x{{% endif %}}
Total: {{{{ order.total }}}}
{{% if order.gift_wrap %}}Embrulho para presente: {{{{ order.gift_message|default:"sim" }}}}
{{% endif %}}
Itens:
{_ITEMS["pt-br"]}
Entrega: {{{{ order.recipient }}}} — {{{{ order.address }}}}
""",
        "Novo pedido {{ order.number }}: {{ customer.name }}, {{ order.total }} ({{ order.payment_method }}).",
    ),
    es=_w(
        "Nuevo pedido {{ order.number }} — {{ customer.name }} — {{ order.total }}",
        f"""
Llegó un nuevo pedido a {{{{ store.name }}}}.

Pedido: {{{{ order.number }}}} ({{{{ order.channel }}}})
Cliente: {{{{ customer.name }}}} — {{{{ order.document }}}}
Correo: {{{{ order.email }}}} · Teléfono: {{{{ order.phone }}}}
Pago: {{{{ order.payment_method }}}}{{% if order.instalments > 1 %}} en {{{{ order.instalments }}}} cuotas{{% endif %}}
Total: {{{{ order.total }}}}
{{% if order.gift_wrap %}}Envoltorio de regalo: {{{{ order.gift_message|default:"sí" }}}}
{{% endif %}}
Artículos:
{_ITEMS["es"]}
Entrega: {{{{ order.recipient }}}} — {{{{ order.address }}}}
""",
        "Nuevo pedido {{ order.number }}: {{ customer.name }}, {{ order.total }} ({{ order.payment_method }}).",
    ),
    en=_w(
        "New order {{ order.number }} — {{ customer.name }} — {{ order.total }}",
        f"""
A new order has arrived at {{{{ store.name }}}}.

Order: {{{{ order.number }}}} ({{{{ order.channel }}}})
Customer: {{{{ customer.name }}}} — {{{{ order.document }}}}
Email: {{{{ order.email }}}} · Phone: {{{{ order.phone }}}}
Payment: {{{{ order.payment_method }}}}{{% if order.instalments > 1 %}} in {{{{ order.instalments }}}} instalments{{% endif %}}
Total: {{{{ order.total }}}}
{{% if order.gift_wrap %}}Gift wrap: {{{{ order.gift_message|default:"yes" }}}}
{{% endif %}}
Items:
{_ITEMS["en"]}
Ship to: {{{{ order.recipient }}}} — {{{{ order.address }}}}
""",
        "New order {{ order.number }}: {{ customer.name }}, {{ order.total }} ({{ order.payment_method }}).",
    ),
)

_add(
    "order_confirmation",
    ("customer.first_name", "order.number", "order.total", "expected_date"),
    pt_br=_w(
        "Recebemos seu pedido {{ order.number }}",
        f"""
Olá, {{{{ customer.first_name }}}}!

Recebemos seu pedido {{{{ order.number }}}} e já estamos cuidando dele. Veja o resumo:

{_ITEMS["pt-br"]}
Total: {{{{ order.total }}}}
Forma de pagamento: {{{{ order.payment_method }}}}{{% if order.instalments > 1 %}} em {{{{ order.instalments }}}}x{{% endif %}}
Entrega em: {{{{ order.address }}}}
Prazo estimado de entrega: até {{{{ expected_date }}}}, após a confirmação do pagamento.

Acompanhe seu pedido: {{{{ order.url }}}}

{_SIGN["pt-br"]}
""",
        "Olá, {{ customer.first_name }}! Recebemos seu pedido {{ order.number }} ({{ order.total }}). Prazo estimado: até {{ expected_date }}. {{ store.name }}",
    ),
    es=_w(
        "Recibimos tu pedido {{ order.number }}",
        f"""
¡Hola, {{{{ customer.first_name }}}}!

Recibimos tu pedido {{{{ order.number }}}} y ya lo estamos preparando. Este es el resumen:

{_ITEMS["es"]}
Total: {{{{ order.total }}}}
Forma de pago: {{{{ order.payment_method }}}}{{% if order.instalments > 1 %}} en {{{{ order.instalments }}}} cuotas{{% endif %}}
Entrega en: {{{{ order.address }}}}
Plazo estimado de entrega: hasta el {{{{ expected_date }}}}, después de confirmado el pago.

Sigue tu pedido: {{{{ order.url }}}}

{_SIGN["es"]}
""",
        "¡Hola, {{ customer.first_name }}! Recibimos tu pedido {{ order.number }} ({{ order.total }}). Plazo estimado: hasta el {{ expected_date }}. {{ store.name }}",
    ),
    en=_w(
        "We received your order {{ order.number }}",
        f"""
Hi {{{{ customer.first_name }}}},

We received your order {{{{ order.number }}}} and are already on it. Here is the summary:

{_ITEMS["en"]}
Total: {{{{ order.total }}}}
Payment method: {{{{ order.payment_method }}}}{{% if order.instalments > 1 %}} in {{{{ order.instalments }}}} instalments{{% endif %}}
Delivery to: {{{{ order.address }}}}
Expected delivery: by {{{{ expected_date }}}}, once the payment is confirmed.

Follow your order: {{{{ order.url }}}}

{_SIGN["en"]}
""",
        "Hi {{ customer.first_name }}! We received your order {{ order.number }} ({{ order.total }}). Expected delivery: by {{ expected_date }}. {{ store.name }}",
    ),
)

_PAY_PT = """{% if pix_copy_paste %}Pix copia e cola:
{{ pix_copy_paste }}
{% endif %}{% if boleto_line %}Linha digitável do boleto:
{{ boleto_line }}
{% endif %}{% if redirect_url %}Link para pagar: {{ redirect_url }}
{% endif %}"""
_PAY_ES = (
    _PAY_PT.replace("Pix copia e cola", "Pix copia y pega")
    .replace("Linha digitável do boleto", "Línea digitable del boleto")
    .replace("Link para pagar", "Enlace para pagar")
)
_PAY_EN = (
    _PAY_PT.replace("Pix copia e cola", "Pix copy and paste code")
    .replace("Linha digitável do boleto", "Boleto payment line")
    .replace("Link para pagar", "Payment link")
)

_add(
    "payment_pending",
    ("customer.first_name", "order.number", "amount", "expires_at"),
    pt_br=_w(
        "Pagamento do pedido {{ order.number }}: {{ payment_method }}",
        f"""
Olá, {{{{ customer.first_name }}}}!

Para concluir o pedido {{{{ order.number }}}}, pague {{{{ amount }}}} com {{{{ payment_method }}}}{{% if expires_at %}} até {{{{ expires_at }}}}{{% endif %}}.

{_PAY_PT}
Assim que o pagamento for confirmado, avisaremos você.

{_SIGN["pt-br"]}
""",
        "{{ customer.first_name }}, pague {{ amount }} do pedido {{ order.number }} com {{ payment_method }}{% if expires_at %} até {{ expires_at }}{% endif %}. {% if pix_copy_paste %}Pix: {{ pix_copy_paste }}{% endif %}{% if boleto_line %}Boleto: {{ boleto_line }}{% endif %}",
    ),
    es=_w(
        "Pago del pedido {{ order.number }}: {{ payment_method }}",
        f"""
¡Hola, {{{{ customer.first_name }}}}!

Para completar el pedido {{{{ order.number }}}}, paga {{{{ amount }}}} con {{{{ payment_method }}}}{{% if expires_at %}} hasta el {{{{ expires_at }}}}{{% endif %}}.

{_PAY_ES}
Te avisaremos en cuanto se confirme el pago.

{_SIGN["es"]}
""",
        "{{ customer.first_name }}, paga {{ amount }} del pedido {{ order.number }} con {{ payment_method }}{% if expires_at %} hasta el {{ expires_at }}{% endif %}. {% if pix_copy_paste %}Pix: {{ pix_copy_paste }}{% endif %}{% if boleto_line %}Boleto: {{ boleto_line }}{% endif %}",
    ),
    en=_w(
        "Payment for order {{ order.number }}: {{ payment_method }}",
        f"""
Hi {{{{ customer.first_name }}}},

To complete order {{{{ order.number }}}}, pay {{{{ amount }}}} with {{{{ payment_method }}}}{{% if expires_at %}} by {{{{ expires_at }}}}{{% endif %}}.

{_PAY_EN}
We will let you know as soon as the payment is confirmed.

{_SIGN["en"]}
""",
        "{{ customer.first_name }}, pay {{ amount }} for order {{ order.number }} with {{ payment_method }}{% if expires_at %} by {{ expires_at }}{% endif %}. {% if pix_copy_paste %}Pix: {{ pix_copy_paste }}{% endif %}{% if boleto_line %}Boleto: {{ boleto_line }}{% endif %}",
    ),
)

_add(
    "payment_reminder",
    ("customer.first_name", "order.number", "expires_at"),
    pt_br=_w(
        "Lembrete: o pagamento do pedido {{ order.number }} vence em breve",
        f"""
Olá, {{{{ customer.first_name }}}}!

Seu pedido {{{{ order.number }}}} está reservado, mas o {{{{ payment_method }}}} vence {{% if expires_at %}}em {{{{ expires_at }}}}{{% else %}}em breve{{% endif %}}. Depois disso, o pedido é cancelado.

{_PAY_PT}
Se você já pagou, desconsidere este lembrete.

{_SIGN["pt-br"]}
""",
        "{{ customer.first_name }}, o {{ payment_method }} do pedido {{ order.number }} vence {% if expires_at %}em {{ expires_at }}{% else %}em breve{% endif %}. {% if pix_copy_paste %}Pix: {{ pix_copy_paste }}{% endif %}{% if boleto_line %}Boleto: {{ boleto_line }}{% endif %} Já pagou? Desconsidere.",
    ),
    es=_w(
        "Recordatorio: el pago del pedido {{ order.number }} vence pronto",
        f"""
¡Hola, {{{{ customer.first_name }}}}!

Tu pedido {{{{ order.number }}}} está reservado, pero el {{{{ payment_method }}}} vence {{% if expires_at %}}el {{{{ expires_at }}}}{{% else %}}pronto{{% endif %}}. Después, el pedido se cancela.

{_PAY_ES}
Si ya pagaste, ignora este recordatorio.

{_SIGN["es"]}
""",
        "{{ customer.first_name }}, el {{ payment_method }} del pedido {{ order.number }} vence {% if expires_at %}el {{ expires_at }}{% else %}pronto{% endif %}. {% if pix_copy_paste %}Pix: {{ pix_copy_paste }}{% endif %}{% if boleto_line %}Boleto: {{ boleto_line }}{% endif %} ¿Ya pagaste? Ignóralo.",
    ),
    en=_w(
        "Reminder: payment for order {{ order.number }} is due soon",
        f"""
Hi {{{{ customer.first_name }}}},

Your order {{{{ order.number }}}} is reserved, but the {{{{ payment_method }}}} expires {{% if expires_at %}}on {{{{ expires_at }}}}{{% else %}}soon{{% endif %}}. After that the order is cancelled.

{_PAY_EN}
If you have already paid, please ignore this reminder.

{_SIGN["en"]}
""",
        "{{ customer.first_name }}, the {{ payment_method }} for order {{ order.number }} expires {% if expires_at %}on {{ expires_at }}{% else %}soon{% endif %}. {% if pix_copy_paste %}Pix: {{ pix_copy_paste }}{% endif %}{% if boleto_line %}Boleto: {{ boleto_line }}{% endif %} Already paid? Ignore this.",
    ),
)

_add(
    "payment_approved",
    ("customer.first_name", "order.number"),
    pt_br=_w(
        "Pagamento aprovado — pedido {{ order.number }}",
        f"""
Olá, {{{{ customer.first_name }}}}!

O pagamento de {{{{ amount|default:order.total }}}} do pedido {{{{ order.number }}}} foi aprovado{{% if instalments > 1 %}} em {{{{ instalments }}}}x{{% endif %}}. Agora conferimos os dados do pedido e avisamos você com o prazo de entrega.

Acompanhe seu pedido: {{{{ order.url }}}}

{_SIGN["pt-br"]}
""",
        "Oba, {{ customer.first_name }}! O pagamento do pedido {{ order.number }} foi aprovado. Avisaremos quando ele for validado, com o prazo de entrega. {{ store.name }}",
    ),
    es=_w(
        "Pago aprobado — pedido {{ order.number }}",
        f"""
¡Hola, {{{{ customer.first_name }}}}!

El pago de {{{{ amount|default:order.total }}}} del pedido {{{{ order.number }}}} fue aprobado{{% if instalments > 1 %}} en {{{{ instalments }}}} cuotas{{% endif %}}. Ahora revisamos los datos del pedido y te avisamos con el plazo de entrega.

Sigue tu pedido: {{{{ order.url }}}}

{_SIGN["es"]}
""",
        "¡Genial, {{ customer.first_name }}! El pago del pedido {{ order.number }} fue aprobado. Te avisaremos cuando sea validado, con el plazo de entrega. {{ store.name }}",
    ),
    en=_w(
        "Payment approved — order {{ order.number }}",
        f"""
Hi {{{{ customer.first_name }}}},

The payment of {{{{ amount|default:order.total }}}} for order {{{{ order.number }}}} was approved{{% if instalments > 1 %}} in {{{{ instalments }}}} instalments{{% endif %}}. We are now checking the order and will send you the delivery deadline.

Follow your order: {{{{ order.url }}}}

{_SIGN["en"]}
""",
        "Great news, {{ customer.first_name }}! The payment for order {{ order.number }} was approved. We will tell you the delivery deadline once it is validated. {{ store.name }}",
    ),
)

_add(
    "order_validated",
    ("customer.first_name", "order.number", "promised_date"),
    pt_br=_w(
        "Pedido {{ order.number }} validado — entrega até {{ promised_date }}",
        f"""
Olá, {{{{ customer.first_name }}}}!

Conferimos tudo e seu pedido {{{{ order.number }}}} foi validado. Ele já segue para separação e embalagem.

Prazo de entrega: até {{{{ promised_date }}}}.
{{% if has_report %}}O relatório do pedido, com todos os detalhes, está em anexo.
{{% endif %}}
Acompanhe seu pedido: {{{{ order.url }}}}

{_SIGN["pt-br"]}
""",
        "{{ customer.first_name }}, seu pedido {{ order.number }} foi validado! Prazo de entrega: até {{ promised_date }}. {{ store.name }}",
    ),
    es=_w(
        "Pedido {{ order.number }} validado — entrega hasta el {{ promised_date }}",
        f"""
¡Hola, {{{{ customer.first_name }}}}!

Revisamos todo y tu pedido {{{{ order.number }}}} fue validado. Ya pasa a preparación y embalaje.

Plazo de entrega: hasta el {{{{ promised_date }}}}.
{{% if has_report %}}El informe del pedido, con todos los detalles, va adjunto.
{{% endif %}}
Sigue tu pedido: {{{{ order.url }}}}

{_SIGN["es"]}
""",
        "{{ customer.first_name }}, ¡tu pedido {{ order.number }} fue validado! Plazo de entrega: hasta el {{ promised_date }}. {{ store.name }}",
    ),
    en=_w(
        "Order {{ order.number }} validated — delivery by {{ promised_date }}",
        f"""
Hi {{{{ customer.first_name }}}},

We checked everything and your order {{{{ order.number }}}} is validated. It is now being picked and packed.

Delivery deadline: by {{{{ promised_date }}}}.
{{% if has_report %}}The order report, with every detail, is attached.
{{% endif %}}
Follow your order: {{{{ order.url }}}}

{_SIGN["en"]}
""",
        "{{ customer.first_name }}, your order {{ order.number }} is validated! Delivery by {{ promised_date }}. {{ store.name }}",
    ),
)

_add(
    "order_shipped",
    ("customer.first_name", "order.number", "tracking_code", "tracking_url"),
    pt_br=_w(
        "Seu pedido {{ order.number }} foi enviado",
        f"""
Olá, {{{{ customer.first_name }}}}!

Seu pedido {{{{ order.number }}}} saiu daqui e está com a transportadora {{{{ carrier }}}}.

Código de rastreamento: {{{{ tracking_code }}}}
Acompanhe a entrega: {{{{ tracking_url }}}}
{{% if promised_date %}}Previsão de entrega: até {{{{ promised_date }}}}.
{{% endif %}}
{_SIGN["pt-br"]}
""",
        "{{ customer.first_name }}, seu pedido {{ order.number }} foi enviado! Rastreio: {{ tracking_code }} {{ tracking_url }}{% if promised_date %} — entrega até {{ promised_date }}{% endif %}",
    ),
    es=_w(
        "Tu pedido {{ order.number }} fue enviado",
        f"""
¡Hola, {{{{ customer.first_name }}}}!

Tu pedido {{{{ order.number }}}} ya salió y está con la transportadora {{{{ carrier }}}}.

Código de seguimiento: {{{{ tracking_code }}}}
Sigue la entrega: {{{{ tracking_url }}}}
{{% if promised_date %}}Entrega prevista: hasta el {{{{ promised_date }}}}.
{{% endif %}}
{_SIGN["es"]}
""",
        "{{ customer.first_name }}, ¡tu pedido {{ order.number }} fue enviado! Seguimiento: {{ tracking_code }} {{ tracking_url }}{% if promised_date %} — entrega hasta el {{ promised_date }}{% endif %}",
    ),
    en=_w(
        "Your order {{ order.number }} has shipped",
        f"""
Hi {{{{ customer.first_name }}}},

Your order {{{{ order.number }}}} has left us and is with {{{{ carrier }}}}.

Tracking code: {{{{ tracking_code }}}}
Track the delivery: {{{{ tracking_url }}}}
{{% if promised_date %}}Expected delivery: by {{{{ promised_date }}}}.
{{% endif %}}
{_SIGN["en"]}
""",
        "{{ customer.first_name }}, your order {{ order.number }} has shipped! Tracking: {{ tracking_code }} {{ tracking_url }}{% if promised_date %} — delivery by {{ promised_date }}{% endif %}",
    ),
)

_add(
    "out_for_delivery",
    ("customer.first_name", "order.number"),
    pt_br=_w(
        "Seu pedido {{ order.number }} saiu para entrega",
        f"""
Olá, {{{{ customer.first_name }}}}!

Seu pedido {{{{ order.number }}}} saiu para entrega e deve chegar hoje. Se possível, deixe alguém no endereço para receber.

Rastreamento: {{{{ tracking_code }}}} — {{{{ tracking_url }}}}

{_SIGN["pt-br"]}
""",
        "{{ customer.first_name }}, seu pedido {{ order.number }} saiu para entrega e deve chegar hoje! {{ store.name }}",
    ),
    es=_w(
        "Tu pedido {{ order.number }} salió a reparto",
        f"""
¡Hola, {{{{ customer.first_name }}}}!

Tu pedido {{{{ order.number }}}} salió a reparto y debería llegar hoy. Si puedes, deja a alguien en la dirección para recibirlo.

Seguimiento: {{{{ tracking_code }}}} — {{{{ tracking_url }}}}

{_SIGN["es"]}
""",
        "{{ customer.first_name }}, ¡tu pedido {{ order.number }} salió a reparto y debería llegar hoy! {{ store.name }}",
    ),
    en=_w(
        "Your order {{ order.number }} is out for delivery",
        f"""
Hi {{{{ customer.first_name }}}},

Your order {{{{ order.number }}}} is out for delivery and should arrive today. If you can, leave someone at the address to receive it.

Tracking: {{{{ tracking_code }}}} — {{{{ tracking_url }}}}

{_SIGN["en"]}
""",
        "{{ customer.first_name }}, your order {{ order.number }} is out for delivery and should arrive today! {{ store.name }}",
    ),
)

_add(
    "delivery_failed",
    ("customer.first_name", "order.number"),
    pt_br=_w(
        "Não conseguimos entregar o pedido {{ order.number }}",
        f"""
Olá, {{{{ customer.first_name }}}}!

A transportadora tentou entregar o pedido {{{{ order.number }}}}, mas não conseguiu{{% if description %}} ({{{{ description }}}}){{% endif %}}. Uma nova tentativa será feita; se preferir, fale com a gente para combinar.

Rastreamento: {{{{ tracking_code }}}} — {{{{ tracking_url }}}}

{_SIGN["pt-br"]}
""",
        "{{ customer.first_name }}, a transportadora não conseguiu entregar o pedido {{ order.number }}. Haverá nova tentativa; fale com a gente se precisar. {{ store.name }}",
    ),
    es=_w(
        "No pudimos entregar el pedido {{ order.number }}",
        f"""
¡Hola, {{{{ customer.first_name }}}}!

La transportadora intentó entregar el pedido {{{{ order.number }}}}, pero no pudo{{% if description %}} ({{{{ description }}}}){{% endif %}}. Habrá un nuevo intento; si prefieres, escríbenos para coordinarlo.

Seguimiento: {{{{ tracking_code }}}} — {{{{ tracking_url }}}}

{_SIGN["es"]}
""",
        "{{ customer.first_name }}, la transportadora no pudo entregar el pedido {{ order.number }}. Habrá un nuevo intento; escríbenos si lo necesitas. {{ store.name }}",
    ),
    en=_w(
        "We could not deliver order {{ order.number }}",
        f"""
Hi {{{{ customer.first_name }}}},

The carrier tried to deliver order {{{{ order.number }}}} but could not{{% if description %}} ({{{{ description }}}}){{% endif %}}. There will be another attempt; if you prefer, talk to us to arrange it.

Tracking: {{{{ tracking_code }}}} — {{{{ tracking_url }}}}

{_SIGN["en"]}
""",
        "{{ customer.first_name }}, the carrier could not deliver order {{ order.number }}. They will try again; talk to us if you need to. {{ store.name }}",
    ),
)

_add(
    "returned_to_sender",
    ("customer.first_name", "order.number"),
    pt_br=_w(
        "O pedido {{ order.number }} voltou para a loja",
        f"""
Olá, {{{{ customer.first_name }}}}!

A transportadora devolveu o pedido {{{{ order.number }}}} para nós depois de não conseguir entregá-lo. Queremos resolver isso rápido: responda esta mensagem para combinarmos um novo envio ou o reembolso.

{_SIGN["pt-br"]}
""",
        "{{ customer.first_name }}, o pedido {{ order.number }} voltou para a loja. Fale com a gente para um novo envio ou reembolso. {{ store.name }}",
    ),
    es=_w(
        "El pedido {{ order.number }} volvió a la tienda",
        f"""
¡Hola, {{{{ customer.first_name }}}}!

La transportadora nos devolvió el pedido {{{{ order.number }}}} tras no poder entregarlo. Queremos resolverlo rápido: responde este mensaje para acordar un nuevo envío o el reembolso.

{_SIGN["es"]}
""",
        "{{ customer.first_name }}, el pedido {{ order.number }} volvió a la tienda. Escríbenos para un nuevo envío o el reembolso. {{ store.name }}",
    ),
    en=_w(
        "Order {{ order.number }} came back to us",
        f"""
Hi {{{{ customer.first_name }}}},

The carrier returned order {{{{ order.number }}}} to us after failing to deliver it. We want to sort this out quickly: reply to this message to arrange a new shipment or a refund.

{_SIGN["en"]}
""",
        "{{ customer.first_name }}, order {{ order.number }} came back to us. Talk to us for a new shipment or a refund. {{ store.name }}",
    ),
)

_add(
    "ready_for_pickup",
    ("customer.first_name", "order.number", "location"),
    pt_br=_w(
        "Pedido {{ order.number }} pronto para retirada",
        f"""
Olá, {{{{ customer.first_name }}}}!

Seu pedido {{{{ order.number }}}} está pronto para retirada{{% if location %}} em {{{{ location }}}}{{% endif %}}. Leve um documento com foto e o número do pedido.

{{{{ store.address }}}}

{_SIGN["pt-br"]}
""",
        "{{ customer.first_name }}, seu pedido {{ order.number }} está pronto para retirada{% if location %} em {{ location }}{% endif %}. Leve um documento com foto. {{ store.name }}",
    ),
    es=_w(
        "Pedido {{ order.number }} listo para retirar",
        f"""
¡Hola, {{{{ customer.first_name }}}}!

Tu pedido {{{{ order.number }}}} está listo para retirar{{% if location %}} en {{{{ location }}}}{{% endif %}}. Lleva un documento con foto y el número del pedido.

{{{{ store.address }}}}

{_SIGN["es"]}
""",
        "{{ customer.first_name }}, tu pedido {{ order.number }} está listo para retirar{% if location %} en {{ location }}{% endif %}. Lleva un documento con foto. {{ store.name }}",
    ),
    en=_w(
        "Order {{ order.number }} is ready for pickup",
        f"""
Hi {{{{ customer.first_name }}}},

Your order {{{{ order.number }}}} is ready for pickup{{% if location %}} at {{{{ location }}}}{{% endif %}}. Bring a photo ID and the order number.

{{{{ store.address }}}}

{_SIGN["en"]}
""",
        "{{ customer.first_name }}, your order {{ order.number }} is ready for pickup{% if location %} at {{ location }}{% endif %}. Bring a photo ID. {{ store.name }}",
    ),
)

_add(
    "delivered",
    ("customer.first_name", "order.number"),
    pt_br=_w(
        "Seu pedido {{ order.number }} chegou bem?",
        f"""
Olá, {{{{ customer.first_name }}}}!

A transportadora informou que o pedido {{{{ order.number }}}} foi entregue{{% if received_by %}} (recebido por {{{{ received_by }}}}){{% endif %}}. Chegou tudo certinho?

Se algo não estiver como esperado, é só responder esta mensagem: resolvemos rapidinho.

{{{{ store.thank_you_note }}}}

{_SIGN["pt-br"]}
""",
        "{{ customer.first_name }}, seu pedido {{ order.number }} foi entregue. Chegou tudo certinho? Se algo não estiver bem, responda esta mensagem. {{ store.name }}",
    ),
    es=_w(
        "¿Tu pedido {{ order.number }} llegó bien?",
        f"""
¡Hola, {{{{ customer.first_name }}}}!

La transportadora informó que el pedido {{{{ order.number }}}} fue entregado{{% if received_by %}} (recibido por {{{{ received_by }}}}){{% endif %}}. ¿Llegó todo bien?

Si algo no está como esperabas, responde este mensaje: lo resolvemos enseguida.

{_SIGN["es"]}
""",
        "{{ customer.first_name }}, tu pedido {{ order.number }} fue entregado. ¿Llegó todo bien? Si algo no está bien, responde este mensaje. {{ store.name }}",
    ),
    en=_w(
        "Did your order {{ order.number }} arrive safely?",
        f"""
Hi {{{{ customer.first_name }}}},

The carrier tells us order {{{{ order.number }}}} was delivered{{% if received_by %}} (received by {{{{ received_by }}}}){{% endif %}}. Did everything arrive in good shape?

If anything is not as expected, just reply to this message and we will sort it out quickly.

{_SIGN["en"]}
""",
        "{{ customer.first_name }}, your order {{ order.number }} was delivered. Did everything arrive well? If not, reply to this message. {{ store.name }}",
    ),
)

_add(
    "delivery_late",
    ("customer.first_name", "order.number", "new_estimate"),
    pt_br=_w(
        "Seu pedido {{ order.number }} vai atrasar — desculpe",
        f"""
Olá, {{{{ customer.first_name }}}}!

Pedimos desculpas: o pedido {{{{ order.number }}}} não vai chegar até {{{{ promised_date }}}}, como prometemos. Estamos acompanhando com a transportadora, e a nova previsão é até {{{{ new_estimate }}}}.

Rastreamento: {{{{ tracking_code }}}}

Se preferir, responda esta mensagem e vemos juntos a melhor solução.

{_SIGN["pt-br"]}
""",
        "{{ customer.first_name }}, desculpe: o pedido {{ order.number }} vai atrasar. Nova previsão: até {{ new_estimate }}. Estamos acompanhando. {{ store.name }}",
    ),
    es=_w(
        "Tu pedido {{ order.number }} se retrasará — lo sentimos",
        f"""
¡Hola, {{{{ customer.first_name }}}}!

Te pedimos disculpas: el pedido {{{{ order.number }}}} no llegará hasta el {{{{ promised_date }}}}, como prometimos. Lo seguimos con la transportadora y la nueva previsión es hasta el {{{{ new_estimate }}}}.

Seguimiento: {{{{ tracking_code }}}}

Si prefieres, responde este mensaje y buscamos juntos la mejor solución.

{_SIGN["es"]}
""",
        "{{ customer.first_name }}, lo sentimos: el pedido {{ order.number }} se retrasará. Nueva previsión: hasta el {{ new_estimate }}. {{ store.name }}",
    ),
    en=_w(
        "Your order {{ order.number }} is running late — we are sorry",
        f"""
Hi {{{{ customer.first_name }}}},

We are sorry: order {{{{ order.number }}}} will not arrive by {{{{ promised_date }}}} as we promised. We are following it up with the carrier, and the new estimate is by {{{{ new_estimate }}}}.

Tracking: {{{{ tracking_code }}}}

If you prefer, reply to this message and we will find the best solution together.

{_SIGN["en"]}
""",
        "{{ customer.first_name }}, sorry: order {{ order.number }} is running late. New estimate: by {{ new_estimate }}. {{ store.name }}",
    ),
)

_CALL_INTRO = {
    "pt-br": "Roteiro da ligação — pedido {{ order.number }}, cliente {{ customer.name }} ({{ phone }}).\n\nOlá, {{ customer.first_name }}, aqui é da {{ store.name }}. ",
    "es": "Guion de la llamada — pedido {{ order.number }}, cliente {{ customer.name }} ({{ phone }}).\n\nHola, {{ customer.first_name }}, te llamamos de {{ store.name }}. ",
    "en": "Call script — order {{ order.number }}, customer {{ customer.name }} ({{ phone }}).\n\nHi {{ customer.first_name }}, this is {{ store.name }}. ",
}


def _html_from_text(text: str) -> str:
    """Paragraphs for the email's HTML part; template tags pass through untouched."""
    blocks = [b for b in re.split(r"\n\s*\n", text) if b.strip()]
    return "\n".join("<p>" + b.replace("\n", "<br>\n") + "</p>" for b in blocks)


def default_template(key: str, channel: str, language: str) -> dict[str, Any] | None:
    """The out-of-the-box ``MessageTemplate`` fields for a key, channel and language."""
    stage = STAGE_MESSAGES.get(key)
    if stage is None:
        return None
    wording = stage.wording.get(language) or stage.wording["pt-br"]
    fields: dict[str, Any] = {
        "key": key,
        "channel": channel,
        "language": language,
        "purpose": stage.purpose,
        "subject": "",
        "body_text": wording.short,
        "body_html": "",
        "whatsapp_template": "",
        "whatsapp_params": [],
    }
    if channel == "email":
        fields.update(
            subject=wording.subject, body_text=wording.text, body_html=_html_from_text(wording.text)
        )
    elif channel == "whatsapp":
        fields.update(
            whatsapp_template=f"jornada_{key}", whatsapp_params=list(stage.whatsapp_params)
        )
    elif channel == "phone":
        fields.update(body_text=_CALL_INTRO.get(language, _CALL_INTRO["pt-br"]) + wording.short)
    return fields


def all_default_templates() -> list[dict[str, Any]]:
    return [
        fields
        for key in STAGE_MESSAGES
        for channel in CHANNELS
        for language in LANGUAGES
        if (fields := default_template(key, channel, language)) is not None
    ]
