"""build --real: which real-speech manifests a build writes (none and train need no held-out audio)."""
import os
import tempfile
import unittest

from training.corpus import build


class RealManifestsTest(unittest.TestCase):
    def test_none_writes_nothing_and_returns_no_rows(self):
        with tempfile.TemporaryDirectory() as tmp:
            self.assertEqual(build.write_real_manifests(tmp, "none"), [])
            self.assertEqual(os.listdir(tmp), [])

    def test_option_parses(self):
        self.assertEqual(build.parse_args(["--out", "x", "--hours", "1"]).real, "all")
        self.assertEqual(build.parse_args(["--out", "x", "--hours", "1", "--real", "none"]).real, "none")
        with self.assertRaises(SystemExit):
            build.parse_args(["--out", "x", "--hours", "1", "--real", "some"])


if __name__ == "__main__":
    unittest.main()
