"""Spoken text: what a newsreader says for the shown text, rule by rule."""
from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from audionews.errors import InputError, NotFoundError
from audionews.speech import spoken as spoken_tables
from audionews.speech.pronunciations import NO_RULES, Pronunciations, Rule, edit, load, save
from audionews.speech.spoken import cardinal, number, ordinal, to_spoken, year


@pytest.mark.parametrize("n, words", [
    (0, "zero"), (7, "seven"), (13, "thirteen"), (20, "twenty"), (21, "twenty-one"), (99, "ninety-nine"),
    (100, "one hundred"), (105, "one hundred five"), (1200, "one thousand two hundred"),
    (1_000_000, "one million"), (2_500_017, "two million five hundred thousand seventeen"),
    (3_000_000_000, "three billion"), (-4, "minus four"),
])
def test_cardinal(n: int, words: str) -> None:
    assert cardinal(n) == words


@pytest.mark.parametrize("n, words", [
    (1, "first"), (2, "second"), (3, "third"), (4, "fourth"), (5, "fifth"), (8, "eighth"), (9, "ninth"),
    (12, "twelfth"), (20, "twentieth"), (21, "twenty-first"), (22, "twenty-second"), (100, "one hundredth"),
    (101, "one hundred first"),
])
def test_ordinal(n: int, words: str) -> None:
    assert ordinal(n) == words


@pytest.mark.parametrize("n, words", [
    (2017, "twenty seventeen"), (1998, "nineteen ninety-eight"), (1905, "nineteen oh five"),
    (1900, "nineteen hundred"), (2000, "two thousand"), (2004, "two thousand four"), (2010, "twenty ten"),
    (1066, "ten sixty-six"),
])
def test_year(n: int, words: str) -> None:
    assert year(n) == words


@pytest.mark.parametrize("text, words", [
    ("1,200", "one thousand two hundred"), ("3.5", "three point five"), ("0.25", "zero point two five"),
    ("1234567890123456789", "one two three four five six seven eight nine zero one two three four five six seven eight nine"),
])
def test_number(text: str, words: str) -> None:
    assert number(text) == words


CASES = [
    # Language-neutral: symbols, links, addresses.
    ("Johnson & Johnson settled.", "Johnson and Johnson settled."),
    ("The S&P 500 rose.", "The S and P five hundred rose."),
    ("Details are at https://www.example.org/report.pdf. Read it.", "Details are at link. Read it."),
    ("See www.cdc.gov/flu for more.", "See link for more."),
    ("Write to jane.doe@example.com today.", "Write to jane dot doe at example dot com today."),
    # Abbreviations.
    ("The U.S. President met H.R. McMaster.", "The US President met HR McMaster."),
    ("He moved to the U.S.", "He moved to the US."),
    ("Trump called it a W.H. meeting in Washington, D.C.", "Trump called it a WH meeting in Washington, DC."),
    ("The U.S.-led coalition", "The US-led coalition"),
    ("Gen. Mark Milley met Lt. Col. Alexander Vindman.", "General Mark Milley met Lieutenant Colonel Alexander Vindman."),
    ("Sen. Elizabeth Warren, D-Mass., and Gov. Gavin Newsom", "Senator Elizabeth Warren, Democrat of Massachusetts, and Governor Gavin Newsom"),
    ("Sen. Chuck Schumer, D-N.Y., and Sen. Mitt Romney, R-Utah, agreed.",
     "Senator Chuck Schumer, Democrat of New York, and Senator Mitt Romney, Republican of Utah, agreed."),
    ("Rep. Kevin McCarthy of Bakersfield, Calif., spoke.", "Representative Kevin McCarthy of Bakersfield, California, spoke."),
    ("Mr. and Mrs. Smith met Ms. Lee and Dr. Anthony Fauci.", "Mister and Missus Smith met Miz Lee and Doctor Anthony Fauci."),
    ("Capt. Sully Sullenberger and Sgt. Maj. John Smith", "Captain Sully Sullenberger and Sergeant Major John Smith"),
    ("Prof. Jane Doe and the Rev. Al Sharpton", "Professor Jane Doe and the Reverend Al Sharpton"),
    ("He ranked No. 5, up from #12.", "He ranked number five, up from number twelve."),
    ("The team finished No. 1.", "The team finished number one."),
    ("She grew up in St. Louis and lives on Main St. in Springfield.",
     "She grew up in Saint Louis and lives on Main Street in Springfield."),
    ("The fire started on 5th St.", "The fire started on fifth Street."),
    ("He lives on Elm Dr. with his dog.", "He lives on Elm Drive with his dog."),
    ("Martin Luther King Jr. spoke at St. Patrick’s Cathedral.", "Martin Luther King Junior spoke at Saint Patrick’s Cathedral."),
    ("Apple Inc. and Microsoft Corp. rose.", "Apple Incorporated and Microsoft Corporation rose."),
    ("The court ruled in Roe v. Wade.", "The court ruled in Roe versus Wade."),
    ("Fruit, e.g. apples, pears etc. are cheap.", "Fruit, for example apples, pears et cetera are cheap."),
    ("John F. Kennedy was president.", "John F Kennedy was president."),
    ("George A. Romero and George W. Bush", "George A. Romero and George W Bush"),
    ("She holds a Ph.D. from the U.S.A. and an M.D.", "She holds a PhD from the USA and an MD."),
    ("The I.T. chief", "The I T chief"),
    # Numbers.
    ("About 1,200 people attended.", "About one thousand two hundred people attended."),
    ("He was 39.", "He was thirty-nine."),
    ("The index rose 0.4% in April.", "The index rose zero point four percent in April."),
    ("Sales rose 5 percent.", "Sales rose five percent."),
    ("The vote was 52-48.", "The vote was fifty-two to forty-eight."),
    ("The 21st century", "The twenty-first century"),
    ("It was their 3rd title and 102nd game.", "It was their third title and one hundred second game."),
    ("The 1990s and the 2000s", "The nineteen nineties and the two thousands"),
    ("Music of the ’80s, loved by people in their 50s", "Music of the eighties, loved by people in their fifties"),
    ("It happened in 2017.", "It happened in twenty seventeen."),
    ("From 2019-2021 and in 1990-91", "From twenty nineteen to twenty twenty-one and in nineteen ninety to ninety-one"),
    ("COVID-19 spread.", "COVID-nineteen spread."),
    ("The G7 met on 4G phones.", "The G7 met on four G phones."),
    ("It was -5 degrees.", "It was minus five degrees."),
    ("A 1/2 mile and 3/4 of voters", "A one half mile and three quarters of voters"),
    ("Remember 9/11.", "Remember nine eleven."),
    ("It reached 105°F, or 41°C.", "It reached one hundred five degrees Fahrenheit, or forty-one degrees Celsius."),
    ("A surge of up to 12 ft. in some areas", "A surge of up to twelve feet in some areas"),
    ("It fell to 20 degrees F. overnight.", "It fell to twenty degrees Fahrenheit overnight."),
    ("Winds of 75 mph hit a 5 km stretch.", "Winds of seventy-five miles per hour hit a five kilometers stretch."),
    # Dates.
    ("in Washington, May 10, 2017.", "in Washington, May tenth, twenty seventeen."),
    ("The attack happened on Jan. 6, 2021.", "The attack happened on January sixth, twenty twenty-one."),
    ("The report is due Sept. 30.", "The report is due September thirtieth."),
    ("It opened on 10 May 2017.", "It opened on the tenth of May twenty seventeen."),
    ("The bridge opened in Aug. 1937.", "The bridge opened in August nineteen thirty-seven."),
    ("March 3rd was cold.", "March third was cold."),
    ("The money runs out in Oct. and returns in Dec.", "The money runs out in October and returns in December."),
    # Times.
    ("The meeting began at 9 a.m. on Tuesday.", "The meeting began at nine AM on Tuesday."),
    ("The polls close at 8 p.m.", "The polls close at eight PM."),
    ("The launch is at 10:30 p.m. EDT.", "The launch is at ten thirty PM Eastern."),
    ("At 9 a.m. ET, 14:00 GMT and 6 p.m. PT.", "At nine AM Eastern, fourteen hundred GMT and six PM Pacific."),
    ("Police were called at 2:05 a.m. Friday.", "Police were called at two oh five AM Friday."),
    ("Doors open at 10:00 AM and close at 5pm.", "Doors open at ten AM and close at five PM."),
    ("The train leaves at 14:45.", "The train leaves at fourteen forty-five."),
    # Currency.
    ("It cost $5 million.", "It cost five million dollars."),
    ("The company earned $1.2 billion.", "The company earned one point two billion dollars."),
    ("A coffee is $3.50.", "A coffee is three dollars and fifty cents."),
    ("Stamps cost $0.60 and $1.", "Stamps cost sixty cents and one dollar."),
    ("She has $100.00.", "She has one hundred dollars."),
    ("Tickets cost £5, €10 or US$12.", "Tickets cost five pounds, ten euros or twelve US dollars."),
    ("It was worth £2.5 billion.", "It was worth two point five billion pounds."),
    ("It paid $5m, £3bn and €200k.", "It paid five million dollars, three billion pounds and two hundred thousand euros."),
    # Names and symbols a newsreader says in words.
    ("After World War II, Queen Elizabeth II and King Charles III", "After World War Two, Queen Elizabeth the Second and King Charles the Third"),
    ("Lakers vs Celtics", "Lakers versus Celtics"),
    ("Follow #MeToo and @nytimes.", "Follow hashtag MeToo and at nytimes."),
]


@pytest.mark.parametrize("shown, spoken", CASES)
def test_english_newsreader(shown: str, spoken: str) -> None:
    assert to_spoken(shown) == spoken


def test_several_sentences_each_keep_their_end() -> None:
    assert to_spoken("He moved to the U.S. The move cost $2 billion.") == "He moved to the US. The move cost two billion dollars."


@pytest.mark.parametrize("language, shown, spoken", [
    ("de", "Mehr unter https://example.de/artikel & bei info@example.de.", "Mehr unter Link und bei info at example Punkt de."),
    ("fr", "Voir https://example.fr/x & lire.", "Voir lien et lire."),
    ("es", "Visite www.example.es & lea.", "Visite enlace y lea."),
    # Non-English text keeps its numbers and abbreviations for the engine's own language rules.
    ("de", "Dr. Müller kam am 10. Mai 2017 um 9 Uhr.", "Dr. Müller kam am 10. Mai 2017 um 9 Uhr."),
    # A language without words of ours: links become their host name, nothing else changes.
    ("it", "Leggi https://www.example.it/notizia & altro.", "Leggi example.it & altro."),
])
def test_other_languages_get_only_neutral_rules(language: str, shown: str, spoken: str) -> None:
    assert to_spoken(shown, language) == spoken


def test_sample_article_is_read_without_digits_or_dotted_abbreviations() -> None:
    sample = Path(__file__).resolve().parents[1] / "samples" / "voa-israel-intel.txt"
    spoken = to_spoken(sample.read_text(encoding="utf-8"))
    assert not re.search(r"\d", spoken)
    assert "U.S." not in spoken and "H.R." not in spoken and "W.H." not in spoken
    assert "US President Donald Trump" in spoken and "HR McMaster" in spoken
    assert "May tenth, twenty seventeen" in spoken and "ISIS and terrorism" in spoken


def test_empty_text() -> None:
    assert to_spoken("") == ""
    assert to_spoken("   ") == ""


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(list("aZ .,$£€%&@/:-#°0123456789") + ["U.S.", "Gen.", "a.m.", "May ", "St."]),
                max_size=60).map("".join),
       st.sampled_from(["en", "de", "zz"]))
def test_never_raises_and_leaves_no_digits_in_english(text: str, language: str) -> None:
    spoken = to_spoken(text, language)
    assert spoken == " ".join(spoken.split())
    if language == "en":
        assert not re.search(r"(?<![A-Za-z])\d", spoken), spoken


# --- News numbers: money, votes and scores, phones, regnal numbers, percentages, fractions, temperatures, times,
# years and amounts, initialisms; sentences written the way news reports put them. ---------------------------------

NEWS = [
    ('Tesla raised $1.8B in its latest share sale.',
     'Tesla raised one point eight billion dollars in its latest share sale.'),
    ('The startup is valued at $500M after the round.',
     'The startup is valued at five hundred million dollars after the round.'),
    ('BP wrote off £2bn on the project.',
     'BP wrote off two billion pounds on the project.'),
    ('The EU pledged €3.5 million in aid.',
     'The EU pledged three point five million euros in aid.'),
    ('Siemens booked €3bn in new orders.',
     'Siemens booked three billion euros in new orders.'),
    ('The merger creates a $40bn company.',
     'The merger creates a forty billion dollar company.'),
    ('The fund manages $12.5B for pensioners.',
     'The fund manages twelve point five billion dollars for pensioners.'),
    ('Cuts of $10K per household were proposed.',
     'Cuts of ten thousand dollars per household were proposed.'),
    ('Uber lost $1.2bn last quarter.',
     'Uber lost one point two billion dollars last quarter.'),
    ('The city faces a $250M deficit.',
     'The city faces a two hundred fifty million dollar deficit.'),
    ('Microsoft paid $68.7 billion for Activision.',
     'Microsoft paid sixty-eight point seven billion dollars for Activision.'),
    ('The budget adds $1.5 trillion to the debt.',
     'The budget adds one point five trillion dollars to the debt.'),
    ('Officials seized ¥500bn in assets.',
     'Officials seized five hundred billion yen in assets.'),
    ('The airline received C$5 million from Ottawa.',
     'The airline received five million Canadian dollars from Ottawa.'),
    ('Qantas reported A$1.7bn in profit.',
     'Qantas reported one point seven billion Australian dollars in profit.'),
    ('The tower cost HK$3bn to build.',
     'The tower cost three billion Hong Kong dollars to build.'),
    ('The deal was worth US$2.3 billion.',
     'The deal was worth two point three billion US dollars.'),
    ('India set aside ₹500 crore for roads.',
     'India set aside five hundred crore rupees for roads.'),
    ('Tickets cost $20-$30 each.',
     'Tickets cost twenty to thirty dollars each.'),
    ('Repairs will cost $5-10 million.',
     'Repairs will cost five to ten million dollars.'),
    ('Analysts expect $2 to $3 billion in savings.',
     'Analysts expect two to three billion dollars in savings.'),
    ('He was fined a $5 million penalty.',
     'He was fined a five million dollar penalty.'),
    ('She bought a $20 ticket at the door.',
     'She bought a twenty dollar ticket at the door.'),
    ('Gas costs $3.49 a gallon.',
     'Gas costs three dollars and forty-nine cents a gallon.'),
    ('The coin sold for $1.5 million.',
     'The coin sold for one point five million dollars.'),
    ('The Supreme Court issued a 5-4 ruling on Thursday.',
     'The Supreme Court issued a five to four ruling on Thursday.'),
    ('The Senate voted 52-48 to confirm her.',
     'The Senate voted fifty-two to forty-eight to confirm her.'),
    ('The justices ruled 6-3 in favour of the state.',
     'The justices ruled six to three in favour of the state.'),
    ('The board approved the plan 7-2.',
     'The board approved the plan seven to two.'),
    ('The Yankees won 4-3 in extra innings.',
     'The Yankees won four-three in extra innings.'),
    ('Arsenal beat Chelsea 2-1 on Sunday.',
     'Arsenal beat Chelsea two-one on Sunday.'),
    ('The Celtics lost 110-102 to the Heat.',
     'The Celtics lost one hundred ten to one hundred two to the Heat.'),
    ('It was a 3-1 victory for Brazil.',
     'It was a three-one victory for Brazil.'),
    ('The Rams led 14-7 at half time.',
     'The Rams led fourteen-seven at half time.'),
    ('Most patients waited 3-5 days for results.',
     'Most patients waited three to five days for results.'),
    ('Prices rose 20-30% over the year.',
     'Prices rose twenty to thirty percent over the year.'),
    ('The poll shows 48%-45% for the incumbent.',
     'The poll shows forty-eight percent to forty-five percent for the incumbent.'),
    ('Wages rose 2-3 per cent last year.',
     'Wages rose two to three percent last year.'),
    ('Children aged 5-11 can now get the vaccine.',
     'Children aged five to eleven can now get the vaccine.'),
    ('Call 555-123-4567 to report a leak.',
     'Call five five five, one two three, four five six seven to report a leak.'),
    ('The hotline is (800) 273-8255.',
     'The hotline is eight zero zero, two seven three, eight two five five.'),
    ('Call 1-800-273-8255 for help.',
     'Call one, eight zero zero, two seven three, eight two five five for help.'),
    ('Residents can dial 311 or call 555-0143.',
     'Residents can dial three one one or call five five five, zero one four three.'),
    ('Contact the embassy on +44 20 7946 0958.',
     'Contact the embassy on plus four four, two zero, seven nine four six, zero nine five eight.'),
    ('The suspect made a 911 call at dawn.',
     'The suspect made a nine one one call at dawn.'),
    ('Neighbours called 911 after the blast.',
     'Neighbours called nine one one after the blast.'),
    ('Dial 999 in an emergency.',
     'Dial nine nine nine in an emergency.'),
    ('The 988 hotline took 2 million calls.',
     'The nine eight eight hotline took two million calls.'),
    ('Henry VIII broke with Rome.',
     'Henry the Eighth broke with Rome.'),
    ('After World War II, Europe was rebuilt.',
     'After World War Two, Europe was rebuilt.'),
    ('World War I began in 1914.',
     'World War One began in nineteen fourteen.'),
    ('Pope Benedict XVI resigned in 2013.',
     'Pope Benedict the Sixteenth resigned in twenty thirteen.'),
    ('Louis XIV built Versailles.',
     'Louis the Fourteenth built Versailles.'),
    ('King Charles III was crowned in May.',
     'King Charles the Third was crowned in May.'),
    ('Pope Leo XIV greeted the crowd.',
     'Pope Leo the Fourteenth greeted the crowd.'),
    ('King Rama X of Thailand attended.',
     'King Rama the Tenth of Thailand attended.'),
    ('Henry V won at Agincourt.',
     'Henry the Fifth won at Agincourt.'),
    ('Super Bowl LVIII was held in Las Vegas.',
     'Super Bowl Fifty-eight was held in Las Vegas.'),
    ('Title IX changed college sports.',
     'Title Nine changed college sports.'),
    ('Phase III trials began in March.',
     'Phase Three trials began in March.'),
    ('Chapter XI of the report is missing.',
     'Chapter Eleven of the report is missing.'),
    ('Malcolm X spoke in Harlem.',
     'Malcolm X spoke in Harlem.'),
    ('The Lexus LX and a shirt in size XL were raffled.',
     'The Lexus LX and a shirt in size XL were raffled.'),
    ('He is the world No. 1 in tennis.',
     'He is the world number one in tennis.'),
    ('She was ranked No 2 in the world.',
     'She was ranked number two in the world.'),
    ('No 10 said the minister would stay.',
     'Number ten said the minister would stay.'),
    ('The song reached No. 3 on the chart.',
     'The song reached number three on the chart.'),
    ('Nos. 4 and 5 were closed.',
     'Numbers four and five were closed.'),
    ('Unemployment fell to 3.9 per cent.',
     'Unemployment fell to three point nine per cent.'),
    ('Inflation was 2.4pc in May.',
     'Inflation was two point four percent in May.'),
    ('Turnout was 67%.',
     'Turnout was sixty-seven percent.'),
    ('Support fell 5 percentage points.',
     'Support fell five percentage points.'),
    ('Rates rose 0.25 percent.',
     'Rates rose zero point two five percent.'),
    ('About 1/3 of adults smoke.',
     'About one third of adults smoke.'),
    ('Only 2/5 of the money was spent.',
     'Only two fifths of the money was spent.'),
    ('He served 2 1/2 years in prison.',
     'He served two and a half years in prison.'),
    ('The river rose 1½ metres.',
     'The river rose one and a half metres.'),
    ('Prices rose by ¾ of a point.',
     'Prices rose by three quarters of a point.'),
    ('The deadline is 24/7 monitoring.',
     'The deadline is twenty-four seven monitoring.'),
    ('It was 104°F in Phoenix on Monday.',
     'It was one hundred four degrees Fahrenheit in Phoenix on Monday.'),
    ('Temperatures dropped to -10°C overnight.',
     'Temperatures dropped to minus ten degrees Celsius overnight.'),
    ('Forecasters expect highs of 30C this weekend.',
     'Forecasters expect highs of thirty degrees Celsius this weekend.'),
    ('The low was 5 degrees F in Chicago.',
     'The low was five degrees Fahrenheit in Chicago.'),
    ('London hit 40.3C for the first time.',
     'London hit forty point three degrees Celsius for the first time.'),
    ('It was minus 5°C at the summit.',
     'It was minus five degrees Celsius at the summit.'),
    ('The polls close at 8 p.m. ET.',
     'The polls close at eight PM Eastern.'),
    ('The speech is at 9:30 a.m. PT on Friday.',
     'The speech is at nine thirty AM Pacific on Friday.'),
    ('The launch is at 14:00 GMT.',
     'The launch is at fourteen hundred GMT.'),
    ('Talks resume at 0900 GMT.',
     'Talks resume at oh nine hundred GMT.'),
    ('Markets open at 9:30 a.m. EDT.',
     'Markets open at nine thirty AM Eastern.'),
    ('The eclipse peaks at 2:05 p.m. CDT.',
     'The eclipse peaks at two oh five PM Central.'),
    ('The vote closes at noon ET.',
     'The vote closes at noon Eastern.'),
    ('Trading halted at 15:45 CET.',
     'Trading halted at fifteen forty-five CET.'),
    ('The flight lands at 6:15 a.m. local time.',
     'The flight lands at six fifteen AM local time.'),
    ('The treaty was signed in 1648.',
     'The treaty was signed in sixteen forty-eight.'),
    ('The company sold 1999 units in March.',
     'The company sold one thousand nine hundred ninety-nine units in March.'),
    ('About 1500 people attended the rally.',
     'About one thousand five hundred people attended the rally.'),
    ('Some 2000 troops were deployed.',
     'Some two thousand troops were deployed.'),
    ('In 2015 voters rejected the plan.',
     'In twenty fifteen voters rejected the plan.'),
    ('The 2016 election changed everything.',
     'The twenty sixteen election changed everything.'),
    ('By 2030 emissions must halve.',
     'By twenty thirty emissions must halve.'),
    ('The law dates from 1890.',
     'The law dates from eighteen ninety.'),
    ('He was born in the 1950s.',
     'He was born in the nineteen fifties.'),
    ('The mid-1990s were a boom time.',
     'The mid-nineteen nineties were a boom time.'),
    ("It felt like the '80s again.",
     'It felt like the eighties again.'),
    ('Sales fell in the 2010s.',
     'Sales fell in the twenty tens.'),
    ('The 2020-21 season was cut short.',
     'The twenty twenty to twenty-one season was cut short.'),
    ('From 2019 to 2021 prices doubled.',
     'From twenty nineteen to twenty twenty-one prices doubled.'),
    ('The FBI raided the office.',
     'The FBI raided the office.'),
    ('The CIA declined to comment.',
     'The CIA declined to comment.'),
    ('NATO leaders met in Vilnius.',
     'NATO leaders met in Vilnius.'),
    ('ISIS claimed responsibility.',
     'ISIS claimed responsibility.'),
    ('The IMF cut its forecast.',
     'The IMF cut its forecast.'),
    ('The WHO declared an emergency.',
     'The W.H.O declared an emergency.'),
    ('The EPA tightened the rules.',
     'The EPA tightened the rules.'),
    ('The GOP won the House.',
     'The GOP won the House.'),
    ('The ACLU sued the city.',
     'The A.C.L.U sued the city.'),
    ('The AP reported the result first.',
     'The AP reported the result first.'),
    ('Two IPOs were delayed.',
     'Two IPOs were delayed.'),
    ('The UAW went on strike.',
     'The UAW went on strike.'),
    ('NASA launched the probe.',
     'NASA launched the probe.'),
    ('The IAEA sent inspectors.',
     'The I.A.E.A sent inspectors.'),
    ('FEMA sent aid to Florida.',
     'FEMA sent aid to Florida.'),
    ('OPEC cut output again.',
     'OPEC cut output again.'),
    ("The EPA's new rule takes effect.",
     "The EPA's new rule takes effect."),
    ('Officials from the IOC visited Paris.',
     'Officials from the IOC visited Paris.'),
    ('The UAE and the IDF signed a deal.',
     'The UAE and the IDF signed a deal.'),
    ('The SEC fined the firm $10 million.',
     'The SEC fined the firm ten million dollars.'),
    ('BREAKING NEWS: WHO WARNS OF NEW VIRUS',
     'BREAKING NEWS: WHO WARNS OF NEW VIRUS'),
    ('The ECB held rates at 4%.',
     'The ECB held rates at four percent.'),
    ('Sales of EVs rose 40% in 2023.',
     'Sales of EVs rose forty percent in twenty twenty-three.'),
    ('The ICBMs were moved.',
     "The I.C.B.M's were moved."),
    ('Two NGOs said the camp was full.',
     'Two NGOs said the camp was full.'),
    ('Officials at the FDIC closed the bank.',
     'Officials at the F.D.I.C closed the bank.'),
    ('The YMCA opened a shelter.',
     'The Y.M.C.A opened a shelter.'),
    ("The IAEA's chief visited Kyiv.",
     "The I.A.E.A's chief visited Kyiv."),
    ('Police said the 911 dispatcher answered at once.',
     'Police said the nine one one dispatcher answered at once.'),
    ('The 1918 flu killed millions.',
     'The nineteen eighteen flu killed millions.'),
    ('He was elected in November 2020.',
     'He was elected in November twenty twenty.'),
    ('Rates were cut to 5.25%-5.5%.',
     'Rates were cut to five point two five percent to five point five percent.'),
    ('The Dow fell 500 points, or 1.4%.',
     'The Dow fell five hundred points, or one point four percent.'),
]


@pytest.mark.parametrize("shown, spoken", NEWS)
def test_news_numbers(shown: str, spoken: str) -> None:
    assert to_spoken(shown) == spoken


def test_the_news_table_is_large() -> None:
    assert len(NEWS) >= 100


# Words a normalisation may replace rather than keep: abbreviations with their dot, units and magnitude suffixes
# after numbers, "No" before a number, "vs".
_REPLACEABLE = {"vs", "No", "Nos", "mph", "kph", "km", "kg", "cm", "mm", "ft", "lb", "lbs", "pc", "bn", "mn", "tn",
                "crore", "lakh"}
_ABBREVIATIONS = {*spoken_tables._TITLES, *spoken_tables._AFTER_NAME, *spoken_tables._MONTH_ABBREVIATIONS,
                  *spoken_tables._STATES, "St", "Dr", "Mr", "Mrs", "Ms", "Messrs", "etc", "approx"}


def assert_keeps_every_word(shown: str, spoken: str) -> None:
    """A normalisation never drops a word: every word of the shown text is still said, in order (numbers and
    symbols become words; an abbreviation becomes its words), and nothing is said in fewer words than shown."""
    shown, spoken = shown.replace("per cent", "percent"), spoken.replace("per cent", "percent")
    spoken = re.sub(r"(?<=[A-Z])\.(?=[A-Z](?![a-z]))", "", spoken)  # "I.M.F" is the word IMF, spelled
    spoken_words = [w.lower() for w in re.findall(r"[A-Za-z]+", spoken)]
    kept = []
    for word, dot, after in re.findall(r"(?<![\w.'’#@$/&-])([A-Za-z][A-Za-z]+)(\.?)(?![\w'’@/$-]|\.\w)(\s?\S?)", shown):
        if word in _REPLACEABLE or (dot and word in _ABBREVIATIONS) or spoken_tables.roman(word) or \
                re.fullmatch(r"[ECMP][SD]?T", word):
            continue
        if word == "No" and after.strip()[:1].isdigit():
            continue
        kept.append(word.lower())
    position = 0
    for word in kept:
        assert word in spoken_words[position:], f"{word!r} of {shown!r} is missing from {spoken!r}"
        position = spoken_words.index(word, position) + 1
    tokens = [t for t in shown.split() if any(ch.isalnum() for ch in t)]
    assert len(spoken.split()) >= len(tokens), f"{spoken!r} says fewer words than {shown!r} shows"


@pytest.mark.parametrize("shown, spoken", NEWS + CASES)
def test_no_normalisation_drops_a_word(shown: str, spoken: str) -> None:
    assert_keeps_every_word(shown, to_spoken(shown))


_NEWS_WORDS = ["The", "council", "said", "Henry", "about", "people", "in", "on", "won", "voted", "a", "ticket",
               "record", "since", "rose", "to", "call", "the", "IMF", "WHO", "NATO", "units", "Friday", "per", "cent"]
_NEWS_NUMBERS = ["$1.8B", "$500M", "£2bn", "€3.5 million", "5-4", "4-3", "1999", "2,000", "No. 5", "3/4", "2 1/2",
                 "1½", "-5°C", "98°F", "30C", "10:30 a.m. ET", "14:00 GMT", "0900 GMT", "555-123-4567",
                 "(202) 555-0143", "+44 20 7946 0958", "911", "VIII", "XIV", "World War II", "Super Bowl LVIII",
                 "20-30%", "4.5%", "1990s", "'90s", "2020-21", "$5-10 million", "C$5 million", "9/11", "24/7"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(_NEWS_WORDS), st.sampled_from(_NEWS_NUMBERS)), min_size=1, max_size=14)
       .map(" ".join))
def test_news_sentences_keep_every_word_and_leave_no_digits(shown: str) -> None:
    spoken = to_spoken(shown + ".")
    assert_keeps_every_word(shown + ".", spoken)
    assert not re.search(r"(?<![A-Za-z])\d", spoken), spoken


@pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="needs espeak-ng")
def test_spelled_initialisms_are_the_ones_espeak_reads_as_words() -> None:
    """The initialisms spelled with dots are misread by espeak-ng in a sentence; others it spells itself."""
    from audionews.speech.spoken import _SPELLED

    def phonemes(text: str) -> str:
        result = subprocess.run(["espeak-ng", "-q", "-x", "-v", "en-us", text], capture_output=True, text=True,
                                check=True)
        return "".join(ch for ch in result.stdout if ch not in " ,;\n")

    for initialism in sorted(_SPELLED):
        dotted = ".".join(initialism)
        assert phonemes(f"the {initialism} said") != phonemes(f"the {dotted} said"), initialism
        assert to_spoken(f"The {initialism} said.") == f"The {dotted} said."
    for initialism in ("FBI", "EPA", "IMF", "GOP", "UAE"):  # read as letters already: left as they are
        assert phonemes(f"the {initialism} said") == phonemes(f"the {'.'.join(initialism)} said"), initialism
        assert to_spoken(f"The {initialism} said.") == f"The {initialism} said."


# --- Pronunciation rules: the listener's own, applied before the built-in rules, for every engine. --------------

def rules(*items: dict) -> Pronunciations:
    return Pronunciations(tuple(Rule.from_dict(item) for item in items))


@pytest.mark.parametrize("rule, shown, spoken", [
    # A plain match is a whole word in any case.
    ({"match": "Liberman", "say": "librarian"}, "Avigdor Liberman said.", "Avigdor librarian said."),
    ({"match": "Liberman", "say": "librarian"}, "LIBERMAN and liberman.", "librarian and librarian."),
    ({"match": "Liberman", "say": "librarian"}, "Libermanism and Libermans.", "Libermanism and Libermans."),
    # A phrase matches across any whitespace.
    ({"match": "New York Times", "say": "the Times"}, "The New  York Times said.", "The the Times said."),
    ({"match": "Nato", "say": "nay toe", "case_sensitive": True}, "NATO or Nato.", "NATO or nay toe."),
    ({"match": "burg", "say": "berg", "whole_word": False}, "Hamburg and Salzburg.", "Hamberg and Salzberg."),
    # Matches may start or end with a symbol and still be whole words.
    ({"match": "C++", "say": "C plus plus"}, "He writes C++ daily.", "He writes C plus plus daily."),
    # An empty say skips the match.
    ({"match": "(Reuters)", "say": ""}, "(Reuters) The market fell.", "The market fell."),
    # Regular expressions, with groups in the replacement.
    ({"match": r"Covid-(\d+)", "say": r"Covid \1", "regex": True}, "Covid-19 spread.", "Covid nineteen spread."),
    ({"match": r"\bXi\b", "say": "Shee", "regex": True, "case_sensitive": True}, "Xi met XI.", "Shee met XI."),
    # The say is read by the built-in rules afterwards: numbers in it become words.
    ({"match": "F-35", "say": "F 35"}, "The F-35 flew.", "The F thirty-five flew."),
    # A rule for one language only.
    ({"match": "Liberman", "say": "librarian", "language": "de"}, "Liberman said.", "Liberman said."),
])
def test_rule_forms(rule: dict, shown: str, spoken: str) -> None:
    assert to_spoken(shown, "en", rules(rule)) == spoken


def test_rule_for_a_language_applies_to_that_language() -> None:
    book = rules({"match": "Müller", "say": "Müler", "language": "de"})
    assert to_spoken("Müller kam.", "de-AT", book) == "Müler kam."
    assert to_spoken("Müller came.", "en", book) == "Müller came."


def test_longest_match_wins_and_no_rule_sees_another_rules_replacement() -> None:
    book = rules({"match": "York", "say": "Yorke"}, {"match": "New York", "say": "Nu Yawk"},
                 {"match": "Yawk", "say": "never"}, {"match": "Liberman", "say": "Lee ber man"},
                 {"match": "Lee", "say": "never"})
    assert to_spoken("New York and York.", "en", book) == "Nu Yawk and Yorke."
    assert to_spoken("Liberman met Lee.", "en", book) == "Lee ber man met never."


def test_an_earlier_rule_wins_a_tie() -> None:
    book = rules({"match": "Kyiv", "say": "Keev"}, {"match": "kyiv", "say": "Kee-yiv"})
    assert to_spoken("Kyiv", "en", book) == "Keev"


@pytest.mark.parametrize("rule, phrase", [
    ({"match": "Lib[", "say": "x", "regex": True}, "The regular expression 'Lib[' is not valid: unterminated character set at position 3."),
    ({"match": "a*", "say": "x", "regex": True}, "matches empty text"),
    ({"match": "(a)", "say": r"\2", "regex": True}, "refers to a group"),
    ({"match": "  ", "say": "x"}, "has no match"),
    ({"match": "x"}, 'needs both "match" and "say"'),
    ({"match": "x", "sya": "y"}, "unknown field 'sya'"),
    ({"match": "x", "say": "y", "regex": "yes"}, "regex must be true or false"),
    ({"match": "x", "say": "y", "language": "english"}, "not a language code"),
    ({"match": "x" * 201, "say": "y"}, "too long"),
])
def test_bad_rules_are_refused_with_what_is_wrong(rule: dict, phrase: str) -> None:
    with pytest.raises(InputError) as refused:
        Rule.from_dict(rule)
    assert phrase in str(refused.value)
    assert "\n" not in str(refused.value)


def test_adding_a_rule_with_the_same_match_replaces_it_and_remove_takes_a_match_or_an_index() -> None:
    book, replaced = NO_RULES.added(Rule("Liberman", "librarian"))
    book, _ = book.added(Rule("Kyiv", "Keev"))
    book, replaced = book.added(Rule("Liberman", "Lee ber man"))
    assert replaced and [rule.say for rule in book.rules] == ["Lee ber man", "Keev"]
    assert book.removed("Kyiv")[0].rules == (Rule("Liberman", "Lee ber man"),)
    assert book.removed("0", by_index=True)[0].rules == (Rule("Kyiv", "Keev"),)
    with pytest.raises(NotFoundError):
        book.removed("0")  # an index only where asked for
    with pytest.raises(NotFoundError):
        book.removed("Paris")


def test_rules_file_round_trip_is_human_editable_json(tmp_path: Path) -> None:
    path = tmp_path / "data" / "pronunciations.json"
    assert load(path) == NO_RULES  # no file: no rules
    book = rules({"match": "Liberman", "say": "librarian"}, {"match": r"(\d+)B", "say": r"\1 billion", "regex": True})
    save(path, book)
    assert load(path) == book
    text = path.read_text(encoding="utf-8")
    assert text.startswith('{\n  "rules": [\n') and '"match": "Liberman"' in text
    assert not list(path.parent.glob(".*.tmp"))


def test_a_bad_rules_file_names_the_bad_rule(tmp_path: Path) -> None:
    path = tmp_path / "pronunciations.json"
    path.write_text('{"rules": [{"match": "ok", "say": "fine"}, {"match": "Lib[", "say": "x", "regex": true}]}',
                    encoding="utf-8")
    with pytest.raises(InputError) as refused:
        load(path)
    message = str(refused.value)
    assert message.startswith(f"Pronunciation rule 2 ('Lib[') in {path} is not valid: The regular expression")
    path.write_text('{"rules": [', encoding="utf-8")
    with pytest.raises(InputError, match=r"not valid JSON \(line 1, column 12"):
        load(path)
    path.write_text('[]', encoding="utf-8")
    with pytest.raises(InputError, match=r'must be a JSON object \{"rules": \[\.\.\.\]\}'):
        load(path)


def _add_rules(path: str, first: int, count: int) -> None:
    for n in range(first, first + count):
        edit(Path(path), lambda book, n=n: book.added(Rule(f"word{n}", f"say{n}"))[0])


def test_concurrent_edits_lose_no_rule(tmp_path: Path) -> None:
    import multiprocessing

    path = tmp_path / "pronunciations.json"
    context = multiprocessing.get_context("fork")
    workers = [context.Process(target=_add_rules, args=(str(path), start, 15)) for start in (0, 100, 200)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(60)
    assert sorted(rule.match for rule in load(path).rules) == sorted(
        f"word{n}" for start in (0, 100, 200) for n in range(start, start + 15))
