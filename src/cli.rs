//! The command line as clap types: no I/O and no HTTP here; `settings` and `request` turn these into validated values.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

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
  8    a gate failed (--max-error-rate, --max-p99)
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

#[derive(Debug, Parser)]
#[command(
    name = "yr",
    version = env!("YR_VERSION"),
    about = "Invoke openYuanrong functions from a terminal, a shell script or a CI job",
    after_help = EXIT_CODES,
    max_term_width = 100
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,

    /// When to colour output: `auto` colours a stream that is a terminal, unless NO_COLOR is set
    /// and not empty or TERM is `dumb`.
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    pub color: ColorChoice,

    /// More on stderr: -v prints the request and response headers (X-Auth redacted), -vv adds
    /// timings (connect, first byte, total).
    #[arg(short, long, global = true, action = clap::ArgAction::Count, conflicts_with = "quiet")]
    pub verbose: u8,

    /// Nothing on stderr but errors.
    #[arg(short, long, global = true)]
    pub quiet: bool,

    /// Use this profile of the config file ($YR_CONFIG_DIR/config.json, else
    /// $XDG_CONFIG_HOME/yr/config.json, else ~/.config/yr/config.json). [env: YR_PROFILE]
    /// [default: the file's default_profile]
    #[arg(long, global = true, value_name = "NAME")]
    pub profile: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Invoke a function and print its response.
    #[command(after_help = EXIT_CODES)]
    Invoke(Box<InvokeArgs>),
    /// Show the result of an asynchronous invocation (--wait polls until it is done).
    #[command(after_help = EXIT_CODES)]
    Result(ResultArgs),
    /// Check the frontend's /healthz: exit 0 when up, 3 when unreachable, 5 otherwise.
    Health(HealthArgs),
    /// Manage instance sessions.
    #[command(subcommand)]
    Session(SessionCommand),
    /// Invoke a function many times and report throughput, latency and errors.
    #[command(after_help = BENCH_EXIT_CODES)]
    Bench(Box<BenchArgs>),
    /// Explain error codes offline, from the table built into yr.
    Errors(ErrorsArgs),
    /// Print the full URN a function name expands to.
    Urn(UrnArgs),
    /// Print a completion script for SHELL (bash, zsh, fish, powershell, elvish).
    Completions(CompletionsArgs),
    /// Print the manual page (roff), e.g. `yr man > yr.1`.
    Man,
    /// Print every effective setting, its value (the token redacted) and where it came from.
    Config(ConfigArgs),
    /// Run a local frontend emulator that answers like the real one; with `-- COMMAND`, run COMMAND
    /// against it and exit with COMMAND's exit code.
    Serve(ServeArgs),
    /// Run smoke-test suites (TOML files of cases and expectations) and report each case; --junit
    /// and --json for CI.
    #[command(after_help = TEST_EXIT_CODES)]
    Test(TestArgs),
}

/// How to reach the frontend; shared by every command that sends a request.
#[derive(Debug, Clone, Args)]
pub struct ConnectionArgs {
    /// The frontend's address, `http(s)://host:port` or a bare `host:port`: https when --cacert or
    /// --insecure is set (as yrcli), else http. [env: YR_ENDPOINT, then YR_SERVER_ADDRESS] [then: the profile's endpoint, then a local
    /// cluster's frontend from /tmp/yr_sessions] [default: http://127.0.0.1:8888]
    #[arg(help_heading = "Connection", short, long, value_name = "URL")]
    pub endpoint: Option<String>,

    /// Read the token sent as X-Auth from FILE (one trailing newline is trimmed). [env:
    /// YR_JWT_TOKEN holds the token itself] [then: the profile's token_file] The token is never
    /// printed.
    #[arg(help_heading = "Connection", long, value_name = "FILE")]
    pub token_file: Option<PathBuf>,

    /// Give up on the whole call after DURATION (`500ms`, `30s`, `5m`; a bare number is seconds;
    /// `0` waits for ever). Exit code 7. [env: YR_TIMEOUT] [default: 15m, past the frontend's
    /// 900 s function timeout]
    #[arg(help_heading = "Connection", long, value_name = "DURATION")]
    pub timeout: Option<String>,

    /// Give up connecting (TCP and TLS) after DURATION. Exit code 7. [default: 10s]
    #[arg(help_heading = "Connection", long, value_name = "DURATION")]
    pub connect_timeout: Option<String>,

    /// Trust the CA certificates in FILE (PEM) for the frontend's certificate. [env: YR_VERIFY_FILE]
    /// [default: the built-in web PKI roots]
    #[arg(help_heading = "TLS", long, value_name = "FILE")]
    pub cacert: Option<PathBuf>,

    /// Client certificate (PEM) for mutual TLS; needs --key. [env: YR_CERT_FILE]
    #[arg(help_heading = "TLS", long, value_name = "FILE")]
    pub cert: Option<PathBuf>,

    /// Private key (PEM) of --cert. [env: YR_PRIVATE_KEY_FILE]
    #[arg(help_heading = "TLS", long, value_name = "FILE")]
    pub key: Option<PathBuf>,

    /// Check the frontend's certificate against NAME instead of the endpoint's host (the
    /// connection still goes to the endpoint's address). [env: YR_SERVER_NAME]
    #[arg(help_heading = "TLS", long, value_name = "NAME")]
    pub tls_server_name: Option<String>,

    /// Do not verify the frontend's certificate. [env: YR_INSECURE=true]
    #[arg(help_heading = "TLS", short = 'k', long)]
    pub insecure: bool,

    /// Send through this HTTP proxy (`http://host:port`). [default: HTTPS_PROXY, HTTP_PROXY,
    /// ALL_PROXY and NO_PROXY, upper or lower case]
    #[arg(help_heading = "Connection", long, value_name = "URL", conflicts_with = "no_proxy")]
    pub proxy: Option<String>,

    /// Use no proxy, whatever the environment says.
    #[arg(help_heading = "Connection", long)]
    pub no_proxy: bool,
}

/// Which function: the name and the parts a short name is expanded with.
#[derive(Debug, Clone, Args)]
pub struct FunctionArgs {
    /// The function: a full URN (`sn:cn:yrk:default:function:0@svc@hello:latest`),
    /// `service@function[:version]`, `0@service@function[:version]`, or a bare
    /// `function[:version]` in the default service. The version defaults to `latest`.
    #[arg(value_name = "FUNCTION")]
    pub function: String,

    #[command(flatten)]
    pub names: NameArgs,
}

/// The tenant and service short FUNCTION names expand with.
#[derive(Debug, Clone, Default, Args)]
pub struct NameArgs {
    /// Tenant of a short FUNCTION name. [env: YR_TENANT] [default: default]
    #[arg(help_heading = "Function", long, value_name = "TENANT")]
    pub tenant: Option<String>,

    /// Service of a bare FUNCTION name. [env: YR_SERVICE] [default: default]
    #[arg(help_heading = "Function", long, value_name = "SERVICE")]
    pub service: Option<String>,
}

/// Everything that shapes the request itself: shared by `invoke` and `bench`.
#[derive(Debug, Clone, Args)]
pub struct RequestArgs {
    #[command(flatten)]
    pub function: FunctionArgs,

    /// The request body: the text itself, `@FILE` for a file's bytes, or `@-` for stdin. Without
    /// -d a body is read from stdin when stdin is not a terminal (see --ignore-stdin); otherwise
    /// the body is empty, which the frontend treats as `{}`. A JSON content type (the default)
    /// is checked before sending.
    #[arg(help_heading = "Request", short, long, value_name = "DATA")]
    pub data: Option<String>,

    /// Never read the body from stdin unless -d @- asks for it (for CI runners whose stdin is
    /// an open pipe).
    #[arg(help_heading = "Request", long)]
    pub ignore_stdin: bool,

    /// Content-Type of the body; a type other than JSON is sent unchecked.
    /// [default: application/json]
    #[arg(help_heading = "Request", long, value_name = "TYPE")]
    pub content_type: Option<String>,

    /// An extra request header, `Name: value` (repeatable). X-Auth cannot be given here: use
    /// YR_JWT_TOKEN or --token-file.
    #[arg(help_heading = "Request", short = 'H', long = "header", value_name = "HEADER")]
    pub headers: Vec<String>,

    /// CPU for the instance (X-Instance-Cpu): millicores `500` or `500m`, or cores `1.5c`.
    /// The frontend applies it only together with --memory.
    #[arg(help_heading = "Instance", long, value_name = "CPU")]
    pub cpu: Option<String>,

    /// Memory for the instance (X-Instance-Memory): MB `512`, or `512Mi`, `2Gi`, `512M`, `2G`
    /// (all MiB units). The frontend applies it only together with --cpu.
    #[arg(help_heading = "Instance", long, value_name = "MEMORY")]
    pub memory: Option<String>,

    /// A custom resource for the instance, `NAME=COUNT` with a positive integer COUNT
    /// (repeatable; X-Instance-Custom-Resource), e.g. `NPU/.+/count=1`.
    #[arg(help_heading = "Instance", long, value_name = "NAME=COUNT")]
    pub custom_resource: Vec<String>,

    /// Resource pool label for affinity scheduling (X-Pool-Label).
    #[arg(help_heading = "Instance", long, value_name = "LABEL")]
    pub pool_label: Option<String>,

    /// Run on an instance carrying this label (X-Instance-Label).
    #[arg(help_heading = "Instance", long, value_name = "LABEL")]
    pub instance_label: Option<String>,

    /// Bind the call to an instance session (X-Instance-Session): 1 to 63 characters.
    #[arg(help_heading = "Session", long, value_name = "ID")]
    pub session_id: Option<String>,

    /// Session lifetime in seconds, 0 or more; 0 never expires. Needs --session-id. [default: 0]
    #[arg(
        help_heading = "Session",
        long,
        value_name = "SECONDS",
        allow_negative_numbers = true
    )]
    pub session_ttl: Option<String>,

    /// Concurrent calls on the session: a positive number, or -1 for a whole instance of its
    /// own. Needs --session-id. [default: 1]
    #[arg(help_heading = "Session", long, value_name = "N", allow_negative_numbers = true)]
    pub session_concurrency: Option<String>,

    /// Trace id of the call (X-Trace-Id), at most 128 characters; the frontend makes one when
    /// absent.
    #[arg(help_heading = "Request", long, value_name = "ID")]
    pub trace_id: Option<String>,
}

#[derive(Debug, Args)]
pub struct InvokeArgs {
    #[command(flatten)]
    pub request: RequestArgs,

    #[command(flatten)]
    pub connection: ConnectionArgs,

    #[command(flatten)]
    pub output: OutputArgs,

    #[command(flatten)]
    pub retry: RetryArgs,

    /// Invoke asynchronously (X-Invoke-Type: async): print the request id on stdout and exit 0 once
    /// the frontend accepts the call (202). See --wait and `yr result`.
    #[arg(help_heading = "Mode", long = "async", conflicts_with = "stream")]
    pub asynchronous: bool,

    /// With --async: poll the result until the call completes, then print it as a synchronous call
    /// would. A wait that outlasts --timeout exits 7 and prints the request id.
    #[arg(help_heading = "Mode", long, requires = "asynchronous")]
    pub wait: bool,

    /// Time between polls of --wait. [default: 500ms]
    #[arg(help_heading = "Mode", long, value_name = "DURATION", requires = "wait")]
    pub poll_interval: Option<String>,

    /// With --async: have the frontend POST the finished call's record to URL (X-Webhook-Url,
    /// as yrcli's `async-invoke --webhook`). URL starts with http:// or https://. The frontend
    /// sends it only when its webhook setting is on (asyncInvocation.webhook.enabled, off by
    /// default).
    #[arg(help_heading = "Mode", long, value_name = "URL", requires = "asynchronous")]
    pub webhook: Option<String>,

    /// Ask for a streamed answer (Accept: text/event-stream): print each frame's data on its own
    /// line as it arrives. An error, framed or not, is reported as a synchronous call's.
    #[arg(
        help_heading = "Mode",
        long,
        conflicts_with_all = ["output", "raw_string", "expect_body"]
    )]
    pub stream: bool,

    /// Print the equivalent curl command and send nothing (X-Auth shows as <redacted>).
    #[arg(help_heading = "Output", long)]
    pub curl: bool,
}

/// How the answer is shown and checked: shared by `invoke` and `result`.
#[derive(Debug, Clone, Args)]
pub struct OutputArgs {
    /// Print a JSON string result without its quotes and escapes (as `jq -r`).
    #[arg(help_heading = "Output", short, long)]
    pub raw_string: bool,

    /// Write the response body to FILE instead of stdout; FILE is replaced only once the whole
    /// body has arrived, and only when the call succeeded.
    #[arg(help_heading = "Output", short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Print one JSON object on stdout whatever happened: ok, status, code, class, message,
    /// trace_id, body, headers, elapsed_ms, attempts (and request_id for --async).
    #[arg(help_heading = "Output", long)]
    pub json: bool,

    /// Print the function's log tail (X-Log-Result, base64-decoded) on stderr.
    #[arg(help_heading = "Output", long)]
    pub logs: bool,

    /// Expect this HTTP status; exit 8 when it differs.
    #[arg(help_heading = "Assertions", long, value_name = "STATUS")]
    pub expect_status: Option<u16>,

    /// Expect this inner code (X-Inner-Code; 0 on success); exit 8 when it differs. An expected
    /// failure code makes that failure a pass.
    #[arg(help_heading = "Assertions", long, value_name = "CODE")]
    pub expect_code: Option<i64>,

    /// Expect this body, compared as JSON values (not as text); exit 8 when it differs.
    #[arg(help_heading = "Assertions", long, value_name = "JSON")]
    pub expect_body: Option<String>,
}

/// When a call is sent again.
#[derive(Debug, Clone, Args)]
pub struct RetryArgs {
    /// Send the call again, up to N more times, but only when the function cannot have run: the
    /// connection failed before sending, HTTP 429, or a code marked retry-safe (`yr errors`).
    #[arg(help_heading = "Retries", long, value_name = "N", default_value_t = 0)]
    pub retry: u32,

    /// First wait between attempts; it doubles each time (with jitter). A Retry-After header
    /// wins.
    #[arg(help_heading = "Retries", long, value_name = "DURATION", default_value = "1s")]
    pub retry_delay: String,

    /// Stop retrying when the next attempt would start later than DURATION after the first.
    #[arg(help_heading = "Retries", long, value_name = "DURATION")]
    pub retry_max_time: Option<String>,

    /// Also retry after timeouts, broken connections and any 5xx, accepting that the function may
    /// run twice.
    #[arg(help_heading = "Retries", long)]
    pub retry_all_errors: bool,
}

#[derive(Debug, Args)]
pub struct ResultArgs {
    /// The request id `yr invoke --async` printed.
    #[arg(value_name = "REQUEST_ID")]
    pub request_id: String,

    /// Poll until the call completes (bounded by --timeout; exit 7 when it runs out).
    #[arg(long)]
    pub wait: bool,

    /// Time between polls of --wait. [default: 500ms]
    #[arg(long, value_name = "DURATION", requires = "wait")]
    pub poll_interval: Option<String>,

    #[command(flatten)]
    pub connection: ConnectionArgs,

    #[command(flatten)]
    pub output: OutputArgs,
}

#[derive(Debug, Args)]
pub struct HealthArgs {
    /// Poll /healthz until it answers 200 or DURATION has passed (exit 7).
    #[arg(long, value_name = "DURATION")]
    pub wait: Option<String>,

    #[command(flatten)]
    pub connection: ConnectionArgs,
}

#[derive(Debug, Subcommand)]
pub enum SessionCommand {
    /// End an instance session (DELETE .../sessions/SESSION_ID).
    Delete(SessionDeleteArgs),
}

#[derive(Debug, Args)]
pub struct SessionDeleteArgs {
    #[command(flatten)]
    pub function: FunctionArgs,

    /// The session to end.
    #[arg(value_name = "SESSION_ID")]
    pub session_id: String,

    #[command(flatten)]
    pub connection: ConnectionArgs,
}

#[derive(Debug, Args)]
pub struct BenchArgs {
    #[command(flatten)]
    pub request: RequestArgs,

    #[command(flatten)]
    pub connection: ConnectionArgs,

    /// Make N calls (warm-up calls not included). [default: 200 when -z is not given]
    #[arg(
        help_heading = "Load",
        short = 'n',
        long = "requests",
        value_name = "N",
        conflicts_with = "duration"
    )]
    pub requests: Option<u64>,

    /// Call for DURATION (`10s`, `1m`) instead of a number of calls.
    #[arg(help_heading = "Load", short = 'z', long = "duration", value_name = "DURATION")]
    pub duration: Option<String>,

    /// Concurrent workers, each with its own connection.
    #[arg(help_heading = "Load", short = 'c', long, value_name = "C", default_value_t = 8,
          value_parser = clap::value_parser!(u32).range(1..=10_000))]
    pub concurrency: u32,

    /// Calls per second overall (an open model: calls start on schedule whether or not earlier ones
    /// finished; latency counts from the scheduled start, correcting coordinated omission).
    #[arg(help_heading = "Load", long, value_name = "R")]
    pub rate: Option<f64>,

    /// Calls made first and left out of the figures.
    #[arg(help_heading = "Load", long, value_name = "N", default_value_t = 0)]
    pub warmup: u64,

    /// Print the whole report as one JSON object on stdout (field names in the README).
    #[arg(help_heading = "Report", long)]
    pub json: bool,

    /// Exit 8 when more than this share of calls failed (0.01 = 1%).
    #[arg(help_heading = "Gates", long, value_name = "F")]
    pub max_error_rate: Option<f64>,

    /// Exit 8 when the 99th percentile latency is above DURATION.
    #[arg(help_heading = "Gates", long, value_name = "DURATION")]
    pub max_p99: Option<String>,
}

#[derive(Debug, Args)]
pub struct ErrorsArgs {
    /// The code to explain; without it, the whole table.
    #[arg(value_name = "CODE")]
    pub code: Option<String>,

    /// Only codes of this class.
    #[arg(long, value_enum, value_name = "CLASS")]
    pub class: Option<ClassFilter>,

    /// Print JSON: one object for a code, an array for the table.
    #[arg(long)]
    pub json: bool,
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
    #[command(flatten)]
    pub connection: ConnectionArgs,

    #[command(flatten)]
    pub names: NameArgs,

    /// Print one JSON object: each setting with its value and source.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell.
    #[arg(value_enum, value_name = "SHELL")]
    pub shell: clap_complete::Shell,
}

#[derive(Debug, Args)]
pub struct UrnArgs {
    #[command(flatten)]
    pub function: FunctionArgs,
}

#[derive(Debug, Args)]
pub struct TestArgs {
    /// Suite files (TOML): `[defaults]` and `[[case]]` tables, described in the README. Bodies
    /// named with `data = "@FILE"` are relative to the suite file.
    #[arg(value_name = "FILE", required = true)]
    pub files: Vec<PathBuf>,

    /// Run up to N cases at once; cases marked `serial` (or all cases of a file marked so) run
    /// alone, in file order.
    #[arg(help_heading = "Run", short = 'j', long, value_name = "N", default_value_t = 4,
          value_parser = clap::value_parser!(u32).range(1..=256))]
    pub jobs: u32,

    /// Run only the cases whose name matches this regular expression (unanchored: a word matches
    /// names containing it).
    #[arg(help_heading = "Run", long, value_name = "REGEX")]
    pub filter: Option<String>,

    /// Start no case after the first failure (cases already running finish and are reported).
    #[arg(help_heading = "Run", long)]
    pub fail_fast: bool,

    /// Also write the report as JUnit XML to FILE (for GitHub, GitLab, Jenkins).
    #[arg(help_heading = "Report", long, value_name = "FILE")]
    pub junit: Option<PathBuf>,

    /// Print one JSON object per case and a summary object on stdout, instead of text lines.
    #[arg(help_heading = "Report", long)]
    pub json: bool,

    #[command(flatten)]
    pub names: NameArgs,

    #[command(flatten)]
    pub connection: ConnectionArgs,
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address to listen on; port 0 picks a free port. [default: 127.0.0.1:8888, or 127.0.0.1:0
    /// with COMMAND]
    #[arg(long, value_name = "ADDR")]
    pub listen: Option<String>,

    /// Serve a function, `NAME=COMMAND` (repeatable). NAME is `svc@fn`, `fn` or a full URN, as for
    /// `yr invoke`. Each call runs COMMAND through `sh -c` with the JSON body on stdin; its stdout
    /// is the result (JSON, or text returned as a JSON string), its stderr the log tail.
    #[arg(long = "function", value_name = "NAME=COMMAND")]
    pub functions: Vec<String>,

    /// A call running longer is killed (with its children) and answers code 4010.
    #[arg(long, value_name = "DURATION", default_value = "30s")]
    pub function_timeout: String,

    /// The functions' concurrentNum: the most calls a session may run at once.
    #[arg(long, value_name = "N", default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..))]
    pub concurrent_num: u32,

    /// A label some instance carries (repeatable); calls asking for another X-Instance-Label get
    /// code 150444.
    #[arg(long = "instance-label", value_name = "LABEL")]
    pub instance_labels: Vec<String>,

    /// Bodies larger than SIZE get code 4140 (K, M, G are powers of 1024).
    #[arg(long, value_name = "SIZE", default_value = "6M")]
    pub max_body_size: String,

    /// Require this token (read from FILE) as X-Auth, `?token=` or cookie `iam_token`; others get 401.
    #[arg(long, value_name = "FILE")]
    pub token_file: Option<PathBuf>,

    /// How long asynchronous results are kept after they complete.
    #[arg(long, value_name = "DURATION", default_value = "60m")]
    pub keep_results: String,

    /// A request whose headers or body take longer to arrive is refused.
    #[arg(long, value_name = "DURATION", default_value = "30s")]
    pub read_timeout: String,

    /// Serve HTTPS with this certificate chain (PEM); needs --tls-key.
    #[arg(long, value_name = "FILE", requires = "tls_key")]
    pub tls_cert: Option<PathBuf>,

    /// Private key (PEM) of --tls-cert.
    #[arg(long, value_name = "FILE", requires = "tls_cert")]
    pub tls_key: Option<PathBuf>,

    /// Require clients to present a certificate signed by a CA in FILE (mutual TLS).
    #[arg(long, value_name = "FILE", requires = "tls_cert")]
    pub client_ca: Option<PathBuf>,

    /// Run COMMAND with YR_ENDPOINT pointing at the emulator and this yr first on PATH; stop when it
    /// exits and exit with its code.
    #[arg(last = true, value_name = "COMMAND")]
    pub command: Vec<String>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn clap_definition_is_consistent() {
        Cli::command().debug_assert();
    }
}
