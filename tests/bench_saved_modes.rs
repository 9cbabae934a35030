//! Saved `--stream` and `--async` runs (issue 21): the file keeps the modes' tallies, so `yr bench show` prints the
//! very report the run printed, stream and async figures included, and `yr bench merge` adds them up exactly; runs
//! made in different modes are refused; a format-2 file saved before the modes were kept still reads.

use crate::support::*;

use std::thread;

use base64::Engine as _;
use hdrhistogram::Histogram;
use hdrhistogram::serialization::Deserializer;
use serde_json::Value;

/// A function that writes one to three frames, at random: runs side by side have different frame counts.
const SOME_FRAMES: &str = "lines=n=$(( $(od -An -N1 -tu1 /dev/urandom) % 3 + 1 )); i=0; \
                           while [ $i -lt $n ]; do i=$((i + 1)); echo frame $i; done";

fn bench(endpoint: &str, args: &[&str]) -> Run {
    run(yr().arg("bench").args(args).args(["-e", endpoint, "--ignore-stdin"]))
}

/// `yr bench ARGS...` with no endpoint: the commands that read saved runs.
fn saved(args: &[&str]) -> Run {
    run(yr().arg("bench").args(args))
}

fn path(dir: &TempDir, name: &str) -> String {
    dir.path.join(name).display().to_string()
}

#[track_caller]
fn json_of(run: &Run) -> Value {
    serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("not JSON ({e}): {run:?}"))
}

fn read_json(file: &str) -> Value {
    let text = std::fs::read_to_string(file).unwrap_or_else(|e| panic!("read {file}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{file} is not JSON ({e})"))
}

/// The histogram a saved file holds at `pointer`, decoded as any HdrHistogram reader would (empty where it has
/// none: no stream of a busy run may have succeeded).
#[track_caller]
fn histogram_at(saved: &Value, pointer: &str) -> Histogram<u64> {
    let Some(text) = saved.pointer(pointer).and_then(Value::as_str) else {
        assert!(
            saved.pointer(pointer).is_some_and(Value::is_null),
            "{pointer} is neither a histogram nor null in {saved}"
        );
        return Histogram::new(3).expect("a histogram");
    };
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(text)
        .unwrap_or_else(|e| panic!("{pointer} is not base64: {e}"));
    Deserializer::new()
        .deserialize(&mut bytes.as_slice())
        .unwrap_or_else(|e| panic!("{pointer} is not a V2 HdrHistogram: {e:?}"))
}

#[track_caller]
fn u64_at(value: &Value, pointer: &str) -> u64 {
    value
        .pointer(pointer)
        .and_then(Value::as_u64)
        .unwrap_or_else(|| panic!("{pointer} in {value}"))
}

/// A run that made its report: all ok (0), or some failed (6).
#[track_caller]
fn assert_ran(run: &Run) {
    assert!([0, 6].contains(&run.code), "{run:?}");
}

/// Runs `yr bench ARGS` as text and as --json, each saved; `yr bench show` prints each report byte for byte.
/// Returns the --json report and the file it was saved to.
fn shows_as_printed(endpoint: &str, dir: &TempDir, name: &str, args: &[&str]) -> (Value, String) {
    let text_file = path(dir, &format!("{name}.json"));
    let printed = bench(endpoint, &[args, &["--save", &text_file]].concat());
    assert_eq!(printed.code, 0, "{name}: {printed:?}");
    assert_ok(&saved(&["show", &text_file]), &printed.stdout);

    let json_file = path(dir, &format!("{name}-json.json"));
    let printed = bench(endpoint, &[args, &["--json", "--save", &json_file]].concat());
    assert_eq!(printed.code, 0, "{name}: {printed:?}");
    assert_ok(&saved(&["show", &json_file, "--json"]), &printed.stdout);
    (json_of(&printed), json_file)
}

#[test]
fn a_stream_run_shows_its_stream_figures_as_printed() {
    let dir = TempDir::new();
    let emulator = Emulator::start(&["--function", "lines=echo one; echo two; echo three"]);
    let (report, file) = shows_as_printed(
        &emulator.url,
        &dir,
        "stream",
        &["lines", "--stream", "-n", "4", "-c", "2"],
    );
    assert_eq!(u64_at(&report, "/stream/frames/total"), 12, "{report}");
    // The file keeps the tallies the figures come from: one first and one last frame per successful stream.
    let saved = read_json(&file);
    assert_eq!(saved["settings"]["mode"], "stream", "{saved}");
    for field in ["first_frame_us", "last_frame_us"] {
        assert_eq!(
            histogram_at(&saved, &format!("/tally/modes/{field}")).len(),
            4,
            "{field}"
        );
    }
    assert_eq!(
        histogram_at(&saved, "/tally/modes/last_frame_us").max() as f64 / 1000.0,
        report["stream"]["last_frame_ms"]["max"].as_f64().expect("max"),
    );
    assert_eq!(
        (
            u64_at(&saved, "/tally/modes/streams"),
            u64_at(&saved, "/tally/modes/frames")
        ),
        (4, 12)
    );
}

#[test]
fn an_async_run_shows_its_async_figures_as_printed() {
    let dir = TempDir::new();
    let emulator = Emulator::start(&["--function", "slow=sleep 0.05; echo done"]);
    let (report, file) = shows_as_printed(
        &emulator.url,
        &dir,
        "async",
        &["slow", "--async", "--poll-interval", "20ms", "-n", "3", "-c", "1"],
    );
    assert_eq!(u64_at(&report, "/async/accepted"), 3, "{report}");
    let saved = read_json(&file);
    assert_eq!(saved["settings"]["mode"], "async", "{saved}");
    assert_eq!(histogram_at(&saved, "/tally/modes/accepted_us").len(), 3);
    assert_eq!(histogram_at(&saved, "/tally/modes/finished_us").len(), 3);
    assert_eq!(u64_at(&saved, "/tally/modes/polls"), u64_at(&report, "/async/polls"));
}

/// A format-2 file saved before the modes were kept (no `settings.mode`, no `tally.modes`) reads as it always did:
/// the run's report without its stream figures.
#[test]
fn a_format_2_file_without_the_modes_still_reads() {
    let dir = TempDir::new();
    let emulator = Emulator::start(&["--function", "lines=echo one; echo two"]);
    let file = path(&dir, "run.json");
    let printed = bench(
        &emulator.url,
        &["lines", "--stream", "-n", "2", "--json", "--save", &file],
    );
    assert_eq!(printed.code, 0, "{printed:?}");
    let mut old = read_json(&file);
    assert_eq!(old["version"].as_u64(), Some(2));
    old["settings"].as_object_mut().expect("settings").remove("mode");
    old["tally"]
        .as_object_mut()
        .expect("tally")
        .remove("modes")
        .expect("tally.modes");
    let before = dir.file("before.json", old.to_string()).display().to_string();
    let shown = saved(&["show", &before, "--json"]);
    assert_eq!((shown.code, shown.stderr.as_str()), (0, ""), "{shown:?}");
    let mut expected = json_of(&printed);
    assert!(!expected["stream"].is_null(), "{expected}");
    expected["stream"] = Value::Null;
    assert_eq!(json_of(&shown), expected);
}

#[test]
fn stream_runs_merge_their_stream_figures() {
    let dir = TempDir::new();
    let emulator = Emulator::start(&["--function", SOME_FRAMES]);
    let files: Vec<String> = ["a.json", "b.json"].iter().map(|f| path(&dir, f)).collect();
    let benches: Vec<_> = [("12", "2"), ("16", "3")]
        .into_iter()
        .zip(files.clone())
        .map(|((n, c), file)| {
            let url = emulator.url.clone();
            thread::spawn(move || {
                bench(
                    &url,
                    &["lines", "--stream", "-n", n, "-c", c, "--json", "--save", &file],
                )
            })
        })
        .collect();
    let parts: Vec<Value> = benches
        .into_iter()
        .map(|b| {
            let run = b.join().expect("a bench thread");
            assert_ran(&run);
            json_of(&run)
        })
        .collect();
    let out = path(&dir, "all.json");
    let merged_run = saved(&["merge", &files[0], &files[1], "--save", &out, "--json"]);
    assert_eq!((merged_run.code, merged_run.stderr.as_str()), (0, ""), "{merged_run:?}");
    let merged = json_of(&merged_run);

    // Frame counts add up: the fewest and most of one call are those of both runs.
    let frames = |report: &Value, key: &str| u64_at(report, &format!("/stream/frames/{key}"));
    assert_eq!(
        frames(&merged, "total"),
        frames(&parts[0], "total") + frames(&parts[1], "total")
    );
    assert_eq!(
        frames(&merged, "min"),
        frames(&parts[0], "min").min(frames(&parts[1], "min"))
    );
    assert_eq!(
        frames(&merged, "max"),
        frames(&parts[0], "max").max(frames(&parts[1], "max"))
    );
    let streams = u64_at(&merged, "/successes");
    let mean = frames(&merged, "total") as f64 / streams as f64;
    let shown_mean = merged["stream"]["frames"]["mean"].as_f64().expect("mean");
    assert!((shown_mean - mean).abs() <= 5e-4, "{merged}");

    // The times to the first and last frame are those of both runs' histograms together.
    let (a, b) = (read_json(&files[0]), read_json(&files[1]));
    let ms = |h: &Histogram<u64>, q: f64| h.value_at_quantile(q) as f64 / 1000.0;
    for (field, figure) in [("first_frame_us", "first_frame_ms"), ("last_frame_us", "last_frame_ms")] {
        let pointer = format!("/tally/modes/{field}");
        let mut both = histogram_at(&a, &pointer);
        both.add(histogram_at(&b, &pointer)).expect("add");
        assert_eq!(both.len(), streams, "{field}");
        let shown = &merged["stream"][figure];
        for (key, q) in [("p50", 0.5), ("p90", 0.9), ("p99", 0.99), ("p99_9", 0.999)] {
            assert_eq!(shown[key].as_f64(), Some(ms(&both, q)), "{figure}.{key}: {merged}");
        }
        assert_eq!(shown["min"].as_f64(), Some(both.min() as f64 / 1000.0), "{merged}");
        assert_eq!(shown["max"].as_f64(), Some(both.max() as f64 / 1000.0), "{merged}");
    }
    // Saved and shown, the merge is the same report, and still a stream run.
    let saved_all = read_json(&out);
    assert_eq!(saved_all["settings"]["mode"], "stream");
    assert_ok(&saved(&["show", &out, "--json"]), &merged_run.stdout);
}

#[test]
fn async_runs_merge_their_async_figures() {
    let dir = TempDir::new();
    let emulator = Emulator::start(&["--function", "slow=sleep 0.05; echo done"]);
    let files: Vec<String> = ["a.json", "b.json"].iter().map(|f| path(&dir, f)).collect();
    let parts: Vec<Value> = [("2", &files[0]), ("3", &files[1])]
        .into_iter()
        .map(|(n, file)| {
            let run = bench(
                &emulator.url,
                &[
                    "slow",
                    "--async",
                    "--poll-interval",
                    "20ms",
                    "-n",
                    n,
                    "--json",
                    "--save",
                    file,
                ],
            );
            assert_eq!(run.code, 0, "{run:?}");
            json_of(&run)
        })
        .collect();
    let merged = saved(&["merge", &files[0], &files[1], "--json"]);
    assert_eq!((merged.code, merged.stderr.as_str()), (0, ""), "{merged:?}");
    let merged = json_of(&merged);
    for key in ["accepted", "polls"] {
        let pointer = format!("/async/{key}");
        assert_eq!(
            u64_at(&merged, &pointer),
            u64_at(&parts[0], &pointer) + u64_at(&parts[1], &pointer),
            "{key}: {merged}"
        );
    }
    let (a, b) = (read_json(&files[0]), read_json(&files[1]));
    let mut both = histogram_at(&a, "/tally/modes/finished_us");
    both.add(histogram_at(&b, "/tally/modes/finished_us")).expect("add");
    assert_eq!(
        merged["async"]["finished_ms"]["max"].as_f64(),
        Some(both.max() as f64 / 1000.0),
        "{merged}"
    );
}

/// Runs made in different modes do not add up (a stream's figures and a plain call's latency measure different
/// things): refused, naming the file and the modes.
#[test]
fn merge_refuses_runs_of_different_modes() {
    let dir = TempDir::new();
    let emulator = Emulator::start(&["--function", "lines=echo one; echo two"]);
    let stream = path(&dir, "stream.json");
    let asynchronous = path(&dir, "async.json");
    let plain = path(&dir, "plain.json");
    for (file, mode) in [
        (&stream, &["--stream"][..]),
        (&asynchronous, &["--async", "--poll-interval", "20ms"][..]),
        (&plain, &[][..]),
    ] {
        let run = bench(&emulator.url, &[&["lines", "-n", "2", "--save", file], mode].concat());
        assert_eq!(run.code, 0, "{run:?}");
    }
    for (first, odd, words) in [
        (&stream, &asynchronous, "a --async run, unlike"),
        (&stream, &plain, "a run without --stream or --async, unlike"),
        (&plain, &stream, "a --stream run, unlike"),
    ] {
        let run = saved(&["merge", first, odd]);
        assert_eq!(run.code, 2, "{run:?}");
        assert!(run.stdout.is_empty(), "{run:?}");
        assert!(run.stderr.contains(&format!("FILE {odd}: {words} {first}")), "{run:?}");
    }
}
