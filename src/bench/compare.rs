//! Saved runs side by side: `yr bench compare OLD NEW` (each figure's change, with its sign) and the gates of
//! `--baseline FILE --max-regression PCT` (a run slower than its baseline: p99 up, or calls/s down, by more than
//! PCT percent of the baseline's figure).

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;
use std::time::Duration;

use anyhow::Result;
use serde::Serialize;

use super::engine::FailureKind;
use super::figures::{FailureRow, Gate, Report};
use super::saved;
use crate::answer::color::{Paint, Palette};
use crate::answer::output::Ui;
use crate::exit::Class;
use crate::wording::human_duration;

/// The run --baseline names, as far as the regression gates need it: read (and checked) before the load starts.
#[derive(Debug, Clone)]
pub struct Baseline {
    pub file: String,
    /// The baseline's p99 latency (ms) and calls/s; None when not one of its calls got an answer.
    p99_ms: Option<f64>,
    throughput: Option<f64>,
    pub max_regression: f64,
}

impl Baseline {
    /// Reads the saved run at `path` for --baseline; any problem with it is a usage error naming it and the flag.
    pub fn load(path: &Path, max_regression: f64) -> Result<Baseline> {
        let flag = "--baseline";
        let run = saved::read(path, flag)?;
        let report = run.report(&format!("{flag} {}", path.display()))?;
        let answered = report.answered > 0;
        Ok(Baseline {
            file: path.display().to_string(),
            p99_ms: answered.then_some(report.latency_ms.p99),
            throughput: answered.then_some(report.throughput).filter(|t| *t > 0.0),
            max_regression,
        })
    }

    /// The two regression gates over `report`: its p99 latency and its calls/s, each as a change in percent of the
    /// baseline's figure (positive: slower). Never passed on no evidence: a side with no answered call fails it.
    pub fn gates(&self, report: &Report) -> Vec<Gate> {
        let here = (report.answered > 0).then_some(report);
        let p99 = |r: &Report| r.latency_ms.p99;
        let latency = self.gate(
            "max-regression-p99",
            self.p99_ms,
            here.map(p99),
            |old, new| (new - old) / old * 100.0,
            |v| format!("p99 {}", ms(v)),
        );
        let throughput = self.gate(
            "max-regression-throughput",
            self.throughput,
            here.map(|r| r.throughput),
            |old, new| (old - new) / old * 100.0,
            |v| format!("{v:.1} calls/s"),
        );
        vec![latency, throughput]
    }

    fn gate(
        &self,
        name: &'static str,
        old: Option<f64>,
        new: Option<f64>,
        slower_by: impl Fn(f64, f64) -> f64,
        shown: impl Fn(f64) -> String,
    ) -> Gate {
        let (actual, note) = match (old, new) {
            (Some(old), Some(new)) => (
                Some(round(slower_by(old, new), 2) + 0.0),
                format!("baseline {} {}, this run {}", self.file, shown(old), shown(new)),
            ),
            (None, _) => (
                None,
                format!("baseline {}: not one of its calls got an answer", self.file),
            ),
            (_, None) => (None, "no call got an answer".to_string()),
        };
        Gate {
            name,
            limit: self.max_regression,
            actual,
            passed: actual.is_some_and(|a| a <= self.max_regression),
            note: Some(note),
        }
    }
}

/// `yr bench compare OLD NEW`: prints each figure's change; 0 once printed.
pub fn compare(old: &Path, new: &Path, json: bool, ui: &Ui) -> Result<u8> {
    let read = |path: &Path, flag: &str| -> Result<(String, Report)> {
        let run = saved::read(path, flag)?;
        let report = run.report(&format!("{flag} {}", path.display()))?;
        Ok((path.display().to_string(), report))
    };
    let (old, new) = (read(old, "OLD")?, read(new, "NEW")?);
    let comparison = Comparison::of((&old.0, &old.1), (&new.0, &new.1));
    let text = if json {
        serde_json::to_string(&comparison)? + "\n"
    } else {
        comparison.to_text(&ui.stdout_palette)
    };
    ui.print_own(&text)?;
    Ok(crate::exit::SUCCESS)
}

/// Two runs' figures and their changes (`--json` of `yr bench compare`).
#[derive(Debug, Serialize)]
pub struct Comparison {
    pub old: Side,
    pub new: Side,
    pub throughput: Change,
    pub latency_ms: Latencies,
    pub error_rate: Change,
    pub failures_by_code: Vec<CodeChange>,
}

#[derive(Debug, Serialize)]
pub struct Side {
    pub file: String,
    pub function: String,
    pub calls: u64,
    pub duration_s: f64,
}

/// A figure in both runs and its change: `change` is new − old, `change_pct` that in percent of old (null when
/// old is 0 or either is missing: a run in which no call got an answer has no latency or calls/s).
#[derive(Debug, Serialize)]
pub struct Change {
    pub old: Option<f64>,
    pub new: Option<f64>,
    pub change: Option<f64>,
    pub change_pct: Option<f64>,
}

#[derive(Debug, Serialize)]
pub struct Latencies {
    pub p50: Change,
    pub p90: Change,
    pub p99: Change,
    pub max: Change,
}

/// One failure kind's count in both runs, and its share of each run's calls.
#[derive(Debug, Serialize)]
pub struct CodeChange {
    pub code: Option<i64>,
    pub status: Option<u16>,
    pub class: Class,
    pub name: String,
    pub old: u64,
    pub new: u64,
    pub change: i64,
    pub old_share: f64,
    pub new_share: f64,
    pub share_change: f64,
    #[serde(skip)]
    what: String,
}

impl Change {
    fn of(old: Option<f64>, new: Option<f64>) -> Change {
        let change = old.zip(new).map(|(o, n)| round(n - o, 6) + 0.0);
        Change {
            old,
            new,
            change,
            change_pct: old
                .zip(new)
                .filter(|(o, _)| *o != 0.0)
                .map(|(o, n)| round((n - o) / o * 100.0, 2) + 0.0),
        }
    }
}

impl Comparison {
    pub fn of(old: (&str, &Report), new: (&str, &Report)) -> Comparison {
        let side = |(file, r): (&str, &Report)| Side {
            file: file.to_string(),
            function: r.function.clone(),
            calls: r.calls,
            duration_s: r.duration_s,
        };
        let answered = |r: &Report| r.answered > 0;
        let figure = |pick: fn(&Report) -> f64| {
            Change::of(
                Some(old.1).filter(|r| answered(r)).map(pick),
                Some(new.1).filter(|r| answered(r)).map(pick),
            )
        };
        Comparison {
            old: side(old),
            new: side(new),
            throughput: figure(|r| r.throughput),
            latency_ms: Latencies {
                p50: figure(|r| r.latency_ms.p50),
                p90: figure(|r| r.latency_ms.p90),
                p99: figure(|r| r.latency_ms.p99),
                max: figure(|r| r.latency_ms.max),
            },
            error_rate: Change::of(Some(old.1.error_rate), Some(new.1.error_rate)),
            failures_by_code: code_changes(old.1, new.1),
        }
    }

    /// The comparison for people: a table of old, new and the change with its sign.
    pub fn to_text(&self, palette: &Palette) -> String {
        let mut out = String::new();
        for (label, side) in [("old", &self.old), ("new", &self.new)] {
            let _ = writeln!(
                out,
                "{} {}: {} · {} in {}",
                palette.paint(label, Paint::Key),
                side.file,
                side.function,
                super::figures::calls_word(side.calls),
                human_duration(Duration::from_millis((side.duration_s.max(0.0) * 1000.0).round() as u64))
            );
        }
        out.push('\n');
        let _ = writeln!(out, "{:<12} {:>12} {:>12} {:>12}", "", "old", "new", "change");
        let rows = [
            ("calls/s", &self.throughput, Unit::Rate),
            ("p50", &self.latency_ms.p50, Unit::Ms),
            ("p90", &self.latency_ms.p90, Unit::Ms),
            ("p99", &self.latency_ms.p99, Unit::Ms),
            ("max", &self.latency_ms.max, Unit::Ms),
            ("error rate", &self.error_rate, Unit::Share),
        ];
        for (label, change, unit) in rows {
            let delta = match unit {
                Unit::Share => change.change.map(|c| format!("{:+.2} pts", c * 100.0 + 0.0)),
                _ => change.change_pct.map(|p| format!("{p:+.1}%")),
            };
            let _ = writeln!(
                out,
                "{label:<12} {:>12} {:>12} {:>12}",
                unit.show(change.old),
                unit.show(change.new),
                delta.unwrap_or_else(|| "–".into())
            );
        }
        if !self.failures_by_code.is_empty() {
            out.push('\n');
            let _ = writeln!(
                out,
                "{:<12} {:>12} {:>12} {:>12}",
                palette.paint("failures", Paint::Error),
                "old",
                "new",
                "change"
            );
            for c in &self.failures_by_code {
                let _ = writeln!(
                    out,
                    "  {:<10} {:>12} {:>12} {:>12}  {:+.2} pts  {} {}",
                    c.what,
                    c.old,
                    c.new,
                    format!("{:+}", c.change),
                    c.share_change * 100.0 + 0.0,
                    c.class,
                    c.name
                );
            }
        }
        out
    }
}

#[derive(Clone, Copy)]
enum Unit {
    Rate,
    Ms,
    Share,
}

impl Unit {
    fn show(self, value: Option<f64>) -> String {
        match (self, value) {
            (_, None) => "–".into(),
            (Unit::Rate, Some(v)) => format!("{v:.1}"),
            (Unit::Ms, Some(v)) => ms(v),
            (Unit::Share, Some(v)) => format!("{:.2}%", v * 100.0),
        }
    }
}

/// Every failure kind of either run, the most frequent (in either) first.
fn code_changes(old: &Report, new: &Report) -> Vec<CodeChange> {
    let mut kinds: BTreeMap<FailureKind, (Option<&FailureRow>, Option<&FailureRow>)> = BTreeMap::new();
    for row in &old.failures_by_code {
        kinds.entry(row.kind.clone()).or_default().0 = Some(row);
    }
    for row in &new.failures_by_code {
        kinds.entry(row.kind.clone()).or_default().1 = Some(row);
    }
    let share = |count: u64, calls: u64| if calls == 0 { 0.0 } else { count as f64 / calls as f64 };
    let mut changes: Vec<(u64, FailureKind, CodeChange)> = kinds
        .into_iter()
        .filter_map(|(kind, (o, n))| {
            let row = n.or(o)?;
            let (old_count, new_count) = (o.map_or(0, |r| r.count), n.map_or(0, |r| r.count));
            let (old_share, new_share) = (share(old_count, old.calls), share(new_count, new.calls));
            let what = match (row.code, row.status) {
                (Some(code), _) => format!("code {code}"),
                (None, Some(status)) => format!("HTTP {status}"),
                (None, None) => "no answer".to_string(),
            };
            let change = CodeChange {
                code: row.code,
                status: row.status,
                class: row.class,
                name: row.name.clone(),
                old: old_count,
                new: new_count,
                change: new_count as i64 - old_count as i64,
                old_share: round(old_share, 6),
                new_share: round(new_share, 6),
                share_change: round(new_share - old_share, 6) + 0.0,
                what,
            };
            Some((old_count.max(new_count), kind, change))
        })
        .collect();
    changes.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    changes.into_iter().map(|(_, _, change)| change).collect()
}

/// Milliseconds as the report writes durations.
fn ms(value: f64) -> String {
    human_duration(Duration::from_micros((value.max(0.0) * 1000.0).round() as u64))
}

fn round(value: f64, digits: i32) -> f64 {
    let scale = 10f64.powi(digits);
    (value * scale).round() / scale
}
