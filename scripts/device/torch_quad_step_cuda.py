#!/usr/bin/env python3
"""PyTorch CUDA anchor for the GPU benchmark: one paper-size training iteration on the GPU.

Same model and iteration as ../shared/anchors/torch_quad_step.py (written independently for
CUDA): four CycleGANs (G, F: 1582-1000-500-1000-1582; D_T, D_S: 1582-1000-1000-1), the shared
classifier C (1582-100-100-4), leaky ReLU 0.2, dropout 0.2 (0.5 in C), label smoothing 0.9,
lambda_cyc 5, lambda_cls 2, Adam 2e-4, batch 64; an iteration is one D update and two G(+C)
updates. Everything lives on the GPU; the clock stops after torch.cuda.synchronize().

Usage: python3 torch_quad_step_cuda.py [ITERATIONS=20] [BATCH=64]
Prints one JSON line: impl, device, version, batch, ms_per_iter.
"""
import json
import sys
import time

import torch
import torch.nn.functional as fn


def build_mlp(sizes, drop):
    layers = []
    for k in range(len(sizes) - 1):
        layers.append(torch.nn.Linear(sizes[k], sizes[k + 1]))
        if k + 2 < len(sizes):
            layers.append(torch.nn.LeakyReLU(0.2))
            layers.append(torch.nn.Dropout(drop))
    return torch.nn.Sequential(*layers)


def main():
    iters = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    batch = int(sys.argv[2]) if len(sys.argv) > 2 else 64
    if not torch.cuda.is_available():
        print(json.dumps({"impl": "pytorch-cuda", "skipped": "CUDA is not available"}))
        return
    dev = torch.device("cuda")
    torch.manual_seed(0)
    feat, emotions = 1582, 4
    gens = [build_mlp([feat, 1000, 500, 1000, feat], 0.2).to(dev) for _ in range(2 * emotions)]
    g_nets, f_nets = gens[:emotions], gens[emotions:]
    discs = [build_mlp([feat, 1000, 1000, 1], 0.2).to(dev) for _ in range(2 * emotions)]
    dt_nets, ds_nets = discs[:emotions], discs[emotions:]
    clf = build_mlp([feat, 100, 100, emotions], 0.5).to(dev)

    def params(nets):
        return [p for net in nets for p in net.parameters()]

    opt_d = torch.optim.Adam(params(dt_nets + ds_nets), lr=2e-4)
    opt_g = torch.optim.Adam(params(g_nets + f_nets + [clf]), lr=2e-4)
    src = [torch.rand(batch, feat, device=dev) for _ in range(emotions)]
    tgt = [torch.rand(batch, feat, device=dev) for _ in range(emotions)]
    labels = torch.arange(emotions, device=dev).repeat_interleave(batch)

    def bce(logits, target):
        return fn.binary_cross_entropy_with_logits(logits, torch.full_like(logits, target))

    def step():
        opt_d.zero_grad(set_to_none=True)
        d_loss = 0.0
        for i in range(emotions):
            with torch.no_grad():
                fake_t, fake_s = g_nets[i](src[i]), f_nets[i](tgt[i])
            d_loss = d_loss + (bce(dt_nets[i](tgt[i]), 0.9) + bce(dt_nets[i](fake_t), 0.0)) / 2
            d_loss = d_loss + (bce(ds_nets[i](src[i]), 0.9) + bce(ds_nets[i](fake_s), 0.0)) / 2
        d_loss.backward()
        opt_d.step()
        for _ in range(2):
            opt_g.zero_grad(set_to_none=True)
            g_loss, fakes = 0.0, []
            for i in range(emotions):
                gs, ft = g_nets[i](src[i]), f_nets[i](tgt[i])
                fakes.append(gs)
                adv = bce(dt_nets[i](gs), 0.9) + bce(ds_nets[i](ft), 0.9)
                cyc = fn.mse_loss(f_nets[i](gs), src[i]) + fn.mse_loss(g_nets[i](ft), tgt[i])
                g_loss = g_loss + adv + 5.0 * cyc
            g_loss = g_loss + 2.0 * fn.cross_entropy(clf(torch.cat(fakes)), labels)
            g_loss.backward()
            opt_g.step()

    for _ in range(3):
        step()
    torch.cuda.synchronize()
    t0 = time.perf_counter()
    for _ in range(iters):
        step()
    torch.cuda.synchronize()
    ms = (time.perf_counter() - t0) / iters * 1000
    print(json.dumps({
        "name": "quad_iteration",
        "impl": "pytorch-cuda",
        "device": torch.cuda.get_device_name(0),
        "version": torch.__version__,
        "batch": batch,
        "iterations": iters,
        "ms_per_iter": round(ms, 3),
    }))


if __name__ == "__main__":
    main()
