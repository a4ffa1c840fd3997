"""training.quantise: weights rounded to an int8 grid per output channel, the rest untouched."""
import unittest

import torch

from training.quantise import LEVELS, quantise_


class QuantiseTest(unittest.TestCase):
    def test_each_row_lands_on_its_own_grid_and_small_parameters_stay(self):
        torch.manual_seed(0)
        model = torch.nn.Sequential(torch.nn.Linear(64, 48), torch.nn.Conv2d(4, 32, 3), torch.nn.Linear(8, 4))
        with torch.no_grad():
            model[0].weight[5].zero_()
        before = [p.detach().clone() for p in model.parameters()]
        self.assertEqual(quantise_(model), 48 * 64 + 32 * 4 * 3 * 3)  # the biases and the 32-value Linear stay
        for old, new in zip(before, model.parameters()):
            if old.dim() < 2 or old.numel() < 1024:
                self.assertTrue(torch.equal(old, new))
                continue
            rows, old_rows = new.detach().reshape(new.shape[0], -1), old.reshape(old.shape[0], -1)
            scale = old_rows.abs().amax(1, keepdim=True) / LEVELS
            safe = torch.where(scale > 0, scale, torch.ones_like(scale))
            q = rows / safe
            self.assertLess(float((q - q.round()).abs().max()), 1e-4)  # integers times the row's scale
            self.assertLessEqual(float(q.abs().max()), LEVELS + 1e-4)
            self.assertLessEqual(float((rows - old_rows).abs().sub(safe / 2).max()), 1e-6)  # within half a step
        self.assertTrue(torch.equal(model[0].weight[5], torch.zeros(64)))  # an all-zero row stays zero


if __name__ == "__main__":
    unittest.main()
