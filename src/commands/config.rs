//! `yr config`: every effective setting, its value (the token redacted) and where it came from.

use std::fmt::Write as _;

use anyhow::Result;

use crate::answer::color::Paint;
use crate::answer::output::Ui;
use crate::cli::ConfigArgs;
use crate::client::config::{Shown, Source, name_sources};
use crate::client::profiles::Needs;
use crate::exit;

pub fn run(args: &ConfigArgs, ui: &Ui, profile: Option<&str>) -> Result<u8> {
    let lookup = super::lookup(profile, Needs::EVERYTHING, args.connection.timeout.as_deref(), ui)?;
    let connection = super::settings(&args.connection.flags(), &lookup, ui)?;
    let (_, name_shown) = name_sources(&args.names.flags(), &lookup);
    let mut all: Vec<Shown> = connection.shown.clone();
    all.extend(name_shown);
    let profile_row = match &lookup.profile {
        Some(p) => Shown {
            name: "profile",
            value: p.name.clone(),
            source: Source::Profile {
                name: p.name.clone(),
                file: p.file.clone(),
            },
        },
        None => Shown {
            name: "profile",
            value: "(none)".into(),
            source: Source::Default,
        },
    };
    all.insert(0, profile_row);
    if args.json {
        let mut map = serde_json::Map::new();
        for shown in &all {
            let entry = serde_json::json!({"value": shown.value, "source": shown.source.to_string()});
            map.insert(shown.name.to_string(), entry);
        }
        ui.print(crate::answer::envelope::json_text(&serde_json::Value::Object(map).to_string(), ui).as_bytes())?;
        return Ok(exit::SUCCESS);
    }
    let width = all.iter().map(|s| s.name.len()).max().unwrap_or(0);
    let mut out = String::new();
    for shown in &all {
        let name = format!("{:<width$}", shown.name);
        let source = ui.stdout_palette.paint(&format!("({})", shown.source), Paint::Dim);
        let _ = writeln!(
            out,
            "{}  {}  {source}",
            ui.stdout_palette.paint(&name, Paint::Key),
            shown.value
        );
    }
    ui.print_own(&out)?;
    Ok(exit::SUCCESS)
}
