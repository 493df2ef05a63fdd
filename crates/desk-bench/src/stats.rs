//! Medians, percentiles, and the run summaries every figure is reported as.

use serde::Serialize;
use std::time::Duration;

/// A figure measured in several runs: the median, with the smallest and largest run.
#[derive(Debug, Clone, Copy, Serialize, PartialEq)]
pub struct Summary {
    /// The median run.
    pub median: f64,
    /// The smallest run.
    pub min: f64,
    /// The largest run.
    pub max: f64,
    /// How many runs.
    pub runs: usize,
}

impl Summary {
    /// The summary of `values` (one per run); `None` when there are none.
    pub fn of(values: &[f64]) -> Option<Summary> {
        let mut v: Vec<f64> = values.iter().copied().filter(|x| x.is_finite()).collect();
        if v.is_empty() {
            return None;
        }
        v.sort_by(f64::total_cmp);
        Some(Summary {
            median: median_sorted(&v),
            min: v[0],
            max: v[v.len() - 1],
            runs: v.len(),
        })
    }
}

/// The median of sorted values (the mean of the middle two for an even count).
fn median_sorted(v: &[f64]) -> f64 {
    let n = v.len();
    if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    }
}

/// The `p`-th percentile (0..=100) of sorted values, nearest rank.
pub fn percentile_sorted(v: &[f64], p: f64) -> f64 {
    if v.is_empty() {
        return f64::NAN;
    }
    let rank = ((p / 100.0) * v.len() as f64).ceil() as usize;
    v[rank.clamp(1, v.len()) - 1]
}

/// A latency figure: p50 and p99 of each run's samples, summarised over the runs.
#[derive(Debug, Clone, Copy, Serialize, PartialEq)]
pub struct Latency {
    /// Milliseconds: the runs' medians.
    pub p50_ms: Summary,
    /// Milliseconds: the runs' 99th percentiles.
    pub p99_ms: Summary,
    /// Samples per run.
    pub samples_per_run: usize,
}

/// Collects the samples of several runs of a latency figure.
#[derive(Debug, Default)]
pub struct LatencyRuns {
    p50: Vec<f64>,
    p99: Vec<f64>,
    samples: usize,
}

impl LatencyRuns {
    /// Adds one run's samples.
    pub fn push_run(&mut self, samples: &[Duration]) {
        let mut ms: Vec<f64> = samples.iter().map(|d| d.as_secs_f64() * 1e3).collect();
        ms.sort_by(f64::total_cmp);
        self.p50.push(percentile_sorted(&ms, 50.0));
        self.p99.push(percentile_sorted(&ms, 99.0));
        self.samples = ms.len();
    }

    /// The figure; `None` without runs.
    pub fn finish(&self) -> Option<Latency> {
        Some(Latency {
            p50_ms: Summary::of(&self.p50)?,
            p99_ms: Summary::of(&self.p99)?,
            samples_per_run: self.samples,
        })
    }
}

/// Milliseconds of a duration.
pub fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summaries_and_percentiles() {
        let s = Summary::of(&[3.0, 1.0, 2.0, 10.0]).expect("values");
        assert_eq!((s.median, s.min, s.max, s.runs), (2.5, 1.0, 10.0, 4));
        let v: Vec<f64> = (1..=100).map(f64::from).collect();
        assert_eq!(percentile_sorted(&v, 50.0), 50.0);
        assert_eq!(percentile_sorted(&v, 99.0), 99.0);
        assert_eq!(percentile_sorted(&[7.0], 99.0), 7.0);
        assert!(Summary::of(&[]).is_none());
    }
}
