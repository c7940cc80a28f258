# The drift statistics as SciPy computes them and Evidently applies them, on the fixtures beside this script.
# DriftStatisticsTest runs it with Debian's python3-scipy and compares every figure with mlops's own.
# Prints one JSON object: by pair name, the statistics.
import json
import math
import os
import sys

import numpy as np
from scipy import stats
from scipy.spatial import distance

here = os.path.dirname(os.path.abspath(__file__))


def read(name, numeric):
    with open(os.path.join(here, name)) as f:
        values = [line.strip() for line in f if line.strip()]
    return np.array([float(v) for v in values]) if numeric else np.array(values)


def fill_zeroes(percents):
    # Evidently's get_binned_data(feel_zeroes=True)
    nonzero = percents[percents != 0]
    smallest = min(nonzero)
    np.place(percents, percents == 0, smallest / 10 ** 6 if smallest <= 0.0001 else 0.0001)
    return percents


def binned(reference, current, numeric, bins=30):
    # Evidently's get_binned_data: histograms over both samples' range for numeric columns with more than 20
    # distinct reference values, shares of each value otherwise
    if numeric and len(np.unique(reference)) > 20:
        edges = np.histogram_bin_edges(np.concatenate([reference, current]), bins=bins)
        return (np.histogram(reference, edges)[0] / len(reference),
                np.histogram(current, edges)[0] / len(current))
    keys = sorted(set(reference) | set(current))
    return (np.array([np.sum(reference == k) / len(reference) for k in keys]),
            np.array([np.sum(current == k) / len(current) for k in keys]))


def numeric(a, b):
    a, b = read(a, True), read(b, True)
    ks = stats.ks_2samp(a, b)
    ref, cur = binned(a, b, True)
    ref_psi, cur_psi = fill_zeroes(ref.copy()), fill_zeroes(cur.copy())
    return {
        "ks_statistic": float(ks.statistic), "ks_p_value": float(ks.pvalue),
        "wasserstein": float(stats.wasserstein_distance(a, b)), "reference_std": float(np.std(a)),
        "jensen_shannon": float(distance.jensenshannon(ref, cur)),
        "psi": float(np.sum((ref_psi - cur_psi) * np.log(ref_psi / cur_psi))),
    }


def categorical(a, b):
    a, b = read(a, False), read(b, False)
    keys = sorted(set(a) | set(b))
    k_norm = len(b) / len(a)
    expected = [np.sum(a == k) * k_norm for k in keys]
    observed = [np.sum(b == k) for k in keys]
    chi = stats.chisquare(observed, expected)
    ref, cur = binned(a, b, False)
    result = {"chi2_statistic": float(chi.statistic), "chi2_p_value": float(chi.pvalue),
              "jensen_shannon": float(distance.jensenshannon(ref, cur))}
    if len(keys) == 2:
        # Evidently's proportions_diff_z_stat_ind and proportions_diff_z_test, for the first key
        r = (a == keys[0]).astype(float)
        c = (b == keys[0]).astype(float)
        p1, p2 = r.mean(), c.mean()
        pooled = (p1 * len(r) + p2 * len(c)) / (len(r) + len(c))
        z = (p1 - p2) / np.sqrt(pooled * (1 - pooled) * (1.0 / len(r) + 1.0 / len(c)))
        result["z_statistic"] = float(z)
        result["z_p_value"] = float(2 * (1 - stats.norm.cdf(abs(z))))
    return result


pairs = {
    "normal": numeric("normal-300.txt", "normal-shifted-250.txt"),
    "ties": numeric("ties-200.txt", "ties-200-b.txt"),
    "same": numeric("same-400.txt", "same-350.txt"),
    "gamma": numeric("gamma-1500.txt", "gamma-1200-wider.txt"),
    "uniform": numeric("uniform-9000.txt", "uniform-7000.txt"),
    "colours": categorical("colours-800.txt", "colours-600.txt"),
    "binary": categorical("binary-500.txt", "binary-450.txt"),
}
json.dump({"scipy": __import__("scipy").__version__, "pairs": pairs}, sys.stdout, indent=1)
