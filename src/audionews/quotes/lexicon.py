"""Word lists of English news usage for telling who speaks: titles, honorifics, organisation and place
words, nationality words, role nouns, reporting verbs. General vocabulary only, never names from a
particular article."""
from __future__ import annotations

# Abbreviations that keep their period as part of the word.
ABBREVIATIONS = set(
    "mr mrs ms mx dr sen rep gov gen lt col sgt capt cpl adm maj st jr sr inc corp co ltd prof rev "
    "atty supt det insp cmdr pres gov messrs mme mlle hon amb fr sec dept no vs".split()
)

HONORIFICS = {"mr", "mrs", "ms", "miss", "mx", "dr", "sir", "dame", "lord", "lady", "madam", "mme", "messrs"}
FEMALE_WORDS = set(
    "mrs ms miss dame lady madam mme queen princess duchess countess empress baroness spokeswoman "
    "chairwoman congresswoman businesswoman councilwoman sister mother wife daughter grandmother actress "
    "woman girl aunt niece".split()
)
MALE_WORDS = set(
    "mr sir lord king prince duke count emperor baron spokesman chairman congressman businessman "
    "councilman brother father husband son grandfather actor man boy uncle nephew".split()
)

# Head titles: a name follows them ("Defense Minister Lena Ortiz").
HEAD_TITLES = set(
    "president vice-president premier minister secretary chancellor king queen prince princess pope "
    "sheikh emir sultan senator sen representative rep congressman congresswoman governor gov mayor "
    "general gen admiral adm colonel col lieutenant lt major maj captain capt sergeant sgt commander cmdr "
    "chief director spokesman spokeswoman spokesperson adviser advisor ambassador amb envoy judge justice "
    "attorney prosecutor doctor dr professor prof reverend rev bishop archbishop cardinal rabbi imam "
    "chairman chairwoman chair ceo cfo coo cto founder co-founder executive officer head leader coach "
    "manager commissioner superintendent inspector detective speaker treasurer councilman councilwoman "
    "councillor councilor alderman mr mrs ms miss mx sir dame lord lady madam mme duke duchess "
    "lawmaker legislator delegate deputy chairperson pastor father sister brother crown-prince "
    "analyst economist researcher scientist author reporter correspondent editor columnist anchor host "
    "candidate nominee challenger incumbent owner striker midfielder defender goalkeeper quarterback "
    "actor actress singer rapper star president-elect ayatollah patriarch mp mep msp mla peer boss "
    "forward winger pitcher catcher nurse officer secretary-general director-general attorney-general "
    "governor-general surgeon-general chef architect designer photographer filmmaker composer musician "
    "novelist poet artist playwright".split()
)
# Abbreviated titles and the words a later description uses for them ("Gov. Ruiz" … "the governor").
TITLE_ABBREVIATIONS = {
    "gov": "governor", "sen": "senator", "rep": "representative", "gen": "general", "lt": "lieutenant",
    "col": "colonel", "sgt": "sergeant", "capt": "captain", "cpl": "corporal", "adm": "admiral", "maj": "major",
    "cmdr": "commander", "supt": "superintendent", "det": "detective", "insp": "inspector", "prof": "professor",
    "dr": "doctor", "atty": "attorney", "amb": "ambassador", "pres": "president", "sec": "secretary",
}
# Words that may come between a head title and the name, or before the head title.
TITLE_MODIFIERS = set(
    "of for the state defense defence foreign interior finance health education justice homeland security "
    "national energy trade commerce labor labour agriculture transportation treasury house senate majority "
    "minority prime vice deputy assistant associate acting interim former outgoing incoming top senior "
    "chief general executive affairs public press white army navy air force supreme federal district "
    "county city regional party opposition parliamentary communications intelligence police fire "
    "environment economy culture sports defense-policy development international policy first".split()
)
# Organisation words: a span with one of these names an organisation, not a person.
ORG_WORDS = set(
    "news times post journal herald tribune telegraph guardian gazette magazine press radio tv television "
    "network channel agency ministry department office council committee commission board authority "
    "service administration party union association institute foundation university college school "
    "bank group company corporation corp inc ltd co llc plc forces force army navy police court congress "
    "senate parliament assembly cabinet government house palace kremlin pentagon organization "
    "organisation center centre fund federation league club team airlines airways motors systems "
    "technologies labs studios pictures records church hospital society coalition alliance campaign "
    "movement front brigade command bureau unit institution trust watch international media daily weekly "
    "pharmaceuticals pharma therapeutics biotech securities holdings capital partners industries energy "
    "foods brands labs software solutions networks communications entertainment properties property realty "
    "insurance financial investments ventures logistics airlines petroleum oil gas mining steel chemicals "
    "centers centres services institutes associates farms mills brewing brewery airport railways "
    "reuters afp ap bbc cnn npr nbc abc cbs fox msnbc upi dpa xinhua tass voa pbs hbo un nato eu who fbi cia "
    "nsa idf".split()
)
# Lower-case nouns after a name that mark it as an organisation ("Harbor Review magazine").
ORG_DESCRIPTORS = set(
    "magazine newspaper daily weekly network broadcaster channel agency outlet website site paper "
    "ministry department office company firm group organization organisation party union newsroom "
    "station radio television news tabloid journal".split()
)
# Nouns a definite description uses for an organisation already named ("the company said").
GENERIC_ORG_NOUNS = set(
    "company firm group maker carmaker automaker manufacturer retailer bank lender insurer agency ministry "
    "department government union club team newspaper paper network broadcaster university hospital "
    "council charity organization organisation party campaign administration airline startup studio "
    "developer publisher chain operator utility regulator commission committee court board".split()
)
# Nouns for a person's role that a definite description uses ("the striker said").
ROLE_NOUNS = set(
    "striker winger forward guard player pitcher batter driver rider runner swimmer champion veteran "
    "rookie teenager woman man mother father victim witness survivor resident tenant owner farmer "
    "teacher student nurse doctor officer soldier suspect defendant plaintiff lawmaker senator "
    "actor actress singer artist writer novelist director founder entrepreneur investor economist "
    "scientist researcher author activist candidate official diplomat minister president year-old "
    "teen youngster fan protester spectator voter worker employee customer passenger patient "
    "right-hander left-hander southpaw shortstop outfielder infielder reliever closer slugger catcher "
    "receiver linebacker goalie keeper fullback centre-back center-back playmaker skipper rookie "
    "medic paramedic firefighter volunteer".split()
)
# Descriptions that stand for an unnamed speaker ("a spokesperson for the ministry").
SPOKESPERSON_WORDS = {"spokesman", "spokeswoman", "spokesperson", "representative", "official", "officials",
                      "source", "sources", "aide", "aides", "statement", "account", "post", "tweet"}
DEMONYMS = set(
    "u.s. us u.k. uk u.n. un e.u. eu american british english french german italian spanish portuguese "
    "russian chinese japanese korean indian pakistani afghan iranian iraqi syrian israeli palestinian "
    "lebanese jordanian egyptian saudi turkish greek ukrainian polish dutch belgian swiss swedish "
    "norwegian danish finnish irish scottish welsh canadian mexican brazilian argentine argentinian "
    "chilean colombian venezuelan cuban australian nigerian kenyan ethiopian somali south north east "
    "west african european asian arab yemeni libyan tunisian moroccan algerian qatari emirati "
    "kuwaiti bahraini omani indonesian malaysian thai vietnamese filipino taiwanese hungarian czech "
    "austrian romanian bulgarian serbian croatian belarusian georgian armenian azerbaijani kazakh "
    "republican democratic democrat republicans democrats conservative liberal labour tory".split()
)
# Capitalised words that do not start a name (sentence-initial function words, days, months).
NOT_NAME = set(
    "the a an in on at as after before when while but and or if it he she they we i you this that these "
    "those his her their its our my your there here last next earlier later meanwhile however also still "
    "yet so then now today yesterday tomorrow tonight according within some many most all both each every "
    "one two three no not why what who whom how where which asked speaking despite although though because "
    "since until during from for with without by of to under over about among between like unlike instead "
    "even only just monday tuesday wednesday thursday friday saturday sunday january february march april "
    "june july august september october november december mon tue wed thu fri sat sun jan feb mar apr jun "
    "jul aug sep sept oct nov dec is are was were be been has have had do does did will would can could "
    "should may might must shall let please yes thank thanks dear hello oh well okay ok q a millions "
    "thousands hundreds dozens billions scores tens several few".split()
)
# People who speak for an organisation: "a State Department spokesperson" is the department speaking.
SPEAKS_FOR = {"spokesman", "spokeswoman", "spokesperson", "spokespeople", "representative"}
# Nouns for people: a name right before one is a modifier ("a White House official").
PERSON_HEADS = SPOKESPERSON_WORDS | ROLE_NOUNS | HEAD_TITLES | {"lawyer", "lawyers", "attorney", "aide", "aides"}
# Words before a name that say when, not who: "Former Fed official", "Acting Director".
TEMPORAL_MODIFIERS = {"former", "acting", "interim", "late", "then", "ex", "outgoing", "incoming", "retired"}
PARTICLES = {"for", "de", "da", "van", "von", "der", "den", "bin", "ibn", "al", "el", "la", "le", "du", "dos",
              "das", "di", "del", "ter", "of", "&", "and"}
OF_HEADS = {"centers", "centres", "services", "states", "republic", "kingdom", "secretary", "minister", "ministry",
             "department", "bank",
             "university", "college", "institute", "school", "church", "city", "state", "province", "county",
             "house", "chamber", "council", "board", "court", "office", "bureau", "museum", "league", "union",
             "association", "federation", "society", "academy", "center", "centre", "commission", "committee",
             "chief", "director", "president", "governor", "mayor", "head", "duke", "duchess", "prince",
             "princess", "king", "queen", "archbishop", "bishop", "people", "sisters", "brothers", "friends"}
# Last words of place names, which "the" does not make organisations: the Central Valley, the United States.
PLACE_WORDS = {"valley", "river", "mountains", "mountain", "states", "kingdom", "emirates", "republic", "coast",
                "bay", "sea", "ocean", "island", "islands", "gulf", "strait", "desert", "peninsula", "basin",
                "lake", "lakes", "plains", "hills", "highlands", "east", "west", "north", "south", "midwest",
                "region", "delta", "canal", "channel", "border", "strip", "bank", "heights", "alps", "andes",
                "street", "avenue", "road", "square", "park", "county", "city", "town", "village", "province"}
# What an organisation has: a name whose these are ("Lumen's shares") names an organisation.
ORG_POSSESSIONS = {"shares", "stock", "customers", "users", "subscribers", "employees", "workers", "staff",
                    "products", "services", "app", "apps", "platform", "website", "stores", "factory", "factories",
                    "plant", "plants", "board", "headquarters", "revenue", "profit", "profits", "sales", "earnings",
                    "email", "software", "servers", "network", "fleet", "members", "shareholders", "investors"}
NAME_SUFFIXES = {"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"}
PRONOUNS = {"he": "male", "she": "female", "they": "plural", "it": "thing", "we": "plural", "i": "self"}

# Reporting verbs as base[:past:third-person] (regular forms are derived).
_VERBS = (
    "say:said:says tell:told:tells add ask write:wrote:writes tweet post state declare announce explain "
    "note insist argue claim warn reply:replied:replies respond answer continue conclude recall acknowledge "
    "admit:admitted:admits concede confirm deny:denied:denies emphasize emphasise stress:stressed:stresses "
    "suggest urge:urged:urges vow promise predict complain boast joke quip:quipped:quips observe remark "
    "comment mention report testify:testified:testifies shout yell whisper:whispered:whispers "
    "cry:cried:cries exclaim murmur mutter sigh laugh snap:snapped:snaps retort counter protest plead "
    "demand caution assert contend maintain reiterate recount reveal disclose pledge threaten allege "
    "lament scoff proclaim interject interrupt text:texted:texts email blog:blogged:blogs "
    "message:messaged:messages call describe find:found:finds accuse criticize criticise praise blame "
    "dismiss condemn hail welcome defend advise assure reassure clarify:clarified:clarifies decry:decried:decries "
    "denounce dispute inform notify:notified:notifies indicate highlight reckon remind restate rave preach "
    "wonder marvel muse gush:gushed:gushes exhort implore beg:begged:begs"
)
# Reporting verbs whose next words are the person addressed or judged, never an inverted subject.
TAKES_PERSON_OBJECT = set(
    "tell accuse urge warn praise blame criticize criticise call describe dismiss condemn hail welcome defend "
    "find threaten text email message answer advise assure reassure inform notify remind exhort implore "
    "beg".split()
)
# Two-word reporting verbs: put it, shot back.
PHRASAL_VERBS = {"put": "it", "shot": "back", "fired": "back", "hit": "back", "pointed": "out", "went": "on",
                 "chimed": "in", "cut": "in", "spoke": "up", "summed": "up"}


def _verb_forms() -> tuple[dict[str, str], dict[str, str]]:
    """Every finite form of the reporting verbs, and their -ing participles, to their base form."""
    forms: dict[str, str] = {}
    participles: dict[str, str] = {}
    for entry in _VERBS.split():
        parts = entry.split(":")
        base = parts[0]
        if len(parts) == 3:
            past, third = parts[1], parts[2]
        else:
            past = base + ("d" if base.endswith("e") else "ed")
            third = base + ("es" if base.endswith(("s", "sh", "ch", "x")) else "s")
        for form in (base, past, third):
            forms[form] = base
        doubled = past.endswith("ed") and len(past) > 4 and past[-3] == past[-4] and not base.endswith(past[-3] * 2)
        stem = past[:-2] if doubled else base[:-1] if base.endswith("e") and not base.endswith("ee") else base
        participles[stem + "ing"] = base
    forms["written"] = "write"
    return forms, participles


REPORTING_VERBS, PARTICIPLES = _verb_forms()
