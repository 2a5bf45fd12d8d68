//! The man pages: `trst-hooks.1` plus one page per subcommand, nested ones included
//! (`trst-hooks-send.1`, `trst-hooks-webhooks-create.1`, …). clap_mangen renders the name,
//! synopsis, description, options and subcommand list; the text after the help (examples, notes)
//! is rendered here because clap_mangen reflows it, and examples must stay verbatim.

use clap::Command;
use clap_mangen::Man;
use clap_mangen::roff::{Inline, Roff, bold, roman};

/// Manual section 1: user commands.
const SECTION: &str = "1";

/// Every page as (file name, roff source), the top-level page first.
pub(super) fn pages(root: Command) -> Vec<(String, Vec<u8>)> {
    let mut root = without_help_subcommand(root);
    root.build();
    // Every page's footer names the program and version, not the subcommand.
    let source = format!(
        "{} {}",
        root.get_name(),
        root.get_version().unwrap_or_default()
    );
    let mut pages = Vec::new();
    collect(&root, &source, &[], &mut pages);
    pages
}

/// `help` is not a page of its own: drop the generated `help` subcommand at every level.
fn without_help_subcommand(cmd: Command) -> Command {
    let names: Vec<String> = cmd
        .get_subcommands()
        .map(|sub| sub.get_name().to_owned())
        .collect();
    names.into_iter().fold(
        cmd.disable_help_subcommand(true),
        |cmd: Command, name: String| cmd.mut_subcommand(name, without_help_subcommand),
    )
}

fn collect(cmd: &Command, source: &str, ancestors: &[String], pages: &mut Vec<(String, Vec<u8>)>) {
    let name = page_name(cmd);
    pages.push((format!("{name}.{SECTION}"), render(cmd, source, ancestors)));
    let mut lineage = ancestors.to_vec();
    lineage.push(name);
    for sub in visible_subcommands(cmd) {
        collect(sub, source, &lineage, pages);
    }
}

fn visible_subcommands(cmd: &Command) -> impl Iterator<Item = &Command> {
    cmd.get_subcommands().filter(|sub| !sub.is_hide_set())
}

/// `trst-hooks-webhooks-create` for `trst-hooks webhooks create` (clap sets it on build).
fn page_name(cmd: &Command) -> String {
    cmd.get_display_name()
        .unwrap_or_else(|| cmd.get_name())
        .to_owned()
}

/// One page: clap_mangen's sections without the after-help text, then ours before VERSION.
fn render(cmd: &Command, source: &str, ancestors: &[String]) -> Vec<u8> {
    let after_help = cmd
        .get_after_long_help()
        .or_else(|| cmd.get_after_help())
        .map(|text| text.to_string());
    let bare = cmd
        .clone()
        .after_help(None::<&str>)
        .after_long_help(None::<&str>);
    let mut roff = Vec::new();
    // Rendering into a Vec cannot fail.
    let _ = Man::new(bare).source(source).render(&mut roff);
    let mut page = String::from_utf8_lossy(&roff).into_owned();

    let mut extra = Roff::new();
    if let Some(text) = &after_help {
        after_help_sections(&mut extra, text);
    }
    see_also(&mut extra, cmd, ancestors);
    let extra = without_preamble(&extra.render());
    match page.find("\n.SH VERSION\n") {
        Some(at) => page.insert_str(at + 1, &extra),
        None => page.push_str(&extra),
    }
    page.into_bytes()
}

/// The after-help text, paragraph by paragraph: an `Examples:` paragraph becomes the EXAMPLES
/// section, kept line for line; the rest goes to NOTES, where a paragraph with indented lines
/// (a table of ids, a command continued with `\`) is kept verbatim and prose is filled.
fn after_help_sections(roff: &mut Roff, text: &str) {
    let paragraphs: Vec<Vec<&str>> = text
        .split("\n\n")
        .map(|para| para.lines().collect::<Vec<_>>())
        .filter(|lines| !lines.is_empty())
        .collect();
    let (examples, notes): (Vec<_>, Vec<_>) = paragraphs
        .iter()
        .partition(|lines| lines[0].trim_end() == "Examples:");
    for lines in examples {
        roff.control("SH", ["EXAMPLES"]);
        verbatim(roff, &lines[1..]);
    }
    for (i, lines) in notes.iter().enumerate() {
        if i == 0 {
            roff.control("SH", ["NOTES"]);
        } else {
            roff.control("PP", []);
        }
        if lines[1..].iter().any(|line| line.starts_with(' ')) {
            verbatim(roff, lines);
        } else {
            for line in lines.iter() {
                roff.text([roman(*line)]);
            }
        }
    }
}

/// Lines exactly as written: no filling, no adjusting.
fn verbatim(roff: &mut Roff, lines: &[&str]) {
    roff.control("nf", []);
    for line in lines {
        roff.text([roman(*line)]);
    }
    roff.control("fi", []);
}

/// SEE ALSO: the pages above this one and the pages of its subcommands, all of which exist.
fn see_also(roff: &mut Roff, cmd: &Command, ancestors: &[String]) {
    let names: Vec<String> = ancestors
        .iter()
        .cloned()
        .chain(visible_subcommands(cmd).map(page_name))
        .collect();
    if names.is_empty() {
        return;
    }
    roff.control("SH", ["SEE ALSO"]);
    // Page names are neither hyphenated nor spread out to fill the line.
    roff.control("nh", []);
    roff.control("ad", ["l"]);
    let mut inlines: Vec<Inline> = Vec::new();
    for (i, name) in names.iter().enumerate() {
        if i > 0 {
            inlines.push(roman(", "));
        }
        inlines.push(bold(name.as_str()));
        inlines.push(roman(format!("({SECTION})")));
    }
    roff.text(inlines);
}

/// `Roff::render` starts every document with the apostrophe preamble; the page has it already.
fn without_preamble(roff: &str) -> String {
    roff.lines()
        .skip_while(|line| line.starts_with(".ie ") || line.starts_with(".el "))
        .map(|line| format!("{line}\n"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tiny() -> Command {
        Command::new("tool")
            .version("1.0")
            .after_help(
                "Examples:\n  tool a --x 1        first\n  tool a \\\n      --x 2\n\n\
                 A prose note that\nwraps.\n\nIds:\n  one   the first\n  two   the second",
            )
            .subcommand(
                Command::new("a")
                    .about("Do a")
                    .arg(clap::arg!(--x <N> "An x")),
            )
    }

    #[test]
    fn one_page_per_command_without_help() {
        let names: Vec<String> = pages(tiny()).into_iter().map(|(name, _)| name).collect();
        assert_eq!(names, ["tool.1", "tool-a.1"]);
    }

    #[test]
    fn examples_and_indented_notes_stay_verbatim_and_prose_is_filled() {
        let page = String::from_utf8(pages(tiny()).remove(0).1).unwrap();
        let examples = ".SH EXAMPLES\n.nf\n  tool a \\-\\-x 1        first\n  tool a \\\\\n      \\-\\-x 2\n.fi\n";
        assert!(page.contains(examples), "{page}");
        assert!(page.contains(".SH NOTES\nA prose note that\nwraps.\n.PP\n.nf\nIds:\n  one"));
        let version = page.find(".SH VERSION").unwrap();
        assert!(
            page.find(".SH EXAMPLES").unwrap() < version,
            "sections out of order"
        );
        assert!(
            page.contains(".SH \"SEE ALSO\"\n.nh\n.ad l\n\\fBtool\\-a\\fR(1)"),
            "{page}"
        );
    }

    #[test]
    fn a_subcommand_page_names_its_parent() {
        let page = String::from_utf8(pages(tiny()).remove(1).1).unwrap();
        assert!(
            page.contains(".SH \"SEE ALSO\"\n.nh\n.ad l\n\\fBtool\\fR(1)"),
            "{page}"
        );
        assert!(
            page.contains("\\-\\-x"),
            "the subcommand's flag is missing: {page}"
        );
    }
}
