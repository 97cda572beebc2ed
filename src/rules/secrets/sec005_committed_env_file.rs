//! SEC005 committed-env-file: a `.env` file that holds secrets is in the repository.

use crate::diagnostic::Emitter;
use crate::document::FileKind;
use crate::rules::{Check, Context};
use crate::source::Span;

pub const CHECK: Check = Check { code: "SEC005", run, claims: &[] };

/// Names of env files meant to be committed as templates.
const TEMPLATES: &[&str] = &["example", "dist", "sample", "template", "defaults", "tpl"];

fn run(cx: &Context<'_>, out: &mut Emitter) {
    for file in cx.files.iter().filter(|f| f.kind == FileKind::Dotenv) {
        let name = file.rel().rsplit('/').next().unwrap_or("");
        if name.split('.').any(|part| TEMPLATES.contains(&part)) {
            continue;
        }
        let hits: Vec<Span> = cx.secrets.iter().filter(|h| h.file == file.id).map(|h| h.span).collect();
        let Some(first) = hits.first() else { continue };
        let line = file.source.line_span(file.source.line_col(first.start).line);
        let f = out.emit(
            file,
            Span::new(line.start, first.start.max(line.start)),
            format!("`{name}` is committed with {} secret value{}", hits.len(), if hits.len() == 1 { "" } else { "s" }),
        );
        f.help(format!("remove `{name}` from the repository (`git rm --cached`), add it to .gitignore, rotate the secrets, and commit a `{name}.example` with placeholders instead"));
        f.clause = Some(crate::rules::secrets::clause(cx, file));
        for h in hits {
            f.secret(h);
        }
    }
}
