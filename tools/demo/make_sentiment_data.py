#!/usr/bin/python3
"""Synthetic English review sentences with POSITIVE / NEGATIVE labels, for the demo sentiment
model (deploy/models/sentiment). Seeded and deterministic: the same seed gives the same data.

The data is synthetic: sentences are assembled from a hand-written grammar (below) over three
domains (films and shows, products, restaurants and cafes, plus a few hotels and services).
Constructions covered: plain statements with intensifiers and downtoners, negation that flips
polarity ("not bad at all", "wasn't great", "never boring", "nothing special"), contrast clauses
whose main clause decides the label ("X, but Y", "although X, Y", "despite X, Y", "X; however,
Y"), expectations ("I expected X, but Y"), overall verdicts after mixed remarks, comparatives and
superlatives, recommendations, ratings, exclamations, verb phrases ("stopped working after a
week", "kept me on the edge of my seat"), fragments ("great sound, terrible battery" with a
verdict), and multi-sentence reviews with neutral context sentences.

Usage: make_sentiment_data.py --out DIR [--train N] [--test N] [--seed S]
writes DIR/train.jsonl and DIR/test.jsonl ({"text", "label"} per line).
"""

import os
import random
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import demo_common  # noqa: E402

POS, NEG = "POSITIVE", "NEGATIVE"


def _words(s):
    return [w.strip() for w in s.split(",") if w.strip()]


# ----------------------------------------------------------------------------- subjects
# (phrase, plural?) by domain. "it" / "this" style pronoun subjects are added separately.
FILM_SUBJECTS = _words("""
the movie, this movie, the film, this film, the show, this show, the series, the documentary,
the sequel, the remake, the episode, the season finale, the plot, the story, the script,
the dialogue, the ending, the opening, the first half, the second half, the soundtrack, the score,
the music, the cinematography, the camera work, the visuals, the animation, the editing,
the pacing, the direction, the lead actor, the lead actress, the main character, the villain,
the hero, the screenplay, the twist, the premise, the climax, the final act, the trailer,
the comedy, the thriller, the horror movie, the musical, the drama, the cartoon, the novel,
this book, the book, the audiobook, the play, the concert, the album, the new album, the game,
this game, the story line, the humor, the romance, the storytelling, the writing
""")
FILM_PLURAL = _words("""
the actors, the performances, the characters, the jokes, the special effects, the action scenes,
the songs, the costumes, the sets, the fight scenes, the visual effects, the supporting actors,
the lyrics, the graphics, the controls, the chapters, the episodes, the cast
""")
PRODUCT_SUBJECTS = _words("""
the phone, this phone, the laptop, this laptop, the tablet, the battery, the screen, the display,
the charger, the cable, the case, the keyboard, the mouse, the monitor, the printer, the camera,
the lens, the speaker, the microphone, the blender, the kettle, the toaster, the coffee maker,
the vacuum, the vacuum cleaner, the fridge, the washing machine, the oven, the mattress,
the pillow, the chair, the desk, the lamp, the jacket, the backpack, the suitcase, the watch,
the smartwatch, the router, the app, this app, the software, the update, the printer ink,
the build quality, the sound quality, the picture quality, the material, the fabric,
the packaging, the price, the delivery, the customer service, the seller, the manual, the zipper,
the handle, the lid, the strap, the remote, the console, the controller, the drill, the bike,
the car, the stroller, the tent, the umbrella, the bottle, the pan, the knife, the product,
this product, the device, this device, the gadget, the tool, the item, the purchase, the order,
the brush, the dress, the shirt, the helmet, the heater, the fan, the air fryer
""")
PRODUCT_PLURAL = _words("""
the headphones, the earbuds, the shoes, the boots, the sneakers, the jeans, the sheets,
the instructions, the batteries, the buttons, the speakers, the glasses, the gloves, the socks,
the parts, the knives, the pans, the towels, the curtains, the tires, the features, the settings
""")
FOOD_SUBJECTS = _words("""
the food, the meal, the dinner, the lunch, the breakfast, the brunch, the pasta, the pizza,
the steak, the burger, the soup, the salad, the dessert, the cake, the coffee, the tea, the wine,
the beer, the cocktail, the bread, the sushi, the curry, the ramen, the sandwich, the chicken,
the fish, the lamb, the risotto, the lasagna, the omelette, the pancake, the ice cream,
the chocolate cake, the cheesecake, the taco, the burrito, the kebab, the menu, the service,
the waiter, the waitress, the chef, the bartender, the manager, the host, the restaurant,
this restaurant, the place, this place, the cafe, this cafe, the bar, the bakery, the diner,
the pub, the bistro, the atmosphere, the decor, the music, the terrace, the view, the wait,
the bill, the wine list, the kitchen, the hotel, the room, the bed, the bathroom, the pool,
the location, the check-in, the reception, the spa, the gym, the flight, the trip, the tour,
the guide, the hairdresser, the haircut, the dentist, the clinic, the shop, the store,
the delivery driver, the takeaway, the buffet, the cook, the lemonade
""")
FOOD_PLURAL = _words("""
the fries, the noodles, the dumplings, the pastries, the desserts, the portions, the prices,
the drinks, the cocktails, the starters, the vegetables, the potatoes, the eggs, the staff,
the waiters, the owners, the tables, the seats, the chips, the wings, the ribs, the mussels,
the prawns, the sauces, the toilets, the rooms, the beds, the croissants, the cookies
""")
PRONOUN_SUBJECTS = ["it", "this", "that", "everything", "the whole thing", "the experience",
                    "the whole experience", "our visit", "my stay", "the evening"]

DOMAINS = {
    "film": (FILM_SUBJECTS, FILM_PLURAL),
    "product": (PRODUCT_SUBJECTS, PRODUCT_PLURAL),
    "food": (FOOD_SUBJECTS, FOOD_PLURAL),
}

# ----------------------------------------------------------------------------- adjectives
GEN_POS = _words("""
good, great, excellent, amazing, wonderful, fantastic, superb, brilliant, outstanding, lovely,
delightful, enjoyable, impressive, solid, perfect, terrific, fabulous, marvelous, marvellous,
awesome, incredible, stunning, gorgeous, beautiful, charming, pleasant, nice, decent, fine,
satisfying, memorable, remarkable, exceptional, flawless, fun, exciting, spectacular,
phenomenal, magnificent, splendid, first-rate, top-notch, superior, sublime, glorious, neat,
cool, fantastic, pleasing, refreshing, admirable, fine, lovely, wonderful, likeable, likable,
worthwhile, rewarding, impressive, elegant, classy, polished, smart, stellar, ideal, faultless,
exquisite, divine, heavenly, epic, legendary, unbeatable, unforgettable, breathtaking,
jaw-dropping, mind-blowing, wholesome, cheerful, positive, happy, grand, favourable, favorable,
commendable, praiseworthy, noteworthy, great value, good value, worth it, worth every penny,
worth the money, worth the wait, worth the price, worth watching, well worth it
""")
GEN_NEG = _words("""
bad, terrible, awful, horrible, dreadful, poor, disappointing, mediocre, lousy, crappy,
rubbish, pathetic, useless, worthless, appalling, atrocious, abysmal, horrendous, dismal,
miserable, unpleasant, unacceptable, inferior, subpar, sub-par, second-rate, third-rate,
lame, weak, sad, sorry, unsatisfying, underwhelming, lackluster, lacklustre, forgettable,
pointless, frustrating, annoying, irritating, infuriating, annoyingly bad, embarrassing,
shameful, ridiculous, laughable, a joke, a mess, a disaster, a letdown, a let-down,
a disappointment, a nightmare, a waste of money, a waste of time, a rip-off, a ripoff,
a scam, garbage, trash, junk, the worst, not worth it, not worth the price,
overrated, overhyped, terrible value, poor value, bad value, boring, horrid, ghastly, nasty,
unbearable, painful, hopeless, inadequate, sloppy, shoddy, careless, flawed, problematic,
defective, faulty, broken, rotten, gross, icky, dire, woeful, wretched, unimpressive
""")
FILM_POS = _words("""
funny, hilarious, witty, clever, smart, moving, touching, heartwarming, uplifting, gripping,
captivating, compelling, engaging, thrilling, suspenseful, exciting, entertaining, inspiring,
powerful, haunting, beautifully shot, well acted, well written, well made, well directed,
well paced, tightly written, original, imaginative, creative, fresh, thought-provoking,
intelligent, poignant, tender, sweet, charming, riveting, absorbing, immersive, addictive,
unputdownable, a masterpiece, a classic, a gem, a must-see, a must-watch, a joy, a delight,
a treat, a triumph, a winner, a blast, a pleasure, a hit, beautifully acted, heartfelt,
emotional, atmospheric, catchy, gorgeous, visually stunning, laugh-out-loud funny, epic,
fast-paced, action-packed, tense, chilling, scary, creepy in the best way, realistic, believable,
convincing, authentic, nuanced, layered, deep, rich, vivid, engrossing
""")
FILM_NEG = _words("""
boring, dull, tedious, slow, predictable, cliched, clichéd, shallow, silly, stupid, dumb,
confusing, incoherent, messy, awkward, wooden, stiff, flat, lifeless, cheesy, corny,
cringeworthy, cringe-worthy, cringey, unfunny, pretentious, overlong, too long, long-winded,
drawn out, bloated, repetitive, unwatchable, unoriginal, derivative, formulaic, generic,
bland, soulless, hollow, forced, contrived, far-fetched, ridiculous, nonsensical, poorly written,
poorly acted, badly acted, badly written, badly directed, poorly made, cheap-looking,
unconvincing, unbelievable, melodramatic, preachy, heavy-handed, tiresome, exhausting,
a snooze, a snoozefest, a chore, a slog, a flop, a bore, a trainwreck, a train wreck,
a complete mess, a total disaster, lazy, uninspired, dreary, depressing, grating, obnoxious,
annoying, sluggish, plodding, choppy, disjointed, muddled, shallow, weak, thin, empty
""")
PRODUCT_POS = _words("""
reliable, sturdy, durable, solid, well built, well made, well designed, comfortable, convenient,
practical, handy, useful, easy to use, easy to set up, easy to clean, intuitive, user-friendly,
smooth, fast, quick, responsive, snappy, powerful, efficient, quiet, lightweight, compact,
portable, sleek, stylish, elegant, beautiful, gorgeous, crisp, clear, sharp, bright, vibrant,
rich, warm, accurate, precise, sturdy, robust, strong, soft, cozy, cosy, warm,
waterproof, affordable, cheap in a good way, inexpensive, reasonably priced, great value,
good value, long-lasting, dependable, flawless, perfect, excellent, superb, a lifesaver, a bargain, a steal, a great buy, a good buy, a great purchase, a solid choice,
spot on, exactly what I needed, exactly as described, as advertised, high quality,
top quality, premium, well packaged, fast to charge, perfectly sized, true to size, roomy,
spacious, breathable, ergonomic
""")
PRODUCT_NEG = _words("""
cheap, flimsy, fragile, broken, faulty, defective, useless, unreliable, clunky, buggy, laggy,
slow, sluggish, noisy, loud, heavy, bulky, awkward, uncomfortable, itchy, scratchy, tight,
too small, too big, too tight, too loose, too heavy, too loud, too quiet, too expensive,
overpriced, expensive, pricey, poorly made, badly made, poorly designed, badly designed,
cheaply made, cheaply built, low quality, poor quality, bad quality, inaccurate, blurry, dim,
fuzzy, muffled, tinny, weak, dead, dead on arrival, damaged, scratched, dented, cracked, leaky,
leaking, wobbly, shaky, loose, stiff, complicated, confusing, frustrating, impossible to use,
hard to use, difficult to use, a nightmare to set up, a pain to use, a waste of money,
a piece of junk, a rip-off, a lemon, junk, garbage, rubbish, unusable, not as described,
nothing like the picture, smaller than expected, unstable, glitchy, slow to charge, short-lived,
a fire hazard, dangerous, unsafe, toxic-smelling, smelly, stained
""")
FOOD_POS = _words("""
delicious, tasty, yummy, flavorful, flavourful, fresh, juicy, tender, crispy, crunchy, moist,
fluffy, creamy, rich, savory, savoury, sweet, perfectly cooked, cooked to perfection,
well seasoned, mouth-watering, mouthwatering, scrumptious, delectable, divine, heavenly,
authentic, homemade, hearty, generous, filling, hot, warm, fragrant, aromatic, light,
friendly, helpful, attentive, welcoming, polite, kind, warm, professional, courteous,
efficient, fast, quick, prompt, knowledgeable, cheerful, lovely, charming, cozy, cosy,
relaxing, quiet, peaceful, clean, spotless, spacious, comfortable, romantic, lively,
affordable, reasonable, reasonably priced, fair, inexpensive, good value, great value,
worth the wait, worth the trip, worth every penny, a hidden gem, a gem, a treat, a delight,
a must, a must-try, a must-visit, the best in town, outstanding, superb, excellent, perfect,
amazing, spot on, top-notch, immaculate, stunning, beautiful, gorgeous
""")
FOOD_NEG = _words("""
bland, tasteless, flavorless, flavourless, stale, cold, lukewarm, soggy, greasy, oily, dry,
tough, chewy, rubbery, burnt, burned, overcooked, undercooked, raw, salty, too salty, too sweet,
sour, bitter, watery, mushy, soggy, frozen, microwaved, reheated, inedible, disgusting,
revolting, gross, nasty, off, rotten, spoiled, smelly, tiny, small, skimpy, stingy, rude,
unfriendly, unhelpful, inattentive, dismissive, arrogant, careless, slow, sluggish, disorganized,
disorganised, chaotic, incompetent, unprofessional, grumpy, dirty, filthy, sticky, greasy,
noisy, loud, crowded, cramped, cold, dark, shabby, run-down, tired, dated, depressing,
overpriced, expensive, pricey, a rip-off, a ripoff, a tourist trap, a disappointment,
a letdown, a nightmare, a joke, the worst, terrible, awful, horrible, dreadful, poor,
unacceptable, mediocre, average at best, forgettable, underwhelming, uncomfortable, stuffy
""")

ADJ = {
    ("film", POS): (FILM_POS, GEN_POS), ("film", NEG): (FILM_NEG, GEN_NEG),
    ("product", POS): (PRODUCT_POS, GEN_POS), ("product", NEG): (PRODUCT_NEG, GEN_NEG),
    ("food", POS): (FOOD_POS, GEN_POS), ("food", NEG): (FOOD_NEG, GEN_NEG),
}

# Intensifiers, downtoners; words that read badly before a noun phrase are filtered below.
INTENSIFIERS = _words("""
very, really, so, extremely, incredibly, super, absolutely, truly, totally, quite, pretty,
genuinely, seriously, remarkably, exceptionally, utterly, completely, insanely, ridiculously,
unbelievably, amazingly, surprisingly, particularly, especially, thoroughly, deeply, awfully,
terribly, properly, simply, just, honestly, frankly, downright, positively, wonderfully,
fairly, rather, way too, far too, too, overly, hugely, massively, beyond, mega, crazy, so very,
really really, very very, most, such
""")
MILD = _words("a bit, a little, slightly, somewhat, kind of, sort of, a tad, rather, fairly, mostly")

NEUTRAL_ADVERBS = _words("honestly, frankly, overall, basically, generally, in general, actually, "
                         "to be honest, to be fair, in my opinion, for me, I think, I feel, I'd say")

# ----------------------------------------------------------------------------- clauses with verbs
VERB_POS = {
    "film": _words("""
I loved it, I loved every minute of it, we loved it, I really enjoyed it, we enjoyed it a lot,
I enjoyed every second, I laughed the whole way through, I laughed out loud, it made me cry in a good way,
it kept me on the edge of my seat, it kept me hooked, I couldn't look away, I was hooked from the start,
I was glued to the screen, I want to watch it again, I will watch it again, I'd watch it again,
I can't wait for the next one, I can't wait for the sequel, it blew me away, it blew my mind,
it exceeded my expectations, it was better than I expected, it deserves every award,
it deserves all the praise, it grabbed me from the first scene,
it made my day, my kids loved it, the whole family loved it, everyone in the cinema applauded,
I couldn't put it down, I finished it in one night, I recommend it to everyone, go see it,
don't miss it, you have to see it, it is worth watching, it was time well spent, I'm a fan now,
the actors nailed it, the director nailed it, it works on every level, it never drags,
it never gets boring, it was pure joy, it touched my heart
"""),
    "product": _words("""
it works perfectly, it works like a charm, it works great, it does the job, it does exactly what it says,
it does everything I need, I use it every day, I love it, I love this thing, we love it,
my wife loves it, my husband loves it, my kids love it, my son loves it, my daughter loves it,
it exceeded my expectations, it arrived quickly, it arrived early, it was easy to set up,
it was worth every penny, it was money well spent, I would buy it again, I'd buy it again,
I will buy another one, I bought a second one, I ordered two more, it still works like new,
it has lasted for years, it holds a charge for days, the battery lasts all day, it charges fast,
it fits perfectly, it feels great in the hand, it feels solid, it saves me so much time,
it made my life easier, I can't live without it, I have no complaints, no complaints at all,
I highly recommend it, I recommend it, I'd recommend it to anyone, five stars from me,
it is the best purchase I've made this year, the seller was very helpful, support solved my problem quickly
"""),
    "food": _words("""
we loved it, I loved it, we had a great time, we had a lovely evening, we had a wonderful meal,
we enjoyed every bite, I enjoyed every bite, I licked the plate clean, I cleaned my plate, we'll be back soon, I will come back, I'd go back,
we keep coming back, we come here every week, it is my new favourite place, it's my favorite spot,
the staff made us feel welcome, the staff went above and beyond, they treated us like family,
the chef came out to say hello, our food came quickly, we were seated right away,
everything was cooked perfectly, every dish was a hit, the kids loved it, my parents loved it,
I recommend it to everyone, I highly recommend it, you have to try it, don't miss the dessert,
it was worth the trip, it was worth the wait, it was worth every penny, it made our anniversary special,
I can't stop thinking about that cake, I'd give it ten stars if I could
"""),
}
VERB_NEG = {
    "film": _words("""
I hated it, I hated every minute, we hated it, I fell asleep,
I nearly fell asleep, I walked out, we walked out after an hour, I gave up after twenty minutes,
I couldn't finish it, I stopped watching, I turned it off, I switched it off, I regret watching it,
I want those two hours back, I want my money back, I was bored to death, I was bored out of my mind,
I kept checking my phone, I kept looking at my watch, it dragged on forever, it drags,
it goes nowhere, nothing happens, nothing happens for an hour,
the jokes don't land, it fell apart in the second half, it falls apart at the end,
it was a waste of time, it was a waste of money, I would not recommend it, I wouldn't recommend it,
don't bother, skip it, avoid it, stay away, save your money, wait for something better,
I expected so much more, it didn't work for me, it did nothing for me, I didn't care about anyone,
I couldn't care less about the characters, it put me to sleep, it ruined the original,
the audience was laughing at it, not with it, I cringed the whole time
"""),
    "product": _words("""
 it stopped working after two days, it broke after a month, it broke on the second use, it fell apart, it fell apart quickly,
it died after a month, it won't turn on, it doesn't turn on, it doesn't work, it never worked,
it keeps crashing, it keeps freezing, it overheats, it gets very hot,
it leaks, it rattles, it smells, it arrived broken, it arrived damaged, it arrived late,
it never arrived, it took forever to arrive, the battery dies in an hour, the battery drains fast,
it won't hold a charge, it doesn't fit, nothing fits, the parts don't fit together,
I returned it, I sent it back, I had to return it, I want a refund,
I asked for a refund, I regret buying it, I regret this purchase, I wasted my money,
I would not buy it again, I wouldn't buy it again, I wouldn't recommend it, don't buy it, avoid this brand, save your money, stay away, it is a waste of money,
support never answered, customer service was useless, the seller ignored my emails,
it scratched the first day, the paint peeled off, the screen cracked, the handle snapped,
it lasted a week, it is going in the bin, I threw it away
"""),
    "food": _words("""
 we waited forever, we waited ages for the bill,
nobody came to take our order, nobody took our order, they forgot our order, they got our order wrong,
they brought the wrong dish, my steak came out raw, the food came out cold, the food made me sick,
I got food poisoning, I left hungry, I left most of it, I couldn't finish it, I sent it back,
we sent the food back, we left without eating, we walked out, we will never go back,
I will never come back, we won't be back, never again, avoid this place, stay away,
don't waste your money, save your money, they charged us twice, they overcharged us,
the waiter ignored us, the waiter was rude to us, the manager didn't care,
they were rude to us, they rushed us out, they made us wait outside in the rain,
it was a waste of money, it ruined our evening, it ruined our night, I found a hair in my soup,
there was a hair in my food, it tasted like cardboard, it tasted of nothing, the place smelled bad,
I regret going there, I do not recommend it, I would not recommend it
"""),
}

# Sentences with no sentiment, to pad reviews and teach that context is neutral.
NEUTRAL = {
    "film": _words("""
I watched it last night, we saw it on Saturday, I saw it at the cinema, I watched it with my wife,
I watched it with my kids, we went to see it for my birthday, I streamed it at home,
it is about two hours long, it runs for about ninety minutes, it is based on a true story,
it is based on a novel, it came out last year, it is the third film in the series,
the story is set in a small town, the story takes place in the nineteen fifties,
the film follows a young detective, the show has three seasons, I read the book first,
my friend recommended it, I had heard a lot about it, I went in knowing nothing,
the cinema was almost full, I watched the dubbed version, it was on television,
the director also made the first one, it stars a famous actor, it is rated twelve
"""),
    "product": _words("""
I bought it last month, I ordered it online, I got it for my son, I got this as a gift,
I bought it for my kitchen, I use it at work, I have had it for three weeks,
I have had it for a year now, I bought the black one, it comes in four colours,
it comes with a cable, the box includes a manual, I replaced my old one with this,
I compared several models, I paid about fifty dollars, it was on sale, I ordered the large size,
I use it mostly on weekends, I bought it for travelling, my old one was ten years old,
it took a week to arrive, I set it up on Monday, I charge it every night
"""),
    "food": _words("""
we went there on a Friday night, we came for lunch, we had dinner there last week,
we booked a table for four, we went for my mother's birthday, we ordered the set menu,
I ordered the chicken, my wife had the fish, we shared a pizza, we sat on the terrace,
we sat by the window, the place was busy, it was a Tuesday evening, we went there after work,
it is near the station, it is in the old town, we found it online, a friend told us about it,
we ordered takeaway, we had breakfast there, we stayed for two nights, we tried the tasting menu,
the menu changes every week, they serve Italian food, it is a small family restaurant
"""),
}

EXPECT_NEG = _words("boring, awful, terrible, bad, disappointing, a waste of time, too long, "
                    "overrated, cheap, flimsy, bland, a tourist trap, overpriced, a letdown, dull, silly")
EXPECT_POS = _words("great, amazing, brilliant, fantastic, a masterpiece, excellent, delicious, "
                    "fun, special, perfect, good, impressive, wonderful, spectacular, exciting")

OVERALL = _words("overall, all in all, in the end, on the whole, all things considered, "
                 "in short, bottom line, to sum up, in summary, still, ultimately, at the end of the day")
FOR_NOUN_POS = _words("a great, a lovely, a fantastic, a wonderful, an excellent, a solid, "
                      "a brilliant, a very good, a really nice, an amazing, a superb")
FOR_NOUN_NEG = _words("a terrible, an awful, a horrible, a disappointing, a poor, a mediocre, "
                      "a very bad, a really bad, a dreadful, a forgettable, a miserable")
SUMMARY_NOUNS = {
    "film": _words("film, movie, watch, show, story, experience, night at the movies, series, book"),
    "product": _words("product, purchase, buy, device, gadget, phone, item, piece of kit, tool"),
    "food": _words("meal, restaurant, evening, dinner, experience, place, night out, lunch, stay, visit"),
}
SUPERLATIVE_NOUNS = {
    "film": _words("movies, films, shows, comedies, dramas, horror films, documentaries, "
                   "books, albums, games, series, performances, endings"),
    "product": _words("purchases, phones, laptops, gadgets, products, chairs, shoes, "
                      "kitchen tools, cameras, speakers, things I have bought"),
    "food": _words("meals, burgers, restaurants, steaks, desserts, cafes, curries, "
                   "breakfasts, hotels, coffees, dinners"),
}
SUPERLATIVE_VERBS = {
    "film": _words("seen, watched, read, heard, played"),
    "product": _words("bought, owned, used, tried, had"),
    "food": _words("had, eaten, tried, been to, visited"),
}
RATING_POS = _words("five stars, 5 stars, 5/5, 10/10, ten out of ten, two thumbs up, "
                    "highly recommended, strongly recommended, recommended, must see, a must-buy, "
                    "full marks, A+, would recommend, worth it, love it, loved it, bravo, perfect")
RATING_NEG = _words("one star, 1 star, 1/5, 0/10, 2/10, zero stars, thumbs down, not recommended, "
                    "avoid, do not recommend, would not recommend, never again, not worth it, "
                    "total waste, what a waste, disappointed, very disappointed, shame, no thanks")
POS_EXCLAIM = _words("what a great, what a lovely, what an amazing, what a fantastic, what a wonderful, "
                     "such a good, such a great, such a lovely, what a brilliant")
NEG_EXCLAIM = _words("what a terrible, what an awful, what a disappointing, what a waste of a, "
                     "such a bad, such a boring, what a horrible, such a disappointing, what a dreadful")


# ----------------------------------------------------------------------------- services
# A fourth domain: everyday services (trades, travel, health, banks and providers, shops' support).
SERVICE_SUBJECTS = _words("""
the plumber, the electrician, the mechanic, the garage, the airline, the flight attendant,
the pilot, the bank, the landlord, the letting agent, the estate agent, the nurse, the doctor,
the receptionist, the cleaner, the courier, the support team, the help desk, the call centre,
the installer, the technician, the instructor, the teacher, the tutor, the coach, the gym,
the salon, the barber, the vet, the optician, the pharmacist, the driver, the taxi driver,
the tour guide, the insurance company, the internet provider, the phone company,
the energy company, the council, the post office, the car rental company, the dealership,
the repair shop, the locksmith, the gardener, the painter, the builder, the removal company,
the moving company, the travel agent, the clinic, the hospital, the pharmacy, the school,
the nursery, the daycare, the train company, the bus service, the ferry, the cruise,
the booking process, the checkout, the refund process, the repair, the installation,
the appointment, the treatment, the class, the course, the lesson, the service, the team,
the company, this company, the business, the agency, the shop assistant, the host, the concierge
""")
SERVICE_PLURAL = _words("""
the movers, the builders, the nurses, the doctors, the engineers, the technicians, the crew,
the cabin crew, the cleaners, the staff, the people at the front desk, the agents, the teachers,
the instructors, the guides, the drivers, the painters, the decorators, the owners, the fees,
the prices, the rates, the charges, the appointments, the classes, the lessons
""")
SERVICE_POS = _words("""
punctual, on time, reliable, professional, friendly, helpful, patient, thorough, honest,
efficient, quick, fast, responsive, knowledgeable, courteous, tidy, fair, reasonably priced,
kind, caring, reassuring, calm, organised, organized, well organised, approachable, easy to deal with,
easy to talk to, straightforward, hassle-free, painless, smooth, seamless, transparent, good value,
competent, skilled, experienced, careful, considerate, accommodating, flexible, generous,
quick to reply, easy to book, clean, spotless, brilliant with kids, great with nervous patients
""")
SERVICE_NEG = _words("""
late, rude, unhelpful, useless, incompetent, dishonest, unreliable, slow, careless, messy,
overpriced, impossible to reach, clueless, dismissive, pushy, unprofessional, disorganised,
disorganized, chaotic, sloppy, lazy, arrogant, condescending, patronising, impatient, vague,
evasive, hopeless, a nightmare to deal with, impossible to deal with, a shambles, a joke,
a total shambles, a complete rip-off, expensive, confusing, painfully slow, never on time,
always late, hard to reach, useless on the phone, full of hidden fees, dirty, unsafe
""")

# ----------------------------------------------------------------------------- idioms
# Idiomatic clauses, recommendations and intentions: the meaning is in the phrase, not in one
# sentiment word. By domain, plus GENERIC ones that fit any domain.
IDIOM_POS = {
    "film": _words("""
I'd happily watch it again, I'd watch it again in a heartbeat, I could watch it again and again,
I'm going to watch it again this weekend, I'd sit through it twice, I'd see it again tonight,
I want to see it a second time, I'll definitely rewatch it, I've already watched it twice,
it had me hooked, it had me in stitches, I was in stitches, it stayed with me for days,
I'm still thinking about it, the time flew by, two hours flew by, it ticks every box,
it hits all the right notes, it nails the ending, it lives up to the hype,
it more than lives up to the hype, one of the better films I've seen in a while,
easily one of the better shows out there, it knocks it out of the park, the lead steals the show,
a breath of fresh air, a cut above the rest, the cast is on top form, it gets better every time I watch it,
I binge-watched the whole season in a weekend, I didn't want it to end, I was sorry when it ended,
it pulls you in from the first minute, I was hooked by the end of the first episode,
it had the whole room laughing, it left me smiling, it gave me goosebumps, I was moved to tears,
it's the feel-good film of the year, it's a crowd-pleaser, it earns every minute of its running time,
I'd pay to see it again, it's well worth your evening, it's well worth a watch, give it a go
"""),
    "product": _words("""
it works like a charm, it worked like a charm from day one, it worked straight out of the box,
it was up and running in minutes, it does what it says on the tin, it ticks all the boxes,
it's built like a tank, it has held up really well, it's still going strong after two years,
it hasn't let me down once, it has never let me down, it's paid for itself already,
it's worth every cent, it's the best thing I've bought in ages, I'd buy it again without thinking twice,
I'd buy it again, I would buy it again in a heartbeat, I've already ordered another one for my sister,
I can't imagine going back to my old one, it's a game changer, it's a game changer for me,
it makes life so much easier, it's a no-brainer at this price, you get a lot for your money,
it punches above its weight, it runs like a dream, it runs as smoothly as the day it arrived,
it still looks brand new, it fits like a glove, it's been rock solid, it just works,
it has survived two toddlers and a dog, it survived being dropped more than once,
the battery goes for days, it charges in no time, it's light as a feather,
it arrived the next day, it arrived well packed, it came well before the promised date,
setting it up was a breeze, it was a breeze to set up, I was up and running in five minutes,
the battery lasts forever, the battery lasts for ages, the battery lasts all week, it charges in a flash
"""),
    "food": _words("""
the food was out of this world, the dessert was to die for, the portions were huge,
we ate like kings, we'll be back for sure, we'll definitely go back, we're already planning our next visit,
I'd go back in a heartbeat, it's our new go-to spot, the service was spot on from start to finish,
they couldn't do enough for us, nothing was too much trouble, they made us feel at home,
every dish hit the spot, it hit the spot, it's worth the drive, it's worth the trip across town,
the best meal we've had in ages, it blew us away, I'm still dreaming about the pasta,
the chef knows what he's doing, the kitchen really knows what it's doing, I'd eat there every day if I could,
the waiter was on the ball all night, we were looked after all evening, they found us a table straight away,
we didn't wait long at all, the food came out piping hot, it tastes like home cooking,
there's a reason it's always full, it's always busy for good reason, it's the real deal,
the coffee alone is worth the trip, we rolled out of there happy
"""),
    "service": _words("""
they went out of their way for us, she went out of her way to make us comfortable,
he went out of his way to fit us in, the team went out of their way for us,
they went above and beyond, he went above and beyond, she went the extra mile, they went the extra mile,
he turned up right on time, they showed up on time, he fixed it in under an hour,
they sorted everything out, they sorted it in one visit, nothing was too much trouble for them,
they kept us updated the whole time, they answered every question, she explained everything clearly,
they cleaned up after themselves, the price was exactly what they quoted, they called back within the hour,
they made the whole process painless, they treated us like royalty, I'll be using them again,
I'd hire them again in a heartbeat, we'll definitely use them again, I've already booked my next appointment,
she put me at ease straight away, he put my mind at rest, they were there when we needed them,
they got us home safe and sound, the refund came through in two days, they fixed it for free,
they replaced it without any questions, the whole thing took ten minutes, it couldn't have been easier,
they made it so easy, it was the smoothest move we've ever had, my car has never run better,
the kids adore their teacher, my dog loves going there, they saved our holiday,
the crew looked after us the whole flight, they upgraded us for free
"""),
}
IDIOM_NEG = {
    "film": _words("""
it falls flat, the jokes fall flat, the humour falls flat, it never gets going, it never takes off,
it goes nowhere, it overstays its welcome, it drags on and on, I couldn't wait for it to end,
I wanted my evening back, life is too short for this, it's a waste of two hours, it misses the mark,
it's a far cry from the first one, it jumps the shark, it loses the plot, it runs out of steam,
it falls apart in the last act, the ending comes out of nowhere, the plot makes no sense,
the story is full of plot holes, I'd rather watch paint dry, it was painful to sit through,
I nodded off halfway through, don't waste your evening on it, skip this one, give this one a miss,
I kept checking how much was left, I gave up halfway, the second half is a mess,
it tries too hard and fails, it's all style and no substance, the trailer was better than the film,
all the good bits are in the trailer, nothing much happens, I didn't laugh once,
I couldn't get into it, it lost me after the first episode, I won't be watching season two,
it ruined the books for me, it's a cash grab, they should have stopped after the first one
"""),
    "product": _words("""
it fell apart within a week, it fell to pieces, it came apart in my hands, it broke the first day I had it,
it gave up after a month, it died within a week, it conked out after ten days, it's a waste of money,
a complete waste of money, save your money, save your money and buy something else,
don't waste your money on it, it's not worth the money, it's not worth the box it came in,
it's more trouble than it's worth, it went straight back, it went straight in the bin,
I'm still waiting for a refund, it stopped charging after a week, the battery barely lasts an hour,
it feels cheap and plasticky, it looks nothing like the photos, you get what you pay for,
it never worked properly, it worked for a week and then gave up, the handle came off in my hand,
the strap snapped within days, the seams split after one wash, the colour ran in the wash,
it shrank in the wash, the screen died after a month, it stopped connecting after the update,
the app crashes every time I open it, it takes forever to charge, it runs hot and then shuts off,
it arrived scratched and missing parts, half the parts were missing, it came with no instructions,
it's a pain to put together, it wobbles no matter what you do, the buttons stick,
it drops the connection all the time, I've wasted hours on it, it's gathering dust in a cupboard
"""),
    "food": _words("""
we're never going back, never going back, we won't be going back, I wouldn't go back if they paid me,
we left hungry and out of pocket, the food took an age to arrive, we waited over an hour for our mains,
we had to ask three times for water, the waiter forgot about us, we were ignored for twenty minutes,
it's a tourist trap, it was a rip-off, it was daylight robbery, the fries were soggy and the burger was dry,
my meal was stone cold, it made me ill, it was overpriced and underwhelming, it's all style over substance,
the chicken was still pink inside, the salad was wilted, the bread was rock hard, the coffee was undrinkable,
the portions were tiny for the price, we paid a fortune for very little, the bill was a shock,
the table was sticky and nobody wiped it, the toilets were a disgrace, the music was so loud we couldn't talk,
we were rushed out to free up the table, the waitress couldn't have cared less, they got every order wrong,
they lost our booking, they messed up our order twice, I've had better microwave meals,
it's gone downhill since the new owners took over, it's not what it used to be
"""),
    "service": _words("""
they never showed up, he turned up three hours late, nobody called back, they never called me back,
I was on hold for an hour, they kept me on hold forever, they cancelled at the last minute,
they lost our luggage, they made it worse, they left a mess, they overcharged me,
the bill was double the quote, they ignored my complaint, they blamed me for their mistake,
I had to chase them for weeks, they passed me from one department to another,
I'll never use them again, I'm switching to another provider, I've cancelled my contract,
I'm taking my business elsewhere, they couldn't care less, nobody knew what they were doing,
they left the job half finished, the leak came back the next day, it broke again a week later,
they damaged our furniture, they were rude from start to finish, she talked down to me,
he didn't listen to a word I said, they kept making excuses, they promised a call back that never came,
the flight was cancelled with no explanation, we were stuck at the airport all night,
we missed our connection and nobody helped, my appointment was cancelled twice,
I waited forty minutes past my appointment time, they charged me for something I never ordered,
the refund never arrived, I'm still fighting for my deposit, they hung up on me,
it took five calls to get anything done, they messed up my booking, avoid this company
"""),
}
IDIOM_GENERIC_POS = _words("""
I'd do it again in a heartbeat, I'll be back, count me in for the next one, I've told all my friends about it,
I keep recommending it to everyone, I'd give it six stars if I could, I'd recommend it to anyone,
you won't be disappointed, you can't go wrong with it, I have zero regrets, I'm so glad I went for it,
I'm so glad we tried it, it's worth every penny, money well spent, it exceeded every expectation,
it was a pleasant surprise, it was a nice surprise, it made my week, it made our day,
it's the real deal, it's as good as it gets, it's hard to find fault with it, I can't find a single fault,
there's nothing I would change, I wouldn't change a thing, ten out of ten would recommend,
I'm a customer for life, I'm hooked, it's a keeper, it's a winner, it's a hit with everyone,
it gets my vote, thumbs up from me, top marks, I'm converted, it won me round, I'm impressed,
it's worth going out of your way for, it's well worth a try, do yourself a favour and try it,
I'm glad I gave it a chance, I got more than I expected, I liked it far more than I thought I would,
it did more than I expected, it gave me more than I hoped for, I enjoyed it far more than I thought, it's better than it has any right to be, it punches well above its price,
it's streets ahead of the rest, it's head and shoulders above the rest, it's second to none,
it's miles better than the competition, it's a step up from the last one
""")
IDIOM_GENERIC_NEG = _words("""
I'd steer clear, steer clear, avoid at all costs, give it a miss, I wouldn't bother, don't bother,
I want my money back, I regret every penny, I'd ask for a refund if I could, I wouldn't wish it on anyone,
I should have read the reviews, lesson learned, I've learned my lesson, never again,
I won't be making that mistake again, I'm never buying from them again, I won't be buying from them again,
I'm done with this brand, I'm done with them, save yourself the hassle, save yourself the bother,
spare yourself the trouble, watch something else, go somewhere else, try somewhere else, buy a different brand,
choose another one, get something else, look somewhere else, find another plumber, book another hotel,
it has more plot holes than I could count, it has more problems than I can list, it has more bugs than features, I won't order from them again, never ordering from them again,
I won't be ordering from them again, I'll never shop there again, it's a total waste of time, what a waste of time,
it left a bad taste in my mouth, it's not worth the hassle, it's not worth the hype,
it doesn't live up to the hype, it was a let-down from start to finish, it was a letdown from start to finish,
it was a huge letdown, it's overpriced for what it is, look elsewhere, shop elsewhere,
I'd never go out of my way for it, it's not worth going out of your way for,
it's nowhere near as good as people say, it's not a patch on the original, it can't hold a candle to the first one,
it pales in comparison, it's miles behind the competition, it's a step down from the last one,
it was one of the weaker ones, it's one of the weaker ones I've tried, I expected far more,
I expected better, it was a disappointment from start to finish, it went from bad to worse,
it went downhill fast, it's a shadow of its former self, it's gone downhill, it's not fit for purpose,
it's a complete joke, what a letdown, I'm so disappointed, I can't believe I paid for this
""")
HEDGES = _words("""
honestly, to be honest, to be fair, I have to say, I must say, I'll admit, I guess, I suppose,
all told, if I'm honest, truth be told, for what it's worth, in all honesty, I'd say, frankly,
I think, really, seriously, no joke, hand on heart
""")
# A mild remark that does not decide the label on its own: hedged reviews put one of these
# next to a deciding clause ("not perfect, but ..." / "fine, I guess, but ...").
HEDGE_OPEN = {
    POS: _words("""
it's not perfect, it has its flaws, it isn't flawless, it's not cheap, it's a bit pricey, it's not for everyone,
it took a while to get going, it's a little slow at the start, the first episode is slow,
the wait was long, the place is small, it's a bit out of the way, there were a couple of hiccups,
it's not the prettiest, I had my doubts, I was on the fence, I wasn't sure at first, it's nothing fancy
"""),
    NEG: _words("""
it's fine, I guess, it's okay, it's ok, it's alright, it's not the worst, it's not awful,
it has a few good moments, it looks nice enough, it's cheap, the idea is good, the staff were polite enough,
the first half is decent, it started well, the location is handy, it's easy enough to use,
the price is right, the packaging was nice, it isn't terrible, it's not a disaster, it's watchable,
it's edible, it works, most of the time, it's not the worst I've seen
"""),
}
HEDGE_CLOSE = {
    POS: _words("""
but I loved it, but it's worth it, but I'd buy it again, but we'll be back, but I'd still recommend it,
but it won me over, but it more than makes up for it, but it's great for the price, but I'm really happy with it,
but it's well worth it, but I'd go back tomorrow, but it's pretty great, but I enjoyed every minute,
but overall I'm delighted, but it's the best I've found
"""),
    NEG: _words("""
but I wouldn't buy it again, but I won't be back, but I wouldn't recommend it, but it's not worth the money,
but that's about it, but that's where the good news ends, but it falls apart after that,
but it broke within a month, but I was bored most of the time, but the food was awful,
but it's nothing special, but I expected more, but it just doesn't work, but I'm returning it,
but I want my money back, but I wouldn't cross the street for it, but I wouldn't rush back,
but I wouldn't pay to see it again, but I won't be going out of my way for it again, but I'd skip it,
but I wouldn't bother going out of my way for it, but once was more than enough
"""),
}
# Intensified "good/bad value for money" style noun phrases, and "X, but Y" service remarks,
# come from the lists above; reviewer feelings ("I was delighted") from the valence lexicon below.

VERB_POS["service"] = _words("""
I'm really happy with them, I'd recommend them to anyone, I can't recommend them enough,
I have nothing but praise for them, they were a pleasure to deal with, they did a great job,
they did a brilliant job, they did a fantastic job, they know what they're doing, I trust them completely,
I'm so grateful to them, we felt well looked after, they solved my problem, they fixed the problem,
the job was done properly, everything went smoothly, everything went to plan, I use them every time
""")
VERB_NEG["service"] = _words("""
I'm really unhappy with them, I wouldn't recommend them to anyone, I have nothing good to say about them,
they were a nightmare to deal with, they did a terrible job, they did a shoddy job, they did a rubbish job,
they don't know what they're doing, I don't trust them at all, nothing went to plan, the problem is still there,
they didn't fix anything, the job was never finished, I complained and nothing happened, I want a refund,
it was a waste of money, I regret booking them, I regret using them
""")
NEUTRAL["service"] = _words("""
I called them on a Monday morning, we booked them through a friend, we flew out on a Thursday,
I had an appointment at nine, we moved house last month, the boiler broke in January,
I needed a new lock fitted, I booked the car in for a service, I switched providers in the spring,
we needed someone at short notice, I found them online, my neighbour gave me their number,
we had a connecting flight, the job was booked for Tuesday, I signed up for ten lessons,
I have been with them for five years, I rang their helpline, I went in for a check-up
""")
SUMMARY_NOUNS["service"] = _words("service, experience, company, visit, appointment, flight, job, trip, firm")
SUPERLATIVE_NOUNS["service"] = _words("""plumbers, airlines, banks, mechanics, dentists, hairdressers,
customer service teams, companies, flights, tradesmen, removal firms, providers, garages, teachers""")
SUPERLATIVE_VERBS["service"] = _words("used, dealt with, had, been to, hired")
DOMAINS["service"] = (SERVICE_SUBJECTS, SERVICE_PLURAL)
ADJ[("service", POS)] = (SERVICE_POS, GEN_POS)
ADJ[("service", NEG)] = (SERVICE_NEG, GEN_NEG)


def _valence(path):
    """The valence lexicon (tools/demo/valence-words.tsv: word, AFINN-165 score, kind), selected
    from AFINN-165 for review language: {(kind, label): [words]}."""
    out = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            if not line.strip() or line.startswith("#"):
                continue
            word, score, kind = line.rstrip("\n").split("\t")
            out.setdefault((kind, POS if int(score) > 0 else NEG), []).append(word)
    return out


VALENCE = _valence(os.path.join(demo_common.TOOLS_DIR, "valence-words.tsv"))

# ----------------------------------------------------------------------------- situations
# Reviews that state what happened rather than how good it was: things failing, people behaving
# badly, long waits; things lasting, being used every day, arriving early, keeping people hooked.
# Composed from parts, so the same fact comes in many wordings.
FAIL_PARTS = _words("""
the battery, the screen, the sound, the wifi, the connection, the bluetooth, the zip, the zipper,
the strap, the sole, the lid, the hinge, the charger, the app, the heel, the stitching, the seams,
the handle, the wheels, the motor, the fan, the lock, the clasp, the buckle, the cable, the plug,
the button, the remote, the pump, the seal, the speaker, the microphone, the camera, the touchscreen,
the keyboard, the trackpad, the update, the website, the login, the signal, the heating, the shower,
the hot water, the air conditioning, the lift, the printer, the display, the paint, the coating
""")
FAIL_VERBS = _words("""
cuts out, drops out, dies, gives up, stops working, goes dead, comes loose, came loose, came off, fell off,
peeled off, cracked, snapped, split, wore through, keeps disconnecting, freezes, keeps freezing,
crashes, keeps crashing, resets itself, overheats, leaks, started leaking, goes flat, is flat,
rattles, squeaks, stopped responding, barely works, never worked, jams, keeps jamming, fails,
packed up, gave out, broke, broke off, fell apart, wore out, faded, went blurry, started buzzing
""")
FAIL_WHEN = _words("""
after a week, within a month, after two weeks, after three days, every few minutes, whenever I move,
every time I open it, by mid-morning, by the afternoon, before lunch, halfway through the day,
after two washes, after one wash, on the first trip, for no reason, every single time, all the time,
twice a day, the moment you touch it, on day one, straight away, just after the warranty ran out,
if you so much as look at it, in the rain, when it gets cold, as soon as you turn it up
""")
BAD_ACTORS = _words("""
the waiter, the waitress, the receptionist, the driver, the agent, the man on the phone,
the woman on the phone, customer service, the manager, the engineer, the technician, the landlord,
the salesman, the shop assistant, the host, the guide, the nurse, the doctor, the mechanic,
the person at the desk, the call centre, the support team, the courier, the installer, the owner
""")
BAD_ACTS = _words("""
rolled her eyes at us, rolled his eyes at me, sighed loudly when we ordered, laughed when I asked for a refund,
said the problem was on my end, said it was my own fault, put the phone down on me, blamed the weather,
couldn't fix it, had no idea what was wrong, shrugged and walked off, argued with us about the bill,
never turned up, turned up without the right parts, left without finishing, talked over me the whole time,
made us wait outside, refused to help, refused a refund, said there was nothing they could do,
kept us waiting for ages, forgot all about us, got it wrong again, ignored us for half an hour,
was glued to his phone, was more interested in her phone, snapped at my son, was rude to my mother,
read from a script and didn't listen, promised to call back and never did, charged us for things we never had,
lost my paperwork twice, gave me the wrong information, sent me to the wrong place, couldn't be bothered
""")
WAIT_NEG = _words("""
we waited an hour for two pizzas, we waited forty minutes for a sandwich, I waited three weeks for a reply,
it took six calls to get an answer, it took four visits and it still isn't fixed, we sat for an hour before anyone came,
I spent my whole afternoon on hold, the repair took two months, it took a month to get my money back,
we waited half an hour just to order, the starters came after the mains, the bill took longer than the meal,
two technicians came round and the fault is still there, two engineers visited and nobody could fix it,
I've called them five times and nothing has changed, the parcel was a week late, it came ten days after the promised date,
I paid for express shipping and it took two weeks, it turned up three weeks late, I paid for fast delivery and waited ten days,
the next-day parcel took nine days
""")
SEQUEL_NEG = _words("""
the sequel wastes everything the original did well, the new season undoes all the good work of the first,
the second half ruins what the first half built, it squanders a great cast, the ending undoes everything before it,
it throws away a great premise, by the end I just wanted it to be over, I was begging for it to end,
by the end I had stopped caring, by the halfway point I had lost interest, I was hoping the hero would lose just to end it,
the third film ruins the series, the reboot misses everything that made the old one special
""")
GIVE_UP_NEG = _words("""
I gave up on it in the end, it's gone back in the box, I've stopped using it, it lives in a drawer now,
I went back to my old one, I've gone back to my old phone, I uninstalled it, I deleted the app,
I cancelled my subscription, I took it back to the shop, I stopped going
""")
LAST_TIMES = _words("two years on, five years later, four years in, after four years of daily use, a decade later, "
                    "a year later, after two years of heavy use, six months in, after a whole winter")
STILL_GOOD = _words("""
it still works like new, it's still going strong, it still looks brand new, it has never needed a repair,
the battery still lasts all day, it's never missed a beat, it has never once let me down, it works as well as on day one,
it's still my favourite thing in the kitchen, it still works perfectly, there's not a scratch on it
""")
ENGAGED_WHO = _words("my son, my daughter, my wife, my husband, my mum, my dad, my partner, the kids, "
                     "my little boy, my little girl, my teenager, our whole family, my grandad")
ENGAGED_DOING = _words("""
hasn't put it down, has worn it every day, uses it every day, hasn't stopped playing with it, won't go anywhere without it,
hasn't stopped talking about it, has used it daily, has barely let me borrow it, asks for it every night,
takes it everywhere, has been glued to it, wants one for every room
""")
ENGAGED_SINCE = _words("since her birthday, since his birthday, since it arrived, since we got it, since the day it came, "
                       "since we unwrapped it, since the summer, for weeks now, for months")
GOOD_DELIVERY = _words("""
it came two days early, it arrived ahead of schedule, it turned up sooner than promised, it was delivered the next morning,
everything was packed carefully, it was beautifully wrapped, the parcel was well protected, it was wrapped with real care,
the order came early and in perfect condition, it arrived a day before they said
""")
GRIPPED = _words("""
the kids didn't move for two hours, nobody touched their phone the whole time, not one of us looked at a phone,
the kids sat still for the whole film, the kids were silent for two hours, we didn't even pause it,
I haven't laughed this hard in years, I haven't laughed like that in years, it's years since a comedy made me laugh like that,
I was crying with laughter, I stayed up far too late reading it, I lost a night's sleep to it and it was worth it,
I read it in one sitting, I finished it in a day, I stayed up late to finish it, I had to finish it in one go,
I read until three in the morning, I couldn't stop until the last page, I watched the whole season in two nights, I've read it three times now, I regret nothing,
I don't regret a penny, zero regrets, the whole cinema was cheering, the audience clapped at the end
""")
SOMETHING_ELSE = _words("the view, the cake, the sound, her voice, the food here, the coffee here, the finale, "
                        "the last episode, the service here, the picture, the chocolate tart, the live show")
PLAIN_OUTSIDE = _words("""
it may not look like much, it's nothing to look at, the outside is a bit shabby, the box is plain,
it looks cheap in the photos, the building is ugly, the first ten minutes are slow, it started badly,
the entrance is hard to find, the cover is awful
""")

# ----------------------------------------------------------------------------- everyday accounts
# Round 4: constructions built from slots, so that each carries its meaning in many wordings:
# telling others, coming back, "worth every minute of the drive", "I can't remember the last
# time ...", complaints that did not happen ("not one complaint", "didn't have to chase them
# once"), people who did not care ("nobody bothered to apologise"), paying for something and not
# getting it, a new version that loses what the old one had, giving up after a repeated fault,
# understatement both ways, concrete outcomes of time and money, and comparisons with ordinary
# things ("my old ten-pound one did a better job").
TOLD_WHO = _words("""
my friends, all my friends, my whole family, everyone at work, half my office, my sister, my brother, my parents,
the other parents at school, my book club, my colleagues, my whole street, my in-laws,
my running group, everybody I know, my team at work, my flatmates, the people next door, my best friend
""")
TOLD_VERB = _words("""
I've recommended {x} to, I've already recommended {x} to, I'm always recommending {x} to, I've been raving about {x} to,
I've told {who} about {x}, I've pointed {who} towards {x}, I've bought {x} as a present for, I keep telling {who} about {x}
""")
TOLD_X = {
    "film": _words("it, this film, this show, the series, the new record, the book"),
    "product": _words("it, this, these, this brand, the seller, this model"),
    "food": _words("this place, them, this cafe, the restaurant, this bakery, the chef"),
    "service": _words("them, this garage, the firm, this dentist, the salon, this electrician, this company, this tutor"),
}
BACK_POS = _words("""
I keep going back to {x}, I keep returning to {x}, I keep reaching for {x}, I find myself going back to {x} again and again,
this is my fourth time with {x} and it won't be the last, I've lost count of how many times I've gone back to {x},
I end up back with {x} every month, I always come back to {x}, I'm back with {x} every chance I get,
it gets better every time, it only gets better with time, it gets better each time I go back, it grows on me every time,
I notice something new every time
""")
WORTH_WHAT = _words("""
the long drive, the wait, the queue, the trip into town, the train fare, the two-hour journey, the early start,
the ticket price, the price tag, the hype, the hour in traffic, the booking fee, the walk up the hill, the babysitter
""")
WORTH_POS = _words("""
worth every minute of {w}, worth every penny of {w}, well worth {w}, more than worth {w}, it made {w} worthwhile,
it justified {w} and then some, I'd happily do {w} again for it, I'd put up with {w} again any day
""")
LAST_TIME_POS = _words("""
a film had me in tears like that, a comedy had me laughing so hard, a meal tasted this good, a book kept me up all night,
a phone lasted this long, anything was this easy to set up, a company sorted things out this fast, a plumber was this tidy,
I enjoyed a concert this much, I slept this well in a hotel, an app made my life this much easier, a waiter was this friendly,
service was this quick, a show kept me guessing like that, I had this much fun on a night out
""")
LAST_TIME_NEG = _words("""
I was this bored in a cinema, I was this annoyed with a company, a meal was this disappointing, I felt this ripped off,
I wasted this much money, a phone died this quickly, a film left me this angry, I was treated this rudely,
service was this slow, I felt this let down by a brand, an app was this useless, a hotel room was this dirty
""")
NO_COMPLAINT_POS = _words("""
not a single complaint, not one complaint from anyone, not a single problem in six months, not one hiccup all week,
no fuss at all, no hidden fees whatsoever, zero problems so far, no drama and no surprises, not a scratch after a year of use,
I didn't have to chase them once, I didn't have to ask twice, we didn't have to wait at all, I never had to call them back,
nobody had a bad word to say about it, nobody wanted to leave, nobody checked their phone all evening,
I couldn't fault a thing, I couldn't fault them, we couldn't fault anything, there was nothing to fault,
it's hard to find anything to fault, I have no complaints whatsoever, I've got no complaints at all,
it didn't miss a beat all trip, it hasn't skipped once, it never once crashed, it hasn't faded one bit,
the kids didn't argue once the whole trip, my toddler didn't fuss once, not a crumb was left on anyone's plate
""")
NOBODY_NEG = _words("""
nobody bothered to apologise, nobody offered to help, nobody took responsibility, nobody knew what was going on,
nobody answered the phone, nobody came to check on us, nobody seemed bothered, no one said sorry, no one lifted a finger,
not one person apologised, not a single member of staff helped, the manager didn't even look up, the staff didn't seem to care,
they didn't even apologise, they didn't care one bit, they couldn't have cared less, nobody even acknowledged the mistake,
no one called to explain, nobody turned up to fix it, nobody could tell us anything, nobody replied to a single email
""")
NOBODY_WHEN = _words("""
when our table was wrong, when the heating broke, when my order went missing, when the flight was cancelled,
when we found hair in the soup, when the room was dirty, when the parcel never arrived, when the car broke down again,
when I complained, when the lift stopped working, when the booking disappeared, when they double-charged me,
when the water was cold for three days, when they got the date wrong
""")
# "paid for X | got Y" pairs
PAID = [tuple(p.split(" | ")) for p in _words("""
paid extra for express delivery | it turned up days late, paid extra for next-week delivery | it took a month,
paid for the premium package | got the same as everyone else, paid full price | it arrived with a dent in it,
paid for a sea view | got a view of the car park, paid good money for the deluxe room | it was the same as the cheap ones,
paid for the extended warranty | they refused to honour it, paid for priority boarding | we boarded last anyway,
paid a deposit up front | we never saw it again, paid for the fast-track service | nothing moved any faster,
paid for the upgrade | the upgrade never happened, paid over the odds for tickets | the seats were behind a pillar,
paid for a same-day repair | they came the next week, booked a private tour | the guide never showed,
paid for the large size | it was half empty, ordered the chef's special | it came out burnt,
paid for a room with breakfast | breakfast was a stale croissant, paid for installation | they left it in the hallway
""")]
LOSES_WHAT = _words("""
the new version, the sequel, the update, the new menu, the reboot, the second album, the new owners,
the redesign, the latest season, the new model, the remake, the new management, the new app
""")
LOSES_POS = _words("""
throws out everything that made the old one good, loses everything I liked about the first,
strips out all the charm of the original, undoes everything that worked before, gets rid of everything people loved,
ruins what used to be special, takes away the best bits, wastes everything the first one built up,
forgets what made it good in the first place, replaced everything good with something worse
""")
FAULT_EVERY = _words("""
it signs me out whenever the phone locks, it freezes every time I open the camera, it crashes whenever I scroll,
it resets itself every night, the sound drops every few minutes, it disconnects every time I leave the room,
the lid pops open whenever I carry it, it loses my settings after every update, it forgets my password every day,
the door sticks every time it rains, the screen flickers whenever it gets warm, it beeps at me for no reason all night
""")
GIVE_UP_END = _words("""
so I've given up, so it's gone back, so I've stopped using it, so I deleted it, and I've given up,
so I've switched to something else, so it's in the bin now, so I returned it, and honestly I've stopped bothering
""")
UNDERSTATE_POS = _words("""
I wasn't disappointed in the slightest, we weren't let down one bit, I could get used to this, that'll do nicely,
it'll do me just fine, I'm not complaining, I won't be complaining, it didn't hurt that it was cheap,
safe to say we'll be back, let's just say I'll be ordering again, suffice to say I'm a convert,
I'd be lying if I said I wasn't impressed, it's fair to say I'm converted, I may have bought a second one,
I might have watched it twice already, I may have gone back for seconds, it's safe to say it's a keeper
""")
UNDERSTATE_NEG = _words("""
it wasn't exactly a triumph, it was hardly worth the wait, it wasn't quite what we paid for, it leaves a lot to be desired,
let's just say we won't be back, suffice to say I won't be ordering again, safe to say it wasn't for us,
it could have gone better, I've had better days, it was less than impressive, it wasn't the best use of an evening,
I wouldn't call it value for money, I'd hardly call that service, it wasn't my finest purchase, it didn't exactly live up to the hype,
I've had more fun at the dentist, I've had more fun filling in tax forms, it was about as exciting as a queue at the post office
""")
COMPARE_POS = _words("""
better than places twice the price, nicer than the big brands, it puts my old one to shame, it makes the expensive ones look silly,
I'd take it over the famous ones any day, it beats the one I had before hands down, faster than any I've owned,
more comfortable than anything I've tried, it knocks spots off the competition, leagues ahead of my last one,
it makes the chain places look lazy, I'd choose them over the big firms every time, cheaper than the rest and better too
""")
COMPARE_NEG = _words("""
my old ten-pound one did a better job, the cheap one from the supermarket lasted longer, I've had better coffee from a vending machine,
I've had better service at a motorway cafe, a school play has better acting, my phone takes better photos,
the free version was better, a paper map would have been quicker, my nan makes a better curry, the old one was twice as good,
the cheapest option would have been better, I've eaten better in a hospital canteen, my kids could have made a better film
""")
FAST_POS = _words("""
they came within the hour, he was here twenty minutes after I rang, the refund landed the same day, she replied within minutes,
the whole job took half a morning, we were seated straight away, the food came out in ten minutes, they fitted us in the same day,
it charges fully in an hour, the repair was done before lunch, it shipped the day I ordered
""")
SLOW_NEG = _words("""
it took them three weeks to reply, the refund took two months, it took a fortnight to get an appointment,
the food took over an hour, we stood at the desk for forty minutes, it took four attempts to get it right,
the engineer came a week late, it took nine days to answer a simple question, the repair dragged on for a month,
we were still waiting for our drinks an hour later, it took all day to set up
""")
MONEY_POS = _words("""
they charged less than they quoted, it cost half what the dealer wanted, they didn't charge for the extra work,
they knocked money off without being asked, it saved me a fortune, it paid for itself within a month,
the bill was smaller than I expected, they threw in the delivery for free
""")
MONEY_NEG = _words("""
the bill was twice what they quoted, there were hidden fees everywhere, they charged me for parts they never fitted,
it cost a fortune and lasted a month, they added a service charge nobody mentioned, I paid double for half the quality,
they kept my deposit for no reason, the final price was nothing like the advertised one
""")
DEAL_POS = _words("""
really listened to us, explained every step, stayed late to finish the job, remembered our names, called back the same day,
fixed it without being asked, double-checked everything, made sure we had everything we needed, kept me informed at every step,
treated my nan like family, answered every silly question with a smile, sorted it on the first try, cleaned up before leaving
""")
HELPERS = _words("""
the nurse, the mechanic, the receptionist, the engineer, the waiter, the waitress, the guide, the driver, the agent,
the man at the counter, the woman on the phone, the dentist, the vet, the manager, the staff, the installer, the builder,
the support team, the teacher, the host
""")


def flip(label):
    return NEG if label == POS else POS


class Gen:
    """One review generator with its own random stream."""

    def __init__(self, seed):
        self.r = random.Random(seed)

    def ch(self, seq):
        return self.r.choice(seq)

    def p(self, prob):
        return self.r.random() < prob

    # -------------------------------------------------------------- building blocks
    def subject(self, domain, allow_pronoun=True):
        singular, plural = DOMAINS[domain]
        x = self.r.random()
        if allow_pronoun and x < 0.2:
            return self.ch(PRONOUN_SUBJECTS), False
        if x < 0.4:
            return self.ch(plural), True
        return self.ch(singular), False

    def adjective(self, domain, label):
        specific, general = ADJ[(domain, label)]
        x = self.r.random()
        if x < 0.22:
            return self.ch(VALENCE[("thing", label)])
        return self.ch(specific if x < 0.7 else general)

    def modify(self, adj, mild_ok=True):
        """Optionally puts an intensifier or downtoner before a plain adjective."""
        if adj.startswith(("a ", "an ", "the ", "worth", "not ", "exactly", "as ", "nothing",
                           "too ", "spot", "dead", "cooked", "perfectly", "well", "average")):
            return adj
        x = self.r.random()
        if x < 0.35:
            w = self.ch(INTENSIFIERS)
            if w == "such":
                return adj
            return f"{w} {adj}"
        if mild_ok and x < 0.45:
            return f"{self.ch(MILD)} {adj}"
        return adj

    def be(self, plural, tense=None):
        tense = tense or self.ch(["past", "past", "present"])
        if tense == "past":
            return "were" if plural else "was"
        return "are" if plural else "is"

    def statement(self, domain, label):
        """A clause expressing `label` about some subject."""
        y = self.r.random()
        if y < 0.1:
            return self.feeling(domain, label)
        if y < 0.2:
            return self.idiom_clause(domain, label)
        x = self.r.random()
        subj, plural = self.subject(domain)
        if x < 0.45:
            adj = self.modify(self.adjective(domain, label))
            be = self.be(plural)
            if subj == "this" or subj == "that":
                be = self.ch(["is", "was"])
            return f"{subj} {be} {adj}"
        if x < 0.6:
            return self.ch((VERB_POS if label == POS else VERB_NEG)[domain])
        if x < 0.8:
            return self.negated(domain, label)
        if x < 0.9:
            # adjective + noun phrase fragment: "delicious food", "really rude staff"
            return self.noun_phrase(domain, label)
        verb = self.ch(["looks", "feels", "seems", "sounds", "tastes", "felt", "looked", "seemed",
                        "tasted", "sounded"] if domain != "service" else ["seems", "seemed", "felt", "sounded"])
        if plural:
            verb = {"looks": "look", "feels": "feel", "seems": "seem", "sounds": "sound",
                    "tastes": "taste"}.get(verb, verb)
        if subj in ("this", "that"):
            subj = "it"
        return f"{subj} {verb} {self.modify(self.adjective(domain, label))}"

    def noun_phrase(self, domain, label):
        singular, plural = DOMAINS[domain]
        noun = self.ch(singular + plural)
        noun = noun.split(" ", 1)[1] if noun.startswith(("the ", "this ")) else noun
        adj = self.adjective(domain, label)
        if adj.startswith(("a ", "an ", "the ", "worth", "not ", "exactly", "as ", "nothing",
                           "spot", "dead", "too ")) or " to " in adj or adj.startswith("cooked"):
            adj = self.ch(GEN_POS[:30] if label == POS else GEN_NEG[:30])
            if adj.startswith(("a ", "the ", "not ", "worth")):
                adj = "great" if label == POS else "awful"
        if domain == "service" and " " in adj:
            adj = self.ch(VALENCE[("thing", label)])
        if self.p(0.3):
            w = self.ch(INTENSIFIERS[:20])
            if w != "such":
                adj = f"{w} {adj}"
        return f"{adj} {noun}"

    def negated(self, domain, label):
        """A negated clause whose overall meaning is `label`: a negated opposite adjective or verb."""
        subj, plural = self.subject(domain)
        if subj in ("this", "that"):
            subj = "it"
        opposite = flip(label)
        adj = self.adjective(domain, opposite)
        x = self.r.random()
        past = self.p(0.6)
        if plural:
            aux = ["weren't", "were not", "were never"] if past else ["aren't", "are not", "are never"]
        else:
            aux = ["wasn't", "was not", "was never"] if past else ["isn't", "is not", "is never", "'s not"]
        neg = self.ch(aux)
        if neg == "'s not":
            return f"{subj}'s not {adj}"
        if x < 0.45:
            # "wasn't great" / "not bad at all" / "wasn't even good"
            tail = ""
            if label == POS and self.p(0.35):
                tail = self.ch([" at all", " at all, really", " in the slightest", " one bit"])
            elif label == NEG and self.p(0.3):
                adj = self.ch(["even ", "very ", "that ", "exactly ", "particularly ", "really ",
                               "remotely ", "any "]) + adj if not adj.startswith(("a ", "an ")) else adj
            return f"{subj} {neg} {adj}{tail}"
        if x < 0.6:
            short = self.ch(["not", "never", "hardly", "not at all", "far from", "anything but",
                             "not exactly", "not really", "not even", "by no means"])
            if short in ("hardly", "far from", "anything but", "by no means", "not even") and label == POS:
                short = "not"
            return f"{subj} {self.be(plural)} {short} {adj}" if self.p(0.7) else f"not {adj}"
        if x < 0.75:
            verbs_opp = {"film": (["like", "enjoy", "love", "care for", "recommend"],
                                  ["hate", "regret watching", "mind watching it"]),
                         "product": (["like", "love", "recommend", "trust", "enjoy using"],
                                     ["hate", "regret buying", "mind paying for it"]),
                         "food": (["like", "enjoy", "love", "recommend"],
                                  ["hate", "regret going", "mind the price"]),
                         "service": (["like", "trust", "recommend", "rate"],
                                     ["hate", "regret going", "mind the price"])}[domain]
            pos_verbs, neg_verbs = verbs_opp
            who = self.ch(["I", "we", "my wife", "my husband", "my friends", "my kids"])
            if label == NEG:
                v = self.ch(pos_verbs)
                aux_ = self.ch(["didn't", "did not", "don't", "do not", "couldn't", "can't", "won't"])
                if who in ("my wife", "my husband") and aux_ in ("don't", "do not"):
                    aux_ = "doesn't"
                obj = "" if v.endswith(("it", "price")) else " it"
                return f"{who} {aux_} {v}{obj}"
            v = self.ch(neg_verbs)
            aux_ = self.ch(["didn't", "did not", "don't", "won't", "never"])
            if aux_ == "never":
                v = {"hate": "hated", "regret watching": "regretted watching",
                     "mind watching it": "minded watching it", "regret buying": "regretted buying",
                     "mind paying for it": "minded paying for it", "regret going": "regretted going",
                     "mind the price": "minded the price"}[v]
            if who in ("my wife", "my husband") and aux_ == "don't":
                aux_ = "doesn't"
            obj = "" if v.endswith(("it", "price", "going")) else " it"
            return f"{who} {aux_} {v}{obj}"
        if x < 0.88:
            if label == NEG:
                return self.ch(["nothing special", "nothing to write home about", "not much to say about it",
                                "not what I expected", "not what I was hoping for", "not worth it",
                                "no fun at all", "not my cup of tea", "not for me", "no way",
                                "not good enough", "not great", "not very good", "not good at all",
                                "no better than average", "nothing worked", "not even close",
                                "not as good as I hoped", "not as good as the first one",
                                "not as good as they say", "never again"])
            return self.ch(["no complaints", "no complaints at all", "nothing to complain about",
                            "not a single complaint", "nothing bad to say", "not bad", "not bad at all",
                            "not too bad", "not bad at all, honestly", "no regrets", "not disappointed",
                            "never disappointed", "never a dull moment", "not a dull moment",
                            "could not be happier", "couldn't be happier", "can't complain",
                            "cannot fault it", "can't fault it", "no problems at all", "nothing went wrong",
                            "never boring", "not boring for a second", "can't recommend it enough",
                            "can't say enough good things", "couldn't ask for more", "no issues at all"])
        # "I wasn't impressed" / "I wasn't disappointed"
        who = self.ch(["I", "we", "my family", "my friends", "the kids"])
        plural_who = who in ("we", "my friends", "the kids")
        aux = ("weren't" if plural_who else "wasn't") if self.p(0.7) else (
            "were not" if plural_who else "was not")
        if label == NEG:
            if self.p(0.3):
                return f"{who} {aux} {self.ch(VALENCE[('feeling', POS)])}"
            return f"{who} {aux} {self.ch(['impressed', 'amused', 'convinced', 'happy', 'satisfied', 'pleased', 'thrilled', 'excited', 'entertained'])}"
        if self.p(0.3):
            return f"{who} {aux} {self.ch(VALENCE[('feeling', NEG)])}"
        return f"{who} {aux} {self.ch(['disappointed', 'bored', 'let down', 'unhappy', 'dissatisfied', 'annoyed'])}"

    def feeling(self, domain, label):
        """The reviewer's state: "I was delighted", "it left us frustrated", "annoyed with the service"."""
        f = self.ch(VALENCE[("feeling", label)])
        if self.p(0.3):
            f = self.modify(f, mild_ok=False)
        who, be = self.ch([("I", "was"), ("I", "am"), ("we", "were"), ("we", "are"), ("my wife", "was"),
                           ("my husband", "was"), ("the kids", "were"), ("everyone", "was"), ("I", "'m")])
        singular, plural = DOMAINS[domain]
        noun = self.ch(singular + plural)
        x = self.r.random()
        if x < 0.4:
            return f"{who}'m {f}" if be == "'m" else f"{who} {be} {f}"
        if x < 0.6:
            return f"{who} {'was' if be == chr(39) + 'm' else be} {f} with {noun}"
        if x < 0.8:
            return f"{self.ch(['it', 'that', 'the whole thing', noun])} left {self.ch(['me', 'us', 'everyone'])} {f}"
        return f"{self.ch(['I came away', 'we walked out', 'I ended up', 'we left', 'I finished it'])} {f}"

    def idiom_clause(self, domain, label):
        if self.p(0.65):
            return self.ch((IDIOM_POS if label == POS else IDIOM_NEG)[domain])
        return self.ch(IDIOM_GENERIC_POS if label == POS else IDIOM_GENERIC_NEG)

    # -------------------------------------------------------------- sentence patterns
    def cap(self, s):
        return s[0].upper() + s[1:] if s else s

    def end(self):
        return self.ch([".", ".", ".", ".", "!", "!", "!!", "...", "", "."])

    def simple(self, domain, label):
        parts = [self.statement(domain, label)]
        if self.p(0.35):
            parts.append(self.statement(domain, label))
        if len(parts) == 2:
            joiner = self.ch([" and ", ", and ", ", ", " and ", ". ", " and also ", ", plus "])
            s = self.cap(parts[0]) + joiner + (self.cap(parts[1]) if joiner == ". " else parts[1])
        else:
            s = self.cap(parts[0])
        if self.p(0.15):
            s = self.cap(self.ch(NEUTRAL_ADVERBS)) + ", " + s[0].lower() + s[1:]
        return s + self.end()

    def contrast(self, domain, label):
        """Main clause carries `label`; the concession carries the opposite."""
        main = self.statement(domain, label)
        other = self.statement(domain, flip(label))
        x = self.r.random()
        if x < 0.3:
            link = self.ch([", but ", " but ", ", but overall ", ", but still ", ", yet ",
                            "; however, ", ". However, ", ". But ", ". Still, ", ", but honestly ",
                            ", but in the end ", ". That said, ", ". Even so, ", ". Then again, "])
            return self.cap(other) + link + main + self.end()
        if x < 0.55:
            conj = self.ch(["Although", "Though", "Even though", "While", "Even if", "Granted,"])
            if conj == "Granted,":
                return f"Granted, {other}, but {main}{self.end()}"
            return f"{conj} {other}, {main}{self.end()}"
        if x < 0.7:
            # main clause first, concession after
            conj = self.ch(["although", "though", "even though", "even if", "while"])
            return f"{self.cap(main)}, {conj} {other}{self.end()}"
        if x < 0.82:
            np_other = self.noun_phrase(domain, flip(label))
            pre = self.ch(["Despite", "In spite of"])
            if self.p(0.5):
                return f"{pre} the {np_other}, {main}{self.end()}"
            return f"{self.cap(main)} despite the {np_other}{self.end()}"
        # expectation: "I expected it to be boring, but it was great"
        exp_adj = self.ch(EXPECT_NEG if label == POS else EXPECT_POS)
        leads = [f"I expected it to be {exp_adj}", f"I thought it would be {exp_adj}",
                 f"Everyone said it was {exp_adj}", f"The reviews said it was {exp_adj}",
                 f"I had heard it was {exp_adj}", f"I was expecting something {exp_adj}"]
        if label == POS:
            leads += [f"I was afraid it would be {exp_adj}",
                      "I had low expectations", "I wasn't expecting much", "I almost didn't go",
                      "I almost skipped it", "I nearly returned it", "I was sceptical at first"]
        else:
            leads += [f"I wanted it to be {exp_adj}", f"It should have been {exp_adj}",
                      f"I was hoping for something {exp_adj}", f"It was supposed to be {exp_adj}",
                      "I wanted to love it", "I had high hopes",
                      "I was so excited about it", "I really wanted to enjoy it"]
        return f"{self.ch(leads)}, but {self.statement(domain, label)}{self.end()}"

    def verdict(self, domain, label):
        """Mixed remarks, then an overall verdict that decides."""
        remarks = [self.statement(domain, self.ch([POS, NEG])) for _ in range(self.r.randint(1, 2))]
        noun = self.ch(SUMMARY_NOUNS[domain])
        adj_np = self.ch(FOR_NOUN_POS if label == POS else FOR_NOUN_NEG)
        verdict = self.ch([f"{adj_np} {noun}", f"it was {adj_np} {noun}",
                           self.statement(domain, label), f"I {'would' if label == POS else 'would not'} recommend it",
                           f"{'worth it' if label == POS else 'not worth it'}",
                           f"I {'liked' if label == POS else 'did not like'} it"])
        s = ". ".join(self.cap(r) for r in remarks)
        return f"{s}. {self.cap(self.ch(OVERALL))}, {verdict}{self.end()}"

    def comparative(self, domain, label):
        noun = self.ch(SUPERLATIVE_NOUNS[domain])
        verb = self.ch(SUPERLATIVE_VERBS[domain])
        ever = self.ch(["ever ", "", "ever "])
        if not ever and self.p(0.5):
            verb = verb + self.ch([" in years", " in a long time", " this year", " so far"])
        if label == POS:
            opts = [f"One of the best {noun} I have {ever}{verb}",
                    f"One of the best {noun} I've {ever}{verb}",
                    f"Easily the best {noun[:-1] if noun.endswith('s') else noun} I have {ever}{verb}",
                    f"Better than I expected", f"Much better than I expected",
                    f"Better than the original", f"Way better than the reviews suggest",
                    f"Even better than the first one", f"Far better than I thought it would be",
                    f"The best {noun[:-1] if noun.endswith('s') else noun} in town",
                    f"Best {noun[:-1] if noun.endswith('s') else noun} I have {ever}{verb}",
                    f"Better than any other {noun[:-1] if noun.endswith('s') else noun} I have {verb}",
                    f"I have never {verb} anything better", f"It doesn't get much better than this",
                    f"One of the better {noun} I have {ever}{verb}", f"One of the better {noun} around",
                    f"Not bad at all {self.ch(['-', '—', '...', ','])} one of the better {noun} I've {verb}",
                    f"Nothing beats it", f"Hard to beat"]
        else:
            opts = [f"One of the worst {noun} I have {ever}{verb}",
                    f"One of the worst {noun} I've {ever}{verb}",
                    f"Easily the worst {noun[:-1] if noun.endswith('s') else noun} I have {ever}{verb}",
                    f"Worse than I expected", f"Much worse than I expected", f"Worse than the original",
                    f"Not as good as the first one", f"Not as good as the reviews say",
                    f"Nowhere near as good as the original", f"I've had better", f"I have seen better",
                    f"The worst {noun[:-1] if noun.endswith('s') else noun} in town",
                    f"Worst {noun[:-1] if noun.endswith('s') else noun} I have {ever}{verb}",
                    f"I have never {verb} anything worse", f"It doesn't get much worse than this",
                    f"A big step down from the last one", f"Far worse than the cheaper ones",
                    f"One of the weaker {noun} I have {ever}{verb}", f"One of the weaker {noun} around",
                    f"Not great {self.ch(['-', '—', '...', ','])} one of the weaker {noun} I've {verb}"]
        return self.ch(opts) + self.end()

    def idiom(self, domain, label):
        """Idioms, recommendations and intentions, alone or with a hedge, a plain statement, a
        context sentence or a hedged opening ("it's not perfect, but I'd buy it again")."""
        clause = self.idiom_clause(domain, label)
        x = self.r.random()
        if x < 0.3:
            return self.cap(clause) + self.end()
        if x < 0.45:
            return f"{self.cap(self.ch(HEDGES))}, {clause}{self.end()}"
        if x < 0.6:
            joiner = self.ch([" and ", ". ", ", ", " - ", "; ", ", so "])
            first = self.statement(domain, label)
            return self.cap(first) + joiner + (self.cap(clause) if joiner == ". " else clause) + self.end()
        if x < 0.72:
            return f"{self.cap(self.ch(NEUTRAL[domain]))}. {self.cap(clause)}{self.end()}"
        if x < 0.85:
            opener = self.ch(HEDGE_OPEN[label])
            close = self.ch(HEDGE_CLOSE[label]) if self.p(0.5) else "but " + clause
            return f"{self.cap(opener)}, {close}{self.end()}"
        if x < 0.93:
            # negation or litotes first, then the idiom that confirms it
            lead = self.ch(["not bad", "not bad at all", "no complaints", "can't complain", "not too shabby",
                            "not half bad", "nothing to complain about", "no regrets"] if label == POS else
                           ["not great", "not good", "not impressed", "not for me", "nothing special",
                            "not worth it", "no thanks", "not happy"])
            sep = self.ch([". ", ", ", " - ", " — ", "! ", "... "])
            return self.cap(lead) + sep + (self.cap(clause) if sep in (". ", "! ") else clause) + self.end()
        # an idiom in contrast with an opposite plain statement: the idiom decides
        other = self.statement(domain, flip(label))
        return f"{self.cap(other)}, {self.ch(['but', 'but honestly', 'but still', 'but in the end'])} {clause}{self.end()}"

    def situation(self, domain, label):
        """What happened, with the judgement left to the reader: failures, bad behaviour and long
        waits; things that last, get used every day, arrive early, or kept people hooked."""
        if label == NEG:
            x = self.r.random()
            if x < 0.3:
                s = f"{self.ch(FAIL_PARTS)} {self.ch(FAIL_VERBS)} {self.ch(FAIL_WHEN)}"
            elif x < 0.55:
                s = f"{self.ch(BAD_ACTORS)} {self.ch(BAD_ACTS)}"
            elif x < 0.72:
                s = self.ch(WAIT_NEG)
            elif x < 0.86:
                s = self.ch(SEQUEL_NEG)
            else:
                s = self.ch(GIVE_UP_NEG)
        else:
            x = self.r.random()
            if x < 0.22:
                s = f"{self.ch(LAST_TIMES)}{self.ch([' and', ',', ' and'])} {self.ch(STILL_GOOD)}"
            elif x < 0.44:
                s = f"{self.ch(ENGAGED_WHO)} {self.ch(ENGAGED_DOING)} {self.ch(ENGAGED_SINCE)}"
            elif x < 0.6:
                s = self.ch(GOOD_DELIVERY)
            elif x < 0.82:
                s = self.ch(GRIPPED)
            else:
                thing = self.ch(SOMETHING_ELSE)
                be = self.ch(["is", "was"])
                s = f"{self.ch(PLAIN_OUTSIDE)}, but {thing} {be} something else"
        y = self.r.random()
        if y < 0.55:
            return self.cap(s) + self.end()
        if y < 0.7:
            return f"{self.cap(self.ch(NEUTRAL[domain]))}. {self.cap(s)}{self.end()}"
        if y < 0.85:
            joiner = self.ch([", so ", " and ", ". ", " - ", ", and "])
            tail = self.idiom_clause(domain, label) if self.p(0.5) else self.statement(domain, label)
            return self.cap(s) + joiner + (self.cap(tail) if joiner == ". " else tail) + self.end()
        other = self.statement(domain, flip(label))
        return f"{self.cap(other)}, but {s}{self.end()}"

    def everyday(self, domain, label):
        """Round 4 constructions (see TOLD_WHO ... HELPERS above)."""
        x = self.r.random()
        if label == POS:
            if x < 0.1:
                tx = self.ch(TOLD_X[domain])
                t = self.ch(TOLD_VERB)
                who = self.ch(TOLD_WHO)
                s = t.format(x=tx, who=who) if "{who}" in t else t.format(x=tx) + " " + who
            elif x < 0.2:
                s = self.ch(BACK_POS).format(x=self.ch(TOLD_X[domain]))
            elif x < 0.3:
                s = self.ch(WORTH_POS).format(w=self.ch(WORTH_WHAT))
            elif x < 0.4:
                lead = self.ch(["I can't recall the last time", "I can't think of the last time", "it's been years since",
                                "it's been ages since"])
                s = f"{lead} {self.ch(LAST_TIME_POS)}"
            elif x < 0.55:
                s = self.ch(NO_COMPLAINT_POS)
            elif x < 0.65:
                s = self.ch(UNDERSTATE_POS)
            elif x < 0.75:
                s = self.ch(COMPARE_POS)
            elif x < 0.83:
                s = self.ch(FAST_POS)
            elif x < 0.9:
                s = self.ch(MONEY_POS)
            else:
                s = f"{self.ch(HELPERS)} {self.ch(DEAL_POS)}"
        else:
            if x < 0.18:
                s = self.ch(NOBODY_NEG)
                if self.p(0.5):
                    s += " " + self.ch(NOBODY_WHEN)
            elif x < 0.3:
                paid, got = self.ch(PAID)
                s = f"{self.ch(['I', 'we', 'my wife', 'my husband', 'we', ''])} {paid}" \
                    f"{self.ch([' and ', ', and ', ' but ', ' - and ', ' and then '])}{got}".strip()
            elif x < 0.4:
                s = f"{self.ch(LOSES_WHAT)} {self.ch(LOSES_POS)}"
            elif x < 0.5:
                s = f"{self.ch(FAULT_EVERY)}{self.ch([', ', ' ', '; '])}{self.ch(GIVE_UP_END)}"
            elif x < 0.58:
                lead = self.ch(["I can't recall the last time", "I can't think of the last time", "it's been years since"])
                s = f"{lead} {self.ch(LAST_TIME_NEG)}"
            elif x < 0.7:
                s = self.ch(UNDERSTATE_NEG)
            elif x < 0.8:
                s = self.ch(COMPARE_NEG)
            elif x < 0.9:
                s = self.ch(SLOW_NEG)
            else:
                s = self.ch(MONEY_NEG)
        y = self.r.random()
        if y < 0.55:
            return self.cap(s) + self.end()
        if y < 0.68:
            return f"{self.cap(self.ch(NEUTRAL[domain]))}. {self.cap(s)}{self.end()}"
        if y < 0.8:
            return f"{self.cap(self.ch(HEDGES))}, {s}{self.end()}"
        if y < 0.9:
            joiner = self.ch([", so ", " and ", ". ", " - ", ", and "])
            tail = self.idiom_clause(domain, label) if self.p(0.5) else self.statement(domain, label)
            return self.cap(s) + joiner + (self.cap(tail) if joiner == ". " else tail) + self.end()
        other = self.statement(domain, flip(label))
        return f"{self.cap(other)}, but {s}{self.end()}"

    def rating(self, domain, label):
        r = self.ch(RATING_POS if label == POS else RATING_NEG)
        body = self.statement(domain, label)
        if self.p(0.5):
            return f"{self.cap(r)}{self.ch(['. ', '! ', ', ', ' - '])}{self.cap(body)}{self.end()}"
        return f"{self.cap(body)}{self.ch(['. ', '! ', ', '])}{self.cap(r)}{self.end()}"

    def exclaim(self, domain, label):
        noun = self.ch(SUMMARY_NOUNS[domain])
        e = self.ch(POS_EXCLAIM if label == POS else NEG_EXCLAIM)
        if e.endswith(" a") and noun[0] in "aeiou":
            e = e[:-2] + " an"
        s = f"{self.cap(e)} {noun}!"
        if self.p(0.6):
            s += " " + self.cap(self.statement(domain, label)) + self.end()
        return s

    def fragments(self, domain, label):
        """Noun phrase list, possibly mixed, with a final verdict when mixed."""
        n = self.r.randint(2, 3)
        mixed = self.p(0.4)
        parts = []
        for i in range(n):
            lab = self.ch([POS, NEG]) if mixed else label
            parts.append(self.noun_phrase(domain, lab))
        s = ", ".join(parts)
        if mixed:
            verdict = self.ch([f"{self.ch(OVERALL)} {self.ch(FOR_NOUN_POS if label == POS else FOR_NOUN_NEG)} "
                               f"{self.ch(SUMMARY_NOUNS[domain])}",
                               f"{self.ch(OVERALL)}, {self.statement(domain, label)}",
                               f"but {self.statement(domain, label)}"])
            sep = ". " if not verdict.startswith("but") else ", "
            return self.cap(s) + sep + (self.cap(verdict) if sep == ". " else verdict) + self.end()
        return self.cap(s) + self.end()

    def multi(self, domain, label):
        """Two to four sentences: neutral context plus same-polarity sentences."""
        sents = []
        if self.p(0.7):
            sents.append(self.cap(self.ch(NEUTRAL[domain])) + ".")
        for _ in range(self.r.randint(1, 2)):
            sents.append(self.ch([self.simple, self.comparative, self.rating])(domain, label))
        if self.p(0.3):
            sents.insert(self.r.randint(0, len(sents)), self.cap(self.ch(NEUTRAL[domain])) + ".")
        return " ".join(s if s[-1:] in ".!" else s + "." for s in sents)

    def review(self):
        label = self.ch([POS, NEG])
        domain = self.r.choices(["film", "product", "food", "service"], weights=[27, 27, 26, 20])[0]
        pattern = self.r.choices(
            [self.simple, self.contrast, self.verdict, self.comparative, self.rating, self.exclaim,
             self.fragments, self.multi, self.idiom, self.situation, self.everyday],
            weights=[18, 16, 5, 7, 4, 3, 6, 11, 18, 14, 18])[0]
        text = pattern(domain, label)
        text = " ".join(text.split())
        if self.p(0.08):
            text = text.lower()
        elif self.p(0.03):
            text = text.upper()
        return {"text": text, "label": label}


def generate(seed, n, exclude=()):
    """n distinct reviews from `seed`, skipping texts in `exclude`."""
    g = Gen(seed)
    seen = set(exclude)
    out = []
    while len(out) < n:
        ex = g.review()
        key = ex["text"].lower()
        if key in seen:
            continue
        seen.add(key)
        out.append(ex)
    return out


def splits(seed, n_train, n_test):
    """The held-out split is drawn first from its own stream; training never repeats its texts."""
    test = generate(seed * 1000 + 1, n_test)
    train = generate(seed * 1000 + 2, n_train, exclude={e["text"].lower() for e in test})
    return train, test


def main():
    demo_common.split_main("make_sentiment_data", __doc__, splits, default_train=40000, unit="")


if __name__ == "__main__":
    main()
