//! `yr test FILE...`: read every suite, plan every case (nothing is sent until all of them are valid), run them,
//! report as they finish, and decide the one exit code.

use std::collections::HashMap;
use std::sync::Arc;

use anyhow::Result;

use crate::answer::file::{OutputFile, check_file_to_write};
use crate::answer::output::{Ui, Verbosity};
use crate::cli::TestArgs;
use crate::client::config::Connection;
use crate::client::config::ConnectionFlags;
use crate::client::profiles::Needs;
use crate::client::request::TraceparentFlags;
use crate::exit::{self, FlagError, usage};
use crate::suite::call::Reached;
use crate::suite::file::SuiteFile;
use crate::suite::plan::{self, CommandLine, PlannedCase};
use crate::suite::report::{Reporter, Tally};
use crate::suite::run::{self, RunResult, Status, StopReason};
use crate::suite::vars::{self, Variables};
use crate::suite::{junit, tap};

pub fn run(args: &TestArgs, ui: &Ui, profile: Option<&str>) -> Result<u8> {
    let lookup = super::lookup(profile, Needs::EVERYTHING, args.connection.timeout.as_deref(), ui)?;
    let variables = Arc::new(variables(args, lookup.deadline)?);
    let env = |name: &str| variables.get(name);
    let files = args
        .files
        .iter()
        .map(|path| SuiteFile::load(path, &env, lookup.deadline))
        .collect::<Result<Vec<_>>>()?;
    let filter = args
        .filter
        .as_deref()
        .map(|text| {
            crate::values::parse_regex(text).map_err(|why| usage(format!("--filter `{}` {why}", shown_pattern(text))))
        })
        .transpose()?;
    let reports = report_files(args)?;

    // One resolution per distinct endpoint and timeout: warnings (a token over http://) are said once.
    let mut connections: HashMap<(Option<String>, Option<String>), Connection> = HashMap::new();
    let mut connect = |connection_args: &ConnectionFlags| -> Result<Connection, FlagError> {
        let key = (connection_args.endpoint.clone(), connection_args.timeout.clone());
        if let Some(found) = connections.get(&key) {
            return Ok(found.clone());
        }
        let connection = super::connect(connection_args, &lookup, ui)?;
        connections.insert(key, connection.clone());
        Ok(connection)
    };
    let (connection_flags, name_flags) = (args.connection.flags(), args.names.flags());
    let traceparent = TraceparentFlags {
        flag: args.traceparent.clone(),
        env: lookup.env("TRACEPARENT"),
    };
    // Checked once here, so a bad one is the flag's (or the variable's) error, not every case's.
    crate::client::request::outer_trace(&traceparent)?;
    let command_line = CommandLine {
        connection: &connection_flags,
        names: &name_flags,
        traceparent: &traceparent,
    };
    let mut planned = Vec::new();
    for (index, file) in files.iter().enumerate() {
        planned.extend(plan::plan(file, index, &command_line, &lookup, &mut connect)?);
    }
    let total = planned.len();
    let selected: Vec<PlannedCase> = planned
        .into_iter()
        .filter(|case| filter.as_ref().is_none_or(|f| f.is_match(&case.name)))
        .collect();
    if selected.is_empty() {
        return Err(usage(format!(
            "--filter `{}` matches none of the {total} cases",
            args.filter.as_deref().unwrap_or_default()
        )));
    }
    for warning in selected.iter().flat_map(|case| &case.warnings) {
        ui.warn(warning);
    }

    let stop = crate::interrupt::install_flag();
    let notes = if ui.verbosity >= Verbosity::Headers {
        ui.plain_at(Verbosity::Normal)
    } else {
        ui.plain_at(Verbosity::Quiet)
    };
    let options = run::Options {
        jobs: args.jobs as usize,
        fail_fast: args.fail_fast,
        repeat: args.repeat,
        ui: notes,
        variables: variables.clone(),
    };
    let mut reporter = Reporter::new(ui, args.json, reports.jsonl.is_some());
    let cases = Arc::new(selected);
    let result = run::run(cases.clone(), &options, stop, &mut |result, case, progress| {
        reporter.case(result, case, progress)
    });
    let tally = Tally::of(&result, total - cases.len());
    let code = exit_code(&result);
    reporter.finish(&result, &cases, tally, code);
    if let Some(path) = &args.junit {
        junit::write(path, &result, &cases)?;
    }
    if let Some(file) = &reports.tap {
        file.write_whole(tap::render(&result, &cases).as_bytes())?;
    }
    if let (Some(file), Some(lines)) = (&reports.jsonl, reporter.json_lines()) {
        file.write_whole(lines.as_bytes())?;
    }
    Ok(code)
}

/// The report files, checked before anything is sent: `--junit`, `--tap`, `--jsonl`.
struct ReportFiles {
    tap: Option<OutputFile>,
    jsonl: Option<OutputFile>,
}

/// Each file as `-o`'s is checked; two reports in one file would leave only the last, so that is refused too.
fn report_files(args: &TestArgs) -> Result<ReportFiles> {
    let given = [("--junit", &args.junit), ("--tap", &args.tap), ("--jsonl", &args.jsonl)];
    for (i, (flag, path)) in given.iter().enumerate() {
        let Some(path) = path else { continue };
        if let Some((other, _)) = given[..i].iter().find(|(_, p)| p.as_ref() == Some(path)) {
            return Err(usage(format!(
                "{flag} {} is also {other}'s file: give each report its own",
                path.display()
            )));
        }
    }
    if let Some(path) = &args.junit {
        check_file_to_write("--junit", path)?;
    }
    Ok(ReportFiles {
        tap: args
            .tap
            .as_deref()
            .map(|p| check_file_to_write("--tap", p))
            .transpose()?,
        jsonl: args
            .jsonl
            .as_deref()
            .map(|p| check_file_to_write("--jsonl", p))
            .transpose()?,
    })
}

/// `--vars` files in order, then `--var`, then the environment; `--secret` names registered with the redaction.
fn variables(args: &TestArgs, deadline: crate::input::Deadline) -> Result<Variables> {
    let mut from_files = Vec::new();
    for path in &args.vars_files {
        let shown = path.display().to_string();
        let bytes = crate::input::read_capped(path, crate::input::SUITE_FILE_CAP, deadline)
            .map_err(|e| e.for_input(&format!("--vars {shown}")))?;
        let text = String::from_utf8(bytes).map_err(|_| {
            usage(format!(
                "--vars {shown}: cannot read it: stream did not contain valid UTF-8"
            ))
        })?;
        let found = vars::parse_dotenv(&text).map_err(|(line, why)| usage(format!("--vars {shown}:{line}: {why}")))?;
        from_files.extend(found);
    }
    let given = args
        .vars_given
        .iter()
        .map(|text| vars::parse_assignment(text).map_err(|why| usage(format!("--var {why}"))))
        .collect::<Result<Vec<_>>>()?;
    for name in &args.secrets {
        if !vars::is_name(name) {
            return Err(usage(format!(
                "--secret `{}` is not a variable's name: letters, digits and `_`, not starting with a digit",
                crate::values::printable(name)
            )));
        }
    }
    Ok(Variables::new(from_files, given, args.secrets.clone()))
}

/// 130 when interrupted; when not one case got an answer, the suite could not run: 3 (unreachable), 7 (every
/// call timed out) or 5 (what came back was not HTTP); else 8 when any case failed, 0 when all passed.
fn exit_code(result: &RunResult) -> u8 {
    if result.stopped == Some(StopReason::Interrupted) {
        return exit::INTERRUPTED;
    }
    let ran: Vec<&Reached> = result
        .results
        .iter()
        .filter_map(|r| r.record.as_ref().map(|record| &record.reached))
        .collect();
    let no_answer_exits: Vec<u8> = ran
        .iter()
        .filter_map(|reached| match reached {
            Reached::NoAnswer { class, .. } => Some(class.exit_code()),
            Reached::Answer(_) => None,
        })
        .collect();
    if !ran.is_empty() && no_answer_exits.len() == ran.len() {
        return if no_answer_exits.contains(&exit::UNREACHABLE) {
            exit::UNREACHABLE
        } else if no_answer_exits.iter().all(|code| *code == exit::TIMED_OUT) {
            exit::TIMED_OUT
        } else {
            exit::PLATFORM_FAILED
        };
    }
    if result.results.iter().any(|r| r.status == Status::Failed) {
        exit::EXPECTATION_FAILED
    } else {
        exit::SUCCESS
    }
}

/// A --filter as an error quotes it: control characters escaped, and a long one cut (the user has it whole).
fn shown_pattern(text: &str) -> String {
    const SHOWN: usize = 60;
    let shown = crate::values::printable(text);
    if shown.chars().count() > SHOWN {
        format!("{}…", shown.chars().take(SHOWN).collect::<String>())
    } else {
        shown
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::suite::call::CallRecord;
    use std::time::Duration;

    fn ran(exit: u8) -> crate::suite::run::CaseResult {
        let class = exit::Class::ALL
            .into_iter()
            .find(|c| c.exit_code() == exit)
            .unwrap_or(exit::Class::Unexpected);
        crate::suite::run::CaseResult {
            case: 0,
            status: Status::Failed,
            record: Some(CallRecord {
                reached: Reached::NoAnswer {
                    message: "x".into(),
                    class,
                },
                elapsed: Duration::ZERO,
                attempts: 1,
                trace: None,
            }),
            mismatches: Vec::new(),
            flow: None,
            round: None,
        }
    }

    fn code(results: Vec<crate::suite::run::CaseResult>, stopped: Option<StopReason>) -> u8 {
        exit_code(&RunResult {
            results,
            stopped,
            elapsed: Duration::ZERO,
            repeat: 1,
            rounds: 1,
        })
    }

    #[test]
    fn a_suite_without_any_answer_says_why() {
        assert_eq!(code(vec![ran(7), ran(3)], None), exit::UNREACHABLE);
        assert_eq!(code(vec![ran(7), ran(7)], None), exit::TIMED_OUT);
        assert_eq!(code(vec![ran(5), ran(7)], None), exit::PLATFORM_FAILED);
        assert_eq!(code(vec![ran(3)], Some(StopReason::Interrupted)), exit::INTERRUPTED);
        let not_run = crate::suite::run::CaseResult {
            case: 1,
            status: Status::NotRun(StopReason::FailFast),
            record: None,
            mismatches: Vec::new(),
            flow: None,
            round: None,
        };
        assert_eq!(
            code(vec![ran(3), not_run], Some(StopReason::FailFast)),
            exit::UNREACHABLE
        );
    }
}
