#!/usr/bin/python3
"""Synthetic sentences with named entities, for the demo NER model (deploy/models/ner). Seeded
and deterministic.

Four entity types, as in CoNLL-2003: PER (people), LOC (cities, countries, regions, rivers,
mountains, lakes, islands), ORG (companies, banks, clubs, universities, newspapers, ministries,
charities, bands) and MISC (nationalities and other demonyms, languages, events and
competitions, products, titles of books, films and albums). Sentences come from a hand-written
grammar of contexts: news (business, politics, sport, science, culture, weather, crime),
letters and chat, travel, reviews and everyday notes, plus sentences without any entity.

Names mix common first names, surnames and place names (the pools of make_qa_data.py) with
invented syllable names (most of them), so the model must read context and word shape rather
than memorise a list. The grammar varies:
  * multi-word entities ("Marta van der Berg", "University of Karvik", "Port Velmar Film
    Festival") and names spelled in many word pieces ("Threiskandor");
  * entities at the start and at the end of the sentence, next to each other ("Velmar mayor
    Ines Roth") and in lists;
  * capitalised words that are no entity (sentence starts, days, months, titles before a name:
    "Dr.", "President", which stay outside the span);
  * capitalisation: most sentences as written, some all lowercase (chat), a few all capitals
    (headlines);
  * a few names with letters outside ASCII ("Zoë", "Søren", "José").

Each example: {"text", "entities": [{"start", "end", "label"}]} with start / end in Unicode
code points of the text (end exclusive), sorted by start.

Usage: make_ner_data.py --out DIR [--train N] [--test N] [--seed S]
writes DIR/train.jsonl and DIR/test.jsonl.
"""

import os
import random
import re
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import demo_common  # noqa: E402
import make_qa_data as qa  # noqa: E402  (name pools)

LABELS = ["O", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-LOC", "I-LOC", "B-MISC", "I-MISC"]
TYPES = ["PER", "ORG", "LOC", "MISC"]


def _w(s):
    return [x.strip() for x in s.split(",") if x.strip()]


ACCENTED_FIRST = _w("Zoë, Søren, José, Ólafur, Chloé, Björn, Åsa, Renée, Jürgen, Małgorzata, Núria, "
                    "François, Héloïse, Dóra, Iñigo, Ludmila, Noémie, Øystein, Thérèse, Anaïs")
ACCENTED_LAST = _w("Müller, Sørensen, Gómez, Håkansson, Dvořák, Lefèvre, Çelik, Núñez, Öztürk, "
                   "Jóhannsdóttir, Brontë, Šimić, Østergaard, Fernández, Gauß")
TITLES = _w("Dr., Dr, Mr, Mr., Mrs, Ms, Professor, Prof., President, Minister, Senator, Judge, "
            "Captain, Coach, Chef, Inspector, Mayor, Sir, Lady, Aunt, Uncle, Detective, Officer")
COMPANY_SUFFIX = _w("Industries, Group, Holdings, Labs, Systems, Foods, Motors, Energy, Logistics, "
                    "Pharma, Textiles, Airways, Telecom, Software, Capital, Insurance, Partners, "
                    "Robotics, Mining, Media, Studios, Brewery, Bakery, Foundry, Shipping, Networks, "
                    "Inc., Ltd, Corp., plc, & Co., Technologies, Solutions, Works, Electric")
ORG_PATTERNS = ["{w} {suffix}", "{w} {suffix}", "{w} {suffix}", "{w}{tail} {suffix}", "{w} & {w2}",
                "{w} and {w2} {suffix}", "{w} Bank", "Bank of {place}", "{place} Savings Bank",
                "University of {place}", "{place} University", "{w} College", "{w} Institute",
                "{place} Institute of Technology", "{place} City Council", "{place} Police",
                "Ministry of {ministry}", "Department of {ministry}", "{place} {club}",
                "{place} {club}", "{w} {club}", "{place} Herald", "The {place} Times",
                "{place} Gazette", "{w} Daily", "{w} Broadcasting", "{w} Foundation",
                "{w} Trust", "{place} Symphony Orchestra", "the {w}s", "{w} Party",
                "{place} Chamber of Commerce", "{w} Health Service", "{acronym}", "{acronym}",
                "{w}", "{w}", "{w}{tail}", "{place} {w}s", "{place} {nick}", "{dem} Central Bank",
                "{dem} {generic} Association", "World {field} Organization",
                "International {field} Federation", "National {field} Service", "Air {place}",
                "{place} Airlines", "{w} Air", "{w} Records", "{dem} Railways", "{w} Bros.",
                "{place} University", "{w} {w2}", "{dem} {generic} Council"]
ORG_NICK = _w("Hawks, Lions, Tigers, Wolves, Bears, Eagles, Sharks, Giants, Pirates, Kings, Rockets, "
              "Stars, Falcons, Bulls, Panthers, Titans, Knights, Warriors, Rangers, Jets, Comets")
ORG_GENERIC = _w("Medical, Football, Teachers, Farmers, Film, Music, Press, Nurses, Chess, Rugby, "
                 "Cycling, Science, Trade, Sailing, Writers")
FIELDS = _w("Health, Trade, Weather, Tourism, Food, Labour, Maritime, Energy, Science, Literature, "
            "Physics, Chemistry, Medicine, Peace, Economics, Music, Football, Athletics")
CLUB = _w("FC, United, City, Rovers, Athletic, Wanderers, Rangers, Albion, Olympic, Sporting, "
          "Harriers, Town, Dynamo")
MINISTRY = _w("Health, Finance, Defence, Education, Transport, Agriculture, Justice, Culture, "
              "Energy, Foreign Affairs, the Interior, Labour, Fisheries")
ORG_TAILS = _w("tech, corp, ex, ia, on, ix, ara, ica, o, air, soft, mark, line, trade")
GEO_PATTERNS = ["{w} River", "River {w}", "Lake {w}", "Mount {w}", "{w} Mountains", "{w} Valley",
                "{w} Bay", "{w} Island", "{w} Islands", "Cape {w}", "{w} Forest", "{w} Desert",
                "the {w} Sea", "{w} Strait", "North {w}", "South {w}", "East {w}", "West {w}",
                "{w} Province", "{w} County", "{w} Street", "{w} Square", "{w} Park",
                "{w} Road", "{w} Heights", "{w} Hills", "{w} Coast", "the Gulf of {w}"]
DEMONYM_SUFFIX = ["ian", "ese", "ish", "an", "i", "ic", "ean", "er"]
LANG_EXTRA = _w("English, French, German, Spanish, Arabic, Swahili, Hindi, Mandarin, Portuguese, "
                "Italian, Dutch, Polish, Greek, Turkish, Japanese, Korean, Welsh, Finnish")
EVENT_PATTERNS = ["{place} Marathon", "{place} Film Festival", "{place} Open", "{w} Cup",
                  "{place} Grand Prix", "{place} Book Fair", "{place} Jazz Festival",
                  "{w} Games", "{place} Summit", "{w} Prize", "{w} Award", "{w} Trophy",
                  "{place} Derby", "{place} Carnival", "Battle of {place}", "{w} Conference",
                  "{event}", "{place} {event}", "{w} Festival", "{w} Classic", "{w} Regatta",
                  "{place} Half Marathon", "{w} Championship", "Tour de {place}", "Giro di {place}",
                  "{w} Prize in {field}", "{field} World Cup", "{place} Song Contest", "{w} Day",
                  "World {field} Day", "{w} League", "{place} Premier League"]
PRODUCT_PATTERNS = ["{w} {n}", "{w} {model}", "{w} {n}{letter}", "{w}{tail} {model}",
                    "{w} {model} {n}", "{w}Phone {n}", "{w}Book", "{w} {n}{letter} {model}",
                    "{w}"]
PRODUCT_MODELS = _w("Pro, Max, Mini, Air, Plus, Lite, Ultra, X, S, GT, One, Neo, Flex, Go, Prime")
WORK_PATTERNS = ["{adj} {noun}", "The {adj} {noun}", "The {noun} of {place}", "{noun} in {place}",
                 "A {noun} for {first}", "{adj} {noun}s", "The {w} {noun}", "{first}'s {noun}",
                 "The {noun} of the {noun2}", "The {noun} and the {noun2}", "A {noun} in the {noun2}",
                 "The {adj} {noun} of the {noun2}", "{noun} of the {adj} {noun2}"]


class Gen:
    def __init__(self, seed):
        self.r = random.Random(seed)

    def ch(self, seq):
        return self.r.choice(seq)

    def p(self, x):
        return self.r.random() < x

    # ------------------------------------------------------------------ invented words
    def word(self, n=None):
        n = n or self.r.choice([1, 2, 2, 2, 2, 2, 3, 3])
        w = ""
        for i in range(n):
            w += (self.ch(qa.SYL_ONSET) if i or self.p(0.85) else "") + self.ch(qa.SYL_VOWEL)
            if i == n - 1 or self.p(0.15):
                w += self.ch(qa.SYL_CODA)
        if len(w) < 3:
            w += self.ch(qa.SYL_CODA[3:])
        return w[0].upper() + w[1:]

    def place_name(self):
        x = self.r.random()
        if x < 0.3:
            return self.ch(qa.CITIES)
        w = self.word()
        if x < 0.42:
            return w + self.ch(["burg", "ville", "ton", "stad", "ford", "berg", "vik", "mouth", "field",
                                "holm", "dorf", "grad", "port"])
        if x < 0.52:
            return self.ch(["Port ", "San ", "New ", "Saint ", "Fort ", "Santa ", "Novo ", "Upper ",
                            "Lower ", "Old ", "St. ", "El ", "Los ", "Bad "]) + w
        return w

    def acronym(self):
        n = self.r.choice([2, 3, 3, 3, 4])
        return "".join(chr(self.r.randint(65, 90)) for _ in range(n))

    def demonym(self):
        if self.p(0.35):
            return self.ch(qa.NATIONALITIES)
        w = self.word(self.r.choice([2, 2, 3]))
        w = w.rstrip("aeiouy") or w
        return w + self.ch(DEMONYM_SUFFIX)

    # ------------------------------------------------------------------ entities
    # Each returns (prefix, entity text): the prefix ("the ", a title) is outside the entity.
    def person(self, form=None):
        form = form or self.ch(["full"] * 6 + ["first", "last", "title", "initial", "particle"])
        if self.p(0.04):
            first, last = self.ch(ACCENTED_FIRST), self.ch(ACCENTED_LAST)
        else:
            first = self.ch(qa.FIRST_M + qa.FIRST_F) if self.p(0.5) else self.word()
            last = self.ch(qa.LAST) if self.p(0.4) else self.word()
        if self.p(0.04):
            first = f"{first}-{self.ch(qa.FIRST_M + qa.FIRST_F)}"
        if self.p(0.03):
            last = f"{last}-{self.word()}"
        if self.p(0.03):
            last = self.ch(["O'", "Mc", "Mac", "D'"]) + last
        if form == "first":
            return "", first
        if form == "last":
            return "", last
        if form == "title":
            return self.ch(TITLES) + " ", self.ch([last, last, f"{first} {last}"])
        if form == "initial":
            return "", self.ch([f"{first} {self.word()[0]}. {last}", f"{first[0]}. {last}"])
        if form == "particle":
            return "", f"{first} {self.ch(qa.PARTICLES)} {last}"
        return "", f"{first} {last}"

    def location(self, kind=None):
        kind = kind or self.ch(["city"] * 5 + ["country"] * 2 + ["geo"] * 3 + ["bare"])
        if kind == "city":
            if self.p(0.08):
                return "", f"{self.ch(['Los', 'Las', 'San', 'El', 'La', 'Le', 'Den', 'Al', 'Ban'])} {self.word()}"
            if self.p(0.05):
                return "", f"{self.word()} {self.word()}"
            return "", self.place_name()
        if kind == "bare":  # a river, desert, range or sea known by its name alone
            return "the ", self.word() + self.ch(["", "", "", "s"])
        if kind == "country":
            if self.p(0.4):
                c = self.ch(qa.COUNTRIES)
                return ("the ", c[4:]) if c.startswith("the ") else ("", c)
            w = self.word(self.r.choice([2, 3]))
            return "", self.ch([w, w, w + "ia", w + "land", w + "stan", "Republic of " + w])
        pat = self.ch(GEO_PATTERNS)
        prefix = ""
        if pat.startswith("the "):
            prefix, pat = "the ", pat[4:]
        elif pat.startswith("{w} River") or pat.startswith("River") or pat.endswith(("Mountains", "Islands", "Valley", "Hills", "Coast", "Desert", "Heights", "Bay", "Strait")):
            prefix = self.ch(["the ", "the ", ""])
        return prefix, pat.format(w=self.word())

    def organisation(self):
        pat = self.ch(ORG_PATTERNS)
        text = pat.format(w=self.word(), w2=self.word(), suffix=self.ch(COMPANY_SUFFIX),
                          place=self.place_name(), club=self.ch(CLUB), ministry=self.ch(MINISTRY),
                          acronym=self.acronym(), tail=self.ch(ORG_TAILS), nick=self.ch(ORG_NICK),
                          dem=self.demonym(), generic=self.ch(ORG_GENERIC), field=self.ch(FIELDS))
        prefix = ""
        if text.startswith("the "):
            prefix, text = "the ", text[4:]
        elif text.startswith(("University", "Ministry", "Department", "Bank of", "World", "International",
                              "National")) or text.endswith(("Central Bank", "Association")) or \
                text.endswith(("Institute", "Foundation", "Trust", "Party", "Orchestra", "Council",
                               "Police", "Health Service", "Chamber of Commerce", "Herald",
                               "Gazette", "Times")):
            if not text.startswith("The "):
                prefix = self.ch(["the ", "the ", ""])
        return prefix, text

    def short_organisation(self):
        """A company, club or agency known by one word or an acronym ("Orvix", "KTN")."""
        x = self.r.random()
        if x < 0.5:
            return "", self.word()
        if x < 0.7:
            return "", self.word() + self.ch(ORG_TAILS)
        return "", self.acronym()

    def misc(self, kind=None):
        kind = kind or self.ch(["demonym"] * 4 + ["language", "event", "event", "product", "product", "work"])
        if kind == "demonym":
            return "", self.demonym()
        if kind == "language":
            return "", self.ch(LANG_EXTRA) if self.p(0.5) else self.demonym()
        if kind == "event":
            text = self.ch(EVENT_PATTERNS).format(w=self.word(), place=self.place_name(),
                                                   event=self.ch(qa.EVENTS), field=self.ch(FIELDS))
            return self.ch(["the ", "the ", ""]), text
        if kind == "product":
            return "", self.ch(PRODUCT_PATTERNS).format(
                w=self.word(), n=self.r.randint(2, 12) * self.ch([1, 1, 10, 100]),
                model=self.ch(PRODUCT_MODELS), letter=self.ch("sSXeLi"), tail=self.ch(ORG_TAILS))
        return "", self.ch(WORK_PATTERNS).format(adj=self.ch(qa.ADJ_TITLE), noun=self.ch(qa.NOUN_TITLE),
                                                 noun2=self.ch(qa.NOUN_TITLE),
                                                 place=self.place_name(), w=self.word(),
                                                 first=self.ch(qa.FIRST_M + qa.FIRST_F))

    # ------------------------------------------------------------------ filler values
    def filler(self, name):
        r = self.r
        if name == "YEAR":
            return str(r.randint(1890, 2030))
        if name == "NUM":
            return str(r.choice([r.randint(2, 30), r.randint(2, 999), r.randint(1000, 90000)]))
        if name == "PCT":
            return f"{r.randint(1, 40)}{self.ch(['', '.' + str(r.randint(1, 9))])}%"
        if name == "MONEY":
            return self.ch(["$", "£", "€", ""]) + f"{r.randint(2, 900)} {self.ch(['million', 'billion', 'thousand'])}"
        if name == "DAY":
            return self.ch(["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"])
        if name == "MONTH":
            return self.ch(qa.MONTHS)
        if name == "SCORE":
            return f"{r.randint(0, 5)}-{r.randint(0, 5)}"
        if name == "TIME":
            return self.ch([f"{r.randint(1, 12)} pm", f"{r.randint(1, 12)}am", f"{r.randint(7, 22)}:{self.ch(['00', '15', '30', '45'])}", "noon", "midnight"])
        if name == "ROLE":
            return self.ch(_w("chief executive, spokesperson, spokeswoman, spokesman, chairman, "
                              "director, founder, head coach, lead researcher, manager, treasurer, "
                              "editor, chief economist, press officer, captain, president"))
        if name == "THING":
            return self.ch(_w("the new plant, the merger, the budget, the strike, the deal, the report, "
                              "the new stadium, the bridge repairs, the vaccine trial, the election, "
                              "the ceasefire, the price rise, the tour, the new album, the rescue"))
        if name == "JOB":
            return self.ch(_w("engineer, nurse, teacher, lawyer, chef, pilot, architect, journalist, "
                              "farmer, doctor, designer, student, musician, painter, accountant"))
        raise KeyError(name)


ENTITY_SLOTS = {
    "PER": ("PER", lambda g: g.person()),
    "PERFULL": ("PER", lambda g: g.person("full")),
    "PERFIRST": ("PER", lambda g: g.person("first")),
    "PERLAST": ("PER", lambda g: g.person("last")),
    "LOC": ("LOC", lambda g: g.location()),
    "CITY": ("LOC", lambda g: g.location("city")),
    "COUNTRY": ("LOC", lambda g: g.location("country")),
    "GEO": ("LOC", lambda g: g.location("geo")),
    "ORG": ("ORG", lambda g: g.organisation()),
    "ORGS": ("ORG", lambda g: g.short_organisation()),
    "BARE": ("LOC", lambda g: g.location("bare")),
    "PRODUCTS": ("MISC", lambda g: ("", g.word())),
    "MISC": ("MISC", lambda g: g.misc()),
    "DEM": ("MISC", lambda g: g.misc("demonym")),
    "LANG": ("MISC", lambda g: g.misc("language")),
    "EVENT": ("MISC", lambda g: g.misc("event")),
    "PRODUCT": ("MISC", lambda g: g.misc("product")),
    "WORK": ("MISC", lambda g: g.misc("work")),
}

# Contexts: {SLOT} entity slots (a digit suffix makes a second slot of the same kind, e.g.
# {PER2}), filler slots YEAR NUM PCT MONEY DAY MONTH SCORE TIME ROLE THING JOB.
TEMPLATES = [x.strip() for x in """
{PER} joined {ORG} as {ROLE} in {YEAR}.
{ORG} said on {DAY} that it would close its factory in {CITY}.
{PERFULL}, {ROLE} of {ORG}, told reporters that {THING} would go ahead.
Shares in {ORG} fell {PCT} after the company warned about {THING}.
{ORG} has agreed to buy {ORG2} for {MONEY}.
The {DEM} government has rejected {THING}, according to {ORG}.
{PERLAST} scored twice as {ORG} beat {ORG2} {SCORE} in {CITY}.
{ORG} won the {EVENT} for the first time since {YEAR}.
{PER} of {COUNTRY} won the {EVENT} on {DAY}.
Police in {CITY} are looking for {PER}, who was last seen near {GEO}.
Heavy rain flooded parts of {CITY} and {CITY2} on {DAY} night.
The {GEO} burst its banks after a week of storms.
{PER} will visit {COUNTRY} next month to discuss {THING} with {PER2}.
Talks between {COUNTRY} and {COUNTRY2} ended without an agreement.
{PERFULL} was born in {CITY} in {YEAR} and studied at {ORG}.
A study by researchers at {ORG} found that {DEM} teenagers sleep less than their parents.
{PER} is the author of {WORK}, a novel set in {CITY}.
The film {WORK}, directed by {PERFULL}, opens the {EVENT} on {DAY}.
{PERFULL} released {WORK}, her first album in {NUM} years.
{ORG} launched the {PRODUCT} in {CITY} on {DAY}.
I bought the {PRODUCT} last week and the battery is already dying.
Has anyone tried the new {PRODUCT}? Thinking about getting one.
My sister {PERFIRST} lives in {CITY} now, near {GEO}.
Hi {PERFIRST}, are we still meeting at the station on {DAY}?
Thanks {PERFIRST}! See you in {CITY} next week.
Dear {PER}, thank you for your letter of {NUM} {MONTH}.
We flew from {CITY} to {CITY2} and then took the train to {CITY3}.
The hike up {GEO} took us most of the day.
{CITY} is the capital of {COUNTRY}.
{CITY} lies on the {GEO}, about {NUM} kilometres north of {CITY2}.
Most people in {CITY} speak {LANG} and a little {LANG2}.
She speaks fluent {LANG} and is learning {LANG2}.
The {DEM} ambassador met {PER} in {CITY} on {DAY}.
{PER} said the {DEM} economy grew by {PCT} last year.
{ORG} hired {PER} to lead its office in {CITY}.
{PERFULL} resigned from {ORG} after {NUM} years.
According to {ORG}, {PCT} of households in {COUNTRY} have no internet access.
{CITY} mayor {PERFULL} opened the new library on {DAY}.
{COUNTRY} coach {PERLAST} named {PER} captain for the {EVENT}.
{PER} finished second behind {PER2} in the {EVENT}.
Tickets for the {EVENT} in {CITY} sold out within {NUM} minutes.
The {EVENT} was cancelled because of the weather.
{PER} and {PER2} founded {ORG} in a garage in {CITY}.
{ORG} and {ORG2} will merge to form one of the largest firms in {COUNTRY}.
A spokesperson for {ORG} declined to comment.
{PER} told the {ORG} that the deal was dead.
In an interview with {ORG}, {PER} said she had no plans to retire.
The museum in {CITY} has a new exhibition on {DEM} painters.
We had dinner at a small {DEM} restaurant in {CITY}.
The {DEM} restaurant on {GEO} is worth the queue.
Our guide, {PERFIRST}, grew up on {GEO}.
{PERFIRST} recommended the {PRODUCT}, and it works well.
Flights from {CITY} to {CITY2} were delayed by {NUM} hours.
{ORG} cancelled {NUM} flights out of {CITY} because of fog.
The new bridge over the {GEO} will connect {CITY} and {CITY2}.
{PER} climbed {GEO} in {YEAR}.
{PER} was elected leader of {ORG} on {DAY}.
{PER} is expected to win the election in {COUNTRY}.
The court in {CITY} fined {ORG} {MONEY} for breaking competition rules.
{ORG} is recalling {NUM} units of the {PRODUCT} after reports of overheating.
The {PRODUCT} costs {MONEY} less than the old model.
Visitors to {CITY} can take a boat trip on {GEO}.
{PER}'s latest book, {WORK}, is out in {MONTH}.
I'm reading {WORK} by {PERFULL} and can't put it down.
Did you see {PERLAST}'s goal on {DAY}?
{PERFIRST} says hi from {CITY}!
{PER} was appointed {ROLE} of {ORG} in {MONTH}.
{ORG}'s {ROLE}, {PER}, will step down next year.
The {EVENT} returns to {CITY} in {MONTH} {YEAR}.
{DEM} and {DEM2} officials met in {CITY} to discuss fishing rights.
Thousands marched through {CITY} on {DAY} to protest against {THING}.
The {GEO} is home to more than {NUM} species of birds.
Snow closed roads across {GEO} and {LOC} overnight.
{PER} works as a {JOB} at {ORG} in {CITY}.
My uncle was a {JOB} in {COUNTRY} before moving to {CITY}.
{PER} has been a {JOB} for {NUM} years.
Ask {PERFIRST} in accounts about the {ORG} invoice.
Meeting with {PER} from {ORG} moved to {DAY} at {TIME}.
Reminder: call {PERFIRST} about the trip to {CITY}.
Please send the report to {PER} at {ORG} by {DAY}.
The {ORG} report blames {THING} on poor planning.
{PER} won the {EVENT} in {YEAR} with {WORK}.
{WORK} won best picture at the {EVENT}.
{PER} plays for {ORG} and the {DEM} national team.
{ORG} signed the {DEM} striker {PER} for {MONEY}.
Is {CITY} worth visiting in {MONTH}?
Can someone recommend a hotel near {GEO} in {CITY}?
We stayed with {PERFIRST} and {PERFIRST2} in a cabin by {GEO}.
Last summer we drove along {GEO} from {CITY} to {CITY2}.
{PER} translated {WORK} from {LANG} into {LANG2}.
The {ORG} orchestra played {WORK} to a full house.
According to {PER}, the {PRODUCT} will ship in {MONTH}.
{PER}, a {JOB} from {CITY}, was among the survivors.
Officials in {COUNTRY} confirmed {NUM} new cases on {DAY}.
{ORG} shares rose {PCT} in early trading in {CITY}.
{PER}, {PER2} and {PER3} were named in the squad.
The route passes through {CITY}, {CITY2} and {CITY3}.
{ORG} opened offices in {CITY}, {CITY2} and {COUNTRY}.
{PER} thanked {ORG} for its support.
Born in {CITY}, {PER} moved to {COUNTRY} as a child.
After leaving {ORG}, {PER} started a bakery in {CITY}.
Without {PERLAST}, {ORG} would have lost.
Even {PERLAST} admitted that {ORG} played better.
It was {PERFIRST} who found the keys in the end.
Only {PERFIRST} knew the way to {GEO}.
They named the new ferry after {PER}.
The {ORG} hospital in {CITY} will get a new wing.
Trains between {CITY} and {CITY2} will not run on {DAY}.
{LOC} had its wettest {MONTH} on record.
Rescue teams reached the village near {GEO} after {NUM} hours.
{PER} has denied the claims, {ORG} reported.
"We are very proud," said {PER}.
"It was a hard game," {PERLAST} told {ORG} after the match.
The {DEM} team arrived in {CITY} on {DAY}.
A {DEM} company is building the new port in {CITY}.
{PER} is a {DEM} {JOB} based in {CITY}.
{CITY} beat {CITY2} to host the {EVENT}.
Prices in {COUNTRY} rose {PCT} in {MONTH}, {ORG} said.
Go left at {GEO} and the shop is on your right.
The package from {ORG} arrived in {CITY} on {DAY}.
Volunteers from {ORG} cleaned up the beach at {GEO}.
A painting by {PER} sold for {MONEY} in {CITY}.
{PER} met {PER2} while studying {LANG} at {ORG}.
{ORGS} reported a loss of {MONEY} for the year.
{ORGS} is opening a new office near {CITY}.
{ORGS} and {ORGS2} have called off their merger.
{ORGS} hired {PERFULL} as its new {ROLE}.
{ORGS} shares rose after the company beat forecasts.
{ORGS} staff walked out on {DAY} over pay.
{ORGS} fans celebrated in the streets of {CITY}.
{ORGS} manager {PERFULL} praised his players.
{ORGS} said the {PRODUCT} would go on sale in {MONTH}.
{ORGS} fined {ORGS2} {MONEY} for misleading customers.
A deal between {ORGS} and {ORG} is expected this week.
Workers at {ORGS} say the new rules are unfair.
The {BARE} flows through {CITY} and {CITY2}.
The {BARE} is longer than the {BARE2}.
The {BARE} covers much of {LOC}.
Boats sail up the {BARE} from {CITY} every summer.
We crossed the {BARE} on the night ferry.
{ORGS} is recalling thousands of {PRODUCTS} cars.
My dad still drives his old {PRODUCTS}.
{PER} sold shares in {ORGS} last year.
The striker was sold after {PERFULL} took over as coach.
The deal fell apart after {PERFULL} left the company.
Reporters asked {PERFULL} about {THING}.
Everyone clapped when {PERFULL} walked in.
{PERFULL} and {PERFULL2} are getting married in {MONTH}.
I think {PERFIRST} is still in {CITY} with the kids.
We stayed in and watched {WORK} with {PERFIRST}.
{COUNTRY} striker {PER} scored in the last minute.
{ORG} researchers say {THING} will take years.
""".strip().split("\n") if x.strip()]

# Sentences without entities (capitalised words that are no entity included).
PLAIN = [x.strip() for x in """
The meeting was moved to {DAY} afternoon.
We should leave before it starts raining.
Prices went up again in {MONTH}.
The train was {NUM} minutes late this morning.
I think the new timetable starts next week.
Can you bring the charger when you come over?
The report is due on {DAY} at {TIME}.
Nobody expected the results to be this good.
Turn the oven down after twenty minutes.
The bridge will be closed for repairs until {MONTH}.
Sales fell by {PCT} in the last quarter.
The team lost {SCORE} after a late penalty.
It snowed all night and the roads are icy.
Our flight leaves at {TIME} on {DAY}.
The company expects profits to rise next year.
Please remember to lock the back door.
The museum is free on the first {DAY} of the month.
Most of the guests left before midnight.
Rain is expected across the north later today.
The new library opens in {MONTH} {YEAR}.
I'll call you back after lunch.
The minister said the plan would cost {MONEY}.
Officials said {NUM} people were hurt in the crash.
The doctor will see you at {TIME}.
We need more chairs for the meeting on {DAY}.
The government has promised to build more homes.
The coach praised the players after the match.
Happy birthday! Hope you have a great day.
Our neighbours have a new dog and it barks all night.
The price includes breakfast and a late checkout.
Traffic was slow on the motorway after the accident.
The festival was cancelled because of the storm.
The river rose by two metres overnight.
The election will be held in {MONTH}.
Scientists say the ice is melting faster than expected.
The factory will hire {NUM} new workers.
President and chief executive are not the same job.
The Internet was down for most of {DAY}.
Apple pie and custard is still the best dessert.
God knows why the bus never comes on time.
Sunday mornings are quiet around here.
Mum says dinner is at {TIME}.
""".strip().split("\n") if x.strip()]

SLOT_RE = re.compile(r"\{([A-Z]+?)(\d?)\}")


def render(g, template):
    """(text, entities) for one template."""
    text, entities, pos = "", [], 0
    for m in SLOT_RE.finditer(template):
        text += template[pos:m.start()]
        name = m.group(1)
        if name in ENTITY_SLOTS:
            label, make = ENTITY_SLOTS[name]
            prefix, value = make(g)
            before = template[max(0, m.start() - 4):m.start()].lower()
            if prefix and before.endswith(("the ", "a ", "an ")):
                prefix = ""  # the template already has an article
            if prefix.lower() == "the " and before.endswith(("'s ", "his ", "her ")):
                prefix = ""
            text = an(text, prefix + value) + prefix
            entities.append({"start": len(text), "end": len(text) + len(value), "label": label})
            text += value
        else:
            value = g.filler(name)
            text = an(text, value) + value
        pos = m.end()
    text += template[pos:]
    if text and text[0].islower():
        text = text[0].upper() + text[1:]
    return text, entities


def an(text, value):
    """text with its final article "a " turned into "an " before a vowel."""
    if (text.endswith(" a ") or text == "a ") and value[:1].lower() in "aeiou":
        return text[:-2] + "an "
    return text


def sentence(g):
    if g.p(0.14):
        return render(g, g.ch(PLAIN))
    return render(g, g.ch(TEMPLATES))


def example(g):
    text, ents = sentence(g)
    if g.p(0.15):  # two sentences
        t2, e2 = sentence(g)
        shift = len(text) + 1
        text = text + " " + t2
        ents = ents + [{"start": e["start"] + shift, "end": e["end"] + shift, "label": e["label"]} for e in e2]
    x = g.r.random()
    if x < 0.03:
        cased = text.lower()
    elif x < 0.05:
        cased = text.upper()
    else:
        cased = text
    if len(cased) == len(text):  # case mapping kept the code-point count (it does for these letters)
        text = cased
    return {"text": text, "entities": sorted(ents, key=lambda e: e["start"])}


def check(row):
    text = row["text"]
    for e in row["entities"]:
        span = text[e["start"]:e["end"]]
        if not span or span != span.strip() or e["label"] not in TYPES:
            raise AssertionError(f"bad span {e} in {text!r}")
        if e["start"] > 0 and text[e["start"] - 1].isalnum():
            raise AssertionError(f"span starts inside a word: {e} in {text!r}")
        if e["end"] < len(text) and text[e["end"]].isalnum():
            raise AssertionError(f"span ends inside a word: {e} in {text!r}")


def generate(seed, n, exclude=frozenset()):
    g = Gen(seed)
    rows, seen = [], set(exclude)
    while len(rows) < n:
        row = example(g)
        if row["text"] in seen:
            continue
        check(row)
        seen.add(row["text"])
        rows.append(row)
    return rows


def splits(seed, n_train, n_test):
    """The held-out split is drawn first from its own stream; training never repeats its texts."""
    test = generate(seed * 1000 + 21, n_test)
    train = generate(seed * 1000 + 22, n_train, exclude={r["text"] for r in test})
    return train, test


def main():
    demo_common.split_main("make_ner_data", __doc__, splits, default_train=60000, unit=" sentences")


if __name__ == "__main__":
    main()
