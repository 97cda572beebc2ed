//! ACC005 auth-json-committed: an `auth.json` with Composer credentials (repo.magento.com keys,
//! GitHub/GitLab/Bitbucket tokens) is in the repository. One finding per credential, at its
//! value (a password, token or private key; never at a `username`, the public half). The rule
//! claims every secret in `auth.json`, so SEC001–SEC003 do not report them again.

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

const HELP: &str = "remove auth.json from the repository (`git rm --cached auth.json`, and drop `!/auth.json` from .gitignore), \
     regenerate the keys (Commerce Marketplace access keys, SCM tokens) and set them in the `env:COMPOSER_AUTH` project variable";

fn run(cx: &Context<'_>, out: &mut Emitter) {
    for auth in &cx.commerce.auth_files {
        let file = auth.file;
        let mut reported: Vec<Span> = Vec::new();
        for c in auth.credentials.iter().filter(|c| c.entry.name() != "username") {
            let span = c.entry.value.span();
            let what = if c.section == "http-basic" && c.host == "repo.magento.com" {
                "the repo.magento.com private access key".to_string()
            } else if c.entry.name() == c.host {
                format!("a {} token for {}", c.section, c.host)
            } else {
                format!("the {} `{}` for {}", c.section, c.entry.name(), c.host)
            };
            let f = out.emit(file, span, format!("`auth.json` commits {what}"));
            f.help(HELP).secret(span);
            f.clause = Some(crate::rules::secrets::clause(cx, file));
            // The public half of the pair is no secret, but it is masked with it.
            for u in auth
                .credentials
                .iter()
                .filter(|u| u.entry.name() == "username" && u.host == c.host && u.section == c.section)
            {
                f.label(u.entry.value.span(), "its user name (public key)").secret(u.entry.value.span());
            }
            reported.push(span);
        }
        // What else the secrets engine found that this rule claims (named literals in auth.json).
        for hit in cx
            .secrets
            .iter()
            .filter(|h| h.file == file.id && crate::rules::secrets::claimed_by(cx, h) == Some(CHECK.code))
        {
            if reported.iter().any(|s| s.start < hit.span.end && hit.span.start < s.end)
                || auth.credentials.iter().any(|c| c.entry.value.span() == hit.span)
            {
                continue;
            }
            let key = hit.key.as_ref().map_or("a value", |(k, _)| k.as_str());
            let f = out.emit(file, hit.span, format!("`auth.json` commits a secret under `{key}`"));
            f.help(HELP).secret(hit.span);
            f.clause = Some(crate::rules::secrets::clause(cx, file));
            reported.push(hit.span);
        }
    }
}
