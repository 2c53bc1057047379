//! Counting and the figures computed from counts.
//!
//! Conventions (the usual ones of conlleval and the shared tasks): precision is
//! `tp / (tp + fp)`, recall `tp / (tp + fn)`, F1 their harmonic mean; a ratio whose
//! denominator is zero is 0. Micro figures sum the counts first; macro figures average
//! the per-label F1. The gold scorer (`gold`) keeps `score.py`'s own conventions instead.

use serde::Serialize;

/// True positives, false positives and false negatives.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub tp: usize,
    pub fp: usize,
    #[serde(rename = "fn")]
    pub fn_: usize,
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

impl Counts {
    pub fn new(tp: usize, fp: usize, fn_: usize) -> Counts {
        Counts { tp, fp, fn_ }
    }

    pub fn precision(&self) -> f64 {
        ratio(self.tp, self.tp + self.fp)
    }

    pub fn recall(&self) -> f64 {
        ratio(self.tp, self.tp + self.fn_)
    }

    pub fn f1(&self) -> f64 {
        f1(self.precision(), self.recall())
    }

    /// Gold items (`tp + fn`).
    pub fn gold(&self) -> usize {
        self.tp + self.fn_
    }

    /// System items (`tp + fp`).
    pub fn system(&self) -> usize {
        self.tp + self.fp
    }

    pub fn add(&mut self, other: Counts) {
        self.tp += other.tp;
        self.fp += other.fp;
        self.fn_ += other.fn_;
    }

    /// The sum of many counts (micro averaging).
    pub fn sum<'a>(all: impl IntoIterator<Item = &'a Counts>) -> Counts {
        let mut c = Counts::default();
        for x in all {
            c.add(*x);
        }
        c
    }
}

/// Harmonic mean of precision and recall (0 when both are 0).
pub fn f1(p: f64, r: f64) -> f64 {
    if p + r == 0.0 {
        0.0
    } else {
        2.0 * p * r / (p + r)
    }
}

/// Mean of the F1 of each count (0 for none).
pub fn macro_f1<'a>(all: impl IntoIterator<Item = &'a Counts>) -> f64 {
    mean(all.into_iter().map(Counts::f1))
}

/// Arithmetic mean (0 for none).
pub fn mean(xs: impl IntoIterator<Item = f64>) -> f64 {
    let (mut sum, mut n) = (0.0, 0usize);
    for x in xs {
        sum += x;
        n += 1;
    }
    if n == 0 {
        0.0
    } else {
        sum / n as f64
    }
}

/// Right answers out of all.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Accuracy {
    pub correct: usize,
    pub total: usize,
}

impl Accuracy {
    pub fn add(&mut self, ok: bool) {
        self.correct += usize::from(ok);
        self.total += 1;
    }

    pub fn value(&self) -> f64 {
        ratio(self.correct, self.total)
    }
}

/// Median of the values (the mean of the middle two for an even count); `None` for none.
pub fn median(values: &[f64]) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    let mut v = values.to_vec();
    v.sort_by(f64::total_cmp);
    let m = v.len() / 2;
    Some(if v.len() % 2 == 1 { v[m] } else { (v[m - 1] + v[m]) / 2.0 })
}

/// Whether half-open spans overlap.
pub fn overlap(a: (usize, usize), b: (usize, usize)) -> bool {
    a.0 < b.1 && b.0 < a.1
}

/// Length of the overlap of two half-open spans.
pub fn overlap_len(a: (usize, usize), b: (usize, usize)) -> usize {
    a.1.min(b.1).saturating_sub(a.0.max(b.0))
}

/// Greedy one-to-one matching: each gold item takes the first unused system item for
/// which `same` holds. Returns, for each gold item, the index of its system item.
pub fn greedy_match<G, S>(gold: &[G], system: &[S], mut same: impl FnMut(&G, &S) -> bool) -> Vec<Option<usize>> {
    let mut used = vec![false; system.len()];
    gold.iter()
        .map(|g| {
            let hit = (0..system.len()).find(|&j| !used[j] && same(g, &system[j]));
            if let Some(j) = hit {
                used[j] = true;
            }
            hit
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn precision_recall_f1() {
        let c = Counts::new(6, 2, 4);
        assert_eq!(c.precision(), 0.75);
        assert_eq!(c.recall(), 0.6);
        assert!((c.f1() - 2.0 * 0.75 * 0.6 / 1.35).abs() < 1e-12);
        assert_eq!(Counts::default().f1(), 0.0);
        assert_eq!((c.gold(), c.system()), (10, 8));
    }

    #[test]
    fn micro_and_macro() {
        let a = Counts::new(1, 0, 0);
        let b = Counts::new(0, 1, 1);
        assert_eq!(Counts::sum([&a, &b]), Counts::new(1, 1, 1));
        assert_eq!(macro_f1([&a, &b]), 0.5);
    }

    #[test]
    fn accuracy_median_overlap() {
        let mut a = Accuracy::default();
        a.add(true);
        a.add(false);
        assert_eq!(a.value(), 0.5);
        assert_eq!(median(&[3.0, 1.0, 2.0]), Some(2.0));
        assert_eq!(median(&[4.0, 1.0, 2.0, 3.0]), Some(2.5));
        assert_eq!(median(&[]), None);
        assert!(overlap((0, 5), (4, 9)) && !overlap((0, 5), (5, 9)));
        assert_eq!(overlap_len((0, 5), (3, 9)), 2);
    }

    #[test]
    fn greedy_matching_is_one_to_one() {
        let m = greedy_match(&[1, 1, 2], &[1, 2], |g, s| g == s);
        assert_eq!(m, vec![Some(0), None, Some(1)]);
    }
}
