//! Several windows decoded at once, the transcript assembled in window order.
//!
//! Windows carry no context from one to the next (`no_context`), so they can be decoded on separate
//! whisper states at the same time. Each worker thread owns one state; results come back in
//! whatever order the workers finish and are handed on strictly in window order, so the transcript
//! is the same bytes whichever worker decoded which window.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::sync::Mutex;

/// How a thread budget is shared: `states` whisper states decoding at once, `threads_each` threads
/// inside each.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ThreadSplit {
    pub states: usize,
    pub threads_each: usize,
}

/// Decoder states at most: each holds its own encoder and decoder buffers (tens of MB).
const MAX_STATES: usize = 2;

impl ThreadSplit {
    /// One thread a state, up to [`MAX_STATES`] states; more threads go inside the states. Decoding a
    /// token is a chain of small matrix products: with two threads in one state, the threads meet
    /// at a barrier after every one of them and a thread descheduled on a busy machine stalls the
    /// other (an 8-minute recording: 109 s as 2 states × 1 thread, unfinished after 1,278 s as
    /// 1 state × 2 threads, on a loaded 2-core machine). Two states each decoding their own window
    /// never wait for each other.
    pub fn for_threads(threads: usize) -> ThreadSplit {
        let threads = threads.max(1);
        let states = threads.min(MAX_STATES);
        ThreadSplit {
            states,
            threads_each: threads / states,
        }
    }
}

/// Results that arrive out of order, released in order: result `n` is released once results
/// `0..n` have been.
#[derive(Debug)]
pub struct InOrder<T> {
    next: usize,
    waiting: BTreeMap<usize, T>,
}

impl<T> Default for InOrder<T> {
    fn default() -> Self {
        InOrder {
            next: 0,
            waiting: BTreeMap::new(),
        }
    }
}

impl<T> InOrder<T> {
    /// Takes result `index`; returns every result that is now next in line, in order.
    pub fn put(&mut self, index: usize, item: T) -> Vec<T> {
        self.waiting.insert(index, item);
        let mut ready = Vec::new();
        while let Some(item) = self.waiting.remove(&self.next) {
            ready.push(item);
            self.next += 1;
        }
        ready
    }
}

/// Runs `work` on every job that `next_job` yields, on `workers` threads that each own a state
/// made by `make_state`, and hands the results to `sink` in job order. With one worker everything
/// runs on the calling thread. The first error (making a state, reading a job, or a job itself)
/// stops the run: no new job is started, and the error is returned.
pub fn run_in_order<J, S, R, E>(
    workers: usize,
    mut next_job: impl FnMut() -> Result<Option<J>, E>,
    make_state: impl Fn() -> Result<S, E>,
    work: impl Fn(&mut S, J) -> Result<R, E> + Sync,
    mut sink: impl FnMut(R),
) -> Result<(), E>
where
    J: Send,
    S: Send,
    R: Send,
    E: Send,
{
    if workers <= 1 {
        let mut state = make_state()?;
        while let Some(job) = next_job()? {
            sink(work(&mut state, job)?);
        }
        return Ok(());
    }
    // States are made here, before any thread starts, so a failure needs no clean-up.
    let states = (0..workers)
        .map(|_| make_state())
        .collect::<Result<Vec<S>, E>>()?;
    let failed = AtomicBool::new(false);
    // At most one job queued per worker: memory stays bounded by about two windows a worker.
    let (job_tx, job_rx) = mpsc::sync_channel::<(usize, J)>(workers);
    let job_rx = Mutex::new(job_rx);
    let (result_tx, result_rx) = mpsc::channel::<(usize, Result<R, E>)>();
    std::thread::scope(|scope| {
        for mut state in states {
            let (job_rx, result_tx, work, failed) = (&job_rx, result_tx.clone(), &work, &failed);
            scope.spawn(move || loop {
                // The lock is held only while waiting for the next job, never while working.
                let job = match job_rx.lock() {
                    Ok(rx) => rx.recv(),
                    Err(_) => return,
                };
                let Ok((index, job)) = job else { return };
                // After a failure, queued jobs are only drained, so the sender never blocks.
                if failed.load(Ordering::Relaxed) {
                    continue;
                }
                let result = work(&mut state, job);
                if result.is_err() {
                    failed.store(true, Ordering::Relaxed);
                }
                let _ = result_tx.send((index, result));
            });
        }
        drop(result_tx);

        let mut order = InOrder::default();
        let mut take = |(index, result): (usize, Result<R, E>)| -> Result<(), E> {
            for r in order.put(index, result?) {
                sink(r);
            }
            Ok(())
        };
        let mut sent = 0usize;
        let mut produce = || -> Result<(), E> {
            while !failed.load(Ordering::Relaxed) {
                let Some(job) = next_job()? else { break };
                // Hand on what has finished meanwhile, so results do not pile up.
                while let Ok(done) = result_rx.try_recv() {
                    take(done)?;
                }
                if job_tx.send((sent, job)).is_err() {
                    break;
                }
                sent += 1;
            }
            Ok(())
        };
        let outcome = produce();
        // No more jobs: the workers end once the queue is empty.
        drop(job_tx);
        if outcome.is_err() {
            failed.store(true, Ordering::Relaxed);
        }
        outcome?;
        for done in result_rx {
            take(done)?;
        }
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn threads_go_one_a_state_up_to_the_cap_then_inside_the_states() {
        let split = |t| {
            let s = ThreadSplit::for_threads(t);
            (s.states, s.threads_each)
        };
        assert_eq!(split(0), (1, 1));
        assert_eq!(split(1), (1, 1));
        assert_eq!(split(2), (2, 1));
        assert_eq!(split(5), (2, 2));
        assert_eq!(split(8), (2, 4));
    }

    #[test]
    fn results_arriving_out_of_order_come_out_in_order() {
        let mut o = InOrder::default();
        assert!(o.put(2, "c").is_empty());
        assert!(o.put(1, "b").is_empty());
        assert_eq!(o.put(0, "a"), ["a", "b", "c"]);
        assert_eq!(o.put(3, "d"), ["d"]);
        assert!(o.waiting.is_empty());
    }

    fn numbers(n: usize) -> impl FnMut() -> Result<Option<usize>, String> {
        let mut i = 0;
        move || {
            i += 1;
            Ok((i <= n).then_some(i - 1))
        }
    }

    /// Uneven work: early jobs take longest, so later ones finish first on other workers.
    fn uneven(_: &mut (), job: usize) -> Result<usize, String> {
        let mut x = 0u64;
        for k in 0..(200 - job as u64) * 500 {
            x = x.wrapping_add(k ^ x.rotate_left(7));
        }
        std::hint::black_box(x);
        Ok(job * 10)
    }

    #[test]
    fn every_worker_count_gives_the_results_in_job_order() {
        for workers in [1, 2, 3, 8] {
            let mut out = Vec::new();
            run_in_order(workers, numbers(100), || Ok(()), uneven, |r| out.push(r)).unwrap();
            assert_eq!(
                out,
                (0..100).map(|i| i * 10).collect::<Vec<_>>(),
                "{workers}"
            );
        }
    }

    #[test]
    fn a_failing_job_stops_the_run_with_its_error() {
        for workers in [1, 2] {
            let mut out = Vec::new();
            let r = run_in_order(
                workers,
                numbers(1_000),
                || Ok(()),
                |_, j| {
                    if j == 5 {
                        Err(format!("job {j}"))
                    } else {
                        Ok(j)
                    }
                },
                |r| out.push(r),
            );
            assert_eq!(r, Err("job 5".to_string()));
            assert!(
                out.iter().enumerate().all(|(i, r)| i == *r) && out.len() <= 5,
                "{out:?}"
            );
        }
    }

    #[test]
    fn a_state_that_cannot_be_made_is_an_error() {
        let r = run_in_order(
            2,
            numbers(3),
            || Err::<(), _>("no state".to_string()),
            |_, j| Ok(j),
            |_: usize| {},
        );
        assert_eq!(r, Err("no state".to_string()));
    }
}
