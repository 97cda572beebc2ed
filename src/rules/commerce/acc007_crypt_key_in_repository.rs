//! ACC007 crypt-key-in-repository: `CRYPT_KEY` has a literal value in `.magento.env.yaml` or in a
//! PHP app's `variables.env`.

use crate::diagnostic::Emitter;
use crate::model::commerce::SecretValue;
use crate::rules::secrets::Claim;
use crate::rules::{Check, Context};

pub const CHECK: Check = Check { code: "ACC007", run, claims: &[Claim::Commerce(SecretValue::CryptKey)] };

fn run(cx: &Context<'_>, out: &mut Emitter) {
    for v in cx.commerce.variables_named("CRYPT_KEY") {
        if v.literal().is_none() {
            continue;
        }
        let span = v.entry.value.span();
        out.emit(v.file, span, format!("`CRYPT_KEY` is committed with its value in `{}`", v.place))
            .help("remove it from the file and set `CRYPT_KEY` as a sensitive environment variable in the Cloud Console; the committed key stays readable in the Git history")
            .label(v.entry.key.span(), "the key that encrypts stored payment and integration secrets")
            .secret(span);
    }
}
