//! Saved bench runs: `--save` keeps a run whole and `yr bench show` prints the very report the run printed;
//! `yr bench compare` gives each figure's change with its sign; `--baseline --max-regression` is a gate; `yr bench
//! merge` adds runs made at once into one report, exactly (counts add up, percentiles are those of all the calls);
//! bad saved files are usage errors that name the file and where it was given.

use crate::support::*;

use std::thread;

use base64::Engine as _;
use hdrhistogram::Histogram;
use hdrhistogram::serialization::Deserializer;
use serde_json::Value;

/// A function that fails (exit 1, so inner code 4002 with the words `boom`) on every third call; exact with -c 1.
fn every_third_fails(name: &str, dir: &TempDir) -> String {
    let counter = dir.path.join(format!("{name}.count"));
    let counter = counter.display();
    format!(
        "{name}=n=$(( $(cat {counter} 2>/dev/null || echo 0) + 1 )); echo $n > {counter}; \
         if [ $((n % 3)) -eq 0 ]; then echo boom >&2; exit 1; fi; echo ok"
    )
}

/// A function that fails about one call in four, at random: runs side by side have different counts.
fn sometimes_fails(name: &str) -> String {
    format!("{name}=if [ $(( $(od -An -N1 -tu1 /dev/urandom) % 4 )) -eq 0 ]; then echo flaky >&2; exit 1; fi; echo ok")
}

/// `yr bench ARGS... -e ENDPOINT`.
fn bench(endpoint: &str, args: &[&str]) -> Run {
    run(yr().arg("bench").args(args).args(["-e", endpoint]))
}

/// `yr bench ARGS...` with no endpoint: the commands that read saved runs.
fn saved(args: &[&str]) -> Run {
    run(yr().arg("bench").args(args))
}

fn path(dir: &TempDir, name: &str) -> String {
    dir.path.join(name).display().to_string()
}

fn json_of(run: &Run) -> Value {
    serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("not JSON ({e}): {run:?}"))
}

fn read_json(file: &str) -> Value {
    let text = std::fs::read_to_string(file).unwrap_or_else(|e| panic!("read {file}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{file} is not JSON ({e})"))
}

/// A histogram of a saved file, decoded as any HdrHistogram reader would: base64, then the V2 encoding.
fn histogram(saved: &Value, field: &str) -> Histogram<u64> {
    let text = saved["tally"][field]
        .as_str()
        .unwrap_or_else(|| panic!("tally.{field} in {saved}"));
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(text)
        .unwrap_or_else(|e| panic!("tally.{field} is not base64: {e}"));
    Deserializer::new()
        .deserialize(&mut bytes.as_slice())
        .unwrap_or_else(|e| panic!("tally.{field} is not a V2 HdrHistogram: {e:?}"))
}

#[track_caller]
fn u64_of(value: &Value, key: &str) -> u64 {
    value[key].as_u64().unwrap_or_else(|| panic!("{key} in {value}"))
}

#[track_caller]
fn f64_of(value: &Value, key: &str) -> f64 {
    value[key].as_f64().unwrap_or_else(|| panic!("{key} in {value}"))
}

// ---------------------------------------------------------------------------
// --save and show
// ---------------------------------------------------------------------------

#[test]
fn a_saved_run_shows_the_very_report_it_printed() {
    let dir = TempDir::new();
    let emulator = Emulator::start(&["--function", &every_third_fails("third", &dir)]);
    let file = path(&dir, "run.json");
    // Failures with their words, a failed gate: every part of the report.
    let printed = bench(
        &emulator.url,
        &[
            "third",
            "-n",
            "30",
            "-c",
            "1",
            "--max-error-rate",
            "0.1",
            "--save",
            &file,
        ],
    );
    assert_eq!(printed.code, 8, "{printed:?}");
    assert!(
        printed.stdout.contains("\nfailures\n") && printed.stdout.contains("boom"),
        "{printed:?}"
    );
    assert!(printed.stdout.contains("gate max-error-rate FAIL"), "{printed:?}");
    let shown = saved(&["show", &file]);
    assert_ok(&shown, &printed.stdout);

    let json_file = path(&dir, "json.json");
    let printed = bench(
        &emulator.url,
        &["third", "-n", "9", "-c", "1", "--json", "--save", &json_file],
    );
    assert_eq!(printed.code, 0, "{printed:?}");
    assert_ok(&saved(&["show", &json_file, "--json"]), &printed.stdout);
    // And the other way: the text report of a run printed as JSON.
    let text = saved(&["show", &json_file]);
    assert!(
        text.stdout.starts_with("function ") && text.stdout.contains(": 6 ok, 3 failed"),
        "{text:?}"
    );
}

#[test]
fn a_saved_file_holds_settings_counts_codes_and_every_latency() {
    let dir = TempDir::new();
    let emulator = Emulator::start(&["--function", &every_third_fails("third", &dir)]);
    let file = path(&dir, "run.json");
    let run = bench(
        &emulator.url,
        &[
            "third", "-n", "12", "-c", "1", "--warmup", "0", "--json", "--save", &file,
        ],
    );
    assert_eq!(run.code, 0, "{run:?}");
    let report = json_of(&run);
    let saved = read_json(&file);
    assert_eq!(
        (saved["format"].as_str(), saved["version"].as_u64()),
        (Some("yr-bench-run"), Some(2))
    );
    let settings = &saved["settings"];
    assert_eq!(settings["function"], report["function"]);
    assert_eq!(settings["endpoint"], emulator.url.as_str());
    assert_eq!((u64_of(settings, "requests"), u64_of(settings, "concurrency")), (12, 1));
    let tally = &saved["tally"];
    assert_eq!(u64_of(tally, "successes"), 8);
    let failures = tally["failures"].as_array().expect("failures");
    assert_eq!(failures.len(), 1, "{tally}");
    assert_eq!(failures[0]["kind"], "code");
    assert_eq!(
        (u64_of(&failures[0], "code"), u64_of(&failures[0], "status")),
        (4002, 500)
    );
    assert_eq!(
        (u64_of(&failures[0], "count"), failures[0]["sample"].as_str()),
        (4, Some("boom"))
    );
    // The histograms whole: one recorded latency per call, the failed ones apart, and the report's figures
    // are theirs.
    let (all, failed) = (
        histogram(&saved, "latencies_us"),
        histogram(&saved, "failed_latencies_us"),
    );
    assert_eq!((all.len(), failed.len()), (12, 4));
    assert_eq!(f64_of(&report["latency_ms"], "max"), all.max() as f64 / 1000.0);
    assert_eq!(
        f64_of(&report["latency_ms"], "p50"),
        all.value_at_quantile(0.5) as f64 / 1000.0
    );
    // The --json report is in the file as well, for jq.
    assert_eq!(saved["report"], report);
}

/// Runs `yr bench ARGS` twice, as text and as --json, each saved; `yr bench show` prints each report byte for byte.
/// Returns the --json report and the file it was saved to.
fn shows_as_printed(endpoint: &str, dir: &TempDir, name: &str, args: &[&str]) -> (Value, String) {
    let text_file = path(dir, &format!("{name}.json"));
    let printed = bench(endpoint, &[args, &["--save", &text_file]].concat());
    assert!(ran(&printed), "{name}: {printed:?}");
    assert_ok(&saved(&["show", &text_file]), &printed.stdout);

    let json_file = path(dir, &format!("{name}-json.json"));
    let printed = bench(endpoint, &[args, &["--json", "--save", &json_file]].concat());
    assert!(ran(&printed), "{name}: {printed:?}");
    assert_ok(&saved(&["show", &json_file, "--json"]), &printed.stdout);
    (json_of(&printed), json_file)
}

#[test]
fn a_staged_run_shows_its_stages_as_printed() {
    let dir = TempDir::new();
    let emulator = Emulator::start(&[]);
    let (report, _) = shows_as_printed(
        &emulator.url,
        &dir,
        "staged",
        &["echo", "-c", "2", "--stage", "300ms:20", "--stage", "300ms:20"],
    );
    assert_eq!(report["stages"].as_array().map(Vec::len), Some(2), "{report}");
}

#[test]
fn a_burst_run_shows_its_bursts_as_printed() {
    let dir = TempDir::new();
    let emulator = Emulator::start(&[]);
    let (report, _) = shows_as_printed(
        &emulator.url,
        &dir,
        "burst",
        &["echo", "-n", "6", "-c", "3", "--burst", "3", "--burst-every", "50ms"],
    );
    assert_eq!(u64_of(&report["burst"], "size"), 3, "{report}");
}

#[test]
fn a_run_at_a_rate_shows_its_service_time_as_printed() {
    let dir = TempDir::new();
    let emulator = Emulator::start(&[]);
    let (report, _) = shows_as_printed(&emulator.url, &dir, "rate", &["echo", "-n", "5", "--rate", "50"]);
    assert_eq!(u64_of(&report, "scheduled"), 5, "{report}");
    assert!(!report["service_ms"].is_null(), "{report}");
}

#[test]
fn a_varied_exported_run_shows_its_bodies_sessions_and_export_as_printed() {
    let dir = TempDir::new();
    let emulator = Emulator::start(&[]);
    let bodies = dir.file("bodies.jsonl", "{\"a\":1}\n{\"a\":2}\n{\"a\":3}\n");
    let export = path(&dir, "calls.csv");
    let (report, _) = shows_as_printed(
        &emulator.url,
        &dir,
        "varied",
        &[
            "echo",
            "-n",
            "4",
            "-c",
            "1",
            "--bodies",
            &bodies.display().to_string(),
            "--session-pool",
            "2",
            "--export",
            &export,
        ],
    );
    assert_eq!(u64_of(&report, "distinct_bodies"), 3, "{report}");
    assert_eq!(u64_of(&report["variety"], "sessions"), 2, "{report}");
    assert_eq!(u64_of(&report["export"], "rows"), 4, "{report}");
}

#[test]
fn save_refuses_a_path_it_cannot_write_before_any_call() {
    let dir = TempDir::new();
    let server = ok_server();
    let file = dir.path.join("no-such-dir").join("run.json");
    let run = bench(
        &server.url,
        &["hello", "-n", "3", "--save", &file.display().to_string()],
    );
    assert_eq!(run.code, 2, "{run:?}");
    assert!(
        run.stderr
            .contains(&format!("--save {}: cannot write it", file.display())),
        "{run:?}"
    );
    assert_eq!(server.count(), 0, "no call before the save path is known good");
}

// ---------------------------------------------------------------------------
// compare
// ---------------------------------------------------------------------------

#[test]
fn compare_gives_each_figure_its_change_with_the_sign() {
    let dir = TempDir::new();
    let emulator = Emulator::start(&[
        "--function",
        &every_third_fails("third", &dir),
        "--function",
        "fine=echo ok",
    ]);
    let (old, new) = (path(&dir, "old.json"), path(&dir, "new.json"));
    assert_eq!(
        bench(&emulator.url, &["fine", "-n", "12", "-c", "1", "--save", &old]).code,
        0
    );
    assert_eq!(
        bench(&emulator.url, &["third", "-n", "12", "-c", "1", "--save", &new]).code,
        0
    );

    let run = saved(&["compare", &old, &new, "--json"]);
    assert_eq!((run.code, run.stderr.as_str()), (0, ""), "{run:?}");
    let cmp = json_of(&run);
    assert_eq!(
        (cmp["old"]["file"].as_str(), cmp["new"]["file"].as_str()),
        (Some(old.as_str()), Some(new.as_str()))
    );
    let rate = &cmp["error_rate"];
    assert_eq!((f64_of(rate, "old"), f64_of(rate, "new")), (0.0, 4.0 / 12.0));
    assert!((f64_of(rate, "change") - 4.0 / 12.0).abs() < 1e-6, "{rate}");
    let codes = cmp["failures_by_code"].as_array().expect("failures_by_code");
    assert_eq!(codes.len(), 1, "{cmp}");
    assert_eq!(
        (
            u64_of(&codes[0], "code"),
            u64_of(&codes[0], "old"),
            u64_of(&codes[0], "new")
        ),
        (4002, 0, 4)
    );
    assert_eq!(codes[0]["change"].as_i64(), Some(4));
    // Each figure's change is new - old, and its percentage (new - old) / old, with the sign either way.
    let old_report = read_json(&old)["report"].clone();
    let new_report = read_json(&new)["report"].clone();
    let figures = [
        (
            &cmp["throughput"],
            f64_of(&old_report, "throughput"),
            f64_of(&new_report, "throughput"),
        ),
        (
            &cmp["latency_ms"]["p99"],
            f64_of(&old_report["latency_ms"], "p99"),
            f64_of(&new_report["latency_ms"], "p99"),
        ),
        (
            &cmp["latency_ms"]["p50"],
            f64_of(&old_report["latency_ms"], "p50"),
            f64_of(&new_report["latency_ms"], "p50"),
        ),
    ];
    for (change, o, n) in figures {
        assert_eq!((f64_of(change, "old"), f64_of(change, "new")), (o, n), "{change}");
        assert!((f64_of(change, "change") - (n - o)).abs() < 1e-6, "{change}");
        assert!(
            (f64_of(change, "change_pct") - (n - o) / o * 100.0).abs() < 0.01,
            "{change}"
        );
    }

    let text = saved(&["compare", &old, &new]);
    assert_eq!((text.code, text.stderr.as_str()), (0, ""), "{text:?}");
    let pct = f64_of(&cmp["throughput"], "change_pct");
    let line = text
        .stdout
        .lines()
        .find(|l| l.starts_with("calls/s"))
        .expect("a calls/s line");
    assert!(line.ends_with(&format!("{pct:+.1}%")), "{line:?} vs {pct}");
    let line = text
        .stdout
        .lines()
        .find(|l| l.starts_with("error rate"))
        .expect("an error rate line");
    assert!(line.ends_with("0.00%       33.33%   +33.33 pts"), "{line:?}");
    let line = text
        .stdout
        .lines()
        .find(|l| l.contains("code 4002"))
        .expect("a code 4002 line");
    assert_eq!(
        line.split_whitespace().take(5).collect::<Vec<_>>(),
        ["code", "4002", "0", "4", "+4"],
        "{line:?}"
    );
}

// ---------------------------------------------------------------------------
// --baseline --max-regression
// ---------------------------------------------------------------------------

#[test]
fn a_run_slower_than_its_baseline_fails_the_regression_gate() {
    let dir = TempDir::new();
    let emulator = Emulator::start(&["--function", "fast=echo ok", "--function", "slow=sleep 1; echo ok"]);
    let base = path(&dir, "base.json");
    assert_eq!(
        bench(&emulator.url, &["fast", "-n", "4", "-c", "2", "--save", &base]).code,
        0
    );

    // A second of sleep against a baseline of a few ms: the p99 is far over 10% worse.
    let slow = bench(
        &emulator.url,
        &[
            "slow",
            "-n",
            "2",
            "-c",
            "2",
            "--baseline",
            &base,
            "--max-regression",
            "10%",
            "--json",
        ],
    );
    assert_eq!(slow.code, 8, "{slow:?}");
    let gates = json_of(&slow)["gates"].as_array().expect("gates").clone();
    let p99 = gates
        .iter()
        .find(|g| g["name"] == "max-regression-p99")
        .expect("a p99 gate");
    assert_eq!(
        (p99["passed"].as_bool(), f64_of(p99, "limit")),
        (Some(false), 10.0),
        "{p99}"
    );
    assert!(f64_of(p99, "actual") > 10.0, "{p99}");
    assert!(
        p99["note"]
            .as_str()
            .is_some_and(|n| n.starts_with(&format!("baseline {base} p99 "))),
        "{p99}"
    );
    assert!(
        gates.iter().any(|g| g["name"] == "max-regression-throughput"),
        "{gates:?}"
    );

    // Against itself with room to spare, the same function passes (exit 0); the text report says so.
    let same = bench(
        &emulator.url,
        &[
            "fast",
            "-n",
            "4",
            "-c",
            "2",
            "--baseline",
            &base,
            "--max-regression",
            "100000%",
        ],
    );
    assert_eq!(same.code, 0, "{same:?}");
    assert!(same.stdout.contains("gate max-regression-p99 pass: "), "{same:?}");
    assert!(
        same.stdout.contains("gate max-regression-throughput pass: "),
        "{same:?}"
    );
}

#[test]
fn a_bad_baseline_is_a_usage_error_naming_the_file_and_the_flag() {
    let dir = TempDir::new();
    let server = ok_server();
    let emulator = Emulator::start(&[]);
    let good = path(&dir, "good.json");
    assert_eq!(bench(&emulator.url, &["echo", "-n", "2", "--save", &good]).code, 0);
    let mut newer = read_json(&good);
    newer["version"] = Value::from(99);
    let cases = [
        (path(&dir, "missing.json"), "cannot read it".to_string()),
        (
            dir.file("broken.json", "{\n  \"format\": \"yr-bench-run\",\n  oops\n}")
                .display()
                .to_string(),
            ":3:3: not a saved run (not JSON: key must be a string)".to_string(),
        ),
        (
            dir.file("other.json", "{\"calls\": 3}").display().to_string(),
            ": not a run saved by `yr bench --save`".to_string(),
        ),
        (
            dir.file("newer.json", newer.to_string()).display().to_string(),
            ": saved in format version 99 by yr ".to_string(),
        ),
    ];
    for (file, words) in &cases {
        let run = bench(
            &server.url,
            &["hello", "-n", "1", "--baseline", file, "--max-regression", "10%"],
        );
        assert_eq!(run.code, 2, "{file}: {run:?}");
        assert!(run.stderr.contains(&format!("--baseline {file}")), "{file}: {run:?}");
        assert!(run.stderr.contains(words.as_str()), "{file}: {words:?} in {run:?}");
        assert_eq!(run.stdout, "", "{run:?}");
    }
    // The same errors for the commands that read saved runs, naming the argument.
    let (missing, broken) = (&cases[0].0, &cases[1].0);
    let run = saved(&["compare", &good, missing]);
    assert!(
        run.code == 2 && run.stderr.contains(&format!("NEW {missing}: cannot read it")),
        "{run:?}"
    );
    let run = saved(&["merge", &good, broken]);
    assert!(
        run.code == 2 && run.stderr.contains(&format!("FILE {broken}:3:3: ")),
        "{run:?}"
    );
    let run = saved(&["show", &cases[2].0]);
    assert!(
        run.code == 2 && run.stderr.contains("not a run saved by `yr bench --save`"),
        "{run:?}"
    );
    // A limit needs its baseline, and a percentage its sign.
    let run = bench(&server.url, &["hello", "--max-regression", "10%"]);
    assert!(run.code == 2 && run.stderr.contains("--baseline"), "{run:?}");
    let run = bench(&server.url, &["hello", "--baseline", &good, "--max-regression", "10"]);
    assert!(run.code == 2 && run.stderr.contains("needs a % sign"), "{run:?}");
    assert_eq!(server.count(), 0, "nothing is sent on a bad baseline");
}

// ---------------------------------------------------------------------------
// merge
// ---------------------------------------------------------------------------

/// The value at `quantile` of `values` (sorted) as HdrHistogram defines it: the smallest value with at least
/// `ceil(quantile × n)` (and at least one) values at or below it.
fn quantile(values: &[u64], quantile: f64) -> u64 {
    let rank = ((quantile * values.len() as f64).ceil() as usize).max(1);
    values[rank.min(values.len()) - 1]
}

/// Every recorded latency, one entry per call (at the histogram's resolution).
fn latencies(histogram: &Histogram<u64>) -> Vec<u64> {
    histogram
        .iter_recorded()
        .flat_map(|v| std::iter::repeat_n(v.value_iterated_to(), v.count_at_value() as usize))
        .collect()
}

#[test]
fn two_benches_at_once_merge_into_one_exact_report() {
    let dir = TempDir::new();
    let emulator = Emulator::start(&["--function", &sometimes_fails("flaky")]);
    let files: Vec<String> = ["a.json", "b.json"].iter().map(|f| path(&dir, f)).collect();
    let url = emulator.url.clone();
    let benches: Vec<_> = [("30", "2"), ("40", "3")]
        .into_iter()
        .zip(files.clone())
        .map(|((n, c), file)| {
            let url = url.clone();
            thread::spawn(move || bench(&url, &["flaky", "-n", n, "-c", c, "--json", "--save", &file]))
        })
        .collect();
    let parts: Vec<Value> = benches
        .into_iter()
        .map(|b| {
            let run = b.join().expect("a bench thread");
            assert!(run.code == 0 || run.code == 6, "{run:?}");
            json_of(&run)
        })
        .collect();
    let out = path(&dir, "all.json");
    let merged_run = saved(&["merge", &files[0], &files[1], "--save", &out, "--json"]);
    assert_eq!((merged_run.code, merged_run.stderr.as_str()), (0, ""), "{merged_run:?}");
    let merged = json_of(&merged_run);

    // Every count adds up; the duration is the longest run's, and calls/s all calls over it.
    for key in ["calls", "successes", "failures", "started", "concurrency"] {
        assert_eq!(
            u64_of(&merged, key),
            u64_of(&parts[0], key) + u64_of(&parts[1], key),
            "{key} in {merged}"
        );
    }
    assert_eq!(u64_of(&merged, "calls"), 70);
    let count_of = |report: &Value, code: u64| -> u64 {
        report["failures_by_code"]
            .as_array()
            .expect("rows")
            .iter()
            .filter(|r| r["code"].as_u64() == Some(code))
            .map(|r| u64_of(r, "count"))
            .sum()
    };
    assert_eq!(
        count_of(&merged, 4002),
        count_of(&parts[0], 4002) + count_of(&parts[1], 4002)
    );
    assert_eq!(u64_of(&merged, "failures"), count_of(&merged, 4002), "{merged}");
    let longest = f64_of(&parts[0], "duration_s").max(f64_of(&parts[1], "duration_s"));
    assert_eq!(f64_of(&merged, "duration_s"), longest);
    let rate = 70.0 / longest;
    assert!((f64_of(&merged, "throughput") - rate).abs() <= rate * 0.01, "{merged}");

    // Every percentile is the one of both runs' latencies together, within the histogram's precision (3
    // significant digits).
    let (a, b) = (read_json(&files[0]), read_json(&files[1]));
    let mut all = latencies(&histogram(&a, "latencies_us"));
    all.extend(latencies(&histogram(&b, "latencies_us")));
    all.sort_unstable();
    assert_eq!(all.len(), 70);
    let figures = &merged["latency_ms"];
    let exact = |key: &str, micros: u64| {
        let figure = f64_of(figures, key) * 1000.0;
        assert!(
            (figure - micros as f64).abs() <= micros as f64 * 1e-3 + 1.0,
            "{key}: merged {figure} µs, from the raw latencies {micros} µs"
        );
    };
    exact("min", all[0]);
    exact("max", all[all.len() - 1]);
    for (key, q) in [("p50", 0.5), ("p90", 0.9), ("p99", 0.99), ("p99_9", 0.999)] {
        exact(key, quantile(&all, q));
    }
    let mean = all.iter().sum::<u64>() as f64 / all.len() as f64;
    assert!(
        (f64_of(figures, "mean") * 1000.0 - mean).abs() <= mean * 1e-3 + 1.0,
        "mean {figures}"
    );

    // The merged run saved, its histogram the sum of both, value by value; shown, it is the merge's report.
    let saved_all = read_json(&out);
    assert_eq!(saved_all["merged_from"], serde_json::json!(files));
    assert_eq!(latencies(&histogram(&saved_all, "latencies_us")), all);
    assert_ok(&saved(&["show", &out, "--json"]), &merged_run.stdout);
}

/// A histogram the saved file holds at `pointer` (a JSON pointer into it), decoded as any HdrHistogram reader would.
fn histogram_at(saved: &Value, pointer: &str) -> Histogram<u64> {
    let text = saved
        .pointer(pointer)
        .and_then(Value::as_str)
        .unwrap_or_else(|| panic!("{pointer} in {saved}"));
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(text)
        .unwrap_or_else(|e| panic!("{pointer} is not base64: {e}"));
    Deserializer::new()
        .deserialize(&mut bytes.as_slice())
        .unwrap_or_else(|e| panic!("{pointer} is not a V2 HdrHistogram: {e:?}"))
}

/// As histogram_at, and empty where the file has none: a run in which no call finished (a busy machine) has no
/// service time and no stage tallies.
fn histogram_or_none(saved: &Value, pointer: &str) -> Histogram<u64> {
    match saved.pointer(pointer) {
        None | Some(Value::Null) => Histogram::new(3).expect("a histogram"),
        Some(_) => histogram_at(saved, pointer),
    }
}

/// A run that made its report: all ok (0), or some failed (6), or none finished on a busy machine (7).
fn ran(run: &Run) -> bool {
    [0, 6, 7].contains(&run.code)
}

#[test]
fn staged_runs_merge_stage_by_stage() {
    let dir = TempDir::new();
    let emulator = Emulator::start(&["--function", &sometimes_fails("flaky")]);
    let files: Vec<String> = ["a.json", "b.json"].iter().map(|f| path(&dir, f)).collect();
    let benches: Vec<_> = [("2", "20"), ("3", "30")]
        .into_iter()
        .zip(files.clone())
        .map(|((c, target), file)| {
            let url = emulator.url.clone();
            let stage = format!("300ms:{target}");
            thread::spawn(move || {
                bench(
                    &url,
                    &[
                        "flaky", "-c", c, "--stage", &stage, "--stage", &stage, "--json", "--save", &file,
                    ],
                )
            })
        })
        .collect();
    let parts: Vec<Value> = benches
        .into_iter()
        .map(|b| {
            let run = b.join().expect("a bench thread");
            assert!(ran(&run), "{run:?}");
            json_of(&run)
        })
        .collect();
    let out = path(&dir, "all.json");
    let merged_run = saved(&["merge", &files[0], &files[1], "--save", &out, "--json"]);
    assert_eq!((merged_run.code, merged_run.stderr.as_str()), (0, ""), "{merged_run:?}");
    let merged = json_of(&merged_run);
    let stages = merged["stages"].as_array().expect("stages").clone();
    assert_eq!(stages.len(), 2, "{merged}");
    let (a, b) = (read_json(&files[0]), read_json(&files[1]));
    let ms = |h: &Histogram<u64>, q: f64| h.value_at_quantile(q) as f64 / 1000.0;
    for (i, stage) in stages.iter().enumerate() {
        // Counts add up, and so do the targets (two machines at 20 and 30 calls/s load it at 50).
        for key in ["calls", "successes", "failures"] {
            assert_eq!(
                u64_of(stage, key),
                u64_of(&parts[0]["stages"][i], key) + u64_of(&parts[1]["stages"][i], key),
                "stage {i} {key}: {merged}"
            );
        }
        assert_eq!(f64_of(stage, "to_rate"), 50.0, "{stage}");
        assert_eq!(f64_of(stage, "duration_s"), 0.3, "{stage}");
        // Percentiles are those of both runs' histograms of the stage together.
        let pointer = format!("/tally/stages/{i}/ok_latencies_us");
        let mut both = histogram_or_none(&a, &pointer);
        both.add(histogram_or_none(&b, &pointer)).expect("add");
        assert_eq!(both.len(), u64_of(stage, "successes"), "stage {i}");
        let p = &stage["latency_ms"];
        // A busy machine may finish no call of a stage: then there is nothing to take percentiles of.
        assert_eq!(p.is_null(), both.is_empty(), "stage {i}: {stage}");
        for (key, q) in [("p50", 0.5), ("p90", 0.9), ("p99", 0.99)]
            .iter()
            .filter(|_| !both.is_empty())
        {
            assert_eq!(f64_of(p, key), ms(&both, *q), "stage {i} {key}: {stage}");
        }
    }
    assert_eq!(
        u64_of(&merged, "calls"),
        stages.iter().map(|s| u64_of(s, "calls")).sum::<u64>()
    );
    // The service time merges as the latencies do.
    let mut service = histogram_or_none(&a, "/tally/service_us");
    service.add(histogram_or_none(&b, "/tally/service_us")).expect("add");
    assert_eq!(service.len(), u64_of(&merged, "calls"));
    if !service.is_empty() {
        assert_eq!(f64_of(&merged["service_ms"], "p99"), ms(&service, 0.99), "{merged}");
        assert_eq!(f64_of(&merged["service_ms"], "max"), service.max() as f64 / 1000.0);
    }
    assert_eq!(
        u64_of(&merged, "scheduled"),
        u64_of(&parts[0], "scheduled") + u64_of(&parts[1], "scheduled")
    );
    // Saved and shown, the merge is the same report.
    assert_ok(&saved(&["show", &out, "--json"]), &merged_run.stdout);

    // Stages of other lengths, or none, do not add up stage by stage: refused, naming the file.
    let other = path(&dir, "other.json");
    let run = bench(
        &emulator.url,
        &["flaky", "-c", "2", "--stage", "200ms:20", "--save", &other],
    );
    assert!(ran(&run), "{run:?}");
    let plain = path(&dir, "plain.json");
    let run = bench(&emulator.url, &["flaky", "-n", "3", "--save", &plain]);
    assert!(ran(&run), "{run:?}");
    for odd in [&other, &plain] {
        let run = saved(&["merge", &files[0], odd]);
        assert_eq!(run.code, 2, "{run:?}");
        assert!(
            run.stderr.contains(&format!("FILE {odd}: ")) && run.stderr.contains("--stage"),
            "{run:?}"
        );
    }
}

#[test]
fn a_version_1_file_still_reads() {
    let dir = TempDir::new();
    let emulator = Emulator::start(&[]);
    let file = path(&dir, "run.json");
    let printed = bench(&emulator.url, &["echo", "-n", "3", "-c", "1", "--save", &file]);
    assert_eq!(printed.code, 0, "{printed:?}");
    // As the first format wrote it: no schedule, stages, service time or figures.
    let mut old = read_json(&file);
    assert_eq!(old["version"].as_u64(), Some(2));
    old["version"] = Value::from(1);
    old["settings"].as_object_mut().expect("settings").remove("schedule");
    for key in ["stages", "service_us"] {
        old["tally"].as_object_mut().expect("tally").remove(key);
    }
    old.as_object_mut().expect("run").remove("figures");
    let v1 = dir.file("v1.json", old.to_string()).display().to_string();
    assert_ok(&saved(&["show", &v1]), &printed.stdout);
}

#[test]
fn merge_adds_up_runs_of_one_function_only() {
    let dir = TempDir::new();
    let emulator = Emulator::start(&["--function", "other=echo ok"]);
    let (a, b) = (path(&dir, "a.json"), path(&dir, "b.json"));
    assert_eq!(bench(&emulator.url, &["echo", "-n", "2", "--save", &a]).code, 0);
    assert_eq!(bench(&emulator.url, &["other", "-n", "2", "--save", &b]).code, 0);
    let run = saved(&["merge", &a, &b]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stderr.contains(&format!("FILE {b}: a run of ")), "{run:?}");
    assert!(run.stderr.contains("merge adds up runs of one function"), "{run:?}");
}

/// A function named like one of bench's commands is still called: with its version, as any name may be written.
#[test]
fn a_function_named_compare_is_called_with_its_version() {
    let emulator = Emulator::start(&["--function", "compare=echo ok"]);
    let run = bench(&emulator.url, &["compare:latest", "-n", "2", "--json"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(u64_of(&json_of(&run), "successes"), 2);
    // Bare, it is the command, which wants its two files.
    let run = bench(&emulator.url, &["compare", "-n", "2"]);
    assert_eq!(run.code, 2, "{run:?}");
}
