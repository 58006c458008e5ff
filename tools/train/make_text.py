#!/usr/bin/python3
"""Random sentences for speech synthesis: words drawn from festival's CMU lexicon, seeded per voice.
Phonetic variety matters here, not meaning; a few fixed phonetically rich sentences are mixed in."""
import random, re, sys

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

def words(path):
    out = []
    for line in open(path, encoding="latin-1"):
        m = re.match(r'^\("([a-z]+)" ', line)
        if m and 2 <= len(m.group(1)) <= 9:
            out.append(m.group(1))
    return out

def main():
    lexicon, seed, count = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    vocab = words(lexicon)
    rng = random.Random(seed)
    for i in range(count):
        if rng.random() < 0.15:
            print(rng.choice(RICH))
        else:
            n = rng.randint(5, 11)
            print(" ".join(rng.choice(vocab) for _ in range(n)).capitalize() + rng.choice([".", ".", "?", "!"]))

main()
