//! `yr serve`: its flags into checked values (serve::Options); the emulator itself is serve/'s.

use anyhow::Result;

use crate::answer::output::Ui;
use crate::cli::ServeArgs;
use crate::client::profiles::Needs;
use crate::exit::usage;
use crate::input::{self, Deadline};
use crate::serve::{self, Options};

pub fn run(args: &ServeArgs, ui: &Ui) -> Result<u8> {
    let lookup = super::lookup(None, Needs::NOTHING, None, ui)?;
    serve::run(&options(args, lookup.deadline)?, ui)
}

/// The flags as the emulator takes them; durations and the size were checked by clap's value parsers.
fn options(args: &ServeArgs, deadline: Deadline) -> Result<Options> {
    let token = args
        .token_file
        .as_deref()
        .map(|path| read_token(path, deadline))
        .transpose()?;
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
        function_timeout: args.function_timeout,
        concurrent_num: args.concurrent_num,
        instance_labels: args.instance_labels.clone(),
        listen,
        token,
        max_body: args.max_body_size,
        keep_results: args.keep_results,
        read_timeout: args.read_timeout,
        max_connections: args.max_connections as usize,
        tls,
        command: args.command.clone(),
        inputs_deadline: deadline,
    })
}

/// The token file, read by `deadline`, at most `TOKEN_FILE_CAP`, as the client reads its own.
fn read_token(path: &std::path::Path, deadline: Deadline) -> Result<String> {
    let what = format!("--token-file {}", path.display());
    let bytes = input::read_capped(path, input::TOKEN_FILE_CAP, deadline).map_err(|e| e.for_input(&what))?;
    let text = String::from_utf8(bytes).map_err(|_| usage(format!("{what}: the token is not UTF-8 text")))?;
    let token = text.trim().to_string();
    if token.is_empty() {
        return Err(usage(format!("--token-file {}: the file is empty", path.display())));
    }
    Ok(token)
}
