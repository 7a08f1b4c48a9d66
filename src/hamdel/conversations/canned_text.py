"""The variables of a canned reply: which exist, which a text names, and filling them so nothing reads empty.

A variable is `{{customer.first_name}}`, with an optional fallback after a bar:
`{{customer.first_name|مشتری}}`. The older single-brace form (`{customer_name}`, `{agent_name}`,
`{conversation_number}`) still works. A variable without a value and without a fallback is dropped together
with the words that only make sense with it (a title before a name, «عزیز» or «جان» after it), and the spaces
and punctuation it leaves are tidied, so «سلام {{customer.first_name}} عزیز،» reads «سلام،», never
«سلام  عزیز،». A part written between `[[` and `]]` is dropped whole when one of its variables has no value:
«[[من {{agent.name}} هستم. ]]».

Pure text work, no database: `render_canned` in services builds the values from a conversation.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

VARIABLES: dict[str, object] = {
    "customer.name": _("the customer's full name"),
    "customer.first_name": _("the customer's first name"),
    "customer.last_name": _("the customer's last name"),
    "customer.organisation": _("the customer's organisation"),
    "agent.name": _("the name of the agent who sends the reply"),
    "agent.first_name": _("the agent's first name"),
    "conversation.number": _("the conversation's number"),
    "conversation.subject": _("the conversation's subject"),
    "team.name": _("the conversation's team"),
}
# The single-brace names from before variables had dots and fallbacks; `{customer_name}` kept its fallback.
LEGACY: dict[str, tuple[str, object | None]] = {
    "customer_name": ("customer.name", _("customer")),
    "agent_name": ("agent.name", None),
    "conversation_number": ("conversation.number", None),
}

_VAR = re.compile(
    r"\{\{(?P<name>[^{}|]*)(?:\|(?P<fallback>[^{}]*))?\}\}"
    r"|\{(?P<old>[A-Za-z_][A-Za-z0-9_.]*)(?:\|(?P<old_fallback>[^{}]*))?\}"
)
_OPTIONAL = re.compile(r"\[\[(.*?)\]\]", re.S)
_MARKUP = re.compile(rf"{_VAR.pattern}|\[\[|\]\]")
_DROP = "\x00"
_SPACE = r"[ \t\u00a0\u200c]"
# Words that lean on the missing value: «آقای / خانم / جناب» before it, «عزیز / جان / گرامی…» after it.
_DEPENDENT = re.compile(
    rf"(?:(?:جناب|سرکار){_SPACE}+)?(?:(?:آقای|خانم){_SPACE}+)?{_DROP}"
    rf"(?:{_SPACE}*(?:عزیزم|عزیز|جان|گرامی|محترم)(?![\w]))?"
)
_SPACES = re.compile(r"[ \t\u00a0]{2,}")
_SPACE_BEFORE_MARK = re.compile(r"[ \t\u00a0]+([،,.!?؟:;؛)»])")
_SPACE_AFTER_OPEN = re.compile(r"([(«])[ \t\u00a0]+")
_EMPTY_BRACKETS = re.compile(r"\(\s*\)|«\s*»")
_REPEATED_MARK = re.compile(r"([،,:;؛])(?:\s*[،,:;؛])+")
_COMMA_BEFORE_END = re.compile(r"[،,:;؛]\s*([.!?؟])")
_LEADING_MARK = re.compile(r"^[\s،,:;؛.]+")


@dataclass(frozen=True)
class Filled:
    """The text to insert, and the variables that had no value (the preview names them)."""

    text: str
    missing: list[str] = field(default_factory=list)


def _name(match: re.Match[str]) -> tuple[str, str | None]:
    """The canonical variable name and its fallback (written in the reply, or an old name's own; else None).

    The old names are understood in either brace form: `{customer_name}` and `{{customer_name}}`.
    """
    if match.group("old") is not None:
        name, written = match.group("old"), match.group("old_fallback")
    else:
        name, written = match.group("name").strip(), match.group("fallback")
    canonical, default = LEGACY.get(name, (name, None))
    return canonical, written if written is not None else (str(default) if default is not None else None)


def variables_in(text: str) -> list[str]:
    """Every variable the text names, canonical, in order of first use."""
    seen: list[str] = []
    for match in _VAR.finditer(text):
        name = _name(match)[0]
        if name not in seen:
            seen.append(name)
    return seen


def unknown_variables(text: str) -> list[str]:
    """The names a reply uses that Hamdel cannot fill; saving such a reply is refused."""
    return [name for name in variables_in(text) if name not in VARIABLES]


def unclosed_variable(text: str) -> bool:
    """A `{{` or `}}` left over after the variables: a typo that would reach the customer as written."""
    rest = _VAR.sub("", text)
    return "{{" in rest or "}}" in rest


def _value(match: re.Match[str], values: Mapping[str, str], missing: list[str]) -> str:
    name, fallback = _name(match)
    value = (values.get(name) or "").strip() if name in VARIABLES else ""
    if value:
        return value
    if fallback is not None and fallback.strip():
        return fallback.strip()
    if name not in missing:
        missing.append(name)
    return _DROP


def _optional(match: re.Match[str], values: Mapping[str, str], missing: list[str]) -> str:
    inner = _VAR.sub(lambda m: _value(m, values, missing), match.group(1))
    return "" if _DROP in inner else inner


def _tidy(line: str) -> str:
    """A line a variable was dropped from: no doubled spaces, no orphan punctuation."""
    line = _DEPENDENT.sub("", line).replace(_DROP, "")
    line = _SPACES.sub(" ", line)
    line = _EMPTY_BRACKETS.sub("", line)
    line = _SPACE_BEFORE_MARK.sub(r"\1", line)
    line = _SPACE_AFTER_OPEN.sub(r"\1", line)
    line = _REPEATED_MARK.sub(r"\1", line)
    line = _COMMA_BEFORE_END.sub(r"\1", line)
    line = _LEADING_MARK.sub("", line)
    return _SPACES.sub(" ", line).strip()


def fill(text: str, values: Mapping[str, str]) -> Filled:
    """Put the values in; one without a value takes its fallback or goes with the words leaning on it."""
    missing: list[str] = []
    text = _OPTIONAL.sub(lambda m: _optional(m, values, missing), text)
    text = _VAR.sub(lambda m: _value(m, values, missing), text)
    lines = []
    for line in text.splitlines():
        if _DROP in line:
            tidy = _tidy(line)
            if tidy:
                lines.append(tidy)
        else:
            lines.append(_SPACES.sub(" ", line).strip())
    return Filled("\n".join(lines).strip(), missing)


def search_key_text(title: str, shortcut: str, text: str) -> str:
    """What search reads: title, shortcut and text; of a variable only its fallback, which customers read."""
    plain = _VAR.sub(lambda m: f" {m.group('fallback') or m.group('old_fallback') or ''} ", text)
    return f"{title} {shortcut} {plain}"


def markup_spans(text: str) -> list[tuple[str, bool]]:
    """The text cut into plain runs and markup (True: a variable, `[[` or `]]`), to show the markup apart."""
    spans: list[tuple[str, bool]] = []
    at = 0
    for match in _MARKUP.finditer(text):
        if match.start() > at:
            spans.append((text[at : match.start()], False))
        spans.append((match.group(0), True))
        at = match.end()
    if at < len(text):
        spans.append((text[at:], False))
    return spans
