//! PSH017 remote-script-piped-to-shell: a hook downloads a script and runs it unverified.

use std::sync::OnceLock;

use regex::Regex;

use crate::diagnostic::Emitter;
use crate::rules::{Check, Context};
use crate::source::Span;

pub const CHECK: Check = Check { code: "PSH017", run, claims: &[] };

fn pattern() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r"(?m)\b(curl|wget)\b[^\n|;&]*\|\s*(sudo\s+)?(ba|z|da|k)?sh\b").expect("valid regex"))
}

fn run(cx: &Context<'_>, out: &mut Emitter) {
    for app in &cx.platformsh.apps {
        for hook in &app.hooks {
            let Some((file, script, at)) = hook.script() else { continue };
            let raw = file.source.slice(at);
            for m in pattern().find_iter(script) {
                // Point at the pipeline itself when it appears verbatim in the file (block scalars and
                // included scripts do), else at the whole hook.
                let span = match raw.find(m.as_str()) {
                    Some(i) => Span::new(at.start + i, at.start + i + m.len()),
                    None => at,
                };
                out.emit(file, span, format!("the `{}` hook pipes a downloaded script straight into a shell", hook.name()))
                .help("download to a file, check its SHA-256 against a pinned value, then run it; or install a pinned package");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn matches_pipes_to_shells_only() {
        let re = super::pattern();
        assert!(re.is_match("curl -fsS https://x.sh | bash"));
        assert!(re.is_match("wget -qO- https://x | sudo sh -s -- --yes"));
        assert!(re.is_match("curl -sS https://x | sh"));
        assert!(!re.is_match("curl -o install.sh https://x && sha256sum -c sums && sh install.sh"));
        assert!(!re.is_match("curl https://x | jq .version"));
        assert!(!re.is_match("curl https://x | shasum"));
    }
}
