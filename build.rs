//! What `yr --version` and `yr version --verbose` say about the build, as compile-time environment variables: the
//! version with the git commit when built from a checkout (YR_BUILD_VERSION), and YR_BUILD_COMMIT, YR_BUILD_DATE, YR_BUILD_TARGET,
//! YR_BUILD_LINKING and YR_BUILD_PROFILE. Constants, so printing them costs nothing at start-up.

use std::process::Command;

fn main() {
    let version = env!("CARGO_PKG_VERSION");
    let commit = git(&["rev-parse", "--short=12", "HEAD"]);
    let full = match &commit {
        Some(commit) => format!("{version} (commit {commit})"),
        None => version.to_string(),
    };
    println!("cargo:rustc-env=YR_BUILD_VERSION={full}");
    println!(
        "cargo:rustc-env=YR_BUILD_COMMIT={}",
        commit.as_deref().unwrap_or("unknown (not built from a git checkout)")
    );
    println!("cargo:rustc-env=YR_BUILD_DATE={}", build_date());
    println!("cargo:rustc-env=YR_BUILD_TARGET={}", env_or("TARGET", "unknown"));
    println!("cargo:rustc-env=YR_BUILD_PROFILE={}", env_or("PROFILE", "unknown"));
    // `cargo release-static` adds +crt-static to the target's rustflags; cargo hands the target's features to build
    // scripts, so this is the binary's own linking (musl targets are static by default, and say so too).
    let features = env_or("CARGO_CFG_TARGET_FEATURE", "");
    let linking = if features.split(',').any(|f| f == "crt-static") {
        "static (C library linked in)"
    } else {
        "dynamic"
    };
    println!("cargo:rustc-env=YR_BUILD_LINKING={linking}");

    // Once a rerun-if line is printed, cargo reruns this script only for what they name: the commit (HEAD and the
    // branch it points to, where a worktree keeps them too) and the date's override.
    println!("cargo:rerun-if-env-changed=SOURCE_DATE_EPOCH");
    println!("cargo:rerun-if-changed=build.rs");
    for name in ["HEAD", "refs/heads", "packed-refs"] {
        if let Some(path) = git(&["rev-parse", "--git-path", name]) {
            if std::path::Path::new(&path).exists() {
                println!("cargo:rerun-if-changed={path}");
            }
        }
    }
}

fn env_or(name: &str, default: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| default.to_string())
}

/// One line of git's output, when this is a checkout and git is installed.
fn git(args: &[&str]) -> Option<String> {
    Command::new("git")
        .args(args)
        .output()
        .ok()
        .filter(|out| out.status.success())
        .and_then(|out| String::from_utf8(out.stdout).ok())
        .map(|text| text.trim().to_string())
        .filter(|text| !text.is_empty())
}

/// The UTC day of the build, `YYYY-MM-DD`: SOURCE_DATE_EPOCH's when set (reproducible builds), else today's.
fn build_date() -> String {
    let seconds = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_secs() as i64)
        });
    // Days since 1970-01-01 to a civil date (Howard Hinnant's days_from_civil, inverted).
    let days = seconds.div_euclid(86_400);
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}
