"""News pages written for the tests, each in a shape that real sites use and extraction gets wrong.

The article texts are written for this project. Every builder returns the page's HTML; the texts
the tests expect are the module's constants, so a test can say which paragraphs must be heard.
"""
from __future__ import annotations

import html
import json

FEATURE_TITLE = "The Last Lighthouse Keepers of the Northern Coast"
# A long magazine feature: many paragraphs, a few of them short, some with a quotation.
FEATURE = [
    "For most of the last century, the lamp at Gannet Point was lit by hand every evening. The men and women who "
    "climbed its 142 steps kept logbooks of the weather, the ships that passed and the birds that struck the glass.",
    "Today the light turns on by itself. A sensor measures the dusk, a small motor turns the lens, and a technician "
    "from the coast guard visits twice a year to replace the bulbs and check the batteries.",
    "Eleanor Voss, 81, was the last keeper to live at the point. She arrived in 1968 with her husband, a former "
    "fisherman, and stayed for nineteen years, raising two children in a cottage that shook in every winter storm.",
    "\"People ask me if it was lonely,\" she said, sitting in the kitchen of her house in the harbour town below. "
    "\"It was never lonely. There was always something to do, and the sea was different every single morning.\"",
    "The logbooks she kept are now in the county archive, where volunteers are copying them into a database. "
    "Climate researchers have found them unexpectedly useful: they record wind, fog and sea ice day by day for "
    "decades, at a place where no weather station stood.",
    "One volunteer, a retired schoolteacher named Colin Marsh, has transcribed more than 6,000 pages. He reads the "
    "entries aloud to himself as he types, he said, because the keepers wrote the way they spoke.",
    "The entries are mostly short. A typical one notes the time the lamp was lit, the direction of the wind and the "
    "state of the sea, followed by a line about the day's work: painting the railings, mending the fog bell.",
    "Some are longer. In February 1979, after a cargo ship ran aground on the reef north of the point, Voss wrote "
    "four pages about the night she spent relaying radio messages between the crew and the lifeboat station.",
    "All eleven sailors were brought ashore alive. The captain later sent her a letter of thanks, which she keeps "
    "folded inside the logbook for that year, and a photograph of the ship taken before it was broken up.",
    "The automation of lighthouses began in the 1960s and was largely finished by the end of the 1990s. Engineers "
    "argued that reliable electric lamps and satellite navigation had made resident keepers unnecessary.",
    "Not everyone agreed. Fishermen in the harbour town petitioned to keep a keeper at Gannet Point, arguing that a "
    "person on the headland could see trouble that no machine would notice. The petition was politely refused.",
    "The cottage where the Voss family lived has been empty since 1987. Its roof was repaired last year by a local "
    "trust that hopes to turn it into a small museum about the keepers and the ships they watched over.",
    "The trust has raised about half of the money it needs. Its chair, a marine engineer named Priya Anand, said the "
    "aim was not nostalgia but memory: to show visitors how much work it once took to keep a coast safe.",
    "Voss has promised to lend the trust her logbooks once the archive has finished with them. She has one "
    "condition, she said, laughing: that someone climbs the steps every evening, just to look at the sea.",
]
ASIDE = ("Read more: How satellite navigation changed fishing", "Sign up for our weekly newsletter on coastal life",
         "Most read: Ferry timetable to change in spring")


def _head(title: str, lang: str = "en", extra: str = "") -> str:
    return (f"<!DOCTYPE html><html lang=\"{lang}\"><head><meta charset=\"utf-8\"><title>{html.escape(title)} | "
            f"Coastal Review</title><meta property=\"og:site_name\" content=\"Coastal Review\">{extra}</head>")


def _nav() -> str:
    links = "".join(f"<li><a href=\"/{s.lower()}\">{s}</a></li>" for s in
                    ("News", "Sport", "Culture", "Travel", "Opinion", "Subscribe"))
    return f"<header><nav><ul>{links}</ul></nav></header>"


def _footer() -> str:
    return ("<footer><p>© 2024 Coastal Review Media. All rights reserved.</p>"
            "<p><a href=\"/privacy\">Privacy policy</a> <a href=\"/terms\">Terms of use</a></p></footer>")


def _related() -> str:
    items = "".join(f"<li><a href=\"/story/{i}\">{html.escape(t)}</a></li>" for i, t in enumerate(
        ("Harbour master retires after 40 years", "Storm damages pier at Westcliff",
         "New ferry route to the islands opens", "Seal pups counted on the sandbanks")))
    return f"<aside class=\"related\"><h2>More stories</h2><ul>{items}</ul></aside>"


def paragraphs(texts: list[str]) -> str:
    return "".join(f"<p>{html.escape(t)}</p>" for t in texts)


def sibling_containers() -> str:
    """The body in two sibling containers of the same class, an ad slot and a newsletter box between them."""
    parts = [FEATURE[0:8], FEATURE[8:]]
    between = ("<div class=\"ad-slot\"><span>Advertisement</span></div><div class=\"newsletter-signup\"><p>Sign up "
               "for our weekly newsletter on coastal life</p><form><input type=\"email\"><button>Sign up</button>"
               "</form></div>")
    body = between.join(f"<div class=\"article-body__content\">{paragraphs(part)}</div>" for part in parts)
    return (_head(FEATURE_TITLE) + "<body>" + _nav() + f"<main><div class=\"wrapper\"><h1>{FEATURE_TITLE}</h1>"
            "<p class=\"byline\">By Hannah Lowe</p>" + body + "</div></main>" + _related() + _footer() + "</body></html>")


def feature_with_asides() -> str:
    """A long feature in three body containers, with a pull quote, a figure and 'read more' boxes between them."""
    asides = [
        "<aside class=\"pullquote\"><p>\u201cIt was never lonely. The sea was different every single morning.\u201d</p>"
        "</aside><div class=\"inline-recirc\"><a href=\"/r/1\">" + html.escape(ASIDE[0]) + "</a></div>",
        "<figure class=\"inline-figure\"><img src=\"/keeper.jpg\" alt=\"\"><figcaption>Eleanor Voss at the kitchen "
        "table of her house in the harbour town. <span class=\"credit\">Photo: Tom Ellis</span></figcaption></figure>"
        "<div class=\"inline-recirc\"><a href=\"/r/2\">" + html.escape(ASIDE[2]) + "</a></div>",
    ]
    parts = [FEATURE[0:6], FEATURE[6:10], FEATURE[10:]]
    body = ""
    for i, part in enumerate(parts):
        body += f"<div class=\"article-body\">{paragraphs(part)}</div>"
        if i < len(asides):
            body += asides[i]
    return (_head(FEATURE_TITLE) + "<body>" + _nav() + "<div class=\"page\"><div class=\"content\">"
            f"<h1>{FEATURE_TITLE}</h1><p class=\"byline\">By Hannah Lowe</p>" + body + "</div>" + _related() + "</div>"
            + _footer() + "</body></html>")


def lazy_loaded_with_json_ld() -> str:
    """The HTML shows the first eight paragraphs (the rest loads with a script); JSON-LD holds all of it."""
    ld = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": FEATURE_TITLE,
          "author": {"@type": "Person", "name": "Hannah Lowe"}, "datePublished": "2024-05-02T08:00:00Z",
          "articleBody": "\n\n".join(FEATURE)}
    return (_head(FEATURE_TITLE, extra=f"<script type=\"application/ld+json\">{json.dumps(ld)}</script>")
            + "<body>" + _nav() + f"<article><h1>{FEATURE_TITLE}</h1>" + paragraphs(FEATURE[:8])
            + "<div id=\"rest-of-story\" data-src=\"/api/story/rest\"></div>"
            "<p class=\"loading\">Loading…</p></article>" + _related() + _footer() + "</body></html>")


RESULTS_TITLE = "Harbour Town Clinch the Title on the Final Day"
RESULTS_INTRO = [
    "Harbour Town won the Coastal League on Saturday, beating Westcliff 2-1 in front of a sold-out crowd while "
    "their nearest rivals could only draw at home.",
    "The title is the club's first in 31 years. The final table of the season is below.",
]
# The final league table: position, team, played, won, drawn, lost, points.
TABLE = [
    ("1", "Harbour Town", "30", "21", "5", "4", "68"), ("2", "Northgate Rovers", "30", "20", "6", "4", "66"),
    ("3", "Westcliff", "30", "17", "7", "6", "58"), ("4", "Pine Valley", "30", "15", "8", "7", "53"),
    ("5", "St Agnes Athletic", "30", "13", "9", "8", "48"), ("6", "Eastbridge", "30", "12", "7", "11", "43"),
    ("7", "Millbrook United", "30", "10", "8", "12", "38"), ("8", "Gannet Point", "30", "8", "9", "13", "33"),
    ("9", "Old Quay", "30", "6", "8", "16", "26"), ("10", "Saltmarsh", "30", "4", "6", "20", "18"),
]


def results_table() -> str:
    """A sports results page: a short report, then the final league table — the table is the article."""
    rows = "".join("<tr>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>" for row in TABLE)
    return (_head(RESULTS_TITLE) + "<body>" + _nav() + f"<article><h1>{RESULTS_TITLE}</h1>"
            "<div class=\"article-body\">" + paragraphs(RESULTS_INTRO)
            + "<table class=\"standings\"><thead><tr><th>Pos</th><th>Team</th><th>P</th><th>W</th><th>D</th>"
            f"<th>L</th><th>Pts</th></tr></thead><tbody>{rows}</tbody></table></div></article>"
            + _related() + _footer() + "</body></html>")


def table_line(row: tuple[str, ...]) -> str:
    return " ".join(row)


GUIDE_TITLE = "The Best Rain Jackets for Coastal Walks, Tested"
GUIDE_INTRO = ("We walked the coast path in six storms this winter to find the jackets that keep you dry without "
               "making you sweat. These are the ones we would buy again.")
# Each product: its name (a link to the shop in the page) and what the reviewer says about it.
GUIDE = [
    ("Best overall: Stormline Trek 2", "The Trek 2 kept us dry through four hours of driving rain, and its vents "
     "under the arms meant we never felt clammy on the climbs. The hood stays put in a strong wind."),
    ("Best value: Harbour Basic Shell", "At less than half the price of our top pick, the Basic Shell is "
     "surprisingly good. The seams held in every storm, although the fabric feels thin and rustles as you walk."),
    ("Lightest: Featherweight Pac 180", "It packs into its own pocket and weighs 180 grams. It is not built for a "
     "whole day of rain, but it is the jacket we kept in a bag for sudden showers."),
    ("Warmest: Northgate Insulated Parka", "The lined parka is too warm for summer, but on a January morning on "
     "the cliffs nothing else came close. The pockets are big enough for a map and gloves."),
    ("Best for children: Puddle Jumper Junior", "The Junior has reflective strips, a hood that does not fall "
     "over the eyes and cuffs that can be let out as a child grows. It survived two months of school runs."),
]


def shopping_guide() -> str:
    """A shopping guide: each product a linked heading with the reviewer's paragraph — the list is the article."""
    items = "".join(f"<h3><a href=\"https://shop.example/p/{i}\">{html.escape(name)}</a></h3>"
                    f"<p>{html.escape(text)}</p>" for i, (name, text) in enumerate(GUIDE))
    return (_head(GUIDE_TITLE) + "<body>" + _nav() + f"<article><h1>{GUIDE_TITLE}</h1>"
            f"<div class=\"article-body\"><p>{html.escape(GUIDE_INTRO)}</p>{items}</div></article>"
            + _footer() + "</body></html>")


TEASER = FEATURE[:3] + ["Not everyone agreed with the decision to automate the lighthouse. All..."]


def paywall_teaser(declared: bool = True) -> str:
    """A paywalled article: three paragraphs, a fourth cut off mid-text, then a subscription prompt."""
    ld = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": FEATURE_TITLE,
          "isAccessibleForFree": "False" if declared else "True",
          "hasPart": {"@type": "WebPageElement", "isAccessibleForFree": "False", "cssSelector": ".paywall"}}
    return (_head(FEATURE_TITLE, extra=f"<script type=\"application/ld+json\">{json.dumps(ld)}</script>") + "<body>"
            + _nav() + f"<article><h1>{FEATURE_TITLE}</h1><div class=\"article-body\">{paragraphs(TEASER)}</div>"
            "<div class=\"paywall\"><p>Subscribe to continue reading this article.</p><p>Already a subscriber? "
            "<a href=\"/login\">Sign in</a></p></div></article>" + _footer() + "</body></html>")


def registration_teaser() -> str:
    """A registration teaser: three full paragraphs, a prompt to register to read the rest, no cut mid-text."""
    ld = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": FEATURE_TITLE,
          "isAccessibleForFree": False}
    return (_head(FEATURE_TITLE, extra=f"<script type=\"application/ld+json\">{json.dumps(ld)}</script>") + "<body>"
            + _nav() + f"<article><h1>{FEATURE_TITLE}</h1><div class=\"article-body\">{paragraphs(FEATURE[:3])}</div>"
            "<div class=\"regwall\"><h3>Register for free to continue reading</h3><p>Create an account to read the full "
            "story and get our morning briefing.</p></div></article>" + _footer() + "</body></html>")


def full_article_with_newsletter_box() -> str:
    """A complete article with a newsletter box after it: nothing is cut off."""
    return (_head(FEATURE_TITLE) + "<body>" + _nav() + f"<article><h1>{FEATURE_TITLE}</h1>{paragraphs(FEATURE)}"
            "<div class=\"newsletter\"><p>Subscribe to our newsletter to read more stories like this.</p></div>"
            "</article>" + _footer() + "</body></html>")


CAPTION = "Eleanor Voss at the kitchen table of her house in the harbour town."
REPRINT = ("This copy is for your personal, non-commercial use only. To order presentation-ready copies for "
           "distribution to your colleagues, clients or customers visit https://www.example-reprints.com.")
BIO = ("Hannah Lowe is a staff writer at Coastal Review, where she covers the fishing industry and the islands. "
       "She lives in Porthaven.")


def furniture_in_the_text() -> str:
    """Furniture that extractors keep inside the body: caption labels run into their captions (also as a
    heading), a credit run into a caption, a reprint notice, an author bio, a pull quote repeating the text."""
    body = [
        paragraphs(FEATURE[:2]),
        f"<p><span class=\"visually-hidden\">Media caption</span>{html.escape(CAPTION)}</p>",
        paragraphs(FEATURE[2:4]),
        f"<h2>Image caption {html.escape(CAPTION)}</h2>",
        paragraphs(FEATURE[4:6]),
        f"<p>{html.escape(CAPTION)}<span>Credit...</span><span>Tom Ellis for Coastal Review</span></p>",
        paragraphs(FEATURE[6:8]),
        "<blockquote><p>\u201cIt was never lonely.\u201d</p></blockquote>",
        paragraphs(FEATURE[8:]),
        f"<p>{html.escape(BIO)}</p>",
        f"<p>{html.escape(REPRINT)}</p>",
    ]
    return (_head(FEATURE_TITLE) + "<body>" + _nav() + f"<article><h1>{FEATURE_TITLE}</h1>"
            "<div class=\"article-body\">" + "".join(body) + "</div></article>" + _footer() + "</body></html>")
