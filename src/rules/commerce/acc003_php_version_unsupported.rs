//! ACC003 php-version-unsupported: a PHP app's `type: php:X.Y` is not supported by the project's
//! Commerce release line (or, with no known version, by any line still in support), or falls
//! under Adobe's cloud PHP deadline.

use crate::data::lifecycle::version_key;
use crate::diagnostic::{Emitter, Severity};
use crate::model::commerce::{folder, is_commerce_php};
use crate::rules::{Check, Context};

pub const CHECK: Check = Check { code: "ACC003", run, claims: &[] };

fn join(list: &[&str]) -> String {
    list.join(", ")
}

fn run(cx: &Context<'_>, out: &mut Emitter) {
    let table = &cx.tables.commerce_releases;
    for app in cx.platformsh.apps.iter().filter(|a| is_commerce_php(a)) {
        let Some(php) = app.runtimes.iter().find(|r| r.name == "php") else { continue };
        let ver = php.version.trim();
        let version = cx
            .commerce
            .version_for(folder(app.file.location()))
            .or_else(|| cx.commerce.version_for_project(cx.platformsh, &app.project));
        let line = version.and_then(|v| table.line(&v.line));
        // What Adobe supports: the line's list, or with no known version every line still in support.
        let (supported, whose): (Vec<&str>, String) = match (version, line) {
            (Some(v), Some(l)) => {
                (l.php.iter().map(String::as_str).collect(), format!("{} {}", v.edition(), v.display()))
            }
            (Some(_), None) => (Vec::new(), String::new()),
            (None, _) => {
                let mut all: Vec<&str> = table
                    .lines
                    .iter()
                    .filter(|l| l.supported_on(cx.as_of))
                    .flat_map(|l| l.php.iter().map(String::as_str))
                    .collect();
                all.sort_by_key(|p| version_key(p));
                all.dedup();
                (all, "any Adobe Commerce release line still in support".to_string())
            }
        };
        let untested = !supported.is_empty() && !supported.iter().any(|p| version_key(p) == version_key(ver));
        let deadline = cx.tables.commerce_enforcement.find("php", ver);
        let deadline_note = deadline.map(|d| {
            if cx.as_of > d.date {
                format!("Adobe's cloud deadline for it passed on {} ({} required)", d.date, d.upgrade_to)
            } else {
                format!("Adobe Commerce on cloud requires {} by {}", d.upgrade_to, d.date)
            }
        });
        // Upstream (php.net) end of life, from the Platform.sh image table: past it, PHP gets no
        // security fixes at all, whatever Adobe's later cloud deadline says.
        let upstream_eol = cx.tables.platformsh.find("php", ver).and_then(|v| v.eol).filter(|eol| *eol < cx.as_of);
        let eol_note = upstream_eol.map(|eol| format!("PHP {ver} reached its upstream end of life on {eol}"));
        // Never suggest the PHP already set, nor one under the deadline or past its end of life.
        let usable = |p: &&&str| {
            version_key(p) != version_key(ver)
                && cx.tables.commerce_enforcement.find("php", p).is_none()
                && cx.tables.platformsh.find("php", p).and_then(|v| v.eol).is_none_or(|eol| eol >= cx.as_of)
        };
        let best = supported.iter().filter(usable).max_by_key(|p| version_key(p)).copied();
        let fix = match best {
            Some(b) => format!("set `type: php:{b}` (and update Commerce if it needs a newer PHP)"),
            None if supported.is_empty() => "upgrade PHP together with Commerce".to_string(),
            None => format!(
                "upgrade {} to a release line that supports a newer PHP, then raise `type` to it",
                version.map_or("Adobe Commerce", |v| v.edition())
            ),
        };
        if untested {
            let mut message = format!("PHP {ver} is not supported by {whose} (supported: {})", join(&supported));
            for note in [&eol_note, &deadline_note].into_iter().flatten() {
                message.push_str(&format!("; {note}"));
            }
            out.emit(app.file, php.span, message).help(fix);
        } else if let (Some(d), Some(note)) = (deadline, deadline_note) {
            let message = match &eol_note {
                Some(eol) => format!("{eol} and gets no security fixes; {note}"),
                None => format!("PHP {ver}: {note}"),
            };
            let f = out.emit(app.file, php.span, message);
            f.help(format!("move to {} before {}: {fix}", d.upgrade_to, d.date));
            if cx.as_of <= d.date && upstream_eol.is_none() {
                f.severity(Severity::Warning);
            }
        } else if let Some(eol) = eol_note {
            out.emit(app.file, php.span, format!("{eol} and gets no security fixes")).help(fix);
        }
    }
}
