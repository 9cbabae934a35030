//! How a bench run ended: its gates (never passed on no evidence), its class, the error line and hint of a run in
//! which not one call succeeded (the class, code and hint `yr invoke` gives the same failure), and its exit code.

use std::time::Duration;

use super::engine::{FailureKind, Sample, Tally};
use super::figures::{Gate, Report};
use crate::answer::output::failure_line;
use crate::answer::reply::{self, HintContext, Route};
use crate::exit::{self, Class};
use crate::wording::human_duration;

/// What the run is held to.
pub struct Limits {
    pub max_error_rate: Option<f64>,
    pub max_p99: Option<Duration>,
    /// -z, for the words of a run in which no call finished.
    pub duration: Option<Duration>,
}

/// The run's verdict: its class, and the error line and hint when not one call succeeded.
#[derive(Debug, PartialEq)]
pub struct Ending {
    pub class: Option<Class>,
    pub error: Option<(String, Option<String>)>,
}

/// The gates `limits` asks for, judged on what the run measured. With nothing measured a gate fails, and says
/// so: a latency gate needs a call that got an answer, an error-rate gate a call that finished. A gate over a
/// --rate run that missed calls says that its figure leaves them out.
pub fn gates(report: &Report, limits: &Limits) -> Vec<Gate> {
    let unfinished = match report.in_flight {
        0 => "no call finished".to_string(),
        n => format!("no call finished ({n} still running at the end)"),
    };
    let missed = match (report.scheduled, report.missed) {
        (Some(scheduled), Some(missed)) if missed > 0 => Some(format!(
            "{missed} of {scheduled} scheduled calls never started and are not in it"
        )),
        _ => None,
    };
    let judge = |name, limit: f64, actual: Option<f64>, none: String| match actual {
        Some(actual) => Gate {
            name,
            limit,
            actual: Some(actual),
            passed: actual <= limit,
            note: missed.clone(),
        },
        None => Gate {
            name,
            limit,
            actual: None,
            passed: false,
            note: Some(none),
        },
    };
    let mut gates = Vec::new();
    if let Some(limit) = limits.max_error_rate {
        let actual = (report.calls > 0).then_some(report.error_rate);
        gates.push(judge("max-error-rate", limit, actual, unfinished.clone()));
    }
    if let Some(limit) = limits.max_p99 {
        let none = if report.calls == 0 {
            unfinished
        } else {
            "no call got an answer".to_string()
        };
        let actual = (report.answered > 0).then_some(report.latency_ms.p99);
        gates.push(judge("max-p99-ms", limit.as_secs_f64() * 1000.0, actual, none));
    }
    gates
}

/// How the run ended. One success makes it `ok`; otherwise the most frequent failure decides (as the report's
/// first row), with the error line and the hint `yr invoke` prints for it. A run in which no call finished timed
/// out on -z; one that Ctrl-C stopped first has no class.
pub fn ending(tally: &Tally, report: &Report, limits: &Limits, hints: &HintContext) -> Ending {
    if report.successes > 0 {
        return Ending {
            class: Some(Class::Ok),
            error: None,
        };
    }
    let Some(row) = report.failures_by_code.first() else {
        if report.interrupted {
            return Ending {
                class: None,
                error: None,
            };
        }
        let within = limits
            .duration
            .map_or(String::new(), |d| format!(" within {} (-z)", human_duration(d)));
        let running = match report.in_flight {
            0 => String::new(),
            1 => ": 1 was still running".to_string(),
            n => format!(": {n} were still running"),
        };
        return Ending {
            class: Some(Class::Timeout),
            error: Some((
                format!("not one call finished{within}{running}"),
                Some("each call takes longer than the run: give -z more time".into()),
            )),
        };
    };
    let class = row.kind.class();
    let endpoint = hints.endpoint;
    let (message, hint) = match tally.samples.get(&row.kind) {
        Some(Sample::Answer { verdict, location }) => {
            let line = failure_line(verdict);
            let message = if row.count == report.calls {
                match report.calls {
                    1 => format!("the one call failed: {line}"),
                    n => format!("not one of {n} calls succeeded: {line}"),
                }
            } else {
                format!(
                    "not one of {} calls succeeded; {} of them failed with {line}",
                    report.calls, row.count
                )
            };
            let context = HintContext {
                route: Route::Invoke,
                urn: hints.urn,
                endpoint: hints.endpoint,
                body_len: hints.body_len,
                has_token: hints.has_token,
                location: location.as_deref(),
            };
            (message, reply::hint_for(verdict, &context))
        }
        Some(Sample::NoAnswer { message, hint }) => {
            let what = match row.kind {
                FailureKind::NoAnswer(Class::Timeout) => format!("not one call was answered in time by {endpoint}"),
                FailureKind::NoAnswer(Class::Platform) => format!("not one call got an HTTP answer from {endpoint}"),
                FailureKind::TooLarge(_) => {
                    format!("not one call got an answer from {endpoint} that yr bench could judge")
                }
                _ => format!("not a single call reached {endpoint}"),
            };
            (format!("{what}: {message}"), hint.map(str::to_string))
        }
        None => (
            format!("not one of {} calls succeeded: {}", report.calls, row.name),
            None,
        ),
    };
    Ending {
        class: Some(class),
        error: Some((message, hint)),
    }
}

/// 130 when Ctrl-C stopped the run; the class's code when not one call succeeded (the run measured nothing but
/// failures); 8 when a gate failed; else 0.
pub fn exit_code(report: &Report, ending: &Ending) -> u8 {
    if report.interrupted {
        return exit::INTERRUPTED;
    }
    match ending.class {
        Some(class) if class != Class::Ok => class.exit_code(),
        _ if !report.gates_passed() => exit::EXPECTATION_FAILED,
        _ => exit::SUCCESS,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bench::figures::Setup;
    use crate::client::endpoint::Url;

    fn report(tally: &Tally, interrupted: bool) -> Report {
        let setup = Setup {
            function: "f",
            endpoint: "http://e",
            concurrency: 2,
            rate: Some(20.0),
            warmup: 0,
            first_call: None,
            cpu: None,
            interrupted,
            schedule: None,
        };
        Report::new(tally, &setup)
    }

    fn limits() -> Limits {
        Limits {
            max_error_rate: Some(0.0),
            max_p99: Some(Duration::from_millis(50)),
            duration: Some(Duration::from_millis(100)),
        }
    }

    fn hints(url: &Url) -> HintContext<'_> {
        HintContext {
            route: Route::Invoke,
            urn: Some("f"),
            endpoint: url,
            body_len: Some(0),
            has_token: false,
            location: None,
        }
    }

    fn fail(tally: &mut Tally, kind: FailureKind, count: u64, sample: Sample) {
        for _ in 0..count {
            tally.latencies.record(1_000).unwrap();
            tally.failed_latencies.record(1_000).unwrap();
        }
        tally.failures.insert(kind.clone(), count);
        tally.samples.insert(kind, sample);
        tally.started += count;
    }

    fn refused() -> Sample {
        Sample::NoAnswer {
            message: "connection refused".into(),
            hint: Some(crate::wording::NOT_RUNNING),
        }
    }

    #[test]
    fn no_finished_call_fails_every_gate_and_times_out() {
        let mut tally = Tally::new();
        tally.started = 2;
        let report = report(&tally, false);
        let gates = gates(&report, &limits());
        assert_eq!(gates.len(), 2);
        for gate in &gates {
            assert!(!gate.passed && gate.actual.is_none(), "{gate:?}");
            assert_eq!(
                gate.note.as_deref(),
                Some("no call finished (2 still running at the end)")
            );
        }
        let url = Url::parse("http://e", false).unwrap().0;
        let ending = ending(&tally, &report, &limits(), &hints(&url));
        assert_eq!(ending.class, Some(Class::Timeout));
        let message = &ending.error.as_ref().unwrap().0;
        assert_eq!(
            message,
            "not one call finished within 100 ms (-z): 2 were still running"
        );
        assert_eq!(exit_code(&report, &ending), exit::TIMED_OUT);
    }

    #[test]
    fn calls_with_no_answer_fail_the_latency_gate_and_exit_with_their_class() {
        let mut tally = Tally::new();
        fail(&mut tally, FailureKind::NoAnswer(Class::Unreachable), 3, refused());
        let report = report(&tally, false);
        let gates = gates(&report, &limits());
        // The error rate was measured (1.0); the latency of refusals is not the frontend's.
        assert_eq!((gates[0].actual, gates[0].passed), (Some(1.0), false));
        assert_eq!(
            (gates[1].actual, gates[1].note.as_deref()),
            (None, Some("no call got an answer"))
        );
        let url = Url::parse("http://e", false).unwrap().0;
        let ending = ending(&tally, &report, &limits(), &hints(&url));
        assert_eq!(ending.class, Some(Class::Unreachable));
        let (message, hint) = ending.error.clone().unwrap();
        assert_eq!(message, "not a single call reached http://e: connection refused");
        assert_eq!(hint.as_deref(), Some(crate::wording::NOT_RUNNING));
        assert_eq!(exit_code(&report, &ending), exit::UNREACHABLE);
        // Ctrl-C wins: the report, then 130.
        let mut interrupted = report;
        interrupted.interrupted = true;
        assert_eq!(exit_code(&interrupted, &ending), exit::INTERRUPTED);
    }

    #[test]
    fn the_most_frequent_failure_decides_and_one_success_is_enough() {
        let mut tally = Tally::new();
        fail(&mut tally, FailureKind::NoAnswer(Class::Timeout), 1, refused());
        let answer = |status, body: &[u8]| Sample::Answer {
            verdict: Box::new(crate::answer::reply::judge_parts(status, |_| None, body)),
            location: None,
        };
        fail(
            &mut tally,
            FailureKind::Code {
                code: 200401,
                status: 401,
            },
            2,
            answer(401, br#"{"code":200401,"message":"token invalid"}"#),
        );
        let url = Url::parse("http://e", false).unwrap().0;
        let report = report(&tally, false);
        let ending = ending(&tally, &report, &limits(), &hints(&url));
        assert_eq!(ending.class, Some(Class::Request));
        let (message, hint) = ending.error.clone().unwrap();
        assert_eq!(
            message,
            "not one of 3 calls succeeded; 2 of them failed with HTTP 401, code 200401 (unauthorized): token invalid"
        );
        assert!(hint.is_some_and(|h| h.contains("YR_JWT_TOKEN")));
        assert_eq!(exit_code(&report, &ending), exit::REJECTED);

        tally.successes = 1;
        tally.latencies.record(1_000).unwrap();
        let report = report_with_gates(&tally);
        let ending = super::ending(&tally, &report, &limits(), &hints(&url));
        assert_eq!(
            ending,
            Ending {
                class: Some(Class::Ok),
                error: None
            }
        );
        // With a success the gates decide: an error rate of 3 in 4 is over 0.
        assert_eq!(exit_code(&report, &ending), exit::EXPECTATION_FAILED);
    }

    fn report_with_gates(tally: &Tally) -> Report {
        let mut report = report(tally, false);
        report.gates = gates(&report, &limits());
        report
    }

    #[test]
    fn a_gate_over_missed_calls_says_so() {
        let mut tally = Tally::new();
        tally.successes = 4;
        tally.started = 5;
        tally.scheduled = Some(40);
        for _ in 0..4 {
            tally.latencies.record(10_000).unwrap();
        }
        let report = report(&tally, false);
        assert_eq!((report.in_flight, report.missed), (1, Some(35)));
        let gates = gates(
            &report,
            &Limits {
                max_error_rate: None,
                max_p99: Some(Duration::from_secs(1)),
                duration: None,
            },
        );
        assert!(gates[0].passed, "{gates:?}");
        assert_eq!(
            gates[0].note.as_deref(),
            Some("35 of 40 scheduled calls never started and are not in it")
        );
    }
}
