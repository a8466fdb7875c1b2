//! The command line in the reader's language (spec §10): every `about` and argument help from
//! the catalogue (`cli-…` ids), the placeholders and the usage line, clap's own headings, flags
//! and mistakes. Only the words live here; the shape of the command line is `cli`'s.

use super::Cli;

/// The command line with its help in the reader's language: every `about` and argument help
/// from the catalogue (`cli-…` ids), clap's own headings and flags included. The derive's
/// doc comments stay as the English source of truth for tools that read them (the man page).
pub fn command() -> clap::Command {
    let mut cmd = localized();
    // clap adds its `help` subcommand while building: word it once it is there.
    cmd.build();
    word_help(cmd, &crate::i18n::message("cli-help-about", &[]))
}

/// Words the `help` subcommand clap adds to a command with subcommands, and to each of those
/// with subcommands of their own (`loa fleet help`, `loa bulletins help`).
fn word_help(cmd: clap::Command, about: &str) -> clap::Command {
    let nested: Vec<String> = cmd
        .get_subcommands()
        .filter(|c| c.get_name() != "help" && c.has_subcommands())
        .map(|c| c.get_name().to_string())
        .collect();
    let mut cmd = cmd;
    for name in nested {
        cmd = cmd.mut_subcommand(name.as_str(), |c| word_help(c, about));
    }
    if cmd.find_subcommand("help").is_some() {
        cmd = cmd.mut_subcommand("help", |h| h.about(about.to_string()));
    }
    cmd
}

/// [`command`] before clap builds it (no `help` subcommand yet): for the man pages, which
/// would otherwise get a page for every `loa help …`.
pub fn localized() -> clap::Command {
    use clap::CommandFactory;
    localize(Cli::command(), "cli")
}

fn localize(cmd: clap::Command, path: &str) -> clap::Command {
    use clap::{Arg, ArgAction};
    let key = |suffix: &str| format!("{path}-{}", suffix.replace('_', "-"));
    let text = |id: &str| crate::i18n::message(id, &[]);
    let mut cmd = cmd
        .about(text(&key("about")))
        .disable_help_flag(true)
        .disable_version_flag(true)
        .help_template(format!(
            "{{about-with-newline}}\n{} {{usage}}\n\n{{all-args}}{{after-help}}",
            text("cli-heading-usage")
        ))
        .subcommand_help_heading(text("cli-heading-commands"))
        .subcommand_value_name(text("cli-value-command"))
        .arg(
            Arg::new("help")
                .short('h')
                .long("help")
                .action(ArgAction::Help)
                .help(text("cli-flag-help"))
                .help_heading(text("cli-heading-options")),
        );
    if path == "cli" {
        cmd = cmd.arg(
            Arg::new("version")
                .short('V')
                .long("version")
                .action(ArgAction::Version)
                .help(text("cli-flag-version"))
                .help_heading(text("cli-heading-options")),
        );
    }
    let ids: Vec<String> = cmd
        .get_arguments()
        .map(|a| a.get_id().to_string())
        .filter(|id| id != "help" && id != "version")
        .collect();
    for id in ids {
        let help = text(&key(&id));
        let heading = text("cli-heading-options");
        let positional_heading = text("cli-heading-arguments");
        cmd = cmd.mut_arg(id.as_str(), |a| {
            let heading = if a.is_positional() {
                positional_heading
            } else {
                heading
            };
            let a = a.help_heading(heading);
            if crate::i18n::lang() == crate::i18n::Lang::En {
                return a.help(help);
            }
            // `<PATH>` → `<ĐƯỜNG-DẪN>`: the placeholders are words the reader reads too.
            let names: Vec<String> = a
                .get_value_names()
                .unwrap_or_default()
                .iter()
                .map(|n| value_word(n.as_str()))
                .collect();
            let a = if names.is_empty() {
                a
            } else {
                a.value_names(names)
            };
            // clap words these notes in English: say them from the catalogue instead.
            let mut notes = String::new();
            let mut a = a;
            let defaults: Vec<String> = a
                .get_default_values()
                .iter()
                .map(|v| v.to_string_lossy().into_owned())
                .collect();
            if !defaults.is_empty() {
                let value = defaults.join(", ");
                notes += &format!(" [{}]", crate::t!("cli-note-default", value = value));
                a = a.hide_default_value(true);
            }
            let values: Vec<String> = a
                .get_possible_values()
                .iter()
                .filter(|v| !v.is_hide_set())
                .map(|v| v.get_name().to_string())
                .collect();
            if !values.is_empty() && a.get_action().takes_values() {
                let values = values.join(", ");
                notes += &format!(" [{}]", crate::t!("cli-note-values", values = values));
                a = a.hide_possible_values(true);
            }
            if let Some(env) = a.get_env() {
                let name = env.to_string_lossy().into_owned();
                notes += &format!(" [{}]", crate::t!("cli-note-env", name = name));
                a = a.hide_env(true);
            }
            a.help(format!("{help}{notes}"))
        });
    }
    if crate::i18n::lang() != crate::i18n::Lang::En {
        let usage = usage_words(&cmd, path);
        cmd = cmd.override_usage(usage);
    }
    let subs: Vec<String> = cmd
        .get_subcommands()
        .map(|c| c.get_name().to_string())
        .collect();
    for name in subs {
        let sub_path = format!("{path}-{name}");
        cmd = cmd.mut_subcommand(name.as_str(), |c| localize(c, &sub_path));
    }
    cmd
}

/// A placeholder of the help (`PATH`, `DURATION`) in the reader's language.
fn value_word(name: &str) -> String {
    crate::i18n::message("cli-value-name", &[("name", name.into())])
}

/// "loa play [TÙY-CHỌN] <MỤC-TIÊU>": clap writes `[OPTIONS]` in English whatever the help says.
fn usage_words(cmd: &clap::Command, path: &str) -> String {
    let mut usage = path.replacen("cli", "loa", 1).replace('-', " ");
    if cmd.get_arguments().any(|a| !a.is_positional()) {
        usage += &format!(" [{}]", crate::i18n::message("cli-value-options", &[]));
    }
    for a in cmd.get_positionals() {
        let name = a
            .get_value_names()
            .and_then(|n| n.first())
            .map_or_else(|| a.get_id().to_string(), |n| n.to_string());
        usage += &if a.is_required_set() {
            format!(" <{name}>")
        } else {
            format!(" [{name}]")
        };
    }
    if cmd.has_subcommands() {
        usage += &format!(" <{}>", crate::i18n::message("cli-value-command", &[]));
    }
    usage
}

/// A command-line mistake in the reader's language. English keeps clap's own words; Vietnamese
/// says the same things from the catalogue (the `error:` word stays, as everywhere).
pub fn error_text(e: &clap::Error) -> String {
    use clap::error::{ContextKind, ContextValue, ErrorKind};
    use std::error::Error;
    if crate::i18n::lang() == crate::i18n::Lang::En {
        return e.render().to_string();
    }
    let get = |k: ContextKind| match e.get(k) {
        Some(ContextValue::String(s)) => s.clone(),
        Some(ContextValue::Strings(v)) => v.join(", "),
        Some(other) => other.to_string(),
        None => String::new(),
    };
    let t = |id: &str, args: &[(&str, String)]| {
        let args: Vec<(&str, crate::i18n::Arg<'_>)> =
            args.iter().map(|(k, v)| (*k, v.as_str().into())).collect();
        crate::i18n::message(id, &args)
    };
    let main = match e.kind() {
        ErrorKind::UnknownArgument => t(
            "cli-error-unknown-argument",
            &[("arg", get(ContextKind::InvalidArg))],
        ),
        ErrorKind::InvalidSubcommand => t(
            "cli-error-unknown-command",
            &[("command", get(ContextKind::InvalidSubcommand))],
        ),
        ErrorKind::InvalidValue | ErrorKind::ValueValidation => {
            let why = e
                .source()
                .map(|s| s.to_string())
                .unwrap_or_else(|| get(ContextKind::ValidValue));
            t(
                "cli-error-invalid-value",
                &[
                    ("value", get(ContextKind::InvalidValue)),
                    ("arg", get(ContextKind::InvalidArg)),
                    ("why", why),
                ],
            )
        }
        ErrorKind::MissingRequiredArgument => t(
            "cli-error-missing",
            &[("arg", get(ContextKind::InvalidArg))],
        ),
        ErrorKind::MissingSubcommand => t("cli-error-missing-command", &[]),
        ErrorKind::TooManyValues | ErrorKind::ArgumentConflict => t(
            "cli-error-too-many",
            &[("arg", get(ContextKind::InvalidArg))],
        ),
        // What the kinds above do not cover (a flag given a value it takes none of…): said
        // plainly, with the argument when clap names one.
        _ => match get(ContextKind::InvalidArg) {
            arg if !arg.is_empty() => t("cli-error-generic-arg", &[("arg", arg)]),
            _ => t("cli-error-generic", &[]),
        },
    };
    let mut out = format!("error: {main}\n");
    let suggested = [ContextKind::SuggestedSubcommand, ContextKind::SuggestedArg]
        .into_iter()
        .map(get)
        .find(|s| !s.is_empty());
    if let Some(s) = suggested {
        out += &format!("  {}\n", t("cli-error-did-you-mean", &[("what", s)]));
    }
    out += &format!("{}\n", t("cli-error-more", &[]));
    out
}

#[cfg(test)]
mod tests {
    /// Every command's and every option's help has its words in both catalogues: a missing
    /// one shows its id (`cli-fleet-serve-listen`) to the reader instead.
    #[test]
    fn every_command_and_option_has_its_words() {
        fn walk(cmd: &clap::Command, path: &str, missing: &mut Vec<String>) {
            let mut said = |what: Option<String>, whose: String| {
                if what.is_none_or(|w| w.starts_with("cli-")) {
                    missing.push(whose);
                }
            };
            said(
                cmd.get_about().map(|a| a.to_string()),
                format!("{path} (about)"),
            );
            for a in cmd.get_arguments() {
                said(
                    a.get_help().map(|h| h.to_string()),
                    format!("{path} --{}", a.get_id()),
                );
            }
            for c in cmd.get_subcommands() {
                walk(c, &format!("{path} {}", c.get_name()), missing);
            }
        }
        for lang in [crate::i18n::Lang::Vi, crate::i18n::Lang::En] {
            let mut missing = Vec::new();
            crate::i18n::with_lang(lang, || walk(&super::localized(), "loa", &mut missing));
            assert!(missing.is_empty(), "{lang:?}: {missing:#?}");
        }
    }
}
