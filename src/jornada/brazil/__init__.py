"""Brazil toolkit: exact, fast, dependency-light pieces for Brazilian commerce.

Pure modules (no database): ``documents`` (CPF, CNPJ incl. alphanumeric), ``cep`` and
``adapters.cep`` (CEP ranges and lookup), ``address``, ``phones``, ``pix`` and ``qr``
(BR Code), ``boleto`` and ``boleto_render``, ``tracking`` (UPU S10),
``business_days``, ``money``, ``instalments``; ``fields`` for forms and API schemas;
``errors`` for the typed refusals. See ``docs/brazil.md``.
"""
