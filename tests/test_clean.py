"""Tests for audionews.text.clean: Unicode, interface lines, credits, duplicates, plain-text scrapes."""
from __future__ import annotations

import pytest

from audionews.model import Paragraph, Removal
from audionews.text.clean import (
    clean_blocks,
    clean_text,
    detect_language,
    drop_author_bio,
    drop_duplicates,
    has_credit,
    interface_reason,
    is_credit_only,
    near_duplicate,
    normalize,
    split_lines,
)


def test_normalize_unicode() -> None:
    raw = "Cafe\u0301 in\u00a0Berlin:\u200b a soft\u00adhyphen,  “quoted”\ttext"
    assert normalize(raw) == "Café in Berlin: a softhyphen, “quoted” text"


def test_normalize_drops_every_format_character() -> None:
    """Invisible characters of every script go, so two copies of a paragraph compare equal."""
    import sys
    import unicodedata

    every = "".join(chr(c) for c in range(sys.maxunicode + 1) if unicodedata.category(chr(c)) == "Cf")
    assert normalize(f"A{every}B \U00013430hieroglyph joiner") == "AB hieroglyph joiner"


@pytest.mark.parametrize("line", [
    "Accessibility links", "Skip to main content", "Breaking News", "LIVE", "XS", "A+ A-", "Share",
    "Share on Facebook", "Twitter", "WhatsApp", "Print", "Subscribe", "Sign in", "Advertisement",
    "Related Stories", "Read more", "Most Popular", "© 2024 Example Media. All rights reserved.",
    "We use cookies to improve your experience on our site.", "Accept all cookies", "5 min read",
    "Story continues below advertisement", "Comments (12)",
])
def test_interface_lines(line: str) -> None:
    assert interface_reason(line) is not None


@pytest.mark.parametrize("line", [
    "The council approved the plan on Tuesday after a long debate.",
    "Schools closed",
    "Share prices fell sharply after the announcement, traders said.",
    "Adam Smith was reading the news.",
])
def test_article_lines_are_not_interface(line: str) -> None:
    assert interface_reason(line) is None


def test_credits() -> None:
    assert has_credit("Crowds gather in the square on Monday. (AP Photo/Jane Roe)")
    assert has_credit("A ship in the harbour, May 3, 2021. (Coast Guard photo via AP)")
    assert has_credit("Rescue workers search the rubble. REUTERS/John Doe")
    assert is_credit_only("Photo: Jane Roe/Reuters")
    assert is_credit_only("Getty Images")
    assert not is_credit_only("Getty Images said on Monday that it would cut 200 jobs this year.")
    assert not has_credit("The mayor spoke to reporters on Monday.")


def test_split_lines_rejoins_inline_breaks() -> None:
    text = "The minister told\nThe Guardian\non Monday that the plan would go ahead.\n\nShare\nPrint\n"
    assert split_lines(text) == ["The minister told The Guardian on Monday that the plan would go ahead.", "Share", "Print"]


def test_near_duplicate_lead_and_standfirst() -> None:
    lead = "The city council voted on Tuesday to close two libraries. Residents protested outside."
    fuller = ("The city council voted on Tuesday to close two libraries in the east of the city, "
              "citing a budget gap of four million dollars.")
    assert near_duplicate(lead, fuller)
    assert not near_duplicate("Residents protested outside the hall.", fuller)


def test_drop_duplicates_keeps_fuller_and_marks_caption() -> None:
    removed: list[Removal] = []
    paragraphs = [
        Paragraph("The city council voted on Tuesday to close two libraries. Residents protested."),
        Paragraph("The city council voted on Tuesday to close two libraries in the east of the city, citing costs."),
        Paragraph("Library users said they had not been consulted before the vote was held."),
        Paragraph("Protesters hold signs outside City Hall on Tuesday."),
        Paragraph("Protesters hold signs outside City Hall on Tuesday."),
        Paragraph("The mayor said the decision was painful but necessary for the city's finances."),
    ]
    kept = drop_duplicates(paragraphs, removed)
    assert [p.text for p in kept] == [paragraphs[i].text for i in (1, 2, 3, 5)]
    assert kept[2].kind == "caption"
    assert {r.reason for r in removed} == {"repeated caption", "near-duplicate of paragraph 2"}


def test_clean_blocks_drops_furniture_and_headline() -> None:
    blocks = [Paragraph("Big Storm Hits Coast", "heading"), Paragraph("Share this article"),
              Paragraph("A storm struck the coast on Tuesday, officials said."), Paragraph("Photo: Jane Roe")]
    kept, removed = clean_blocks(blocks, "Big Storm Hits Coast")
    assert kept == [Paragraph("A storm struck the coast on Tuesday, officials said.")]
    assert [r.reason for r in removed] == ["headline", "interface line", "image credit"]


def test_detect_language() -> None:
    assert detect_language("Die Regierung hat am Montag beschlossen, dass die Schulen geöffnet bleiben.") == "de"
    assert detect_language("El gobierno anunció el lunes que las escuelas seguirán abiertas durante el invierno.") == "es"
    assert detect_language("The government said on Monday that schools would stay open.") == "en"


def test_clean_text_empty_and_menu_only() -> None:
    assert clean_text("").paragraphs == []
    menu = "Home\nWorld\nPolitics\nBusiness\nSign in\nSubscribe\n© 2024 Example News"
    assert [p for p in clean_text(menu).paragraphs if p.kind == "body"] == []


def test_teasers_after_article_are_dropped() -> None:
    body = [
        "The county opened a new shelter for families on Monday after months of delays and rising demand.",
        "Officials said the building would house up to 40 families at a time and offer meals and counselling.",
        "Volunteers spent the weekend painting rooms and assembling beds donated by local businesses.",
    ]
    teasers = [("Bridge Repairs Will Close Main Road", "Drivers should expect delays of up to an hour on the route."),
               ("School Choir Wins State Competition", "The choir beat 30 other schools with a program of folk songs."),
               ("Library Extends Weekend Opening Hours", "The main branch will now open on Sunday afternoons as well.")]
    lines = ["Shelter Opens Its Doors to Families", *body, "Other Stories"]
    for headline, blurb in teasers:
        lines += [headline, blurb]
    cleaned = clean_text("\n".join(lines))
    assert cleaned.title == "Shelter Opens Its Doors to Families"
    assert [p.text for p in cleaned.paragraphs] == body


def test_listicle_items_are_kept() -> None:
    lines = ["Four Ways to Save Water at Home",
             "Small changes around the house can cut water use by a fifth, according to the utility company."]
    items = [("1. Fix dripping taps", "A tap that drips once a second wastes more than 5,000 liters a year, engineers say."),
             ("2. Take shorter showers", "Cutting a shower by two minutes saves about 20 liters each time you wash."),
             ("3. Run full loads", "Dishwashers and washing machines use the same water whether they are full or not."),
             ("4. Collect rainwater", "A water butt can collect thousands of liters a year for use in the garden.")]
    for heading, text in items:
        lines += [heading, text]
    cleaned = clean_text("\n".join(lines + ["Related Stories", "Storm Warning Issued for Coast"]))
    assert [p.kind for p in cleaned.paragraphs] == ["body"] + ["heading", "body"] * 4
    assert cleaned.paragraphs[1].text == "1. Fix dripping taps"


def test_author_bio_and_comments_are_dropped() -> None:
    text = "\n".join([
        "Bakery to Close After 40 Years",
        "By Jane Roe",
        "The corner bakery on Elm Street will close at the end of the month, its owners said on Friday.",
        "The couple said rising costs and a shortage of early-morning staff had made the business too hard to run.",
        "Customers lined up on Saturday to buy a last loaf of the bakery's famous rye bread before it closes.",
        "Jane Roe covers small business and neighborhoods for the Journal. She joined the paper in 2015.",
        "Comments (2)",
        "Sam P.",
        "I have bought bread there every week for twenty years and I will miss it very much indeed.",
    ])
    cleaned = clean_text(text)
    assert cleaned.byline == "Jane Roe"
    assert len(cleaned.paragraphs) == 3
    reasons = {r.text[:8]: r.reason for r in cleaned.removed}
    assert reasons["Jane Roe"] == "author bio"
    assert reasons["I have b"] in {"other story teaser", "outside the article"}


def test_clean_blocks_drops_empty_headings_and_labelled_headline() -> None:
    blocks = [Paragraph("LIVE Storm Ellen: Power Cuts and Flooding Updated 2 minutes ago"),
              Paragraph("Key events", "heading"), Paragraph("Ferries cancelled", "heading"),
              Paragraph("All ferry crossings have been cancelled until Monday morning, the operator said.")]
    kept, removed = clean_blocks(blocks, "Storm Ellen: Power Cuts and Flooding")
    assert [p.text for p in kept] == ["Ferries cancelled", blocks[3].text]
    assert {r.reason for r in removed} == {"headline", "heading without text"}


def test_strip_caption_label() -> None:
    from audionews.text.clean import strip_caption_label

    assert strip_caption_label("Image caption, Crowds gather in the square") == "Crowds gather in the square"
    assert strip_caption_label("Captions are hard") == "Captions are hard"


@pytest.mark.parametrize(("line", "name"), [
    ("By Jane Roe", "Jane Roe"),
    ("By Rachel Kim | June 14, 2024", "Rachel Kim"),
    ("Par Claire Dubois, publié le 12 juin 2024 à 10h15", "Claire Dubois"),
    ("By Derek Olsen, Staff Writer", "Derek Olsen, Staff Writer"),
    ("by: Kevin Marsh", "Kevin Marsh"),
])
def test_byline_name(line: str, name: str) -> None:
    from audionews.text.clean import byline_name

    assert byline_name(line.replace("by:", "by")) == name


def test_disclaimers_and_embedded_posts_in_plain_text() -> None:
    text = "\n".join([
        "Airline Apologizes After Glitch",
        "Thousands of passengers were stranded on Friday after a software failure halted departures.",
        "Our systems are back up and flights are resuming. We are deeply sorry for the disruption today.",
        "— SkyWays (@SkyWaysAir) June 14, 2024",
        "By evening, more than 1,200 flights had been cancelled or delayed, according to tracking data.",
        "The views expressed in this column are the author's own.",
    ])
    cleaned = clean_text(text)
    assert [p.text[:10] for p in cleaned.paragraphs] == ["Thousands ", "By evening"]
    reasons = {r.text[:10]: r.reason for r in cleaned.removed}
    assert reasons["Our system"] == "embedded social post"
    assert reasons["The views "] == "interface line"


@pytest.mark.parametrize("line", [
    "Facebook updated its privacy policy on Monday, the company said.",
    "The advertisement ran in three newspapers last week.",
    "Users can subscribe to the service for $10 a month, the company said.",
])
def test_news_sentences_that_mention_furniture_words_are_kept(line: str) -> None:
    assert interface_reason(line) is None


def test_byline_needs_a_name() -> None:
    from audionews.text.clean import is_byline

    assert is_byline("By Jane Roe") and is_byline("BY THOMAS REILLY and ANA SOTO") and is_byline("Von Anna Becker")
    assert not is_byline("By the numbers") and not is_byline("By comparison, prices rose")


def test_end_markers_are_short_labels_not_sentences() -> None:
    body = [
        "Tagesschau berichtet am Montag, dass die Regierung neue Regeln für den Bahnverkehr plant.",
        "Copyright lawyers said the ruling would change how music can be sampled in new songs.",
        "The court's decision is expected to be appealed by both sides in the coming weeks, lawyers said.",
    ]
    cleaned = clean_text("\n".join(["Court Rules on Music Sampling", *body, "Tags: music, law"]))
    assert [p.text for p in cleaned.paragraphs] == body


def test_comment_counters_and_punctuation_after_links() -> None:
    assert interface_reason("reader comments 75 with 51 posters participating") == "interface line"
    assert interface_reason("The council received 75 comments from residents about the plan.") is None
    text = "The packets used are the\n0x08: Block Placement Packet\nand\n0x10: Creative Inventory Action\n.\n"
    assert split_lines(text) == ["The packets used are the 0x08: Block Placement Packet and "
                                 "0x10: Creative Inventory Action."]


def test_indented_source_lines_are_one_paragraph() -> None:
    # A text-node scrape of formatted HTML: a paragraph's wrapped source lines keep their indent.
    text = ("CAIRO —\n Gunmen opened fire on visitors at\n            Tunisia's most renowned museum on Wednesday,"
            " killing at least 19 people.\n\n\nIt was the deadliest attack in\n            more than a decade, officials"
            " said. No group claimed it.\n            Police said two gunmen died.\n")
    assert split_lines(text) == [
        "CAIRO — Gunmen opened fire on visitors at Tunisia's most renowned museum on Wednesday, killing at least 19 "
        "people.",
        "It was the deadliest attack in more than a decade, officials said. No group claimed it. Police said two "
        "gunmen died.",
    ]


def test_an_indented_first_line_of_plain_prose_is_its_own_paragraph() -> None:
    text = "The first paragraph ends here.\n   The second paragraph starts indented\nand goes on here.\n"
    assert split_lines(text) == ["The first paragraph ends here.", "The second paragraph starts indented and goes on here."]


def test_sentences_broken_at_inline_elements_are_joined_but_not_across_blank_lines() -> None:
    text = ("Le texte vise notamment la défense de\n« l’indépendance nationale »\n et la prévention du terrorisme.\n"
            "La Commission nationale informatique et libertés\n \n(CNIL), qui critique fortement cette disposition.\n"
            "A caption that names the photographer and the place of the\n\nNext paragraph starts here.\n")
    assert split_lines(text) == [
        "Le texte vise notamment la défense de « l’indépendance nationale » et la prévention du terrorisme.",
        "La Commission nationale informatique et libertés (CNIL), qui critique fortement cette disposition.",
        "A caption that names the photographer and the place of the",
        "Next paragraph starts here.",
    ]


def test_wrap_width_is_found_among_one_line_headlines() -> None:
    import textwrap

    headlines = [f"Headline number {n} about something else entirely, on one line" for n in range(8)]
    body = ("Law enforcement sources said the dress was taken out of the room at the hotel. The dress is made of "
            "pearls, about 6,000 white Akoya pearls. It is valued at $150,000, the sources said on Thursday. "
            "Deputies were at the hotel on Thursday morning and looked at security footage to find the culprit.")
    text = "\n\n".join(headlines[:4] + [textwrap.fill(body, 78)] + headlines[4:] + [textwrap.fill(body, 78)])
    assert split_lines(text).count(body) == 2


def test_an_inline_caption_label_makes_a_caption() -> None:
    body = ["Patients waited an average of nearly seven hours to be seen last week, the longest since records began.",
            "Hospital leaders blamed a sharp rise in flu cases and a shortage of beds for patients who are ready to leave."]
    text = "\n".join([body[0], "Image caption, Ambulances wait outside the emergency department on Tuesday.", body[1]])
    cleaned = clean_text("Emergency Waits Hit Record\n" + text)
    assert [(p.kind, p.text) for p in cleaned.paragraphs] == [
        ("body", body[0]), ("caption", "Ambulances wait outside the emergency department on Tuesday."), ("body", body[1])]


def test_a_drop_cap_in_its_own_element_rejoins_its_word() -> None:
    text = "16 November 2017 • 2:15pm\nZ\nimbabwe's president is under house arrest, a source said.\n"
    assert split_lines(text) == ["16 November 2017 • 2:15pm", "Zimbabwe's president is under house arrest, a source said."]


def test_an_agency_signature_closes_a_wire_story() -> None:
    body = [
        "A third French national was killed in Saturday's earthquake, swept away by an avalanche, the foreign "
        "minister said on Thursday.",
        "The quake killed nearly 5,500 people and affected eight of the country's 28 million inhabitants, and tens "
        "of thousands are homeless.",
    ]
    sidebar = ["Live", "14:10", "Earthquake. A magnitude 6.8 earthquake struck Papua New Guinea, the US Geological "
               "Survey said, with its epicentre under the island of New Britain, south of Rabaul.", "13:54",
               "A local paper said the third French victim was a woman in her thirties from Lyon who died on a trek."]
    cleaned = clean_text("\n".join(["Third French national killed in quake", *body, "AFP", *sidebar]))
    assert [(p.kind, p.text) for p in cleaned.paragraphs] == [("body", body[0]), ("body", body[1])]


def test_chinese_prose_is_kept_and_a_sentence_with_dates_is_no_dateline() -> None:
    """Unspaced scripts: 。 ends a sentence, words are counted per two characters, digits inside prose are no date."""
    from audionews.text.boilerplate import ends_sentence, is_date_line, words

    sentence = "香港媒体于6月份曝光梁振英大宅的首批违建部分后，于3月的选举中被击败的民主党参选人何俊仁向法院提出选举呈请。"
    assert ends_sentence(sentence)
    assert len(words(sentence)) > 20
    assert not is_date_line(sentence)
    assert is_date_line("Updated 10:32 AM EST, Nov. 27, 2013")


def test_a_menu_link_named_like_an_end_marker_does_not_end_the_article_before_it_starts() -> None:
    """"Latest News" in the menu above the story is navigation, not the end of the article."""
    scrape = "\n".join([
        "Home", "Latest News", "Politics", "Sports",
        "Actress Is Looking Stunning In New Photos",
        "Photos which were released online and are making the rounds on social media show the actress in new make-up photos.",
        "Kate Henshaw",
        "The veteran actress, who won an award for best actress in 2008, has taken to her page to share the photos.",
        "She flaunted a hand bag which had the colours of the flag. She was one of the guests invited to an event.",
        "Tags:", "Facebook", "Twitter",
    ])
    body = [p.text for p in clean_text(scrape).paragraphs if p.kind == "body"]
    assert len(body) == 3 and body[0].startswith("Photos which were released")


def test_stop_words_say_nothing_about_a_script_without_stop_lists() -> None:
    from audionews.text.boilerplate import stopword_ratio

    assert stopword_ratio("وقال المرصد السوري لحقوق الإنسان، وهو هيئة معارضة مقرها لندن") == 1.0
    assert stopword_ratio("Click here to subscribe now", "en") < stopword_ratio("It was the end of the day", "en")


def test_wrapped_chinese_rejoins_without_a_space() -> None:
    """A converter wraps unspaced text mid-word: the lines go back together with no space between them."""
    import textwrap

    sentences = ["梁振英在星期二的答问大会开始之际在其演说中道歉，但强调他在违章建筑问题上没有隐瞒的意图和动机。",
                 "香港行政长官梁振英在各方压力下就其大宅的违章建筑问题到立法会接受质询，并向香港民众道歉。",
                 "一些亲北京阵营议员欢迎梁振英道歉，且认为应能获得香港民众接受，但这些议员也质问梁振英。"]
    paragraphs = [sentences[i % 3] + sentences[(i + 1) % 3] + sentences[(i + 2) % 3] for i in range(5)]
    scrape = "\n\n".join(textwrap.fill(p, 78) for p in paragraphs)
    texts = [p.text for p in clean_text(scrape).paragraphs]
    assert paragraphs[0] in texts and not any(" " in text for text in texts)


# --- Labels, credits and notices run into the text (a walkthrough of real pages read aloud) --------



def test_a_caption_label_run_into_its_caption_is_dropped_and_the_caption_kept() -> None:
    paragraphs, removed = clean_blocks([Paragraph("Media captionWho is the man behind the new harbour plan?"),
                                        Paragraph("Image caption Fishing boats in the harbour at dawn", "heading"),
                                        Paragraph("Image caption")], "A title")
    assert paragraphs == [Paragraph("Who is the man behind the new harbour plan?", "caption"),
                          Paragraph("Fishing boats in the harbour at dawn", "caption")]
    assert removed == [Removal("Image caption", "caption label")]


def test_a_credit_run_into_a_caption_goes_and_the_caption_stays() -> None:
    paragraphs, removed = clean_blocks([Paragraph("He didn't get it.Credit...Jane Roe for The Times")], "A title")
    assert paragraphs == [Paragraph("He didn't get it.", "caption")]
    assert removed == [Removal("Credit...Jane Roe for The Times", "image credit")]


def test_a_sentence_about_a_caption_contest_is_not_a_label() -> None:
    text = "Caption contest winners were announced on Friday at the town hall."
    assert clean_blocks([Paragraph(text)], "A title")[0] == [Paragraph(text)]


@pytest.mark.parametrize("notice", [
    "This copy is for your personal, non-commercial use only. To order presentation-ready copies for distribution "
    "to your colleagues, clients or customers visit https://www.example-reprints.com.",
    "Distribution and use of this material are governed by our Subscriber Agreement and by copyright law.",
])
def test_reprint_notices_are_not_read(notice: str) -> None:
    assert clean_blocks([Paragraph(notice)], "A title")[1] == [Removal(notice, "reprint notice")]


def test_an_author_bio_is_dropped_without_a_byline_but_a_sentence_about_a_reporter_is_kept() -> None:
    story = Paragraph("The council met on Tuesday and voted to rebuild the harbour wall before the winter storms.")
    bio = Paragraph("Jane Roe is a senior correspondent for the Coastal Review based in Porthaven.")
    kept = Paragraph("Police said the man is a reporter who had been covering the protest for a local paper.")
    removed: list[Removal] = []
    assert drop_author_bio([story, kept, bio], None, removed) == [story, kept]
    assert removed == [Removal(bio.text, "author bio")]


def test_a_pull_quote_repeating_the_text_is_read_once() -> None:
    text = Paragraph("“It was never lonely,” she said, sitting in the kitchen of her house in the town below.")
    pull = Paragraph("“It was never lonely.”")
    paragraphs, removed = clean_blocks([text, pull], "A title")
    assert paragraphs == [text] and removed == [Removal(pull.text, "pull quote repeating the text")]


def test_plain_text_caption_label_run_into_the_caption() -> None:
    scrape = "\n".join([
        "Harbour wall to be rebuilt before winter",
        "The council met on Tuesday and voted to rebuild the harbour wall before the winter storms arrive in the town.",
        "Media captionWho is the engineer behind the new harbour wall plan?",
        "Work will begin in September and the council expects it to take about four months to complete, officials said.",
    ])
    cleaned = clean_text(scrape)
    assert Paragraph("Who is the engineer behind the new harbour wall plan?", "caption") in cleaned.paragraphs


def _scrape(*body: str) -> str:
    return "\n".join(["News", "Sport", "Culture", "Harbour Town Clinch the Title on the Final Day", "By Sam Hill", *body,
                      "More stories", "Harbour master retires after 40 years",
                      "© 2024 Coastal Review Media. All rights reserved."])


PROSE = [
    "Harbour Town won the Coastal League on Saturday, beating Westcliff 2-1 in front of a sold-out crowd while "
    "their nearest rivals could only draw at home.",
    "The title is the club's first in 31 years, and the players celebrated with the fans on the pitch for an hour.",
]


def test_plain_text_results_table_after_the_prose_is_read() -> None:
    rows = ["1\tHarbour Town\t30\t21\t5\t4\t68", "2\tNorthgate Rovers\t30\t20\t6\t4\t66", "3\tWestcliff\t30\t17\t7\t6\t58",
            "4\tPine Valley\t30\t15\t8\t7\t53"]
    cleaned = clean_text(_scrape(*PROSE, "Pos\tTeam\tP\tW\tD\tL\tPts", *rows))
    assert [p.text for p in cleaned.paragraphs] == [*PROSE, "Pos Team P W D L Pts", *(r.replace("\t", " ") for r in rows)]


def test_plain_text_labels_on_lines_of_their_own() -> None:
    caption = "Fans run onto the pitch after the final whistle at the Harbour Ground."
    cleaned = clean_text(_scrape(PROSE[0], "Media caption", caption, "Credit...", "Jane Roe for Coastal Review",
                                 PROSE[1], "Most read: Ferry timetable to change in spring"))
    assert cleaned.paragraphs == [Paragraph(PROSE[0]), Paragraph(caption, "caption"), Paragraph(PROSE[1])]
    reasons = {r.text: r.reason for r in cleaned.removed}
    assert reasons["Media caption"] == "caption label"
    assert reasons["Jane Roe for Coastal Review"] == "image credit"


def test_a_short_plain_line_repeated_inside_a_paragraph_is_kept() -> None:
    lead = Paragraph("美方应当采取更多行动")
    text = Paragraph("他表示，美方应当采取更多行动，推动双方关系回到正轨，并且尽快恢复对话。")
    assert clean_blocks([lead, text], "标题")[0] == [lead, text]
