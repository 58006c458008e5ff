#!/usr/bin/python3
"""Random sentences for speech synthesis, seeded per voice. Phonetic variety matters here, not meaning.
English: words from festival's CMU lexicon plus a few phonetically rich sentences.
Other languages: lower-case words of a hunspell dictionary (/usr/share/hunspell/<dict>.dic).
usage: make_text.py <cmu-lexicon> <seed> <count>
       make_text.py --hunspell <dict, e.g. cs_CZ> <seed> <count>"""
import random, re, sys, unicodedata

RICH = [
    "The birch canoe slid on the smooth planks.", "Glue the sheet to the dark blue background.",
    "It's easy to tell the depth of a well.", "These days a chicken leg is a rare dish.",
    "Rice is often served in round bowls.", "The juice of lemons makes fine punch.",
    "The box was thrown beside the parked truck.", "Four hours of steady work faced us.",
    "A large size in stockings is hard to sell.", "The boy was there when the sun rose.",
    "Where were you while we were away?", "Why yell or worry over silly items?",
    "Oh, you were awful to me.", "We owe you a huge, warm thank you.", "Bob and Pam bought a map of Bombay.",
    "Five fat vans veered off the freeway.", "Thick thorns threaten thirty thin thieves.",
    "She sells sea shells by the sea shore.", "Judge the choice of cheap jeans and chips.",
    "Hello, how are you doing today?", "My mother made me more marmalade.",
]

def cmu_words(path):
    out = []
    for line in open(path, encoding="latin-1"):
        m = re.match(r'^\("([a-z]+)" ', line)
        if m and 2 <= len(m.group(1)) <= 9:
            out.append(m.group(1))
    return out

def hunspell_words(name):
    base = f"/usr/share/hunspell/{name}"
    encoding = "utf-8"
    for line in open(base + ".aff", encoding="latin-1"):
        if line.startswith("SET "):
            encoding = line.split()[1].strip().lower().replace("iso8859", "iso-8859"); break
    lines = open(base + ".dic", encoding=encoding, errors="ignore").read().splitlines()[1:]
    words = (l.split("/")[0].strip() for l in lines)
    letter = lambda c: c.isalpha() or unicodedata.category(c).startswith("M")  # Devanagari vowel signs are marks
    return [w for w in words if 2 <= len(w) <= 12 and all(map(letter, w)) and w == w.lower()]

def main():
    hunspell = sys.argv[1] == "--hunspell"
    source, seed, count = (sys.argv[2], int(sys.argv[3]), int(sys.argv[4])) if hunspell else (sys.argv[1], int(sys.argv[2]), int(sys.argv[3]))
    vocab = hunspell_words(source) if hunspell else cmu_words(source)
    rng = random.Random(seed)
    for i in range(count):
        if not hunspell and rng.random() < 0.15:
            print(rng.choice(RICH))
        else:
            n = rng.randint(5, 11)
            print(" ".join(rng.choice(vocab) for _ in range(n)).capitalize() + rng.choice([".", ".", "?", "!"]))

main()
