"""Claim-identity benchmark: ``kg match``'s decision on held-out MRPC pairs, with baselines.

MRPC (``../shared/eval/mrpc/msr_paraphrase_train.txt``) holds news sentence pairs labelled
"same meaning" or not. The pairs are split by a hash of the first sentence's id
(``extraction/mrpc.py``): 30 % held out (evaluated here), 70 % for tuning: six buckets fine-tune the
encoder (``make encoder-model``), the seventh is what ``--fit`` refits the weights and threshold of
``extraction/claim_match.py`` on (all 70 % with the stock encoder) and prints. Printed in one run,
on the held-out part: accuracy and F1 of the claim matcher (exactly ``kg match``'s code, encoder,
weights and threshold), of the stock encoder with its former weights, of word Jaccard with its
threshold tuned on the tuning part, and of always "same"; plus the encoder's speed, and 95 %
bootstrap intervals (how far another sample of the same size could move the figures).

Usage: ``.venv/bin/python bench/match.py [--limit N] [--fit [--features cosine,...]] [--cache FILE.npz]``
(the cache keeps the MRPC embeddings between runs; the encoder's speed is then measured only on texts
not in it).
"""

from __future__ import annotations

import argparse
import resource
import time
from pathlib import Path

import numpy as np

from extraction.claim_match import (
    GATE_THRESHOLD,
    GATE_WEIGHTS,
    MAX_COSINE,
    THRESHOLD,
    ClaimMatcher,
    Text,
    features,
    plausible,
    sigmoid,
)
from extraction.corpus import same_claim
from extraction.mrpc import WEIGHTS_BUCKET, Pair, read_pairs
from extraction.words import stems

# The claim score before the encoder was fine-tuned (stock all-MiniLM-L6-v2, every word feature,
# fitted on all 70 % tuning pairs; the product keeps it as its word gate): the same run's baseline.
STOCK_WEIGHTS = GATE_WEIGHTS
STOCK_THRESHOLD = GATE_THRESHOLD


def metrics(pred: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    tp = int((pred & y).sum())
    fp = int((pred & ~y).sum())
    fn = int((~pred & y).sum())
    prec, rec = tp / max(tp + fp, 1), tp / max(tp + fn, 1)
    return float((pred == y).mean()), 2 * prec * rec / max(prec + rec, 1e-9)


def best_threshold(score: np.ndarray, y: np.ndarray) -> float:
    """The cut that maximises accuracy (ties: the lower cut)."""
    cuts = np.unique(np.round(score, 4))
    return float(max(cuts, key=lambda t: (metrics(score >= t, y)[0], -t)))


def jaccard(p: Pair) -> float:
    a, b = stems(p.a), stems(p.b)
    return len(a & b) / max(len(a | b), 1)


def cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


# Both must hold (#11): the fitted cut maximises the smaller cross-validated margin to them.
TARGET_ACCURACY, TARGET_F1 = 0.76, 0.83


def feature_rows(pairs: list[Pair], matcher: ClaimMatcher) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """One row of ``features`` per pair (exactly the product's), whether the word gate passes it, names."""
    texts = [(Text.of(p.a), Text.of(p.b)) for p in pairs]
    both = [t for p in pairs for t in (p.a, p.b)]
    vecs = dict(zip(both, matcher.vectors(both), strict=True))
    rows = [features(a, b, float(vecs[p.a] @ vecs[p.b])) for p, (a, b) in zip(pairs, texts, strict=True)]
    names = list(rows[0])
    gate = np.array([plausible(a, b) for a, b in texts])
    return np.array([[r[k] for k in names] for r in rows]), gate, names


def interval(pred: np.ndarray, y: np.ndarray, rounds: int = 1000) -> tuple[tuple[float, float], tuple[float, float]]:
    """95 % bootstrap intervals (pairs resampled, fixed seed) of accuracy and F1: how far the
    held-out figures could move on another sample of the same size, to read a gap to a target by."""
    rng = np.random.default_rng(0)
    draws = np.array([metrics(pred[i], y[i]) for i in rng.integers(0, len(y), (rounds, len(y)))])
    lo, hi = np.percentile(draws, [2.5, 97.5], axis=0)
    return (float(lo[0]), float(hi[0])), (float(lo[1]), float(hi[1]))


def margin(scores: tuple[float, float]) -> float:
    """How far the worse of accuracy and F1 is above its target."""
    return min(scores[0] - TARGET_ACCURACY, scores[1] - TARGET_F1)


def fit(pairs: list[Pair], matcher: ClaimMatcher, only: list[str] | None = None) -> None:
    """Refit the logistic weights and the threshold on the tuning pairs (5-fold CV); print them.
    ``only``: the features to fit (the others get no weight)."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import StratifiedKFold, cross_val_predict
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    x, gate, names = feature_rows(pairs, matcher)
    if only:
        keep = [names.index(k) for k in only]
        x, names = x[:, keep], only
    y = np.array([p.same for p in pairs])
    model = make_pipeline(StandardScaler(), LogisticRegression(C=1.0, max_iter=5000))
    folds = StratifiedKFold(5, shuffle=True, random_state=0)
    prob = np.where(gate, cross_val_predict(model, x, y, cv=folds, method="predict_proba")[:, 1], 0.0)
    cut = float(max(np.unique(np.round(prob, 3)), key=lambda t: margin(metrics(prob >= t, y))))
    acc, f1 = metrics(prob >= cut, y)
    spread(pairs, x, gate, y, model, cut)
    repeated(x, gate, y, model)
    model.fit(x, y)
    scaler, lr = model[0], model[1]
    raw = lr.coef_[0] / scaler.scale_  # fold the scaling into the weights: the product reads raw features
    weights = {"bias": round(float(lr.intercept_[0] - raw @ scaler.mean_), 4)}
    weights |= {k: round(float(w), 4) for k, w in zip(names, raw, strict=True)}
    print(f"5-fold CV on {len(pairs)} tuning pairs at the cut: accuracy {acc:.3f}, F1 {f1:.3f}")
    print(f"WEIGHTS = {weights}\nTHRESHOLD = {cut}")


def repeated(x: np.ndarray, gate: np.ndarray, y: np.ndarray, model, shuffles: int = 5) -> None:
    """Mean and spread of 5-fold CV over several shuffles, each with its own cut: one shuffle's
    figures move by ~0.5 point with the split and the cut it picks, as much as most features add,
    so compare feature sets by this mean."""
    from sklearn.model_selection import StratifiedKFold, cross_val_predict

    runs = []
    for seed in range(shuffles):
        folds = StratifiedKFold(5, shuffle=True, random_state=seed)
        prob = np.where(gate, cross_val_predict(model, x, y, cv=folds, method="predict_proba")[:, 1], 0.0)
        cut = float(max(np.unique(np.round(prob, 3)), key=lambda t: margin(metrics(prob >= t, y))))
        runs.append(metrics(prob >= cut, y))
    mean, sd = np.mean(runs, axis=0), np.std(runs, axis=0)
    print(
        f"5-fold CV over {shuffles} shuffles: accuracy {mean[0]:.4f} (sd {sd[0]:.4f}), "
        f"F1 {mean[1]:.4f} (sd {sd[1]:.4f})"
    )


def spread(pairs: list[Pair], x: np.ndarray, gate: np.ndarray, y: np.ndarray, model, cut: float) -> None:
    """Accuracy / F1 on each tuning bucket with the model fitted on the others: how far one
    ~400-pair sample moves the figures (the held-out part is three such buckets)."""
    from sklearn.model_selection import LeaveOneGroupOut, cross_val_predict

    buckets = np.array([p.bucket for p in pairs])
    if len(set(buckets)) < 2:
        return
    prob = np.where(
        gate, cross_val_predict(model, x, y, cv=LeaveOneGroupOut(), groups=buckets, method="predict_proba")[:, 1], 0.0
    )
    each = [metrics(prob[buckets == b] >= cut, y[buckets == b]) for b in sorted(set(buckets))]
    accs, f1s = [a for a, _ in each], [f for _, f in each]
    print(
        f"per tuning bucket (fitted on the other buckets): accuracy {min(accs):.3f}-{max(accs):.3f}, "
        f"F1 {min(f1s):.3f}-{max(f1s):.3f}"
    )


def cached(matcher: ClaimMatcher, path: Path | None) -> None:
    """Preload / save the matcher's embeddings of MRPC texts (saves minutes when refitting)."""
    if path is None or not path.exists():
        return
    data = np.load(path, allow_pickle=False)
    matcher.remember(data["texts"].tolist(), data["vectors"])


def save(matcher: ClaimMatcher, path: Path | None) -> None:
    if path is not None and not path.exists():
        known = matcher.known()
        np.savez(path, texts=np.array(list(known)), vectors=np.array(list(known.values())))


def stock_decisions(pairs: list[Pair]) -> np.ndarray:
    """The baseline: the stock encoder's int8 graph with ``STOCK_WEIGHTS``, gated as the product is."""
    from extraction.embedding import Encoder, stock_dir

    enc = Encoder(path=stock_dir())
    out = []
    for p in pairs:
        a, b = Text.of(p.a), Text.of(p.b)
        words = sum(STOCK_WEIGHTS[k] * v for k, v in features(a, b, 0.0).items()) + STOCK_WEIGHTS["bias"]
        best = sigmoid(words + STOCK_WEIGHTS["cosine"] * MAX_COSINE)
        if not plausible(a, b) or best < STOCK_THRESHOLD:
            out.append(False)
            continue
        u, v = enc.encode([p.a, p.b])
        out.append(sigmoid(words + STOCK_WEIGHTS["cosine"] * float(u @ v)) >= STOCK_THRESHOLD)
    return np.array(out)


def fit_part(tune: list[Pair]) -> list[Pair]:
    """The pairs the weights are fitted on: the weights bucket when the encoder was fine-tuned on
    the other tuning buckets (its cosine on its own training pairs would be trusted too much), else
    every tuning pair."""
    from extraction.embedding import TUNED, model_dir

    return [p for p in tune if p.bucket == WEIGHTS_BUCKET] if model_dir() == TUNED else tune


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--limit", type=int, default=0, help="held-out pairs to score (0: all)")
    ap.add_argument("--fit", action="store_true", help="refit weights and threshold on the tuning part")
    ap.add_argument("--features", help="comma-separated features to fit (default: all)")
    ap.add_argument("--cache", type=Path, help="an .npz of MRPC embeddings to read (and write when missing)")
    args = ap.parse_args()
    pairs = read_pairs()
    tune = [p for p in pairs if not p.held_out]
    held = [p for p in pairs if p.held_out][: args.limit or None]
    matcher = ClaimMatcher()
    cached(matcher, args.cache)
    if args.fit:
        fit(fit_part(tune), matcher, args.features.split(",") if args.features else None)
        save(matcher, args.cache)
        return

    y = np.array([p.same for p in held])
    y_tune = np.array([p.same for p in tune])
    cut = best_threshold(np.array([jaccard(p) for p in tune]), y_tune)
    jac = metrics(np.array([jaccard(p) for p in held]) >= cut, y)
    start, cpu0 = time.perf_counter(), cpu()
    decided = [same_claim(p.a, p.b, matcher) for p in held]
    wall, used = time.perf_counter() - start, cpu() - cpu0
    pred = np.array([same for same, _score in decided])
    ours = metrics(pred, y)
    (acc_lo, acc_hi), (f1_lo, f1_hi) = interval(pred, y)
    always = metrics(np.ones(len(held), dtype=bool), y)
    stock = stock_decisions(held)
    (sacc_lo, sacc_hi), (sf1_lo, sf1_hi) = interval(stock, y)

    print(f"MRPC train split: {len(tune)} tuning pairs, {len(held)} held-out pairs ({y.mean():.1%} same)")
    print(f"{'method':<44}{'accuracy':>9}{'F1':>8}")
    print(f"{f'claim matcher (kg match, threshold {THRESHOLD})':<44}{ours[0]:>9.3f}{ours[1]:>8.3f}")
    print(
        f"{'  95% bootstrap interval of the matcher':<44}"
        f"{f'{acc_lo:.3f}-{acc_hi:.3f}':>13}{f'{f1_lo:.3f}-{f1_hi:.3f}':>13}"
    )
    print(f"{'stock encoder, its weights (before tuning)':<44}{metrics(stock, y)[0]:>9.3f}{metrics(stock, y)[1]:>8.3f}")
    print(f"{'  95% bootstrap interval':<44}{f'{sacc_lo:.3f}-{sacc_hi:.3f}':>13}{f'{sf1_lo:.3f}-{sf1_hi:.3f}':>13}")
    print(f"{f'word Jaccard (threshold {cut:.3f} from tuning)':<44}{jac[0]:>9.3f}{jac[1]:>8.3f}")
    print(f"{'always same':<44}{always[0]:>9.3f}{always[1]:>8.3f}")
    print(
        f"encoder: {matcher.encoded} texts encoded for {len(held)} pairs "
        f"({len(held) * 2 - matcher.encoded} skipped by the word gate or cached); "
        f"{wall:.1f} s wall, {used:.1f} s CPU, {1000 * used / max(matcher.encoded, 1):.1f} ms CPU per text"
    )
    save(matcher, args.cache)


if __name__ == "__main__":
    main()
