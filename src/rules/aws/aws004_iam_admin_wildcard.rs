//! AWS004 iam-admin-wildcard: an IAM policy allows every action on every resource, or a role,
//! user or group gets the `AdministratorAccess` managed policy.

use crate::diagnostic::Emitter;
use crate::model::aws::{Resource, Template, items_or_one};
use crate::rules::{Check, Context};
use crate::syntax::tree::Ref;

pub const CHECK: Check = Check { code: "AWS004", run, claims: &[] };

const ADMIN_SUFFIX: &str = ":iam::aws:policy/AdministratorAccess";

fn run(cx: &Context<'_>, out: &mut Emitter) {
    for t in &cx.aws.templates {
        for r in &t.resources {
            let mut docs = Vec::new();
            let mut arns = Vec::new();
            match r.kind {
                "AWS::IAM::Policy"
                | "AWS::IAM::ManagedPolicy"
                | "AWS::IAM::RolePolicy"
                | "AWS::IAM::UserPolicy"
                | "AWS::IAM::GroupPolicy" => docs.extend(r.own("PolicyDocument")),
                "AWS::IAM::Role" | "AWS::IAM::User" | "AWS::IAM::Group" => {
                    for p in r.own("Policies").map(items_or_one).unwrap_or_default() {
                        docs.extend(p.get("PolicyDocument"));
                    }
                    arns.extend(r.own("ManagedPolicyArns").map(items_or_one).unwrap_or_default());
                }
                "AWS::Serverless::Function" => {
                    // SAM `Policies`: managed policy names or ARNs, policy documents, policy templates.
                    for p in r.prop("Policies").map(items_or_one).unwrap_or_default() {
                        if p.get("Statement").is_some() {
                            docs.push(p);
                        } else if p.as_str().is_some() {
                            arns.push(p);
                        }
                    }
                }
                _ => continue,
            }
            for doc in docs {
                wildcard_statements(t, r, doc, out);
            }
            for arn in arns {
                let text = match t.known(arn) {
                    Some(k) => k.as_str(),
                    // `!Sub arn:${AWS::Partition}:iam::aws:policy/AdministratorAccess`
                    None if arn.tag() == Some("!Sub") => arn.as_str(),
                    None => None,
                };
                let Some(text) = text.map(str::trim) else { continue };
                if text.ends_with(ADMIN_SUFFIX) || text == "AdministratorAccess" {
                    out.emit(
                        t.file,
                        arn.full_span(),
                        format!("`{}` is given the `AdministratorAccess` managed policy: full control of the account", r.id()),
                    )
                    .help("attach only the managed or inline policies with the actions and resources this role needs (IAM Access Analyzer can generate one from its activity)");
                }
            }
        }
    }
}

/// Statements of a policy document that allow `*` on `*`.
fn wildcard_statements<'a>(t: &'a Template<'a>, r: &Resource<'a>, doc: Ref<'a>, out: &mut Emitter) {
    let Some(statements) = doc.get("Statement") else { return };
    for st in items_or_one(statements) {
        let allow = st.get("Effect").and_then(|e| t.str(e)).is_some_and(|e| e.trim() == "Allow");
        if !allow {
            continue;
        }
        let star = |key: &str, all: &[&str]| -> Option<Ref<'a>> {
            items_or_one(st.get(key)?).into_iter().find(|i| t.str(*i).is_some_and(|s| all.contains(&s.trim())))
        };
        let (Some(action), Some(resource)) = (star("Action", &["*", "*:*"]), star("Resource", &["*"])) else {
            continue;
        };
        out.emit(
            t.file,
            action.full_span(),
            format!(
                "a policy statement of `{}` allows every action (`*`) on every resource: administrator access",
                r.id()
            ),
        )
        .label(resource.full_span(), "on every resource")
        .help(
            "list the actions the workload calls and the ARNs it touches; keep `*` out of both `Action` and `Resource`",
        );
    }
}
