"""The PyTorch peer of `npm run bench`: the reference GAN step and the matmuls, the same workload and
timing rules as gangrad's cells (bench/run-one.ts, bench/stats.ts), in its own process.

    python3 bench/peers/pytorch.py <step|matmul> <spec> <quick|full> [cpu|cuda]
    spec: batch[:hidden] for step, m,k,n for matmul

Prints one JSON line: {engine, description, kind, spec, timing, peakRssMiB}. On the CPU (the default)
it uses every core, as gangrad's wasm backend does; the BLAS is whatever libblas.so.3 torch loads (on
Debian, the alternatives link: OpenBLAS with pthreads when libopenblas0-pthread is installed). With
`cuda` (the peer of gangrad's WebGPU backend on a real GPU) models and data live on the GPU; each timed
run still ends on the host (the step's four metrics read with .item(), the matmul's result copied
back), as gangrad's cells do, so asynchronous launches are not mistaken for finished work.
"""
import json
import os
import resource
import sys
import time

cores = os.cpu_count() or 1
os.environ.setdefault("OPENBLAS_NUM_THREADS", str(cores))
os.environ.setdefault("OMP_NUM_THREADS", str(cores))
# Idle OpenMP threads sleep instead of spinning, as gangrad's workers do (Atomics.wait). On a machine
# shared with other jobs, spinning threads fight them for the cores: the B=64 step measured 348 ms
# spinning against 3.2 ms passive, same run, load average 10 on 2 cores.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

import torch  # noqa: E402  (after the thread variables, which the BLAS reads when loaded)
from torch import nn  # noqa: E402

torch.set_num_threads(cores)
torch.manual_seed(1)


def blas() -> str:
    """The BLAS library mapped into this process, read from /proc/self/maps (Linux)."""
    try:
        with open("/proc/self/maps") as f:
            # cuBLAS is mapped too where torch is a CUDA build; it does no CPU work, so it is left out.
            libs = {line.split()[-1].split("/")[-1] for line in f if "blas" in line.lower() and "cublas" not in line.lower()}
        return ", ".join(sorted(libs)) or "no BLAS mapped"
    except OSError:
        return "unknown BLAS"


def quantile(sorted_samples, q):
    pos = (len(sorted_samples) - 1) * q
    lo, hi = int(pos // 1), int(-(-pos // 1))
    return sorted_samples[lo] + (sorted_samples[hi] - sorted_samples[lo]) * (pos - lo)


def measure(run, warmup, warmup_ms, min_reps, max_reps, budget_ms):
    """bench/stats.ts's `measure`: warm-up (at least `warmup` calls and `warmup_ms`), then min..max repetitions within a time budget."""
    warming, i = time.perf_counter(), 0
    while i < warmup or (time.perf_counter() - warming) * 1000 < warmup_ms:
        run()
        i += 1
    samples = []
    started = time.perf_counter()
    while len(samples) < max_reps:
        t0 = time.perf_counter()
        run()
        samples.append((time.perf_counter() - t0) * 1000)
        if len(samples) >= min_reps and (time.perf_counter() - started) * 1000 > budget_ms:
            break
    s = sorted(samples)
    return {"median": quantile(s, 0.5), "p10": quantile(s, 0.1), "p90": quantile(s, 0.9), "reps": len(samples)}


def mlp(sizes):
    layers = []
    for i in range(len(sizes) - 1):
        layers.append(nn.Linear(sizes[i], sizes[i + 1]))
        if i + 2 < len(sizes):
            layers.append(nn.LeakyReLU(0.2))
    return nn.Sequential(*layers)


def gan_step(batch, hidden, device, latent=64, features=64):
    """D update (real + detached fake), then G update through a frozen D; the four metrics read back."""
    g = mlp([latent, hidden, hidden, features]).to(device)
    d = mlp([features, hidden, hidden, 1]).to(device)
    opt_g = torch.optim.Adam(g.parameters(), lr=2e-4, betas=(0.5, 0.999))
    opt_d = torch.optim.Adam(d.parameters(), lr=2e-4, betas=(0.5, 0.999))
    bce = nn.BCEWithLogitsLoss()
    ones, zeros = torch.ones(batch, 1, device=device), torch.zeros(batch, 1, device=device)
    real = torch.randn(4096, features, device=device)
    cursor = [0]

    def run():
        # Row indices are made on the host and sent over, as gangrad's sampler sends the rows themselves.
        rows = torch.tensor([((cursor[0] + i) * 7919) % real.shape[0] for i in range(batch)]).to(device)
        cursor[0] += batch
        x = real[rows]
        with torch.no_grad():
            fake = g(torch.randn(batch, latent, device=device))
        opt_d.zero_grad(set_to_none=True)
        logits_real, logits_fake = d(x), d(fake)
        d_loss = bce(logits_real, ones) + bce(logits_fake, zeros)
        d_loss.backward()
        opt_d.step()
        with torch.no_grad():
            d_real, d_fake = torch.sigmoid(logits_real).mean(), torch.sigmoid(logits_fake).mean()
        for p in d.parameters():
            p.requires_grad_(False)
        opt_g.zero_grad(set_to_none=True)
        g_loss = bce(d(g(torch.randn(batch, latent, device=device))), ones)
        g_loss.backward()
        opt_g.step()
        for p in d.parameters():
            p.requires_grad_(True)
        metrics = [d_loss.item(), g_loss.item(), d_real.item(), d_fake.item()]
        if not all(v == v and abs(v) != float("inf") for v in metrics):
            raise RuntimeError(f"pytorch peer: non-finite metrics {metrics}")

    return run


def matmul(m, k, n, device):
    a, b = torch.randn(m, k, device=device), torch.randn(k, n, device=device)

    def run():
        c = a @ b
        c.cpu().numpy()  # the result on the host, as gangrad's cell reads its result back

    return run


def main():
    if len(sys.argv) not in (4, 5) or sys.argv[1] not in ("step", "matmul") or sys.argv[3] not in ("quick", "full") \
            or (len(sys.argv) == 5 and sys.argv[4] not in ("cpu", "cuda")):
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    kind, spec, reps = sys.argv[1:4]
    device = sys.argv[4] if len(sys.argv) == 5 else "cpu"
    if device == "cuda" and not torch.cuda.is_available():
        print("pytorch peer: cuda asked for, but torch.cuda.is_available() is False", file=sys.stderr)
        sys.exit(1)
    if device == "cuda":
        # TF32 would round the matmuls' inputs to 10 mantissa bits; gangrad's WebGPU kernels are full float32.
        torch.backends.cuda.matmul.allow_tf32 = False
        torch.backends.cudnn.allow_tf32 = False
    min_reps, max_reps, budget, warmup_ms = (5, 5, 2_000, 0) if reps == "quick" else (20, 40, 45_000, 2_000)
    if kind == "step":
        batch, _, hidden = spec.partition(":")
        run = gan_step(int(batch), int(hidden or 256), device)
    else:
        m, k, n = (int(v) for v in spec.split(","))
        run = matmul(m, k, n, device)
    timing = measure(run, 3 if kind == "step" else 2, warmup_ms, min(min_reps, 20), max_reps, budget)
    where = f"CUDA on {torch.cuda.get_device_name(0)}" if device == "cuda" else f"{torch.get_num_threads()} threads, {blas()}"
    print(json.dumps({
        "engine": "pytorch-cuda" if device == "cuda" else "pytorch",
        "description": f"PyTorch {torch.__version__}, {where}",
        "kind": kind, "spec": spec, "timing": timing,
        "peakRssMiB": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }))


if __name__ == "__main__":
    main()
