//! ACC004 service-version-unsupported: a MariaDB, Elasticsearch/OpenSearch, Redis/Valkey, RabbitMQ
//! (or Solr) service falls under Adobe's cloud deadlines, or is not supported for the project's
//! Commerce release line.

use crate::data::lifecycle::same_line;
use crate::diagnostic::{Emitter, Severity};
use crate::model::commerce::{is_commerce_php, product};
use crate::rules::{Check, Context};

pub const CHECK: Check = Check { code: "ACC004", run, claims: &[] };

/// Which services replace one another (a line lists its supported ones per kind).
fn kind(upstream: &str) -> Option<&'static str> {
    match upstream {
        "mariadb" => Some("database"),
        "elasticsearch" | "opensearch" | "solr" => Some("search"),
        "redis" | "valkey" => Some("cache"),
        "rabbitmq" => Some("queue"),
        _ => None,
    }
}

const HELP: &str = "change `type` in .magento/services.yaml; on Pro Staging and Production, services change through an Adobe Support ticket, so confirm the running version in the Cloud Console";

fn run(cx: &Context<'_>, out: &mut Emitter) {
    for svc in cx.platformsh.services.iter().filter(|s| s.file.kind == crate::document::FileKind::MagentoServices) {
        // Commerce rules apply to PHP projects: skip a project whose apps are all non-PHP.
        let apps: Vec<_> = cx.platformsh.apps.iter().filter(|a| a.project == svc.project).collect();
        if !apps.is_empty() && !apps.iter().any(|a| is_commerce_php(a)) {
            continue;
        }
        let Some(img) = svc.image else { continue };
        let name = img.upstream();
        // Services of other kinds (Varnish, ...) are reported only past their upstream end of life.
        let k = kind(name);
        let ver = img.version.trim();
        let upstream_eol = cx.tables.platformsh.find(name, ver).and_then(|v| v.eol).filter(|eol| *eol < cx.as_of);
        let what = format!("service `{}` runs {} {ver}", svc.name(), product(name));
        let deadline = cx.tables.commerce_enforcement.find(name, ver);
        let version = cx.commerce.version_for_project(cx.platformsh, &svc.project);
        let line = version.and_then(|v| cx.tables.commerce_releases.line(&v.line));
        let listed: Vec<(&str, &str)> = line
            .iter()
            .flat_map(|l| l.services.iter())
            .filter_map(|s| s.split_once(':'))
            .filter(|(n, _)| k.is_some() && kind(n) == k)
            .collect();
        let untested = !listed.is_empty() && !listed.iter().any(|(n, v)| *n == name && same_line(ver, v));
        let supported = || listed.iter().map(|(n, v)| format!("{} {v}", product(n))).collect::<Vec<_>>().join(", ");
        let commerce = version.map(|v| format!("{} {}", v.edition(), v.display())).unwrap_or_default();
        let eol_note = upstream_eol.map(|eol| format!("past its upstream end of life on {eol}"));
        match deadline {
            Some(d) if cx.as_of > d.date => {
                let mut message = format!(
                    "{what}, which Adobe Commerce on cloud stopped supporting on {}: move to {}",
                    d.date, d.upgrade_to
                );
                if untested {
                    message.push_str(&format!(" ({commerce} supports {})", supported()));
                }
                if let Some(note) = &eol_note {
                    message.push_str(&format!("; it is {note}"));
                }
                out.emit(svc.file, img.span, message).help(HELP);
            }
            Some(d) => {
                let mut message = match &eol_note {
                    Some(note) => format!(
                        "{what}, {note} (no more security fixes); Adobe Commerce on cloud requires {} by {}",
                        d.upgrade_to, d.date
                    ),
                    None => format!("{what}: Adobe Commerce on cloud requires {} by {}", d.upgrade_to, d.date),
                };
                if untested {
                    message.push_str(&format!("; {commerce} supports {}", supported()));
                }
                let f = out.emit(svc.file, img.span, message).help(HELP);
                if eol_note.is_none() {
                    f.severity(Severity::Warning);
                }
            }
            None if untested => {
                let mut message =
                    format!("{what}, which Adobe does not support for {commerce} (supported: {})", supported());
                if let Some(note) = &eol_note {
                    message.push_str(&format!("; it is {note}"));
                }
                let f = out.emit(svc.file, img.span, message).help(HELP);
                if eol_note.is_none() {
                    f.severity(Severity::Warning);
                }
            }
            None => {
                if let Some(note) = eol_note {
                    out.emit(svc.file, img.span, format!("{what}, {note}: it no longer gets security fixes"))
                        .help(HELP);
                }
            }
        }
    }
}
