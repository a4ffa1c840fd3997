"""Transcript normalisation: case, punctuation, apostrophes, numbers."""
import unittest

from training.corpus.text import normalise, spell_number, spell_ordinal, spell_year


class SpellNumberTest(unittest.TestCase):
    def test_cardinals(self):
        self.assertEqual(spell_number(0), "zero")
        self.assertEqual(spell_number(13), "thirteen")
        self.assertEqual(spell_number(40), "forty")
        self.assertEqual(spell_number(342), "three hundred forty two")
        self.assertEqual(spell_number(1000), "one thousand")
        self.assertEqual(spell_number(2005), "two thousand five")
        self.assertEqual(spell_number(1000001), "one million one")

    def test_ordinals(self):
        self.assertEqual(spell_ordinal(1), "first")
        self.assertEqual(spell_ordinal(12), "twelfth")
        self.assertEqual(spell_ordinal(20), "twentieth")
        self.assertEqual(spell_ordinal(23), "twenty third")

    def test_years(self):
        self.assertEqual(spell_year(1984), "nineteen eighty four")
        self.assertEqual(spell_year(1905), "nineteen oh five")
        self.assertEqual(spell_year(1900), "nineteen hundred")


class NormaliseTest(unittest.TestCase):
    def test_case_and_punctuation(self):
        self.assertEqual(normalise("WE CALL IT BEAR"), "we call it bear")
        self.assertEqual(normalise("Hello, world!  How are you?"), "hello world how are you")
        self.assertEqual(normalise("well-known -- and (so) on..."), "well known and so on")

    def test_apostrophes(self):
        self.assertEqual(normalise("Don't stop; it's O\u2019Brien's"), "don't stop it's o'brien's")
        self.assertEqual(normalise("'Quoted,' she said."), "quoted she said")
        self.assertEqual(normalise("the dogs' bowls"), "the dogs bowls")

    def test_numbers_in_text(self):
        self.assertEqual(normalise("In 1984 I had 3 cats."), "in nineteen eighty four i had three cats")
        self.assertEqual(normalise("It costs $5.50"), "it costs five dollars fifty cents")
        self.assertEqual(normalise("1,000 people, 25% of them"), "one thousand people twenty five percent of them")
        self.assertEqual(normalise("the 21st century"), "the twenty first century")
        self.assertEqual(normalise("pi is 3.14"), "pi is three point one four")
        self.assertEqual(normalise("call 0351"), "call zero three five one")
        self.assertEqual(normalise("in 2024"), "in two thousand twenty four")

    def test_accents_and_symbols(self):
        self.assertEqual(normalise("Caf\u00e9 & cr\u00e8me"), "cafe and creme")

    def test_only_allowed_characters(self):
        for raw in ["Tab\tand\nnewline", "\u201cSmart quotes\u201d \u2014 dash", "x = 7 * 6"]:
            out = normalise(raw)
            self.assertTrue(set(out) <= set("abcdefghijklmnopqrstuvwxyz' "), out)
            self.assertNotIn("  ", out)
            self.assertEqual(out, out.strip())

    def test_idempotent(self):
        for raw in ["It's 5 o'clock, Mr. Smith!", "ZERO THREE FIVE ONE", "the 3rd of May 1905"]:
            once = normalise(raw)
            self.assertEqual(normalise(once), once)


if __name__ == "__main__":
    unittest.main()
