//! AST013 production-without-high-availability: a Deployment named as production that is not
//! highly available.

use crate::diagnostic::Emitter;
use crate::rules::{Check, Context};

pub const CHECK: Check = Check { code: "AST013", run, claims: &[] };

/// Whether a name says production: a word `prod`, `production` or `prd` (words split at any
/// character that is not a letter or digit, so `analytics_prod` counts and `products` does not).
fn says_production(text: &str) -> bool {
    text.split(|c: char| !c.is_ascii_alphanumeric())
        .any(|w| matches!(w.to_ascii_lowercase().as_str(), "prod" | "production" | "prd"))
}

fn run(cx: &Context<'_>, out: &mut Emitter) {
    for d in cx.astronomer.deployments.iter().filter(|d| !d.development()) {
        if d.config_str("deployment_type").is_some_and(|t| t.eq_ignore_ascii_case("hybrid")) {
            continue;
        }
        let named = ["name", "description", "workspace_name"]
            .iter()
            .find_map(|k| d.config(k).filter(|v| v.as_str().is_some_and(says_production)));
        let Some(named) = named else { continue };
        let ha = d.config("is_high_availability");
        let span = match ha {
            Some(v) if v.as_bool() == Some(true) => continue,
            Some(v) if v.as_bool() == Some(false) => v.span(),
            // A value that is not a boolean is unknown.
            Some(_) => continue,
            None => named.span(),
        };
        let f = out.emit(
            d.file,
            span,
            "a production Deployment without high availability: its scheduler and other components run as single replicas, so an outage or upgrade interrupts the pipelines",
        );
        f.help("set `is_high_availability: true` for production Deployments");
        if ha.is_some() {
            f.label(named.span(), "named as production");
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn production_names() {
        for yes in ["prod", "analytics-prod", "Analytics_PROD", "production eu", "prd-1"] {
            assert!(super::says_production(yes), "{yes}");
        }
        for no in ["products", "reproduce", "staging", "preprod-test-x"] {
            assert!(!super::says_production(no), "{no}");
        }
    }
}
