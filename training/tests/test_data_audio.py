"""data.load_audio: ffmpeg where it exists, opus-tools' opusdec on a training machine without it."""
import os
import shutil
import subprocess
import tempfile
import unittest
from unittest import mock

import numpy as np

from training import data


class LoadAudioTest(unittest.TestCase):
    def test_opusdec_fallback_matches_ffmpeg(self):
        for tool in ("ffmpeg", "opusdec"):
            if not shutil.which(tool):
                self.fail(f"{tool} is needed for this test (.ci/run installs ffmpeg and opus-tools)")
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "tone.opus")
            # 1.5 s of a 440 Hz tone, Opus at 24 kbit/s as in ../shared/data
            subprocess.run(["ffmpeg", "-v", "error", "-f", "lavfi", "-i", "sine=frequency=440:duration=1.5",
                            "-ar", "16000", "-ac", "1", "-c:a", "libopus", "-b:a", "24k", path], check=True)
            by_ffmpeg = data.load_audio(path)
            which = shutil.which
            with mock.patch.object(data.shutil, "which", lambda name: None if name == "ffmpeg" else which(name)):
                by_opusdec = data.load_audio(path)
        self.assertEqual(by_opusdec.dtype, np.float32)
        self.assertEqual(len(by_opusdec), len(by_ffmpeg))
        self.assertAlmostEqual(len(by_opusdec) / 16000, 1.5, delta=0.03)
        middle = slice(1600, len(by_ffmpeg) - 1600)  # resamplers differ at the edges
        self.assertGreater(np.corrcoef(by_ffmpeg[middle], by_opusdec[middle])[0, 1], 0.95)


if __name__ == "__main__":
    unittest.main()
