//! Files that are not plain files, as output and as input: `-o` through symlinks and into FIFOs (the stand-in for
//! a character device), refused where it cannot write safely; inputs (`-d @FILE`, `--token-file`, `--cacert`, the
//! config file, suites, `yr serve --token-file`) read up to their cap and within `--timeout`, a size-0 /proc file
//! read as it is. No test touches the machine's device nodes: a FIFO in a temp dir stands in for them.

use crate::support::*;

use std::io::Read;
use std::os::unix::fs::FileTypeExt;
use std::path::Path;
use std::time::Duration;

const HELLO: &str = "\"hello yuanrong\"";

fn hello_reply() -> Reply {
    Reply::json(200, HELLO).header("X-Inner-Code", "0")
}

/// Sorted names in a folder.
fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("read dir")
        .map(|e| e.expect("dir entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

fn text(path: &Path) -> String {
    path.to_string_lossy().into_owned()
}

// ---------------------------------------------------------------------------
// -o FILE
// ---------------------------------------------------------------------------

#[test]
fn output_through_a_symlink_replaces_the_file_it_points_to_and_keeps_the_link() {
    let dir = TempDir::new();
    dir.file("target.json", "old\n");
    let link = dir.path.join("link.json");
    std::os::unix::fs::symlink("target.json", &link).unwrap();
    let server = ScriptedServer::start(vec![hello_reply(), hello_reply()]);
    assert_run(
        &invoke("hello")
            .ignore_stdin()
            .endpoint(&server.url)
            .args(&["-o", &text(&link)])
            .run(),
        0,
        "",
        "",
    );
    assert!(
        std::fs::symlink_metadata(&link).unwrap().file_type().is_symlink(),
        "the link was replaced"
    );
    assert_eq!(std::fs::read_link(&link).unwrap(), Path::new("target.json"));
    assert_eq!(std::fs::read_to_string(dir.path.join("target.json")).unwrap(), HELLO);
    assert_eq!(
        names(&dir.path),
        ["link.json", "target.json"],
        "no temporary file is left"
    );

    // A link to a file not there yet creates it, as a shell's `>` does; through a chain of links too.
    let dangling = dir.path.join("dangling.json");
    std::os::unix::fs::symlink(dir.path.join("sub").join("new.json"), &dangling).unwrap();
    std::fs::create_dir(dir.path.join("sub")).unwrap();
    let chain = dir.path.join("chain.json");
    std::os::unix::fs::symlink("dangling.json", &chain).unwrap();
    assert_run(
        &invoke("hello")
            .ignore_stdin()
            .endpoint(&server.url)
            .args(&["-o", &text(&chain)])
            .run(),
        0,
        "",
        "",
    );
    assert!(std::fs::symlink_metadata(&chain).unwrap().file_type().is_symlink());
    assert!(std::fs::symlink_metadata(&dangling).unwrap().file_type().is_symlink());
    assert_eq!(
        std::fs::read_to_string(dir.path.join("sub").join("new.json")).unwrap(),
        HELLO
    );
    assert_eq!(names(&dir.path.join("sub")), ["new.json"]);
}

#[test]
fn output_into_a_fifo_is_written_through_as_a_shell_does() {
    let dir = TempDir::new();
    let fifo = make_fifo(&dir.path, "out");
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || {
            let mut got = Vec::new();
            std::fs::File::open(fifo)
                .and_then(|mut f| f.read_to_end(&mut got))
                .map(|_| got)
        })
    };
    let server = ScriptedServer::start(vec![hello_reply()]);
    let out = invoke("hello")
        .ignore_stdin()
        .endpoint(&server.url)
        .args(&["-o", &text(&fifo)])
        .run();
    assert!(is_fifo(&fifo), "-o replaced the FIFO: {out:?}");
    assert_run(&out, 0, "", "");
    assert_eq!(reader.join().unwrap().unwrap(), HELLO.as_bytes());
    assert_eq!(names(&dir.path), ["out"]);
}

#[test]
fn output_through_a_link_to_stdout_writes_to_stdout() {
    // As `-o /dev/stdout`, with the link in a temp dir: /proc's link leads to yr's stdout, a pipe here.
    let dir = TempDir::new();
    let link = dir.path.join("stdout");
    std::os::unix::fs::symlink("/proc/self/fd/1", &link).unwrap();
    let server = ScriptedServer::start(vec![hello_reply()]);
    assert_run(
        &invoke("hello")
            .ignore_stdin()
            .endpoint(&server.url)
            .args(&["-o", &text(&link)])
            .run(),
        0,
        HELLO,
        "",
    );
    assert_eq!(std::fs::read_link(&link).unwrap(), Path::new("/proc/self/fd/1"));
    assert_eq!(names(&dir.path), ["stdout"]);
}

#[test]
fn output_into_a_fifo_whose_reader_leaves_is_a_write_error() {
    // As `-o /dev/full`: the write fails, and yr says so with exit 1 (a local I/O failure), not 0.
    let dir = TempDir::new();
    let fifo = make_fifo(&dir.path, "out");
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || {
            let mut one = [0u8; 1];
            std::fs::File::open(fifo).and_then(|mut f| f.read_exact(&mut one))
        })
    };
    // Past a pipe's buffer, so the write is still going when the reader leaves.
    let body = format!("\"{}\"", "x".repeat(1 << 20));
    let server = ScriptedServer::start(vec![Reply::json(200, &body).header("X-Inner-Code", "0")]);
    let out = invoke("hello")
        .ignore_stdin()
        .endpoint(&server.url)
        .args(&["-o", &text(&fifo)])
        .run();
    assert!(is_fifo(&fifo), "-o replaced the FIFO: {out:?}");
    assert_run(
        &out,
        1,
        "",
        &format!("yr: error: cannot write -o {}: Broken pipe\n", fifo.display()),
    );
    reader.join().unwrap().unwrap();
}

#[test]
fn output_to_what_cannot_be_written_safely_is_refused_before_sending() {
    let dir = TempDir::new();
    let socket = dir.path.join("sock");
    let _listener = std::os::unix::net::UnixListener::bind(&socket).unwrap();
    let server = ScriptedServer::start(vec![hello_reply()]);
    assert_run(
        &invoke("hello")
            .ignore_stdin()
            .endpoint(&server.url)
            .args(&["-o", &text(&socket)])
            .run(),
        2,
        "",
        &format!(
            "yr: error: -o {}: is a socket; -o writes a regular file, a FIFO or a character device\n",
            socket.display()
        ),
    );
    // Through a symlink, the same.
    let link = dir.path.join("link");
    std::os::unix::fs::symlink(&socket, &link).unwrap();
    assert_eq!(
        invoke("hello")
            .ignore_stdin()
            .endpoint(&server.url)
            .args(&["-o", &text(&link)])
            .run()
            .code,
        2
    );
    assert_eq!(server.count(), 0, "nothing is sent for a result that cannot be kept");
    assert!(std::fs::symlink_metadata(&socket).unwrap().file_type().is_socket());
}

// ---------------------------------------------------------------------------
// Inputs: caps, deadlines, size-0 files
// ---------------------------------------------------------------------------

#[test]
fn a_body_file_that_reports_size_zero_is_sent_as_it_reads() {
    // /proc files say they hold 0 bytes and have content; reading one damages nothing.
    let expected = std::fs::read("/proc/version").unwrap();
    assert!(!expected.is_empty());
    let server = ScriptedServer::start(vec![hello_reply()]);
    let out = invoke("hello")
        .ignore_stdin()
        .endpoint(&server.url)
        .args(&["--content-type", "text/plain", "-d", "@/proc/version"])
        .run();
    assert_run(&out, 0, HELLO, "");
    assert_eq!(server.only_request().body, expected);
}

#[test]
fn a_body_from_a_fifo_past_its_cap_is_refused_with_nothing_sent() {
    let dir = TempDir::new();
    let fifo = make_fifo(&dir.path, "zero");
    // As `-d @/dev/zero`, bounded so that a yr without a cap ends too.
    let feeder = Feeder::start(&fifo, 80 << 20);
    let server = ScriptedServer::start(vec![hello_reply()]);
    let out = invoke("hello")
        .ignore_stdin()
        .endpoint(&server.url)
        .args(&["-d", &format!("@{}", fifo.display())])
        .run();
    feeder.finish();
    assert_run(
        &out,
        2,
        "",
        &format!(
            "yr: error: -d @{}: more than 64 MiB, the cap on a body that is not a regular file\n",
            fifo.display()
        ),
    );
    assert_eq!(server.count(), 0);
}

#[test]
fn a_body_from_a_fifo_without_a_writer_ends_at_the_timeout() {
    let dir = TempDir::new();
    let fifo = make_fifo(&dir.path, "silent");
    let server = ScriptedServer::start(vec![hello_reply()]);
    let out = run(yr()
        .args([
            "invoke",
            "hello",
            "--ignore-stdin",
            "-e",
            &server.url,
            "--timeout",
            "1s",
            "-d",
        ])
        .arg(format!("@{}", fifo.display()))
        .timeout(Duration::from_secs(60)));
    assert_run(
        &out,
        7,
        "",
        &format!(
            "yr: error: -d @{}: not read to its end within the timeout of 1s\n",
            fifo.display()
        ),
    );
    assert_eq!(server.count(), 0);
}

#[test]
fn a_token_file_past_its_cap_is_refused() {
    let dir = TempDir::new();
    let fifo = make_fifo(&dir.path, "token");
    let feeder = Feeder::start(&fifo, 4 << 20);
    let server = ScriptedServer::start(vec![hello_reply()]);
    let out = invoke("hello")
        .ignore_stdin()
        .endpoint(&server.url)
        .args(&["--token-file", &text(&fifo)])
        .run();
    feeder.finish();
    assert_run(
        &out,
        2,
        "",
        &format!(
            "yr: error: --token-file {}: more than 64 KiB, the cap on a token file\n",
            fifo.display()
        ),
    );
    assert_eq!(server.count(), 0);
}

#[test]
fn a_certificate_file_without_a_writer_ends_at_the_timeout() {
    let dir = TempDir::new();
    let fifo = make_fifo(&dir.path, "ca.pem");
    let out = run(yr()
        .args([
            "invoke",
            "hello",
            "--ignore-stdin",
            "-e",
            "https://127.0.0.1:9",
            "--timeout",
            "1s",
        ])
        .args(["--cacert", &text(&fifo)])
        .timeout(Duration::from_secs(60)));
    assert_run(
        &out,
        7,
        "",
        &format!(
            "yr: error: --cacert {}: not read to its end within the timeout of 1s\n",
            fifo.display()
        ),
    );
}

#[test]
fn a_certificate_file_past_its_cap_is_refused() {
    let dir = TempDir::new();
    let fifo = make_fifo(&dir.path, "ca.pem");
    let feeder = Feeder::start(&fifo, 16 << 20);
    let out = run(yr().args([
        "invoke",
        "hello",
        "--ignore-stdin",
        "-e",
        "https://127.0.0.1:9",
        "--cacert",
        &text(&fifo),
    ]));
    feeder.finish();
    assert_run(
        &out,
        2,
        "",
        &format!(
            "yr: error: --cacert {}: more than 4 MiB, the cap on a certificate or key file\n",
            fifo.display()
        ),
    );
}

#[test]
fn a_config_file_past_its_cap_or_without_a_writer_stops_the_command() {
    let home = TempDir::new();
    std::fs::create_dir(home.path.join("conf")).unwrap();
    let fifo = make_fifo(&home.path.join("conf"), "config.json");
    let feeder = Feeder::start(&fifo, 16 << 20);
    let out = run(yr_with_home(&home.path)
        .env("YR_CONFIG_DIR", home.path.join("conf"))
        .args(["urn", "hello"]));
    feeder.finish();
    assert_run(
        &out,
        2,
        "",
        &format!(
            "yr: error: config file {}: more than 1 MiB, the cap on the config file\n",
            fifo.display()
        ),
    );
    let out = run(yr_with_home(&home.path)
        .env("YR_CONFIG_DIR", home.path.join("conf"))
        .env("YR_TIMEOUT", "1s")
        .args(["urn", "hello"])
        .timeout(Duration::from_secs(60)));
    assert_run(
        &out,
        7,
        "",
        &format!(
            "yr: error: config file {}: not read to its end within the timeout of 1s\n",
            fifo.display()
        ),
    );
}

#[test]
fn a_suite_file_past_its_cap_is_refused() {
    let dir = TempDir::new();
    let fifo = make_fifo(&dir.path, "smoke.toml");
    let feeder = Feeder::start(&fifo, 64 << 20);
    let out = run(yr().args(["test", &text(&fifo)]));
    feeder.finish();
    assert_run(
        &out,
        2,
        "",
        &format!(
            "yr: error: {}: more than 16 MiB, the cap on a suite file\n",
            fifo.display()
        ),
    );
}

#[test]
fn the_emulator_s_token_file_past_its_cap_is_refused() {
    let dir = TempDir::new();
    let fifo = make_fifo(&dir.path, "token");
    let feeder = Feeder::start(&fifo, 4 << 20);
    let out = run(yr().args(["serve", "--listen", "127.0.0.1:0", "--token-file", &text(&fifo)]));
    feeder.finish();
    assert_run(
        &out,
        2,
        "",
        &format!(
            "yr: error: --token-file {}: more than 64 KiB, the cap on a token file\n",
            fifo.display()
        ),
    );
}
