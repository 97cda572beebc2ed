//! PSH016 build-hook-ignores-failures: a multi-command build hook without `set -e`.

use crate::diagnostic::{Emitter, Fix};
use crate::rules::{Check, Context};
use crate::source::Span;
use crate::syntax::edit::prepend_to_literal_block;

pub const CHECK: Check = Check { code: "PSH016", run, claims: &[] };

/// Commands in a shell script: non-empty, non-comment lines, with lines ending in `\`, `&&`, `||`
/// or `|` joined to the next.
pub(crate) fn count_commands(script: &str) -> usize {
    let mut count = 0;
    let mut continued = false;
    for line in script.lines() {
        let t = line.trim();
        if t.is_empty() || t.starts_with('#') {
            continue;
        }
        if !continued {
            count += 1;
        }
        continued = t.ends_with('\\') || t.ends_with("&&") || t.ends_with("||") || t.ends_with('|');
    }
    count
}

/// `set -e`, `set -eu`, `set -euo pipefail`, `set -o errexit`, also after `#!/bin/bash -e`.
pub(crate) fn exits_on_error(script: &str) -> bool {
    script.lines().map(str::trim).any(|l| {
        let Some(rest) = l.strip_prefix("set ") else {
            return l.starts_with("#!") && l.split_whitespace().skip(1).any(|a| a.starts_with('-') && a.contains('e'));
        };
        rest.split_whitespace().collect::<Vec<_>>().windows(2).any(|w| w[0] == "-o" && w[1] == "errexit")
            || rest.split_whitespace().any(|a| a.starts_with('-') && !a.starts_with("--") && a.contains('e'))
    })
}

fn run(cx: &Context<'_>, out: &mut Emitter) {
    for app in &cx.platformsh.apps {
        let Some(hook) = app.hooks.iter().rfind(|h| h.name() == "build") else { continue };
        let Some((file, script, span)) = hook.script() else { continue };
        let n = count_commands(script);
        if n < 2 || exits_on_error(script) {
            continue;
        }
        let message = format!("the build hook runs {n} commands but only the last one's failure stops the build");
        let help = "start the hook with `set -e` so any failing command fails the build";
        match hook.included {
            // An included script: point at its first command.
            Some(_) => {
                let first = script
                    .split_inclusive('\n')
                    .scan(0, |at, line| {
                        let start = *at;
                        *at += line.len();
                        Some((start, line))
                    })
                    .find(|(_, l)| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
                    .map_or(span, |(start, l)| Span::new(start, start + l.trim_end().len()));
                out.emit(file, first, message)
                    .help(format!("{help} (the script is included from `{}`)", hook.file.rel()));
            }
            None => {
                let f = out.emit(hook.file, hook.entry.key.span(), message);
                f.help(help).label(span, "no `set -e` in this script");
                if let Some(edit) = prepend_to_literal_block(&hook.file.source.text, hook.entry.value, "set -e") {
                    f.fix(Fix::safe("start the build hook with `set -e`", vec![edit]));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commands_and_errexit() {
        assert_eq!(count_commands("a\n# c\n\nb \\\n  --x\nc &&\nd\n"), 3);
        assert!(exits_on_error("set -eu\nx"));
        assert!(exits_on_error("set -o errexit\nx"));
        assert!(exits_on_error("#!/bin/bash -ex\nx"));
        assert!(!exits_on_error("set -x\nx"));
        assert!(!exits_on_error("echo set -e"));
    }
}
