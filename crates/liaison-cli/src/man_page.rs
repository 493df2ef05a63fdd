//! The manual page liaison(1), generated from the clap definition (clap_mangen), so it
//! can never disagree with `--help`. `liaison man-page` (a hidden command) prints it;
//! `cargo xtask dist` compresses it into the packages as `/usr/share/man/man1/liaison.1.gz`.
//!
//! One page for the whole command, like `liaison --help` plus every command's own help:
//! NAME, SYNOPSIS, DESCRIPTION, OPTIONS (the global ones), COMMANDS (each with its
//! synopsis, description and options), EXIT STATUS (the command's `after_long_help`),
//! VERSION.

use clap_mangen::Man;
use clap_mangen::roff::{Roff, roman};
use std::io::{self, Write};

/// Renders the manual page of `cmd` (the `liaison` command) as roff.
pub fn render(cmd: clap::Command, out: &mut dyn Write) -> io::Result<()> {
    let mut cmd = cmd.disable_help_subcommand(true);
    cmd.build();
    let man = Man::new(cmd.clone()).manual("12345 Liaison Desk");
    man.render_title(out)?;
    man.render_name_section(out)?;
    man.render_synopsis_section(out)?;
    man.render_description_section(out)?;
    man.render_options_section(out)?;
    Roff::new().control("SH", ["COMMANDS"]).to_writer(out)?;
    for sub in visible_subcommands(&cmd) {
        render_command(sub, out)?;
    }
    if let Some(text) = cmd.get_after_long_help() {
        let mut roff = Roff::new();
        roff.control("SH", ["EXIT STATUS"]);
        // A table laid out in the text: kept as written.
        roff.control("nf", []);
        for line in text.to_string().lines() {
            roff.text([roman(line)]);
        }
        roff.control("fi", []);
        roff.to_writer(out)?;
    }
    man.render_version_section(out)
}

fn visible_subcommands(cmd: &clap::Command) -> impl Iterator<Item = &clap::Command> {
    cmd.get_subcommands().filter(|s| !s.is_hide_set())
}

/// One command as a subsection: its synopsis (with the full command line, e.g.
/// `liaison outbox retry`), its description and its options; then its own commands.
fn render_command(cmd: &clap::Command, out: &mut dyn Write) -> io::Result<()> {
    let name = cmd.get_bin_name().unwrap_or_else(|| cmd.get_name());
    let mut roff = Roff::new();
    roff.control("SS", [name]);
    if let Some(about) = cmd.get_long_about().or_else(|| cmd.get_about()) {
        paragraphs(&mut roff, &about.to_string());
    }
    roff.to_writer(out)?;
    // Only the command's own options: the global ones and --help are listed once, under
    // OPTIONS.
    let own = cmd.clone().mut_args(|a| {
        if a.is_global_set() || a.get_id() == "help" {
            a.hide(true)
        } else {
            a
        }
    });
    let man = Man::new(own.clone());
    // The section renderers open a `.SH` of their own: inside COMMANDS the synopsis is a
    // plain paragraph and the options keep their heading as bold text.
    let mut synopsis = Vec::new();
    man.render_synopsis_section(&mut synopsis)?;
    out.write_all(&demote_headings(&synopsis, None))?;
    let has_options = own.get_arguments().any(|a| !a.is_hide_set());
    if has_options {
        let mut options = Vec::new();
        man.render_options_section(&mut options)?;
        out.write_all(&demote_headings(&options, Some("Options:")))?;
    }
    for sub in visible_subcommands(cmd) {
        render_command(sub, out)?;
    }
    Ok(())
}

/// Replaces each `.SH` line of a rendered section with a paragraph break, followed by
/// `label` in bold when given.
fn demote_headings(rendered: &[u8], label: Option<&str>) -> Vec<u8> {
    let text = String::from_utf8_lossy(rendered);
    let mut result = String::with_capacity(text.len());
    for line in text.lines() {
        if line.starts_with(".SH") {
            result.push_str(".PP\n");
            if let Some(label) = label {
                result.push_str(".B ");
                result.push_str(label);
                result.push('\n');
            }
        } else {
            result.push_str(line);
            result.push('\n');
        }
    }
    result.into_bytes()
}

/// Text lines as roff: an empty line starts a new paragraph.
fn paragraphs(roff: &mut Roff, text: &str) {
    for line in text.lines() {
        if line.trim().is_empty() {
            roff.control("PP", []);
        } else {
            roff.text([roman(line)]);
        }
    }
}
