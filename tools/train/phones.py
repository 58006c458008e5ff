#!/usr/bin/python3
"""The one phone table for every language: IPA -> the ARPAbet-style token whose Azure viseme id is right
(tools/train/Lipsync.Train/PhoneSet.cs maps tokens to ids). Lips close for /p b m/ in every language, so
one IPA-based table serves espeak-ng's IPA events in any language and festival's non-English phone sets
(translated to IPA first, below). Tokens not in the table (glottal stops and strokes, unknown marks) become
"unk", which training and scoring ignore. OVERRIDES holds per-language readings of espeak-ng's symbols.
usage: phones.py festival-czech <lab>...   rewrites festival Czech phone names in place as tokens"""
import sys, unicodedata

IPA = {
    # affricates and diphthongs first: the splitter matches the longest key
    "tʃ": "ch", "dʒ": "jh", "tɕ": "ch", "dʑ": "jh", "ts": "t s", "dz": "d z", "tʂ": "ch", "dʐ": "jh",
    "eɪ": "ey", "aɪ": "ay", "ɔɪ": "oy", "oɪ": "oy", "oʊ": "ow", "əʊ": "ow", "aʊ": "aw",
    # vowels: lips follow roundness and openness, so front rounded vowels are rounded mouths
    "a": "aa", "ɑ": "aa", "ɒ": "aa", "æ": "ae", "ɐ": "ah", "ʌ": "ah", "ə": "ax", "ɘ": "ax", "ɚ": "er", "ɜ": "er", "ɝ": "er",
    "e": "eh", "ɛ": "eh", "i": "iy", "ɪ": "ih", "ᵻ": "ih", "ɨ": "ih", "ɯ": "ih", "ɤ": "ah",
    "o": "oh", "ɔ": "ao", "ø": "oh", "œ": "oh", "ɵ": "oh", "y": "uw", "ʏ": "uh", "ʉ": "uw", "u": "uw", "ʊ": "uh",
    # consonants
    "p": "p", "b": "b", "m": "m", "ɱ": "m", "β": "b", "ɸ": "p",
    "f": "f", "v": "v", "ʋ": "v", "θ": "th", "ð": "dh",
    "t": "t", "d": "d", "ʈ": "t", "ɖ": "d", "c": "t", "ɟ": "d", "ɾ": "dx", "n": "n", "ɳ": "n", "ɲ": "n",
    "k": "k", "g": "g", "ɡ": "g", "q": "k", "ɢ": "g", "ŋ": "ng", "ɣ": "g",
    "s": "s", "z": "z", "ʃ": "sh", "ʒ": "zh", "ɕ": "sh", "ʑ": "zh", "ʂ": "sh", "ʐ": "zh",
    "h": "hh", "ɦ": "hh", "x": "hh", "χ": "hh", "ç": "hh", "ʝ": "y", "ħ": "hh",
    # only English ɹ rounds the lips; trills and taps are tongue-tip sounds, uvular r is a back consonant
    "ɹ": "r", "ɻ": "r", "r": "dx", "ʁ": "g", "ʀ": "g", "χ": "g",
    "l": "l", "ɫ": "l", "ɭ": "l", "ʎ": "y", "ɬ": "l",
    "j": "y", "w": "w", "ɥ": "w", "ʍ": "w", "ʔ": "unk", "sx": "sh",   # sx: espeak's Swedish ɧ, lips protruded
}
# where one language's espeak-ng writes a symbol for another sound
OVERRIDES = {
    "ru": {"y": "ih"},   # Russian ы is written y: an unrounded vowel
    "de": {"ɜ": "ah"},   # German vocalised -er ("Mauser"): open and unrounded
}
KEYS = sorted(IPA, key=len, reverse=True)
DROP = set("ːˑˈˌ‿͡ʰʲʷˠˤ") | {"\u0303", "\u031d", "\u030a", "\u0329", "\u032f", "\u0325", "\u0306", "\u0308", "\u031e", "\u0320"}

def split(token, language=None):
    """IPA token (one espeak event may span several segments, e.g. ɑːɹ) -> list of tokens."""
    table = {**IPA, **OVERRIDES.get(language, {})}
    keys = KEYS if language not in OVERRIDES else sorted(table, key=len, reverse=True)
    token = "".join(ch for ch in unicodedata.normalize("NFD", token) if ch not in DROP).strip()
    token = unicodedata.normalize("NFC", token).replace("\u0261", "g")
    out = []
    while token:
        for k in keys:
            if token.startswith(k):
                out += table[k].split(); token = token[len(k):]; break
        else:
            token = token[1:]  # tie bars, stray diacritics
    return out

# festival's Czech phone set (czech.scm) in IPA; "_" is the vowel-onset glottal stroke (no mouth shape of its own);
# ř (r̝, voiced and voiceless) is a fricative trill, seen on the lips like ʒ/ʃ
CZECH = {"#": "pau", "_": "unk", "a": "a", "a:": "aː", "e": "e", "e:": "eː", "i": "ɪ", "i:": "iː", "o": "o", "o:": "oː",
         "u": "u", "u:": "uː", "b": "b", "c": "ts", "c~": "tʃ", "ch": "x", "d": "d", "d~": "ɟ", "dz": "dz", "dz~": "dʒ",
         "f": "f", "g": "ɡ", "h": "ɦ", "j": "j", "k": "k", "l": "l", "m": "m", "n": "n", "n*": "ŋ", "n~": "ɲ", "p": "p",
         "r": "r", "r~": "ʒ", "r~*": "ʃ", "s": "s", "s~": "ʃ", "t": "t", "t~": "c", "v": "v", "z": "z", "z~": "ʒ"}

def czech_tokens(phone):
    ipa = CZECH.get(phone, "unk")
    return [ipa] if ipa in ("pau", "unk") else split(ipa)

def rewrite(lab, tokens_of):
    """'<end>\t<phone>' lines -> the same segments as tokens (a phone of two tokens splits its time)."""
    rows, start, out = [l.split("\t") for l in open(lab, encoding="utf-8").read().splitlines() if "\t" in l], 0.0, []
    for end, phone in rows:
        end = float(end); parts = tokens_of(phone.strip()) or ["unk"]
        for i, p in enumerate(parts):
            out.append(f"{start + (end - start) * (i + 1) / len(parts):.4f}\t{p}")
        start = end
    open(lab, "w").write("\n".join(out) + "\n")

if __name__ == "__main__":
    if len(sys.argv) >= 3 and sys.argv[1] == "festival-czech":
        for lab in sys.argv[2:]:
            rewrite(lab, czech_tokens)
    else:
        sys.exit(__doc__)
