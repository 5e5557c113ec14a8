"""Tests for audionews.text.language: the language from the text, the markup only a hint.

The table holds short news paragraphs written for these tests, five in each of ten languages.
"""
from __future__ import annotations

import pytest

from audionews import build_script
from audionews.text.extract import extract_article
from audionews.text.language import Identified, hint_code, identify

TABLE = {
    "en": [
        "The city council approved the budget on Tuesday after a long debate about road repairs and school funding.",
        "Police said the driver was taken to hospital with minor injuries and that the road reopened two hours later.",
        "Shares of the carmaker fell sharply after it warned that profits would be lower than expected this year.",
        "Thousands of people lined the streets of the capital to watch the parade, despite the cold and the rain.",
        "The minister told reporters that the new rules would come into force at the beginning of next month.",
    ],
    "de": [
        "Am 12. September hat der Stadtrat beschlossen, die alte Brücke über den Fluss für den Verkehr zu sperren.",
        "Die Polizei sucht nach Zeugen, die am Sonntagabend in der Nähe des Bahnhofs etwas beobachtet haben.",
        "Die Preise für Strom und Gas sind im vergangenen Jahr deutlich gestiegen, teilte das Statistische Amt mit.",
        "Nach dem Sturm waren in mehreren Dörfern noch am Morgen Tausende Haushalte ohne Strom.",
        "Die Ministerin kündigte an, dass die Schulen im Herbst mehr Geld für Lehrkräfte bekommen sollen.",
    ],
    "fr": [
        "Le conseil municipal a voté mardi soir la fermeture du vieux pont, jugé trop dangereux par les experts.",
        "Les pompiers sont intervenus pendant plusieurs heures pour maîtriser l'incendie qui a détruit un entrepôt.",
        "Le gouvernement a annoncé une hausse du salaire minimum à partir du premier janvier de l'année prochaine.",
        "Des milliers de manifestants ont défilé samedi dans les rues de la capitale pour défendre les retraites.",
        "Selon la météo, de fortes pluies sont attendues dans le sud du pays jusqu'à la fin de la semaine.",
    ],
    "es": [
        "El ayuntamiento aprobó el martes un plan para reparar las calles del centro antes del verano.",
        "La policía detuvo a dos hombres acusados de robar en varias tiendas del barrio durante la noche.",
        "El precio de la vivienda subió un ocho por ciento el año pasado, según los datos publicados este lunes.",
        "Miles de personas salieron a la calle para celebrar la victoria del equipo en la final del campeonato.",
        "El ministro explicó que las nuevas ayudas llegarán a las familias a partir del mes que viene.",
    ],
    "it": [
        "Il consiglio comunale ha approvato martedì il progetto per il nuovo ponte sul fiume, atteso da anni.",
        "I vigili del fuoco hanno lavorato tutta la notte per spegnere l'incendio scoppiato in un magazzino.",
        "Secondo l'istituto di statistica, i prezzi sono aumentati del tre per cento rispetto all'anno scorso.",
        "Migliaia di persone hanno partecipato alla manifestazione che si è svolta sabato nel centro della città.",
        "Il ministro ha detto ai giornalisti che la legge sarà discussa in parlamento entro la fine del mese.",
    ],
    "pt": [
        "A câmara municipal aprovou na terça-feira o plano para reconstruir a ponte velha sobre o rio.",
        "Os bombeiros combateram as chamas durante toda a noite e conseguiram salvar as casas mais próximas.",
        "O preço dos combustíveis voltou a subir esta semana, segundo os dados divulgados pelo governo.",
        "Milhares de pessoas saíram às ruas da capital para festejar a vitória da seleção no campeonato.",
        "O ministro afirmou que as novas regras vão entrar em vigor no início do próximo mês.",
    ],
    "nl": [
        "De gemeenteraad heeft dinsdagavond besloten de oude brug over de rivier voor al het verkeer te sluiten.",
        "De politie zoekt getuigen van een overval op een supermarkt in het centrum van de stad.",
        "De prijzen van gas en stroom zijn vorig jaar flink gestegen, meldt het statistiekbureau.",
        "Duizenden mensen gingen zaterdag de straat op om te protesteren tegen de nieuwe plannen van het kabinet.",
        "De minister zei dat de scholen in het najaar meer geld krijgen om leraren aan te nemen.",
    ],
    "pl": [
        "Rada miasta zdecydowała we wtorek o zamknięciu starego mostu na rzece dla ruchu samochodowego.",
        "Policja poszukuje świadków wypadku, do którego doszło w niedzielę wieczorem w pobliżu dworca.",
        "Ceny energii elektrycznej i gazu wyraźnie wzrosły w ubiegłym roku, poinformował urząd statystyczny.",
        "Tysiące ludzi wyszły w sobotę na ulice stolicy, aby zaprotestować przeciwko nowej ustawie.",
        "Minister zapowiedział, że szkoły otrzymają jesienią więcej pieniędzy na zatrudnienie nauczycieli.",
    ],
    "sv": [
        "Kommunfullmäktige beslutade på tisdagen att stänga den gamla bron över älven för all trafik.",
        "Polisen söker vittnen till ett rån som inträffade i en butik i centrum under söndagskvällen.",
        "Priserna på el och gas steg kraftigt under förra året, enligt den statliga statistikmyndigheten.",
        "Tusentals människor demonstrerade i huvudstaden på lördagen mot regeringens nya förslag.",
        "Ministern sade att skolorna ska få mer pengar till lärare redan i höst.",
    ],
    "ru": [
        "Городской совет во вторник принял решение закрыть старый мост через реку для движения транспорта.",
        "Полиция ищет свидетелей происшествия, которое произошло в воскресенье вечером недалеко от вокзала.",
        "Цены на электроэнергию и газ в прошлом году заметно выросли, сообщила статистическая служба.",
        "Тысячи людей вышли в субботу на улицы столицы, чтобы выразить протест против нового закона.",
        "Министр заявил, что осенью школы получат дополнительные деньги на зарплаты учителям.",
    ],
}
CASES = [(code, text) for code, texts in TABLE.items() for text in texts]


def test_the_table_is_fifty_paragraphs_in_ten_languages() -> None:
    assert len(TABLE) == 10 and len(CASES) >= 50


@pytest.mark.parametrize(("code", "text"), CASES)
def test_language_from_the_text(code: str, text: str) -> None:
    assert identify(text).language == code


@pytest.mark.parametrize(("code", "text"), CASES)
def test_a_wrong_markup_language_is_overruled_and_kept(code: str, text: str) -> None:
    wrong = "de" if code != "de" else "en"
    assert identify(text, hint=wrong) == Identified(code, page=wrong)


@pytest.mark.parametrize(("code", "text"), CASES)
def test_a_right_markup_language_is_not_recorded_twice(code: str, text: str) -> None:
    assert identify(text, hint=code) == Identified(code)


def test_too_little_text_takes_the_hint_or_the_fallback() -> None:
    assert identify("Brexit", hint="en-GB") == Identified("en")
    assert identify("Ja.", fallback="de") == Identified("de")


def test_a_close_call_between_related_languages_goes_to_the_hint() -> None:
    # Bokmål and Danish share most words: a page that says "no" is believed when the text allows it.
    text = "Regjeringen vil bruke flere penger på skolene neste år, sier statsministeren."
    assert identify(text, hint="no").language == "nb"


def test_markup_codes() -> None:
    assert [hint_code(v) for v in ("en-GB", "de_DE", "PT-br", "iw", "no", "x-default", "", None)] == \
        ["en", "de", "pt", "he", "nb", None, None, None]


def _page(lang: str, paragraphs: list[str]) -> str:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return f"<html lang=\"{lang}\"><head><title>{paragraphs[0][:40]}</title></head><body><article>{body}</article></body></html>"


def test_english_articles_of_a_german_edition_are_read_in_english() -> None:
    article = extract_article(_page("de", TABLE["en"]))
    assert (article.language, article.language_page) == ("en", "de")
    assert build_script(article).to_dict()["language_page"] == "de"


def test_german_pages_tagged_english_are_read_in_german_and_dates_stay_whole() -> None:
    article = extract_article(_page("en", TABLE["de"]))
    assert (article.language, article.language_page) == ("de", "en")
    first = [s.text for s in build_script(article).segments if s.paragraph == 1]
    assert first == [TABLE["de"][0]]


def test_plain_text_language_from_the_text() -> None:
    article = extract_article("Nachrichten\n\n" + "\n\n".join(TABLE["de"]))
    assert (article.language, article.language_page) == ("de", None)
