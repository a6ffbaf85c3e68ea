"""Exports the PyTorch test models as graph-only ONNX files (needs torch; run by hand).

    python tools/export_torch_models.py            # tests/data/models + python/visioncore/models
    python tools/export_torch_models.py --full DIR # also the full-weight models, for benchmarks

The models are defined here in plain torch.nn (no torchvision, no download):

- resnet18     ResNet-18 (BasicBlock [2, 2, 2, 2]), 1000 classes, 3x224x224
- mobilenetv2  MobileNetV2 x1.0 (inverted residuals, ReLU6, 1280-channel head), 1000 classes
- digit_cnn    a LeNet-5-style digit classifier, 1x28x28 -> 10 logits
- unet_small   a small U-Net-like segmenter, 3x64x64 -> a sigmoid mask (1 channel) and
               softmax class scores (4 channels): encoder convs + MaxPool, a decoder that
               upsamples with ConvTranspose, nn.Upsample(bilinear) and F.interpolate
               (bilinear), skip connections joined with torch.cat

Every model is seeded, its BatchNorm layers get random affine parameters and running
statistics from one seeded train-mode pass (momentum None: the statistics of that
batch), so the BatchNorm the exporter folds into the convolutions is not an identity.
Export: eval mode, opset 17, the TorchScript exporter (dynamo=False), dynamic batch
axis "N" on the input and the outputs.

Graph-only files keep the repository small: every float initializer with more than
64 elements loses its data, and its ``doc_string`` records a recipe
``seeded:<seed>:<mean>:<std>`` (mean and std of the real tensor, 8 digits).
Small tensors and every int64 tensor are kept verbatim. ``tests/dnn_models.py`` (with
onnx) and ``visioncore.models`` (numpy only) rebuild the model by filling each such
tensor with ``numpy.random.default_rng(seed).normal(mean, std, size)`` as float32.
The rebuilt model is not the exported network, but a network of the same graph and
weight scale, deterministic on every platform.
"""

from __future__ import annotations

import argparse
import io
import os
import sys
import warnings

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TEST_DIR = os.path.join(ROOT, "tests", "data", "models")
PACKAGE_DIR = os.path.join(ROOT, "python", "visioncore", "models")
# The models `visioncore bench --dnn` needs ship inside the package.
PACKAGED = ("resnet18", "mobilenetv2", "digit_cnn")
# Float initializers with more elements than this are replaced by a recipe.
MAX_KEPT = 64
RECIPE = "seeded"


def build_models():
    """name -> (module, input shape without batch)."""
    import torch
    import torch.nn.functional as F
    from torch import nn

    class BasicBlock(nn.Module):
        def __init__(self, cin, cout, stride):
            super().__init__()
            self.conv1 = nn.Conv2d(cin, cout, 3, stride, 1, bias=False)
            self.bn1 = nn.BatchNorm2d(cout)
            self.conv2 = nn.Conv2d(cout, cout, 3, 1, 1, bias=False)
            self.bn2 = nn.BatchNorm2d(cout)
            self.down = None
            if stride != 1 or cin != cout:
                self.down = nn.Sequential(nn.Conv2d(cin, cout, 1, stride, bias=False),
                                          nn.BatchNorm2d(cout))

        def forward(self, x):
            y = F.relu(self.bn1(self.conv1(x)))
            y = self.bn2(self.conv2(y))
            return F.relu(y + (x if self.down is None else self.down(x)))

    class ResNet18(nn.Module):
        def __init__(self, classes=1000):
            super().__init__()
            self.stem = nn.Sequential(nn.Conv2d(3, 64, 7, 2, 3, bias=False), nn.BatchNorm2d(64),
                                      nn.ReLU(), nn.MaxPool2d(3, 2, 1))
            blocks, cin = [], 64
            for cout, stride in ((64, 1), (128, 2), (256, 2), (512, 2)):
                blocks += [BasicBlock(cin, cout, stride), BasicBlock(cout, cout, 1)]
                cin = cout
            self.blocks = nn.Sequential(*blocks)
            self.fc = nn.Linear(512, classes)

        def forward(self, x):
            x = self.blocks(self.stem(x))
            return self.fc(torch.flatten(F.adaptive_avg_pool2d(x, 1), 1))

    def conv_bn(cin, cout, k, stride, groups=1, act=True):
        layers = [nn.Conv2d(cin, cout, k, stride, k // 2, groups=groups, bias=False),
                  nn.BatchNorm2d(cout)]
        if act:
            layers.append(nn.ReLU6())
        return layers

    class InvertedResidual(nn.Module):
        def __init__(self, cin, cout, stride, expand):
            super().__init__()
            hidden = cin * expand
            layers = conv_bn(cin, hidden, 1, 1) if expand != 1 else []
            layers += conv_bn(hidden, hidden, 3, stride, groups=hidden)
            layers += conv_bn(hidden, cout, 1, 1, act=False)
            self.body = nn.Sequential(*layers)
            self.residual = stride == 1 and cin == cout

        def forward(self, x):
            return x + self.body(x) if self.residual else self.body(x)

    class MobileNetV2(nn.Module):
        # (expansion t, channels c, repeats n, first stride s), width 1.0
        SETTINGS = ((1, 16, 1, 1), (6, 24, 2, 2), (6, 32, 3, 2), (6, 64, 4, 2),
                    (6, 96, 3, 1), (6, 160, 3, 2), (6, 320, 1, 1))

        def __init__(self, classes=1000):
            super().__init__()
            layers, cin = conv_bn(3, 32, 3, 2), 32
            for t, c, n, s in self.SETTINGS:
                for i in range(n):
                    layers.append(InvertedResidual(cin, c, s if i == 0 else 1, t))
                    cin = c
            layers += conv_bn(cin, 1280, 1, 1)
            self.features = nn.Sequential(*layers)
            self.classifier = nn.Linear(1280, classes)

        def forward(self, x):
            x = F.adaptive_avg_pool2d(self.features(x), 1)
            return self.classifier(torch.flatten(x, 1))

    class DigitCNN(nn.Module):
        """LeNet-5 style: 28x28 gray -> 10 logits."""

        def __init__(self):
            super().__init__()
            self.conv1 = nn.Conv2d(1, 6, 5, padding=2)
            self.conv2 = nn.Conv2d(6, 16, 5)
            self.fc1 = nn.Linear(16 * 5 * 5, 120)
            self.fc2 = nn.Linear(120, 84)
            self.fc3 = nn.Linear(84, 10)

        def forward(self, x):
            x = F.max_pool2d(F.relu(self.conv1(x)), 2)
            x = F.max_pool2d(F.relu(self.conv2(x)), 2)
            x = torch.flatten(x, 1)
            return self.fc3(F.relu(self.fc2(F.relu(self.fc1(x)))))

    def double_conv(cin, cout):
        return nn.Sequential(nn.Conv2d(cin, cout, 3, 1, 1, bias=False), nn.BatchNorm2d(cout),
                             nn.ReLU(), nn.Conv2d(cout, cout, 3, 1, 1, bias=False),
                             nn.BatchNorm2d(cout), nn.ReLU())

    class UNetSmall(nn.Module):
        """Three levels down (64 -> 32 -> 16 -> 8), three up, each up path a
        different upsampler; two heads on the last decoder features."""

        def __init__(self, classes=4):
            super().__init__()
            self.enc1, self.enc2 = double_conv(3, 16), double_conv(16, 32)
            self.enc3, self.bottom = double_conv(32, 64), double_conv(64, 96)
            self.up3 = nn.ConvTranspose2d(96, 64, 2, stride=2)
            self.dec3 = double_conv(128, 64)
            self.up2 = nn.Upsample(scale_factor=2, mode="bilinear", align_corners=False)
            self.dec2 = double_conv(64 + 32, 32)
            self.dec1 = double_conv(32 + 16, 16)
            self.mask = nn.Conv2d(16, 1, 1)
            self.classes = nn.Conv2d(16, classes, 1)

        def forward(self, x):
            e1 = self.enc1(x)
            e2 = self.enc2(F.max_pool2d(e1, 2))
            e3 = self.enc3(F.max_pool2d(e2, 2))
            b = self.bottom(F.max_pool2d(e3, 2))
            d3 = self.dec3(torch.cat([self.up3(b), e3], 1))
            d2 = self.dec2(torch.cat([self.up2(d3), e2], 1))
            up1 = F.interpolate(d2, scale_factor=2.0, mode="bilinear", align_corners=False)
            d1 = self.dec1(torch.cat([up1, e1], 1))
            return torch.sigmoid(self.mask(d1)), torch.softmax(self.classes(d1), dim=1)

    return {
        "resnet18": (ResNet18, (3, 224, 224), ("logits",)),
        "mobilenetv2": (MobileNetV2, (3, 224, 224), ("logits",)),
        "digit_cnn": (DigitCNN, (1, 28, 28), ("logits",)),
        "unet_small": (UNetSmall, (3, 64, 64), ("mask", "classes")),
    }


def make_model(name: str, seed: int):
    """The seeded, calibrated, eval-mode module and its input shape."""
    import torch
    from torch import nn

    cls, shape, outputs = build_models()[name]
    torch.manual_seed(seed)
    model = cls()
    bns = [m for m in model.modules() if isinstance(m, nn.BatchNorm2d)]
    with torch.no_grad():
        for bn in bns:
            bn.weight.uniform_(0.5, 1.5)
            bn.bias.normal_(0.0, 0.2)
            bn.momentum = None  # cumulative average: after one pass, that batch's statistics
        if bns:
            model.train()
            model(torch.randn(8, *shape))
    model.eval()
    return model, shape, outputs


def export_bytes(model, shape, outputs) -> bytes:
    import torch

    buf = io.BytesIO()
    axes = {n: {0: "N"} for n in ("input", *outputs)}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        torch.onnx.export(model, torch.randn(1, *shape), buf, opset_version=17, dynamo=False,
                          input_names=["input"], output_names=list(outputs), dynamic_axes=axes,
                          do_constant_folding=True)
    return buf.getvalue()


def strip_weights(model_bytes: bytes, seed_base: int) -> bytes:
    """The graph-only model: large float initializers become recipes."""
    import onnx
    from onnx import numpy_helper

    m = onnx.load_from_string(model_bytes)
    for k, t in enumerate(m.graph.initializer):
        if t.data_type != onnx.TensorProto.FLOAT:
            continue
        a = numpy_helper.to_array(t)
        if a.size <= MAX_KEPT:
            continue
        seed = seed_base + k
        # 8 significant digits: the recipe, not the tensor, is what is reproduced
        mean = float(f"{a.mean(dtype=np.float64):.8g}")
        std = float(f"{a.std(dtype=np.float64):.8g}")
        t.ClearField("raw_data")
        t.ClearField("float_data")
        t.doc_string = f"{RECIPE}:{seed}:{mean!r}:{std!r}"
    m.doc_string = ("graph-only test model: initializers with a 'seeded:<seed>:<mean>:<std>' "
                    "doc_string are filled with numpy.random.default_rng(seed).normal(mean, std)")
    return m.SerializeToString()


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--full", metavar="DIR", help="also write the full-weight models here")
    ap.add_argument("--only", nargs="+", metavar="NAME", help="export only these models")
    args = ap.parse_args(argv)
    import torch

    torch.set_num_threads(min(2, os.cpu_count() or 1))
    names = list(build_models())
    for name in args.only or names:
        if name not in names:
            ap.error(f"--only: unknown model {name!r} (known: {', '.join(names)})")
        seed = 1000 * (names.index(name) + 1)
        model, shape, outputs = make_model(name, seed)
        full = export_bytes(model, shape, outputs)
        graph_only = strip_weights(full, seed)
        targets = [TEST_DIR] + ([PACKAGE_DIR] if name in PACKAGED else [])
        for d in targets:
            os.makedirs(d, exist_ok=True)
            with open(os.path.join(d, f"{name}.onnx"), "wb") as f:
                f.write(graph_only)
        if args.full:
            os.makedirs(args.full, exist_ok=True)
            with open(os.path.join(args.full, f"{name}.onnx"), "wb") as f:
                f.write(full)
        print(f"{name}: full {len(full) / 1e6:.1f} MB, graph-only {len(graph_only) / 1e3:.1f} KB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
