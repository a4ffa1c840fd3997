"""Checkpoint averaging: the mean of the weights, refused across different models."""
import dataclasses
import os
import tempfile
import unittest

import torch

from training.average import average
from training.model import Config, Recogniser

TINY = Config(d_model=32, heads=2, ff_dim=64, encoder_layers=1, at_layers=1, nat_layers=1, channels=8, clip=16, dropout=0.0)


def checkpoint(folder, name, seed, config=TINY):
    torch.manual_seed(seed)
    model = Recogniser(config)
    path = os.path.join(folder, name)
    torch.save({"model": model.state_dict(), "config": dataclasses.asdict(config), "step": seed, "optimizer": {}}, path)
    return path, model


class AverageTest(unittest.TestCase):
    def test_mean_of_the_weights_and_the_last_checkpoints_fields(self):
        with tempfile.TemporaryDirectory() as folder:
            (a, ma), (b, mb) = checkpoint(folder, "a.pt", 1), checkpoint(folder, "b.pt", 2)
            out = average([b, a])  # the latest (highest step) gives the fields, whatever the order
            name = next(n for n, p in ma.named_parameters() if p.dim() == 2)  # a weight matrix: differs between seeds
            expected = (ma.state_dict()[name] + mb.state_dict()[name]) / 2
            torch.testing.assert_close(out["model"][name], expected)
            self.assertFalse(torch.equal(out["model"][name], mb.state_dict()[name]))
            self.assertEqual(out["step"], 2)
            self.assertNotIn("optimizer", out)
            Recogniser(Config(**out["config"])).load_state_dict(out["model"])  # loads as a model

    def test_refuses_checkpoints_of_different_models(self):
        with tempfile.TemporaryDirectory() as folder:
            a, _ = checkpoint(folder, "a.pt", 1)
            b, _ = checkpoint(folder, "b.pt", 2, dataclasses.replace(TINY, ff_dim=48))
            with self.assertRaises(SystemExit):
                average([a, b])


if __name__ == "__main__":
    unittest.main()
