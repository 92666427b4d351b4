"""Dev tool: fit the total scorer's weights (ocr/total.py, WEIGHTS) on cached readings.

    python -m bench.fit_scorer var/ocr-cache/v9 DIR [DIR ...] [--l2 1.0] [--folds 5]

Each receipt's values (ocr.total.rank_totals) are read after every prefix of the passes' order
(the pipeline may stop after any of them), from a cache of every pass (bench/ocr_cache.py).
The model is a conditional logit: a value's score is the weighted sum of its evidence, and
softmax over the receipt's values plus "none of them" (score 0) gives the probability that each
is the total. Fitted by gradient descent with an L2 penalty (the constant term unpenalised).
It prints the weights to paste into ocr/total.py, and what k-fold cross-validation by receipt
says of them: fit on the other folds, name the total at NAME_PROBABILITY on the held-out one.
Fit on the dev receipts only; `check/` is for measuring.
"""

from __future__ import annotations

import argparse
import json
import random
from decimal import Decimal
from pathlib import Path

import numpy as np

from bench.tune_combination import lines_of
from bench.tune_total import load
from ocr.config import OcrConfig
from ocr.lines import analyse_lines
from ocr.total import NAME_PROBABILITY, WEIGHTS, chances_of, rank_totals

NAMES = list(WEIGHTS)


def receipts(cache: Path, dirs: list[Path]) -> list[list[tuple[np.ndarray, int | None]]]:
    """Per receipt, per prefix of the passes: (features of each value, index of the true one)."""
    order = list(OcrConfig().passes)
    found = []
    for folder in dirs:
        for raw in (folder / "labels.jsonl").read_text().splitlines():
            label = json.loads(raw)
            data = load(cache, folder, label["file"])
            truth = Decimal(label["total"])
            found.append([_group(data, order[:n], truth) for n in range(1, len(order) + 1)])
    return found


def _group(data: dict, passes: list[str], truth: Decimal) -> tuple[np.ndarray, int | None]:
    ranked = rank_totals({name: analyse_lines(lines_of(data, name)) for name in passes})
    features = np.array([[e.features()[n] for n in NAMES] for e in ranked]).reshape(-1, len(NAMES))
    true = next((i for i, e in enumerate(ranked) if e.value == truth), None)
    return features, true


def fit(groups: list[tuple[np.ndarray, int | None]], l2: float, steps: int = 3000) -> np.ndarray:
    weights = np.zeros(len(NAMES))
    penalised = np.ones(len(NAMES))
    penalised[NAMES.index("constant")] = 0.0
    for _ in range(steps):
        gradient = l2 * penalised * weights
        for features, true in groups:
            if len(features) == 0:
                continue
            gradient += features.T @ _chances(features @ weights)
            if true is not None:
                gradient -= features[true]
        weights -= 0.05 * gradient / len(groups)
    return weights


def _chances(scores: np.ndarray) -> np.ndarray:
    return np.array(chances_of(scores.tolist()))


def log_likelihood(groups, weights: np.ndarray) -> float:
    """Mean log-probability of the true value (or of "none of them" when no value is)."""
    total = 0.0
    for features, true in groups:
        chances = _chances(features @ weights)
        right = chances[true] if true is not None else 1.0 - chances.sum()
        total += np.log(max(right, 1e-300))
    return total / len(groups)


def named(groups, weights: np.ndarray) -> tuple[int, int]:
    """(right, wrong) totals named at NAME_PROBABILITY after all passes."""
    right = wrong = 0
    for features, true in groups:
        if len(features) == 0:
            continue
        chances = _chances(features @ weights)
        best = int(chances.argmax())
        if chances[best] >= NAME_PROBABILITY:
            right += best == true
            wrong += best != true
    return right, wrong


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("cache", type=Path)
    parser.add_argument("dirs", nargs="+", type=Path)
    parser.add_argument("--l2", type=float, default=1.0)
    parser.add_argument("--folds", type=int, default=5)
    args = parser.parse_args()
    data = receipts(args.cache, args.dirs)
    weights = fit([g for receipt in data for g in receipt], args.l2)
    print("WEIGHTS = {")
    for name, weight in zip(NAMES, weights, strict=True):
        print(f'    "{name}": {weight:.2f},')
    print("}")
    order = list(range(len(data)))
    random.Random(1).shuffle(order)
    held_ll, right, wrong = 0.0, 0, 0
    for fold in range(args.folds):
        held = set(order[fold :: args.folds])
        train = [g for i, receipt in enumerate(data) if i not in held for g in receipt]
        fold_weights = fit(train, args.l2)
        last = [data[i][-1] for i in held]
        held_ll += log_likelihood(last, fold_weights) * len(last)
        r, w = named(last, fold_weights)
        right, wrong = right + r, wrong + w
    n = len(data)
    print(
        f"{args.folds}-fold cross-validation on {n} receipts (all passes): "
        f"log-likelihood {held_ll / n:.3f} per receipt, named at {NAME_PROBABILITY}: "
        f"{100 * right / n:.1f} % right, {100 * wrong / n:.1f} % wrong"
    )


if __name__ == "__main__":
    main()
