//! ACC012 risky-build-command: a hook of a PHP `.magento.app.yaml` app runs `composer update`
//! (resolving new versions instead of installing the reviewed `composer.lock`) or turns off
//! Composer's `secure-http`. Downloads piped into a shell are PSH017's.

use std::sync::OnceLock;

use regex::Regex;

use crate::diagnostic::Emitter;
use crate::model::commerce::{is_commerce_php, scalars};
use crate::rules::{Check, Context};
use crate::source::Span;

pub const CHECK: Check = Check { code: "ACC012", run, claims: &[] };

fn patterns() -> &'static [(Regex, &'static str, &'static str)] {
    static P: OnceLock<Vec<(Regex, &'static str, &'static str)>> = OnceLock::new();
    P.get_or_init(|| {
        vec![
            (
                Regex::new(r"\bcomposer(?:\.phar)?(?:\s+-{1,2}[\w-]+(?:=\S+)?)*(?:\s+global)?\s+(?:update|upgrade)\b")
                    .expect("valid regex"),
                "runs `composer update`: the build installs whatever versions resolve that day, not the reviewed composer.lock",
                "run `composer update` on a workstation, review and commit composer.lock, and build with `composer install --no-dev` as Adobe's template does",
            ),
            (
                Regex::new(r"\bcomposer(?:\.phar)?\s+config\b[^\n;&|]*\bsecure-http\s+(?:false|0)\b").expect("valid regex"),
                "turns off Composer's `secure-http`: packages may then be fetched over plain HTTP and altered on the way",
                "remove the command and use https:// repository URLs",
            ),
        ]
    })
}

fn run(cx: &Context<'_>, out: &mut Emitter) {
    for app in cx.platformsh.apps.iter().filter(|a| is_commerce_php(a)) {
        for hook in &app.hooks {
            // The hook's scripts: an included script file, or every string under the value.
            let mut scripts = Vec::new();
            match hook.script() {
                Some(s) if hook.included.is_some() => scripts.push(s),
                _ => {
                    let mut nodes = Vec::new();
                    scalars(hook.entry.value, &mut nodes, 0);
                    scripts.extend(nodes.iter().filter_map(|n| Some((hook.file, n.as_str()?, n.span()))));
                }
            }
            for (file, text, at) in scripts {
                let raw = file.source.slice(at);
                for (re, what, help) in patterns() {
                    for m in re.find_iter(text) {
                        // The command itself when it appears verbatim (block scalars), else the script.
                        let span = match raw.find(m.as_str()) {
                            Some(i) => Span::new(at.start + i, at.start + i + m.len()),
                            None => at,
                        };
                        out.emit(file, span, format!("the `{}` hook {what}", hook.name())).help(*help);
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn patterns_match_commands_only() {
        let [update, secure] = super::patterns() else { panic!() };
        for s in [
            "composer update",
            "composer --no-interaction update --no-dev",
            "php composer.phar update",
            "composer global update",
        ] {
            assert!(update.0.is_match(s), "{s}");
        }
        for s in
            ["composer install --no-dev", "composer dump-autoload", "echo composer-update", "composer require x/update"]
        {
            assert!(!update.0.is_match(s), "{s}");
        }
        assert!(secure.0.is_match("composer config -g secure-http false"));
        assert!(!secure.0.is_match("composer config secure-http true"));
    }
}
