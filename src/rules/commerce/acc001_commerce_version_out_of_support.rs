//! ACC001 commerce-version-out-of-support: the Commerce release line is past the end of regular
//! support (warning) or of all support (error) on the as-of date.

use crate::data::lifecycle::version_key;
use crate::diagnostic::{Emitter, Severity};
use crate::model::commerce::first_regular_line;
use crate::rules::{Check, Context};

pub const CHECK: Check = Check { code: "ACC001", run, claims: &[] };

fn run(cx: &Context<'_>, out: &mut Emitter) {
    let table = &cx.tables.commerce_releases;
    let regular = first_regular_line(table, cx.as_of);
    for v in &cx.commerce.versions {
        let product = v.edition();
        let target = regular.map_or_else(String::new, |l| {
            format!("upgrade to {product} {} or later, which is in regular support", l.release)
        });
        let shown = v.display();
        let Some(line) = table.line(&v.line) else {
            if let Some(oldest) = table.oldest()
                && version_key(&v.line) < version_key(&oldest.release)
                && let Some(end) = oldest.end_of_support()
            {
                out.emit(
                    v.file,
                    v.span,
                    format!(
                        "{product} {shown} is out of support: it predates the {} line, whose support ended on {end}",
                        oldest.name()
                    ),
                )
                .help(target.clone());
            }
            continue;
        };
        let (Some(standard), Some(end)) = (line.end_standard, line.end_of_support()) else { continue };
        let enforcement = line
            .enforcement
            .map_or_else(String::new, |d| format!("; on cloud, Adobe may suspend the project's traffic from {d}"));
        if cx.as_of > end {
            out.emit(
                v.file,
                v.span,
                format!("{product} {shown} is out of support: the {} line's support ended on {end}", line.name()),
            )
            .help(format!("{target}: the line gets no more security patches{enforcement}"));
        } else if cx.as_of > standard {
            let phase = match (line.end_extended, line.end_security) {
                (Some(ext), Some(sec)) if cx.as_of <= ext => {
                    format!("extended support until {ext}, then security fixes only until {sec}")
                }
                (Some(ext), None) => format!("extended support until {ext}"),
                _ => format!("security fixes only until {end}"),
            };
            out.emit(
                v.file,
                v.span,
                format!(
                    "{product} {shown} is past the end of regular support ({standard}): the {} line gets {phase}",
                    line.name()
                ),
            )
            .severity(Severity::Warning)
            .help(format!("plan the upgrade: {target}{enforcement}"));
        }
    }
}
