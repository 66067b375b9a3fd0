#!/usr/bin/python3
"""Synthetic encyclopedic paragraphs with extractive questions, for the demo QA model
(deploy/models/qa). Seeded and deterministic.

The data is synthetic and the facts are fictional: each paragraph describes an invented
person, city, building, organisation, river, mountain, creative work, event or animal species,
assembled from a hand-written grammar with many realisations per fact (e.g. "was designed by",
"the architect was", "X designed it") and questions that often paraphrase the context ("Who was
the architect of ...?"). Names mix real first names, surnames and place names with invented
syllable names, so the model must read the context instead of memorising entities. Every
paragraph carries distractors of the same answer type (several years, people, places, numbers).
Answers are exact substrings of the context with character offsets (SQuAD format); a few
questions list alternative gold answers (e.g. "about 2,300" and "2,300").

Usage: make_qa_data.py --out DIR [--train N] [--test N] [--seed S]
writes DIR/train.jsonl and DIR/test.jsonl, one question per line:
{"id", "question", "context", "answers": {"text": [...], "answer_start": [...]}}.
"""

import os
import random
import re
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import demo_common  # noqa: E402


def _w(s):
    return [x.strip() for x in s.split(",") if x.strip()]


# ------------------------------------------------------------------------------- name pools
FIRST_M = _w("""
John, James, William, Henry, Thomas, George, Charles, Edward, Robert, Richard, Peter, Paul,
Michael, David, Daniel, Samuel, Joseph, Arthur, Albert, Frederick, Walter, Louis, Pierre, Jean,
Jacques, Antoine, Henri, Claude, Gustave, Marcel, Hans, Karl, Friedrich, Johann, Otto, Ludwig,
Wilhelm, Heinrich, Carlos, Miguel, Pedro, Diego, Luis, Antonio, Giuseppe, Giovanni, Marco,
Luca, Alessandro, Francesco, Leonardo, Ivan, Dmitri, Sergei, Nikolai, Alexei, Piotr, Jan, Tomas,
Lars, Erik, Sven, Olaf, Anders, Mikko, Kenji, Hiroshi, Takeshi, Wei, Li, Chen, Ravi, Arjun,
Vikram, Rahul, Omar, Ahmed, Yusuf, Hassan, Kwame, Kofi, Chinedu, Tunde, Mateo, Hugo, Felix,
Oscar, Victor, Simon, Martin, Stefan, Andrei, Emil, Benjamin, Isaac, Nathan, Alan, Frank, Harold,
Edmund, Francis, Joaquim, Rafael, Emilio, Bruno, Aldo, Rolf, Gunnar, Hamid, Tariq, Jorge
""")
FIRST_F = _w("""
Mary, Elizabeth, Anne, Margaret, Catherine, Jane, Emily, Charlotte, Alice, Grace, Sarah, Emma,
Sophie, Claire, Marie, Louise, Camille, Juliette, Helene, Greta, Ingrid, Astrid, Freya, Karin,
Clara, Anna, Maria, Elena, Sofia, Lucia, Isabel, Carmen, Rosa, Giulia, Francesca, Chiara, Olga,
Natalia, Irina, Tatiana, Ewa, Agnieszka, Zofia, Yuki, Akiko, Mei, Lin, Priya, Anjali, Lakshmi,
Fatima, Aisha, Leila, Amina, Ngozi, Adaeze, Zara, Hannah, Rachel, Rebecca, Esther, Ruth, Laura,
Julia, Helen, Dorothy, Florence, Ada, Rosalind, Lise, Hedy, Frida, Simone, Virginia, Harriet,
Beatrix, Matilda, Ines, Paula, Teresa, Eva, Nora, Ida, Vera, Lena, Mila, Selma, Dina, Tove
""")
LAST = _w("""
Smith, Brown, Taylor, Wilson, Walker, Wright, Hughes, Edwards, Turner, Hill, Clarke, Baker,
Fletcher, Harrison, Morgan, Bennett, Carter, Mitchell, Parker, Cooper, Reed, Hayes, Bell, Ward,
Dubois, Laurent, Moreau, Lefevre, Girard, Fontaine, Rousseau, Bernard, Mercier, Blanc, Martin,
Muller, Schmidt, Schneider, Fischer, Weber, Becker, Wagner, Hoffmann, Richter, Krause, Vogel,
Garcia, Fernandez, Lopez, Martinez, Sanchez, Romero, Navarro, Ortega, Castillo, Rossi, Russo,
Bianchi, Romano, Conti, Ricci, Marino, Greco, Bruno, Gallo, Ivanov, Petrov, Sokolov, Volkov,
Novak, Kowalski, Nowak, Horvat, Kovacs, Nagy, Svensson, Johansson, Lindqvist, Nilsson, Hansen,
Larsen, Jensen, Virtanen, Tanaka, Suzuki, Sato, Yamamoto, Nakamura, Wang, Zhang, Liu, Huang,
Sharma, Patel, Gupta, Singh, Rao, Iyer, Haddad, Khalil, Mansour, Okafor, Mensah, Adeyemi,
Mbeki, Silva, Santos, Costa, Pereira, Almeida, Oliveira, Murphy, Kelly, Byrne, Walsh, Stewart,
Campbell, Fraser, Douglas, Grant, Holmes, Porter, Hunter, Ellis, Webb, Stone, Marsh, Lowe
""")
PARTICLES = ["van", "de", "da", "von", "di", "del", "van der", "de la", "le", "al", "ben", "dos"]

SYL_ONSET = _w("b, br, c, ch, d, dr, f, g, gr, h, j, k, kr, l, m, n, p, pr, r, s, sh, st, t, "
               "tr, v, w, z, th, bl, fl, sl, sk, pl, gl, kh, ts, zh")
SYL_VOWEL = _w("a, e, i, o, u, a, e, i, o, ai, ei, ou, ia, io, ae, y, ea, oa, ui")
SYL_CODA = ["", "", "", "n", "r", "l", "s", "m", "k", "th", "nd", "rt", "x", "v", "sk", "ng", "nt"]

CITIES = _w("""
Paris, London, Berlin, Madrid, Rome, Vienna, Prague, Warsaw, Budapest, Lisbon, Dublin,
Edinburgh, Amsterdam, Brussels, Copenhagen, Stockholm, Oslo, Helsinki, Athens, Istanbul, Cairo,
Lagos, Nairobi, Accra, Casablanca, Tunis, Johannesburg, Cape Town, Mumbai, Delhi, Chennai,
Kolkata, Karachi, Dhaka, Bangkok, Hanoi, Jakarta, Manila, Seoul, Tokyo, Osaka, Kyoto, Beijing,
Shanghai, Sydney, Melbourne, Auckland, Toronto, Montreal, Vancouver, Chicago, Boston, Denver,
Seattle, Houston, Atlanta, Lima, Bogota, Santiago, Quito, Caracas, Havana, Mexico City, Rio,
Lyon, Marseille, Munich, Hamburg, Milan, Naples, Turin, Florence, Venice, Seville, Valencia,
Porto, Krakow, Geneva, Zurich, Bern, Antwerp, Rotterdam, Glasgow, Manchester, Liverpool,
Bristol, Leeds, Cardiff, Belfast, Bergen, Gothenburg, Tallinn, Riga, Vilnius, Kiev, Minsk,
Bucharest, Sofia, Belgrade, Zagreb, Tbilisi, Tehran, Baghdad, Damascus, Beirut, Amman, Riyadh,
Dubai, Doha, Muscat, Kabul, Tashkent, Almaty, Ulaanbaatar, Taipei, Singapore, Perth, Adelaide,
Bonn, Salzburg, Leipzig, Dresden, Cologne, Nice, Bordeaux, Toulouse, Granada, Bilbao, Palermo,
Bologna, Verona, Split, Odessa, Kazan, Nantes, Dijon, Ghent, Bruges, Utrecht, Aarhus, Turku
""")
COUNTRIES = _w("""
France, Germany, Spain, Italy, Portugal, Austria, Poland, Hungary, Ireland, Scotland, England,
Wales, the Netherlands, Belgium, Denmark, Sweden, Norway, Finland, Greece, Turkey, Egypt,
Nigeria, Kenya, Ghana, Morocco, Tunisia, South Africa, India, Pakistan, Bangladesh, Thailand,
Vietnam, Indonesia, the Philippines, Korea, Japan, China, Australia, New Zealand, Canada,
the United States, Mexico, Peru, Colombia, Chile, Ecuador, Venezuela, Cuba, Brazil, Argentina,
Switzerland, Estonia, Latvia, Lithuania, Ukraine, Romania, Bulgaria, Serbia, Croatia, Georgia,
Iran, Iraq, Syria, Lebanon, Jordan, Oman, Mongolia, Nepal, Tanzania, Ethiopia, Iceland, Chile,
Bolivia, Uruguay, Malaysia, Cambodia, Laos, Senegal, Mali, Algeria, Libya, Sudan, Uganda
""")
NATIONALITIES = _w("""
French, German, Spanish, Italian, Portuguese, Austrian, Polish, Hungarian, Irish, Scottish,
English, Welsh, Dutch, Belgian, Danish, Swedish, Norwegian, Finnish, Greek, Turkish, Egyptian,
Nigerian, Kenyan, Ghanaian, Moroccan, South African, Indian, Pakistani, Thai, Vietnamese,
Indonesian, Filipino, Korean, Japanese, Chinese, Australian, Canadian, American, Mexican,
Peruvian, Colombian, Chilean, Brazilian, Argentine, Swiss, Czech, Russian, Ukrainian, Romanian,
Bulgarian, Serbian, Croatian, Georgian, Iranian, Lebanese, Icelandic, Ethiopian, British
""")
REGIONS = _w("northern, southern, eastern, western, central, north-eastern, south-western, "
             "north-western, south-eastern")
SEAS = _w("""
the Atlantic Ocean, the Pacific Ocean, the Indian Ocean, the Arctic Ocean, the North Sea,
the Baltic Sea, the Black Sea, the Mediterranean Sea, the Caspian Sea, the Red Sea,
the Caribbean Sea, the Adriatic Sea, the Aegean Sea, the Irish Sea, the Arabian Sea,
the South China Sea, the Gulf of Mexico, the Bay of Biscay, the Bay of Bengal, the Persian Gulf
""")
RANGES = _w("""
the Alps, the Andes, the Rocky Mountains, the Urals, the Carpathians,
the Pyrenees, the Atlas Mountains, the Apennines, the Caucasus, the Appalachians, the Balkans,
the Dolomites, the Tatra Mountains, the Scottish Highlands, the Sierra Nevada
""")
MONTHS = _w("January, February, March, April, May, June, July, August, September, October, "
            "November, December")
OCCUPATIONS = {
    "writer": ("novel", "wrote", _w("novelist, writer, poet, author, playwright, journalist")),
    "painter": ("painting", "painted", _w("painter, artist, illustrator, portrait painter")),
    "composer": ("symphony", "composed", _w("composer, pianist, conductor, violinist, songwriter")),
    "architect": ("building", "designed", _w("architect, engineer, civil engineer, builder")),
    "scientist": ("discovery", "discovered",
                  _w("physicist, chemist, biologist, astronomer, mathematician, geologist, botanist, "
                     "physician, inventor")),
    "explorer": ("expedition", "led", _w("explorer, navigator, sailor, mountaineer, pilot, traveller")),
    "leader": ("reform", "introduced", _w("politician, statesman, diplomat, judge, general, "
                                          "lawyer, mayor, economist, philosopher, historian")),
}
ADJ_TITLE = _w("""
Silent, Golden, Hidden, Last, Broken, Distant, Crimson, Quiet, Winter, Summer, Lost, Burning,
Secret, Forgotten, Wandering, Endless, Northern, Little, Iron, Glass, Paper, Second, Long,
Blue, Red, Green, White, Black, Bright, Dark, Wild, Sleeping, Falling, Rising, Strange, Empty
""")
NOUN_TITLE = _w("""
River, Garden, House, Road, Sea, Mountain, Letter, Window, Island, Bridge, City, Forest, Night,
Morning, Song, Voice, Shadow, Light, Door, Harbour, Kingdom, Journey, Promise, Season, Storm,
Clock, Mirror, Lighthouse, Orchard, Station, Painter, Daughter, Stranger, Traveller, Winter
""")
THINGS_KNOWN = _w("""
wine, cheese, chocolate, textiles, pottery, glassware, shipbuilding, fishing, coffee, tea,
silk, carpets, beer, olive oil, steel, timber, ceramics, jazz festivals, film festival,
university, cathedral, old harbour, bridges, canals, markets, museums, gardens, beaches,
hot springs, vineyards, castles, churches, architecture, carnival, street food, theatres
""")
SUBJECTS = _w("""
physics, chemistry, medicine, law, history, mathematics, philosophy, music, architecture,
engineering, painting, biology, economics, literature, astronomy, geology, theology, botany
""")
MATERIALS = _w("""
steel, stone, granite, marble, brick, red brick, limestone, sandstone, concrete,
timber, glass and steel, white marble, cast-iron, reinforced concrete
""")
STRUCTURE_TYPES = [
    ("tower", "Tower", "tall"), ("bridge", "Bridge", "long"), ("cathedral", "Cathedral", "tall"),
    ("castle", "Castle", "tall"), ("stadium", "Stadium", "seat"), ("lighthouse", "Lighthouse", "tall"),
    ("dam", "Dam", "long"), ("palace", "Palace", "rooms"), ("library", "Library", "books"),
    ("opera house", "Opera House", "seat"), ("museum", "Museum", "visitors"),
    ("canal", "Canal", "long"), ("statue", "Statue", "tall"), ("church", "Church", "tall"),
    ("monument", "Monument", "tall"), ("railway station", "Station", "platforms"),
    ("observatory", "Observatory", "tall"), ("tunnel", "Tunnel", "long"),
]
ORG_TYPES = [
    ("company", "Company"), ("firm", "Group"), ("university", "University"),
    ("bank", "Bank"), ("publishing house", "Press"), ("airline", "Airways"),
    ("football club", "FC"), ("orchestra", "Orchestra"), ("band", "band"),
    ("charity", "Foundation"), ("newspaper", "Times"), ("car maker", "Motors"),
]
PRODUCTS = _w("""
bicycles, pianos, watches, cameras, trains, aircraft engines, medicines, tractors, paper,
chocolate, shoes, furniture, software, ships, telescopes, radios, sewing machines, porcelain,
toys, guitars, printing presses, textbooks, maps, lamps, motorcycles, glass bottles, boots
""")
ANIMAL_CLASS = _w("""
frog, lizard, snake, bird, owl, parrot, butterfly, beetle, bat, fish, shark, turtle, tortoise,
spider, moth, crab, eagle, hawk, fox, deer, mouse, squirrel, monkey, whale, dolphin, salamander
""")
ANIMAL_ADJ = _w("""
spotted, striped, golden, red-tailed, blue, crested, giant, dwarf, long-eared, horned, pale,
black-throated, painted, marbled, ringed, short-tailed, great, lesser, mountain, desert, forest
""")
FOODS = _w("""
insects, small fish, seeds, fruit, leaves, grass, worms, snails, beetles, nectar, crabs,
frogs, mice, berries, algae, plankton, nuts, roots, shrimp, mosses
""")
HABITATS = _w("""
rainforests, mountain streams, dry grasslands, coastal wetlands, pine forests, deserts, caves,
mangrove swamps, river valleys, rocky shores, high meadows, bamboo forests, lakes
""")
EVENTS = _w("""
Olympic Games, World Exhibition, World Cup, International Congress, Summer Olympics,
Winter Olympics, World Fair, Peace Conference, Song Contest, Book Fair, Film Festival,
Chess Olympiad, World Championships, Grand Prix
""")
FILLERS = [x.strip() for x in """
The area has a mild climate with warm summers and cool winters|
Today it is a popular destination for tourists|
It is one of the best known landmarks in the region|
The surrounding region is known for its farms and small villages|
Many of its early records were lost in a fire|
Local historians still debate parts of its early history|
It has been restored several times since then|
The site is protected as part of a national heritage programme|
Its history is described in several books and documentaries|
Visitors can reach it by train or by road|
It appears on coins and postage stamps|
Several festivals take place there every summer|
Little is known about its earliest years|
It was badly damaged during the war and later rebuilt|
The nearby hills are covered with forests
""".replace("\n", " ").split("|") if x.strip()]


class Paragraph:
    """Builds a paragraph sentence by sentence, recording the character span of every slot."""

    def __init__(self):
        self.text = ""
        self.spans = {}  # slot -> (start, end)

    def add(self, template, slots):
        """template: text with {slot} markers; slots: name -> value text. The first occurrence of
        each slot in the sentence is recorded (a slot already recorded keeps its earlier span
        unless it is re-recorded with a trailing '!': "{name!}")."""
        if self.text:
            self.text += " "
        pos = 0
        for m in re.finditer(r"\{([A-Za-z_0-9]+)(!?)\}", template):
            self.text += template[pos:m.start()]
            name = m.group(1)
            value = slots[name]
            if _needs_an(self.text, value):
                self.text = self.text[:-2] + "an "
            start = len(self.text)
            self.text += value
            if name not in self.spans or m.group(2):
                self.spans[name] = (start, len(self.text))
            pos = m.end()
        self.text += template[pos:]
        return self


def _needs_an(before, value):
    """True when `before` ends with the article "a " and `value` starts with a vowel sound."""
    if not (before.endswith(" a ") or before == "a " or before.endswith(" A ")):
        return False
    low = value.lower()
    return low[:1] in "aeiou" and not low.startswith(("uni", "use", "euro", "one", "u.", "usu"))


def cap(s):
    return s[0].upper() + s[1:] if s else s


class Gen:
    def __init__(self, seed):
        self.r = random.Random(seed)

    def ch(self, seq):
        return self.r.choice(seq)

    def p(self, x):
        return self.r.random() < x

    # ------------------------------------------------------------------ values
    def syllable_word(self, n=None):
        n = n or self.r.choice([1, 2, 2, 2, 2, 3])
        w = ""
        for i in range(n):
            w += (self.ch(SYL_ONSET) if i or self.p(0.85) else "") + self.ch(SYL_VOWEL)
            if i == n - 1 or self.p(0.15):
                w += self.ch(SYL_CODA)
        if len(w) < 3:
            w += self.ch(SYL_CODA[3:])
        return cap(w)

    def person(self, gender=None):
        gender = gender or self.ch("mf")
        first = self.ch(FIRST_M if gender == "m" else FIRST_F) if self.p(0.7) else self.syllable_word()
        last = self.ch(LAST) if self.p(0.6) else self.syllable_word()
        if self.p(0.12):
            last = f"{self.ch(PARTICLES)} {last}"
        name = f"{first} {last}"
        if self.p(0.08):
            name = f"{first} {self.ch(FIRST_M + FIRST_F)[0]}. {last}"
        short = last.split(" ")[-1] if not last.startswith(("van ", "de ", "von ", "da ", "di ")) else last
        return {"name": name, "short": cap(short) if " " not in short else short, "gender": gender}

    def city(self):
        if self.p(0.6):
            return self.ch(CITIES)
        w = self.syllable_word()
        x = self.r.random()
        if x < 0.15:
            return w + self.ch(["burg", "ville", "ton", "stad", "ford", "berg", "polis", "mouth", "field"])
        if x < 0.25:
            return self.ch(["Port ", "San ", "New ", "Saint ", "Fort ", "Santa ", "Novo ", "Upper "]) + w
        return w

    def country(self):
        return self.ch(COUNTRIES) if self.p(0.75) else self.syllable_word()

    def year(self, lo=1500, hi=2022):
        return str(self.r.randint(lo, hi))

    def date(self, year=None):
        y = year or self.year()
        m = self.ch(MONTHS)
        d = self.r.randint(1, 28)
        x = self.r.random()
        if x < 0.45:
            return f"{d} {m} {y}"
        if x < 0.8:
            return f"{m} {d}, {y}"
        return f"{m} {y}"

    def number(self, lo, hi, commas=True):
        n = self.r.randint(lo, hi)
        return f"{n:,}" if commas else str(n)

    def big_number(self):
        x = self.r.random()
        if x < 0.3:
            return f"{self.r.randint(2, 40)}{self.ch(['', '.' + str(self.r.randint(1, 9))])} million"
        if x < 0.4:
            return f"{self.r.randint(1, 9)}.{self.r.randint(1, 9)} billion"
        if x < 0.75:
            return self.number(1200, 950000)
        return str(self.r.randint(2, 999))

    def about(self):
        return self.ch(["about ", "around ", "approximately ", "roughly ", "nearly ", "more than ",
                        "over ", "almost ", "", "", "", "some "])

    def length_unit(self, big=False):
        if big:
            return self.ch(["kilometres", "kilometers", "km", "miles"])
        return self.ch(["metres", "meters", "metres", "feet", "m"])

    def pron(self, g):
        return {"m": ("he", "his", "him"), "f": ("she", "her", "her"), "n": ("it", "its", "it")}[g]

    # ------------------------------------------------------------------ topics
    # Each returns (Paragraph, questions) where a question is (text, slot, alternatives).

    def person_topic(self):
        per = self.person()
        g = per["gender"]
        he, his, him = self.pron(g)
        kind = self.ch(list(OCCUPATIONS))
        work_noun, work_verb, occs = OCCUPATIONS[kind]
        occ = self.ch(occs)
        nat = self.ch(NATIONALITIES)
        by, dy = int(self.year(1600, 1950)), 0
        dy = by + self.r.randint(30, 95)
        age = str(dy - by - self.ch([0, 1]))
        born_place, died_place = self.city(), self.city()
        v = {"name": per["name"], "short": per["short"], "occ": occ, "nat": nat,
             "born_place": born_place, "born_date": self.date(str(by)), "born_year": str(by),
             "died_place": died_place, "died_date": self.date(str(dy)), "died_year": str(dy), "age": age}
        P = Paragraph()
        Q = []
        N = lambda: self.ch([per["name"], per["name"], per["short"]])  # noqa: E731
        ref = lambda: self.ch([per["short"], he.capitalize(), he.capitalize()])  # noqa: E731
        # intro
        x = self.r.random()
        if x < 0.35:
            P.add("{name} ({born_year}–{died_year}) was a {nat} {occ}.", v)
        elif x < 0.7:
            P.add("{name} was a {nat} {occ}" + self.ch([".", f" of the {self.ch(['17th', '18th', '19th', '20th'])} century."]), v)
        else:
            P.add("{name} was a {nat} {occ} born in {born_place} in {born_year}.", v)
            Q.append((f"Where was {N()} born?", "born_place", []))
        Q.append((self.ch([f"What nationality was {N()}?", f"What was the nationality of {N()}?"]), "nat", []))
        Q.append((self.ch([f"What was {N()}'s profession?", f"What was {N()}'s occupation?",
                           f"What did {N()} work as?", f"What was the profession of {N()}?"]), "occ", []))
        facts = ["born", "study", "move", "work", "award", "marry", "death", "filler"]
        self.r.shuffle(facts)
        facts = facts[: self.r.randint(3, 6)]
        order = {"born": 0, "study": 1, "move": 2, "work": 3, "award": 4, "marry": 5, "death": 6, "filler": 3.5}
        facts.sort(key=lambda f: order[f] + self.r.random() * 0.8)
        for f in facts:
            if f == "born" and "born_place" not in P.spans:
                t = self.ch(["{r} was born in {born_place} on {born_date}.",
                             "{r} was born on {born_date} in {born_place}.",
                             "Born in {born_place} in {born_year}, {r2} grew up in a " + self.ch(["poor", "wealthy", "large", "small"]) + " family.",
                             "{r} was born in {born_place}, " + self.country() + ", in {born_year}."])
                P.add(t, dict(v, r=ref(), r2=he))
                Q.append((self.ch([f"Where was {N()} born?", f"In which city was {N()} born?",
                                   f"What is the birthplace of {N()}?", f"Where is {N()} from?"]), "born_place", []))
                if "born_date" in P.spans and self.p(0.5):
                    Q.append((self.ch([f"When was {N()} born?", f"What is {N()}'s date of birth?"]), "born_date", []))
                else:
                    Q.append((self.ch([f"When was {N()} born?", f"In what year was {N()} born?",
                                       f"In which year was {N()} born?"]), "born_year", []))
            elif f == "study":
                v["univ"] = self.ch([f"the University of {self.city()}", f"{self.city()} University",
                                     f"the {self.city()} Academy of {self.ch(['Arts', 'Sciences', 'Music'])}",
                                     f"{self.syllable_word()} College"])
                v["subject"] = self.ch(SUBJECTS)
                v["grad_year"] = str(by + self.r.randint(18, 26))
                t = self.ch(["{r} studied {subject} at {univ}.",
                             "{r} studied {subject} at {univ} and graduated in {grad_year}.",
                             "{r} attended {univ}, where {r2} studied {subject}.",
                             "After school, {r2} went to {univ} to study {subject}."])
                P.add(cap(t) if t.startswith("{") else t, dict(v, r=ref(), r2=he))
                Q.append((self.ch([f"Where did {N()} study?", f"Which university did {N()} attend?",
                                   f"Where was {N()} educated?"]), "univ", []))
                Q.append((self.ch([f"What did {N()} study?", f"Which subject did {N()} study?"]), "subject", []))
                if "grad_year" in P.spans:
                    Q.append((f"When did {N()} graduate?", "grad_year", []))
            elif f == "move":
                v["move_place"] = self.city()
                v["move_year"] = str(by + self.r.randint(15, 40))
                v["employer"] = self.ch([f"the {self.city()} {self.ch(['Observatory', 'Theatre', 'Museum', 'Bank', 'Hospital', 'Institute'])}",
                                         f"{self.syllable_word()} {self.ch(['& Sons', 'Company', 'Brothers', 'Press'])}"])
                t = self.ch(["In {move_year}, {r2} moved to {move_place}, where {r2} worked for {employer}.",
                             "{r} moved to {move_place} in {move_year} and found work at {employer}.",
                             "In {move_year} {r2} settled in {move_place}."])
                P.add(t, dict(v, r=ref(), r2=he))
                Q.append((self.ch([f"Where did {N()} move in {v['move_year']}?", f"Where did {N()} move to?",
                                   f"In which city did {N()} settle?"]), "move_place", []))
                Q.append((self.ch([f"When did {N()} move to {v['move_place']}?",
                                   f"In what year did {N()} move to {v['move_place']}?"]), "move_year", []))
                if "employer" in P.spans:
                    Q.append((self.ch([f"Where did {N()} work in {v['move_place']}?", f"Who did {N()} work for?"]), "employer", []))
            elif f == "work":
                wy = str(by + self.r.randint(20, 50))
                if kind == "scientist":
                    wk = self.ch([f"the element {self.syllable_word().lower()}ium", f"the {self.syllable_word()} effect",
                                  f"a new comet", f"the law of {self.ch(['motion', 'pressure', 'heat', 'light', 'growth'])}",
                                  f"a vaccine against {self.syllable_word().lower()} fever",
                                  f"the {self.syllable_word()} equation"])
                elif kind == "writer":
                    wk = f"The {self.ch(ADJ_TITLE)} {self.ch(NOUN_TITLE)}"
                elif kind == "painter":
                    wk = self.ch([f"The {self.ch(ADJ_TITLE)} {self.ch(NOUN_TITLE)}", f"Portrait of {self.person()['name']}"])
                elif kind == "composer":
                    wk = self.ch([f"the {self.ch(['First', 'Second', 'Fifth', 'Ninth'])} Symphony",
                                  f"the opera {self.syllable_word()}", f"the {self.ch(ADJ_TITLE)} Sonata"])
                elif kind == "architect":
                    wk = f"the {self.syllable_word()} {self.ch(['Bridge', 'Tower', 'Library', 'Museum', 'Cathedral', 'Station'])}"
                elif kind == "explorer":
                    wk = f"the first expedition to {self.ch(['the North Pole', 'the South Pole', self.country(), 'the source of the ' + self.syllable_word()])}"
                else:
                    wk = f"the {self.ch(['tax', 'school', 'voting', 'land', 'trade', 'health'])} reform of {wy}"
                v["work"], v["work_year"] = wk, wy
                verb = work_verb
                t = self.ch(["{r} " + verb + " {work} in {work_year}.",
                             "In {work_year}, {r2} " + verb + " {work}.",
                             "{r} is best known for {work}, which " + he + " " + verb + " in {work_year}." if kind not in ("explorer", "leader") else "{r} " + verb + " {work} in {work_year}."])
                P.add(t, dict(v, r=ref(), r2=he))
                qverb = {"wrote": "write", "painted": "paint", "composed": "compose", "designed": "design",
                         "discovered": "discover", "led": "lead", "introduced": "introduce"}[verb]
                wk_q = wk[0].lower() + wk[1:] if wk.startswith("The ") and kind not in ("writer", "painter") else wk
                who_q = {"wrote": ["Who wrote {w}?", "Who is the author of {w}?", "Who was {w} written by?"],
                         "painted": ["Who painted {w}?", "Who was the painter of {w}?", "Which artist painted {w}?"],
                         "composed": ["Who composed {w}?", "Who wrote {w}?", "Which composer wrote {w}?"],
                         "designed": ["Who designed {w}?", "Who was the architect of {w}?", "Who planned {w}?"],
                         "discovered": ["Who discovered {w}?", "Which scientist discovered {w}?"],
                         "led": ["Who led {w}?", "Who was the leader of {w}?"],
                         "introduced": ["Who introduced {w}?", "Who was responsible for {w}?"]}[verb]
                Q.append((self.ch(who_q).format(w=wk_q), "name", [per["short"]]))
                Q.append((self.ch([f"What did {N()} {qverb} in {wy}?", f"What is {N()} best known for?"])
                          if verb != "led" else f"What did {N()} lead in {wy}?", "work", []))
                Q.append((self.ch([f"When did {N()} {qverb} {wk_q}?", f"In what year did {N()} {qverb} {wk_q}?"]), "work_year", []))
            elif f == "award":
                v["prize"] = self.ch([f"the Nobel Prize in {self.ch(['Physics', 'Chemistry', 'Literature', 'Medicine', 'Peace'])}",
                                      f"the {self.syllable_word()} Medal", f"the {self.syllable_word()} Prize",
                                      f"the Royal Gold Medal", f"the Grand Prix of {self.city()}",
                                      f"the Order of {self.ch(['Merit', 'the Star', 'Saint Anne', 'the Lion'])}"])
                v["prize_year"] = str(by + self.r.randint(25, 60))
                t = self.ch(["{r} won {prize} in {prize_year}.", "In {prize_year}, {r2} was awarded {prize}.",
                             "{r} received {prize} in {prize_year}.",
                             "{r} was awarded {prize} in {prize_year} for " + his + " work."])
                P.add(t, dict(v, r=ref(), r2=he))
                Q.append((self.ch([f"Which prize did {N()} win?", f"What award did {N()} receive?",
                                   f"What was {N()} awarded in {v['prize_year']}?",
                                   f"Which award did {N()} receive in {v['prize_year']}?"]), "prize", []))
                pr = v["prize"].replace("the ", "", 1)
                Q.append((self.ch([f"When did {N()} win the {pr}?", f"In what year was {N()} awarded the {pr}?",
                                   f"When did {N()} receive the {pr}?"]), "prize_year", []))
            elif f == "marry":
                sp = self.person("f" if g == "m" else "m")
                v["spouse"] = sp["name"]
                v["marry_year"] = str(by + self.r.randint(20, 40))
                v["kids"] = self.ch(["two", "three", "four", "five", "six", "2", "3", "4", "seven"])
                role = "wife" if g == "m" else "husband"
                t = self.ch(["{r} married {spouse} in {marry_year}.",
                             "In {marry_year}, {r2} married {spouse}, a " + self.ch(["teacher", "singer", "doctor", "writer", "painter", "nurse"]) + ".",
                             cap(his) + " " + role + ", {spouse}, was also a " + occ + ".",
                             "{r} married {spouse} in {marry_year}; they had {kids} children."])
                P.add(t, dict(v, r=ref(), r2=he))
                Q.append((self.ch([f"Who did {N()} marry?", f"Who was {N()}'s {role}?", f"Who was the {role} of {N()}?"]), "spouse", []))
                if "marry_year" in P.spans:
                    Q.append((self.ch([f"When did {N()} marry?", f"When did {N()} marry {sp['name']}?",
                                       f"In what year did {N()} get married?"]), "marry_year", []))
                if "kids" in P.spans:
                    Q.append((self.ch([f"How many children did {N()} have?",
                                       f"How many children did {N()} and {sp['short']} have?"]), "kids", []))
            elif f == "death":
                t = self.ch(["{r} died in {died_place} in {died_year}.",
                             "{r} died in {died_place} on {died_date}, at the age of {age}.",
                             "{r} died on {died_date} in {died_place}.",
                             cap(he) + " spent " + his + " last years in {died_place}, where " + he + " died in {died_year} at the age of {age}."])
                P.add(t, dict(v, r=ref()))
                Q.append((self.ch([f"Where did {N()} die?", f"In which city did {N()} die?",
                                   f"Where did {N()} spend {his} last years?"]), "died_place", []))
                ds = "died_date" if "died_date" in P.spans else "died_year"
                Q.append((self.ch([f"When did {N()} die?", f"In what year did {N()} die?"]) if ds == "died_year"
                          else f"When did {N()} die?", ds, []))
                if "age" in P.spans:
                    Q.append((self.ch([f"How old was {N()} when {he} died?", f"At what age did {N()} die?"]), "age", []))
            elif f == "filler":
                P.add(self.ch([cap(his) + " work influenced many later " + occ + "s.",
                               cap(his) + " letters were published after " + his + " death.",
                               "A street in " + self.city() + " is named after " + him + ".",
                               cap(he) + " travelled widely in " + self.country() + " and " + self.country() + "."]) if self.p(0.9)
                      else self.ch(FILLERS) + ".", v)
        return P, Q

    def city_topic(self):
        name = self.city()
        country = self.country()
        v = {"name": name, "country": country, "region": self.ch(REGIONS)}
        P, Q = Paragraph(), []
        capital = self.p(0.4)
        if capital:
            P.add(self.ch(["{name} is the capital of {country}.", "{name} is the capital and largest city of {country}.",
                           "{name} is the capital city of {country}."]), v)
            q = self.ch([f"What is the capital of {country}?", f"Which city is the capital of {country}?",
                         f"{name} is the capital of which country?", f"What is the capital city of {country}?"])
            Q.append((q, "country" if q.startswith(name) else "name", []))
        else:
            P.add(self.ch(["{name} is a city in {region} {country}.", "{name} is a town in the {region} part of {country}.",
                           "{name} is a port city in {region} {country}."]), v)
            Q.append((self.ch([f"In which country is {name}?", f"Where is {name}?", f"In which country is {name} located?"]), "country", []))
        facts = ["pop", "river", "founded", "former", "known", "mayor", "hosted", "area", "filler"]
        self.r.shuffle(facts)
        for f in facts[: self.r.randint(3, 6)]:
            if f == "pop":
                v["pop"] = self.big_number() if self.p(0.7) else self.number(1000, 900000)
                ab = self.about()
                t = self.ch(["It has a population of " + ab + "{pop}.", "{name} is home to " + ab + "{pop} people.",
                             ab.capitalize() + "{pop} people live in the city." if ab else "{pop} people live in the city.",
                             "The city has " + ab + "{pop} inhabitants.", "In {census_year}, the city had a population of " + ab + "{pop}."])
                v["census_year"] = self.year(1950, 2022)
                P.add(t, v)
                Q.append((self.ch([f"What is the population of {name}?", f"How many people live in {name}?",
                                   f"How many inhabitants does {name} have?", f"How many people does {name} have?"]),
                          "pop", [ab + v["pop"]] if ab else []))
            elif f == "river":
                v["river"] = self.ch([f"the {self.syllable_word()} River", f"the {self.syllable_word()}", f"the River {self.syllable_word()}"])
                v["dist"] = f"{self.r.randint(5, 900)} {self.length_unit(True)}"
                v["city2"] = self.city()
                v["dir"] = self.ch(["north", "south", "east", "west", "north-east", "south-west"])
                t = self.ch(["The city lies on {river}, {dist} {dir} of {city2}.",
                             "{name} stands on the banks of {river}.",
                             "It is located on {river}, about {dist} from {city2}."])
                P.add(t, v)
                Q.append((self.ch([f"On which river does {name} lie?", f"Which river flows through {name}?",
                                   f"What river is {name} on?", f"On which river is {name} located?"]), "river", []))
                if "dist" in P.spans:
                    Q.append((f"How far is {name} from {v['city2']}?", "dist", []))
            elif f == "founded":
                per = self.person()
                v["founder"], v["found_year"] = per["name"], self.year(800, 1900)
                t = self.ch(["The city was founded in {found_year} by {founder}.", "{name} was founded by {founder} in {found_year}.",
                             "{founder} founded the town in {found_year}.", "The town was established in {found_year} by settlers led by {founder}."])
                P.add(t, v)
                Q.append((self.ch([f"Who founded {name}?", f"Who was the founder of {name}?", f"By whom was {name} founded?"]), "founder", []))
                Q.append((self.ch([f"When was {name} founded?", f"In what year was {name} founded?",
                                   f"When was {name} established?", f"In which year was {name} established?"]), "found_year", []))
            elif f == "former":
                v["former"] = self.syllable_word() + self.ch(["", "", " " + self.syllable_word()])
                v["rename_year"] = self.year(1500, 1990)
                t = self.ch(["It was known as {former} until {rename_year}.", "The city was formerly called {former}.",
                             "Until {rename_year}, the city was called {former}."])
                P.add(t, v)
                Q.append((self.ch([f"What was {name} formerly called?", f"What was the former name of {name}?",
                                   f"What was {name} called before?", f"What was {name} previously known as?"]), "former", []))
                if "rename_year" in P.spans:
                    Q.append((f"Until when was {name} called {v['former']}?", "rename_year", []))
            elif f == "known":
                a, b = self.r.sample(THINGS_KNOWN, 2)
                v["known"] = f"{a} and {b}" if self.p(0.6) else a
                t = self.ch(["{name} is famous for its {known}.", "The city is known for its {known}.",
                             "{name} is best known for its {known}."])
                P.add(t, v)
                Q.append((self.ch([f"What is {name} famous for?", f"What is {name} known for?",
                                   f"What is {name} best known for?"]), "known", []))
            elif f == "mayor":
                per = self.person()
                v["mayor"], v["mayor_year"] = per["name"], self.year(1990, 2022)
                t = self.ch(["The current mayor, {mayor}, was elected in {mayor_year}.",
                             "Since {mayor_year}, the city has been governed by mayor {mayor}.",
                             "{mayor} has been mayor of {name} since {mayor_year}."])
                P.add(t, v)
                Q.append((self.ch([f"Who is the mayor of {name}?", f"Who governs {name}?", f"Who is {name}'s mayor?"]), "mayor", []))
                Q.append((self.ch([f"When was {per['name']} elected?", f"Since when has {per['name']} been mayor of {name}?"]), "mayor_year", []))
            elif f == "hosted":
                v["event"] = "the " + self.ch(EVENTS)
                v["host_year"] = self.year(1896, 2022)
                t = self.ch(["{name} hosted {event} in {host_year}.", "In {host_year}, the city hosted {event}.",
                             "The city was the host of {event} in {host_year}."])
                P.add(t, v)
                ev = v["event"][4:]
                Q.append((self.ch([f"When did {name} host the {ev}?", f"In what year did {name} host the {ev}?"]), "host_year", []))
                Q.append((self.ch([f"Which event did {name} host in {v['host_year']}?", f"What did {name} host in {v['host_year']}?"]), "event", []))
            elif f == "area":
                v["area"] = f"{self.number(12, 9000)} square {self.ch(['kilometres', 'kilometers', 'miles'])}"
                t = self.ch(["The city covers an area of {area}.", "{name} has an area of {area}.",
                             "The municipality covers {area}."])
                P.add(t, v)
                Q.append((self.ch([f"How large is {name}?", f"What is the area of {name}?", f"How big is {name}?",
                                   f"What area does {name} cover?"]), "area", []))
            else:
                P.add(self.ch(FILLERS) + ".", v)
        return P, Q

    def structure_topic(self):
        stype, suffix, measure = self.ch(STRUCTURE_TYPES)
        base = self.syllable_word() if self.p(0.5) else self.ch(LAST + CITIES)
        name = f"the {base} {suffix}" if self.p(0.8) else f"{base} {suffix}"
        Name = cap(name)
        city = self.city()
        v = {"name": name, "Name": Name, "city": city, "country": self.country(), "stype": stype,
             "material": self.ch(MATERIALS)}
        P, Q = Paragraph(), []
        it = lambda: self.ch(["It", "It", Name, f"The {stype}"])  # noqa: E731
        x = self.r.random()
        if x < 0.4:
            P.add("{Name} is a {material} {stype} in {city}, {country}.", v)
            Q.append((self.ch([f"What is {name} made of?", f"What material is {name} made of?",
                               f"What is {name} built from?"]), "material", []))
        elif x < 0.7:
            P.add("{Name} is a {stype} located in {city}.", v)
        else:
            P.add("{Name} is a {stype} on the edge of {city}, " + self.ch(["the", "the second"]) + " largest city of {country}.", v)
        Q.append((self.ch([f"Where is {name}?", f"In which city is {name}?", f"In which city is {name} located?",
                           f"Where is {name} located?", f"Where can {name} be found?"]), "city", []))
        facts = ["design", "build", "open", "size", "named", "cost", "visitors", "filler"]
        self.r.shuffle(facts)
        for f in facts[: self.r.randint(3, 6)]:
            if f == "design":
                per = self.person()
                v["designer"] = per["name"]
                role = self.ch(["architect", "engineer", "the architect", "the engineer", "", ""])
                t = self.ch(["{it} was designed by " + (role + " " if role else "") + "{designer}.",
                             "The " + stype + " was designed by " + (role + " " if role else "") + "{designer}.",
                             "{designer} designed the " + stype + ".",
                             "The architect was {designer}.",
                             "The design, by " + (role + " " if role else "") + "{designer}, was chosen in a competition."])
                P.add(t, dict(v, it=it()))
                Q.append((self.ch([f"Who designed {name}?", f"Who was the architect of {name}?",
                                   f"Who was {name} designed by?", f"Which architect designed {name}?",
                                   f"Who designed the {stype}?"]), "designer", [per["short"]]))
            elif f == "build":
                y1 = int(self.year(1100, 2010))
                y2 = y1 + self.r.randint(1, 12)
                v["y1"], v["y2"] = str(y1), str(y2)
                t = self.ch(["Building work started in {y1}; the " + stype + " was finished in {y2}.",
                             "Construction started in {y1}; the " + stype + " was finished in {y2}.",
                             "{it} was built between {y1} and {y2}.",
                             "Work on the " + stype + " began in {y1}, and it was completed in {y2}.",
                             "{it} was completed in {y2}, " + str(y2 - y1) + " years after work had begun."])
                P.add(t, dict(v, it=it()))
                if "y1" in P.spans and "between" not in P.text[P.spans["y1"][0] - 10:P.spans["y1"][0]]:
                    Q.append((self.ch([f"When did construction of {name} begin?", f"When did work on {name} start?",
                                       f"In what year did construction of {name} begin?"]), "y1", []))
                    Q.append((self.ch([f"When was {name} completed?", f"When was {name} finished?",
                                       f"In what year was {name} completed?", f"When was the {stype} completed?"]), "y2", []))
                elif "y1" in P.spans:
                    Q.append((self.ch([f"When was {name} built?", f"When was the {stype} built?"]), "y1",
                              [f"between {y1} and {y2}", f"{y1} and {y2}"]))
                    Q[-1] = (Q[-1][0], "build_span", Q[-1][2])
                    a = P.spans["y1"][0]
                    P.spans["build_span"] = (a - len("between "), P.spans["y2"][1])
                else:
                    Q.append((self.ch([f"When was {name} completed?", f"When was {name} finished?"]), "y2", []))
            elif f == "open":
                v["open_date"] = self.date()
                per = self.person()
                v["opener"] = self.ch([per["name"], f"King {self.ch(FIRST_M)} {self.ch(['I', 'II', 'III', 'IV'])}",
                                       f"Queen {self.ch(FIRST_F)}", f"President {per['name']}"])
                t = self.ch(["{it} opened to the public on {open_date}.", "{it} was officially opened by {opener} on {open_date}.",
                             "The " + stype + " was opened on {open_date}."])
                P.add(t, dict(v, it=it()))
                Q.append((self.ch([f"When did {name} open?", f"When was {name} opened?",
                                   f"When did {name} open to the public?"]), "open_date", []))
                if "opener" in P.spans:
                    Q.append((self.ch([f"Who opened {name}?", f"Who officially opened {name}?"]), "opener", []))
            elif f == "size":
                if measure == "tall":
                    v["size"] = f"{self.r.randint(12, 640)} {self.length_unit()}"
                    t = self.ch(["{it} is {size} tall.", "{it} rises {size} above the ground.", "{it} stands {size} high.",
                                 "{it} has a height of {size}.", "At {size}, it was the tallest structure in the city for many years."])
                    qs = [f"How tall is {name}?", f"How high is {name}?", f"What is the height of {name}?",
                          f"How tall is the {stype}?"]
                elif measure == "long":
                    v["size"] = f"{self.number(40, 9000)} {self.length_unit()}"
                    t = self.ch(["{it} is {size} long.", "{it} spans {size}.", "{it} has a total length of {size}.",
                                 "The " + stype + " is {size} in length."])
                    qs = [f"How long is {name}?", f"What is the length of {name}?", f"How long is the {stype}?"]
                elif measure == "seat":
                    v["size"] = self.number(800, 99000)
                    t = self.ch(["{it} can seat {size} people.", "{it} has {size} seats.", "{it} holds up to {size} spectators."])
                    qs = [f"How many people can {name} seat?", f"How many seats does {name} have?",
                          f"What is the capacity of {name}?", f"How many spectators can {name} hold?"]
                elif measure == "rooms":
                    v["size"] = self.number(20, 1400)
                    t = self.ch(["{it} has {size} rooms.", "The palace contains {size} rooms."])
                    qs = [f"How many rooms does {name} have?", f"How many rooms are in {name}?"]
                elif measure == "books":
                    v["size"] = self.big_number()
                    t = self.ch(["{it} holds {size} books.", "Its collection includes {size} books and manuscripts."])
                    qs = [f"How many books does {name} hold?", f"How many books are in {name}?"]
                elif measure == "platforms":
                    v["size"] = str(self.r.randint(2, 30))
                    t = "{it} has {size} platforms."
                    qs = [f"How many platforms does {name} have?"]
                else:
                    v["size"] = self.big_number()
                    t = "{it} receives {size} visitors a year."
                    qs = [f"How many visitors does {name} receive each year?", f"How many people visit {name} every year?"]
                P.add(t, dict(v, it=it()))
                Q.append((self.ch(qs), "size", []))
            elif f == "named":
                per = self.person()
                v["honoree"] = per["name"]
                occ = self.ch(sum((o[2] for o in OCCUPATIONS.values()), []))
                t = self.ch(["{it} is named after {honoree}, a local " + occ + ".",
                             "{it} takes its name from {honoree}.",
                             "{it} was named in honour of the " + occ + " {honoree}.",
                             "The " + stype + " honours {honoree}, a " + occ + " who paid for its construction."])
                P.add(t, dict(v, it=it()))
                Q.append((self.ch([f"Who is {name} named after?", f"Who was {name} named after?",
                                   f"After whom is {name} named?", f"Who is the {stype} named after?",
                                   f"Where does {name} get its name from?"]), "honoree", [per["short"]]))
            elif f == "cost":
                v["cost"] = self.ch([f"{self.r.randint(2, 900)} million dollars", f"£{self.r.randint(2, 900)},000",
                                     f"{self.r.randint(2, 90)} million euros", f"${self.r.randint(2, 900)} million",
                                     f"{self.number(2000, 90000)} pounds"])
                t = self.ch(["{it} cost {cost} to build.", "The project cost {cost}.", "Building the " + stype + " cost {cost}."])
                P.add(t, dict(v, it=it()))
                Q.append((self.ch([f"How much did {name} cost?", f"How much did it cost to build {name}?",
                                   f"What was the cost of building {name}?"]), "cost", []))
            elif f == "visitors":
                v["visitors"] = self.big_number()
                ab = self.about()
                t = self.ch(["{it} attracts " + ab + "{visitors} visitors every year.",
                             "Each year, " + ab + "{visitors} people visit the " + stype + ".",
                             "{it} welcomes " + ab + "{visitors} visitors a year."])
                P.add(t, dict(v, it=it()))
                Q.append((self.ch([f"How many visitors does {name} attract each year?", f"How many people visit {name} every year?",
                                   f"How many people visit {name} each year?"]), "visitors", [ab + v["visitors"]] if ab else []))
            else:
                P.add(self.ch(FILLERS) + ".", v)
        return P, Q

    def org_topic(self):
        otype, suffix = self.ch(ORG_TYPES)
        base = self.ch([self.syllable_word(), self.ch(LAST), self.city()])
        if otype == "band":
            name = f"The {self.ch(ADJ_TITLE)} {self.ch(NOUN_TITLE)}s"
        elif otype == "university":
            name = self.ch([f"the University of {self.city()}", f"{base} University"])
        elif otype == "football club":
            name = f"{self.city()} FC"
        else:
            name = f"{base} {suffix}" if self.p(0.7) else f"the {base} {suffix}"
        Name = cap(name)
        per = self.person()
        v = {"name": name, "Name": Name, "otype": otype, "founder": per["name"], "found_year": self.year(1750, 2015),
             "found_city": self.city(), "nat": self.ch(NATIONALITIES)}
        P, Q = Paragraph(), []
        it = lambda: self.ch(["It", Name, f"The {otype}"])  # noqa: E731
        t = self.ch(["{Name} is a {nat} {otype} founded in {found_year} by {founder}.",
                     "{Name} is a {otype} that was founded by {founder} in {found_city} in {found_year}.",
                     "{founder} founded {name} in {found_city} in {found_year}.",
                     "{Name} was established in {found_year} by {founder}.",
                     "{Name} is a {otype} set up in {found_year} by {founder}."])
        P.add(t, v)
        Q.append((self.ch([f"Who founded {name}?", f"Who was the founder of {name}?", f"Who started {name}?",
                           f"Who set up {name}?", f"By whom was {name} founded?"]), "founder", [per["short"]]))
        Q.append((self.ch([f"When was {name} founded?", f"In what year was {name} founded?", f"When was {name} established?",
                           f"When was {name} set up?"]), "found_year", []))
        if "found_city" in P.spans:
            Q.append((self.ch([f"Where was {name} founded?", f"In which city was {name} founded?"]), "found_city", []))
        facts = ["hq", "size", "product", "leader", "bought", "filler"]
        self.r.shuffle(facts)
        for f in facts[: self.r.randint(2, 5)]:
            if f == "hq":
                v["hq"] = self.city()
                t = self.ch(["{it} is headquartered in {hq}.", "Its headquarters are in {hq}.", "{it} is based in {hq}.",
                             "Today the " + otype + " is based in {hq}."])
                P.add(t, dict(v, it=it()))
                Q.append((self.ch([f"Where is {name} headquartered?", f"Where is {name} based?",
                                   f"Where are the headquarters of {name}?", f"In which city is {name} based?"]), "hq", []))
            elif f == "size":
                v["size"] = self.number(12, 250000)
                ab = self.about()
                what = {"university": "students", "band": "albums", "football club": "trophies",
                        "orchestra": "musicians", "charity": "volunteers"}.get(otype, "people")
                t = self.ch(["{it} employs " + ab + "{size} people." if what == "people" else "{it} has " + ab + "{size} " + what + ".",
                             "{it} has " + ab + "{size} " + ("employees" if what == "people" else what) + "."])
                P.add(t, dict(v, it=it()))
                q = (f"How many people does {name} employ?" if what == "people" and "employs" in P.text
                     else f"How many {('employees' if what == 'people' else what)} does {name} have?")
                Q.append((q, "size", [ab + v["size"]] if ab else []))
            elif f == "product":
                v["product"] = self.ch(PRODUCTS)
                t = self.ch(["{it} makes {product}.", "{it} is best known for its {product}.", "{it} produces {product}.",
                             "{it} began by making {product}."])
                P.add(t, dict(v, it=it()))
                Q.append((self.ch([f"What does {name} make?", f"What is {name} best known for?",
                                   f"What does {name} produce?", f"What did {name} begin by making?"]), "product", []))
            elif f == "leader":
                ldr = self.person()
                v["leader"], v["lead_year"] = ldr["name"], self.year(1990, 2022)
                role = {"band": "lead singer", "university": "president", "orchestra": "principal conductor",
                        "football club": "manager"}.get(otype, "chief executive")
                t = self.ch(["Its " + role + " is {leader}.", "Since {lead_year}, it has been led by {leader}.",
                             "{leader} became " + role + " in {lead_year}."])
                P.add(t, dict(v, it=it()))
                Q.append((self.ch([f"Who is the {role} of {name}?", f"Who leads {name}?", f"Who runs {name}?"]), "leader", []))
                if "lead_year" in P.spans:
                    Q.append((self.ch([f"When did {ldr['name']} become {role}?", f"Since when has {ldr['name']} led {name}?"]), "lead_year", []))
            elif f == "bought":
                v["buyer"] = f"{self.syllable_word()} {self.ch(['Holdings', 'Group', 'Industries', 'Corporation'])}"
                v["buy_year"] = self.year(1950, 2022)
                v["price"] = self.ch([f"{self.r.randint(2, 900)} million dollars", f"${self.r.randint(2, 90)} billion",
                                      f"{self.r.randint(2, 900)} million euros"])
                t = self.ch(["In {buy_year}, {it2} was bought by {buyer} for {price}.",
                             "{buyer} acquired the " + otype + " in {buy_year} for {price}."])
                P.add(t, dict(v, it=it(), it2=self.ch(["it", "the " + otype])))
                Q.append((self.ch([f"Who bought {name}?", f"Who acquired {name}?", f"Which company bought {name}?"]), "buyer", []))
                Q.append((self.ch([f"When was {name} bought?", f"When was {name} acquired?",
                                   f"When did {v['buyer']} buy {name}?"]), "buy_year", []))
                Q.append((self.ch([f"How much did {v['buyer']} pay for {name}?", f"For how much was {name} sold?"]), "price", []))
            else:
                P.add(self.ch(FILLERS) + ".", v)
        return P, Q

    def river_topic(self):
        base = self.syllable_word()
        name = self.ch([f"the {base} River", f"the {base}", f"the River {base}"])
        v = {"name": name, "Name": cap(name), "length": f"{self.number(80, 6900)} {self.length_unit(True)}",
             "range": self.ch(RANGES) if self.p(0.6) else f"the {self.syllable_word()} Mountains",
             "sea": self.ch(SEAS), "region": self.ch(REGIONS), "country": self.country()}
        P, Q = Paragraph(), []
        ab = self.about()
        P.add(self.ch(["{Name} is a river in {region} {country}.", "{Name} is one of the longest rivers in {country}.",
                       "{Name} is a major river of {region} {country}."]), v)
        facts = ["len", "source", "through", "city", "explore", "trib", "filler"]
        self.r.shuffle(facts)
        it = lambda: self.ch(["It", "The river", v["Name"]])  # noqa: E731
        for f in facts[: self.r.randint(3, 5)]:
            if f == "len":
                P.add(self.ch(["{it} is " + ab + "{length} long.", "{it} has a length of " + ab + "{length}.",
                               "{it} runs for " + ab + "{length}."]), dict(v, it=it()))
                Q.append((self.ch([f"How long is {name}?", f"What is the length of {name}?"]), "length",
                          [ab + v["length"]] if ab else []))
            elif f == "source":
                P.add(self.ch(["{it} rises in {range} and flows into {sea}.", "Its source is in {range}; it empties into {sea}.",
                               "From its source in {range}, the river flows into {sea}."]), dict(v, it=it()))
                Q.append((self.ch([f"Where does {name} rise?", f"Where is the source of {name}?",
                                   f"Where does {name} begin?"]), "range", []))
                Q.append((self.ch([f"Into which sea does {name} flow?", f"Where does {name} flow into?",
                                   f"Into what body of water does {name} empty?", f"Which sea does {name} reach?"]), "sea", []))
            elif f == "through":
                cs = self.r.sample(COUNTRIES, 3)
                v["through"] = f"{cs[0]}, {cs[1]} and {cs[2]}" if self.p(0.6) else f"{cs[0]} and {cs[1]}"
                P.add("{it} flows through {through}.", dict(v, it=it()))
                Q.append((self.ch([f"Which countries does {name} flow through?", f"Through which countries does {name} flow?"]), "through", []))
            elif f == "city":
                v["rcity"] = self.city()
                P.add(self.ch(["The largest city on the river is {rcity}.", "{rcity} is the largest city on its banks."]), v)
                Q.append((self.ch([f"What is the largest city on {name}?", f"Which is the largest city on {name}?"]), "rcity", []))
            elif f == "explore":
                per = self.person()
                v["explorer"], v["ex_year"] = per["name"], self.year(1400, 1900)
                P.add(self.ch(["{explorer} sailed up the river in {ex_year}.",
                               "{explorer} explored the river in {ex_year}.",
                               "In {ex_year}, {explorer} became the first person to map the river."]), v)
                Q.append((self.ch([f"Who explored {name} in {v['ex_year']}?", f"Who sailed up {name}?",
                                   f"Who first mapped {name}?", f"Who explored {name}?"]), "explorer", [per["short"]]))
                Q.append((self.ch([f"When did {per['name']} explore {name}?", f"When was {name} first mapped?",
                                   f"In what year did {per['name']} travel {name}?"]), "ex_year", []))
            elif f == "trib":
                v["trib"] = f"the {self.syllable_word()}"
                P.add(self.ch(["Its main tributary is {trib}.", "The largest river that joins it is {trib}."]), v)
                Q.append((self.ch([f"What is the main tributary of {name}?", f"What is the largest tributary of {name}?"]), "trib", []))
            else:
                P.add(self.ch(FILLERS) + ".", v)
        return P, Q

    def mountain_topic(self):
        base = self.syllable_word()
        name = self.ch([f"Mount {base}", f"{base} Peak", f"Mount {base}", f"the {base}horn"])
        v = {"name": name, "Name": cap(name), "range": self.ch(RANGES) if self.p(0.6) else f"the {self.syllable_word()} Mountains",
             "c1": self.country(), "c2": self.country(), "height": f"{self.number(900, 8800)} {self.ch(['metres', 'meters', 'm', 'feet'])}"}
        P, Q = Paragraph(), []
        P.add(self.ch(["{Name} is a mountain in {range}, on the border between {c1} and {c2}.",
                       "{Name} is the highest mountain in {range}.", "{Name} is a peak in {range} in {c1}."]), v)
        Q.append((self.ch([f"In which mountain range is {name}?", f"Where is {name}?", f"In which range is {name}?"]), "range", []))
        facts = ["h", "ascent", "meaning", "filler"]
        self.r.shuffle(facts)
        it = lambda: self.ch(["It", v["Name"], "The mountain"])  # noqa: E731
        for f in facts[: self.r.randint(2, 4)]:
            if f == "h":
                P.add(self.ch(["{it} is {height} high.", "{it} rises to {height} above sea level.",
                               "The summit is {height} above sea level.", "{it} has a height of {height}."]), dict(v, it=it()))
                Q.append((self.ch([f"How high is {name}?", f"What is the elevation of {name}?", f"How tall is {name}?",
                                   f"What is the height of {name}?"]), "height", []))
            elif f == "ascent":
                p1, p2 = self.person(), self.person()
                v["climbers"] = p1["name"] if self.p(0.5) else f"{p1['name']} and {p2['name']}"
                v["asc_date"] = self.ch([self.date(self.year(1780, 1990)), self.year(1780, 1990)])
                P.add(self.ch(["The first recorded ascent was made in {asc_date} by {climbers}.",
                               "{climbers} first climbed the mountain on {asc_date}." if " " in v["asc_date"] else "{climbers} first climbed the mountain in {asc_date}.",
                               "The first ascent was made by {climbers} in {asc_date}."]), v)
                Q.append((self.ch([f"Who first climbed {name}?", f"Who made the first ascent of {name}?",
                                   f"Who was the first to climb {name}?"]), "climbers", []))
                Q.append((self.ch([f"When was {name} first climbed?", f"When was the first ascent of {name} made?",
                                   f"When was the first ascent of {name}?"]), "asc_date", []))
            elif f == "meaning":
                v["meaning"] = self.ch(["white mountain", "the sleeping giant", "mother of snow", "the eagle's nest",
                                        "black rock", "the silent one", "the high seat", "cold horn"])
                v["lang"] = self.ch(["the local language", "Latin", "old Norse", "Greek", "Sanskrit", "Quechua"])
                P.add("Its name means \"{meaning}\" in {lang}.", v)
                Q.append((self.ch([f"What does the name {name} mean?", f"What does {name} mean in {v['lang']}?"]), "meaning", []))
            else:
                P.add(self.ch(FILLERS) + ".", v)
        return P, Q

    def work_topic(self):
        kind = self.ch(["novel", "novel", "painting", "film", "album", "opera", "poem"])
        title = self.ch([f"The {self.ch(ADJ_TITLE)} {self.ch(NOUN_TITLE)}", f"{self.ch(ADJ_TITLE)} {self.ch(NOUN_TITLE)}",
                         f"The {self.ch(NOUN_TITLE)} of {self.city()}", f"{self.syllable_word()}"])
        per = self.person()
        role = {"novel": ("author", "wrote", "written"), "painting": ("painter", "painted", "painted"),
                "film": ("director", "directed", "directed"), "album": ("singer", "recorded", "recorded"),
                "opera": ("composer", "composed", "composed"), "poem": ("poet", "wrote", "written")}[kind]
        v = {"title": title, "creator": per["name"],
             "year": self.year(1890 if kind in ("film", "album") else 1600, 2021), "nat": self.ch(NATIONALITIES), "kind": kind}
        P, Q = Paragraph(), []
        P.add(self.ch(["{title} is a {year} {kind} by {nat} " + role[0] + " {creator}.",
                       "{title} is a {kind} " + role[2] + " by {creator} in {year}.",
                       "{creator} " + role[1] + " {title} in {year}.",
                       "{title} is a {kind} by {creator}, first " + {"novel": "published", "painting": "shown", "film": "released",
                                                                     "album": "released", "opera": "performed", "poem": "published"}[kind] + " in {year}."]), v)
        qv = {"wrote": "write", "painted": "paint", "directed": "direct", "recorded": "record", "composed": "compose"}[role[1]]
        Q.append((self.ch([f"Who {role[1]} {title}?", f"Who is the {role[0]} of {title}?", f"Who was {title} {role[2]} by?"]),
                  "creator", [per["short"]]))
        Q.append((self.ch([f"When was {title} {'published' if kind in ('novel', 'poem') else 'released' if kind in ('film', 'album') else 'created'}?",
                           f"In what year did {per['name']} {qv} {title}?", f"When did {per['short']} {qv} {title}?"]), "year", []))
        facts = ["set", "char", "sold", "adapt", "kept", "prize", "filler"]
        self.r.shuffle(facts)
        it = lambda: self.ch(["It", "The " + kind, title])  # noqa: E731
        for f in facts[: self.r.randint(2, 4)]:
            if f == "set" and kind in ("novel", "film", "opera", "poem"):
                v["setting"] = self.city()
                v["period"] = self.ch(["the 1920s", "the war", "the 18th century", "a long winter", "the gold rush", "the 1960s"])
                P.add(self.ch(["The story is set in {setting} during {period}.", "{it} takes place in {setting}.",
                               "{it} is set in {setting}."]), dict(v, it=it()))
                Q.append((self.ch([f"Where is {title} set?", f"Where does {title} take place?", f"In which city is {title} set?"]), "setting", []))
                if "period" in P.spans:
                    Q.append((f"When is {title} set?", "period", []))
            elif f == "char" and kind in ("novel", "film", "opera", "poem"):
                c = self.person()
                v["char"] = c["name"]
                v["char_occ"] = self.ch(sum((o[2] for o in OCCUPATIONS.values()), []))
                P.add(self.ch(["{it} tells the story of {char}, a young {char_occ} who leaves home.",
                               "The main character is {char}, a {char_occ}.", "{it} follows {char}, a {char_occ} from a small village."]),
                      dict(v, it=it()))
                Q.append((self.ch([f"Who is the main character of {title}?", f"Who is {title} about?",
                                   f"Whose story does {title} tell?"]), "char", []))
            elif f == "sold" and kind in ("novel", "album"):
                v["copies"] = self.big_number()
                ab = self.about()
                P.add(self.ch(["{it} has sold " + ab + "{copies} copies.", "More than {copies} copies have been sold."]), dict(v, it=it()))
                Q.append((self.ch([f"How many copies has {title} sold?", f"How many copies of {title} have been sold?"]), "copies",
                          [ab + v["copies"]] if ab else []))
            elif f == "adapt" and kind in ("novel", "poem", "opera"):
                d = self.person()
                v["director"], v["adapt_year"] = d["name"], str(min(2022, int(v["year"]) + self.r.randint(1, 80)))
                P.add(self.ch(["{it} was adapted into a film in {adapt_year} by director {director}.",
                               "In {adapt_year}, {director} turned it into a film."]), dict(v, it=it()))
                Q.append((self.ch([f"Who directed the film adaptation of {title}?", f"Who turned {title} into a film?"]), "director", []))
                Q.append((self.ch([f"When was {title} adapted into a film?", f"When was {title} made into a film?"]), "adapt_year", []))
            elif f == "kept" and kind == "painting":
                v["museum"] = self.ch([f"the {self.city()} Museum of Art", f"the National Gallery in {self.city()}",
                                       f"the {self.syllable_word()} Museum"])
                P.add(self.ch(["{it} hangs in {museum}.", "{it} is kept at {museum}.", "Today it is on display at {museum}."]),
                      dict(v, it=it()))
                Q.append((self.ch([f"Where is {title} kept?", f"Where does {title} hang?", f"Where is {title} displayed?",
                                   f"Which museum holds {title}?", f"Where can {title} be seen today?"]), "museum", []))
            elif f == "prize":
                v["wprize"] = f"the {self.syllable_word()} {self.ch(['Prize', 'Award', 'Medal'])}"
                v["wprize_year"] = str(int(v["year"]) + self.r.randint(0, 3))
                P.add(self.ch(["{it} won {wprize} in {wprize_year}.", "In {wprize_year} it received {wprize}."]), dict(v, it=it()))
                Q.append((self.ch([f"Which prize did {title} win?", f"What award did {title} receive?"]), "wprize", []))
            elif f == "filler":
                P.add(self.ch(["Critics praised its " + self.ch(["style", "colours", "dialogue", "structure", "music"]) + ".",
                               "It was not a success at first.", "It is still widely read and studied." if kind == "novel" else
                               "It remains one of the best known works of its time."]), v)
        return P, Q

    def event_topic(self):
        kind = self.ch(["battle", "festival", "flood", "expedition", "earthquake"])
        P, Q = Paragraph(), []
        place = self.city()
        if kind == "battle":
            name = f"the Battle of {place}"
            a1, a2 = self.r.sample(["the " + n + " army" for n in NATIONALITIES], 2)
            cm = self.person("m")
            v = {"name": name, "Name": cap(name), "date": self.date(), "a1": a1, "a2": a2, "cmd": cm["name"],
                 "dead": self.number(300, 60000)}
            P.add(self.ch(["{Name} was fought on {date} between {a1} and {a2}.",
                           "{Name} took place on {date} near the town of " + place + "."]), v)
            Q.append((self.ch([f"When was {name} fought?", f"When did {name} take place?", f"On what date was {name} fought?"]), "date", []))
            if "a2" in P.spans:
                Q.append((self.ch([f"Who fought in {name}?", f"Which armies fought in {name}?"]), "a1_a2", []))
                P.spans["a1_a2"] = (P.spans["a1"][0], P.spans["a2"][1])
            P.add(self.ch(["It ended in a victory for {a1!}, led by {cmd}.", "{cmd} led {a1!} to victory."]), v)
            Q.append((self.ch([f"Who won {name}?", f"Which side won {name}?"]), "a1", []))
            Q.append((self.ch([f"Who led {v['a1']}?", f"Who commanded {v['a1']} in {name}?", f"Who led the winning side in {name}?"]), "cmd", [cm["short"]]))
            if self.p(0.6):
                ab = self.about()
                P.add(cap(ab + "{dead} soldiers were killed.") if ab else "{dead} soldiers were killed.", v)
                Q.append((self.ch([f"How many soldiers were killed in {name}?", f"How many soldiers died in {name}?"]), "dead", []))
        elif kind == "festival":
            name = f"the {place} {self.ch(['Music', 'Film', 'Book', 'Jazz', 'Flower', 'Lantern', 'Wine'])} Festival"
            v = {"name": name, "Name": cap(name), "month": self.ch(MONTHS), "city": place, "first": self.year(1850, 2015),
                 "visitors": self.big_number(), "founder": self.person()["name"]}
            P.add(self.ch(["{Name} is held every {month} in {city}.", "{Name} takes place in {city} each {month}."]), v)
            Q.append((self.ch([f"When is {name} held?", f"In which month is {name} held?", f"When does {name} take place?"]), "month", []))
            Q.append((self.ch([f"Where is {name} held?", f"Where does {name} take place?"]), "city", []))
            P.add(self.ch(["It was first held in {first}.", "The first festival was organised by {founder} in {first}."]), v)
            Q.append((self.ch([f"When was {name} first held?", f"In what year was {name} first held?"]), "first", []))
            if "founder" in P.spans:
                Q.append((self.ch([f"Who organised the first {name[4:]}?", f"Who started {name}?"]), "founder", []))
            ab = self.about()
            P.add("The festival attracts " + ab + "{visitors} visitors.", v)
            Q.append((self.ch([f"How many visitors does {name} attract?", f"How many people visit {name}?"]), "visitors",
                      [ab + v["visitors"]] if ab else []))
        elif kind in ("flood", "earthquake"):
            year = self.year(1600, 2020)
            name = f"the {year} {place} flood" if kind == "flood" else f"the {year} {place} earthquake"
            v = {"name": name, "Name": cap(name), "date": self.date(year), "houses": self.number(40, 30000),
                 "dead": self.number(2, 9000), "river": f"the {self.syllable_word()} River"}
            if kind == "flood":
                P.add(self.ch(["{Name} began on {date}, when {river} burst its banks.",
                               "On {date}, heavy rain caused {river} to flood the town of " + place + "."]), v)
                Q.append((self.ch([f"Which river caused {name}?", f"Which river flooded {place}?"]), "river", []))
                Q.append((self.ch([f"When did {name} begin?", f"When did {name} happen?"]), "date", []))
            else:
                P.add("{Name} struck on {date}.", v)
                Q.append((self.ch([f"When did {name} strike?", f"When did {name} happen?"]), "date", []))
            ab = self.about()
            P.add(self.ch(["It damaged " + ab + "{houses} homes", "Water covered " + ab + "{houses} houses"
                           if kind == "flood" else "The shaking ruined " + ab + "{houses} buildings"])
                  + self.ch([".", " and killed {dead} people."]), v)
            noun = P.text[P.spans["houses"][1]:].split()[0].strip(".")
            Q.append((self.ch([f"How many {noun} were damaged in {name}?", f"How many {noun} did {name} affect?"]),
                      "houses", [ab + v["houses"], f"{ab}{v['houses']} {noun}", f"{v['houses']} {noun}"]))
            if "dead" in P.spans:
                Q.append((self.ch([f"How many people did {name} kill?", f"How many people died in {name}?"]), "dead", []))
        else:
            target = self.ch(["the South Pole", "the North Pole", f"the source of the {self.syllable_word()} River",
                              f"the summit of Mount {self.syllable_word()}", f"the island of {self.syllable_word()}"])
            name = f"the {self.syllable_word()} Expedition"
            ldr = self.person()
            v = {"name": name, "Name": cap(name), "leader": ldr["name"], "start": self.city(), "y": self.year(1700, 1990),
                 "target": target, "arrive": self.date(), "members": str(self.r.randint(3, 90))}
            P.add(self.ch(["{Name} was led by {leader}.", "{Name}, led by {leader}, set out from {start} in {y}."]), v)
            Q.append((self.ch([f"Who led {name}?", f"Who was the leader of {name}?"]), "leader", [ldr["short"]]))
            if "start" in P.spans:
                Q.append((self.ch([f"Where did {name} set out from?", f"From where did {name} depart?"]), "start", []))
            P.add(self.ch(["It reached {target} on {arrive}.", "The team of {members} reached {target} on {arrive}."]), v)
            Q.append((self.ch([f"When did {name} reach {target}?", f"When did the expedition reach {target}?"]), "arrive", []))
            Q.append((self.ch([f"What did {name} reach?", f"Where did {name} go?"]), "target", []))
            if "members" in P.spans:
                Q.append((f"How many members did {name} have?", "members", []))
        if self.p(0.5):
            P.add(self.ch(FILLERS) + ".", {})
        return P, Q

    def species_topic(self):
        animal = self.ch(ANIMAL_CLASS)
        name = f"the {self.ch(ANIMAL_ADJ)} {self.syllable_word().lower()} {animal}" if self.p(0.5) else f"the {self.syllable_word().lower()} {animal}"
        Name = cap(name)
        v = {"name": name, "Name": Name, "animal": animal, "habitat": self.ch(HABITATS),
             "region": f"{self.ch(REGIONS)} {self.country()}", "food": self.ch(FOODS),
             "len": f"{self.r.randint(2, 300)} {self.ch(['centimetres', 'cm', 'millimetres', 'metres', 'inches'])}",
             "life": f"{self.r.randint(2, 80)} years", "descr": self.person()["name"], "descr_year": self.year(1750, 2015)}
        P, Q = Paragraph(), []
        P.add(self.ch(["{Name} is a species of {animal} found in the {habitat} of {region}.",
                       "{Name} is a {animal} native to {region}.", "{Name} is a small {animal} that lives in {region}."]), v)
        Q.append((self.ch([f"Where is {name} found?", f"Where does {name} live?", f"Where is {name} native to?"]), "region", []))
        if "habitat" in P.spans:
            Q.append((self.ch([f"In what habitat does {name} live?", f"What kind of habitat does {name} live in?"]), "habitat", []))
        facts = ["len", "food", "life", "descr", "filler"]
        self.r.shuffle(facts)
        it = lambda: self.ch(["It", Name, "The " + animal])  # noqa: E731
        for f in facts[: self.r.randint(2, 4)]:
            if f == "len":
                P.add(self.ch(["Adults can grow up to {len} long.", "{it} grows to about {len} in length.",
                               "{it} reaches a length of {len}."]), dict(v, it=it()))
                Q.append((self.ch([f"How long can {name} grow?", f"How big does {name} get?", f"What length does {name} reach?"]), "len", []))
            elif f == "food":
                P.add(self.ch(["{it} feeds mainly on {food}.", "Its diet consists mostly of {food}.", "{it} eats {food}."]), dict(v, it=it()))
                Q.append((self.ch([f"What does {name} eat?", f"What does {name} feed on?", f"What is the diet of {name}?"]), "food", []))
            elif f == "life":
                P.add(self.ch(["{it} can live for up to {life}.", "{it} lives for about {life} in the wild."]), dict(v, it=it()))
                Q.append((self.ch([f"How long does {name} live?", f"How long can {name} live?"]), "life", []))
            elif f == "descr":
                P.add(self.ch(["The species was first described by {descr} in {descr_year}.",
                               "{descr} first described it in {descr_year}."]), v)
                Q.append((self.ch([f"Who first described {name}?", f"Who described {name} first?"]), "descr", []))
                Q.append((self.ch([f"When was {name} first described?", f"In what year was {name} first described?"]), "descr_year", []))
            else:
                P.add(self.ch(["Its numbers have fallen in recent years.", "It is active mainly at night.",
                               "It is listed as a protected species."]), v)
        return P, Q

    TOPICS = ("person_topic", "city_topic", "structure_topic", "org_topic", "river_topic", "mountain_topic",
              "work_topic", "event_topic", "species_topic")
    WEIGHTS = (18, 14, 16, 12, 8, 7, 12, 8, 5)

    def paragraph(self):
        """One context with its questions: (context, [(question, [answer texts], [starts])])."""
        topic = self.r.choices(self.TOPICS, weights=self.WEIGHTS)[0]
        P, Q = getattr(self, topic)()
        # Occasionally prepend or append a sentence about something else as a distractor.
        if self.p(0.25):
            P2, _ = getattr(self, self.ch(self.TOPICS))()
            first = P2.text.split(". ")[0].rstrip(".") + "."
            P.text = P.text + " " + first
        ctx = P.text
        out = []
        for q, slot, alts in Q:
            if slot not in P.spans:
                continue
            s, e = P.spans[slot]
            ans = ctx[s:e]
            texts, starts = [ans], [s]
            for a in alts:
                if not a or a == ans:
                    continue
                i = ctx.find(a, max(0, s - 20))
                if i >= 0 and a not in texts:
                    texts.append(a)
                    starts.append(i)
            q = cap(q)
            out.append((q, texts, starts))
        return ctx, out


def generate(seed, n_questions, exclude_contexts=(), max_per_context=4, prefix="q"):
    """About n_questions questions (whole paragraphs, at most max_per_context questions each)."""
    g = Gen(seed)
    seen = set(exclude_contexts)
    rows = []
    k = 0
    while len(rows) < n_questions:
        ctx, qas = g.paragraph()
        if ctx in seen or not qas:
            continue
        seen.add(ctx)
        g.r.shuffle(qas)
        used = set()
        for q, texts, starts in qas[:max_per_context]:
            if q in used:
                continue
            used.add(q)
            rows.append({"id": f"{prefix}{seed}-{k}", "question": q, "context": ctx,
                         "answers": {"text": texts, "answer_start": starts}})
            k += 1
    return rows


def splits(seed, n_train, n_test):
    test = generate(seed * 1000 + 11, n_test, prefix="test")
    train = generate(seed * 1000 + 12, n_train, exclude_contexts={r["context"] for r in test}, prefix="train")
    return train, test


def main():
    demo_common.split_main("make_qa_data", __doc__, splits, default_train=60000, unit=" questions")


if __name__ == "__main__":
    main()
