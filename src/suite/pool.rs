//! The scheduler under `run`: up to `jobs` cases at once on worker threads fed by a channel, a serial case alone
//! (the cases before it finish first, the ones after wait for it), nothing new started once `--fail-fast` saw a
//! failure or the stop flag is set. It knows cases only by their index and whether they are serial, so it can be
//! tested with a fake runner.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::{Arc, Mutex};

/// Why a run started nothing more.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StopReason {
    FailFast,
    Interrupted,
}

/// How far the round is, for a live status line.
#[derive(Debug, Clone, Copy)]
pub struct Progress {
    pub done: usize,
    pub running: usize,
    pub total: usize,
}

/// What a finished case tells the pool: only whether `--fail-fast` should stop the run.
pub trait Verdict {
    fn failed(&self) -> bool;
}

/// What runs one case on a worker thread, by its index.
pub type CaseRunner<O> = Arc<dyn Fn(usize) -> O + Send + Sync>;

/// What wakes the pool: a case finished, or the stop flag was set.
enum Wake<O> {
    Finished(usize, O),
    Stop,
}

/// Wakes the pool once the stop flag is set, so that it need not poll the flag while cases run.
pub struct StopWaker<O>(Sender<Wake<O>>);

impl<O> StopWaker<O> {
    pub fn wake(&self) {
        // The pool may be gone already; then nobody needs waking.
        let _ = self.0.send(Wake::Stop);
    }
}

/// How a round ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RoundEnd {
    /// The cases before this index were started; the others never were.
    pub started: usize,
    pub stopped: Option<StopReason>,
}

pub struct Pool<'a, O> {
    serial: Vec<bool>,
    jobs: usize,
    fail_fast: bool,
    stop: &'a AtomicBool,
    wake: Sender<Wake<O>>,
    wakes: Receiver<Wake<O>>,
}

impl<'a, O: Send + 'static> Pool<'a, O> {
    /// A pool for cases that are serial as `serial` says, one entry per case.
    pub fn new(serial: Vec<bool>, jobs: usize, fail_fast: bool, stop: &'a AtomicBool) -> Pool<'a, O> {
        let (wake, wakes) = mpsc::channel();
        Pool {
            serial,
            jobs,
            fail_fast,
            stop,
            wake,
            wakes,
        }
    }

    /// For whoever sets the stop flag: tell the pool after setting it.
    pub fn stop_waker(&self) -> StopWaker<O> {
        StopWaker(self.wake.clone())
    }

    /// Runs every case once with `run_case`; `on_finished` sees each outcome as it comes (in completion order)
    /// with the round's progress after it. Once the stop flag is set it returns at once, leaving the running cases
    /// to finish unheard; after a `--fail-fast` failure it waits for them.
    pub fn round(&self, run_case: CaseRunner<O>, on_finished: &mut dyn FnMut(usize, O, Progress)) -> RoundEnd
    where
        O: Verdict,
    {
        let total = self.serial.len();
        let jobs = self.start_workers(run_case, total);
        let (mut next, mut running, mut done) = (0usize, 0usize, 0usize);
        let mut serial_running = false;
        let mut stopped = None;
        loop {
            while stopped.is_none() && next < total && running < self.jobs && !serial_running && !self.stopping() {
                if self.serial[next] && running > 0 {
                    break;
                }
                if jobs.send(next).is_err() {
                    break;
                }
                serial_running = self.serial[next];
                next += 1;
                running += 1;
            }
            if self.stopping() {
                stopped = Some(StopReason::Interrupted);
                break;
            }
            if running == 0 {
                break;
            }
            // The pool holds a sender itself, so this waits for a case or the stop flag; it never disconnects.
            let Ok(Wake::Finished(index, outcome)) = self.wakes.recv() else {
                continue;
            };
            running -= 1;
            done += 1;
            serial_running = false;
            if outcome.failed() && self.fail_fast && stopped.is_none() {
                stopped = Some(StopReason::FailFast);
            }
            on_finished(index, outcome, Progress { done, running, total });
        }
        RoundEnd { started: next, stopped }
    }

    fn stopping(&self) -> bool {
        self.stop.load(Ordering::SeqCst)
    }

    /// Starts the round's workers, as many as may run at once; they end when the returned sender is dropped.
    fn start_workers(&self, run_case: CaseRunner<O>, total: usize) -> Sender<usize> {
        let (job_sender, jobs) = mpsc::channel::<usize>();
        let jobs = Arc::new(Mutex::new(jobs));
        for _ in 0..self.jobs.min(total).max(1) {
            let (jobs, wake, run_case) = (jobs.clone(), self.wake.clone(), run_case.clone());
            std::thread::spawn(move || {
                loop {
                    let next = match jobs.lock() {
                        Ok(receiver) => receiver.recv(),
                        Err(_) => return,
                    };
                    let Ok(index) = next else { return };
                    if wake.send(Wake::Finished(index, run_case(index))).is_err() {
                        return;
                    }
                }
            });
        }
        job_sender
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::AtomicUsize;
    use std::time::Duration;

    use super::*;

    /// A fake case's result: only whether it failed.
    struct PassOrFail(bool);

    impl Verdict for PassOrFail {
        fn failed(&self) -> bool {
            self.0
        }
    }

    /// What the test sees, in the order it happened: a worker started a case, or the pool heard one finish (and
    /// how many were still running then).
    #[derive(Debug, PartialEq, Eq)]
    enum Seen {
        Started(usize),
        Finished { case: usize, running: usize },
    }

    /// Cases that each wait for the test to end them (passed or failed) through their gate.
    struct FakeCases {
        gates: Vec<Sender<bool>>,
        runner: CaseRunner<PassOrFail>,
        seen: Receiver<Seen>,
        tell: Sender<Seen>,
        peak: Arc<AtomicUsize>,
    }

    fn fake_cases(count: usize) -> FakeCases {
        let (tell, seen) = mpsc::channel();
        let (gates, waits): (Vec<_>, Vec<_>) = (0..count).map(|_| mpsc::channel::<bool>()).unzip();
        let waits: Vec<Mutex<Receiver<bool>>> = waits.into_iter().map(Mutex::new).collect();
        let (in_flight, peak) = (Arc::new(AtomicUsize::new(0)), Arc::new(AtomicUsize::new(0)));
        let runner: CaseRunner<PassOrFail> = {
            let (tell, peak) = (Mutex::new(tell.clone()), peak.clone());
            Arc::new(move |case| {
                let now = in_flight.fetch_add(1, Ordering::SeqCst) + 1;
                peak.fetch_max(now, Ordering::SeqCst);
                tell.lock().unwrap().send(Seen::Started(case)).unwrap();
                let failed = waits[case].lock().unwrap().recv().unwrap();
                in_flight.fetch_sub(1, Ordering::SeqCst);
                PassOrFail(failed)
            })
        };
        FakeCases {
            gates,
            runner,
            seen,
            tell,
            peak,
        }
    }

    impl FakeCases {
        /// Runs one round on another thread while `drive` ends the cases; returns how the round ended.
        fn round(&self, pool: Pool<PassOrFail>, drive: impl FnOnce(&FakeCases) + Send) -> RoundEnd {
            std::thread::scope(|scope| {
                let tell = self.tell.clone();
                let runner = self.runner.clone();
                let round = scope.spawn(move || {
                    pool.round(runner, &mut |case, _, progress| {
                        let running = progress.running;
                        tell.send(Seen::Finished { case, running }).unwrap();
                    })
                });
                drive(self);
                round.join().unwrap()
            })
        }

        /// The next thing seen; a hang guard, not a timing check.
        fn next(&self) -> Seen {
            self.seen
                .recv_timeout(Duration::from_secs(30))
                .expect("the pool went quiet")
        }

        /// The next `n` things seen, in a fixed order where threads race.
        fn next_sorted(&self, n: usize) -> Vec<Seen> {
            let mut seen: Vec<Seen> = (0..n).map(|_| self.next()).collect();
            seen.sort_by_key(|s| format!("{s:?}"));
            seen
        }

        fn end(&self, case: usize, failed: bool) {
            self.gates[case].send(failed).unwrap();
        }
    }

    fn pool<'a>(serial: &[bool], jobs: usize, fail_fast: bool, stop: &'a AtomicBool) -> Pool<'a, PassOrFail> {
        Pool::new(serial.to_vec(), jobs, fail_fast, stop)
    }

    use Seen::{Finished, Started};

    #[test]
    fn one_job_runs_the_cases_in_file_order() {
        let stop = AtomicBool::new(false);
        let cases = fake_cases(3);
        let end = cases.round(pool(&[false; 3], 1, false, &stop), |cases| {
            for case in 0..3 {
                assert_eq!(cases.next(), Started(case));
                cases.end(case, false);
                assert_eq!(cases.next(), Finished { case, running: 0 });
            }
        });
        assert_eq!(
            end,
            RoundEnd {
                started: 3,
                stopped: None
            }
        );
    }

    #[test]
    fn cases_run_side_by_side_up_to_the_jobs_limit() {
        let stop = AtomicBool::new(false);
        let cases = fake_cases(5);
        let end = cases.round(pool(&[false; 5], 2, false, &stop), |cases| {
            // Two start before either is let go: they run at once.
            assert_eq!(cases.next_sorted(2), [Started(0), Started(1)]);
            cases.end(0, false);
            assert_eq!(cases.next_sorted(2), [Finished { case: 0, running: 1 }, Started(2)]);
            for case in 1..5 {
                cases.end(case, false);
            }
            for _ in 0..5 {
                cases.next();
            }
        });
        assert_eq!(
            end,
            RoundEnd {
                started: 5,
                stopped: None
            }
        );
        assert_eq!(cases.peak.load(Ordering::SeqCst), 2);
    }

    #[test]
    fn a_serial_case_waits_for_the_ones_before_and_runs_alone() {
        let stop = AtomicBool::new(false);
        let cases = fake_cases(4);
        let end = cases.round(pool(&[false, false, true, false], 4, false, &stop), |cases| {
            assert_eq!(cases.next_sorted(2), [Started(0), Started(1)]);
            cases.end(1, false);
            assert_eq!(cases.next(), Finished { case: 1, running: 1 });
            cases.end(0, false);
            // Nothing else was running when case 0 ended: the serial case had not started beside it.
            assert_eq!(cases.next(), Finished { case: 0, running: 0 });
            assert_eq!(cases.next(), Started(2));
            cases.end(2, false);
            // And case 3 did not start beside the serial one.
            assert_eq!(cases.next(), Finished { case: 2, running: 0 });
            assert_eq!(cases.next(), Started(3));
            cases.end(3, false);
            assert_eq!(cases.next(), Finished { case: 3, running: 0 });
        });
        assert_eq!(
            end,
            RoundEnd {
                started: 4,
                stopped: None
            }
        );
        assert_eq!(cases.peak.load(Ordering::SeqCst), 2);
    }

    #[test]
    fn fail_fast_starts_nothing_after_a_failure_and_hears_the_running_out() {
        let stop = AtomicBool::new(false);
        let cases = fake_cases(4);
        let end = cases.round(pool(&[false; 4], 2, true, &stop), |cases| {
            assert_eq!(cases.next_sorted(2), [Started(0), Started(1)]);
            cases.end(0, true);
            assert_eq!(cases.next(), Finished { case: 0, running: 1 });
            cases.end(1, false);
            assert_eq!(cases.next(), Finished { case: 1, running: 0 });
        });
        assert_eq!(
            end,
            RoundEnd {
                started: 2,
                stopped: Some(StopReason::FailFast)
            }
        );
        assert!(cases.seen.try_recv().is_err(), "nothing started after the failure");
    }

    #[test]
    fn without_fail_fast_a_failure_stops_nothing() {
        let stop = AtomicBool::new(false);
        let cases = fake_cases(2);
        let end = cases.round(pool(&[false; 2], 1, false, &stop), |cases| {
            assert_eq!(cases.next(), Started(0));
            cases.end(0, true);
            assert_eq!(cases.next(), Finished { case: 0, running: 0 });
            assert_eq!(cases.next(), Started(1));
            cases.end(1, false);
            assert_eq!(cases.next(), Finished { case: 1, running: 0 });
        });
        assert_eq!(
            end,
            RoundEnd {
                started: 2,
                stopped: None
            }
        );
    }

    #[test]
    fn the_stop_flag_ends_the_round_at_once_without_waiting_for_the_running() {
        let stop = AtomicBool::new(false);
        let cases = fake_cases(3);
        let pool = pool(&[false; 3], 2, false, &stop);
        let waker = pool.stop_waker();
        let end = cases.round(pool, |cases| {
            assert_eq!(cases.next_sorted(2), [Started(0), Started(1)]);
            cases.end(0, false);
            assert_eq!(cases.next_sorted(2), [Finished { case: 0, running: 1 }, Started(2)]);
            stop.store(true, Ordering::SeqCst);
            waker.wake();
        });
        // Cases 1 and 2 are still waiting on their gates: the round did not wait for them.
        assert_eq!(
            end,
            RoundEnd {
                started: 3,
                stopped: Some(StopReason::Interrupted)
            }
        );
        cases.end(1, false);
        cases.end(2, false);
    }

    #[test]
    fn a_round_after_the_stop_flag_starts_nothing() {
        let stop = AtomicBool::new(true);
        let cases = fake_cases(2);
        let end = cases.round(pool(&[false; 2], 2, false, &stop), |_| {});
        assert_eq!(
            end,
            RoundEnd {
                started: 0,
                stopped: Some(StopReason::Interrupted)
            }
        );
        assert!(cases.seen.try_recv().is_err());
    }
}
