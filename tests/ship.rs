//! What users get without cloning: `yr version`, the release tarball (scripts/package.sh), the install script of
//! the GitHub Action and the GitLab template (scripts/install.sh), the Debian package's contents, the container
//! image's view of the world (an empty root with the binary, /etc/hosts and the CA bundle) and the crate's file list.
//! The debug binary stands in for the release build: the scripts only pack and check it.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::support::*;

fn yr_args(args: &[&str]) -> Run {
    run(yr().args(args))
}

// ---------------------------------------------------------------------------
// yr version
// ---------------------------------------------------------------------------

#[test]
fn version_command_says_what_version_flag_says() {
    let flag = yr_args(&["--version"]);
    let command = yr_args(&["version"]);
    assert_eq!(flag.code, 0, "{flag:?}");
    assert!(flag.stdout.starts_with("yr 0.1.0"), "{flag:?}");
    assert_ok(&command, &flag.stdout);
    assert_eq!(flag.stdout.lines().count(), 1, "{flag:?}");
}

#[test]
fn verbose_version_names_commit_date_target_and_linking() {
    let first = yr_args(&["--version"]).stdout;
    for args in [
        &["version", "--verbose"][..],
        &["version", "-v"],
        &["-v", "version"],
        &["--version", "-v"],
        &["-v", "--version"],
        &["-V", "--verbose"],
        &["-vv", "-V"],
    ] {
        let out = yr_args(args);
        assert_eq!((out.code, out.stderr.as_str()), (0, ""), "{args:?}: {out:?}");
        let mut lines = out.stdout.lines();
        assert_eq!(lines.next(), first.lines().next(), "{args:?}");
        let fields: Vec<(String, String)> = lines
            .map(|l| {
                let (name, value) = l.split_at(12.min(l.len()));
                (name.trim().to_string(), value.to_string())
            })
            .collect();
        let names: Vec<&str> = fields.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(
            names,
            ["commit", "build date", "target", "linking", "profile"],
            "{args:?}: {}",
            out.stdout
        );
        let value = |name: &str| fields.iter().find(|(n, _)| n == name).unwrap().1.clone();
        let commit = value("commit");
        assert!(
            (commit.len() == 12 && commit.chars().all(|c| c.is_ascii_hexdigit())) || commit.starts_with("unknown"),
            "{commit:?}"
        );
        let date = value("build date");
        let digits: Vec<bool> = date.chars().map(|c| c.is_ascii_digit()).collect();
        assert_eq!(date.len(), 10, "{date:?}");
        assert!(date.as_bytes()[4] == b'-' && date.as_bytes()[7] == b'-', "{date:?}");
        assert_eq!(digits.iter().filter(|d| **d).count(), 8, "{date:?}");
        let target = value("target");
        assert!(
            target.starts_with(std::env::consts::ARCH) && target.contains(std::env::consts::OS),
            "{target:?}"
        );
        // The test binary is the default (dynamic) build; `cargo release-static`'s says static.
        assert_eq!(value("linking"), "dynamic");
        assert_eq!(value("profile"), "debug");
    }
}

#[test]
fn version_with_other_arguments_is_left_to_clap() {
    // Only `--version` with -v is the verbose form; with anything else clap answers as it did before: the plain
    // line for `--version` wherever it stands, an error for a command it does not know.
    let plain = yr_args(&["--version"]);
    assert_ok(&yr_args(&["--version", "-v", "--nope"]), &plain.stdout);
    let out = yr_args(&["-v", "-v"]);
    assert_eq!((out.code, out.stdout.as_str()), (2, ""), "{out:?}");
}

// ---------------------------------------------------------------------------
// scripts/package.sh: the release tarball
// ---------------------------------------------------------------------------

const VERSION: &str = env!("CARGO_PKG_VERSION");
/// The target the release tarballs here are named for; the debug binary stands in for its release build.
const TARGET: &str = "x86_64-unknown-linux-gnu";

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A script of the repository with a clean environment (PATH, HOME and `env` only).
fn script(name: &str, home: &TempDir, env: &[(&str, &Path)]) -> Cmd {
    let mut cmd = clean_command(repo().join("scripts").join(name), &home.path);
    for (key, value) in env {
        cmd.env(key, value);
    }
    cmd.timeout(std::time::Duration::from_secs(120));
    cmd
}

/// scripts/package.sh TARGET OUT with the debug binary; the tarball's path.
fn package(home: &TempDir, out: &Path) -> PathBuf {
    let bin = PathBuf::from(env!("CARGO_BIN_EXE_yr"));
    let packed = run(script("package.sh", home, &[("YR_BINARY", &bin)]).args([TARGET.as_ref(), out.as_os_str()]));
    assert_eq!((packed.code, packed.stderr.as_str()), (0, ""), "{packed:?}");
    let tarball = out.join(format!("yr-{VERSION}-{TARGET}.tar.gz"));
    assert_eq!(packed.stdout, format!("{}\n", tarball.display()));
    tarball
}

fn tool(program: &str, args: &[&std::ffi::OsStr]) -> std::process::Output {
    let out = Command::new(program)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("run {program}: {e}"));
    assert!(out.status.success(), "{program} {args:?}: {out:?}");
    out
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()))
}

#[test]
fn the_tarball_holds_a_binary_that_runs_with_its_manual_and_completions() {
    let home = TempDir::new();
    let out = TempDir::new();
    let tarball = package(&home, &out.path);
    let listing = String::from_utf8(tool("tar", &["-tzf".as_ref(), tarball.as_os_str()]).stdout).unwrap();
    let mut names: Vec<&str> = listing.lines().collect();
    names.sort_unstable();
    let dir = format!("yr-{VERSION}-{TARGET}");
    let wanted: Vec<String> = [
        "/",
        "/LICENSE",
        "/README.md",
        "/completions/",
        "/completions/_yr",
        "/completions/_yr.ps1",
        "/completions/yr.bash",
        "/completions/yr.elv",
        "/completions/yr.fish",
        "/yr",
        "/yr.1",
    ]
    .iter()
    .map(|name| format!("{dir}{name}"))
    .collect();
    assert_eq!(names, wanted, "{listing}");

    let unpacked = TempDir::new();
    tool(
        "tar",
        &[
            "-xzf".as_ref(),
            tarball.as_os_str(),
            "-C".as_ref(),
            unpacked.path.as_os_str(),
        ],
    );
    let root = unpacked.path.join(&dir);
    let own = |args: &[&str]| run(clean_command(root.join("yr"), &home.path).args(args));
    let version = own(&["--version"]);
    assert_ok(&version, &yr_args(&["--version"]).stdout);
    let man = own(&["man"]);
    assert_eq!(man.code, 0, "{man:?}");
    assert!(
        man.stdout.contains(".TH yr 1"),
        "{}",
        &man.stdout[..200.min(man.stdout.len())]
    );
    assert_eq!(man.stdout, read(&root.join("yr.1")), "the packed page is the binary's");
    let bash = own(&["completions", "bash"]);
    assert_eq!(bash.code, 0, "{bash:?}");
    assert_eq!(bash.stdout, read(&root.join("completions/yr.bash")));
    assert_eq!(bash.stdout, read(&repo().join("completions/yr.bash")), "as checked in");
    assert_eq!(read(&root.join("LICENSE")), read(&repo().join("LICENSE")));
    assert!(read(&root.join("LICENSE")).contains("Apache License"));
}

#[test]
fn package_refuses_a_tag_of_another_version_and_a_missing_binary() {
    let home = TempDir::new();
    let out = TempDir::new();
    let bin = PathBuf::from(env!("CARGO_BIN_EXE_yr"));
    let tag = Path::new("v9.9.9");
    let refused = run(
        script("package.sh", &home, &[("YR_BINARY", &bin), ("YR_RELEASE_TAG", tag)])
            .args([TARGET.as_ref(), out.path.as_os_str()]),
    );
    assert_eq!(
        (refused.code, refused.stdout.as_str(), refused.stderr.as_str()),
        (
            1,
            "",
            format!("package.sh: the tag v9.9.9 is not v{VERSION}, the version in Cargo.toml\n").as_str()
        )
    );
    let missing = out.path.join("no-such-yr");
    let refused =
        run(script("package.sh", &home, &[("YR_BINARY", &missing)]).args([TARGET.as_ref(), out.path.as_os_str()]));
    assert_eq!(refused.code, 1, "{refused:?}");
    assert!(
        refused
            .stderr
            .starts_with(&format!("package.sh: no binary at {}", missing.display())),
        "{refused:?}"
    );
    assert_eq!(std::fs::read_dir(&out.path).unwrap().count(), 0, "nothing written");
}

// ---------------------------------------------------------------------------
// scripts/install.sh: what the GitHub Action and the GitLab template run
// ---------------------------------------------------------------------------

/// A release folder as the release workflow makes it: a tarball and SHA256SUMS (scripts/checksums.sh).
fn release(home: &TempDir) -> TempDir {
    let dir = TempDir::new();
    package(home, &dir.path);
    let sums = run(script("checksums.sh", home, &[]).arg(&dir.path));
    assert_eq!((sums.code, sums.stderr.as_str()), (0, ""), "{sums:?}");
    let listed = read(&dir.path.join("SHA256SUMS"));
    assert_eq!(sums.stdout, listed);
    assert!(
        listed.ends_with(&format!("  yr-{VERSION}-{TARGET}.tar.gz\n")),
        "{listed}"
    );
    // What the README tells users to run on a download.
    let checked = Command::new("sha256sum")
        .args(["-c", "SHA256SUMS"])
        .current_dir(&dir.path)
        .output()
        .unwrap();
    assert!(checked.status.success(), "{checked:?}");
    dir
}

fn install(home: &TempDir, base: &str, extra: &[&str]) -> (Run, PathBuf) {
    let bin = home.path.join("bin");
    let mut cmd = script("install.sh", home, &[]);
    cmd.args(["--version", VERSION, "--target", TARGET, "--base-url", base, "--dir"])
        .arg(&bin)
        .args(extra);
    (run(&mut cmd), bin.join("yr"))
}

#[test]
fn install_takes_a_release_whose_checksum_matches() {
    let home = TempDir::new();
    let dir = release(&home);
    // A local folder, and the same as a file:// URL.
    for base in [dir.path.display().to_string(), format!("file://{}", dir.path.display())] {
        let (out, yr) = install(&home, &base, &[]);
        assert_eq!((out.code, out.stderr.as_str()), (0, ""), "{out:?}");
        assert!(out.stdout.starts_with("yr install: yr 0.1.0"), "{out:?}");
        assert_ok(
            &run(clean_command(&yr, &home.path).arg("--version")),
            &yr_args(&["--version"]).stdout,
        );
        std::fs::remove_file(&yr).unwrap();
    }
}

#[test]
fn install_over_http_pins_the_checksum_and_adds_to_the_github_path() {
    let home = TempDir::new();
    let dir = release(&home);
    let tarball = std::fs::read(dir.path.join(format!("yr-{VERSION}-{TARGET}.tar.gz"))).unwrap();
    let sums = read(&dir.path.join("SHA256SUMS"));
    let pinned = sums.split_whitespace().next().unwrap().to_uppercase();
    // With --sha256, SHA256SUMS is not fetched: one request.
    let server = ScriptedServer::start(vec![Reply::new(200).body(tarball)]);
    let github_path = home.file("github_path", "");
    let bin = home.path.join("bin");
    let mut cmd = script("install.sh", &home, &[("GITHUB_PATH", &github_path)]);
    cmd.args([
        "--version",
        &format!("v{VERSION}"),
        "--target",
        TARGET,
        "--sha256",
        &pinned,
    ])
    .args(["--base-url", &format!("{}/releases/v{VERSION}", server.url), "--dir"])
    .arg(&bin);
    let out = run(&mut cmd);
    assert_eq!((out.code, out.stderr.as_str()), (0, ""), "{out:?}");
    let paths: Vec<String> = server.requests().iter().map(|r| r.path.clone()).collect();
    assert_eq!(paths, [format!("/releases/v{VERSION}/yr-{VERSION}-{TARGET}.tar.gz")]);
    assert_eq!(read(&github_path), format!("{}\n", bin.display()));
    assert!(bin.join("yr").is_file());
}

#[test]
fn a_checksum_mismatch_fails_the_install_and_installs_nothing() {
    let home = TempDir::new();
    let dir = release(&home);
    let name = format!("yr-{VERSION}-{TARGET}.tar.gz");
    let base = dir.path.display().to_string();
    let wrong = "0".repeat(64);

    // A SHA256SUMS that lists another digest.
    let good = read(&dir.path.join("SHA256SUMS"));
    let actual = good.split_whitespace().next().unwrap().to_string();
    std::fs::write(dir.path.join("SHA256SUMS"), format!("{wrong}  {name}\n")).unwrap();
    let (out, yr) = install(&home, &base, &[]);
    let said = format!(
        "yr install: checksum mismatch for {name}: expected {wrong} (SHA256SUMS), got {actual}; nothing was installed\n"
    );
    assert_eq!(
        (out.code, out.stdout.as_str(), out.stderr.as_str()),
        (1, "", said.as_str())
    );
    assert!(!yr.exists());

    // A pinned digest wins over a SHA256SUMS that agrees with the tarball.
    std::fs::write(dir.path.join("SHA256SUMS"), &good).unwrap();
    let (out, yr) = install(&home, &base, &["--sha256", &wrong]);
    let said = said.replace("(SHA256SUMS)", "(--sha256)");
    assert_eq!(
        (out.code, out.stdout.as_str(), out.stderr.as_str()),
        (1, "", said.as_str())
    );
    assert!(!yr.exists());

    // A SHA256SUMS without the tarball, and a release without it.
    std::fs::write(dir.path.join("SHA256SUMS"), format!("{actual}  yr-other.tar.gz\n")).unwrap();
    let (out, _) = install(&home, &base, &[]);
    assert_eq!(out.code, 1, "{out:?}");
    assert_eq!(
        out.stderr,
        format!("yr install: SHA256SUMS of file://{base} lists no {name}\n")
    );
    let (out, _) = install(&home, &base, &["--target", "riscv64gc-unknown-linux-gnu"]);
    assert_eq!(out.code, 1, "{out:?}");
    // curl's reason, then ours.
    let said =
        format!("yr install: could not download file://{base}/yr-{VERSION}-riscv64gc-unknown-linux-gnu.tar.gz\n");
    assert!(out.stderr.ends_with(&said), "{out:?}");
}

// ---------------------------------------------------------------------------
// The container image: Dockerfile's last stage, run as an empty root
// ---------------------------------------------------------------------------

/// The static build (`cargo release-static`, or `.ci/run`'s static debug build), which the image holds: the one
/// binary that can run in a root with nothing else. YR_STATIC_BINARY names another.
fn static_binary() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("YR_STATIC_BINARY") {
        return Some(PathBuf::from(path));
    }
    // CARGO_BIN_EXE_yr is TARGET_DIR/debug/yr.
    let target_dir = Path::new(env!("CARGO_BIN_EXE_yr")).parent()?.parent()?;
    ["debug", "release"]
        .iter()
        .map(|profile| target_dir.join("x86_64-unknown-linux-gnu").join(profile).join("yr"))
        .find(|path| path.is_file())
}

/// What the image's last stage copies, and where, as the Dockerfile says it.
#[test]
fn the_dockerfile_ships_the_static_binary_and_the_ca_bundle_alone() {
    let dockerfile = read(&repo().join("Dockerfile"));
    let last_stage = dockerfile.rsplit("\nFROM ").next().unwrap();
    assert!(last_stage.starts_with("scratch\n"), "{last_stage}");
    let copies: Vec<&str> = last_stage.lines().filter(|l| l.starts_with("COPY")).collect();
    assert_eq!(
        copies,
        [
            "COPY --from=certificates /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/ca-certificates.crt",
            "COPY --from=build /yr /yr",
        ]
    );
    assert!(last_stage.contains("\nWORKDIR /suites\n"), "{last_stage}");
    assert!(last_stage.contains("\nENTRYPOINT [\"/yr\"]\n"), "{last_stage}");
    assert!(dockerfile.contains("RUN cargo release-static && cp target/x86_64-unknown-linux-gnu/release/yr /yr"));
}

/// As `docker run -v suites:/suites --add-host frontend.test:127.0.0.1 IMAGE test ...` runs it: a root holding only
/// /yr, /etc/hosts and the CA bundle (here the machine's, with the test CA appended as a derived image would), the
/// suites at /suites, the working directory, and an empty environment. `yr invoke` reaches the emulator by a host
/// name from /etc/hosts, over https verified with --cacert, and `yr test` runs a suite from /suites.
#[test]
fn the_image_root_invokes_by_host_name_over_https_and_runs_suites() {
    let Some(binary) = static_binary() else {
        eprintln!(
            "skipped: no static build of yr (`cargo release-static`, or .ci/run's static debug build: \
             x86_64-unknown-linux-gnu/debug/yr), the only kind that runs in the image's empty root"
        );
        return;
    };
    let probe = Command::new("unshare").args(["--root=/", "true"]).output();
    if !probe.as_ref().is_ok_and(|o| o.status.success()) {
        eprintln!("skipped: `unshare --root` cannot change the root here (it needs root or CAP_SYS_CHROOT): {probe:?}");
        return;
    }
    let pki = TempDir::new();
    let (ca, cert, key) = server_certificates(&pki);
    let https = Emulator::start(&["--tls-cert", cert.to_str().unwrap(), "--tls-key", key.to_str().unwrap()]);
    let plain = Emulator::start(&[]);
    let port = |e: &Emulator| e.addr.rsplit(':').next().unwrap().to_string();

    let root = TempDir::new();
    std::fs::copy(&binary, root.path.join("yr")).unwrap();
    let system_bundle = std::fs::read_to_string("/etc/ssl/certs/ca-certificates.crt").unwrap_or_default();
    root.file(
        "etc/ssl/certs/ca-certificates.crt",
        format!("{system_bundle}{}", read(&ca)),
    );
    root.file("etc/hosts", "127.0.0.1 localhost\n127.0.0.1 frontend.test\n");
    root.file(
        "suites/smoke.toml",
        "[[case]]\nname = \"hello\"\nfunction = \"hello\"\nbody = { name = \"image\" }\n\
         [case.expect]\nbody = \"hello image\"\n",
    );
    let in_image = |args: &[String]| {
        let mut cmd = Cmd::new("unshare");
        cmd.env_clear()
            .arg(format!("--root={}", root.path.display()))
            .arg("--wd=/suites")
            .arg("/yr")
            .args(args);
        run(&mut cmd)
    };
    let https_url = format!("https://frontend.test:{}", port(&https));
    let out = in_image(&[
        "invoke".into(),
        "hello".into(),
        "-d".into(),
        r#"{"name":"yuanrong"}"#.into(),
        "-e".into(),
        https_url.clone(),
        "--cacert".into(),
        "/etc/ssl/certs/ca-certificates.crt".into(),
        // The test certificate names localhost: frontend.test is still what is looked up in /etc/hosts.
        "--tls-server-name".into(),
        "localhost".into(),
    ]);
    assert_ok(&out, "\"hello yuanrong\"");
    // Without the CA the certificate is refused (the image's TLS is verified, not open).
    let out = in_image(&[
        "invoke".into(),
        "hello".into(),
        "-e".into(),
        https_url,
        "--tls-server-name".into(),
        "localhost".into(),
    ]);
    assert_eq!(out.code, 3, "{out:?}");
    let out = in_image(&[
        "test".into(),
        "smoke.toml".into(),
        "--junit".into(),
        "report.xml".into(),
        "-e".into(),
        format!("http://frontend.test:{}", port(&plain)),
    ]);
    assert_eq!(out.code, 0, "{out:?}");
    assert!(
        read(&root.path.join("suites/report.xml")).contains("<testsuite"),
        "the report lands in /suites"
    );
    let names: Vec<String> = std::fs::read_dir(&root.path)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    assert_eq!(names, ["etc", "suites", "yr"], "nothing else in the root");
}

// ---------------------------------------------------------------------------
// crates.io: what `cargo package` ships
// ---------------------------------------------------------------------------

#[test]
fn the_crate_holds_what_a_build_needs_and_no_more() {
    let out = Command::new(env!("CARGO"))
        .args(["package", "--list", "--locked", "--allow-dirty", "--offline"])
        .current_dir(repo())
        .output()
        .expect("run cargo package --list");
    assert!(out.status.success(), "{out:?}");
    let listing = String::from_utf8(out.stdout).unwrap();
    let files: Vec<&str> = listing.lines().collect();
    for needed in [
        "Cargo.toml",
        "Cargo.lock",
        "build.rs",
        "LICENSE",
        "README.md",
        "src/main.rs",
        "data/error-codes.tsv",
    ] {
        assert!(files.contains(&needed), "{needed} missing from:\n{listing}");
    }
    for file in &files {
        let allowed = file.starts_with("src/")
            || [
                "Cargo.toml",
                "Cargo.toml.orig",
                "Cargo.lock",
                "build.rs",
                "LICENSE",
                "README.md",
                ".cargo_vcs_info.json",
            ]
            .contains(file)
            || *file == "data/error-codes.tsv";
        assert!(allowed, "{file} is not needed to build yr:\n{listing}");
    }
}

// ---------------------------------------------------------------------------
// action.yml and the GitLab template, their steps run here
// ---------------------------------------------------------------------------

/// The shell of each `run:` of action.yml, and of each `script:` line of the GitLab template, as the runner would
/// see it (a line-based reading of these two files' own layout, not a YAML parser).
fn run_blocks(yaml: &str) -> Vec<String> {
    let mut blocks = Vec::new();
    let mut lines = yaml.lines().peekable();
    while let Some(line) = lines.next() {
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        if trimmed == "run: |" {
            let mut block = String::new();
            while let Some(next) = lines.peek() {
                if !next.trim().is_empty() && next.len() - next.trim_start().len() <= indent {
                    break;
                }
                block.push_str(next.trim_start());
                block.push('\n');
                lines.next();
            }
            blocks.push(block);
        } else if let Some(quoted) = trimmed.strip_prefix("run: '") {
            blocks.push(quoted.trim_end_matches('\'').to_string());
        } else if trimmed == "script:" {
            while let Some(item) = lines.peek().and_then(|l| l.trim_start().strip_prefix("- ")) {
                blocks.push(item.to_string());
                lines.next();
            }
        }
    }
    blocks
}

/// A job's folder with a suite, and an emulator it calls.
fn job() -> (TempDir, Emulator) {
    let dir = TempDir::new();
    dir.file(
        "smoke/hello.toml",
        "[[case]]\nname = \"hello\"\nfunction = \"hello\"\nbody = { name = \"ci\" }\n\
         [case.expect]\nbody = \"hello ci\"\n",
    );
    (dir, Emulator::start(&[]))
}

#[test]
fn the_github_action_installs_by_checksum_and_runs_the_suites() {
    let home = TempDir::new();
    let release = release(&home);
    let (work, emulator) = job();
    let action = read(&repo().join("action.yml"));
    let steps = run_blocks(&action);
    assert_eq!(steps.len(), 2, "{steps:?}");
    let runner_temp = TempDir::new();
    let github_path = home.file("github_path", "");
    let step = |script: &str, path: &str, sha256: &str| {
        let mut cmd = clean_command("bash", &home.path);
        cmd.current_dir(&work.path)
            .args(["-e", "-c", script])
            .env("PATH", path)
            .env("GITHUB_ACTION_PATH", repo())
            .env("RUNNER_TEMP", &runner_temp.path)
            .env("GITHUB_PATH", &github_path)
            .env("YR_INSTALL_VERSION", VERSION)
            .env("YR_INSTALL_SHA256", sha256)
            .env("YR_BASE_URL", &release.path)
            .env("YR_SUITES", "smoke/*.toml")
            .env("YR_JUNIT", "report.xml")
            .env("YR_ARGS", "--jobs 2")
            .env("YR_ENDPOINT_INPUT", &emulator.url);
        run(&mut cmd)
    };
    let system_path = std::env::var("PATH").unwrap();
    // A pinned digest that is wrong fails the install step.
    let failed = step(&steps[0], &system_path, &"ab".repeat(32));
    assert_eq!(failed.code, 1, "{failed:?}");
    assert!(failed.stderr.contains("checksum mismatch"), "{failed:?}");

    let installed = step(&steps[0], &system_path, "");
    assert_eq!((installed.code, installed.stderr.as_str()), (0, ""), "{installed:?}");
    // The runner puts what GITHUB_PATH lists first on PATH for the next steps.
    let added = read(&github_path);
    assert_eq!(added, format!("{}/yr-bin\n", runner_temp.path.display()));
    let tested = step(&steps[1], &format!("{}:{system_path}", added.trim()), "");
    assert_eq!(tested.code, 0, "{tested:?}");
    assert!(
        tested
            .stderr
            .contains("yr test smoke/hello.toml --junit report.xml --jobs 2"),
        "{tested:?}"
    );
    assert!(read(&work.path.join("report.xml")).contains("tests=\"1\""));
}

#[test]
fn the_gitlab_template_installs_by_checksum_and_runs_the_suites() {
    let home = TempDir::new();
    let release = release(&home);
    let (work, emulator) = job();
    let template = read(&repo().join("ci/gitlab/yr-test.gitlab-ci.yml"));
    let script = run_blocks(&template).join("\n");
    assert!(template.contains("junit: $YR_JUNIT"), "{template}");
    let job = |sha256: &str| {
        let mut cmd = clean_command("bash", &home.path);
        cmd.current_dir(&work.path)
            .args(["-e", "-c", &script])
            .env("YR_VERSION", VERSION)
            .env("YR_SHA256", sha256)
            .env("YR_SCRIPTS_URL", format!("file://{}/scripts", repo().display()))
            .env("YR_BASE_URL", &release.path)
            .env("YR_SUITES", "smoke/*.toml")
            .env("YR_JUNIT", "junit.xml")
            .env("YR_ENDPOINT", &emulator.url);
        run(&mut cmd)
    };
    let failed = job(&"cd".repeat(32));
    assert_eq!(failed.code, 1, "{failed:?}");
    assert!(failed.stderr.contains("checksum mismatch"), "{failed:?}");
    assert!(!work.path.join("junit.xml").exists());
    let sums = read(&release.path.join("SHA256SUMS"));
    let passed = job(sums.split_whitespace().next().unwrap());
    assert_eq!(passed.code, 0, "{passed:?}");
    assert!(read(&work.path.join("junit.xml")).contains("tests=\"1\""));
}

/// cargo sets a build script's `cargo:rustc-env` variables in the environment of `cargo run` and `cargo test` too,
/// so a build variable named as one yr reads at run time changes what yr does: `YR_PROFILE` (the build profile,
/// `release`) made the README's first set-up command, `cargo run --release -- serve -- yr invoke hello`, look for a
/// config profile named `release`. Every build variable is `YR_BUILD_*`, a prefix no setting of yr's uses.
#[test]
fn build_variables_cannot_be_taken_for_settings() {
    let build = read(&repo().join("build.rs"));
    let names: Vec<&str> = build
        .split("cargo:rustc-env=")
        .skip(1)
        .map(|rest| rest.split('=').next().unwrap_or_default())
        .collect();
    assert!(names.len() >= 6, "{names:?}");
    for name in &names {
        assert!(
            name.starts_with("YR_BUILD_"),
            "build.rs sets {name}, which yr may read at run time"
        );
    }
    let cli = read(&repo().join("src/cli.rs"));
    assert!(!cli.contains("env = \"YR_BUILD_"), "a setting is named YR_BUILD_*");
}
