//! AST014 invalid-worker-queue: worker queues the Astro CLI rejects (minimum above maximum, a
//! Celery queue without `worker_type`, Celery queues without a `default` one).

use crate::diagnostic::Emitter;
use crate::rules::{Check, Context};

pub const CHECK: Check = Check { code: "AST014", run, claims: &[] };

fn run(cx: &Context<'_>, out: &mut Emitter) {
    for d in &cx.astronomer.deployments {
        let Some(queues) = d.worker_queues else { continue };
        let celery = d
            .config_str("executor")
            .is_some_and(|e| matches!(e.to_ascii_lowercase().as_str(), "celeryexecutor" | "celery"));
        let items: Vec<_> = queues.value.items().filter(|q| q.is_map()).collect();
        for q in &items {
            let name = q.get("name");
            let (min, max) = (q.get("min_worker_count"), q.get("max_worker_count"));
            if let (Some(min), Some(max)) = (min, max)
                && let (Some(lo), Some(hi)) = (min.as_i64(), max.as_i64())
                && lo > hi
            {
                out.emit(
                    d.file,
                    min.span(),
                    format!("`min_worker_count` ({lo}) is above `max_worker_count` ({hi}): the CLI rejects this queue"),
                )
                .label(max.span(), "maximum")
                .help("make `min_worker_count` at most `max_worker_count`");
            }
            if celery && q.get("worker_type").is_none_or(|t| t.is_null()) {
                let at = name.filter(|n| !n.is_null()).map_or(q.span(), |n| n.span());
                out.emit(d.file, at, "this worker queue has no `worker_type`, which the Celery executor needs")
                    .help("add `worker_type:` with the instance type of the queue's workers (for example `A5`)");
            }
        }
        if celery && !items.is_empty() && !items.iter().any(|q| q.str_at("name") == Some("default")) {
            out.emit(
                d.file,
                queues.key.span(),
                "the Celery executor needs a worker queue named `default`, and none is defined",
            )
            .help("add a queue with `name: default`; tasks without a queue run there");
        }
    }
}
