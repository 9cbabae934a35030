//! The latency histogram the text report draws: buckets on a log scale with round edges (1, 2 and 5 × 10^k µs), so
//! a run of fast calls with a slow tail still spreads over several bars instead of one.

use hdrhistogram::Histogram;

/// One bar: calls from `low` up to (not including) `high` microseconds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bucket {
    pub low: u64,
    pub high: u64,
    pub ok: u64,
    pub failed: u64,
}

/// The edges 1, 2, 5, 10, 20, 50, ... µs, from the one at or below `min` to the first above `max`.
fn edges(min: u64, max: u64) -> Vec<u64> {
    let mut edges = Vec::new();
    let mut scale = 1u64;
    'outer: loop {
        for step in [1, 2, 5] {
            let edge = step * scale;
            if edge > max {
                edges.push(edge);
                break 'outer;
            }
            edges.push(edge);
        }
        scale = scale.saturating_mul(10);
    }
    // Drop the edges below the one at or under `min`.
    let first = edges.iter().rposition(|&e| e <= min.max(1)).unwrap_or(0);
    edges.split_off(first)
}

/// The bars from the fastest call's bucket to the slowest's; each recorded value lands in exactly one, and failed
/// calls (`failed`, a share of `all`) are counted apart.
pub fn buckets(all: &Histogram<u64>, failed: &Histogram<u64>) -> Vec<Bucket> {
    if all.is_empty() {
        return Vec::new();
    }
    let edges = edges(all.min(), all.max());
    let mut out: Vec<Bucket> = edges
        .windows(2)
        .map(|w| Bucket {
            low: w[0],
            high: w[1],
            ok: 0,
            failed: 0,
        })
        .collect();
    let last = out.len() - 1;
    let index = |v: u64| edges.partition_point(|&e| e <= v).saturating_sub(1).min(last);
    for value in all.iter_recorded() {
        let i = index(value.value_iterated_to());
        out[i].ok += value.count_at_value();
    }
    for value in failed.iter_recorded() {
        let i = index(value.value_iterated_to());
        out[i].failed += value.count_at_value();
        out[i].ok = out[i].ok.saturating_sub(value.count_at_value());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bench::engine::new_histogram;

    fn histograms(ok: &[u64], failed: &[u64]) -> (Histogram<u64>, Histogram<u64>) {
        let (mut all, mut bad) = (new_histogram(), new_histogram());
        for v in ok {
            all.record(*v).unwrap();
        }
        for v in failed {
            all.record(*v).unwrap();
            bad.record(*v).unwrap();
        }
        (all, bad)
    }

    #[test]
    fn every_call_lands_in_one_bucket_and_failures_apart() {
        let (all, failed) = histograms(&[100, 150, 900, 1000, 5000], &[5000, 250_000]);
        let bars = buckets(&all, &failed);
        let total: u64 = bars.iter().map(|b| b.ok + b.failed).sum();
        let bad: u64 = bars.iter().map(|b| b.failed).sum();
        assert_eq!((total, bad), (7, 2));
        let edges: Vec<(u64, u64)> = bars.iter().map(|b| (b.low, b.high)).collect();
        assert_eq!(edges.first(), Some(&(100, 200)));
        assert_eq!(edges.last(), Some(&(200_000, 500_000)));
        assert_eq!(bars.len(), 11, "100 µs to 500 ms in 1-2-5 steps: {bars:?}");
    }

    #[test]
    fn a_slow_tail_does_not_squash_the_fast_calls_into_one_bar() {
        // The run: nearly all calls under 1 ms and a few slow ones, which linear buckets drew as one bar.
        let mut ok: Vec<u64> = (0..1967).map(|i| 150 + (i % 700)).collect();
        ok.extend([30_000, 80_000, 400_000]);
        let (all, failed) = histograms(&ok, &[]);
        let bars = buckets(&all, &failed);
        let under_1ms: Vec<&Bucket> = bars.iter().filter(|b| b.high <= 1000).collect();
        assert_eq!(
            under_1ms.iter().map(|b| (b.low, b.high)).collect::<Vec<_>>(),
            [(100, 200), (200, 500), (500, 1000)]
        );
        assert!(under_1ms.iter().all(|b| b.ok > 0), "{bars:?}");
        assert_eq!(bars.iter().map(|b| b.ok).sum::<u64>(), 1970);
    }

    #[test]
    fn edges_are_round_and_cover_min_to_max() {
        assert_eq!(edges(1, 1), [1, 2]);
        assert_eq!(edges(3, 7), [2, 5, 10]);
        assert_eq!(edges(2_400, 2_900), [2_000, 5_000]);
        assert_eq!(edges(1000, 1000), [1000, 2000]);
    }
}
