//! AST019 remote-execution-open: remote execution enabled with no IP allow list, or one that
//! allows every address.

use crate::diagnostic::Emitter;
use crate::rules::{Check, Context};

pub const CHECK: Check = Check { code: "AST019", run, claims: &[] };

fn run(cx: &Context<'_>, out: &mut Emitter) {
    for d in &cx.astronomer.deployments {
        let Some(remote) = d.config("remote_execution") else { continue };
        let Some(enabled) = remote.get("enabled").filter(|e| e.as_bool() == Some(true)) else { continue };
        let ranges = remote.get("allowed_ip_address_ranges");
        let items: Vec<_> = ranges.map(|r| r.items().collect()).unwrap_or_default();
        if items.is_empty() {
            // An explicit but unreadable value (a tag, a string) is unknown.
            if ranges.is_some_and(|r| !r.is_seq() && !r.is_null()) {
                continue;
            }
            out.emit(d.file, enabled.span(), "remote execution is enabled with no `allowed_ip_address_ranges`: agents can reach the Deployment's API from any address")
                .help("list the egress CIDR ranges of your remote agents under `remote_execution.allowed_ip_address_ranges`");
            continue;
        }
        for r in items {
            let Some(cidr) = r.as_str().map(str::trim) else { continue };
            if matches!(cidr, "0.0.0.0/0" | "::/0" | "0.0.0.0" | "*") {
                out.emit(
                    d.file,
                    r.span(),
                    format!("`{cidr}` allows every address to reach the Deployment's remote execution API"),
                )
                .help("replace it with the egress CIDR ranges of your remote agents");
            }
        }
    }
}
