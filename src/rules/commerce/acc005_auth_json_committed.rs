//! ACC005 auth-json-committed: an `auth.json` with Composer credentials (repo.magento.com keys,
//! GitHub/GitLab/Bitbucket tokens) is in the repository. The rule claims every secret in
//! `auth.json`, so SEC001–SEC003 do not report them again.

use crate::diagnostic::Emitter;
use crate::document::FileKind;
use crate::model::commerce::SecretValue;
use crate::rules::secrets::Claim;
use crate::rules::{Check, Context};
use crate::source::Span;

pub const CHECK: Check = Check {
    code: "ACC005",
    run,
    claims: &[Claim::Commerce(SecretValue::AuthCredential), Claim::NamedIn(FileKind::AuthJson)],
};

fn run(cx: &Context<'_>, out: &mut Emitter) {
    for auth in &cx.commerce.auth_files {
        let file = auth.file;
        let mut secrets: Vec<Span> = auth.credentials.iter().map(|c| c.entry.value.span()).collect();
        // What else the secrets engine found that this rule claims (named literals in auth.json).
        for hit in cx
            .secrets
            .iter()
            .filter(|h| h.file == file.id && crate::rules::secrets::claimed_by(cx, h) == Some(CHECK.code))
        {
            if !secrets.iter().any(|s| s.start < hit.span.end && hit.span.start < s.end) {
                secrets.push(hit.span);
            }
        }
        let Some(&first) = secrets.iter().min_by_key(|s| s.start) else { continue };
        let mut what: Vec<String> = Vec::new();
        for c in &auth.credentials {
            let label = if c.section == "http-basic" && c.host == "repo.magento.com" {
                "repo.magento.com access keys".to_string()
            } else {
                format!("{} for {}", c.section, c.host)
            };
            if !what.contains(&label) {
                what.push(label);
            }
        }
        if what.is_empty() {
            what.push("a credential".into());
        }
        let f = out.emit(file, first, format!("`auth.json` commits {}", what.join(", ")));
        f.help(
            "remove auth.json from the repository (`git rm --cached auth.json`, and drop `!/auth.json` from .gitignore), \
             regenerate the keys (Commerce Marketplace access keys, SCM tokens) and set them in the `env:COMPOSER_AUTH` project variable",
        );
        f.clause = Some(crate::rules::secrets::clause(cx, file));
        for c in &auth.credentials {
            if c.entry.value.span() != first {
                f.label(c.entry.value.span(), format!("`{}.{}.{}`", c.section, c.host, c.entry.name()));
            }
        }
        for s in secrets {
            f.secret(s);
        }
    }
}
