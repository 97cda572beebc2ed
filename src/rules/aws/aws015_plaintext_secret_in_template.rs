//! AWS015 plaintext-secret-in-template: a secret written into a template (a parameter default, a
//! literal `MasterUserPassword`, a Lambda environment variable, any secret-named property), or a
//! password-like parameter without `NoEcho`. Secret-named literals come from the one secrets
//! engine (`cx.secrets`, claimed for CloudFormation files so SEC002 does not report them again).

use crate::diagnostic::{Emitter, Severity};
use crate::document::FileKind;
use crate::model::aws::{Template, is_intrinsic, ref_target};
use crate::model::secrets::{HitKind, is_placeholder, is_secret_name};
use crate::rules::secrets::Claim;
use crate::rules::secrets::claimed_by;
use crate::rules::{Check, Context};
use crate::source::Span;

pub const CHECK: Check = Check { code: "AWS015", run, claims: &[Claim::NamedIn(FileKind::CloudFormation)] };

const HELP: &str = "store the value in Secrets Manager (or SSM Parameter Store as a SecureString) and use a dynamic reference such as `{{resolve:secretsmanager:my-db-secret:SecretString:password}}`; rotate the exposed value";

/// Properties that take a password directly.
const PASSWORD_PROPS: &[&str] = &["MasterUserPassword", "Password", "AuthToken"];

fn run(cx: &Context<'_>, out: &mut Emitter) {
    for t in &cx.aws.templates {
        let mut reported: Vec<Span> = Vec::new();
        let id = t.file.id;
        for hit in cx.secrets.iter().filter(|h| h.file == id && h.kind == HitKind::NamedLiteral) {
            if claimed_by(cx, hit) != Some(CHECK.code) {
                continue;
            }
            let key = hit.key.as_ref().map_or("a key", |(k, _)| k.as_str());
            let message = match place(t, hit.span) {
                Place::Default(name) => format!(
                    "parameter `{name}` has a literal secret as its `Default`: it is in the template for anyone who can read it"
                ),
                Place::Environment(fun) => format!(
                    "Lambda environment variable `{key}` of `{fun}` holds a literal secret: anyone who can read the template or the function's configuration sees it"
                ),
                Place::Globals => format!(
                    "environment variable `{key}` in `Globals.Function` gives every SAM function a literal secret: anyone who can read the template or a function's configuration sees it"
                ),
                Place::UserData(res) => format!(
                    "the UserData of `{res}` holds a literal secret `{key}`: it is readable from the instance metadata and the template"
                ),
                Place::Other if PASSWORD_PROPS.contains(&key) => {
                    format!("`{key}` is a literal password in the template")
                }
                Place::Other => format!("`{key}` is given a literal secret value in the template"),
            };
            let f = out.emit(t.file, hit.span, message);
            f.help(HELP).secret(hit.span);
            if let Some((_, span)) = &hit.key {
                f.label(*span, format!("`{key}`"));
            }
            reported.push(hit.span);
        }
        let overlaps = |reported: &[Span], s: Span| reported.iter().any(|r| r.start < s.end && s.start < r.end);

        // Password-like parameters: shown in clear unless `NoEcho`, and a default is a known password.
        let mut used_as_password: Vec<&str> = Vec::new();
        for r in &t.resources {
            for prop in PASSWORD_PROPS {
                let Some(node) = r.own(prop) else { continue };
                if let Some(p) = ref_target(node) {
                    used_as_password.push(p);
                    continue;
                }
                let Some(text) = node.as_str() else { continue };
                if is_intrinsic(node) || is_placeholder(text) || overlaps(&reported, node.span()) {
                    continue;
                }
                out.emit(
                    t.file,
                    node.span(),
                    format!("`{prop}` of `{}` is a literal password in the template", r.id()),
                )
                .help(HELP)
                .secret(node.span());
                reported.push(node.span());
            }
        }
        // An SSM parameter named like a secret with a literal value: CloudFormation cannot create
        // SecureString parameters, so the value is stored as plain text too.
        for r in t.resources_of("AWS::SSM::Parameter") {
            let Some(name) = r.own("Name").and_then(|n| t.str(n)) else { continue };
            let last = name.rsplit('/').next().unwrap_or(name);
            let Some(node) = r.own("Value").filter(|v| !is_intrinsic(*v)) else { continue };
            let Some(text) = node.as_str() else { continue };
            if !is_secret_name(last) || is_placeholder(text) || overlaps(&reported, node.span()) {
                continue;
            }
            out.emit(t.file, node.span(), format!("SSM parameter `{name}` stores a literal secret as a plain `String` in the template"))
                .help("create the secret in Secrets Manager (or as a SecureString outside CloudFormation) and refer to it with a dynamic reference; rotate the exposed value")
                .secret(node.span());
            reported.push(node.span());
        }
        for p in &t.parameters {
            let name = p.name();
            let secret_like = is_secret_name(name) && !is_switch(p.entry.value, name);
            if !secret_like && !used_as_password.contains(&name) {
                continue;
            }
            // `AWS::SSM::Parameter::Value<...>` parameters hold the name of a parameter, not a value.
            if p.kind().is_some_and(|k| k.starts_with("AWS::") || k.starts_with("List<")) {
                continue;
            }
            if let Some(d) = p.default().filter(|d| !is_intrinsic(*d)) {
                let text = d.as_str().unwrap_or("");
                if !is_placeholder(text) && !overlaps(&reported, d.span()) {
                    out.emit(t.file, d.span(), format!("parameter `{name}` has a default password: every stack that does not override it gets this known value"))
                        .help("remove the `Default` so each deployment must supply the value, or better, resolve it from Secrets Manager with a dynamic reference")
                        .secret(d.span());
                    reported.push(d.span());
                }
            }
            if !p.no_echo() {
                out.emit(
                    t.file,
                    p.entry.key.span(),
                    format!("parameter `{name}` looks like a secret but has no `NoEcho: true`: CloudFormation shows its value in the console, in API responses and in stack events"),
                )
                .help("add `NoEcho: true`, or drop the parameter and resolve the secret from Secrets Manager with a dynamic reference")
                .severity(Severity::Warning);
            }
        }
    }
}

/// A parameter that turns a secret feature on or off rather than holding a secret: its
/// `AllowedValues` are only true/false (or yes/no), or its name starts with a verb before the
/// secret word (`ManageMasterUserPassword`, `UseSecretsManager`, `EnableApiKey`).
fn is_switch(param: crate::syntax::tree::Ref<'_>, name: &str) -> bool {
    const VERBS: &[&str] = &["Manage", "Use", "Enable", "Disable", "Create", "Generate", "Rotate"];
    let verb = VERBS
        .iter()
        .any(|v| name.strip_prefix(v).is_some_and(|rest| rest.starts_with(|c: char| c.is_ascii_uppercase())));
    let allowed: Vec<String> = param.get("AllowedValues").map_or_else(Vec::new, |a| {
        a.items()
            .map(|i| {
                i.as_str()
                    .map_or_else(|| i.as_bool().map_or_else(String::new, |b| b.to_string()), str::to_ascii_lowercase)
            })
            .collect()
    });
    let boolean = !allowed.is_empty() && allowed.iter().all(|v| matches!(v.as_str(), "true" | "false" | "yes" | "no"));
    verb || boolean
}

enum Place<'a> {
    Default(&'a str),
    Environment(&'a str),
    /// SAM `Globals.Function.Environment`.
    Globals,
    UserData(&'a str),
    Other,
}

/// Where in the template a secret sits.
fn place<'a>(t: &'a Template<'a>, span: Span) -> Place<'a> {
    let inside = |s: Span| s.start <= span.start && span.end <= s.end;
    if let Some(p) = t.parameters.iter().find(|p| p.default().is_some_and(|d| inside(d.span()))) {
        return Place::Default(p.name());
    }
    if t.root.path(&["Globals", "Function", "Environment"]).is_some_and(|g| inside(g.span())) {
        return Place::Globals;
    }
    for r in &t.resources {
        let env = match r.kind {
            "AWS::Lambda::Function" | "AWS::Serverless::Function" => r.own("Environment"),
            _ => None,
        };
        if env.is_some_and(|e| inside(e.span())) {
            return Place::Environment(r.id());
        }
        let user_data = r.own("UserData").or_else(|| r.path(&["LaunchTemplateData", "UserData"]));
        if user_data.is_some_and(|u| inside(u.full_span())) {
            return Place::UserData(r.id());
        }
    }
    Place::Other
}
