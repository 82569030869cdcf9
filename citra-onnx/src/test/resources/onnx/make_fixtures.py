"""Writes the ONNX test fixtures (run once, commit the output; tests never run this).

    /usr/bin/python3 make_fixtures.py    # Debian's python3-torch; torch.onnx needs no network

tiny_features.onnx: conv 3x3 (3 -> 6) + BatchNorm (eval) + ReLU + conv 1x1 (6 -> 5), exported
with a dynamic batch and image size; tiny_features.json: a fixed input and PyTorch's output on
it, for the Java test to compare the OnnxRuntime output against.
"""
import json

import torch


class Tiny(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = torch.nn.Conv2d(3, 6, 3, padding=1)
        self.bn = torch.nn.BatchNorm2d(6)
        self.proj = torch.nn.Conv2d(6, 5, 1)

    def forward(self, x):
        return self.proj(torch.relu(self.bn(self.conv(x))))


torch.manual_seed(1)
model = Tiny()
with torch.no_grad():
    model.bn.running_mean.uniform_(-0.5, 0.5)
    model.bn.running_var.uniform_(0.5, 1.5)
model.eval()
x = (torch.arange(2 * 3 * 6 * 6, dtype=torch.float32).reshape(2, 3, 6, 6) % 11 - 5) / 5
with torch.no_grad():
    y = model(x)
torch.onnx.export(model, x, "tiny_features.onnx", input_names=["images"], output_names=["features"],
                  dynamic_axes={"images": {0: "n", 2: "h", 3: "w"}, "features": {0: "n", 2: "h", 3: "w"}},
                  opset_version=13)
with open("tiny_features.json", "w") as f:
    json.dump({
        "input_shape": list(x.shape),
        "input": x.flatten().tolist(),
        "output_shape": list(y.shape),
        "output": y.flatten().tolist(),
    }, f, indent=1)
