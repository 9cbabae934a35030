//! `yr serve`: its flags into checked values (serve::Options); the emulator itself is serve/'s.

use anyhow::Result;

use crate::answer::output::Ui;
use crate::cli::ServeArgs;
use crate::exit::{bad_value, usage};
use crate::serve::{self, Options};
use crate::values::{parse_duration, parse_size};

pub fn run(args: &ServeArgs, ui: &Ui) -> Result<u8> {
    serve::run(&options(args)?, ui)
}

/// In the order the flags have always been checked: the first bad one is the one reported.
fn options(args: &ServeArgs) -> Result<Options> {
    let duration = |text: &str, flag: &str| parse_duration(text).map_err(|why| usage(format!("{flag} {why}")));
    let max_body = parse_size(&args.max_body_size).map_err(bad_value("--max-body-size"))?;
    let function_timeout = duration(&args.function_timeout, "--function-timeout")?;
    let token = args.token_file.as_deref().map(read_token).transpose()?;
    let read_timeout = duration(&args.read_timeout, "--read-timeout")?;
    let keep_results = duration(&args.keep_results, "--keep-results")?;
    // Alone it serves on the port the frontend uses; with a COMMAND, on a free one that COMMAND is told of.
    let listen = args.listen.clone().unwrap_or_else(|| {
        if args.command.is_empty() {
            "127.0.0.1:8888".into()
        } else {
            "127.0.0.1:0".into()
        }
    });
    let tls = match (&args.tls_cert, &args.tls_key) {
        (Some(cert), Some(key)) => Some((cert.clone(), key.clone(), args.client_ca.clone())),
        _ => None,
    };
    Ok(Options {
        functions: args.functions.clone(),
        function_timeout,
        concurrent_num: args.concurrent_num,
        instance_labels: args.instance_labels.clone(),
        listen,
        token,
        max_body,
        keep_results,
        read_timeout,
        tls,
        command: args.command.clone(),
    })
}

fn read_token(path: &std::path::Path) -> Result<String> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        usage(format!(
            "--token-file {}: cannot read it: {}",
            path.display(),
            crate::wording::io_reason(&e)
        ))
    })?;
    let token = text.trim().to_string();
    if token.is_empty() {
        return Err(usage(format!("--token-file {}: the file is empty", path.display())));
    }
    Ok(token)
}
