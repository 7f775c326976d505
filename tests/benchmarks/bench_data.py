"""Benchmark of the data layer (run with `make bench`; not part of the test suite).

Prints, on this machine:
  * the default bundle's generation time (median of 3);
  * posts simulated per second at 10k, 100k and 1M posts, with peak memory
    (each size in a fresh process, so the peak is its own);
  * the KPI table for 1M posts against a naive per-row ``apply`` baseline.

Targets (2-core machine): default bundle <= 5 s; 1M posts <= 10 s and <= 2 GB
peak; KPI table for 1M posts <= 1 s and >= 30x faster than the per-row
baseline; time linear in the number of posts.
"""
from __future__ import annotations

import json
import resource
import statistics
import subprocess
import sys
import time

SIZES = (10_000, 100_000, 1_000_000)


def _posts_scenario(n_posts: int):
    from course_lib.sim import Scenario

    per_day = 1000.0  # the scenario's upper bound; longer periods make up the rest
    days = max(1, round(n_posts / per_day))
    return Scenario(posts_per_day=per_day, days=days, n_users=1_000)


def child_simulate(n_posts: int) -> None:
    """In a fresh process: simulate ~n_posts posts, print seconds, rows, peak MB as JSON."""
    from course_lib.sim.posts import simulate_posts

    sc = _posts_scenario(n_posts)
    start = time.perf_counter()
    posts = simulate_posts(sc)
    seconds = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"rows": len(posts), "seconds": seconds, "peak_mb": peak_mb}))


def bench_bundle() -> float:
    from course_lib.sim import Scenario, simulate

    times = []
    for _ in range(3):
        start = time.perf_counter()
        simulate(Scenario())
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def bench_kpi(n_posts: int = 1_000_000) -> tuple[float, float, int]:
    from course_lib import kpi
    from course_lib.sim.posts import simulate_posts

    posts = simulate_posts(_posts_scenario(n_posts))
    start = time.perf_counter()
    table = kpi.kpi_table(posts, by="platform")
    fast = time.perf_counter() - start

    # The naive way: a Python call per post for the derived column, then the same sums.
    start = time.perf_counter()
    eng = posts.apply(lambda r: r["likes"] + r["comments"] + r["shares"] + r["saves"], axis=1)
    sums = posts[["reach", "clicks", "impressions"]].assign(engagements=eng).groupby(posts["platform"]).sum()
    _ = sums["engagements"] / sums["reach"], sums["clicks"] / sums["impressions"]
    slow = time.perf_counter() - start
    return fast, slow, len(table)


def main() -> int:
    if len(sys.argv) == 3 and sys.argv[1] == "--child":
        child_simulate(int(sys.argv[2]))
        return 0
    print(f"default bundle (cn, seed 2024): {bench_bundle():.2f} s  (target <= 5 s)")
    results = []
    for n in SIZES:
        out = subprocess.run([sys.executable, __file__, "--child", str(n)],
                             capture_output=True, text=True, check=True)
        r = json.loads(out.stdout)
        results.append(r)
        print(f"posts: {r['rows']:>9,} rows in {r['seconds']:6.2f} s = {r['rows'] / r['seconds']:>10,.0f} posts/s,"
              f" peak {r['peak_mb']:7.0f} MB")
    per_post = [r["seconds"] / r["rows"] for r in results]
    print(f"time per post from {SIZES[0]:,} to {SIZES[-1]:,} posts: "
          + " -> ".join(f"{p * 1e6:.2f} us" for p in per_post)
          + "  (linear if roughly constant; target 1M <= 10 s, <= 2048 MB)")
    fast, slow, groups = bench_kpi()
    print(f"KPI table, 1M posts, {groups} platforms: {fast:.3f} s vectorised vs {slow:.1f} s per-row apply "
          f"= {slow / fast:,.0f}x faster  (target <= 1 s and >= 30x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
