"""Seeded generator of synthetic, labelled training records.

Each record is composed in three steps that never mix:

1. a *scenario template* composes structured facts (which signals are present in which
   turn, which guidelines' conditions are met, the business context) and
2. renders them to text with the phrase and business banks (``banks/``), then
3. :func:`router_worker.training.labeler.label` computes the label from the facts alone.

Usage::

    python -m router_worker.training.generate --n 4000 --seed 7 \\
        --out data/generated/train.jsonl [--holdout-out data/generated/val.jsonl] \\
        [--holdout-frac 0.15] [--languages en,es,fr,de,pt]

Same seed, same arguments: byte-identical output. Only ``random.Random`` instances are
used, and no set is ever iterated to make a choice.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from router_worker.training.banks.businesses import BUSINESSES, UMBRELLAS
from router_worker.training.banks.phrases import (
    GUIDELINE_TEMPLATES,
    INCIDENTS,
    PHRASES,
    TONE,
)
from router_worker.training.banks.topics import TOPICS
from router_worker.training.labeler import Action, Facts, GuidelineFact, Label, label

UpperOp = Literal["gt", "ge"]
LowerOp = Literal["lt", "le"]

LANGS: tuple[str, ...] = ("en", "es", "fr", "de", "pt")
LANG_WEIGHTS: dict[str, float] = {"en": 0.6, "es": 0.1, "fr": 0.1, "de": 0.1, "pt": 0.1}
LANG_TAGS: dict[str, list[tuple[str | None, float]]] = {
    "en": [("en", 0.66), ("en-US", 0.15), ("en-GB", 0.12), (None, 0.07)],
    "es": [("es", 0.6), ("es-ES", 0.15), ("es-MX", 0.19), (None, 0.06)],
    "fr": [("fr", 0.7), ("fr-FR", 0.15), ("fr-CA", 0.09), (None, 0.06)],
    "de": [("de", 0.74), ("de-DE", 0.15), ("de-AT", 0.05), (None, 0.06)],
    "pt": [("pt-BR", 0.58), ("pt-PT", 0.2), ("pt", 0.16), (None, 0.06)],
}

SLUGS: dict[str, str] = {
    "refund_amount": "refunds",
    "credit_amount": "credits",
    "fee_reversal": "fee-reversal",
    "claim_amount": "claims",
    "pricing": "pricing",
    "outage": "outage",
    "login": "login",
    "data_export": "export",
    "sso_setup": "sso",
    "contract_terms": "contracts",
    "cancel": "cancel",
    "competitor_switch": "switching",
    "invoice_copy": "invoices",
    "fees_info": "fees",
    "roaming": "roaming",
    "port_in": "port",
    "baggage_fees": "bagfees",
    "stranded": "stranded",
    "lost_baggage": "lostbag",
    "accessibility": "assist",
    "loyalty_points": "points",
    "order_status": "orders",
    "damaged_item": "damage",
    "promo_code": "promo",
    "address_change": "address",
    "shipping_rates": "rates",
    "reschedule": "reschedule",
    "test_results": "results",
    "prescription_refill": "refills",
    "insurance_coverage": "insurance",
    "new_quote": "quotes",
    "ban_appeal": "bans",
    "cheating_report": "cheaters",
    "payment_plan": "payment-plan",
    "disconnection_notice": "disconnect",
    "meter_reading": "meter",
    "complaint_staff": "conduct",
    "withdrawal_delay": "withdrawals",
    "seller_payout": "payouts",
    "event_cancelled": "cancelled-events",
    "membership_freeze": "freeze",
    "lost_item": "lost-items",
    "enterprise_problem": "enterprise",
}

# Short connective phrases and small user lines the templates need.
SMALL: dict[str, dict[str, list[str]]] = {
    "en": {
        "also": ["Also, ", "And another thing: ", "Oh and ", "Separate question: "],
        "detail": [
            "it's {ref}",
            "ref is {ref}",
            "sure, {ref}",
            "yes, same account",
            "{ref}. bought it last month",
        ],
        "rephrase": [
            "no, I mean {p}",
            "it still happens",
            "ok but it's still not working",
            "I did that. same thing: {p}",
            "that didn't change anything",
        ],
        "next": [
            "so what should I do now?",
            "any other ideas?",
            "ok, what else can I try?",
            "right. and now?",
        ],
        "sidestep": [
            "hold on, let me try one more thing first. does it matter if I'm on wifi?",
            "wait, maybe it's my browser. which browsers do you support?",
            "hmm before that, where do I see my account number?",
        ],
        "wait": [
            "ok thanks, how long is the wait usually?",
            "thank you. while I wait, where do I find my invoices?",
            "ok, I'll hang on",
        ],
        "more": ["still no luck.", "still the same.", "nope."],
    },
    "es": {
        "also": ["Y otra cosa: ", "Además, ", "Ah, y ", "Otra pregunta: "],
        "detail": ["es {ref}", "la referencia es {ref}", "sí, {ref}", "sí, la misma cuenta"],
        "rephrase": [
            "no, me refiero a que {p}",
            "sigue pasando",
            "ya, pero sigue sin funcionar",
            "eso ya lo hice y nada",
        ],
        "next": ["¿y ahora qué hago?", "¿alguna otra idea?", "vale, ¿qué más puedo probar?"],
        "sidestep": [
            "espera, déjame probar una cosa antes. ¿importa si estoy con wifi?",
            "un momento, ¿dónde veo mi número de cliente?",
        ],
        "wait": [
            "vale gracias, ¿cuánto se suele tardar?",
            "ok, espero",
            "gracias. mientras espero, ¿dónde veo mis facturas?",
        ],
        "more": ["sigue igual.", "nada."],
    },
    "fr": {
        "also": ["Et autre chose : ", "Aussi, ", "Ah et ", "Autre question : "],
        "detail": ["c'est {ref}", "la référence c'est {ref}", "oui, {ref}", "oui, le même compte"],
        "rephrase": [
            "non, je veux dire que {p}",
            "ça le fait toujours",
            "ok mais ça ne marche toujours pas",
            "déjà fait, rien ne change",
        ],
        "next": ["je fais quoi maintenant ?", "d'autres idées ?", "ok, j'essaie quoi d'autre ?"],
        "sidestep": [
            "attendez, je vais essayer un truc avant. ça change quelque chose en wifi ?",
            "une seconde, je trouve où mon numéro client ?",
        ],
        "wait": [
            "ok merci, il faut attendre combien de temps en général ?",
            "d'accord, j'attends",
            "merci. en attendant, où je trouve mes factures ?",
        ],
        "more": ["toujours rien.", "pareil."],
    },
    "de": {
        "also": ["Und noch was: ", "Außerdem: ", "Ach ja, und ", "Andere Frage: "],
        "detail": ["es ist {ref}", "referenz ist {ref}", "klar, {ref}", "ja, dasselbe konto"],
        "rephrase": [
            "nein, ich meine {p}",
            "passiert immer noch",
            "ok aber es geht immer noch nicht",
            "hab ich gemacht, ändert nix",
        ],
        "next": [
            "und was mache ich jetzt?",
            "noch andere ideen?",
            "ok, was kann ich noch probieren?",
        ],
        "sidestep": [
            "moment, ich probier erst noch was. macht es was aus, ob ich im wlan bin?",
            "warte, wo sehe ich meine kundennummer?",
        ],
        "wait": [
            "ok danke, wie lange dauert das normalerweise?",
            "ok, ich warte",
            "danke. wo finde ich solange meine rechnungen?",
        ],
        "more": ["immer noch nicht.", "gleiches problem."],
    },
    "pt": {
        "also": ["E outra coisa: ", "Além disso, ", "Ah, e ", "Outra dúvida: "],
        "detail": ["é {ref}", "a referência é {ref}", "sim, {ref}", "sim, a mesma conta"],
        "rephrase": [
            "não, quero dizer que {p}",
            "continua acontecendo",
            "ok mas continua sem funcionar",
            "já fiz isso, nada mudou",
        ],
        "next": ["e agora, o que eu faço?", "alguma outra ideia?", "tá, o que mais posso tentar?"],
        "sidestep": [
            "peraí, deixa eu tentar uma coisa antes. faz diferença se estou no wifi?",
            "um momento, onde vejo meu número de cliente?",
        ],
        "wait": [
            "ok obrigado, quanto tempo costuma demorar?",
            "beleza, vou aguardar",
            "obrigada. enquanto isso, onde vejo minhas faturas?",
        ],
        "more": ["continua igual.", "nada."],
    },
}

HELP_PATH = {"en": "help", "es": "ayuda", "fr": "aide", "de": "hilfe", "pt": "ajuda"}
GREETING_PREFIXES = (
    "hi, ",
    "hello, ",
    "hey, ",
    "hola, ",
    "buenas, ",
    "bonjour, ",
    "hallo, ",
    "olá, ",
    "bom dia, ",
    "oi, ",
)
PAGES = [
    "/account",
    "/settings/billing",
    "/help",
    "/dashboard",
    "/orders",
    "/checkout",
    "/bookings",
    "/support/chat",
    "/app/home",
    "/profile",
]
FOOD_LIKE = {"food", "pharmacy", "clinic", "ecommerce"}


# ================================================================== guideline rules


@dataclass(frozen=True)
class Rule:
    """A business guideline as the generator knows it (text plus what it is about)."""

    gid: str
    kind: str  # topic | thr | umb | ctx | tone
    key: str
    action: Action
    specificity: int
    text: str
    covers: tuple[str, ...] = ()
    threshold: float | None = None
    upper_op: UpperOp = "gt"
    lower_op: LowerOp | None = None
    one_sided_text: str = ""


def fmt_money(amount: float, cur: str, lang: str) -> str:
    """Format an amount the way people in that language write it."""
    whole = abs(amount - round(amount)) < 1e-9
    if lang == "en":
        num = f"{amount:,.0f}" if whole else f"{amount:,.2f}"
        sym = {"USD": "$", "GBP": "£", "EUR": "€", "BRL": "R$"}[cur]
        return f"{sym} {num}" if cur == "BRL" else f"{sym}{num}"
    num = f"{amount:,.0f}" if whole else f"{amount:,.2f}"
    if lang in ("es", "pt", "de"):
        num = num.replace(",", "_").replace(".", ",").replace("_", ".")
    elif lang == "fr":
        num = num.replace(",", "\u202f").replace(".", ",")
    if cur == "USD":
        if lang == "pt":
            return f"US$ {num}"
        return f"{num} USD" if lang in ("fr", "de") else f"{num} dólares"
    if cur == "GBP":
        return f"£{num}"
    if cur == "BRL":
        return f"R$ {num}"
    return f"{num} €"


def _cap(s: str) -> str:
    return s[:1].upper() + s[1:]


def _rule_text(
    rng: random.Random, lang: str, action: str, cond: str, np: str, team: str, url: str
) -> str:
    tpl = rng.choice(GUIDELINE_TEMPLATES[lang][action])
    return tpl.format(cond=cond, np=np, Np=_cap(np), team=team, url=url)


_RULE_CACHE: dict[str, list[Rule]] = {}


def business_rules(biz: dict[str, Any]) -> list[Rule]:
    """The guideline set a business wrote (stable: seeded by the business id)."""
    if biz["id"] in _RULE_CACHE:
        return _RULE_CACHE[biz["id"]]
    rng = random.Random(f"rules-{biz['id']}")
    lang = biz["lang"]
    style = rng.random()
    prefix = "g" if style < 0.25 else biz["prefix"]
    rules: list[Rule] = []
    for spec in biz["rules"]:
        team = rng.choice(biz["teams"])
        url = biz["url"]
        if spec[0] == "topic":
            _, key, action = spec
            t = TOPICS[key][lang]
            url = f"{url.split('/')[0]}/{HELP_PATH[lang]}/{SLUGS[key]}"
            text = _rule_text(rng, lang, action, t["cond"], t["np"], team, url)
            rules.append(Rule(f"{prefix}-{SLUGS[key]}", "topic", key, action, 2, text, (key,)))
        elif spec[0] == "thr":
            _, key, thr, upper_op, lower_op, action = spec
            t = TOPICS[key][lang]
            tstr = fmt_money(float(thr), biz["cur"], lang)
            upkey = "upper_gt_offer" if action == "offer" else f"upper_{upper_op}"
            up = rng.choice(GUIDELINE_TEMPLATES[lang][upkey]).format(
                np=t["np"], Np=_cap(t["np"]), T=tstr, team=team
            )
            text = up
            if lower_op:
                low = rng.choice(GUIDELINE_TEMPLATES[lang][f"lower_{lower_op}"])
                text = up + " " + low.format(T=tstr)
            gid = f"{prefix}-{SLUGS[key]}" + (f"-{thr}" if rng.random() < 0.4 else "")
            rules.append(
                Rule(
                    gid,
                    "thr",
                    key,
                    action,
                    2,
                    text,
                    (key,),
                    float(thr),
                    upper_op,
                    lower_op,
                    one_sided_text=up,
                )
            )
        elif spec[0] == "umb":
            _, key, action = spec
            cond, np = UMBRELLAS[key][lang]
            text = _rule_text(rng, lang, action, cond, np, team, biz["url"])
            covers = tuple(sorted(UMBRELLAS[key]["covers"]))
            rules.append(Rule(f"{prefix}-{key}-general", "umb", key, action, 1, text, covers))
        elif spec[0] == "ctx":
            _, key, action = spec
            t = TOPICS[key][lang]
            text = _rule_text(rng, lang, action, t["cond"], t["np"], team, biz["url"])
            rules.append(Rule(f"{prefix}-{SLUGS[key]}", "ctx", key, action, 2, text, ()))
    tones = rng.sample(TONE[lang], k=min(2, len(TONE[lang])))
    for i, tx in enumerate(tones):
        rules.append(
            Rule(f"{prefix}-{'tone' if i == 0 else 'style'}", "tone", "", "continue", 0, tx)
        )
    _RULE_CACHE[biz["id"]] = rules
    return rules


# ================================================================== scenario builder


class Skip(Exception):
    """The template does not fit this business/language; try another."""


@dataclass
class Gen:
    rng: random.Random
    biz: dict[str, Any]
    lang: str
    template: str = ""
    msgs: list[dict[str, Any]] = field(default_factory=list)
    mentioned: set[str] = field(default_factory=set)
    near: set[str] = field(default_factory=set)
    required: dict[str, Rule] = field(default_factory=dict)
    met: set[str] = field(default_factory=set)
    amount: float | None = None
    ctx: dict[str, Any] | None = None
    ctx_done: bool = False
    facts: dict[str, Any] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    one_sided: set[str] = field(default_factory=set)
    allow_ctx_rules: bool = False
    has_problem: bool = False
    max_guidelines: int = 7
    slots: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.P = PHRASES[self.lang]
        self.S = SMALL[self.lang]
        self.rules = business_rules(self.biz)
        self.slots = {
            "brand": self.biz["name"],
            "bot": self.biz["bot"],
            "product": self.rng.choice(self.biz["products"]),
            "ref": self._ref(),
        }

    # -------------------------------------------------------------- text helpers
    def _ref(self) -> str:
        pat: str = self.biz["ref"]
        r = self.rng
        out = pat
        for n in (5, 6, 7, 9):
            out = out.replace(f"{{d{n}}}", "".join(r.choice("0123456789") for _ in range(n)))
        out = out.replace(
            "{L6}", "".join(r.choice("ABCDEFGHJKLMNPQRSTUVWXYZ23456789") for _ in range(6))
        )
        out = out.replace("{h8}", "".join(r.choice("0123456789abcdef") for _ in range(8)))
        return out

    def fill(self, text: str, **extra: str) -> str:
        text = text.replace(
            "{brand}'s", "{brand}'" if self.biz["name"].endswith("s") else "{brand}'s"
        )
        slots = dict(self.slots)
        if self.amount is not None:
            slots["amount"] = fmt_money(self.amount, self.biz["cur"], self.lang)
        slots.update(extra)
        out = text
        for k, v in slots.items():
            out = out.replace("{" + k + "}", v)
        return out

    def pick(self, key: str, sub: str | None = None) -> str:
        bank = self.P[key] if sub is None else self.P[key][sub]
        return self.fill(self.rng.choice(bank))

    def small(self, key: str, **extra: str) -> str:
        return self.fill(self.rng.choice(self.S[key]), **extra)

    def rough(self, text: str, p: float = 0.35) -> str:
        """Informal typing: lowercase, dropped punctuation, missing accents, a typo."""
        r = self.rng
        if r.random() > p:
            return text
        out = text
        if r.random() < 0.5 and not out.isupper():
            out = out.lower()
        if r.random() < 0.4 and out[-1:] in ".!":
            out = out[:-1]
        if self.lang != "en" and r.random() < 0.35:
            table = str.maketrans("áéíóúàèìòùâêôãõç", "aeiouaeiouaeoaoc")
            out = out.translate(table)
        if r.random() < 0.45:
            words = out.split(" ")
            idx = [i for i, w in enumerate(words) if len(w) >= 6 and w.isalpha()]
            if idx:
                i = r.choice(idx)
                w = words[i]
                j = r.randrange(1, len(w) - 2)
                words[i] = w[:j] + w[j + 1] + w[j] + w[j + 2 :]
                out = " ".join(words)
        return out

    # -------------------------------------------------------------- messages
    def user(self, text: str, rough: bool = True) -> None:
        self.msgs.append({"role": "user", "text": self.rough(text) if rough else text})

    def bot(self, text: str, action: str | None = "answer") -> None:
        m: dict[str, Any] = {"role": "assistant", "text": text}
        if action:
            m["action"] = action
        self.msgs.append(m)

    def opening(self, p_greet: float = 0.25, p_hi: float = 0.1) -> None:
        r = self.rng.random()
        if r < p_hi:
            self.user(self.pick("hi"))
            self.bot(self.pick("bot_hi"))
        elif r < p_hi + p_greet:
            self.bot(self.pick("bot_hi"), action=None)

    def prelude_qa(self, p: float = 0.25) -> None:
        """One to three unrelated, well-answered questions before the real issue."""
        if self.rng.random() < p:
            k = self.rng.choice([1, 1, 1, 2, 2, 3])
            for q, a in self.rng.sample(self.P["qa"], k):
                self.user(self.fill(q))
                self.bot(self.fill(a))
                if self.rng.random() < 0.3:
                    self.user(self.pick("followup"))
                    self.bot(self.pick("bot_answer"))

    def n_user(self) -> int:
        return sum(1 for m in self.msgs if m["role"] == "user")

    # -------------------------------------------------------------- topics / rules
    def rules_of(
        self, kind: str | None = None, action: str | None = None, need_ask: bool = True
    ) -> list[Rule]:
        out = []
        for rl in self.rules:
            if kind and rl.kind != kind:
                continue
            if action and rl.action != action:
                continue
            if (
                need_ask
                and rl.kind in ("topic", "thr")
                and not TOPICS[rl.key][self.lang].get("ask")
            ):
                continue
            out.append(rl)
        return out

    def rule_for_topic(self, topic: str) -> list[Rule]:
        return [rl for rl in self.rules if rl.kind in ("topic", "thr") and rl.key == topic]

    def ask(self, topic: str) -> str:
        self.mentioned.add(topic)
        return self.fill(self.rng.choice(TOPICS[topic][self.lang]["ask"]))

    def near_ask(self, topic: str) -> str:
        self.near.add(topic)
        return self.fill(self.rng.choice(TOPICS[topic][self.lang]["near"]))

    def require(self, rule: Rule, met: bool = True) -> None:
        self.required[rule.gid] = rule
        if met:
            self.met.add(rule.gid)

    def free_topics(self, problem: bool | None = None) -> list[str]:
        out = []
        covered = {rl.key for rl in self.rules if rl.kind in ("topic", "thr")}
        for t in self.biz["free"]:
            if t in covered or TOPICS[t].get("threshold"):
                continue
            if problem is not None and TOPICS[t]["problem"] != problem:
                continue
            out.append(t)
        return out

    def problem_text(self) -> str:
        """A user problem that no guideline of the event will cover."""
        self.has_problem = True
        free = self.free_topics(problem=True)
        if free and self.rng.random() < 0.45:
            return self.ask(self.rng.choice(free))
        self.mentioned.update({"outage", "account_issue"})
        return self.fill(self.rng.choice(self.P["problem"]))

    def set_amount_for(self, rule: Rule, side: str) -> None:
        """side: over | exact | below."""
        assert rule.threshold is not None
        t = rule.threshold
        r = self.rng
        if side == "exact":
            self.amount = t
        elif side == "over":
            bump = r.choice([0.01, 0.5, 1, 4.99, 10, t * 0.2, t * 0.6, t * 1.5])
            self.amount = round(t + bump, 2)
        else:
            self.amount = round(max(1.0, r.uniform(0.15, 0.97) * t), r.choice([0, 2]))
            if self.amount >= t:
                self.amount = t - 1
        if r.random() < 0.5 and side != "exact":
            self.amount = float(round(self.amount))
            if side == "over" and self.amount <= t:
                self.amount = t + 1
            if side == "below" and self.amount >= t:
                self.amount = t - 1

    # -------------------------------------------------------------- context
    def base_context(self, trivial: bool = False) -> dict[str, Any] | None:
        """A context with no business-priority stakes (unless trivial, then anything)."""
        r = self.rng
        if r.random() < 0.22:
            return None
        c: dict[str, Any] = {}
        if r.random() < 0.6:
            c["plan"] = r.choice(["free", "basic", "pro", "business", "plus", "standard"])
        if r.random() < 0.4:
            c["account_value_usd"] = r.choice([0, 120, 480, 1200, 3600, 9900, 18000, 32000])
        if r.random() < 0.3:
            c["renewal_in_days"] = r.randint(46, 360)
        if r.random() < 0.55:
            c["customer_since_days"] = r.randint(45, 3000)
        if r.random() < 0.4:
            c["prior_contacts_7d"] = r.choice([0, 0, 0, 1, 1, 2])
        if r.random() < 0.5:
            c["page"] = r.choice(PAGES)
        if r.random() < 0.45:
            c["ai_confidence"] = round(r.uniform(0.05 if trivial else 0.45, 0.98), 2)
        if r.random() < 0.12:
            inc = INCIDENTS[r.choice(sorted(INCIDENTS))]
            c["open_incident"] = inc["unrelated"].format(n=r.randint(10, 999))
        if r.random() < 0.2:
            c["app_version"] = f"{r.randint(3, 9)}.{r.randint(0, 20)}.{r.randint(0, 9)}"
        if r.random() < 0.2:
            c["channel"] = r.choice(["web", "ios", "android", "whatsapp"])
        if trivial and r.random() < 0.15:
            c["plan"] = "enterprise"
            c["account_value_usd"] = r.choice([60000, 150000, 240000])
        return c

    def context(self, c: dict[str, Any] | None) -> None:
        self.ctx = c
        self.ctx_done = True

    # -------------------------------------------------------------- assemble
    def build(self) -> tuple[dict[str, Any], Facts, list[dict[str, str]]]:
        r = self.rng
        if not self.ctx_done:
            self.ctx = self.base_context(trivial=not self.has_problem)
        mentioned = self.mentioned | set(self.facts.pop("_touch", set()))
        chosen: list[Rule] = list(self.required.values())
        pool = []
        for rl in self.rules:
            if rl.gid in self.required:
                continue
            if rl.kind in ("topic", "thr") and rl.key in mentioned:
                continue
            if rl.kind == "umb" and set(rl.covers) & (mentioned | self.near):
                continue
            if (
                rl.kind == "ctx"
                and not self.allow_ctx_rules
                and (self.ctx or {}).get("plan") == "enterprise"
            ):
                continue
            pool.append(rl)
        room = max(0, self.max_guidelines - len(chosen))
        k = min(room, len(pool), r.choice([0, 1, 2, 3, 3, 4, 4, 5, 5, 6]))
        if not chosen and r.random() < 0.06:
            k = 0
        chosen += r.sample(pool, k)
        r.shuffle(chosen)
        gl_json: list[dict[str, str]] = []
        gfacts: list[GuidelineFact] = []
        for rl in chosen:
            text = rl.one_sided_text if rl.gid in self.one_sided else rl.text
            gl_json.append({"id": rl.gid, "text": text})
            topic_met = rl.gid in self.met
            if rl.kind == "tone":
                gfacts.append(GuidelineFact(rl.gid, kind="tone"))
            elif rl.kind == "thr":
                gfacts.append(
                    GuidelineFact(
                        rl.gid,
                        kind="threshold",
                        topic_met=topic_met,
                        action=rl.action,
                        specificity=rl.specificity,
                        threshold=rl.threshold,
                        upper_op=rl.upper_op,
                        lower_op=None if rl.gid in self.one_sided else rl.lower_op,
                        amount=self.amount if topic_met else None,
                    )
                )
            else:
                gfacts.append(
                    GuidelineFact(
                        rl.gid,
                        kind="rule",
                        topic_met=topic_met,
                        action=rl.action,
                        specificity=rl.specificity,
                    )
                )
        c = self.ctx or {}
        f = dict(self.facts)
        f.setdefault("has_problem", self.has_problem)
        f.setdefault("nontrivial_issue", self.has_problem)
        facts = Facts(
            guidelines=tuple(gfacts),
            plan=c.get("plan"),
            account_value_usd=c.get("account_value_usd"),
            renewal_in_days=c.get("renewal_in_days"),
            customer_since_days=c.get("customer_since_days"),
            ai_confidence=c.get("ai_confidence"),
            **f,
        )
        return (self.ctx or {}), facts, gl_json


# ================================================================== templates

Template = Callable[[Gen], None]
TEMPLATES: dict[str, tuple[str, float, Template]] = {}


def template(name: str, group: str, weight: float) -> Callable[[Template], Template]:
    def deco(fn: Template) -> Template:
        TEMPLATES[name] = (group, weight, fn)
        return fn

    return deco


def _choose(g: Gen, items: Sequence[Any]) -> Any:
    if not items:
        raise Skip
    return g.rng.choice(list(items))


# ------------------------------------------------------------------ none (continue)


@template("none_simple_qa", "none", 4)
def t_none_simple_qa(g: Gen) -> None:
    g.opening()
    q, _ = g.rng.choice(g.P["qa"])
    g.user(g.fill(q))
    g.notes.append("simple question the assistant can answer")


@template("none_qa_followup", "none", 3)
def t_none_qa_followup(g: Gen) -> None:
    g.opening()
    q, a = g.rng.choice(g.P["qa"])
    g.user(g.fill(q))
    g.bot(g.fill(a))
    g.user(g.pick("thanks") if g.rng.random() < 0.5 else g.pick("followup"))
    g.notes.append("answered fine; follow-up or thanks")


@template("none_free_topic", "none", 3)
def t_none_free_topic(g: Gen) -> None:
    topic = _choose(g, g.free_topics())
    g.opening()
    g.prelude_qa(0.2)
    g.user(g.ask(topic))
    g.has_problem = TOPICS[topic]["problem"]
    if g.rng.random() < 0.4:
        g.bot(g.pick("bot_ack"))
        g.user(g.small("detail"))
    g.notes.append(f"{topic} question, no guideline covers it, no stakes")


@template("none_no_human", "none", 1.5)
def t_none_no_human(g: Gen) -> None:
    q, _ = g.rng.choice(g.P["qa"])
    g.opening()
    g.user(g.fill(g.rng.choice(g.P["no_human"]), q=g.fill(q)))
    g.facts["says_no_human"] = True
    g.notes.append("user explicitly does not want a human")


@template("none_decline_offer", "none", 2)
def t_none_decline(g: Gen) -> None:
    g.opening()
    g.user(g.problem_text())
    g.bot(g.pick("bot_ack"))
    g.user(g.pick("frus_mild"))
    g.bot(g.pick("bot_offer"), "offer_escalation")
    g.user(g.pick("decline"))
    g.facts.update(
        offer_pending=True, offer_response="declined", frustration=1, frustration_turns=1
    )
    g.context(g.base_context())
    g.notes.append("offer declined")


@template("none_offer_pending_sidestep", "none", 2)
def t_none_offer_pending(g: Gen) -> None:
    g.opening()
    p = g.problem_text()
    g.user(p)
    g.bot(g.pick("bot_fail"))
    g.user(g.small("rephrase", p=p))
    g.bot(g.pick("bot_fail"))
    if g.rng.random() < 0.3:
        g.bot(g.pick("bot_offer"), "offer_escalation")
    else:
        g.user(g.small("next"))
        g.bot(g.pick("bot_offer"), "offer_escalation")
    g.user(g.small("sidestep"))
    g.facts.update(offer_pending=True, failed_answers=2)
    g.context(g.base_context())
    g.notes.append("offer pending, user neither accepts nor declines: never offer twice")


@template("none_acted_on", "none", 1.5)
def t_none_acted_on(g: Gen) -> None:
    g.opening()
    if g.rng.random() < 0.5:
        g.user(g.pick("req_bare"))
    else:
        g.user(join(g.problem_text(), g.pick("req_suffix")))
    g.bot(g.pick("bot_escalated"), "escalated")
    r = g.rng.random()
    if r < 0.25:
        g.msgs.append({"role": "system", "text": g.pick("system_joined")})
        g.msgs.append({"role": "agent", "text": g.pick("agent_hi")})
        g.user(g.small("detail"))
    else:
        if r < 0.45:
            g.msgs.append({"role": "system", "text": g.pick("system_joined")})
        g.user(g.small("wait"))
    g.facts.update(request_acted_on=True)
    g.context(g.base_context())
    g.notes.append("request already acted on (escalated): not a new request")


@template("none_priority_near_miss", "none", 3)
def t_none_priority_near(g: Gen) -> None:
    r = g.rng
    kind = r.choice(["value", "renewal", "new", "contacts", "incident", "confidence"])
    g.opening()
    p = g.problem_text()
    c = g.base_context() or {}
    if kind == "value":
        c["account_value_usd"] = r.choice([49000, 49999, 45000, 30000])
        c["plan"] = r.choice(["business", "pro", "team"])
        g.user(p)
    elif kind == "renewal":
        c["renewal_in_days"] = r.choice([31, 45, 60, 90])
        g.user(p)
    elif kind == "new":
        c["customer_since_days"] = r.choice([30, 31, 45, 60])
        g.user(p)
    elif kind == "contacts":
        c["prior_contacts_7d"] = r.choice([1, 2])
        g.user(p)
    elif kind == "incident":
        inc = INCIDENTS[r.choice(sorted(INCIDENTS))]
        c["open_incident"] = inc["unrelated"].format(n=r.randint(10, 999))
        g.user(p)
    else:
        c["ai_confidence"] = r.choice([0.3, 0.31, 0.35, 0.42])
        g.user(p)
    if c.get("plan") == "enterprise":
        del c["plan"]
    g.context(c)
    g.notes.append(f"business-priority near miss ({kind})")


@template("none_stakes_no_problem", "none", 1.5)
def t_none_stakes_no_problem(g: Gen) -> None:
    r = g.rng
    g.opening()
    q, a = r.choice(g.P["qa"])
    g.user(g.fill(q))
    if r.random() < 0.4:
        g.bot(g.fill(a))
        g.user(g.pick("followup"))
    c = g.base_context() or {}
    c.update(plan="enterprise", account_value_usd=r.choice([60000, 120000, 480000]))
    if r.random() < 0.5:
        c["renewal_in_days"] = r.randint(3, 30)
    g.context(c)
    g.notes.append("high-stakes account but a simple question, no problem")


@template("none_threshold_unmet_one_sided", "none", 2)
def t_none_thr_one_sided(g: Gen) -> None:
    rule = _choose(g, g.rules_of("thr", "escalate"))
    if rule.lower_op is not None:
        g.one_sided.add(rule.gid)
    side = "exact" if g.rng.random() < 0.45 and rule.upper_op == "gt" else "below"
    g.set_amount_for(rule, side)
    g.require(rule, met=True)
    g.opening()
    g.user(g.ask(rule.key))
    g.has_problem = True
    g.notes.append(f"{side} the threshold of a rule naming only the escalating side: not cited")


@template("none_topic_near_miss", "none", 3)
def t_none_topic_near(g: Gen) -> None:
    rules = [rl for rl in g.rules_of("topic") if TOPICS[rl.key][g.lang].get("near")]
    rule = _choose(g, rules)
    g.require(rule, met=False)
    g.opening()
    g.prelude_qa(0.15)
    g.user(g.near_ask(rule.key))
    g.has_problem = True  # may be a problem; the context carries no stakes
    g.context(g.base_context())
    g.notes.append(f"near miss of {rule.gid}: related but the condition is not met")


@template("none_low_conf_trivial", "none", 1)
def t_none_low_conf_trivial(g: Gen) -> None:
    r = g.rng
    if r.random() < 0.5:
        g.user(g.pick("hi"))
    else:
        q, a = r.choice(g.P["qa"])
        g.user(g.fill(q))
        g.bot(g.fill(a))
        g.user(g.pick("thanks"))
    c = g.base_context() or {}
    c["ai_confidence"] = round(r.uniform(0.05, 0.29), 2)
    g.context(c)
    g.notes.append("low ai_confidence but a trivial message")


@template("none_human_mention", "none", 1)
def t_none_human_mention(g: Gen) -> None:
    g.opening()
    g.user(g.pick("human_mention"))
    g.notes.append("mentions a human/agent but does not ask for one")


@template("none_one_failed_answer", "none", 1.5)
def t_none_one_failed(g: Gen) -> None:
    g.opening()
    p = g.problem_text()
    g.user(p)
    g.bot(g.pick("bot_fail"))
    g.user(g.small("rephrase", p=p))
    g.facts.update(failed_answers=1)
    g.context(g.base_context())
    g.notes.append("one unhelpful answer only: not yet ai_unable")


@template("none_ctx_rule_near_miss", "none", 0.8)
def t_none_ctx_near(g: Gen) -> None:
    rule = _choose(g, g.rules_of("ctx"))
    g.require(rule, met=False)
    g.allow_ctx_rules = True
    g.opening()
    g.user(g.problem_text())
    c = g.base_context() or {}
    c["plan"] = g.rng.choice(["business", "pro", "team", "growth"])
    c["account_value_usd"] = g.rng.choice([12000, 24000, 36000])
    g.context(c)
    g.notes.append(f"{rule.gid} needs an Enterprise plan; this customer is not")


@template("none_gl_offer_declined", "none", 1)
def t_none_gl_offer_declined(g: Gen) -> None:
    rule = _choose(g, g.rules_of("topic", "offer"))
    g.require(rule, met=True)
    g.opening()
    g.user(g.ask(rule.key))
    g.bot(g.pick("bot_offer"), "offer_escalation")
    g.user(g.pick("decline"))
    g.facts.update(offer_pending=True, offer_response="declined")
    g.notes.append(f"{rule.gid} prompted an offer; the user declined")


# ------------------------------------------------------------------ guideline


def _pick_action(g: Gen, weights: dict[str, float], kind: str = "topic") -> Rule:
    acts = [a for a in ("escalate", "offer", "continue") if weights[a] > 0 and g.rules_of(kind, a)]
    if not acts:
        raise Skip
    a = g.rng.choices(acts, weights=[weights[x] for x in acts])[0]
    return g.rng.choice(g.rules_of(kind, a))


@template("gl_rule_met", "guideline", 9)
def t_gl_rule_met(g: Gen) -> None:
    rule = _pick_action(g, {"escalate": 0.45, "offer": 0.25, "continue": 0.3})
    g.require(rule)
    g.has_problem = TOPICS[rule.key]["problem"]
    g.opening()
    g.prelude_qa(0.2)
    g.user(g.ask(rule.key))
    if g.rng.random() < 0.3:
        g.bot(g.pick("bot_ack"))
        g.user(g.small("detail"))
    g.notes.append(f"{rule.gid} applies ({rule.action})")


@template("gl_threshold_over", "guideline", 3)
def t_gl_thr_over(g: Gen) -> None:
    rule = _choose(g, g.rules_of("thr"))
    g.set_amount_for(rule, "over")
    if rule.lower_op and g.rng.random() < 0.3:
        g.one_sided.add(rule.gid)
    g.require(rule)
    g.has_problem = True
    g.opening()
    g.user(g.ask(rule.key))
    g.notes.append(f"amount above the threshold of {rule.gid}")


@template("gl_threshold_lower", "guideline", 2.5)
def t_gl_thr_lower(g: Gen) -> None:
    rule = _choose(g, [rl for rl in g.rules_of("thr") if rl.lower_op])
    g.set_amount_for(rule, "below")
    g.require(rule)
    g.has_problem = True
    g.opening()
    g.prelude_qa(0.15)
    g.user(g.ask(rule.key))
    g.notes.append(f"amount on the assistant's side of {rule.gid}: cited, continue")


@template("gl_threshold_exact", "guideline", 1.5)
def t_gl_thr_exact(g: Gen) -> None:
    rule = _choose(
        g, [rl for rl in g.rules_of("thr") if rl.upper_op == "ge" or rl.lower_op == "le"]
    )
    g.set_amount_for(rule, "exact")
    g.require(rule)
    g.has_problem = True
    g.opening()
    g.user(g.ask(rule.key))
    g.notes.append(f"amount exactly at the threshold of {rule.gid}, read literally")


def join(a: str, b: str) -> str:
    """Join two user sentences the way people type them."""
    if a[-1:] not in ".!?…":
        a += "."
    return a + " " + b


def _multi_ask(g: Gen, a: Rule, b: Rule) -> None:
    first = g.ask(a.key)
    g.slots["ref"] = g._ref()
    second = g.ask(b.key)
    if g.rng.random() < 0.5:
        first, second = second, first
    for pre in GREETING_PREFIXES:
        if second.lower().startswith(pre):
            second = second[len(pre) :]
    if first[-1:] not in ".!?":
        first += "."
    conn = g.small("also")
    if not conn.endswith(": "):
        second = second[:1].lower() + second[1:]
    g.user(first + " " + conn + second)


def _thr_side_for(g: Gen, rule: Rule, want: str) -> None:
    """Choose an amount so a threshold rule prescribes `want`."""
    if want in ("escalate", "offer"):
        g.set_amount_for(rule, "over")
    else:
        if not rule.lower_op:
            raise Skip
        g.set_amount_for(rule, "below")


@template("gl_conflict_specific_wins", "guideline", 2.5)
def t_gl_conflict_specific(g: Gen) -> None:
    umbs = g.rules_of("umb")
    pairs = []
    for u in umbs:
        for s in g.rules:
            if s.kind not in ("topic", "thr") or s.key not in u.covers:
                continue
            if TOPICS[s.key][g.lang].get("ask"):
                if s.kind == "thr":
                    for want in ("escalate", "continue"):
                        if want != u.action and (want == "escalate" or s.lower_op):
                            pairs.append((u, s, want))
                elif s.action != u.action:
                    pairs.append((u, s, s.action))
    u, s, want = _choose(g, pairs)
    if s.kind == "thr":
        _thr_side_for(g, s, want)
    g.require(u)
    g.require(s)
    g.has_problem = TOPICS[s.key]["problem"]
    g.opening()
    g.user(g.ask(s.key))
    g.notes.append(f"{s.gid} (specific) beats {u.gid} (general)")


def _topic_action(rule: Rule, want: str | None = None) -> str:
    return want or rule.action


@template("gl_conflict_equal_escalate_wins", "guideline", 1.5)
def t_gl_conflict_equal(g: Gen) -> None:
    cands = [
        rl for rl in g.rules if rl.kind in ("topic", "thr") and TOPICS[rl.key][g.lang].get("ask")
    ]
    pairs = []
    for i, a in enumerate(cands):
        for b in cands[i + 1 :]:
            if a.key == b.key:
                continue
            acts_a = (
                ["escalate", "continue"]
                if a.kind == "thr" and a.lower_op
                else (["escalate"] if a.kind == "thr" else [a.action])
            )
            acts_b = (
                ["escalate", "continue"]
                if b.kind == "thr" and b.lower_op
                else (["escalate"] if b.kind == "thr" else [b.action])
            )
            for xa in acts_a:
                for xb in acts_b:
                    if xa != xb and not (a.kind == "thr" and b.kind == "thr"):
                        pairs.append((a, b, xa, xb))
    a, b, xa, xb = _choose(g, pairs)
    for rl, x in ((a, xa), (b, xb)):
        if rl.kind == "thr":
            _thr_side_for(g, rl, x)
    g.require(a)
    g.require(b)
    g.has_problem = TOPICS[a.key]["problem"] or TOPICS[b.key]["problem"]
    g.opening()
    _multi_ask(g, a, b)
    g.notes.append(f"{a.gid} ({xa}) vs {b.gid} ({xb}), equally specific: escalation wins")


@template("gl_agree_all_cited", "guideline", 1.5)
def t_gl_agree(g: Gen) -> None:
    pairs = []
    for u in g.rules_of("umb"):
        for s in g.rules:
            if (
                s.kind == "topic"
                and s.key in u.covers
                and s.action == u.action
                and TOPICS[s.key][g.lang].get("ask")
            ):
                pairs.append(("umb", u, s))
    tops = [rl for rl in g.rules_of("topic") if rl.action != "continue"]
    for i, a in enumerate(tops):
        for b in tops[i + 1 :]:
            if a.action == b.action:
                pairs.append(("two", a, b))
    kind, a, b = _choose(g, pairs)
    g.require(a)
    g.require(b)
    g.opening()
    if kind == "umb":
        g.user(g.ask(b.key))
        g.has_problem = TOPICS[b.key]["problem"]
    else:
        _multi_ask(g, a, b)
        g.has_problem = TOPICS[a.key]["problem"] or TOPICS[b.key]["problem"]
    g.notes.append(f"{a.gid} and {b.gid} agree ({a.action}): both cited")


@template("gl_with_lower_signal", "guideline", 2.5)
def t_gl_with_lower(g: Gen) -> None:
    r = g.rng
    rule = _pick_action(g, {"escalate": 0.7, "offer": 0.3, "continue": 0.0})
    g.require(rule)
    g.has_problem = TOPICS[rule.key]["problem"]
    g.opening()
    if rule.action == "escalate":
        sig = r.choice(["frus_mild", "frus_strong", "request", "fails", "priority"])
    else:
        sig = r.choice(["frus_mild", "fails", "priority"])
    ask = g.ask(rule.key)
    if sig == "fails":
        g.user(ask)
        g.bot(g.pick("bot_fail"))
        g.user(g.small("more"))
        g.bot(g.pick("bot_fail"))
        g.user(g.small("next"))
        g.facts.update(failed_answers=2)
    elif sig == "frus_mild":
        g.user(ask)
        g.bot(g.pick("bot_ack"))
        g.user(g.pick("frus_mild"))
        g.facts.update(frustration=1, frustration_turns=1)
    elif sig == "frus_strong":
        g.user(join(ask, g.pick("frus_strong")), rough=False)
        g.facts.update(frustration=2, frustration_turns=1)
    elif sig == "request":
        g.user(join(ask, g.pick("req_suffix")))
        g.facts.update(human_request=True)
    else:
        g.user(ask)
        g.has_problem = True
        g.context(
            {
                "plan": "enterprise",
                "account_value_usd": r.choice([80000, 150000]),
                "renewal_in_days": r.randint(5, 30),
            }
        )
    g.notes.append(f"{rule.gid} applies; a lower-priority signal ({sig}) is also present")


@template("gl_forbid_over_request", "guideline", 1.2)
def t_gl_forbid_over_request(g: Gen) -> None:
    rule = _choose(g, g.rules_of("topic", "continue"))
    g.require(rule)
    g.opening()
    if g.rng.random() < 0.5:
        g.user(join(g.ask(rule.key), g.pick("req_suffix")))
    else:
        g.user(g.ask(rule.key))
        g.bot(g.pick("bot_answer"))
        g.user(g.pick("req_later"))
    g.facts.update(human_request=True)
    g.notes.append(f"{rule.gid} forbids escalating this topic and outranks the request")


@template("gl_context_rule", "guideline", 1.5)
def t_gl_ctx(g: Gen) -> None:
    rule = _choose(g, g.rules_of("ctx"))
    g.require(rule)
    g.allow_ctx_rules = True
    g.opening()
    g.user(g.problem_text())
    c = g.base_context() or {}
    c["plan"] = "enterprise"
    if g.rng.random() < 0.5:
        c["account_value_usd"] = g.rng.choice([40000, 90000, 210000])
    g.context(c)
    g.notes.append(f"{rule.gid}: Enterprise customer with a problem")


# ------------------------------------------------------------------ sensitive

_SENS_TOUCH = {
    "fraud": {"payment_issue", "fees_info", "fee_reversal", "refund_amount"},
    "hijacked": {"login", "account_issue"},
    "gdpr": {"data_export", "cancel", "account_issue"},
    "bereavement": {"cancel", "account_issue", "payment_issue"},
    "legal": set(),
    "self_harm": set(),
    "medical": set(),
}


def _sensitive_text(g: Gen) -> str:
    kind = g.rng.choice(sorted(_SENS_TOUCH))
    bank = g.P["sensitive"][kind]
    if kind == "medical" and g.biz["industry"] not in FOOD_LIKE:
        text = g.fill(bank[-1])
    else:
        text = g.fill(g.rng.choice(bank))
    g.facts["sensitive"] = kind
    g.facts.setdefault("_touch", set()).update(_SENS_TOUCH[kind])
    g.notes.append(f"sensitive: {kind}")
    return text


@template("sens_single", "sensitive", 3)
def t_sens_single(g: Gen) -> None:
    g.opening()
    g.user(_sensitive_text(g))


@template("sens_after_turns", "sensitive", 2)
def t_sens_after(g: Gen) -> None:
    g.opening()
    p = g.problem_text()
    g.user(p)
    g.bot(g.pick("bot_ack"))
    t = _sensitive_text(g)
    if g.facts["sensitive"] == "legal":
        t = join(g.pick("frus_mild"), t)
        g.facts.update(frustration=1, frustration_turns=1)
    g.user(t)


@template("sens_with_request", "sensitive", 2)
def t_sens_request(g: Gen) -> None:
    g.opening()
    g.user(join(_sensitive_text(g), g.pick("req_suffix")))
    g.facts.update(human_request=True)
    g.notes.append("also asks for a human: sensitive ranks higher")


# ------------------------------------------------------------------ request


@template("req_bare_first", "request", 2)
def t_req_bare(g: Gen) -> None:
    if g.rng.random() < 0.3:
        g.bot(g.pick("bot_hi"), action=None)
    g.user(g.pick("req_bare"))
    g.facts.update(human_request=True, request_first_bare=True)
    g.context(g.base_context(trivial=True))
    g.notes.append("bare request on the first user message: offer")


@template("req_first_with_content", "request", 1.5)
def t_req_first_content(g: Gen) -> None:
    g.opening(p_hi=0)
    g.user(join(g.problem_text(), g.pick("req_suffix")))
    g.facts.update(human_request=True)
    g.context(g.base_context())
    g.notes.append("asks for a human together with the issue")


@template("req_later_turn", "request", 2)
def t_req_later(g: Gen) -> None:
    g.opening()
    g.prelude_qa(0.2)
    if g.rng.random() < 0.5:
        p = g.problem_text()
        g.user(p)
        g.bot(g.pick("bot_ack"))
    else:
        q, a = g.rng.choice(g.P["qa"])
        g.user(g.fill(q))
        g.bot(g.fill(a))
    g.user(g.pick("req_later"))
    g.facts.update(human_request=True)
    g.context(g.base_context())
    g.notes.append("asks for a human after the assistant answered")


@template("req_accept_offer", "request", 1.5)
def t_req_accept(g: Gen) -> None:
    g.opening()
    p = g.problem_text()
    g.user(p)
    g.bot(g.pick("bot_fail"))
    g.user(g.small("rephrase", p=p))
    g.bot(g.pick("bot_fail"))
    g.user(g.small("next"))
    g.bot(g.pick("bot_offer"), "offer_escalation")
    g.user(g.pick("accept"))
    g.facts.update(offer_pending=True, offer_response="accepted", failed_answers=2)
    g.context(g.base_context())
    g.notes.append("accepts the offer")


@template("req_accept_guideline_offer", "request", 1.2)
def t_req_accept_gl(g: Gen) -> None:
    rule = _choose(g, g.rules_of("topic", "offer"))
    g.require(rule)
    g.opening()
    g.user(g.ask(rule.key))
    g.bot(g.pick("bot_offer"), "offer_escalation")
    g.user(g.pick("accept"))
    g.facts.update(offer_pending=True, offer_response="accepted")
    g.notes.append(f"accepts the offer {rule.gid} prompted: request, no citation")


@template("req_with_mild_frustration", "request", 1)
def t_req_frus(g: Gen) -> None:
    g.opening()
    p = g.problem_text()
    g.user(p)
    g.bot(g.pick("bot_ack"))
    g.user(join(g.pick("frus_mild"), g.pick("req_later")))
    g.facts.update(human_request=True, frustration=1, frustration_turns=1)
    g.context(g.base_context())
    g.notes.append("request plus mild frustration: request ranks higher")


# ------------------------------------------------------------------ frustration


def _avoid_churn_rules(g: Gen) -> None:
    g.facts.setdefault("_touch", set()).update({"cancel", "competitor_switch"})


@template("frus_mild_first", "frustration", 2)
def t_frus_mild(g: Gen) -> None:
    g.opening()
    p = g.problem_text()
    g.user(p)
    g.bot(g.pick("bot_ack"))
    fr = g.pick("frus_mild")
    g.user(join(fr, g.small("next")) if g.rng.random() < 0.5 else fr)
    g.facts.update(frustration=1, frustration_turns=1)
    g.context(g.base_context())
    g.notes.append("first, mild sign of frustration: offer")


@template("frus_sarcasm", "frustration", 1)
def t_frus_sarcasm(g: Gen) -> None:
    g.opening()
    g.user(g.problem_text())
    g.bot(g.pick("bot_fail"))
    g.user(g.pick("sarcasm"))
    g.facts.update(frustration=1, frustration_turns=1, failed_answers=1)
    g.context(g.base_context())
    g.notes.append("sarcasm after one unhelpful answer: mild frustration")


@template("frus_strong", "frustration", 2)
def t_frus_strong(g: Gen) -> None:
    g.opening()
    p = g.problem_text()
    if g.rng.random() < 0.5:
        g.user(join(p, g.pick("frus_strong")), rough=False)
    else:
        g.user(p)
        g.bot(g.pick("bot_answer"))
        if g.rng.random() < 0.25:
            _avoid_churn_rules(g)
            g.user(join(g.pick("frus_strong"), g.pick("churn")), rough=False)
        else:
            g.user(g.pick("frus_strong"), rough=False)
    g.facts.update(frustration=2, frustration_turns=1)
    g.context(g.base_context())
    g.notes.append("strong or abusive frustration: escalate")


@template("frus_building", "frustration", 1.5)
def t_frus_building(g: Gen) -> None:
    g.opening()
    p = g.problem_text()
    g.user(p)
    g.bot(g.pick("bot_ack"))
    g.user(g.pick("frus_mild"))
    g.bot(g.pick("bot_answer"))
    g.user(join(g.rng.choice([g.pick("frus_mild"), g.pick("sarcasm")]), g.small("more")))
    g.facts.update(frustration=1, frustration_turns=2)
    g.context(g.base_context())
    g.notes.append("frustration building over turns: escalate")


@template("frus_with_failed_answers", "frustration", 1)
def t_frus_failed(g: Gen) -> None:
    g.opening()
    p = g.problem_text()
    g.user(p)
    g.bot(g.pick("bot_fail"))
    g.user(g.small("rephrase", p=p))
    g.bot(g.pick("bot_fail"))
    g.user(g.pick("frus_mild"))
    g.facts.update(frustration=1, frustration_turns=1, failed_answers=2)
    g.context(g.base_context())
    g.notes.append("frustration combined with failed answers: escalate")


@template("frus_after_offer_strong", "frustration", 0.8)
def t_frus_after_offer(g: Gen) -> None:
    g.opening()
    g.user(g.problem_text())
    g.bot(g.pick("bot_ack"))
    g.user(g.pick("frus_mild"))
    g.bot(g.pick("bot_offer"), "offer_escalation")
    g.user(g.pick("frus_strong"), rough=False)
    g.facts.update(offer_pending=True, frustration=2, frustration_turns=2)
    g.context(g.base_context())
    g.notes.append("offer pending, frustration turns strong: something stronger, escalate")


# ------------------------------------------------------------------ account action

_AA_TOUCH = {
    "refund_exception": {"refund_amount", "payment_issue"},
    "dispute_charge": {"payment_issue", "refund_amount", "fee_reversal", "fees_info"},
    "owner_change": {"account_issue", "cancel"},
    "hidden_data": {"data_export"},
    "exception": {"payment_issue", "cancel", "contract_terms", "competitor_switch"},
}


def _aa_text(g: Gen) -> str:
    kind = g.rng.choice(sorted(_AA_TOUCH))
    g.facts["account_action"] = kind
    g.facts.setdefault("_touch", set()).update(_AA_TOUCH[kind])
    g.notes.append(f"account action: {kind}")
    return g.pick("account_action", kind)


@template("aa_single", "account_action", 4)
def t_aa_single(g: Gen) -> None:
    g.opening()
    g.prelude_qa(0.2)
    g.user(_aa_text(g))
    g.context(g.base_context(trivial=True))


@template("aa_multi", "account_action", 2)
def t_aa_multi(g: Gen) -> None:
    g.opening()
    t = _aa_text(g)
    g.user(g.pick("hi"))
    g.bot(g.pick("bot_hi"))
    g.user(t)
    if g.rng.random() < 0.5:
        g.bot(g.pick("bot_ack"))
        g.user(g.small("detail"))
    g.context(g.base_context(trivial=True))


@template("aa_after_failed", "account_action", 1)
def t_aa_failed(g: Gen) -> None:
    g.opening()
    t = _aa_text(g)
    g.user(t)
    g.bot(g.pick("bot_fail"))
    g.user(join(g.small("more"), t))
    g.bot(g.pick("bot_fail"))
    g.user(g.small("next"))
    g.facts.update(failed_answers=2)
    g.context(g.base_context(trivial=True))
    g.notes.append("account action ranks above ai_unable")


# ------------------------------------------------------------------ ai unable


@template("ai_two_failed", "ai_unable", 2.5)
def t_ai_failed(g: Gen) -> None:
    g.opening()
    p = g.problem_text() if g.rng.random() < 0.7 else g.pick("vague_problem")
    g.has_problem = True
    g.user(p)
    g.bot(g.pick("bot_fail"))
    g.user(g.small("rephrase", p=p))
    g.bot(g.pick("bot_fail"))
    g.user(g.small("next"))
    g.facts.update(failed_answers=2)
    g.context(g.base_context())
    g.notes.append("two unhelpful answers on the same issue")


@template("ai_user_says", "ai_unable", 1.5)
def t_ai_user_says(g: Gen) -> None:
    g.opening()
    g.user(g.problem_text())
    g.bot(g.pick("bot_answer"))
    g.user(g.pick("unhelpful_user"))
    g.facts.update(user_says_unhelpful=True, failed_answers=1)
    g.context(g.base_context())
    g.notes.append("user says the answer does not help")


@template("ai_loop", "ai_unable", 1.5)
def t_ai_loop(g: Gen) -> None:
    g.opening()
    p = g.problem_text()
    g.user(p)
    same = g.pick("bot_fail")
    g.bot(same)
    g.user(g.small("rephrase", p=p))
    g.bot(same)
    g.user(g.small("rephrase", p=p))
    g.facts.update(loop=True, failed_answers=2)
    g.context(g.base_context())
    g.notes.append("assistant repeats the same answer: a loop")


@template("ai_low_confidence", "ai_unable", 1.5)
def t_ai_low_conf(g: Gen) -> None:
    g.opening()
    g.user(g.problem_text())
    if g.rng.random() < 0.4:
        g.bot(g.pick("bot_ack"))
        g.user(g.small("detail"))
    c = g.base_context() or {}
    c["ai_confidence"] = g.rng.choice([0.05, 0.12, 0.18, 0.22, 0.25, 0.29])
    g.context(c)
    g.notes.append("ai_confidence below 0.3 on a real problem")


# ------------------------------------------------------------------ business priority


def _prio_ctx(g: Gen) -> dict[str, Any]:
    c = g.base_context() or {}
    c.pop("open_incident", None)
    return c


@template("prio_account_value", "business_priority", 1.2)
def t_prio_value(g: Gen) -> None:
    g.opening()
    g.user(g.problem_text())
    c = _prio_ctx(g)
    c["account_value_usd"] = g.rng.choice([50000, 52000, 75000, 120000, 300000])
    c["plan"] = g.rng.choice(["business", "pro", "scale"])
    g.context(c)
    g.notes.append("account value >= 50,000 USD with a problem")


@template("prio_enterprise", "business_priority", 1.2)
def t_prio_enterprise(g: Gen) -> None:
    g.opening()
    g.user(g.problem_text())
    c = _prio_ctx(g)
    c["plan"] = "enterprise"
    g.context(c)
    g.notes.append("enterprise plan with a problem")


@template("prio_renewal", "business_priority", 1.2)
def t_prio_renewal(g: Gen) -> None:
    g.opening()
    p = g.problem_text()
    g.user(join(p, g.pick("renewal_problem")) if g.rng.random() < 0.4 else p)
    c = _prio_ctx(g)
    c["renewal_in_days"] = g.rng.choice([2, 7, 14, 21, 30])
    g.context(c)
    g.notes.append("renewal within 30 days with a problem")


@template("prio_new_customer", "business_priority", 1.2)
def t_prio_new(g: Gen) -> None:
    g.opening()
    g.user(g.pick("new_stuck"))
    g.has_problem = True
    c = _prio_ctx(g)
    c["customer_since_days"] = g.rng.choice([4, 6, 9, 12, 20, 29])
    g.context(c)
    g.notes.append("customer in their first 30 days who is stuck")


@template("prio_incident", "business_priority", 1.2)
def t_prio_incident(g: Gen) -> None:
    key = g.rng.choice(sorted(INCIDENTS))
    inc = INCIDENTS[key]
    g.opening()
    g.user(g.fill(g.rng.choice(inc[g.lang])))
    g.has_problem = True
    g.facts["incident_hit"] = True
    g.facts["_touch"] = {"outage", "login", "payment_issue", "account_issue"}
    c = _prio_ctx(g)
    c["open_incident"] = inc["text"].format(n=g.rng.randint(10, 999))
    g.context(c)
    g.notes.append("user is hitting the open incident")


@template("prio_repeat_contacts", "business_priority", 1.2)
def t_prio_repeat(g: Gen) -> None:
    g.opening()
    g.user(join(g.problem_text(), g.pick("repeat_contact")))
    c = _prio_ctx(g)
    c["prior_contacts_7d"] = g.rng.choice([3, 3, 4, 5])
    g.context(c)
    g.facts["prior_contacts_same_issue"] = c["prior_contacts_7d"]
    g.notes.append("3+ contacts in 7 days about the same thing")


# ================================================================== records

GROUP_WEIGHTS: dict[str, float] = {
    "none": 27,
    "guideline": 34,
    "sensitive": 7,
    "request": 7,
    "frustration": 7,
    "account_action": 7,
    "ai_unable": 7,
    "business_priority": 7,
}


def _choose_template(rng: random.Random) -> str:
    groups = sorted(GROUP_WEIGHTS)
    grp = rng.choices(groups, weights=[GROUP_WEIGHTS[x] for x in groups])[0]
    names = sorted(n for n, (gr, _, _) in TEMPLATES.items() if gr == grp)
    return rng.choices(names, weights=[TEMPLATES[n][1] for n in names])[0]


def _sent_at(rng: random.Random) -> str:
    month = rng.randint(1, 12)
    day = rng.randint(1, 28)
    return (
        f"2026-{month:02d}-{day:02d}T{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:"
        f"{rng.randint(0, 59):02d}Z"
    )


def _pick_lang(rng: random.Random, langs: Sequence[str]) -> str:
    return rng.choices(list(langs), weights=[LANG_WEIGHTS[x] for x in langs])[0]


def _pick_business(rng: random.Random, lang: str) -> dict[str, Any]:
    home = [b for b in BUSINESSES if b["lang"] == lang]
    if home and rng.random() < 0.7:
        return rng.choice(home)
    return rng.choice(BUSINESSES)


def make_record(seed: int, i: int, rng: random.Random, langs: Sequence[str]) -> dict[str, Any]:
    """Compose, render and label one record."""
    for _ in range(200):
        tname = _choose_template(rng)
        lang = _pick_lang(rng, langs)
        biz = _pick_business(rng, lang)
        sub = random.Random(rng.getrandbits(64))
        g = Gen(sub, biz, lang, tname)
        try:
            TEMPLATES[tname][2](g)
        except Skip:
            continue
        ctx, facts, gl_json = g.build()
        lab: Label = label(facts)
        tags = LANG_TAGS[lang]
        tag = sub.choices([t for t, _ in tags], weights=[w for _, w in tags])[0]
        event: dict[str, Any] = {
            "schema_version": 1,
            "event_id": f"gen-{seed}-{i}",
            "tenant_id": biz["id"],
            "conversation_id": f"gen-{seed}-conv-{i:06d}",
            "turn_index": max(0, g.n_user() - 1),
            "sent_at": _sent_at(sub),
        }
        if tag is not None:
            event["language"] = tag
        event["messages"] = g.msgs
        event["guidelines"] = gl_json
        if ctx:
            event["context"] = ctx
        note = f"[{tname}] " + "; ".join(g.notes) + f" -> {lab.decision}/{lab.reason}"
        if lab.citations:
            note += " citing " + ", ".join(lab.citations)
        return {
            "event": event,
            "label": lab.as_dict(),
            "note": note,
            "source": "generated",
            "template": tname,
            "business": biz["id"],
        }
    raise RuntimeError("could not generate a record")  # pragma: no cover


def generate(n: int, seed: int, languages: Sequence[str] = LANGS) -> list[dict[str, Any]]:
    """Generate n records deterministically from seed."""
    langs = [x for x in LANGS if x in set(languages)]
    if not langs:
        raise ValueError("no known language selected")
    rng = random.Random(seed)
    return [make_record(seed, i, rng, langs) for i in range(n)]


def split_holdout(
    records: Sequence[dict[str, Any]], frac: float = 0.15, seed: int = 0
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Hold out whole businesses and whole templates.

    About ``frac/2`` of the businesses and ``frac/2`` of the templates are held out; the
    validation part is every record whose business *or* template is held out, so the
    training part never contains a held-out business or template (validation is ~frac).
    """
    rng = random.Random(f"holdout-{seed}")
    bizs = sorted({r["business"] for r in records})
    tpls = sorted({r["template"] for r in records})
    nb = max(1, math.ceil(len(bizs) * frac / 2)) if bizs else 0
    nt = max(1, math.ceil(len(tpls) * frac / 2)) if tpls else 0
    hb = set(rng.sample(bizs, nb))
    ht = set(rng.sample(tpls, nt))
    train = [r for r in records if r["business"] not in hb and r["template"] not in ht]
    val = [r for r in records if r["business"] in hb or r["template"] in ht]
    return train, val


def _dump(records: Iterable[dict[str, Any]], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="\n") as fh:
        for r in records:
            fh.write(json.dumps(r, ensure_ascii=False, sort_keys=False) + "\n")


def summarize(records: Sequence[dict[str, Any]]) -> str:
    n = len(records) or 1
    dec = Counter(r["label"]["decision"] for r in records)
    rea = Counter(r["label"]["reason"] for r in records)
    lang = Counter((r["event"].get("language") or "?").split("-")[0] for r in records)
    lines = [
        f"records: {len(records)}  businesses: {len({r['business'] for r in records})}  "
        f"templates: {len({r['template'] for r in records})}"
    ]
    for title, c in (("decision", dec), ("reason", rea), ("language", lang)):
        parts = ", ".join(f"{k} {v} ({100 * v / n:.1f}%)" for k, v in c.most_common())
        lines.append(f"{title}: {parts}")
    ng = Counter(len(r["event"]["guidelines"]) for r in records)
    lines.append("guidelines/event: " + ", ".join(f"{k}:{ng[k]}" for k in sorted(ng)))
    nm = Counter(min(len(r["event"]["messages"]), 12) for r in records)
    lines.append("messages/event: " + ", ".join(f"{k}:{nm[k]}" for k in sorted(nm)))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="router-generate", description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=4000, help="number of records to generate")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--out", type=Path, required=True, help="output JSONL (training part)")
    ap.add_argument(
        "--holdout-out",
        type=Path,
        default=None,
        help="write held-out businesses/templates here (validation part)",
    )
    ap.add_argument("--holdout-frac", type=float, default=0.15)
    ap.add_argument(
        "--languages", default=",".join(LANGS), help="comma-separated subset of en,es,fr,de,pt"
    )
    ap.add_argument("--quiet", action="store_true")
    args = ap.parse_args(argv)
    langs = [x.strip() for x in args.languages.split(",") if x.strip()]
    bad = [x for x in langs if x not in LANGS]
    if bad:
        ap.error(f"unknown language(s): {', '.join(bad)}")
    records = generate(args.n, args.seed, langs)
    if args.holdout_out is not None:
        train, val = split_holdout(records, args.holdout_frac, args.seed)
        _dump(train, args.out)
        _dump(val, args.holdout_out)
        if not args.quiet:
            print(f"train -> {args.out}\n{summarize(train)}")
            print(f"\nvalidation -> {args.holdout_out}\n{summarize(val)}")
    else:
        _dump(records, args.out)
        if not args.quiet:
            print(f"wrote {args.out}\n{summarize(records)}")
    return 0


__all__ = ["generate", "main", "make_record", "split_holdout", "summarize"]

if __name__ == "__main__":
    sys.exit(main())
