//! AST015 unpinned-requirement: a requirement of an Astro project without an exact version.

use crate::diagnostic::Emitter;
use crate::rules::{Check, Context};

pub const CHECK: Check = Check { code: "AST015", run, claims: &[] };

/// `==1.2.3` or `===1.2.3`, without wildcards: one exact release.
fn is_exact(specifier: &str) -> bool {
    specifier.split(',').any(|clause| clause.starts_with("==") && !clause.contains('*'))
}

fn run(cx: &Context<'_>, out: &mut Emitter) {
    for (file, reqs) in &cx.astronomer.requirements {
        // A constraints file pins what this file leaves open.
        if reqs.options.iter().any(|o| matches!(o.option.as_str(), "-c" | "--constraint")) {
            continue;
        }
        for r in &reqs.requirements {
            // A direct reference (`name @ https://...`) names one artifact.
            let direct = reqs.urls.iter().any(|u| r.line_span.start <= u.span.start && u.span.end <= r.line_span.end);
            if direct || is_exact(&r.specifier) {
                continue;
            }
            let (span, what) = match r.specifier_span {
                Some(s) => (s, format!("`{}` allows a range of versions (`{}`)", r.name, r.specifier)),
                None => (r.name_span, format!("`{}` has no version", r.name)),
            };
            out.emit(file, span, format!("{what}: each image build may install a different release, including a vulnerable or broken one"))
                .help(format!("pin `{}==<version>` (the version you tested; `pip freeze` in `astro dev bash` shows it) and upgrade it in reviewed changes", r.name));
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn exact_pins() {
        assert!(super::is_exact("==2.1.1"));
        assert!(super::is_exact("===1.0"));
        assert!(super::is_exact(">=1,==1.4.2"));
        assert!(!super::is_exact("==1.*"));
        assert!(!super::is_exact(">=5.0.0"));
        assert!(!super::is_exact("~=1.4"));
        assert!(!super::is_exact(""));
    }
}
