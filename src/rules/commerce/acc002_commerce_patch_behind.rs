//! ACC002 commerce-patch-behind: a newer security patch of the same release line came out more
//! than 30 days before the as-of date (PCI DSS expects critical patches within 30 days).

use crate::diagnostic::Emitter;
use crate::rules::{Check, Context};

pub const CHECK: Check = Check { code: "ACC002", run, claims: &[] };

/// Days Adobe's PCI guidance allows between a security patch's release and its installation.
const WINDOW_DAYS: i64 = 30;

fn run(cx: &Context<'_>, out: &mut Emitter) {
    for v in &cx.commerce.versions {
        let Some(current) = v.patch else { continue };
        let Some(line) = cx.tables.commerce_releases.line(&v.line) else { continue };
        // A line out of support is ACC001's finding; its patches no longer come.
        if !line.supported_on(cx.as_of) {
            continue;
        }
        let newer: Vec<_> = line.numbered().filter(|(n, _)| *n > current).map(|(_, p)| p).collect();
        let Some(overdue) = newer.iter().find(|p| p.date.add_days(WINDOW_DAYS) < cx.as_of) else { continue };
        let latest = newer.iter().rfind(|p| p.date <= cx.as_of).unwrap_or(overdue);
        let mut message = format!(
            "{} {} lacks security fixes: {} was released on {}, more than {WINDOW_DAYS} days ago",
            v.edition(),
            v.display(),
            overdue.version,
            overdue.date
        );
        if latest.version != overdue.version {
            message.push_str(&format!("; the latest patch is {} ({})", latest.version, latest.date));
        }
        let how = if v.locked {
            "raise the Commerce constraint in composer.json if needed (for cloud projects, `magento/magento-cloud-metapackage`), run `composer update` for it and commit composer.lock"
        } else {
            "change the constraint in composer.json and commit the updated composer.lock"
        };
        out.emit(v.file, v.span, message).help(format!(
            "update to {}: {how}; PCI DSS expects security patches within {WINDOW_DAYS} days of release",
            latest.version
        ));
    }
}
