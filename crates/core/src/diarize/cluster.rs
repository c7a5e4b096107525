//! Chunks of speech → speakers: average-linkage agglomerative clustering on cosine distance, then a
//! few rounds of k-means from the clusters it found.
//!
//! Agglomeration finds how many voices there are (it stops when the two closest clusters are
//! farther apart than a threshold) without being told where they are; k-means then moves every
//! chunk to its nearest voice, which undoes the early merges agglomeration cannot revisit.

/// How many speakers to find.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SpeakerCount {
    /// Estimated from the voices: 1 to [`MAX_SPEAKERS`].
    Estimate,
    Exactly(usize),
}

pub const MAX_SPEAKERS: usize = 4;

/// Clusters holding less than this share of the speech are not counted as a voice of their own
/// (a cough, a laugh, a burst of noise): their chunks go to the nearest voice.
const MIN_SHARE: f64 = 0.05;
/// Agglomeration considers at most this many chunks (evenly spread over the recording), so its
/// quadratic memory and cubic time stay small on hours of speech; k-means then labels them all.
const MAX_AGGLOMERATED: usize = 400;
const KMEANS_ROUNDS: usize = 10;

/// What clustering needs to know.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ClusterSettings {
    pub count: SpeakerCount,
    /// Average cosine distance above which two clusters are different voices.
    pub threshold: f32,
}

/// Labels `0..k` for `vectors` (one per chunk, `weights` its speech length), numbered by first
/// appearance. Deterministic.
pub fn cluster(vectors: &[Vec<f32>], weights: &[f64], settings: ClusterSettings) -> Vec<usize> {
    let n = vectors.len();
    if n == 0 {
        return Vec::new();
    }
    let units: Vec<Vec<f32>> = vectors.iter().map(|v| unit(v)).collect();
    let step = n.div_ceil(MAX_AGGLOMERATED);
    let picked: Vec<usize> = (0..n).step_by(step).collect();
    let seeds = agglomerate(
        &picked.iter().map(|&i| units[i].clone()).collect::<Vec<_>>(),
        &picked.iter().map(|&i| weights[i]).collect::<Vec<_>>(),
        settings,
    );
    let mut centroids: Vec<Vec<f32>> = seeds
        .iter()
        .map(|members| {
            mean_unit(
                members
                    .iter()
                    .map(|&m| (&units[picked[m]], weights[picked[m]])),
            )
        })
        .collect();
    let mut labels = vec![0; n];
    for _ in 0..KMEANS_ROUNDS {
        let next: Vec<usize> = units.iter().map(|u| nearest(u, &centroids)).collect();
        let settled = next == labels;
        labels = next;
        if settled {
            break;
        }
        centroids = (0..centroids.len())
            .map(|c| {
                let members = labels.iter().zip(&units).zip(weights);
                let members = members.filter(|((l, _), _)| **l == c);
                let centroid = mean_unit(members.map(|((_, u), w)| (u, *w)));
                // A voice that lost every chunk keeps its place (and stays empty).
                if centroid.iter().all(|x| *x == 0.0) {
                    centroids[c].clone()
                } else {
                    centroid
                }
            })
            .collect();
    }
    renumber(&labels)
}

/// Agglomerates until the stop rule holds; returns the member lists of the clusters kept as
/// voices (largest first).
fn agglomerate(units: &[Vec<f32>], weights: &[f64], settings: ClusterSettings) -> Vec<Vec<usize>> {
    let n = units.len();
    let total: f64 = weights.iter().sum::<f64>().max(f64::MIN_POSITIVE);
    let mut members: Vec<Vec<usize>> = (0..n).map(|i| vec![i]).collect();
    let mut alive: Vec<bool> = vec![true; n];
    let mut dist = vec![vec![0f32; n]; n];
    for i in 0..n {
        for j in i + 1..n {
            let d = 1.0 - dot(&units[i], &units[j]);
            dist[i][j] = d;
            dist[j][i] = d;
        }
    }
    let share = |m: &Vec<usize>| m.iter().map(|&i| weights[i]).sum::<f64>() / total;
    let voices = |members: &[Vec<usize>], alive: &[bool]| {
        (0..members.len())
            .filter(|&i| alive[i] && share(&members[i]) >= MIN_SHARE)
            .count()
    };
    let wanted = match settings.count {
        SpeakerCount::Estimate => MAX_SPEAKERS,
        SpeakerCount::Exactly(k) => k.max(1),
    };
    loop {
        let mut best: Option<(f32, usize, usize)> = None;
        for i in (0..n).filter(|&i| alive[i]) {
            for j in (i + 1..n).filter(|&j| alive[j]) {
                if best.is_none_or(|(d, _, _)| dist[i][j] < d) {
                    best = Some((dist[i][j], i, j));
                }
            }
        }
        let Some((d, a, b)) = best else { break };
        let found = voices(&members, &alive);
        let done = match settings.count {
            SpeakerCount::Estimate => d > settings.threshold && found <= wanted,
            // Told how many: stop at that many clusters, or earlier when that many distinct
            // voices stand apart (the rest being small outliers that k-means will place).
            SpeakerCount::Exactly(_) => {
                alive.iter().filter(|a| **a).count() <= wanted
                    || (d > settings.threshold && found == wanted)
            }
        };
        if done {
            break;
        }
        // Average linkage (Lance–Williams): the merged cluster's distance to every other one is
        // the size-weighted mean of its parts' distances.
        let (na, nb) = (members[a].len() as f32, members[b].len() as f32);
        for k in (0..n).filter(|&k| alive[k] && k != a && k != b) {
            let merged = (na * dist[a][k] + nb * dist[b][k]) / (na + nb);
            dist[a][k] = merged;
            dist[k][a] = merged;
        }
        let moved = std::mem::take(&mut members[b]);
        members[a].extend(moved);
        alive[b] = false;
    }
    let mut kept: Vec<Vec<usize>> = (0..n)
        .filter(|&i| alive[i])
        .map(|i| members[i].clone())
        .collect();
    kept.sort_by(|x, y| share(y).total_cmp(&share(x)).then(x[0].cmp(&y[0])));
    let voices_found = kept.iter().filter(|m| share(m) >= MIN_SHARE).count().max(1);
    kept.truncate(match settings.count {
        SpeakerCount::Estimate => voices_found.min(MAX_SPEAKERS),
        SpeakerCount::Exactly(k) => k.max(1),
    });
    kept
}

fn dot(a: &[f32], b: &[f32]) -> f32 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

fn unit(v: &[f32]) -> Vec<f32> {
    let norm = dot(v, v).sqrt();
    if norm > 0.0 {
        v.iter().map(|x| x / norm).collect()
    } else {
        v.to_vec()
    }
}

/// The weighted mean of unit vectors, scaled back to unit length (zero when there are none).
fn mean_unit<'a>(items: impl Iterator<Item = (&'a Vec<f32>, f64)>) -> Vec<f32> {
    let mut sum: Vec<f64> = Vec::new();
    for (v, w) in items {
        if sum.is_empty() {
            sum = vec![0.0; v.len()];
        }
        for (s, x) in sum.iter_mut().zip(v) {
            *s += f64::from(*x) * w;
        }
    }
    unit(&sum.iter().map(|&s| s as f32).collect::<Vec<_>>())
}

fn nearest(u: &[f32], centroids: &[Vec<f32>]) -> usize {
    let mut best = (f32::NEG_INFINITY, 0);
    for (c, centroid) in centroids.iter().enumerate() {
        let similarity = dot(u, centroid);
        if similarity > best.0 {
            best = (similarity, c);
        }
    }
    best.1
}

/// Labels renumbered `0, 1, …` in order of first appearance.
pub fn renumber(labels: &[usize]) -> Vec<usize> {
    let mut order: Vec<usize> = Vec::new();
    labels
        .iter()
        .map(|l| match order.iter().position(|o| o == l) {
            Some(p) => p,
            None => {
                order.push(*l);
                order.len() - 1
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const ESTIMATE: ClusterSettings = ClusterSettings {
        count: SpeakerCount::Estimate,
        threshold: 0.5,
    };

    /// Points around two directions, alternating like turns in a conversation.
    fn two_voices() -> Vec<Vec<f32>> {
        (0..20)
            .map(|i| {
                let wobble = (i % 3) as f32 * 0.05;
                if (i / 3) % 2 == 0 {
                    vec![1.0, wobble, 0.1]
                } else {
                    vec![-0.2, 1.0, wobble]
                }
            })
            .collect()
    }

    #[test]
    fn two_separated_voices_are_found_and_numbered_by_first_appearance() {
        let v = two_voices();
        let labels = cluster(&v, &vec![1.0; v.len()], ESTIMATE);
        let expected: Vec<usize> = (0..20).map(|i| (i / 3) % 2).collect();
        assert_eq!(labels, expected);
    }

    #[test]
    fn one_voice_stays_one_speaker() {
        let v: Vec<Vec<f32>> = (0..12)
            .map(|i| vec![1.0, (i % 4) as f32 * 0.1, 0.2])
            .collect();
        let labels = cluster(&v, &vec![1.0; v.len()], ESTIMATE);
        assert!(labels.iter().all(|&l| l == 0), "{labels:?}");
    }

    #[test]
    fn an_exact_count_splits_even_close_voices() {
        let v: Vec<Vec<f32>> = (0..10)
            .map(|i| {
                if i < 5 {
                    vec![1.0, 0.1]
                } else {
                    vec![1.0, 0.3]
                }
            })
            .collect();
        let settings = ClusterSettings {
            count: SpeakerCount::Exactly(2),
            threshold: 0.5,
        };
        let labels = cluster(&v, &vec![1.0; v.len()], settings);
        assert_eq!(labels, vec![0, 0, 0, 0, 0, 1, 1, 1, 1, 1]);
        // Estimated, the same two are one voice: they are closer than the threshold.
        assert!(cluster(&v, &vec![1.0; v.len()], ESTIMATE)
            .iter()
            .all(|&l| l == 0));
    }

    #[test]
    fn a_tiny_outlier_is_not_a_voice_of_its_own() {
        let mut v = two_voices();
        v.push(vec![0.0, 0.0, 1.0]);
        let mut w = vec![1.0; v.len()];
        w[20] = 0.2;
        let labels = cluster(&v, &w, ESTIMATE);
        assert_eq!(labels.iter().max(), Some(&1), "{labels:?}");
    }

    #[test]
    fn renumber_orders_labels_by_first_appearance() {
        assert_eq!(renumber(&[2, 2, 0, 1, 0]), vec![0, 0, 1, 2, 1]);
    }
}
