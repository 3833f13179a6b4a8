"""Brazil toolkit hot paths: validations per second on one core.

    .venv/bin/python bench/brazil.py [--seconds 1.0] [--check]

Each figure runs one function over a rotating set of pre-generated inputs for about
``--seconds`` and reports calls per second. Each is shown with its ratio to a baseline
measured in the same run:

- CPF: validate-docbr's ``CPF().validate`` (the library we cross-check against);
- Pix build+parse, S10 and boleto: a naive reference implementation written below
  (bit-by-bit CRC16, dict-and-slice TLV, list arithmetic), the code one writes first.

Targets: >= 100,000 CPF validations/s and >= 20,000 Pix payloads (build + parse)/s.
``--check`` exits 1 when a target is missed. No Django settings are needed.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from collections.abc import Callable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from validate_docbr import CPF as DocbrCPF

from jornada.brazil.boleto import boleto_build, boleto_line_check
from jornada.brazil.documents import (
    cnpj_generate,
    cnpj_is_valid,
    cpf_format,
    cpf_generate,
    cpf_is_valid,
    cpf_validate,
)
from jornada.brazil.pix import PixPayload, pix_build, pix_parse, pix_static
from jornada.brazil.tracking import s10_build, s10_is_valid

TARGET_CPF = 100_000.0
TARGET_PIX = 20_000.0


# ---------------------------------------------------------------------------
# Naive reference implementations (baselines)
# ---------------------------------------------------------------------------


def naive_crc16(data: str) -> str:
    crc = 0xFFFF
    for byte in data.encode():
        crc ^= byte << 8
        for _ in range(8):
            crc = ((crc << 1) ^ 0x1021) & 0xFFFF if crc & 0x8000 else (crc << 1) & 0xFFFF
    return f"{crc:04X}"


def naive_tlv(fields: list[tuple[str, str]]) -> str:
    return "".join(f"{key}{len(value):02d}{value}" for key, value in fields)


def naive_pix_build(p: PixPayload) -> str:
    account = [("00", "br.gov.bcb.pix"), ("01", p.key or "")]
    fields = [("00", "01"), ("26", naive_tlv(account)), ("52", "0000"), ("53", "986")]
    if p.amount is not None:
        fields.append(("54", f"{p.amount:.2f}"))
    fields += [("58", "BR"), ("59", p.merchant_name), ("60", p.merchant_city)]
    fields.append(("62", naive_tlv([("05", p.txid)])))
    body = naive_tlv(fields) + "6304"
    return body + naive_crc16(body)


def naive_tlv_parse(text: str) -> dict[str, str]:
    out = {}
    while text:
        key, size = text[:2], int(text[2:4])
        out[key] = text[4 : 4 + size]
        text = text[4 + size :]
    return out


def naive_pix_parse(text: str) -> dict[str, Any]:
    if naive_crc16(text[:-4]) != text[-4:]:
        raise ValueError("crc")
    top = naive_tlv_parse(text[:-8])
    top["26"] = naive_tlv_parse(top["26"])  # type: ignore[assignment]
    top["62"] = naive_tlv_parse(top["62"])  # type: ignore[assignment]
    return top


def naive_s10_is_valid(code: str) -> bool:
    if len(code) != 13 or not code[:2].isalpha() or not code[11:].isalpha():
        return False
    digits = [int(c) for c in code[2:10]]
    dv = 11 - sum(w * d for w, d in zip([8, 6, 4, 2, 3, 5, 9, 7], digits, strict=True)) % 11
    dv = {10: 0, 11: 5}.get(dv, dv)
    return dv == int(code[10])


def naive_mod10(digits: str) -> int:
    total = 0
    for index, ch in enumerate(reversed(digits)):
        product = int(ch) * (2 if index % 2 == 0 else 1)
        total += sum(int(d) for d in str(product))
    return (10 - total % 10) % 10


def naive_boleto_line_check(line: str) -> bool:
    line = "".join(ch for ch in line if ch.isdigit())
    if len(line) != 47:
        return False
    for start, end in ((0, 9), (10, 20), (21, 31)):
        if naive_mod10(line[start:end]) != int(line[end]):
            return False
    barcode = line[0:4] + line[32] + line[33:47] + line[4:9] + line[10:20] + line[21:31]
    rest = barcode[:4] + barcode[5:]
    weights = [2, 3, 4, 5, 6, 7, 8, 9]
    total = sum(int(ch) * weights[i % 8] for i, ch in enumerate(reversed(rest)))
    dv = 11 - total % 11
    return (1 if dv in (0, 10, 11) else dv) == int(barcode[4])


# ---------------------------------------------------------------------------
# Measurement
# ---------------------------------------------------------------------------


def per_second(function: Callable[[Any], object], inputs: Sequence[Any], seconds: float) -> float:
    """Calls per second of ``function`` over ``inputs`` (cycled), best of three rounds."""
    size = len(inputs)
    batch = size
    best = 0.0
    for _round in range(3):
        calls = 0
        start = time.perf_counter()
        deadline = start + seconds / 3
        while True:
            for item in inputs:
                function(item)
            calls += batch
            now = time.perf_counter()
            if now >= deadline:
                break
        best = max(best, calls / (now - start))
    return best


def pin_to_one_core() -> str:
    if hasattr(os, "sched_setaffinity"):
        core = min(os.sched_getaffinity(0))
        os.sched_setaffinity(0, {core})
        return f"pinned to CPU {core}"
    return "not pinned (no sched_setaffinity)"


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--seconds", type=float, default=1.5, help="time per figure (default 1.5)")
    parser.add_argument("--check", action="store_true", help="exit 1 if a target is missed")
    args = parser.parse_args()

    rng = random.Random(2026)
    where = pin_to_one_core()
    print(
        f"Brazil toolkit bench, Python {sys.version.split()[0]}, {where}, {args.seconds:.1f} s per figure"
    )

    # inputs: half formatted, 5% wrong, as checkout sees them
    cpfs = []
    for index in range(2000):
        cpf = cpf_generate(rng)
        if index % 20 == 0:
            cpf = cpf[:10] + str((int(cpf[10]) + 1) % 10)
        cpfs.append(cpf_format(cpf) if index % 2 and cpf_is_valid(cpf) else cpf)
    cnpjs = [cnpj_generate(rng, alphanumeric=i % 2 == 0) for i in range(2000)]
    keys = [cpf_generate(rng) for _ in range(100)] + [f"cliente{i}@loja.com.br" for i in range(100)]
    payloads = [
        pix_static(
            key=keys[i % len(keys)],
            merchant_name=f"Loja Número {i}",
            merchant_city="São Paulo",
            amount=Decimal(rng.randint(100, 99_999_99)) / 100,
            txid=f"PEDIDO{i:06d}",
        )
        for i in range(200)
    ]
    codes = [s10_build("AB", rng.randint(0, 99_999_999)) for _ in range(2000)]
    lines = [
        boleto_build(
            bank=f"{rng.randint(1, 799):03d}",
            free_field="".join(rng.choice("0123456789") for _ in range(25)),
            amount=Decimal(rng.randint(1, 10**8)) / 100,
        ).line
        for _ in range(500)
    ]
    docbr = DocbrCPF()
    # the reference must agree with ours before we time it
    assert all(naive_pix_build(p) == pix_build(p) for p in payloads)
    assert all(docbr.validate(c) == cpf_is_valid(c) for c in cpfs)

    rows: list[tuple[str, float, str, float]] = []

    def measure(
        label: str,
        ours: Callable[[Any], object],
        baseline_label: str,
        baseline: Callable[[Any], object],
        inputs: Sequence[Any],
    ) -> float:
        mine = per_second(ours, inputs, args.seconds)
        reference = per_second(baseline, inputs, args.seconds)
        rows.append((label, mine, baseline_label, reference))
        return mine

    def cpf_strict(value: str) -> bool:
        try:
            cpf_validate(value)
        except ValueError:
            return False
        return True

    cpf_rate = measure(
        "CPF cpf_is_valid", cpf_is_valid, "validate-docbr CPF().validate", docbr.validate, cpfs
    )
    measure(
        "CPF cpf_validate (typed errors)",
        cpf_strict,
        "validate-docbr CPF().validate",
        docbr.validate,
        cpfs,
    )
    measure(
        "CNPJ cnpj_is_valid (half alnum)",
        cnpj_is_valid,
        "validate-docbr CNPJ().validate",
        __import__("validate_docbr").CNPJ().validate,
        cnpjs,
    )
    pix_rate = measure(
        "Pix build + parse",
        lambda p: pix_parse(pix_build(p)),
        "naive reference build + parse",
        lambda p: naive_pix_parse(naive_pix_build(p)),
        payloads,
    )
    measure("S10 s10_is_valid", s10_is_valid, "naive reference", naive_s10_is_valid, codes)
    measure(
        "Boleto boleto_line_check",
        boleto_line_check,
        "naive reference",
        naive_boleto_line_check,
        lines,
    )

    width = max(len(row[0]) for row in rows)
    print()
    print(f"{'figure':<{width}}  {'ours/s':>12}  {'baseline/s':>12}  {'ratio':>6}  baseline")
    for label, mine, baseline_label, reference in rows:
        print(
            f"{label:<{width}}  {mine:>12,.0f}  {reference:>12,.0f}  {mine / reference:>5.1f}x  {baseline_label}"
        )
    print()
    cpf_ok = cpf_rate >= TARGET_CPF
    pix_ok = pix_rate >= TARGET_PIX
    print(f"target: CPF >= {TARGET_CPF:,.0f}/s -> {cpf_rate:,.0f}/s {'OK' if cpf_ok else 'MISSED'}")
    print(f"target: Pix >= {TARGET_PIX:,.0f}/s -> {pix_rate:,.0f}/s {'OK' if pix_ok else 'MISSED'}")
    if args.check and not (cpf_ok and pix_ok):
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
