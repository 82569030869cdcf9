"""Writes the TorchScript test fixtures (run once, commit the output; tests never run this).

    /usr/bin/python3 make_fixtures.py    # Debian's python3-torch

tiny_backbone.pt: conv 3x3 (3 -> 4) + BatchNorm + ReLU + global average pool, scripted;
tiny_backbone.json: a fixed input, the module's output in eval mode, and its BatchNorm
running mean, for the Java test to compare against.
"""
import json

import torch


class Tiny(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = torch.nn.Conv2d(3, 4, 3, padding=1)
        self.bn = torch.nn.BatchNorm2d(4)

    def forward(self, x):
        x = torch.relu(self.bn(self.conv(x)))
        return x.mean(dim=(2, 3))


torch.manual_seed(0)
model = Tiny()
with torch.no_grad():
    model.bn.running_mean.uniform_(-0.5, 0.5)
    model.bn.running_var.uniform_(0.5, 1.5)
    model.bn.weight.uniform_(0.5, 1.5)
    model.bn.bias.uniform_(-0.2, 0.2)
model.eval()
x = (torch.arange(2 * 3 * 5 * 5, dtype=torch.float32).reshape(2, 3, 5, 5) % 7 - 3) / 3
with torch.no_grad():
    y = model(x)
scripted = torch.jit.script(model)
scripted.save("tiny_backbone.pt")
with open("tiny_backbone.json", "w") as f:
    json.dump({
        "input_shape": list(x.shape),
        "input": x.flatten().tolist(),
        "output_shape": list(y.shape),
        "output": y.flatten().tolist(),
        "running_mean": model.bn.running_mean.tolist(),
    }, f, indent=1)
