//! PSH019 region-outside-compliance-scope: the hosting region does not carry the certification the
//! repository declares it needs (`scopes` in srm-lint.toml).

use crate::data::Scope;
use crate::diagnostic::{Emitter, Severity};
use crate::model::platformsh::HIPAA_REGION;
use crate::rules::{Check, Context};

pub const CHECK: Check = Check { code: "PSH019", run, claims: &[] };

fn run(cx: &Context<'_>, out: &mut Emitter) {
    let scopes = &cx.settings.scopes;
    let hipaa = scopes.contains(&Scope::Hipaa);
    let model = cx.platformsh;
    for hint in &model.regions {
        let region = hint.region.to_ascii_lowercase();
        let uncovered = hint.uncovered(scopes);
        let pci_soc2: Vec<&str> = uncovered
            .iter()
            .filter_map(|s| match s {
                Scope::Pci => Some("PCI DSS"),
                Scope::Soc2 => Some("SOC 2"),
                Scope::Hipaa => None,
            })
            .collect();
        if !pci_soc2.is_empty() {
            out.emit(
                hint.file,
                hint.span,
                format!(
                    "region `{region}` is outside the provider's {} certification, which this repository declares it needs",
                    pci_soc2.join(" and ")
                ),
            )
            .help("move the project to a certified region, or remove the scope from srm-lint.toml if the workload is not in scope");
        }
        if uncovered.contains(&Scope::Hipaa) {
            out.emit(hint.file, hint.span, format!("region `{region}` cannot host HIPAA workloads: the provider runs them only on `{HIPAA_REGION}`"))
                .help("move the project to the us-4 region, or remove `hipaa` from the scopes if no protected health information is processed");
        }
    }
    // HIPAA declared, but nothing in the repository says where the project runs.
    if hipaa && model.regions.is_empty() {
        let anchor = model
            .regionless_hosts
            .first()
            .map(|(f, s)| (*f, *s))
            .or_else(|| model.apps.iter().find(|a| a.provider() == "platformsh").map(|a| (a.file, a.node.span())));
        if let Some((file, span)) = anchor {
            let span = crate::source::Span::new(
                span.start,
                span.start.max(file.source.line_span(file.source.line_col(span.start).line).end),
            );
            out.emit(file, span, "`hipaa` is declared but the repository does not show the project's region (HIPAA workloads run only on us-4)")
                .severity(Severity::Warning)
                .help("confirm the project runs on us-4 (`platform project:info region`) and record it in `.platform/local/project.yaml` or the git remote, or suppress with the evidence");
        }
    }
}
