//! `yr completions SHELL` and `yr man`: generated from the clap definitions, so they never drift from the flags.

use std::io;

use anyhow::Result;
use clap::CommandFactory;
use clap_mangen::Man;
use clap_mangen::roff::{Roff, bold, roman};

use crate::answer::output::Ui;
use crate::cli::Cli;
use crate::exit;

pub fn completions(shell: clap_complete::Shell, ui: &Ui) -> Result<u8> {
    super::config_warnings(ui)?;
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "yr", &mut script);
    ui.print(&script)?;
    Ok(exit::SUCCESS)
}

pub fn man(ui: &Ui) -> Result<u8> {
    super::config_warnings(ui)?;
    ui.print(manual_page()?.as_bytes())?;
    Ok(exit::SUCCESS)
}

/// One page for all of yr, saying what `--help` says: yr's synopsis, description and global options, the list of
/// commands, a section per command (its usage, description, flags under their headings, examples and exit codes),
/// then yr's own examples and exit codes. clap_mangen's whole-page render would name each command as a page of its
/// own (`yr-invoke(1)`) that nobody installs, and leave out their flags and examples.
fn manual_page() -> io::Result<String> {
    let mut cli = Cli::command();
    // Building names each command as typed (`yr session delete`) and hands the global flags down.
    cli.build();
    let man = Man::new(cli.clone());
    let commands = commands(&cli);

    let mut page = Roff::new().render();
    for render in [
        Man::render_title,
        Man::render_name_section,
        Man::render_synopsis_section,
    ] {
        page.push_str(&rendered(|w| render(&man, w))?);
    }
    page.push_str(&rendered(|w| man.render_description_section(w))?);
    page.push_str(&rendered(|w| man.render_options_section(w))?);

    let mut list = Roff::new();
    list.control("SH", ["COMMANDS"]);
    for command in &commands {
        list.control("TP", []).text([bold(full_name(command))]);
        if let Some(about) = command.get_about() {
            list.text([roman(about.to_string())]);
        }
    }
    page.push_str(&rendered(|w| list.to_writer(w))?);

    for command in &commands {
        page.push_str(&command_section(command)?);
    }
    if let Some(text) = cli.get_after_long_help() {
        page.push_str(&rendered(|w| afterword(&text.to_string(), "SH").to_writer(w))?);
    }
    page.push_str(&rendered(|w| man.render_version_section(w))?);
    Ok(page)
}

/// Every command and subcommand, depth first, in the order help lists them; not clap's `help`.
fn commands(parent: &clap::Command) -> Vec<clap::Command> {
    let mut all = Vec::new();
    for command in parent
        .get_subcommands()
        .filter(|c| c.get_name() != "help" && !c.is_hide_set())
    {
        all.push(command.clone());
        all.extend(commands(command));
    }
    all
}

fn full_name(command: &clap::Command) -> String {
    command.get_bin_name().unwrap_or(command.get_name()).to_string()
}

/// `.SH "YR INVOKE"`: the usage line, the description, the arguments, the flags under their headings, the examples
/// and exit codes. The global flags are left to the page's own GLOBAL OPTIONS, and -h to nobody.
fn command_section(command: &clap::Command) -> io::Result<String> {
    let name = full_name(command);
    let mut head = Roff::new();
    head.control("SH", [name.to_uppercase().as_str()]);
    let usage = command.clone().render_usage().to_string();
    let usage = usage.trim().strip_prefix("Usage:").unwrap_or(&usage).trim();
    let usage = usage.strip_prefix(name.as_str()).unwrap_or(usage);
    head.text([bold(name.as_str()), roman(usage)]);
    if let Some(about) = command.get_long_about().or_else(|| command.get_about()) {
        for paragraph in about.to_string().split("\n\n") {
            head.control("PP", []).text([roman(paragraph.trim())]);
        }
    }
    let mut section = rendered(|w| head.to_writer(w))?;

    let own = command.clone().mut_args(|a| {
        // The global options are every command's own copy (cli::GlobalArgs), all under this heading.
        let shared = a.get_help_heading() == Some("Global options") || a.get_id() == "help";
        a.hide(shared)
    });
    let arguments = own.clone().mut_args(|a| {
        let positional = a.is_positional();
        a.hide(!positional)
    });
    if arguments.get_positionals().any(|a| !a.is_hide_set()) {
        let text = rendered(|w| Man::new(arguments).render_options_section(w))?;
        section.push_str(&subsections(&text, &[("OPTIONS", "Arguments")]));
    }
    let options = own.mut_args(|a| {
        let hidden = a.is_hide_set() || a.is_positional();
        a.hide(hidden)
    });
    if options.get_arguments().any(|a| !a.is_hide_set()) {
        let headings: Vec<(String, String)> = options
            .get_arguments()
            .filter_map(|a| a.get_help_heading())
            .map(|h| (h.to_uppercase(), h.to_string()))
            .collect();
        let mut titles: Vec<(&str, &str)> = headings.iter().map(|(u, h)| (u.as_str(), h.as_str())).collect();
        titles.push(("OPTIONS", "Options"));
        let text = rendered(|w| Man::new(options).render_options_section(w))?;
        section.push_str(&subsections(&text, &titles));
    }
    if let Some(text) = command.get_after_long_help() {
        section.push_str(&rendered(|w| afterword(&text.to_string(), "SS").to_writer(w))?);
    }
    Ok(section)
}

/// clap_mangen's `.SH REQUEST` sections as `.SS Request` subsections of a command's section.
fn subsections(text: &str, titles: &[(&str, &str)]) -> String {
    let mut out = String::new();
    for line in text.lines() {
        match line.strip_prefix(".SH ") {
            Some(title) => {
                let title = title.trim_matches('"');
                let title = titles
                    .iter()
                    .find(|(upper, _)| *upper == title)
                    .map_or(title, |(_, t)| *t);
                let mut sub = Roff::new();
                sub.control("SS", [title]);
                out.push_str(&sub.to_roff());
            }
            None => {
                out.push_str(line);
                out.push('\n');
            }
        }
    }
    out
}

/// The text after the flags (`Examples:`, `Exit codes:`) with each title as a heading of `level` and the lines
/// under it kept as lines (no-fill): command lines filled into a paragraph could not be copied.
fn afterword(text: &str, level: &str) -> Roff {
    let mut roff = Roff::new();
    let mut lines_open = false;
    for line in text.lines() {
        let title = line.strip_suffix(':').filter(|t| !t.is_empty() && !t.starts_with(' '));
        match title {
            Some(title) => {
                if lines_open {
                    roff.control("fi", []);
                }
                let title = if level == "SH" {
                    title.to_uppercase()
                } else {
                    title.to_string()
                };
                roff.control(level, [title.as_str()]).control("nf", []);
                lines_open = true;
            }
            None => {
                roff.text([roman(line)]);
            }
        }
    }
    if lines_open {
        roff.control("fi", []);
    }
    roff
}

/// What `render` writes, without the definition of `\*(Aq` each rendering starts with: the page has it once.
fn rendered(render: impl FnOnce(&mut dyn io::Write) -> io::Result<()>) -> io::Result<String> {
    let mut bytes = Vec::new();
    render(&mut bytes)?;
    let text = String::from_utf8_lossy(&bytes).into_owned();
    let preamble = Roff::new().render();
    Ok(text.strip_prefix(preamble.as_str()).map(str::to_string).unwrap_or(text))
}
