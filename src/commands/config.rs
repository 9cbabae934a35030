//! `yr config`: every effective setting, its value (the token redacted) and where it came from.

use std::fmt::Write as _;
use std::time::Duration;

use anyhow::Result;

use crate::answer::color::Paint;
use crate::answer::output::Ui;
use crate::cli::ConfigArgs;
use crate::client::config::{Connection, NameSettings, ProxyChoice, Source, Sourced, name_settings};
use crate::client::profiles::{Needs, Profile};
use crate::exit;

/// One line of `yr config`: a setting's name, its value as shown, and where it came from.
struct Row {
    name: &'static str,
    value: String,
    source: String,
}

impl Row {
    fn new(name: &'static str, value: impl Into<String>, source: &Source) -> Row {
        Row {
            name,
            value: value.into(),
            source: source.to_string(),
        }
    }

    fn of<T>(name: &'static str, setting: &Sourced<T>, value: impl FnOnce(&T) -> String) -> Row {
        Row::new(name, value(&setting.value), &setting.source)
    }
}

pub fn run(args: &ConfigArgs, ui: &Ui, profile: Option<&str>) -> Result<u8> {
    let lookup = super::lookup(profile, Needs::EVERYTHING, args.connection.timeout.as_deref(), ui)?;
    let connection = super::settings(&args.connection.flags(), &lookup, ui)?;
    let names = name_settings(&args.names.flags(), &lookup);
    let rows = rows(lookup.profile.as_ref(), &connection, &names);
    if args.json {
        let mut map = serde_json::Map::new();
        for row in &rows {
            let entry = serde_json::json!({"value": row.value, "source": row.source});
            map.insert(row.name.to_string(), entry);
        }
        ui.print(crate::answer::envelope::json_text(&serde_json::Value::Object(map).to_string(), ui).as_bytes())?;
        return Ok(exit::SUCCESS);
    }
    let width = rows.iter().map(|row| row.name.len()).max().unwrap_or(0);
    let mut out = String::new();
    for row in &rows {
        let name = format!("{:<width$}", row.name);
        let source = ui.stdout_palette.paint(&format!("({})", row.source), Paint::Dim);
        let _ = writeln!(
            out,
            "{}  {}  {source}",
            ui.stdout_palette.paint(&name, Paint::Key),
            row.value
        );
    }
    ui.print_own(&out)?;
    Ok(exit::SUCCESS)
}

/// Every setting in the order `yr config` lists them: the profile, where requests go and how long they may take,
/// then TLS, the proxy and the names. A TLS or proxy setting nothing set is left out.
fn rows(profile: Option<&Profile>, connection: &Connection, names: &NameSettings) -> Vec<Row> {
    let mut rows = vec![match profile {
        Some(p) => Row::new(
            "profile",
            p.name.clone(),
            &Source::Profile {
                name: p.name.clone(),
                file: p.file.clone(),
            },
        ),
        None => Row::new("profile", "(none)", &Source::Default),
    }];
    let endpoint = &connection.endpoint;
    rows.push(Row {
        name: "endpoint",
        value: endpoint.url.to_string(),
        source: match &endpoint.scheme_note {
            Some(note) => format!("{}; {note}", endpoint.source),
            None => endpoint.source.to_string(),
        },
    });
    rows.push(match &connection.token {
        Some(token) => Row::new("token", "<redacted>", &token.source),
        None => Row::new("token", "(none)", &Source::Default),
    });
    rows.push(Row::of("timeout", &connection.timeout, duration_text));
    rows.push(Row::of("connect_timeout", &connection.connect_timeout, duration_text));
    let tls = &connection.tls;
    let files = [("cacert", &tls.cacert), ("cert", &tls.cert), ("key", &tls.key)];
    for (name, file) in files {
        rows.extend(
            file.iter()
                .map(|file| Row::of(name, file, |path| path.display().to_string())),
        );
    }
    rows.extend(
        tls.server_name
            .iter()
            .map(|name| Row::of("tls_server_name", name, String::clone)),
    );
    rows.extend(
        tls.insecure
            .iter()
            .map(|insecure| Row::of("insecure", insecure, bool::to_string)),
    );
    match &connection.proxy {
        ProxyChoice::Via { url, source } => rows.push(Row::new("proxy", url.clone(), source)),
        ProxyChoice::Excluded(source) => rows.push(Row::new("proxy", "(none)", source)),
        ProxyChoice::Off => rows.push(Row::new("proxy", "(off)", &Source::Flag("--no-proxy"))),
        ProxyChoice::Direct => {}
    }
    rows.push(Row::of("tenant", &names.tenant, String::clone));
    rows.push(Row::of("service", &names.service, String::clone));
    rows
}

/// A limit as `yr config` shows it: `none` for no limit.
fn duration_text(limit: &Option<Duration>) -> String {
    limit.map_or_else(|| "none".to_string(), crate::wording::human_duration)
}
