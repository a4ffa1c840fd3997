"""Manifest writing and reading: round trip, validation, atomic replacement."""
import json
import os
import tempfile
import unittest

from training.corpus.manifest import FIELDS, make_row, read_manifest, total_hours, write_manifest


def row(i, text="hello world", audio="/data/a.wav", source="tts"):
    return make_row(f"utt{i}", audio, text, 1.23456, "espeak-ng:en-us+m3", source, "noise=pink@10dB", "train")


class ManifestTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.path = os.path.join(self.tmp.name, "manifests", "train.jsonl")

    def tearDown(self):
        self.tmp.cleanup()

    def test_round_trip(self):
        rows = [row(1), row(2, text="don't stop"), make_row("fsdd-0_theo_0", "/s/fsdd/audio/0_theo_0.opus",
                                                            "zero", 0.4, "fsdd:theo", "fsdd", None, "fsdd-heldout")]
        self.assertEqual(write_manifest(self.path, rows), 3)
        back = read_manifest(self.path)
        self.assertEqual(back, rows)
        self.assertEqual(back[0]["duration"], 1.235)
        self.assertIsNone(back[2]["augmentation"])
        self.assertAlmostEqual(total_hours(back), (1.235 * 2 + 0.4) / 3600)

    def test_one_json_object_per_line_with_all_fields(self):
        write_manifest(self.path, [row(1), row(2)])
        with open(self.path, encoding="utf-8") as f:
            lines = f.read().splitlines()
        self.assertEqual(len(lines), 2)
        for line in lines:
            self.assertEqual(tuple(json.loads(line)), FIELDS)

    def test_rejects_bad_rows_and_keeps_old_file(self):
        write_manifest(self.path, [row(1)])
        for bad in (row(2, text="Hello, World"), row(3, audio="relative.wav"), row(4, source="youtube"),
                    row(5, text="two  spaces")):
            with self.assertRaises(ValueError):
                write_manifest(self.path, [row(9), bad])
        self.assertEqual([r["id"] for r in read_manifest(self.path)], ["utt1"])
        self.assertEqual(os.listdir(os.path.dirname(self.path)), ["train.jsonl"])  # no temp file left


if __name__ == "__main__":
    unittest.main()
