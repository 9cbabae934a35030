//! The emulator's functions: the built-in `hello` and `echo`, and user COMMANDs run through `sh -c` with the body on
//! stdin. A command's whole process group is killed when it runs too long or its caller goes away.

use std::collections::HashMap;
use std::process::Stdio;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use bytes::Bytes;
use serde_json::Value;
use tokio::io::{AsyncBufReadExt, AsyncRead, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::sync::mpsc;

use crate::error_table::code;
use crate::urn::{FunctionUrn, NameDefaults};

use super::{traceback, tree};

/// How much of a function's stderr is kept: the tail, as X-Log-Result.
pub const LOG_TAIL: usize = 4096;
/// The most stdout a command may write before the call fails with code::FUNCTION_RESPONSE_TOO_LARGE.
const MAX_RESULT: usize = 64 * 1024 * 1024;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Function {
    Hello,
    Echo,
    Command(String),
}

/// The functions the emulator serves, by function key (`tenant/name/version`): upstream looks a function up by
/// that key alone (`functionmeta.LoadFuncSpec`), whatever product, region, business and sign the URN names.
#[derive(Debug, Clone)]
pub struct Registry {
    functions: HashMap<String, Served>,
    /// Function keys in the order the start-up listing shows them: the built-ins, then each `--function`.
    order: Vec<String>,
}

/// One served function: what runs, the name it was given and its full URN.
#[derive(Debug, Clone)]
pub struct Served {
    pub function: Function,
    /// `hello`, `echo`, or NAME as `--function` gave it: how the request log names the function.
    pub name: Arc<str>,
    pub urn: String,
}

impl Registry {
    /// The built-ins plus each `--function NAME=COMMAND`; NAME expands as FUNCTION does for `yr invoke`. A NAME that
    /// names a function already served replaces it.
    pub fn new(specs: &[String]) -> Result<Registry, String> {
        let defaults = NameDefaults::default();
        let mut registry = Registry {
            functions: HashMap::new(),
            order: Vec::new(),
        };
        for (name, function) in [("hello", Function::Hello), ("echo", Function::Echo)] {
            let urn = FunctionUrn::parse(name, &defaults).map_err(|e| e.to_string())?;
            registry.add(name, &urn, function)?;
        }
        for spec in specs {
            let Some((name, command)) = spec.split_once('=') else {
                return Err(format!(
                    "--function `{spec}` has no `=`: use NAME=COMMAND, e.g. --function greet='echo hi'"
                ));
            };
            if command.trim().is_empty() {
                return Err(format!("--function `{spec}`: the COMMAND after `=` is empty"));
            }
            let urn = FunctionUrn::parse(name, &defaults).map_err(|e| format!("--function {e}"))?;
            registry.add(name, &urn, Function::Command(command.to_string()))?;
        }
        Ok(registry)
    }

    fn add(&mut self, name: &str, urn: &FunctionUrn, function: Function) -> Result<(), String> {
        let key = func_key(urn)?;
        let served = Served {
            function,
            name: Arc::from(name),
            urn: urn.to_string(),
        };
        if self.functions.insert(key.clone(), served).is_none() {
            self.order.push(key);
        }
        Ok(())
    }

    pub fn get(&self, func_key: &str) -> Option<&Function> {
        self.functions.get(func_key).map(|served| &served.function)
    }

    /// The name the function with this key was served under.
    pub fn name(&self, func_key: &str) -> Option<&Arc<str>> {
        self.functions.get(func_key).map(|served| &served.name)
    }

    /// Every served function, built-ins first, then in `--function` order.
    pub fn listed(&self) -> impl Iterator<Item = &Served> {
        self.order.iter().filter_map(|key| self.functions.get(key))
    }
}

fn func_key(urn: &FunctionUrn) -> Result<String, String> {
    super::rules::parse_urn(&urn.to_string()).map(|u| u.func_key())
}

/// One call as the function sees it.
#[derive(Debug, Clone)]
pub struct Call {
    /// A JSON value (an empty request body arrives as `{}`).
    pub body: Bytes,
    /// Variables for a command's environment: trace id, resources, labels, session, instance.
    pub env: Vec<(String, String)>,
    pub timeout: Duration,
}

/// What a finished call produced.
#[derive(Debug, Clone)]
pub struct Finished {
    pub result: Result<Bytes, FunctionError>,
    /// The tail of stderr.
    pub log: Vec<u8>,
    pub duration: Duration,
}

/// A function failure: the inner code and the message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FunctionError {
    pub code: i64,
    pub message: String,
}

/// Runs a call to the end and returns the result as JSON.
pub async fn run(function: &Function, call: Call) -> Finished {
    let start = Instant::now();
    match function {
        Function::Hello => Finished {
            result: Ok(hello(&call.body)),
            log: Vec::new(),
            duration: start.elapsed(),
        },
        Function::Echo => Finished {
            result: Ok(call.body),
            log: Vec::new(),
            duration: start.elapsed(),
        },
        Function::Command(command) => run_command(command, call, None).await,
    }
}

/// Runs a COMMAND, sending each line of its output to `lines` as it is written; the result is what `run` gives.
/// (The built-ins answer whole: the frontend runs them with `run` even when asked to stream.)
pub async fn stream(command: &str, call: Call, lines: mpsc::Sender<Bytes>) -> Finished {
    run_command(command, call, Some(lines)).await
}

/// The API page's example: `{"name":"yuanrong"}` gives `"hello yuanrong"`.
fn hello(body: &[u8]) -> Bytes {
    let name = serde_json::from_slice::<Value>(body)
        .ok()
        .and_then(|v| v.get("name").and_then(Value::as_str).map(str::to_string));
    let greeting = match name {
        Some(name) => format!("hello {name}"),
        None => "hello".to_string(),
    };
    Bytes::from(Value::String(greeting).to_string())
}

/// Kills the command's whole tree (its process group, and what left it with `setsid`) unless that was done: covers
/// time-outs and callers that hang up. Dropped, it hands the pid back to the orphan reaper.
struct GroupGuard {
    pid: Option<i32>,
    registered: Option<i32>,
    mark: String,
}

impl GroupGuard {
    fn kill(&mut self) {
        if let Some(pid) = self.pid.take() {
            tree::kill_tree(pid, &self.mark);
        }
    }

    /// After the call ended: its process group, as before. What left the group (`setsid`) is left running until
    /// the emulator exits, as a helper a function starts outlives the call on a warm instance.
    fn end(&mut self) {
        if let Some(pid) = self.pid.take() {
            // SAFETY: kill(2) with a negative pid signals the process group the child leads; no memory is touched.
            unsafe {
                libc::kill(-pid, libc::SIGKILL);
            }
        }
    }
}

impl Drop for GroupGuard {
    fn drop(&mut self) {
        self.kill();
        if let Some(pid) = self.registered {
            tree::forget(pid);
        }
    }
}

async fn run_command(command: &str, call: Call, lines: Option<mpsc::Sender<Bytes>>) -> Finished {
    let start = Instant::now();
    let failed = |code, message: String, log: Vec<u8>| failure(start, code, message, log);
    static CALLS: AtomicU64 = AtomicU64::new(0);
    let mark = CALLS.fetch_add(1, Ordering::Relaxed).to_string();
    let mut sh = shell(command, &call, &mark);
    let spawned = tree::spawn(|| sh.spawn(), tokio::process::Child::id);
    let mut child = match spawned {
        Ok(child) => child,
        Err(e) => {
            return failed(
                code::USER_CODE_NOT_LOADABLE,
                format!("user code not loadable: cannot start sh: {e}"),
                Vec::new(),
            );
        }
    };
    let pid = child.id().map(|p| p as i32);
    let mut guard = GroupGuard {
        pid,
        registered: pid,
        mark,
    };
    let (Some(mut stdin), Some(stdout), Some(stderr)) = (child.stdin.take(), child.stdout.take(), child.stderr.take())
    else {
        return failed(
            code::USER_CODE_NOT_LOADABLE,
            "user code not loadable: no pipes to the command".into(),
            Vec::new(),
        );
    };
    let body = call.body.clone();
    // A command that never reads stdin must not block the call, so the body is written beside the reads.
    let writer = tokio::spawn(async move {
        let _ = stdin.write_all(&body).await;
        let _ = stdin.shutdown().await;
    });
    let stderr_task = tokio::spawn(read_tail(stderr, LOG_TAIL));
    let work = async {
        let output = match lines {
            Some(sender) => read_lines(stdout, sender).await,
            None => read_bounded(stdout).await,
        };
        let status = child.wait().await;
        (output, status)
    };
    let outcome = super::limit::within(call.timeout, work).await;
    writer.abort();
    let Some((output, status)) = outcome else {
        guard.kill();
        stderr_task.abort();
        let message = format!(
            "function timed out after {}",
            crate::wording::human_duration(call.timeout)
        );
        return failed(code::FUNCTION_TIMED_OUT, message, Vec::new());
    };
    // The command is done; its group may still hold pipes (a background child), so stop waiting for them.
    guard.end();
    let log = match tokio::time::timeout(Duration::from_millis(200), stderr_task).await {
        Ok(Ok(log)) => log,
        _ => Vec::new(),
    };
    let status = match status {
        Ok(status) => status,
        Err(e) => {
            return failed(
                code::USER_CODE_NOT_LOADABLE,
                format!("user code not loadable: {e}"),
                log,
            );
        }
    };
    let stdout = match output {
        Ok(bytes) => bytes,
        Err(too_large) => return failed(code::FUNCTION_RESPONSE_TOO_LARGE, too_large, log),
    };
    judged(start, status, &stdout, log)
}

/// `sh -c COMMAND` with the call's environment, its own process group (so the whole group can be killed) and a
/// mark its descendants inherit (so they can be found).
fn shell(command: &str, call: &Call, mark: &str) -> tokio::process::Command {
    let mut sh = tokio::process::Command::new("sh");
    sh.arg("-c")
        .arg(command)
        .envs(call.env.iter().map(|(k, v)| (k.as_str(), v.as_str())))
        .env(tree::MARK, mark)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .process_group(0)
        .kill_on_drop(true);
    sh
}

fn failure(start: Instant, code: i64, message: String, log: Vec<u8>) -> Finished {
    Finished {
        result: Err(FunctionError { code, message }),
        log,
        duration: start.elapsed(),
    }
}

/// What a command that ran to its end answers: its stdout on exit 0, else the error upstream's runtime gives for
/// how it ended (`log` is its stderr's tail).
fn judged(start: Instant, status: std::process::ExitStatus, stdout: &[u8], log: Vec<u8>) -> Finished {
    let failed = |code, message: String, log: Vec<u8>| failure(start, code, message, log);
    let tail = String::from_utf8_lossy(&log).trim().to_string();
    match status.code() {
        Some(0) => Finished {
            result: Ok(as_json(stdout)),
            log,
            duration: start.elapsed(),
        },
        Some(code @ (126 | 127)) => failed(
            code::USER_CODE_NOT_LOADABLE,
            format!("user code not loadable (exit status {code}): {tail}"),
            log,
        ),
        Some(code) => match traceback::runtime_message(&tail) {
            // A Python traceback: the message upstream's Python runtime answers, so the exception heads the error
            // and lines logged before it stay in the log tail, as upstream logs them apart from the answer.
            Some(message) => failed(code::FUNCTION_ENTRY_NOT_FOUND, message, log),
            None if tail.is_empty() => failed(code::FUNCTION_RAISED_AN_EXCEPTION, format!("exit status {code}"), log),
            None => failed(code::FUNCTION_RAISED_AN_EXCEPTION, tail, log),
        },
        None => {
            use std::os::unix::process::ExitStatusExt;
            let signal = status.signal().unwrap_or(0);
            failed(
                code::FUNCTION_RAISED_AN_EXCEPTION,
                format!("killed by signal {signal}"),
                log,
            )
        }
    }
}

/// Stdout as the result: JSON as written (one trailing newline dropped), anything else as a JSON string.
pub fn as_json(stdout: &[u8]) -> Bytes {
    let trimmed = stdout.strip_suffix(b"\n").unwrap_or(stdout);
    let trimmed = trimmed.strip_suffix(b"\r").unwrap_or(trimmed);
    if serde_json::from_slice::<serde::de::IgnoredAny>(trimmed).is_ok() {
        return Bytes::copy_from_slice(trimmed);
    }
    Bytes::from(Value::String(String::from_utf8_lossy(trimmed).into_owned()).to_string())
}

async fn read_bounded(mut stdout: impl AsyncRead + Unpin) -> Result<Vec<u8>, String> {
    let mut bytes = Vec::new();
    let mut chunk = [0u8; 16 * 1024];
    loop {
        match stdout.read(&mut chunk).await {
            Ok(0) | Err(_) => return Ok(bytes),
            Ok(n) => {
                if bytes.len() + n > MAX_RESULT {
                    return Err(format!("function response too large: over {MAX_RESULT} bytes"));
                }
                bytes.extend_from_slice(&chunk[..n]);
            }
        }
    }
}

/// Each line goes to `sender` as soon as it is complete; the whole output is returned too.
async fn read_lines(stdout: impl AsyncRead + Unpin, sender: mpsc::Sender<Bytes>) -> Result<Vec<u8>, String> {
    let mut reader = BufReader::new(stdout);
    let mut all = Vec::new();
    let mut line = Vec::new();
    loop {
        line.clear();
        match reader.read_until(b'\n', &mut line).await {
            Ok(0) | Err(_) => return Ok(all),
            Ok(_) => {
                if all.len() + line.len() > MAX_RESULT {
                    return Err(format!("function response too large: over {MAX_RESULT} bytes"));
                }
                all.extend_from_slice(&line);
                let text = line.strip_suffix(b"\n").unwrap_or(&line);
                let text = text.strip_suffix(b"\r").unwrap_or(text);
                let _ = sender.send(Bytes::copy_from_slice(text)).await;
            }
        }
    }
}

async fn read_tail(mut stream: impl AsyncRead + Unpin, keep: usize) -> Vec<u8> {
    let mut tail = Vec::new();
    let mut chunk = [0u8; 8 * 1024];
    while let Ok(n) = stream.read(&mut chunk).await {
        if n == 0 {
            break;
        }
        tail.extend_from_slice(&chunk[..n]);
        if tail.len() > 2 * keep {
            tail.drain(..tail.len() - keep);
        }
    }
    if tail.len() > keep {
        tail.drain(..tail.len() - keep);
    }
    tail
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registry_names() {
        let registry = Registry::new(&["greet=echo hi".into(), "shop@pay:2=cat".into()]).unwrap();
        assert_eq!(registry.get("default/0@default@hello/latest"), Some(&Function::Hello));
        assert_eq!(
            registry.get("default/0@default@greet/latest"),
            Some(&Function::Command("echo hi".into()))
        );
        assert_eq!(
            registry.get("default/0@shop@pay/2"),
            Some(&Function::Command("cat".into()))
        );
        assert!(Registry::new(&["nocommand".into()]).unwrap_err().contains("no `=`"));
        assert!(Registry::new(&["f=".into()]).unwrap_err().contains("empty"));
        assert!(Registry::new(&["a b=x".into()]).is_err());
        let names: Vec<&str> = registry.listed().map(|s| &*s.name).collect();
        assert_eq!(names, ["hello", "echo", "greet", "shop@pay:2"]);
        let again = Registry::new(&["hello=cat".into()]).unwrap();
        let listed: Vec<(&str, &str)> = again.listed().map(|s| (&*s.name, s.urn.as_str())).collect();
        assert_eq!(
            listed,
            [
                ("hello", "sn:cn:yrk:default:function:0@default@hello:latest"),
                ("echo", "sn:cn:yrk:default:function:0@default@echo:latest")
            ]
        );
        assert_eq!(
            again.get("default/0@default@hello/latest"),
            Some(&Function::Command("cat".into()))
        );
    }

    #[test]
    fn stdout_becomes_json() {
        assert_eq!(as_json(b"{\"a\":1}\n"), Bytes::from_static(b"{\"a\":1}"));
        assert_eq!(as_json(b"hi\n"), Bytes::from_static(b"\"hi\""));
        assert_eq!(as_json(b""), Bytes::from_static(b"\"\""));
        assert_eq!(
            hello(br#"{"name":"yuanrong"}"#),
            Bytes::from_static(b"\"hello yuanrong\"")
        );
    }

    fn call(body: &str, timeout: Duration) -> Call {
        Call {
            body: Bytes::from(body.to_string()),
            env: vec![("YR_TRACE_ID".into(), "t1".into())],
            timeout,
        }
    }

    #[tokio::test]
    async fn commands_run_with_body_env_and_logs() {
        let f = Function::Command("cat; echo \" $YR_TRACE_ID\" >&2".into());
        let done = run(&f, call("[1,2]", Duration::from_secs(10))).await;
        assert_eq!(done.result, Ok(Bytes::from_static(b"[1,2]")));
        assert_eq!(done.log, b" t1\n");
        let done = run(
            &Function::Command("echo oops >&2; exit 3".into()),
            call("{}", Duration::from_secs(10)),
        )
        .await;
        assert_eq!(
            done.result,
            Err(FunctionError {
                code: 4002,
                message: "oops".into()
            })
        );
        let done = run(
            &Function::Command("no-such-command-yr".into()),
            call("{}", Duration::from_secs(10)),
        )
        .await;
        assert_eq!(done.result.unwrap_err().code, 2001);
    }

    #[tokio::test]
    async fn timeouts_kill_the_group() {
        let started = Instant::now();
        let f = Function::Command("sleep 30 & sleep 30; echo late".into());
        let done = run(&f, call("{}", Duration::from_millis(300))).await;
        assert_eq!(done.result.unwrap_err().code, 4010);
        assert!(started.elapsed() < Duration::from_secs(5));
    }
}
