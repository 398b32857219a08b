#!/usr/bin/env python3
"""One training epoch of 780-100-7 and 12-24-7 (batch 200, Adam lr 1e-3, 20,000 random rows), PyTorch CPU and
scikit-learn MLPClassifier (max_iter=1), at 1 and 2 threads, for comparison with MlpBenchmarks.cs.
Run: /usr/bin/python3 bench/mlp_compare.py   (Debian: apt-get install python3-torch python3-sklearn)"""
import time, warnings
import numpy as np

ROWS = 20_000

def data(sizes):
    rng = np.random.default_rng(1)
    x = rng.random((ROWS, sizes[0]), dtype=np.float32)
    y = rng.integers(0, sizes[-1], ROWS)
    return (x - x.mean(0)) / x.std(0), y

def best_of(f, repeats=5):
    f()  # warm-up
    times = []
    for _ in range(repeats):
        t = time.perf_counter(); f(); times.append(time.perf_counter() - t)
    return min(times)

def torch_epoch(sizes, threads):
    import torch
    torch.set_num_threads(threads)
    x, y = data(sizes)
    xt, yt = torch.from_numpy(x), torch.from_numpy(y)
    layers = []
    for a, b in zip(sizes[:-2], sizes[1:-1]):
        layers += [torch.nn.Linear(a, b), torch.nn.ReLU()]
    model = torch.nn.Sequential(*layers, torch.nn.Linear(sizes[-2], sizes[-1]))
    opt = torch.optim.Adam(model.parameters(), lr=1e-3, weight_decay=0)
    loss_fn = torch.nn.CrossEntropyLoss()
    def epoch():
        perm = torch.randperm(ROWS)
        for s in range(0, ROWS, 200):
            idx = perm[s:s + 200]
            opt.zero_grad(set_to_none=True)
            loss = loss_fn(model(xt[idx]), yt[idx])
            loss.backward()
            opt.step()
    return best_of(epoch)

def sklearn_epoch(sizes, threads):
    from sklearn.neural_network import MLPClassifier
    from threadpoolctl import threadpool_limits
    x, y = data(sizes)
    def epoch():
        with warnings.catch_warnings(), threadpool_limits(threads):
            warnings.simplefilter("ignore")
            MLPClassifier(hidden_layer_sizes=tuple(sizes[1:-1]), max_iter=1, batch_size=200, random_state=0).fit(x, y)
    return best_of(epoch, 3)

if __name__ == "__main__":
    for sizes in ([780, 100, 7], [12, 24, 7]):
        for threads in (1, 2):
            for name, f in (("pytorch", torch_epoch), ("sklearn", sklearn_epoch)):
                t = f(sizes, threads)
                print(f"{name:8s} {'-'.join(map(str, sizes)):10s} threads={threads}  {t * 1e3:8.1f} ms/epoch  {ROWS / t:12,.0f} rows/s", flush=True)
