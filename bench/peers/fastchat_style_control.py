"""FastChat's style control (fastchat/serve/monitor/rating_systems.py: preprocess_for_style,
contextual_bt_loss_and_grad, fit_contextual_bt, compute_style_control and its bootstrap),
written again by us for the benchmark's peer, with numpy and scipy from Debian's packages.
Bench-only: nothing in the product runs Python.

Reads the battles the benchmark wrote (little-endian, battle-major columns: int32 a, int32 b,
float64 outcome, then float64 A and B counts of each of the four features) and prints one JSON
line: the time of one fit and of `rounds` bootstrap rounds on `processes` processes."""

import json
import math
import multiprocessing as mp
import sys
import time
from functools import partial

import numpy as np
from scipy.optimize import minimize
from scipy.special import expit

DIFF_MASK = np.array([1.0, -1.0], dtype=np.float64)


def read_battles(path, n):
    raw = open(path, "rb").read()
    a = np.frombuffer(raw, dtype="<i4", count=n, offset=0)
    b = np.frombuffer(raw, dtype="<i4", count=n, offset=4 * n)
    outcomes = np.frombuffer(raw, dtype="<f8", count=n, offset=8 * n)
    counts = np.frombuffer(raw, dtype="<f8", count=8 * n, offset=16 * n).reshape(8, n)
    return np.column_stack([a, b]), outcomes, counts


def preprocess_for_style(counts):
    """(a−b)/(a+b+1) per feature, standardised over the battles: FastChat's add_one and apply_ratio."""
    k = counts.shape[0] // 2
    diff = counts[:k] - counts[k:]
    total = counts[:k] + counts[k:] + 1.0
    ratio = diff / total
    return ((ratio - ratio.mean(axis=1)[:, None]) / ratio.std(axis=1)[:, None]).T


def contextual_bt_loss_and_grad(params, n_competitors, matchups, features, outcomes, alpha, reg, half_reg):
    reg_loss = half_reg * np.inner(params, params)
    ratings = params[:n_competitors]
    feature_params = params[n_competitors:]
    matchup_ratings = ratings[matchups]
    bt_logits = alpha * (matchup_ratings[:, 0] - matchup_ratings[:, 1])
    context_logits = np.dot(features, feature_params)
    probs = expit(bt_logits + context_logits)
    loss = -((np.log(probs) * outcomes + np.log(1.0 - probs) * (1.0 - outcomes))).sum() + reg_loss
    error = outcomes - probs
    grad = reg * params
    matchups_grads = -alpha * error
    np.add.at(grad[:n_competitors], matchups[:, [0, 1]], matchups_grads[:, None] * DIFF_MASK)
    grad[n_competitors:] -= np.dot(features.T, error)
    return loss, grad


def fit_contextual_bt(matchups, features, outcomes, n_models, idxs=None, alpha=math.log(10.0), reg=0.5, tol=1e-6):
    initial = np.zeros(n_models + features.shape[1], dtype=np.float64)
    if idxs is not None:
        matchups, features, outcomes = matchups[idxs], features[idxs], outcomes[idxs]
    result = minimize(
        fun=contextual_bt_loss_and_grad,
        x0=initial,
        args=(n_models, matchups, features, outcomes, alpha, reg, reg / 2.0),
        jac=True,
        method="L-BFGS-B",
        options={"disp": False, "maxiter": 100, "gtol": tol},
    )
    return result["x"]


def main():
    path, n, m, rounds, processes = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
    matchups, outcomes, counts = read_battles(path, n)
    started = time.perf_counter()
    features = preprocess_for_style(counts)
    params = fit_contextual_bt(matchups, features, outcomes, m)
    fit_seconds = time.perf_counter() - started

    started = time.perf_counter()
    rng = np.random.default_rng(0)
    boot_idxs = rng.integers(0, n, size=(rounds, n))
    fit = partial(fit_contextual_bt, matchups, features, outcomes, m)
    with mp.Pool(processes) as pool:
        results = list(pool.imap_unordered(fit, boot_idxs))
    bootstrap_seconds = time.perf_counter() - started
    print(json.dumps({"fit_s": fit_seconds, "bootstrap_s": bootstrap_seconds, "rounds": len(results), "coefficients": params[m:].tolist()}))


if __name__ == "__main__":
    main()
