"""Articles the page holds only the start of: a paywall or registration teaser, a visibly cut body.

The listener hears what the page has, then one line that says the rest is missing, and the JSON
carries `truncated: true`. An article counts as truncated when

- its last paragraph is cut off (it ends in an ellipsis, "All...", or with no sentence end at all)
  and either the ellipsis or a paywall on the page says so; or
- the page both declares the article not free (JSON-LD `isAccessibleForFree: false`, or an element
  whose class or id names a paywall) and shows a prompt to subscribe or register to read on.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from audionews.model import Paragraph
from audionews.text.boilerplate import ends_sentence, words

_ELLIPSIS = re.compile(r"(?:\.\.\.|…)[\"”’'»)\]]*$")
_PROMPT = re.compile(
    r"\b(?:(?:subscribe|register|sign in|sign up|log in|become a (?:member|subscriber)|start your (?:free )?trial)\b"
    r".{0,60}\b(?:continue reading|keep reading|read (?:the|this) (?:full|whole|rest|entire)|read more|full (?:article|story)"
    r"|unlimited (?:access|articles))|(?:continue reading|read the rest|to read (?:the|this) (?:full|whole|entire) "
    r"(?:article|story)).{0,40}\b(?:subscri|register|sign in|log in|member)|this (?:article|story|content) is "
    r"(?:for|only available to|reserved for) (?:subscribers|members|registered)|already a (?:subscriber|member)|"
    r"unlock this (?:article|story)|(?:weiterlesen|lesen sie weiter) mit|nur für abonnenten|"
    r"réservé aux abonnés|(?:contenido|artículo) (?:exclusivo )?para suscriptores)",
    re.IGNORECASE,
)
PAYWALL_CLASS = re.compile(r"paywall|regwall|reg-wall|meter-?wall|premium-(?:content|article|lock)|subscriber-only|"
                           r"subscribers-only|article-locked|locked-content|content-locked|piano-offer", re.IGNORECASE)

_NOTICES = {
    "en": ("The rest of this article is behind a paywall on {site}.", "The rest of this article is not on the page."),
    "de": ("Der Rest dieses Artikels steht auf {site} hinter einer Bezahlschranke.",
           "Der Rest dieses Artikels steht nicht auf der Seite."),
    "fr": ("La suite de cet article est réservée aux abonnés de {site}.", "La suite de cet article n'est pas sur la page."),
    "es": ("El resto de este artículo está tras un muro de pago en {site}.",
           "El resto de este artículo no está en la página."),
    "it": ("Il resto di questo articolo è riservato agli abbonati di {site}.",
           "Il resto di questo articolo non è nella pagina."),
    "pt": ("O resto deste artigo está atrás de um paywall em {site}.", "O resto deste artigo não está na página."),
    "nl": ("De rest van dit artikel staat achter een betaalmuur op {site}.", "De rest van dit artikel staat niet op de pagina."),
}
_THE_SITE = {"en": "the site", "de": "der Website", "fr": "ce site", "es": "el sitio", "it": "questo sito",
             "pt": "o site", "nl": "de website"}


@dataclass(frozen=True)
class Truncation:
    truncated: bool
    paywall: bool = False


def is_paywall_prompt(text: str) -> bool:
    """A line asking the reader to subscribe or register to read on."""
    return len(words(text)) <= 40 and bool(_PROMPT.search(text))


def cut_off(text: str) -> bool:
    """The paragraph stops mid-text: an ellipsis at its end, or no sentence end at all."""
    return bool(_ELLIPSIS.search(text.rstrip())) or not ends_sentence(text.rstrip())


def assess(paragraphs: list[Paragraph], page_lines: list[str], not_free: bool) -> Truncation:
    """Whether the article is truncated, from its paragraphs, the page's other lines (to find a
    subscription prompt) and whether the page declares the article not free."""
    body = [p.text for p in paragraphs if p.kind == "body"]
    if not body:
        return Truncation(False)
    prompt = any(is_paywall_prompt(line) for line in page_lines)
    paywall = not_free or prompt
    last = body[-1].rstrip()
    ellipsis = bool(_ELLIPSIS.search(last))
    if (ellipsis or (cut_off(last) and len(words(last)) >= 8)) and (ellipsis or paywall):
        return Truncation(True, paywall)
    if not_free and prompt:
        return Truncation(True, True)
    return Truncation(False)


def notice(truncation: Truncation, site: str | None, language: str) -> str | None:
    """The one line read after a truncated article, in the article's language where we have it."""
    if not truncation.truncated:
        return None
    language = language if language in _NOTICES else "en"
    behind, missing = _NOTICES[language]
    if not truncation.paywall:
        return missing
    return behind.format(site=site or _THE_SITE[language])
