//! The command line as clap types: no I/O and no HTTP here, and of yr's own it uses only the leaves' value parsers
//! (values.rs); commands/ turns these into the plain values the layers below take (tests/layers.rs).
//!
//! Help comes in two lengths, as ripgrep's and xh's do: `-h` is a summary that fits a screen (each flag's first
//! paragraph; flags rarely typed, or set once in the environment or a profile, are left out with
//! `hide_short_help`), `--help` the manual (every flag's whole doc comment, with its environment variable and
//! default, and the exit codes). A command's flags come first and the connection flags after them: clap lists help
//! headings in the order their first flag is declared, so the fields below are in the order help shows them.

use std::path::PathBuf;
use std::time::Duration;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::values::{parse_duration, parse_positive_duration, parse_size, parse_status};

const EXIT_CODES: &str = "\
Exit codes:
  0    success (HTTP 2xx and inner code 0)
  1    unexpected failure (a bug, or stdout or the -o file could not be written)
  2    usage error: bad flag or value, bad FUNCTION, body not valid JSON, unreadable body file
  3    the frontend could not be reached: DNS, refused or reset connection, TLS, proxy
  4    the request was rejected: HTTP 4xx, an inner code of class `request`, or a redirect
  5    the platform failed: an inner code of class `platform`, or another 5xx
  6    the function failed: an inner code of class `function` (500000 and above too)
  7    timed out on the client side (--timeout, --connect-timeout, --wait)
  8    an expectation failed (--expect-status, --expect-code, --expect-body)
  130  interrupted (Ctrl-C)";

const BENCH_EXIT_CODES: &str = "\
Exit codes:
  0    the load ran (whatever the calls answered, unless a gate failed)
  2    usage error
  3    not a single call got an answer
  8    a gate failed (--max-error-rate, --max-p99, --max-regression)
  130  interrupted (Ctrl-C): what ran is reported first";

const TEST_EXIT_CODES: &str = "\
Exit codes:
  0    every case passed
  2    the suite could not be read or a case could not be built: nothing was sent
  3    no case got an answer: the frontend could not be reached
  5    no case got an answer: what came back was not HTTP
  7    no case got an answer: every call timed out
  8    some case failed an expectation (or got no answer while others did)
  130  interrupted (Ctrl-C): what ran is reported first";

/// What a command's help says after its flags. `-h` lists two or three example command lines and points to
/// `--help`; `--help` (and `yr man`) says what each example does, may add a few more, and lists the exit codes.
/// The command lines are the manual's (docs/), and `tests/help.rs` runs them.
struct Afterword {
    /// What each example does, and its command line.
    examples: &'static [(&'static str, &'static str)],
    /// Examples only the long help shows.
    more: &'static [(&'static str, &'static str)],
    /// The short help's last line: what `--help` adds.
    manual: &'static str,
    exit_codes: Option<&'static str>,
}

impl Afterword {
    fn short(&self) -> String {
        let mut text = heading("Examples");
        for (_, line) in self.examples {
            text.push_str(&format!("\n  {line}"));
        }
        format!("{text}\n\n{}", self.manual)
    }

    fn long(&self) -> String {
        let mut text = heading("Examples");
        for (what, line) in self.examples.iter().chain(self.more) {
            text.push_str(&format!("\n  # {what}\n  {line}\n"));
        }
        if let Some(codes) = self.exit_codes {
            text.push_str(&format!(
                "\n{}",
                codes.replacen("Exit codes:", &heading("Exit codes"), 1)
            ));
        }
        text.trim_end().to_string()
    }
}

/// A heading of our own (`Examples:`), styled as clap styles `Options:`; the style is dropped where colour is off.
fn heading(title: &str) -> String {
    let styles = clap::builder::Styles::styled();
    let style = styles.get_header();
    format!("{style}{title}:{style:#}")
}

const YR: Afterword = Afterword {
    examples: &[
        ("A local frontend on 127.0.0.1:8888, the default endpoint", "yr serve &"),
        (
            "Call the function hello: stdout is its result alone, \"hello yuanrong\"",
            "yr invoke hello -d '{\"name\":\"yuanrong\"}'",
        ),
        (
            "Run a smoke-test suite and write a JUnit report for CI",
            "yr test smoke.toml --junit report.xml",
        ),
    ],
    more: &[],
    manual: "`yr COMMAND -h` summarises a command, `yr COMMAND --help` is its manual, `yr man` all of them.",
    exit_codes: Some(EXIT_CODES),
};

const INVOKE: Afterword = Afterword {
    examples: &[
        (
            "Call hello with a JSON body: stdout is the result alone, \"hello yuanrong\"",
            "yr invoke hello -d '{\"name\":\"yuanrong\"}'",
        ),
        (
            "The body from order.json, on an instance of 500 millicores and 1 GiB, in session cart-42",
            "yr invoke 0@shop@checkout:3 --cpu 500 --memory 1Gi --session-id cart-42 -d @order.json",
        ),
        (
            "Asynchronously: the frontend accepts the call, yr polls until it is done and prints the result",
            "yr invoke report@nightly --async --wait --timeout 10m",
        ),
    ],
    more: &[(
        "A smoke test: exit 8 unless the answer is HTTP 200 with exactly this body",
        "yr invoke hello -d '{\"name\":\"ci\"}' --expect-status 200 --expect-body '\"hello ci\"'",
    )],
    manual: "`yr invoke --help` is the manual: all flags, environment variables, defaults, exit codes.",
    exit_codes: Some(EXIT_CODES),
};

const RESULT: Afterword = Afterword {
    examples: &[
        (
            "Start a call asynchronously: stdout is its request id",
            "id=$(yr invoke report@nightly --async -d @params.json)",
        ),
        (
            "The result if the call completed; a note (and exit 0) while it runs",
            "yr result \"$id\"",
        ),
        (
            "Poll until it completes, then print it as a synchronous call would",
            "yr result \"$id\" --wait",
        ),
    ],
    more: &[],
    manual: "`yr result --help` is the manual: all flags, environment variables, defaults, exit codes.",
    exit_codes: Some(EXIT_CODES),
};

const HEALTH: Afterword = Afterword {
    examples: &[
        (
            "Exit 0 when the frontend is up, 3 when unreachable, 5 otherwise",
            "yr health",
        ),
        (
            "Wait for a frontend that is starting: exit 7 if it is not up within 30 s",
            "yr health --wait 30s",
        ),
    ],
    more: &[],
    manual: "`yr health --help` is the manual: all flags, environment variables and defaults.",
    exit_codes: None,
};

const SESSION: Afterword = Afterword {
    examples: &[
        (
            "Bind a call to the instance session cart-42",
            "yr invoke 0@shop@checkout:3 --session-id cart-42 -d @order.json",
        ),
        (
            "End the session, freeing its instance",
            "yr session delete shop@checkout:3 cart-42",
        ),
    ],
    more: &[],
    manual: "`yr session delete --help` is the manual: all flags, environment variables and defaults.",
    exit_codes: None,
};

const BENCH: Afterword = Afterword {
    examples: &[
        (
            "10,000 calls, 16 at a time",
            "yr bench hello -d '{\"name\":\"yuanrong\"}' -n 10000 -c 16",
        ),
        (
            "An open-model load of 200 calls a second for a minute, on instances of 500 millicores and 1 GiB",
            "yr bench shop@checkout:3 --cpu 500 --memory 1Gi -z 60s --rate 200",
        ),
        (
            "A CI gate: exit 8 when more than 1% of calls fail or the p99 latency is over 50 ms",
            "yr bench hello -n 2000 --json --max-error-rate 0.01 --max-p99 50ms",
        ),
    ],
    more: &[
        (
            "Save the run whole, for `yr bench show`, `compare`, `merge` and --baseline",
            "yr bench hello -n 2000 --save base.json",
        ),
        (
            "Exit 8 when the p99 latency or calls/s is over 10% worse than that saved run's",
            "yr bench hello -n 2000 --baseline base.json --max-regression 10%",
        ),
        (
            "Each figure's change from one saved run to another",
            "yr bench compare base.json new.json",
        ),
        (
            "Runs saved on many machines as one report, saved again",
            "yr bench merge runs/*.json --save all.json",
        ),
    ],
    manual: "`yr bench --help` is the manual: all flags, environment variables, defaults, exit codes.",
    exit_codes: Some(BENCH_EXIT_CODES),
};

const BENCH_SHOW: Afterword = Afterword {
    examples: &[
        ("The report a run saved with --save printed", "yr bench show base.json"),
        ("Its --json report", "yr bench show base.json --json"),
    ],
    more: &[],
    manual: "`yr bench show --help` says what each example does.",
    exit_codes: Some(SAVED_EXIT_CODES),
};

const BENCH_COMPARE: Afterword = Afterword {
    examples: &[
        (
            "Each figure's change from base.json to new.json",
            "yr bench compare base.json new.json",
        ),
        (
            "The same as one JSON object",
            "yr bench compare base.json new.json --json",
        ),
    ],
    more: &[],
    manual: "`yr bench compare --help` says what each example does.",
    exit_codes: Some(SAVED_EXIT_CODES),
};

const BENCH_MERGE: Afterword = Afterword {
    examples: &[
        ("One report of the runs of many machines", "yr bench merge runs/*.json"),
        (
            "Saved again, for `yr bench compare` with a baseline",
            "yr bench merge runs/*.json --save all.json",
        ),
    ],
    more: &[],
    manual: "`yr bench merge --help` says what each example does.",
    exit_codes: Some(SAVED_EXIT_CODES),
};

const SAVED_EXIT_CODES: &str = "\
Exit codes:
  0    printed
  2    usage error, or a FILE that cannot be read, is not a saved run or is of another format version";

const ERRORS: Afterword = Afterword {
    examples: &[
        (
            "What inner code 4037 means, its class, exit code and whether a retry is safe",
            "yr errors 4037",
        ),
        ("Every code of the platform class", "yr errors --class platform"),
        ("The whole table as JSON", "yr errors --json"),
    ],
    more: &[],
    manual: "`yr errors --help` says what each example does.",
    exit_codes: None,
};

const FUNCTIONS: Afterword = Afterword {
    examples: &[
        (
            "The tenant's functions: a table on a terminal, one SERVICE@NAME:VERSION a line in a pipe",
            "yr functions",
        ),
        ("One function and its versions", "yr functions shop@checkout"),
        (
            "The meta service's answer as it came, the second page of 50",
            "yr functions --json --page 2 --page-size 50",
        ),
    ],
    more: &[],
    manual: "`yr functions --help` is the manual: all flags, environment variables and defaults.",
    exit_codes: None,
};

const TOKEN: Afterword = Afterword {
    examples: &[
        (
            "A token for tenant ci, valid 2 hours, saved for --token-file",
            "yr token --tenant ci --ttl 2h --token-file operator.jwt --save ci.jwt",
        ),
        (
            "The token on stdout, into a CI secret (operator token from YR_JWT_TOKEN)",
            "yr token --tenant ci --ttl 24h --print | gh secret set YR_JWT_TOKEN",
        ),
    ],
    more: &[],
    manual: "`yr token --help` is the manual: all flags, environment variables and defaults.",
    exit_codes: None,
};

const URN: Afterword = Afterword {
    examples: &[
        ("sn:cn:yrk:default:function:0@shop@checkout:3", "yr urn shop@checkout:3"),
        (
            "sn:cn:yrk:t1:function:0@svc@hello:latest",
            "yr urn hello --tenant t1 --service svc",
        ),
    ],
    more: &[],
    manual: "`yr urn --help` is the manual: all flags, environment variables and defaults.",
    exit_codes: None,
};

const COMPLETIONS: Afterword = Afterword {
    examples: &[
        (
            "Bash, for the current user",
            "yr completions bash > ~/.local/share/bash-completion/completions/yr",
        ),
        (
            "Fish, for the current user",
            "yr completions fish > ~/.config/fish/completions/yr.fish",
        ),
    ],
    more: &[],
    manual: "`yr completions --help` says what each example does.",
    exit_codes: None,
};

const MAN: Afterword = Afterword {
    examples: &[
        (
            "Install the page for the current user; then `man yr`",
            "yr man > ~/.local/share/man/man1/yr.1",
        ),
        ("Read it now (man-db)", "yr man | man -l -"),
    ],
    more: &[],
    manual: "`yr man --help` says what each example does.",
    exit_codes: None,
};

const VERSION: Afterword = Afterword {
    examples: &[
        ("The version (as `yr --version`)", "yr version"),
        (
            "With the commit, build date, target and whether it is the static build, for a bug report",
            "yr version --verbose",
        ),
    ],
    more: &[],
    manual: "`yr version --help` says what each example does.",
    exit_codes: None,
};

const CONFIG: Afterword = Afterword {
    examples: &[
        ("Each setting, its value and where it came from", "yr config"),
        ("The same as one JSON object", "yr config --json"),
        (
            "What the profile staging of the config file makes of them",
            "yr config --profile staging",
        ),
    ],
    more: &[],
    manual: "`yr config --help` is the manual: all flags, environment variables and defaults.",
    exit_codes: None,
};

const SERVE: Afterword = Afterword {
    examples: &[
        ("A frontend on 127.0.0.1:8888, with hello and echo built in", "yr serve"),
        (
            "Serve shop@checkout:3 by a script that reads the body on stdin",
            "yr serve --function 'shop@checkout:3=./checkout.sh'",
        ),
        (
            "Run a script against a fresh emulator; exit with its exit code",
            "yr serve -- ./smoke.sh",
        ),
    ],
    more: &[],
    manual: "`yr serve --help` is the manual: all flags, what they do and their defaults.",
    exit_codes: None,
};

const TEST: Afterword = Afterword {
    examples: &[
        (
            "Run a suite and write a JUnit report for the CI system",
            "yr test smoke.toml --junit report.xml",
        ),
        (
            "Run it against a fresh emulator serving shop@checkout:3",
            "yr serve --function 'shop@checkout:3=cat' -- yr test smoke.toml",
        ),
        (
            "Only the cases whose name has hello, one at a time",
            "yr test smoke.toml --filter hello -j 1",
        ),
    ],
    more: &[],
    manual: "`yr test --help` is the manual: all flags, environment variables, defaults, exit codes.",
    exit_codes: Some(TEST_EXIT_CODES),
};

// Value parsers for the flags that never come from the environment or a profile: clap checks them as it parses,
// names the flag in its error (exit 2), and the commands get typed values. Flags that a profile, a variable or a
// suite file can also set are parsed where those meet (client::config, request, call::retry).

/// --rate: calls per second, a positive number.
fn calls_per_second(text: &str) -> Result<f64, String> {
    match text.trim().parse::<f64>() {
        Ok(rate) if rate.is_finite() && rate > 0.0 => Ok(rate),
        _ => Err(format!("`{text}` must be a positive number of calls per second")),
    }
}

/// The most workers `yr bench -c` takes: at about 30 KB a worker, 10,000 take about 300 MB (BENCHMARKS.md), and more
/// measure the machine's sockets rather than the function.
pub const MAX_CONCURRENCY: i64 = 10_000;

/// --max-regression: a percentage with its sign, `10%` (the `%` required: --max-error-rate takes a share).
fn percent(text: &str) -> Result<f64, String> {
    let number = text
        .trim()
        .strip_suffix('%')
        .ok_or_else(|| format!("`{text}` needs a % sign, as in `10%`"))?;
    match number.trim().parse::<f64>() {
        Ok(pct) if pct.is_finite() && pct >= 0.0 => Ok(pct + 0.0),
        _ => Err(format!("`{text}` must be a percentage of 0% or more, as in `10%`")),
    }
}

/// --max-error-rate: a share of the calls, from 0 to 1.
fn share(text: &str) -> Result<f64, String> {
    match text.trim().parse::<f64>() {
        // `+ 0.0` turns -0 into 0, so the gate's limit reads as given.
        Ok(share) if (0.0..=1.0).contains(&share) => Ok(share + 0.0),
        _ => Err(format!("`{text}` must be between 0 and 1 (0.01 = 1%)")),
    }
}

#[derive(Debug, Parser)]
#[command(
    name = "yr",
    version = env!("YR_BUILD_VERSION"),
    about = "Invoke openYuanrong functions from a terminal, a shell script or a CI job",
    long_about = "Invoke openYuanrong functions from a terminal, a shell script or a CI job.\n\n\
                  yr calls a function through the cluster's HTTP frontend, with names instead of long URNs, checked \
                  input, readable errors and exit codes a CI job can trust. stdout carries only the function's result; \
                  everything else goes to stderr.",
    after_help = YR.short(),
    after_long_help = YR.long(),
    max_term_width = 100
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,

    #[command(flatten)]
    pub global: GlobalArgs,
}

// -v, -q, --color and --profile, taken before the command (`yr -v invoke`) and after it (`yr invoke -v`): the
// top level and every command carry their own copy, flattened last, and lib.rs joins them. Not clap's
// `global = true`: with `defer` (below) clap would propagate global options into a command before the command's
// own, and every help would list them first.
#[derive(Debug, Clone, Default, Args)]
pub struct GlobalArgs {
    /// When to colour output.
    ///
    /// `auto` colours a stream that is a terminal, unless NO_COLOR is set and not empty or TERM is `dumb`;
    /// `always` and `never` decide for every stream. [default: auto]
    #[arg(
        help_heading = "Global options",
        hide_short_help = true,
        long,
        value_enum,
        value_name = "WHEN"
    )]
    pub color: Option<ColorChoice>,

    /// More on stderr: -v the headers, -vv timings too.
    ///
    /// -v prints the request and response headers on stderr (X-Auth redacted); -vv adds timings (connect, first
    /// byte, total).
    #[arg(help_heading = "Global options", short, long, action = clap::ArgAction::Count,
          conflicts_with = "quiet")]
    pub verbose: u8,

    /// Nothing on stderr but errors.
    #[arg(help_heading = "Global options", short, long)]
    pub quiet: bool,

    /// Use this profile of the config file [env: YR_PROFILE]
    ///
    /// The config file is $YR_CONFIG_DIR/config.json, else $XDG_CONFIG_HOME/yr/config.json, else
    /// ~/.config/yr/config.json; a profile holds endpoint, tenant, service, token_file, cacert, cert, key, insecure
    /// and timeout, used where no flag or environment variable sets them (`yr config` shows which won). [default:
    /// the file's default_profile]
    #[arg(help_heading = "Global options", long, value_name = "NAME")]
    pub profile: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

// `defer`: a command's arguments are built only when it is the one parsed (or for help, completions and man, which
// build the whole tree): building all of them for every call was most of `yr --version`'s work and heap
// (BENCHMARKS.md, start-up). Deferred, a flattened group's `///` doc would replace the command's about (clap applies
// it after the variant's), so the groups carry `//` comments; and the global options are each command's own
// (GlobalArgs above), so that they are listed last.
#[derive(Debug, Subcommand)]
#[command(defer = true)]
pub enum Command {
    /// Invoke a function and print its response.
    ///
    /// FUNCTION is expanded to a full URN with the tenant, the service and the version, and called through the
    /// frontend. stdout carries only the function's result: piped, the exact bytes received, streamed as they
    /// arrive; on a terminal, JSON pretty-printed and coloured. Everything else goes to stderr: a summary line on a
    /// terminal, and for a failed call one `yr: error:` line with the HTTP status, the inner code and its meaning,
    /// and a hint where the code suggests a next step. The exit code says who failed (below).
    #[command(after_help = INVOKE.short(), after_long_help = INVOKE.long())]
    Invoke(Box<InvokeArgs>),
    /// Show the result of an asynchronous invocation (--wait polls until it is done).
    ///
    /// The result is printed with the same output and exit codes as a synchronous call; a failed call is
    /// reported exactly as the synchronous call would have been. The frontend keeps results 60 minutes: an
    /// unknown or expired id is exit 4.
    #[command(after_help = RESULT.short(), after_long_help = RESULT.long())]
    Result(ResultArgs),
    /// Check the frontend's /healthz: exit 0 when up, 3 when unreachable, 5 otherwise.
    ///
    /// With --wait, poll (every 50 ms, doubling to 1 s) until it answers 200, or exit 7.
    #[command(after_help = HEALTH.short(), after_long_help = HEALTH.long())]
    Health(HealthArgs),
    /// List the tenant's functions, or show one function and its versions.
    ///
    /// Reads the frontend's function API (`/admin/v1/functions`, which it forwards to the meta service), for the
    /// tenant of --tenant, with the same token, TLS and exit codes as `yr invoke`. On a terminal a table: the name
    /// `yr invoke` takes, service, function, versions and resources (cpu in millicores, memory in MiB, custom
    /// resources) where the meta service gives them; piped, one `SERVICE@NAME:VERSION` a line. --json prints the
    /// meta service's answer as it came.
    #[command(after_help = FUNCTIONS.short(), after_long_help = FUNCTIONS.long())]
    Functions(FunctionsArgs),
    /// Get a developer token for a tenant (`/auth/token/require`), for CI.
    ///
    /// The frontend issues it to an operator: the token of the system tenant 0 with role developer, read as
    /// `yr invoke` reads its token (YR_JWT_TOKEN, --token-file, the profile's token_file), never from the command
    /// line. The new token goes only where asked: --save FILE (mode 0600, for --token-file) and/or --print
    /// (stdout); one of them is required. It never appears on stderr, in -v or in --json. The frontend cannot
    /// revoke a token: it lasts its --ttl.
    #[command(after_help = TOKEN.short(), after_long_help = TOKEN.long())]
    Token(TokenArgs),
    /// Manage instance sessions.
    ///
    /// A call made with --session-id is bound to an instance session for its --session-ttl; `yr session delete`
    /// ends one.
    #[command(after_help = SESSION.short(), after_long_help = SESSION.long())]
    Session(SessionArgs),
    /// Invoke a function many times and report throughput, latency and errors.
    ///
    /// bench takes every request flag of `yr invoke` (the same request is built by the same code). The report
    /// (stdout): calls, successes, failures by inner code and class, throughput, latency min/mean/p50/p90/p99/p99.9/max
    /// from an HDR histogram, a latency histogram, the first call's latency (often a cold start) and yr's own CPU
    /// time per call. A progress bar on stderr when it is a terminal. Ctrl-C stops the load and still prints the
    /// report of what ran.
    ///
    /// `yr bench show FILE`, `yr bench compare OLD NEW` and `yr bench merge FILE...` read runs saved with --save
    /// (a function named show, compare or merge is called as `show:latest`).
    #[command(after_help = BENCH.short(), after_long_help = BENCH.long())]
    Bench(BenchCommand),
    /// Explain error codes offline, from the table built into yr.
    ///
    /// For each code: its name, class, the exit code yr gives it, whether a retry is safe, and what it means.
    /// Codes of 500000 and above are explained as the function's own.
    #[command(after_help = ERRORS.short(), after_long_help = ERRORS.long())]
    Errors(ErrorsArgs),
    /// Print the full URN a function name expands to.
    ///
    /// Nothing is sent: the name is expanded as `yr invoke` would expand it, with the same tenant and service.
    #[command(after_help = URN.short(), after_long_help = URN.long())]
    Urn(UrnArgs),
    /// Print a completion script for SHELL (bash, zsh, fish, powershell, elvish).
    ///
    /// The scripts are generated from the same definitions as this help, so they complete every command and flag.
    #[command(after_help = COMPLETIONS.short(), after_long_help = COMPLETIONS.long())]
    Completions(CompletionsArgs),
    /// Print the manual page (roff), e.g. `yr man > yr.1`.
    ///
    /// One page with every command: its flags as `--help` explains them, its examples and its exit codes.
    #[command(after_help = MAN.short(), after_long_help = MAN.long())]
    Man(ManArgs),
    /// Print the version; with -v, the commit, build date, target and linking too.
    ///
    /// The first line is what `yr --version` prints; `yr --version -v` prints the same as `yr version -v`.
    #[command(after_help = VERSION.short(), after_long_help = VERSION.long())]
    Version(VersionArgs),
    /// Print every effective setting, its value (the token redacted) and where it came from.
    ///
    /// Settings come from, first that is set: a flag, an environment variable, the chosen profile, a local
    /// cluster's files, the default. For an endpoint given without a scheme, it says why it is http or https.
    #[command(after_help = CONFIG.short(), after_long_help = CONFIG.long())]
    Config(ConfigArgs),
    /// Run a local frontend emulator that answers like the real one; with `-- COMMAND`, run COMMAND against it and
    /// exit with COMMAND's exit code.
    ///
    /// It speaks the frontend's invoke API as upstream's frontend answers it: the same routes, checks in the same
    /// order, the same codes, words, headers and framing, so a script that works against it works against a
    /// cluster, and fails the same way. It prints `listening on http://HOST:PORT` on stdout. The built-in functions
    /// are `hello` ({"name":"yuanrong"} gives "hello yuanrong") and `echo` (returns the body). SIGINT or SIGTERM
    /// stops it after the calls in flight.
    #[command(after_help = SERVE.short(), after_long_help = SERVE.long())]
    Serve(ServeArgs),
    /// Run smoke-test suites (TOML files of cases and expectations) and report each case; --junit and --json for
    /// CI.
    ///
    /// Every file is read and checked first (nothing is sent if any is wrong); then the cases run several at a
    /// time, each reported as it finishes, and a summary last. Connections are made as `yr invoke` makes them,
    /// with the same flags, environment and profile; a case's endpoint, tenant, service or timeout comes first
    /// from the case, then the file's [defaults], then these. Secrets come only from the environment or a token
    /// file, and are redacted from every report.
    #[command(after_help = TEST.short(), after_long_help = TEST.long())]
    Test(TestArgs),
}

// How to reach the frontend; shared by every command that sends a request.
#[derive(Debug, Clone, Args)]
pub struct ConnectionArgs {
    /// The frontend's address [env: YR_ENDPOINT]
    ///
    /// `http(s)://host:port`, or a bare `host:port`: https when --cacert or --insecure is set (as yrcli), else
    /// http. A path prefix is kept. [env: YR_ENDPOINT, then YR_SERVER_ADDRESS] [then: the profile's endpoint,
    /// then a local cluster's frontend from /tmp/yr_sessions] [default: http://127.0.0.1:8888]
    #[arg(help_heading = "Connection", short, long, value_name = "URL")]
    pub endpoint: Option<String>,

    /// Read the token sent as X-Auth from FILE [env: YR_JWT_TOKEN]
    ///
    /// One trailing newline is trimmed. The token is never printed: -v shows `<redacted>`. `yr invoke --curl`
    /// writes `$(cat FILE)` or `$YR_JWT_TOKEN` in its place. It only ever goes to the endpoint: yr never follows a
    /// redirect. -H cannot set X-Auth. [env: YR_JWT_TOKEN holds the
    /// token itself] [then: the profile's token_file]
    #[arg(help_heading = "Connection", long, value_name = "FILE")]
    pub token_file: Option<PathBuf>,

    /// Give up on a call after DURATION (exit 7) [env: YR_TIMEOUT]
    ///
    /// DURATION is a number with `ms`, `s`, `m` or `h` (`500ms`, `30s`, `5m`); a bare number is seconds; `0`
    /// waits for ever. It bounds each attempt of a call, from connecting to the last byte of the answer, and
    /// --wait's polling as a whole. [then: the profile's timeout] [default: 15m, past the frontend's 900 s function
    /// timeout]
    #[arg(
        allow_hyphen_values = true,
        help_heading = "Connection",
        long,
        value_name = "DURATION"
    )]
    pub timeout: Option<String>,

    /// Give up connecting after DURATION (exit 7).
    ///
    /// Bounds the TCP connection and the TLS handshake of each attempt. [default: 10s]
    #[arg(
        allow_hyphen_values = true,
        help_heading = "Connection",
        hide_short_help = true,
        long,
        value_name = "DURATION"
    )]
    pub connect_timeout: Option<String>,

    /// Send through this HTTP proxy.
    ///
    /// `http://host:port`. Without it, the environment's proxy settings are honoured. [default: HTTPS_PROXY,
    /// HTTP_PROXY, ALL_PROXY and NO_PROXY, upper or lower case]
    #[arg(
        help_heading = "Connection",
        hide_short_help = true,
        long,
        value_name = "URL",
        conflicts_with = "no_proxy"
    )]
    pub proxy: Option<String>,

    /// Use no proxy, whatever the environment says.
    ///
    /// Not HTTPS_PROXY, HTTP_PROXY or ALL_PROXY either. Not with --proxy.
    #[arg(help_heading = "Connection", hide_short_help = true, long)]
    pub no_proxy: bool,

    /// Trust the CA certificates in FILE (PEM) [env: YR_VERIFY_FILE]
    ///
    /// For the frontend's certificate, instead of the built-in roots; a bare `host:port` endpoint then means
    /// https. A certificate of an unknown issuer is reported as such. [then: the profile's cacert] [default: the
    /// built-in web PKI roots]
    #[arg(help_heading = "TLS", hide_short_help = true, long, value_name = "FILE")]
    pub cacert: Option<PathBuf>,

    /// Client certificate (PEM) for mutual TLS; needs --key [env: YR_CERT_FILE]
    ///
    /// A refused or missing client certificate is reported as such. [then: the profile's cert]
    #[arg(help_heading = "TLS", hide_short_help = true, long, value_name = "FILE")]
    pub cert: Option<PathBuf>,

    /// Private key (PEM) of --cert [env: YR_PRIVATE_KEY_FILE]
    ///
    /// [then: the profile's key]
    #[arg(help_heading = "TLS", hide_short_help = true, long, value_name = "FILE")]
    pub key: Option<PathBuf>,

    /// Check the frontend's certificate against NAME [env: YR_SERVER_NAME]
    ///
    /// Instead of the endpoint's host; the connection still goes to the endpoint's address. A mismatch is
    /// reported with both names.
    #[arg(help_heading = "TLS", hide_short_help = true, long, value_name = "NAME")]
    pub tls_server_name: Option<String>,

    /// Do not verify the frontend's certificate [env: YR_INSECURE=true]
    ///
    /// A bare `host:port` endpoint then means https. [then: the profile's insecure]
    #[arg(help_heading = "TLS", hide_short_help = true, short = 'k', long)]
    pub insecure: bool,
}

// Which function: the name and the parts a short name is expanded with.
#[derive(Debug, Clone, Args)]
pub struct FunctionArgs {
    /// The function: `hello`, `shop@checkout:3`, or a full URN.
    ///
    /// A full URN (`sn:cn:yrk:default:function:0@svc@hello:latest`, used as is), `service@function[:version]`,
    /// `0@service@function[:version]`, or a bare `function[:version]` in the default service (--service). The
    /// tenant comes from --tenant; the version defaults to `latest`. A name with empty parts, 6 or 8+ fields or a
    /// space is refused before anything is sent.
    #[arg(value_name = "FUNCTION")]
    pub function: String,

    #[command(flatten)]
    pub names: NameArgs,
}

// The tenant and service short FUNCTION names expand with.
#[derive(Debug, Clone, Default, Args)]
pub struct NameArgs {
    /// Tenant of a short FUNCTION name [env: YR_TENANT]
    ///
    /// [then: the profile's tenant] [default: default]
    #[arg(help_heading = "Function", hide_short_help = true, long, value_name = "TENANT")]
    pub tenant: Option<String>,

    /// Service of a bare FUNCTION name [env: YR_SERVICE]
    ///
    /// [then: the profile's service] [default: default]
    #[arg(help_heading = "Function", hide_short_help = true, long, value_name = "SERVICE")]
    pub service: Option<String>,
}

// Everything that shapes the request itself: shared by `invoke` and `bench`.
#[derive(Debug, Clone, Args)]
pub struct RequestArgs {
    /// The request body: the text itself, `@FILE`, or `@-` for stdin.
    ///
    /// The text itself, `@FILE` for a file's bytes, or `@-` for stdin. Without -d a body is read from stdin when
    /// stdin is not a terminal (see --ignore-stdin); otherwise the body is empty, which the frontend treats as
    /// `{}`. A JSON content type (the default) is checked before sending: a mistake is shown with its line and
    /// column, a byte that is not UTF-8 with its offset. The text itself must be UTF-8 whatever the type (bytes go
    /// with `@FILE`). A regular file is streamed, with a warning first when it is over the frontend's default 6 MB
    /// limit; anything else (a FIFO, a device, stdin) is read first, at most 64 MiB and within --timeout.
    #[arg(help_heading = "Request", short, long, value_name = "DATA")]
    pub data: Option<std::ffi::OsString>,

    /// An extra request header, `Name: value` (repeatable).
    ///
    /// Not X-Auth (use YR_JWT_TOKEN or --token-file), and not a header one of the flags below sets. CR, LF or NUL
    /// in a value is refused before sending.
    #[arg(help_heading = "Request", short = 'H', long = "header", value_name = "HEADER")]
    pub headers: Vec<String>,

    /// Content-Type of the body [default: application/json]
    ///
    /// A JSON type (the default) is checked before sending; a type other than JSON is sent unchecked.
    /// `-H 'Content-Type: ...'` does the same.
    #[arg(help_heading = "Request", hide_short_help = true, long, value_name = "TYPE")]
    pub content_type: Option<String>,

    /// Never read the body from stdin unless -d @- asks for it.
    ///
    /// For CI runners whose stdin is an open pipe: without -d, yr would wait for it to close.
    #[arg(help_heading = "Request", hide_short_help = true, long)]
    pub ignore_stdin: bool,

    /// Trace id of the call (X-Trace-Id).
    ///
    /// At most 128 characters; without it yr makes a UUID for each call (or, joining an outer trace, sends that
    /// trace id as a UUID). Errors and summaries show the trace id.
    #[arg(help_heading = "Request", hide_short_help = true, long, value_name = "ID")]
    pub trace_id: Option<String>,

    /// Join an outer trace: a W3C traceparent, `00-<32 hex trace-id>-<16 hex parent-id>-<2 hex flags>` [env: TRACEPARENT]
    ///
    /// Each call is sent with a traceparent: by default of the trace its X-Trace-Id names (a UUID without its
    /// dashes), as the frontend derives it. With --traceparent (or an inherited TRACEPARENT; the flag wins) the
    /// calls join that trace: the outer trace id is kept, X-Trace-Id is it as a UUID, and each call gets a new
    /// span id, its flags kept. Version 00 only, lowercase hex, neither id all zeros. A --trace-id naming another
    /// trace is refused (the frontend follows X-Trace-Id first); one it reads no trace from is sent beside it.
    #[arg(help_heading = "Request", hide_short_help = true, long, value_name = "TRACEPARENT")]
    pub traceparent: Option<String>,

    /// CPU for the instance: millicores `500` or `500m`, cores `1.5c`.
    ///
    /// Sent as X-Instance-Cpu, in millicores (`1.5c` is 1500). The frontend applies it only together with
    /// --memory: one without the other is sent as asked, with a warning.
    #[arg(allow_hyphen_values = true, help_heading = "Instance", long, value_name = "CPU")]
    pub cpu: Option<String>,

    /// Memory for the instance: MB `512`, or `512Mi`, `2Gi`.
    ///
    /// Sent as X-Instance-Memory, in MB: `512`, or `512Mi`, `2Gi`, `512M`, `2G` (all MiB units). The frontend
    /// applies it only together with --cpu.
    #[arg(allow_hyphen_values = true, help_heading = "Instance", long, value_name = "MEMORY")]
    pub memory: Option<String>,

    /// A custom resource for the instance, `NAME=COUNT` (repeatable).
    ///
    /// COUNT is a positive integer, e.g. `NPU/.+/count=1`; all of them are sent as one JSON object in
    /// X-Instance-Custom-Resource.
    #[arg(
        allow_hyphen_values = true,
        help_heading = "Instance",
        hide_short_help = true,
        long,
        value_name = "NAME=COUNT"
    )]
    pub custom_resource: Vec<String>,

    /// Resource pool label for affinity scheduling.
    ///
    /// Sent as X-Pool-Label.
    #[arg(help_heading = "Instance", hide_short_help = true, long, value_name = "LABEL")]
    pub pool_label: Option<String>,

    /// Run on an instance carrying this label.
    ///
    /// Sent as X-Instance-Label.
    #[arg(help_heading = "Instance", hide_short_help = true, long, value_name = "LABEL")]
    pub instance_label: Option<String>,

    /// Bind the call to an instance session: 1 to 63 characters.
    ///
    /// Sent in X-Instance-Session, with --session-ttl and --session-concurrency. The session's calls go to one
    /// instance; `yr session delete` ends it.
    #[arg(help_heading = "Session", long, value_name = "ID")]
    pub session_id: Option<String>,

    /// Session lifetime in seconds, 0 or more; 0 never expires.
    ///
    /// Counted from the session's last call. Needs --session-id. [default: 0]
    #[arg(
        allow_hyphen_values = true,
        help_heading = "Session",
        hide_short_help = true,
        long,
        value_name = "SECONDS"
    )]
    pub session_ttl: Option<String>,

    /// Concurrent calls on the session: a positive number, or -1.
    ///
    /// -1 asks for a whole instance of its own. Needs --session-id. [default: 1]
    #[arg(
        allow_hyphen_values = true,
        help_heading = "Session",
        hide_short_help = true,
        long,
        value_name = "N"
    )]
    pub session_concurrency: Option<String>,

    // Last, so the Function heading (--tenant, --service) comes after the request's own flags.
    #[command(flatten)]
    pub function: FunctionArgs,
}

#[derive(Debug, Args)]
pub struct InvokeArgs {
    #[command(flatten)]
    pub request: RequestArgs,

    /// Invoke asynchronously: print the request id once accepted.
    ///
    /// Sends X-Invoke-Type: async; prints the request id on stdout and exits 0 once the frontend accepts the call
    /// (202). See --wait and `yr result`.
    #[arg(help_heading = "Mode", long = "async", conflicts_with = "stream")]
    pub asynchronous: bool,

    /// With --async: poll until the call completes, then print its result.
    ///
    /// The result is printed as a synchronous call would print it, with the same exit codes. A wait that
    /// outlasts --timeout exits 7 and prints the request id on stdout, so nothing is lost; so does Ctrl-C (exit
    /// 130).
    #[arg(help_heading = "Mode", long, requires = "asynchronous")]
    pub wait: bool,

    /// Time between polls of --wait [default: 500ms]
    ///
    /// Needs --wait. More than 0.
    #[arg(
        allow_hyphen_values = true,
        help_heading = "Mode",
        hide_short_help = true,
        long,
        value_name = "DURATION",
        requires = "wait",
        value_parser = parse_positive_duration
    )]
    pub poll_interval: Option<Duration>,

    /// With --async: have the frontend POST the finished call's record to URL.
    ///
    /// Sent as X-Webhook-Url, as yrcli's `async-invoke --webhook`. URL starts with http:// or https://. The
    /// frontend sends it only when its webhook setting is on (asyncInvocation.webhook.enabled, off by default).
    #[arg(
        help_heading = "Mode",
        hide_short_help = true,
        long,
        value_name = "URL",
        requires = "asynchronous"
    )]
    pub webhook: Option<String>,

    /// Print a streamed answer's frames as they arrive.
    ///
    /// Asks for server-sent events (Accept: text/event-stream) and prints each frame's data on its own line as it
    /// arrives; `data: [DONE]` ends the call, and --json wraps each frame as {"data": ...}. An error, framed or
    /// not, is reported as a synchronous call's; a stream that breaks before [DONE] is exit 3.
    #[arg(
        help_heading = "Mode",
        long,
        conflicts_with_all = ["output", "raw_string", "expect_body"]
    )]
    pub stream: bool,

    #[command(flatten)]
    pub output: OutputArgs,

    /// Print the equivalent curl command and send nothing.
    ///
    /// The line runs as pasted and never holds the token: X-Auth reads it where yr read it, `-H "X-Auth:
    /// $YR_JWT_TOKEN"` for a token from the environment, `-H "X-Auth: $(cat FILE)"` (FILE absolute and
    /// shell-quoted) for one from --token-file or the profile's token_file, so the shell fills it in.
    #[arg(help_heading = "Output", long)]
    pub curl: bool,

    #[command(flatten)]
    pub retry: RetryArgs,

    #[command(flatten)]
    pub connection: ConnectionArgs,

    #[command(flatten)]
    pub global: GlobalArgs,
}

// How the answer is shown and checked: shared by `invoke` and `result`.
#[derive(Debug, Clone, Args)]
pub struct OutputArgs {
    /// Print a JSON string result without its quotes and escapes (as `jq -r`).
    #[arg(help_heading = "Output", short, long)]
    pub raw_string: bool,

    /// Write the response body to FILE instead of stdout.
    ///
    /// A regular file: the body streams into a temporary file beside it, renamed into place only once the whole
    /// body has arrived and the call succeeded (a failed or broken call leaves FILE as it was); through a symlink,
    /// the file it points to is replaced and the link kept. A FIFO or a character device (/dev/null) is written
    /// through, as a shell's `>` does. A folder, a block device or a socket is refused.
    #[arg(help_heading = "Output", short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Print one JSON object describing the call on stdout.
    ///
    /// One object whatever happened: ok, status, code, class, message, trace_id, traceparent, body, headers,
    /// elapsed_ms, attempts (and request_id for --async). `trace_id` is the answer's, else the one sent;
    /// `traceparent` the one an invoke was sent with (null for `yr result`). `body` is the result as JSON, or a
    /// string when it is not JSON; `class` is ok, request, platform, function, or, when no answer came,
    /// unreachable or timeout.
    #[arg(help_heading = "Output", long)]
    pub json: bool,

    /// Print the function's log tail on stderr.
    ///
    /// The X-Log-Result header, base64-decoded.
    #[arg(help_heading = "Output", hide_short_help = true, long)]
    pub logs: bool,

    /// Expect this HTTP status; exit 8 when it differs.
    #[arg(allow_hyphen_values = true, help_heading = "Assertions", long, value_name = "STATUS", value_parser = parse_status)]
    pub expect_status: Option<u16>,

    /// Expect this inner code (0 on success), by number or name; exit 8 when it differs.
    ///
    /// The code is X-Inner-Code; a success without it counts as 0. An expected failure code makes that failure a
    /// pass: `--expect-code 4037`, or by its name in the error table (`yr errors`), in any letter case:
    /// `--expect-code 'session config invalid'`.
    #[arg(allow_hyphen_values = true, help_heading = "Assertions", long, value_name = "CODE")]
    pub expect_code: Option<String>,

    /// Expect this body, compared as JSON; exit 8 when it differs.
    ///
    /// Compared as JSON values, not as text: key order and white space do not matter. Each difference is one
    /// `expectation failed:` line.
    #[arg(help_heading = "Assertions", long, value_name = "JSON")]
    pub expect_body: Option<String>,
}

// When a call is sent again.
#[derive(Debug, Clone, Args)]
pub struct RetryArgs {
    /// Retry up to N times, only when the function cannot have run.
    ///
    /// A call is sent again only when the function cannot have run: the connection failed before sending, HTTP
    /// 429, or a code marked retry-safe (`yr errors`). A function error, any other 5xx, a read timeout or a
    /// connection cut after sending are never sent again. Each retry is logged on stderr and counted in --json's
    /// `attempts`.
    #[arg(
        allow_hyphen_values = true,
        help_heading = "Retries",
        long,
        value_name = "N",
        default_value_t = 0
    )]
    pub retry: u32,

    /// First wait between attempts; it doubles each time, up to 5s [default: 1s]
    ///
    /// Each wait is jittered by up to 25% either way, then capped at 5s, so none is longer. A DURATION above 5s is
    /// waited as given before every retry, neither doubled nor jittered. A Retry-After header (seconds) replaces
    /// the wait, cap or not; one longer than --timeout or than what is left of --retry-max-time is not waited out:
    /// the call is not retried.
    #[arg(
        allow_hyphen_values = true,
        help_heading = "Retries",
        hide_short_help = true,
        long,
        value_name = "DURATION"
    )]
    pub retry_delay: Option<String>,

    /// Stop retrying when the next attempt would start later than DURATION after the first [default: 60s]
    ///
    /// Counted from the start of the first attempt, the wait before the next attempt included: a retry that would
    /// start later is not made, and a note says so. It bounds a Retry-After wait too.
    #[arg(
        allow_hyphen_values = true,
        help_heading = "Retries",
        hide_short_help = true,
        long,
        value_name = "DURATION"
    )]
    pub retry_max_time: Option<String>,

    /// Also retry after timeouts, broken connections and any 5xx.
    ///
    /// Accepting that the function may run twice.
    #[arg(help_heading = "Retries", hide_short_help = true, long)]
    pub retry_all_errors: bool,
}

#[derive(Debug, Args)]
pub struct ResultArgs {
    /// The request id `yr invoke --async` printed.
    #[arg(value_name = "REQUEST_ID")]
    pub request_id: String,

    /// Poll until the call completes.
    ///
    /// Bounded by --timeout: exit 7 when it runs out, with the request id on stdout.
    #[arg(long)]
    pub wait: bool,

    /// Time between polls of --wait, more than 0 [default: 500ms]
    #[arg(allow_hyphen_values = true, long, value_name = "DURATION", requires = "wait", value_parser = parse_positive_duration)]
    pub poll_interval: Option<Duration>,

    #[command(flatten)]
    pub output: OutputArgs,

    #[command(flatten)]
    pub connection: ConnectionArgs,

    #[command(flatten)]
    pub global: GlobalArgs,
}

#[derive(Debug, Args)]
pub struct HealthArgs {
    /// Poll /healthz until it answers 200 or DURATION has passed (exit 7).
    ///
    /// Polls every 50 ms at first, doubling to 1 s.
    #[arg(allow_hyphen_values = true, long, value_name = "DURATION", value_parser = parse_duration)]
    pub wait: Option<Duration>,

    /// Print one JSON object describing the answer on stdout, as `yr invoke --json` does.
    ///
    /// The same object whatever happened (`attempts` counts the looks at /healthz): ok, status, code, class,
    /// message, trace_id, traceparent (null: no call is sent with one), body, headers, elapsed_ms, attempts.
    #[arg(long)]
    pub json: bool,

    #[command(flatten)]
    pub connection: ConnectionArgs,

    #[command(flatten)]
    pub global: GlobalArgs,
}

#[derive(Debug, Args)]
pub struct FunctionsArgs {
    /// Show this function and its versions (`shop@checkout`); with a version (`shop@checkout:3`), that version.
    ///
    /// Named as `yr invoke` names it: `service@function[:version]`, `0@service@function[:version]`, a bare
    /// `function` in the default service (--service), or a full URN.
    #[arg(value_name = "NAME")]
    pub name: Option<String>,

    /// The page to show, from 1 (the meta service's `pageIndex`) [default: the meta service's, 1]
    #[arg(allow_hyphen_values = true, long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    pub page: Option<u32>,

    /// Entries a page (the meta service's `pageSize`; one entry per version) [default: the meta service's, 1000]
    #[arg(allow_hyphen_values = true, long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    pub page_size: Option<u32>,

    /// Print the meta service's answer on stdout as it came (its `result.functions`, `functions` or `function`).
    ///
    /// A call that failed prints the one JSON object `yr invoke --json` prints: ok, status, code, class, message,
    /// trace_id, body, headers, elapsed_ms, attempts.
    #[arg(long)]
    pub json: bool,

    #[command(flatten)]
    pub names: NameArgs,

    #[command(flatten)]
    pub connection: ConnectionArgs,

    #[command(flatten)]
    pub global: GlobalArgs,
}

#[derive(Debug, Args)]
pub struct TokenArgs {
    /// Write the new token to FILE, mode 0600 (created, or emptied first), for --token-file.
    ///
    /// FILE's folder must exist and FILE must not be a folder: checked before the token is asked for.
    #[arg(long, value_name = "FILE")]
    pub save: Option<PathBuf>,

    /// Print the new token on stdout, one line.
    #[arg(long, conflicts_with = "json")]
    pub print: bool,

    /// How long the token lasts: a DURATION (`1h`, `30m`; a bare number is seconds), or `never` [default: the IAM
    /// server's]
    ///
    /// Sent as X-TTL in whole seconds; `never` sends -1.
    #[arg(allow_hyphen_values = true, long, value_name = "DURATION")]
    pub ttl: Option<String>,

    /// Say that abandoning (revoking) a developer token is not supported, as the frontend says, and exit 4.
    ///
    /// Upstream's frontend answers its abandon route 501: a token lasts until its TTL. Nothing is sent.
    #[arg(long, conflicts_with_all = ["save", "print", "ttl", "json"])]
    pub abandon: bool,

    /// Print one JSON object describing the answer on stdout, as `yr invoke --json` does, the token redacted.
    #[arg(long)]
    pub json: bool,

    /// The tenant the token is for [env: YR_TENANT]
    ///
    /// 1 to 128 letters, digits, `.`, `_` or `-`; not `0`, the system tenant. [then: the profile's tenant]
    /// [default: default]
    #[arg(long, value_name = "TENANT")]
    pub tenant: Option<String>,

    #[command(flatten)]
    pub connection: ConnectionArgs,

    #[command(flatten)]
    pub global: GlobalArgs,
}

#[derive(Debug, Args)]
pub struct SessionArgs {
    #[command(subcommand)]
    pub command: SessionCommand,

    #[command(flatten)]
    pub global: GlobalArgs,
}

#[derive(Debug, Subcommand)]
#[command(defer = true)]
pub enum SessionCommand {
    /// End an instance session (DELETE .../sessions/SESSION_ID).
    ///
    /// FUNCTION is the function the session's calls went to. An unknown session is HTTP 404 (exit 4).
    #[command(after_help = SESSION.short(), after_long_help = SESSION.long())]
    Delete(SessionDeleteArgs),
}

#[derive(Debug, Args)]
pub struct SessionDeleteArgs {
    #[command(flatten)]
    pub function: FunctionArgs,

    /// The session to end.
    #[arg(value_name = "SESSION_ID")]
    pub session_id: String,

    /// Print one JSON object describing the answer on stdout, as `yr invoke --json` does.
    ///
    /// The same object whatever happened: ok, status, code, class, message, trace_id, traceparent (null), body,
    /// headers, elapsed_ms, attempts.
    #[arg(long)]
    pub json: bool,

    #[command(flatten)]
    pub connection: ConnectionArgs,

    #[command(flatten)]
    pub global: GlobalArgs,
}

#[derive(Debug, Args)]
// In `yr bench` a call that runs out of time is one failed call, not the exit 7 of the other commands: its two
// timeouts say so. (`mut_args` changes them where they are; `mut_arg` would move them to the end.)
#[command(mut_args(bench_timeout_help))]
pub struct BenchArgs {
    /// Make N calls, warm-up calls not included [default: 200]
    ///
    /// Or -z for a duration instead; not both.
    #[arg(
        allow_hyphen_values = true,
        help_heading = "Load",
        short = 'n',
        long = "requests",
        value_name = "N",
        conflicts_with = "duration",
        allow_negative_numbers = true
    )]
    pub requests: Option<u64>,

    /// Call for DURATION (`10s`, `1m`) instead of a number of calls.
    ///
    /// At least 1ms. Calls still running when it ends are reported as in flight and left out of the figures; a
    /// run in which not one call finished exits 7, its gates failed.
    #[arg(allow_hyphen_values = true, help_heading = "Load", short = 'z', long = "duration", value_name = "DURATION", value_parser = parse_duration)]
    pub duration: Option<Duration>,

    /// Concurrent workers, each with its own connection.
    ///
    /// Each worker keeps its connection alive between calls.
    #[arg(allow_hyphen_values = true, help_heading = "Load", short = 'c', long, value_name = "C", default_value_t = 8,
          value_parser = clap::value_parser!(u32).range(1..=MAX_CONCURRENCY))]
    pub concurrency: u32,

    /// Calls per second overall, an open model.
    ///
    /// Calls start on schedule whether or not earlier ones finished, and latency counts from the scheduled start,
    /// correcting coordinated omission (as wrk2 and oha do). The report says how many calls were scheduled,
    /// started and missed (due before the run ended, never started: not in the latency figures, and each gate
    /// says so). Without --rate, each worker starts its next call when the last one ends.
    #[arg(allow_hyphen_values = true, help_heading = "Load", long, value_name = "R", value_parser = calls_per_second)]
    pub rate: Option<f64>,

    /// Calls made first and left out of the figures.
    #[arg(
        allow_hyphen_values = true,
        help_heading = "Load",
        long,
        value_name = "N",
        default_value_t = 0
    )]
    pub warmup: u64,

    /// Ramp the rate linearly to TARGET calls/s over DURATION (`10s:100`); repeatable
    ///
    /// As k6's stages: each stage ramps from the previous stage's target (0 before the first) to its own, so
    /// `--stage 10s:100 --stage 30s:100 --stage 5s:0` ramps up, holds and ramps down; a stage from a target to the
    /// same target holds it, and `:0` after `:0` is a pause. TARGET is a rate, as --rate (an open model, latency
    /// counted from each call's due time); concurrency targets are not supported (-c sets the workers, which
    /// should be enough for the highest rate). The run lasts the stages' total, so not with -n, -z or --rate. The
    /// report gives each stage's calls, failures, calls/s and percentiles. At most 64 stages.
    #[arg(help_heading = "Load", long = "stage", value_name = "DURATION:TARGET", action = clap::ArgAction::Append,
          conflicts_with_all = ["requests", "duration", "rate"])]
    pub stages: Vec<String>,

    /// Send calls in bursts of N, one burst every --burst-every.
    ///
    /// All N calls of a burst are due at once (latency counts from then), as oha's --burst-rate; give -c at least
    /// N for a burst to start at once. With -n or -z; not with --rate or --stage.
    #[arg(hide_short_help = true, allow_hyphen_values = true, help_heading = "Load", long, value_name = "N", requires = "burst_every",
          conflicts_with_all = ["rate", "stages"], value_parser = clap::value_parser!(u64).range(1..))]
    pub burst: Option<u64>,

    /// The time from one burst to the next (`1s`, `500ms`).
    ///
    /// With --burst: burst k (from 0) is due k times this after the run's start.
    #[arg(hide_short_help = true, allow_hyphen_values = true, help_heading = "Load", long, value_name = "DURATION", requires = "burst",
          value_parser = parse_positive_duration)]
    pub burst_every: Option<Duration>,

    /// A body per call, from a JSON Lines file or a folder (a body per file)
    ///
    /// A file: each line is one body; blank lines are skipped, and each line must be JSON (with a JSON content
    /// type, the default), or the run is refused with FILE:LINE:COL. A folder: each regular file in it is one
    /// body, taken in the order of their names. Calls take the bodies in turn (see --order), starting over at the
    /// end. At most 64 MiB in all and 100,000 bodies, each built once. Not with -d.
    #[arg(help_heading = "Calls", long, value_name = "FILE|DIR", conflicts_with = "data")]
    pub bodies: Option<PathBuf>,

    /// The order bodies are sent in: `sequential` (as listed) or `shuffle` (an order --seed decides).
    ///
    /// A shuffled run takes every body once per pass, in the same shuffled order each pass; the report gives the
    /// seed, so --seed repeats the order.
    #[arg(hide_short_help = true, help_heading = "Calls", long, value_name = "ORDER", value_enum, default_value_t = BenchOrder::Sequential)]
    pub order: BenchOrder,

    /// The seed of --order shuffle and `{{uuid}}`: the same seed, the same order and ids
    ///
    /// Without it a fresh seed is taken, and the --json report gives it (`variety.seed`) to repeat the run.
    #[arg(
        hide_short_help = true,
        allow_hyphen_values = true,
        help_heading = "Calls",
        long,
        value_name = "N"
    )]
    pub seed: Option<u64>,

    /// Fill placeholders in each body per call: `{{seq}}`, `{{uuid}}`, `{{now_ms}}`, `{{timestamp}}`.
    ///
    /// In -d's body or each of --bodies': `{{seq}}` is the call's number (0, 1, ...; warm-up calls first),
    /// `{{uuid}}` a random UUID per call (from --seed), `{{now_ms}}` the Unix time in milliseconds when the call is
    /// sent and `{{timestamp}}` the same instant in RFC 3339 UTC (`2026-12-01T10:00:00.123Z`). Values are put in
    /// as they are: quote the string ones in JSON (`"id":"{{uuid}}"`). `{{{{` is a literal `{{`; any other `{{`
    /// is refused with its line and column. A body is checked as JSON with its placeholders filled.
    #[arg(hide_short_help = true, help_heading = "Calls", long)]
    pub template: bool,

    /// Spread the calls over N sessions, `yr-bench-<run>-0` to `-<N-1>`, in turn.
    ///
    /// Each call sends one of them in X-Instance-Session, as `yr invoke --session-id` does (with its default TTL
    /// and concurrency), to load session affinity. <run> is the run's id (in the --json report). At most 100,000.
    /// Not with --session-id.
    #[arg(hide_short_help = true, allow_hyphen_values = true, help_heading = "Calls", long, value_name = "N",
          conflicts_with_all = ["session_id", "session_ids"], value_parser = clap::value_parser!(u32).range(1..=100_000))]
    pub session_pool: Option<u32>,

    /// Spread the calls over the session ids in FILE (one per line, blank lines skipped), in turn.
    ///
    /// As --session-pool, with ids of your own (each 1 to 63 characters). Not with --session-id.
    #[arg(
        hide_short_help = true,
        help_heading = "Calls",
        long,
        value_name = "FILE",
        conflicts_with = "session_id"
    )]
    pub session_ids: Option<PathBuf>,

    /// Make each call as `yr invoke --stream`: latency is the time to its last frame
    ///
    /// Asks for server-sent events (Accept: text/event-stream) and reads each answer frame by frame, as `yr invoke
    /// --stream` does: latency is the time to `data: [DONE]`, and the report adds the time to the first frame and
    /// to the last, and frames per call, of the successful streams (`stream` in --json). An error frame is a failure
    /// with its code; a stream that ends before [DONE] fails as `unreachable`. Not with --async.
    #[arg(hide_short_help = true, help_heading = "Mode", long, conflicts_with = "asynchronous")]
    pub stream: bool,

    /// Make each call as `yr invoke --async --wait`: latency is the time to its finished result
    ///
    /// Sends X-Invoke-Type: async; each 202's request id is then polled on the result route (every
    /// --poll-interval, the first poll at once) until the call is finished: a result that finished failed is a
    /// failure with its code. --timeout bounds each call whole, polls included. The report adds the time to the
    /// 202 of every accepted call and to the finished result of the successful ones (`async` in --json). An answer
    /// other than a 202 is judged as a synchronous one, as `yr invoke --async` does.
    #[arg(hide_short_help = true, help_heading = "Mode", long = "async")]
    pub asynchronous: bool,

    /// With --async: the time between polls of a call's result, more than 0 [default: 500ms]
    ///
    /// As `yr invoke --async --wait --poll-interval`. A shorter interval measures the finished result closer to
    /// when it finished, at the cost of more polls (the report counts them).
    #[arg(hide_short_help = true, allow_hyphen_values = true, help_heading = "Mode", long, value_name = "DURATION",
          requires = "asynchronous", value_parser = parse_positive_duration)]
    pub poll_interval: Option<Duration>,

    /// Exit 8 when more than this share of calls failed (0.01 = 1%).
    #[arg(allow_hyphen_values = true, help_heading = "Gates", long, value_name = "F", value_parser = share)]
    pub max_error_rate: Option<f64>,

    /// Exit 8 when the 99th percentile latency is above DURATION.
    #[arg(allow_hyphen_values = true, help_heading = "Gates", long, value_name = "DURATION", value_parser = parse_duration)]
    pub max_p99: Option<Duration>,

    /// Print the whole report as one JSON object on stdout.
    ///
    /// Its fields (stable; add-only) are listed in docs/bench.md: calls, successes, failures, error_rate,
    /// failures_by_code, throughput, latency_ms, first_call_ms, cpu_per_call_us, gates, class and more. One
    /// object whatever happened: a run with no success and one stopped by Ctrl-C print it too.
    #[arg(help_heading = "Report", long)]
    pub json: bool,

    /// Write a row per call to FILE as the run goes: `.csv`, `.jsonl` or `.ndjson`
    ///
    /// Columns: start_us (when the call was due, or sent without a schedule, in microseconds from the run's start),
    /// latency_us, status (empty or null for no answer), code (the inner code), trace_id, stage (0-based, with
    /// --stage) and bytes (of the answer's body). With --stream latency_us is the time to the last frame; with
    /// --async the time to the finished result, status and code the result's, bytes those of every answer. Each
    /// call's X-Trace-Id is then a UUID of the run's id and the call's number (`<run>-0000-0000-0000-<n+1>`),
    /// unless --trace-id gives them all one. Written by a thread of its own through a bounded queue, so memory
    /// stays flat for any number of calls. A file that cannot be created is refused before any call.
    #[arg(help_heading = "Report", long, value_name = "FILE")]
    pub export: Option<PathBuf>,

    /// Also save the run whole to FILE, for `yr bench show`, `compare`, `merge`.
    ///
    /// The settings, the counts, the failures by code with their sample words (secrets redacted) and the latency
    /// histograms whole (HdrHistogram's V2 encoding, base64): `yr bench show FILE` prints the very report the run
    /// printed. Written after the report, also for a run with no success or one stopped by Ctrl-C.
    #[arg(help_heading = "Report", hide_short_help = true, long, value_name = "FILE")]
    pub save: Option<PathBuf>,

    /// The saved run (--save) that --max-regression compares this one with.
    ///
    /// Read before the load: a file that is missing, not a saved run or of another format version is exit 2, and
    /// nothing is sent.
    #[arg(
        help_heading = "Gates",
        hide_short_help = true,
        long,
        value_name = "FILE",
        requires = "max_regression"
    )]
    pub baseline: Option<PathBuf>,

    /// Exit 8 when this run is slower than --baseline by more than PCT (`10%`).
    ///
    /// Slower is a p99 latency higher, or calls/s lower, than the baseline's by more than PCT percent of the
    /// baseline's figure: two gates, `max-regression-p99` and `max-regression-throughput`, each with the change in
    /// percent (positive: worse).
    #[arg(allow_hyphen_values = true, help_heading = "Gates", hide_short_help = true, long, value_name = "PCT",
          value_parser = percent, requires = "baseline")]
    pub max_regression: Option<f64>,

    #[command(flatten)]
    pub request: RequestArgs,

    #[command(flatten)]
    pub connection: ConnectionArgs,

    #[command(flatten)]
    pub global: GlobalArgs,
}

/// `yr bench`: a load run (FUNCTION and its flags), or one of the commands that read saved runs. Not a derive:
/// the run's FUNCTION is required, and a derived struct with the subcommands beside it could not be built when a
/// subcommand is given (clap would ask for FUNCTION); `bench show` etc. take the place of FUNCTION
/// (`args_conflicts_with_subcommands`).
#[derive(Debug)]
pub enum BenchCommand {
    Run(Box<BenchArgs>),
    Saved(BenchSaved),
}

impl clap::FromArgMatches for BenchCommand {
    fn from_arg_matches(matches: &clap::ArgMatches) -> Result<Self, clap::Error> {
        if matches.subcommand_name().is_some() {
            Ok(BenchCommand::Saved(BenchSaved::from_arg_matches(matches)?))
        } else {
            Ok(BenchCommand::Run(Box::new(BenchArgs::from_arg_matches(matches)?)))
        }
    }

    fn update_from_arg_matches(&mut self, matches: &clap::ArgMatches) -> Result<(), clap::Error> {
        *self = Self::from_arg_matches(matches)?;
        Ok(())
    }
}

impl Args for BenchCommand {
    fn augment_args(cmd: clap::Command) -> clap::Command {
        BenchSaved::augment_subcommands(BenchArgs::augment_args(cmd))
            .args_conflicts_with_subcommands(true)
            .subcommand_negates_reqs(true)
            .subcommand_value_name("COMMAND")
            .disable_help_subcommand(true)
    }

    fn augment_args_for_update(cmd: clap::Command) -> clap::Command {
        Self::augment_args(cmd)
    }
}

#[derive(Debug, Subcommand)]
pub enum BenchSaved {
    /// Print a run saved with --save: the report the run printed, byte for byte.
    ///
    /// With --json, the --json report the run would have printed.
    #[command(after_help = BENCH_SHOW.short(), after_long_help = BENCH_SHOW.long())]
    Show(BenchShowArgs),
    /// Each figure's change from the saved run OLD to NEW, with its sign.
    ///
    /// calls/s, latency p50/p90/p99/max, the error rate and each failure code's count: old, new, and the change
    /// (`+12.5%`; the error rate and a code's share in percentage points).
    #[command(after_help = BENCH_COMPARE.short(), after_long_help = BENCH_COMPARE.long())]
    Compare(BenchCompareArgs),
    /// Add up runs saved on many machines (--save) into one report.
    ///
    /// Exact: the latency histograms merge, the counts add up, the percentiles are the merged histogram's. The
    /// duration is the longest run's (the runs are taken to run at the same time), so calls/s is all calls over
    /// it; workers, warm-up, --rate and CPU time add up.
    #[command(after_help = BENCH_MERGE.short(), after_long_help = BENCH_MERGE.long())]
    Merge(BenchMergeArgs),
}

impl BenchSaved {
    fn global(&self) -> &GlobalArgs {
        match self {
            BenchSaved::Show(args) => &args.global,
            BenchSaved::Compare(args) => &args.global,
            BenchSaved::Merge(args) => &args.global,
        }
    }
}

#[derive(Debug, Args)]
pub struct BenchShowArgs {
    /// A run saved with `yr bench --save`.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,

    /// Print the report as one JSON object, as `yr bench --json` does.
    #[arg(long)]
    pub json: bool,

    #[command(flatten)]
    pub global: GlobalArgs,
}

#[derive(Debug, Args)]
pub struct BenchCompareArgs {
    /// The saved run to compare from (the baseline).
    #[arg(value_name = "OLD")]
    pub old: PathBuf,

    /// The saved run to compare with it.
    #[arg(value_name = "NEW")]
    pub new: PathBuf,

    /// Print the comparison as one JSON object.
    #[arg(long)]
    pub json: bool,

    #[command(flatten)]
    pub global: GlobalArgs,
}

#[derive(Debug, Args)]
pub struct BenchMergeArgs {
    /// Runs saved with `yr bench --save`, one per machine.
    #[arg(value_name = "FILE", required = true, num_args = 1..)]
    pub files: Vec<PathBuf>,

    /// Also save the merged run to FILE, as --save saves one.
    #[arg(long, value_name = "FILE")]
    pub save: Option<PathBuf>,

    /// Print the merged report as one JSON object, as `yr bench --json` does.
    #[arg(long)]
    pub json: bool,

    #[command(flatten)]
    pub global: GlobalArgs,
}

/// `yr bench --order`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum BenchOrder {
    Sequential,
    Shuffle,
}

/// ConnectionArgs' --timeout and --connect-timeout, and RequestArgs' -d and --ignore-stdin, as they work in
/// `yr bench`.
fn bench_timeout_help(arg: clap::Arg) -> clap::Arg {
    match arg.get_id().as_str() {
        "timeout" => arg
            .help("Give up on a call after DURATION (a failed call) [env: YR_TIMEOUT]")
            .long_help(
                "Give up on a call after DURATION (a failed call) [env: YR_TIMEOUT]\n\n\
                 DURATION is a number with `ms`, `s`, `m` or `h` (`500ms`, `30s`, `5m`); a bare number is seconds; \
                 `0` waits for ever. It bounds each call, from connecting to the last byte of the answer. A call cut \
                 short fails as `timeout`, as it does for `yr invoke`: the run exits 7 when not one call succeeded \
                 and timeouts were its most frequent failure. [then: the profile's timeout] [default: 15m, past the \
                 frontend's 900 s function timeout]",
            ),
        "connect_timeout" => arg.help("Give up connecting after DURATION (a failed call)").long_help(
            "Give up connecting after DURATION (a failed call).\n\n\
                 Bounds each worker's TCP connection, the proxy's tunnel and the TLS handshake. A call that cannot \
                 connect in time fails as `timeout`, as it does for `yr invoke`: the run exits 7 when not one call \
                 succeeded and timeouts were its most frequent failure. [default: 10s]",
        ),
        "data" => arg.long_help(
            "The request body: the text itself, `@FILE` for a file's bytes, or `@-` for stdin.\n\n\
             Read once and sent with every call. yr bench reads stdin only for -d @-, never on its own, so a CI \
             runner's open stdin cannot hold the run up. Without -d the body is empty, which the frontend treats as \
             `{}`. A JSON content type (the default) is checked before sending.",
        ),
        "ignore_stdin" => arg
            .help("Accepted as for `yr invoke`; yr bench reads stdin only for -d @- anyway")
            .long_help("Accepted as for `yr invoke`: yr bench reads stdin only for -d @- anyway."),
        // -h stays a screen: a pool of sessions (--session-pool) is bench's own way; --help has it.
        "session_id" => arg.hide_short_help(true),
        _ => arg,
    }
}

#[derive(Debug, Args)]
pub struct ErrorsArgs {
    /// The code to explain; without it, the whole table.
    #[arg(value_name = "CODE", allow_negative_numbers = true)]
    pub code: Option<String>,

    /// Only codes of this class.
    #[arg(long, value_enum, value_name = "CLASS")]
    pub class: Option<ClassFilter>,

    /// Print JSON: one object for a code, an array for the table.
    #[arg(long)]
    pub json: bool,

    #[command(flatten)]
    pub global: GlobalArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ClassFilter {
    Ok,
    Request,
    Platform,
    Function,
}

#[derive(Debug, Args)]
pub struct ConfigArgs {
    /// Print one JSON object: each setting with its value and source.
    #[arg(long)]
    pub json: bool,

    #[command(flatten)]
    pub names: NameArgs,

    #[command(flatten)]
    pub connection: ConnectionArgs,

    #[command(flatten)]
    pub global: GlobalArgs,
}

#[derive(Debug, Args)]
pub struct ManArgs {
    #[command(flatten)]
    pub global: GlobalArgs,
}

#[derive(Debug, Args)]
pub struct VersionArgs {
    #[command(flatten)]
    pub global: GlobalArgs,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell.
    #[arg(value_enum, value_name = "SHELL")]
    pub shell: clap_complete::Shell,

    #[command(flatten)]
    pub global: GlobalArgs,
}

#[derive(Debug, Args)]
// --tenant and --service are all `yr urn` takes besides FUNCTION: its short help shows them. (`mut_arg` moves an
// argument to the end, so the global options are moved after them again, to stay last.)
#[command(
    mut_arg("tenant", |a| a.hide_short_help(false)),
    mut_arg("service", |a| a.hide_short_help(false)),
    mut_arg("color", |a| a),
    mut_arg("verbose", |a| a),
    mut_arg("quiet", |a| a),
    mut_arg("profile", |a| a)
)]
pub struct UrnArgs {
    #[command(flatten)]
    pub function: FunctionArgs,

    #[command(flatten)]
    pub global: GlobalArgs,
}

#[derive(Debug, Args)]
pub struct TestArgs {
    /// Suite files (TOML) of `[defaults]` and `[[case]]` tables.
    ///
    /// The tables are described in docs/test.md. Bodies named with `data = "@FILE"` are relative to the suite file.
    /// `${NAME}` in a string takes the environment variable NAME (`${NAME:-fallback}` when it may be unset).
    #[arg(value_name = "FILE", required = true)]
    pub files: Vec<PathBuf>,

    /// Run up to N cases at once.
    ///
    /// Each on its own connection. Cases marked `serial` (or all cases of a file marked so) run alone, in file
    /// order.
    #[arg(allow_hyphen_values = true, help_heading = "Run", short = 'j', long, value_name = "N", default_value_t = 4,
          value_parser = clap::value_parser!(u32).range(1..=256))]
    pub jobs: u32,

    /// Run only the cases whose name matches this regular expression.
    ///
    /// Unanchored: a word matches the names containing it. One that matches nothing is exit 2.
    #[arg(help_heading = "Run", long, value_name = "REGEX")]
    pub filter: Option<String>,

    /// Start no case after the first failure.
    ///
    /// Cases already running finish and are reported; the rest are reported as not run.
    #[arg(help_heading = "Run", long)]
    pub fail_fast: bool,

    /// Run the whole (filtered) suite N times, one round after another, to catch flaky cases.
    ///
    /// Each round starts afresh (what a case captured is not seen by the next round). When N is over 1, every
    /// case's line, --json object and TAP test point carry its round, and the summary says per case in how many
    /// rounds it failed: FLAKY when it also passed in some, FAILED when it failed in each. Exit 8 when a case
    /// failed in any round; --fail-fast stops at the first failure, whatever the round. N is 1 to 10000.
    #[arg(allow_hyphen_values = true, help_heading = "Run", long, value_name = "N", default_value_t = 1,
          value_parser = clap::value_parser!(u32).range(1..=10_000))]
    pub repeat: u32,

    /// Also write the report as JUnit XML to FILE (for GitHub, GitLab, Jenkins).
    ///
    /// A `<testsuite>` per file and a `<testcase>` per case; written also when cases fail or the run is
    /// interrupted.
    #[arg(help_heading = "Report", long, value_name = "FILE")]
    pub junit: Option<PathBuf>,

    /// Print a JSON object per case and a summary object on stdout.
    ///
    /// Instead of text lines; their fields are listed in docs/test.md.
    #[arg(help_heading = "Report", long)]
    pub json: bool,

    /// Also write the report as TAP version 13 to FILE.
    ///
    /// `ok N - ` or `not ok N - ` and the case's file, line and name: a test point per case (per case per round
    /// with --repeat); a failure has a YAML block with the lines the text report gives it; a case not run is
    /// `# SKIP`. Written also when cases fail or the run is interrupted.
    #[arg(help_heading = "Report", long, value_name = "FILE")]
    pub tap: Option<PathBuf>,

    /// Also write the --json lines to FILE (JSON Lines).
    ///
    /// The very lines --json prints, one object per case and a summary, whether or not --json is given.
    #[arg(help_heading = "Report", long, value_name = "FILE")]
    pub jsonl: Option<PathBuf>,

    /// Set the variable NAME for `${NAME}` in the suites (repeatable).
    ///
    /// Wins over --vars and the environment; a value a step captures under the same name wins over it for the
    /// steps (and serial cases) after that step.
    #[arg(help_heading = "Variables", long = "var", value_name = "NAME=VALUE")]
    pub vars_given: Vec<String>,

    /// Read variables from FILE, `.env` style (repeatable; a later file wins).
    ///
    /// `NAME=VALUE` lines; `#` comments, blank lines and `export ` are skipped; a value may be quoted ('...' as it
    /// is, "..." with \n, \" and \\ escapes). They win over the environment, --var wins over them.
    #[arg(help_heading = "Variables", long = "vars", value_name = "FILE")]
    pub vars_files: Vec<PathBuf>,

    /// Hide the value of variable NAME in every report (repeatable).
    ///
    /// Its value, from --var, --vars, the environment or a capture, is shown as `<redacted>` in the text, --json
    /// and JUnit reports, as the token is (values under 4 characters are hidden only in URLs).
    #[arg(help_heading = "Variables", long = "secret", value_name = "NAME")]
    pub secrets: Vec<String>,

    /// Every case's calls join this outer trace (a W3C traceparent) [env: TRACEPARENT]
    ///
    /// As `yr invoke --traceparent`: the outer trace id is kept, each call gets a new span id, and X-Trace-Id is
    /// the trace id as a UUID unless a case sets `trace-id`. Reports carry each call's trace_id and traceparent.
    #[arg(help_heading = "Run", hide_short_help = true, long, value_name = "TRACEPARENT")]
    pub traceparent: Option<String>,

    #[command(flatten)]
    pub names: NameArgs,

    #[command(flatten)]
    pub connection: ConnectionArgs,

    #[command(flatten)]
    pub global: GlobalArgs,
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Serve a function, `NAME=COMMAND` (repeatable).
    ///
    /// NAME is `svc@fn`, `fn` or a full URN, as for `yr invoke`. Each call runs COMMAND through `sh -c` with the
    /// JSON body on stdin; its stdout is the result (JSON, or text returned as a JSON string), its stderr the log
    /// tail. A non-zero exit is code 4002 with the stderr tail as message; when stderr ends with a Python
    /// traceback, it is code 4001 with upstream's Python runtime's message, `Fail to run user call handler. err:
    /// STR(ERR).`, and the traceback stays in the log tail. The command's environment has
    /// YR_TRACE_ID, YR_FUNCTION_URN, YR_INSTANCE_ID, YR_SESSION_ID and the other headers' values (see docs/serve.md).
    #[arg(help_heading = "Functions", long = "function", value_name = "NAME=COMMAND")]
    pub functions: Vec<String>,

    /// A call running longer is killed (with its children) and answers code 4010; 0: no limit.
    #[arg(allow_hyphen_values = true, help_heading = "Functions", long, value_name = "DURATION", default_value = "30s", value_parser = parse_duration)]
    pub function_timeout: Duration,

    /// The functions' concurrentNum: the most calls a session may run at once.
    ///
    /// The session rules check a session's concurrency against it, as the scheduler does (code 4037).
    #[arg(allow_hyphen_values = true, help_heading = "Functions", hide_short_help = true, long, value_name = "N", default_value_t = 1,
          value_parser = clap::value_parser!(u32).range(1..))]
    pub concurrent_num: u32,

    /// A label some instance carries (repeatable).
    ///
    /// Calls asking for another X-Instance-Label get code 150444.
    #[arg(
        help_heading = "Functions",
        hide_short_help = true,
        long = "instance-label",
        value_name = "LABEL"
    )]
    pub instance_labels: Vec<String>,

    /// Address to listen on; port 0 picks a free port.
    ///
    /// [default: 127.0.0.1:8888, or 127.0.0.1:0 with COMMAND]
    #[arg(help_heading = "Frontend", long, value_name = "ADDR")]
    pub listen: Option<String>,

    /// Require this token (read from FILE) as X-Auth, `?token=` or cookie `iam_token`; others get 401.
    ///
    /// Every route outside upstream's whitelist (GET /healthz among it) needs it, unknown paths too.
    #[arg(help_heading = "Frontend", long, value_name = "FILE")]
    pub token_file: Option<PathBuf>,

    /// Bodies larger than SIZE get code 4140 (K, M, G are powers of 1024).
    ///
    /// A declared Content-Length over SIZE is answered at once and the connection closed after; a chunked body
    /// when it ends.
    #[arg(
        allow_hyphen_values = true,
        help_heading = "Frontend",
        hide_short_help = true,
        long,
        value_name = "SIZE",
        default_value = "6M",
        value_parser = parse_size
    )]
    pub max_body_size: u64,

    /// How long asynchronous results are kept after they complete; 0: until the emulator exits.
    ///
    /// Upstream drops them 60 minutes after they were created.
    #[arg(
        allow_hyphen_values = true,
        help_heading = "Frontend",
        hide_short_help = true,
        long,
        value_name = "DURATION",
        default_value = "60m",
        value_parser = parse_duration
    )]
    pub keep_results: Duration,

    /// A request whose headers or body take longer to arrive is refused; 0: no limit.
    ///
    /// A body that outlasts it is answered 400, code 200400, with Go's `read tcp ...: i/o timeout`.
    #[arg(
        allow_hyphen_values = true,
        help_heading = "Frontend",
        hide_short_help = true,
        long,
        value_name = "DURATION",
        default_value = "30s",
        value_parser = parse_duration
    )]
    pub read_timeout: Duration,

    /// Connections held at once; the next waits (in the listen queue) until one closes.
    ///
    /// Bounds the memory a burst of connections takes, about 14 KiB each while idle.
    #[arg(allow_hyphen_values = true, help_heading = "Frontend", hide_short_help = true, long, value_name = "N", default_value_t = 4096,
          value_parser = clap::value_parser!(u32).range(1..=1_000_000))]
    pub max_connections: u32,

    /// Serve HTTPS with this certificate chain (PEM); needs --tls-key.
    #[arg(help_heading = "TLS", long, value_name = "FILE", requires = "tls_key")]
    pub tls_cert: Option<PathBuf>,

    /// Private key (PEM) of --tls-cert.
    #[arg(help_heading = "TLS", long, value_name = "FILE", requires = "tls_cert")]
    pub tls_key: Option<PathBuf>,

    /// Require clients to present a certificate signed by a CA in FILE (mutual TLS).
    #[arg(help_heading = "TLS", long, value_name = "FILE", requires = "tls_cert")]
    pub client_ca: Option<PathBuf>,

    /// Run COMMAND against the emulator, then exit with its exit code.
    ///
    /// COMMAND runs with YR_ENDPOINT pointing at the emulator and this yr first on PATH; the emulator stops when
    /// it exits.
    #[arg(last = true, value_name = "COMMAND")]
    pub command: Vec<String>,

    #[command(flatten)]
    pub global: GlobalArgs,
}

impl Command {
    /// The global options given after the command (`yr invoke -v`; `yr session -v delete -q` joins both).
    pub fn global(&self) -> GlobalArgs {
        let after = match self {
            Command::Invoke(args) => &args.global,
            Command::Result(args) => &args.global,
            Command::Health(args) => &args.global,
            Command::Functions(args) => &args.global,
            Command::Token(args) => &args.global,
            Command::Session(session) => {
                let SessionCommand::Delete(delete) = &session.command;
                return session.global.joined(&delete.global);
            }
            Command::Bench(BenchCommand::Run(args)) => &args.global,
            Command::Bench(BenchCommand::Saved(saved)) => saved.global(),
            Command::Errors(args) => &args.global,
            Command::Urn(args) => &args.global,
            Command::Completions(args) => &args.global,
            Command::Man(args) => &args.global,
            Command::Version(args) => &args.global,
            Command::Config(args) => &args.global,
            Command::Serve(args) => &args.global,
            Command::Test(args) => &args.global,
        };
        after.clone()
    }
}

impl GlobalArgs {
    /// These (given before the command) joined with `after` (given after it): -v counts add up, -q holds if either
    /// says it, and a --color or --profile after the command wins.
    pub fn joined(&self, after: &GlobalArgs) -> GlobalArgs {
        GlobalArgs {
            color: after.color.or(self.color),
            verbose: self.verbose.saturating_add(after.verbose),
            quiet: self.quiet || after.quiet,
            profile: after.profile.clone().or_else(|| self.profile.clone()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// With `defer`, a command's arguments are built when it is parsed, and a flattened group's `///` doc would then
    /// replace the command's own about (the groups carry `//` comments for this). Building changes no about.
    #[test]
    fn deferred_commands_keep_their_abouts() {
        fn abouts(command: &clap::Command) -> Vec<(String, Option<String>)> {
            let about = |c: &clap::Command| c.get_about().map(|a| a.to_string());
            command
                .get_subcommands()
                .filter(|sub| sub.get_name() != "help")
                .map(|sub| (sub.get_name().to_string(), about(sub)))
                .collect()
        }
        let unbuilt = <Cli as clap::CommandFactory>::command();
        let mut built = <Cli as clap::CommandFactory>::command();
        built.build();
        assert_eq!(abouts(&unbuilt), abouts(&built));
        assert!(
            abouts(&built).iter().all(|(_, about)| about.is_some()),
            "{:?}",
            abouts(&built)
        );
        let session = built.find_subcommand("session").unwrap();
        let delete = session
            .find_subcommand("delete")
            .unwrap()
            .get_about()
            .map(|a| a.to_string());
        assert_eq!(
            delete.as_deref(),
            Some("End an instance session (DELETE .../sessions/SESSION_ID)")
        );
    }
    use clap::CommandFactory;

    /// The retry defaults live once, in call/retry.rs (invoke and yr test build their policy there); cli.rs may not
    /// use them (the layers), so this holds the help's numbers to them.
    #[test]
    fn retry_help_states_the_cap_and_the_defaults_of_call_retry() {
        use crate::call::retry::{DEFAULT_RETRY_DELAY, DEFAULT_RETRY_MAX_TIME, RETRY_DELAY_CAP};
        fn secs(d: std::time::Duration) -> String {
            assert_eq!(d.subsec_nanos(), 0, "{d:?}: the help writes whole seconds");
            format!("{}s", d.as_secs())
        }
        let mut command = Cli::command();
        command.build();
        let invoke = command.find_subcommand("invoke").unwrap();
        let help = |id: &str| {
            let arg = invoke.get_arguments().find(|a| a.get_id() == id).unwrap();
            format!(
                "{} {}",
                arg.get_help().map(ToString::to_string).unwrap_or_default(),
                arg.get_long_help().map(ToString::to_string).unwrap_or_default()
            )
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
        };
        let (cap, delay, budget) = (
            secs(RETRY_DELAY_CAP),
            secs(DEFAULT_RETRY_DELAY),
            secs(DEFAULT_RETRY_MAX_TIME),
        );
        let delay_help = help("retry_delay");
        for needle in [
            format!("up to {cap} [default: {delay}]"),
            format!("capped at {cap}"),
            format!("A DURATION above {cap} is waited as given"),
        ] {
            assert!(
                delay_help.contains(&needle),
                "--retry-delay's help lacks {needle:?}: {delay_help}"
            );
        }
        let max_time_help = help("retry_max_time");
        let needle = format!("[default: {budget}]");
        assert!(
            max_time_help.contains(&needle),
            "--retry-max-time's help lacks {needle:?}: {max_time_help}"
        );
    }

    /// serve/ bounds the shutdown under `--function-timeout 0` by the flag's default; cli.rs may not use it.
    #[test]
    fn function_timeout_default_is_serves() {
        let mut command = Cli::command();
        command.build();
        let serve = command.find_subcommand("serve").unwrap();
        let arg = serve
            .get_arguments()
            .find(|a| a.get_id() == "function_timeout")
            .unwrap();
        let default: Vec<_> = arg.get_default_values().iter().map(|v| v.to_string_lossy()).collect();
        let wanted = crate::serve::DEFAULT_FUNCTION_TIMEOUT;
        assert_eq!(default, [format!("{}s", wanted.as_secs())]);
        let arg = serve.get_arguments().find(|a| a.get_id() == "max_connections").unwrap();
        let default: Vec<_> = arg.get_default_values().iter().map(|v| v.to_string_lossy()).collect();
        assert_eq!(default, [crate::serve::DEFAULT_MAX_CONNECTIONS.to_string()]);
    }

    #[test]
    fn clap_definition_is_consistent() {
        Cli::command().debug_assert();
    }

    /// Every command below yr, with yr itself first.
    fn all_commands() -> Vec<clap::Command> {
        fn walk(command: &clap::Command, into: &mut Vec<clap::Command>) {
            into.push(command.clone());
            for sub in command.get_subcommands().filter(|c| c.get_name() != "help") {
                walk(sub, into);
            }
        }
        let mut cli = Cli::command();
        cli.build();
        let mut all = Vec::new();
        walk(&cli, &mut all);
        all
    }

    /// The value names of flags that take a number (a count, a duration, a size, an amount): `--cpu -5` must reach
    /// yr's check, which names the flag, instead of clap's `unexpected argument '-5'`, which does not.
    const NUMERIC_VALUES: &[&str] = &[
        "N",
        "PCT",
        "C",
        "R",
        "F",
        "DURATION",
        "SECONDS",
        "CPU",
        "MEMORY",
        "NAME=COUNT",
        "STATUS",
        "CODE",
        "SIZE",
    ];
    /// The value names of flags that take text, a file, a URL or a choice: a value starting with `-` is a flag.
    const OTHER_VALUES: &[&str] = &[
        "NAME=VALUE",
        "OLD",
        "NEW",
        "TRACEPARENT",
        "DATA",
        "HEADER",
        "TYPE",
        "ID",
        "LABEL",
        "TENANT",
        "SERVICE",
        "URL",
        "FILE",
        "NAME",
        "WHEN",
        "JSON",
        "REGEX",
        "NAME=COMMAND",
        "ADDR",
        "NAME=LABEL",
        "CLASS",
        "SHELL",
        "FUNCTION",
        "SESSION_ID",
        "REQUEST_ID",
        "COMMAND",
        "DURATION:TARGET",
        "FILE|DIR",
        "ORDER",
    ];

    #[test]
    fn every_numeric_flag_takes_a_leading_hyphen_as_its_value() {
        for command in all_commands() {
            for arg in command.get_arguments().filter(|a| a.get_action().takes_values()) {
                let Some(value_name) = arg.get_value_names().and_then(|names| names.first()) else {
                    continue;
                };
                let value_name = value_name.as_str();
                let flag = format!("{} --{}", command.get_name(), arg.get_id());
                if NUMERIC_VALUES.contains(&value_name) && arg.is_positional() {
                    // Any hyphen would take `--json` for the value; a negative number is all it needs.
                    assert!(
                        arg.is_allow_negative_numbers_set(),
                        "{flag} <{value_name}>: needs allow_negative_numbers"
                    );
                } else if NUMERIC_VALUES.contains(&value_name) {
                    assert!(
                        arg.is_allow_hyphen_values_set(),
                        "{flag} <{value_name}>: needs allow_hyphen_values"
                    );
                } else {
                    assert!(
                        OTHER_VALUES.contains(&value_name),
                        "{flag} <{value_name}>: say whether it is a number (NUMERIC_VALUES) or not (OTHER_VALUES)"
                    );
                }
            }
        }
    }

    #[test]
    fn every_flag_left_out_of_the_short_help_is_explained_in_the_long_help() {
        // clap_mangen falls back to the short help only for a flag `-h` shows: one it hides needs a long help of its
        // own (a second paragraph), or the man page says nothing about it.
        for command in all_commands() {
            for arg in command.get_arguments().filter(|a| a.is_hide_short_help_set()) {
                assert!(
                    arg.get_long_help().is_some(),
                    "{} --{}: hidden from -h but has no long help",
                    command.get_name(),
                    arg.get_id()
                );
            }
            for arg in command.get_arguments() {
                assert!(
                    arg.get_help().is_some(),
                    "{} {}: no help",
                    command.get_name(),
                    arg.get_id()
                );
            }
        }
    }

    /// The words a shell would pass to yr for one example line: the yr inside `$(...)`, up to a pipe, redirection
    /// or `&`; quotes removed.
    fn shell_words(line: &str) -> Vec<String> {
        let line = match line.find("$(yr ") {
            Some(start) => line[start + 2..].split(')').next().unwrap_or_default(),
            None => line,
        };
        let mut words = Vec::new();
        let mut word: Option<String> = None;
        let mut chars = line.chars();
        while let Some(c) = chars.next() {
            match c {
                '\'' => word
                    .get_or_insert_default()
                    .extend(chars.by_ref().take_while(|&c| c != '\'')),
                '"' => {
                    let current = word.get_or_insert_default();
                    while let Some(c) = chars.next() {
                        match c {
                            '"' => break,
                            '\\' => current.extend(chars.next()),
                            c => current.push(c),
                        }
                    }
                }
                // A redirection's file descriptor (`2> serve.log`) is not a word yr sees.
                '>' if word.as_deref().is_some_and(|w| w.bytes().all(|b| b.is_ascii_digit())) => {
                    word = None;
                    break;
                }
                '|' | '>' | '&' | ';' => break,
                '#' if word.is_none() => break,
                c if c.is_whitespace() => words.extend(word.take()),
                c => word.get_or_insert_default().push(c),
            }
        }
        words.extend(word);
        words
    }

    #[test]
    fn shell_words_are_split_as_sh_splits_them() {
        assert_eq!(
            shell_words(r#"yr invoke hello -d '{"name":"ci"}' --expect-body '"hello ci"' > out"#),
            [
                "yr",
                "invoke",
                "hello",
                "-d",
                r#"{"name":"ci"}"#,
                "--expect-body",
                r#""hello ci""#
            ]
        );
        assert_eq!(
            shell_words(r#"id=$(yr invoke f --async) x"#),
            ["yr", "invoke", "f", "--async"]
        );
        assert_eq!(
            shell_words(r#"yr result "$id" --wait"#),
            ["yr", "result", "$id", "--wait"]
        );
        assert_eq!(shell_words("yr serve &"), ["yr", "serve"]);
        assert_eq!(
            shell_words("yr health --wait 10s   # wait"),
            ["yr", "health", "--wait", "10s"]
        );
        assert_eq!(
            shell_words("yr serve --function 'f=sh f.sh' 2> serve.log &"),
            ["yr", "serve", "--function", "f=sh f.sh"]
        );
        assert_eq!(shell_words("yr urn a#b"), ["yr", "urn", "a#b"]);
    }

    /// The `yr` command lines of the manual's `sh` and `console` blocks (README.md and docs/*.md), each with where it
    /// is: lines continued with `\` joined, a console's `$ ` prompt taken off, and its output lines left out.
    fn manual_command_lines() -> Vec<(String, String)> {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut pages = vec![root.join("README.md")];
        let mut docs: Vec<_> = std::fs::read_dir(root.join("docs"))
            .unwrap()
            .map(|entry| entry.unwrap().path())
            .filter(|path| path.extension().is_some_and(|e| e == "md"))
            .collect();
        docs.sort();
        pages.extend(docs);
        let mut found = Vec::new();
        for page in pages {
            let text = std::fs::read_to_string(&page).unwrap();
            let name = page.strip_prefix(root).unwrap().display().to_string();
            let (mut lang, mut pending) = (None::<String>, String::new());
            for (n, line) in text.lines().enumerate() {
                if let Some(info) = line.strip_prefix("```") {
                    lang = if lang.is_some() { None } else { Some(info.to_string()) };
                    continue;
                }
                let line = match lang.as_deref() {
                    Some("sh") => line,
                    Some("console") => match line.strip_prefix("$ ") {
                        Some(command) => command,
                        None if !pending.is_empty() => line,
                        None => continue,
                    },
                    _ => continue,
                };
                let command = pending.clone() + line.trim_start();
                if let Some(head) = command.strip_suffix('\\') {
                    pending = head.to_string();
                    continue;
                }
                pending.clear();
                if command.starts_with("yr ") || command.contains("$(yr ") {
                    found.push((format!("{name}:{}", n + 1), command));
                }
            }
        }
        found
    }

    /// Every `yr` command line in the manual parses as yr parses it (issue 24), as every help example does above:
    /// a flag renamed without the docs fails here, naming the page and line.
    #[test]
    fn every_command_line_in_the_manual_parses() {
        let lines = manual_command_lines();
        assert!(lines.len() > 50, "too few command lines found: {lines:?}");
        let mut wrong = Vec::new();
        for (place, line) in lines {
            match Cli::try_parse_from(shell_words(&line)) {
                Err(error)
                    if !matches!(
                        error.kind(),
                        clap::error::ErrorKind::DisplayHelp | clap::error::ErrorKind::DisplayVersion
                    ) =>
                {
                    wrong.push(format!("{place}: `{line}` does not parse:\n{error}"));
                }
                _ => {}
            }
        }
        assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    }

    #[test]
    fn every_command_has_examples_that_yr_accepts() {
        for command in all_commands() {
            let name = command.get_bin_name().unwrap_or(command.get_name()).to_string();
            let long = command.get_after_long_help().map(|t| t.to_string()).unwrap_or_default();
            let lines: Vec<&str> = long
                .lines()
                .skip_while(|l| *l != "Examples:")
                .skip(1)
                .take_while(|l| l.is_empty() || l.starts_with(' '))
                .map(str::trim)
                .filter(|l| !l.is_empty() && !l.starts_with('#'))
                .collect();
            assert!(lines.len() >= 2, "{name}: fewer than two examples:\n{long}");
            for line in lines {
                let words = shell_words(line);
                assert_eq!(words.first().map(String::as_str), Some("yr"), "{name}: {line}");
                if let Err(error) = Cli::try_parse_from(&words) {
                    panic!("{name}: the example `{line}` does not parse:\n{error}");
                }
            }
        }
    }
}
