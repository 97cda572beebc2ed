//! ACC006 env-php-committed: `app/etc/env.php` (crypt key, database and service credentials) is in
//! the repository. The rule claims every secret in the file.

use crate::diagnostic::{Emitter, Severity};
use crate::model::commerce::SecretValue;
use crate::rules::secrets::Claim;
use crate::rules::{Check, Context};
use crate::source::Span;

pub const CHECK: Check = Check { code: "ACC006", run, claims: &[Claim::Commerce(SecretValue::EnvPhp)] };

const HELP: &str = "remove it from the repository (`git rm --cached app/etc/env.php`; Adobe's template ignores everything in app/etc but config.php, and app/etc is a mount on cloud): ece-tools writes env.php on each deploy. Rotate any real key or password it held";

fn run(cx: &Context<'_>, out: &mut Emitter) {
    for env in &cx.commerce.env_php {
        let file = env.file;
        let mut secrets: Vec<Span> = env.crypt_key.into_iter().chain(env.passwords.iter().copied()).collect();
        for hit in cx
            .secrets
            .iter()
            .filter(|h| h.file == file.id && crate::rules::secrets::claimed_by(cx, h) == Some(CHECK.code))
        {
            if !secrets.iter().any(|s| s.start < hit.span.end && hit.span.start < s.end) {
                secrets.push(hit.span);
            }
        }
        secrets.sort();
        let mut parts = Vec::new();
        if env.crypt_key.is_some() {
            parts.push("the crypt key".to_string());
        }
        match env.passwords.len() {
            0 => {}
            1 => parts.push("a password".into()),
            n => parts.push(format!("{n} passwords")),
        }
        let others = secrets.len() - usize::from(env.crypt_key.is_some()) - env.passwords.len();
        if others > 0 {
            parts.push(format!("{others} other secret value{}", if others == 1 { "" } else { "s" }));
        }
        let Some(&first) = secrets.first() else {
            let line = file.source.line_span(1);
            out.emit(
                file,
                line,
                "`app/etc/env.php` is committed; it normally holds the crypt key and database credentials",
            )
            .severity(Severity::Warning)
            .help(HELP);
            continue;
        };
        let f = out.emit(file, first, format!("`app/etc/env.php` is committed with {}", parts.join(" and ")));
        f.help(HELP);
        for s in secrets {
            f.secret(s);
        }
    }
}
