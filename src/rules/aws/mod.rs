//! The aws rule pack: one file per rule, and the helpers they share.

pub(crate) mod aws001_admin_port_open_to_world;
pub(crate) mod aws002_s3_public_acl;
pub(crate) mod aws003_s3_public_access_block_disabled;
pub(crate) mod aws004_iam_admin_wildcard;
pub(crate) mod aws005_rds_storage_unencrypted;
pub(crate) mod aws006_rds_backups_disabled;
pub(crate) mod aws007_rds_publicly_accessible;
pub(crate) mod aws008_dynamodb_pitr_disabled;
pub(crate) mod aws009_ebs_unencrypted;
pub(crate) mod aws010_public_instance_without_patching;
pub(crate) mod aws011_lambda_runtime_deprecated;
pub(crate) mod aws012_http_listener_without_redirect;
pub(crate) mod aws013_outdated_tls_policy;
pub(crate) mod aws014_cloudtrail_weakened;
pub(crate) mod aws015_plaintext_secret_in_template;
pub(crate) mod aws016_imdsv1_allowed;
pub(crate) mod aws017_cloudfront_allows_http;

use crate::data::lifecycle::{Table, Version};
use crate::date::Date;
use crate::diagnostic::{Emitter, Finding};
use crate::model::aws::Resource;
use crate::model::aws::{Branch, Known, Template};
use crate::source::Edit;
use crate::syntax::edit::{Value, insert_entry, replace_scalar};
use crate::syntax::tree::Ref;

/// Reports a value at the place it is written in the resource (with its tag), labelling the
/// parameter default it came from and the condition that chose it, if any.
pub fn report_value<'o>(
    t: &Template<'_>,
    out: &'o mut Emitter,
    node: Ref<'_>,
    known: &Known<'_>,
    message: impl Into<String>,
) -> &'o mut Finding {
    let f = out.emit(t.file, node.full_span(), message);
    if let Some(p) = known.via {
        f.label(known.node.span(), format!("default of parameter `{}`", p.name()));
    }
    if let Some(b) = &known.condition {
        label_condition(f, b);
    }
    f
}

/// Labels the definition of the condition a finding depends on.
pub fn label_condition(f: &mut Finding, b: &Branch<'_>) {
    f.label(b.definition.key.span(), format!("`{}` is {} with the parameters' defaults", b.name, b.value));
}

/// Adds "(the default of parameter `X`)" to a description of a value reached through a `Ref`, and
/// "when condition `C` is false" to one chosen by an `Fn::If`.
pub fn via_note(known: &Known<'_>) -> String {
    let mut note = match known.via {
        Some(p) => format!(" (the default of parameter `{}`)", p.name()),
        None => String::new(),
    };
    if let Some(b) = &known.condition {
        note.push_str(&condition_note(b));
    }
    note
}

/// " when condition `C` is false (as it is with the parameters' defaults)".
pub fn condition_note(b: &Branch<'_>) -> String {
    format!(" when condition `{}` is {} (as it is with the parameters' defaults)", b.name, b.value)
}

/// The deprecation entry of a Lambda runtime identifier (`python3.9`, `nodejs18.x`).
pub fn lambda_runtime<'t>(table: &'t Table, runtime: &str) -> Option<&'t Version> {
    table.versions.iter().find(|v| runtime.strip_prefix(v.image.as_str()).is_some_and(|rest| rest == v.version))
}

/// Runtimes of the same family that are still supported at `as_of`, newest last.
pub fn supported_lambda_runtimes(table: &Table, family: &str, as_of: Date) -> Vec<String> {
    table
        .versions
        .iter()
        .filter(|v| v.image == family && v.status == "supported" && v.eol.is_none_or(|d| d > as_of))
        .map(|v| format!("{}{}", v.image, v.version))
        .collect()
}

/// Whether a template is JSON (keys quoted, strings in double quotes): its text is an object.
pub fn is_json(t: &Template<'_>) -> bool {
    t.file.source.text.trim_start_matches('\u{feff}').trim_start().starts_with('{')
}

/// An edit adding `key: value` to a resource's `Properties` (a mapping written in the resource).
pub fn add_property(t: &Template<'_>, r: &Resource<'_>, key: &str, value: &Value) -> Option<Edit> {
    insert_entry(&t.file.source.text, r.properties.filter(|p| p.is_map())?, key, value, is_json(t))
}

/// An edit setting a value written in place (not through a parameter or a condition) to `value`,
/// its quoting kept.
pub fn set_value(t: &Template<'_>, known: &Known<'_>, node: Ref<'_>, value: &str) -> Option<Edit> {
    if known.via.is_some() || known.condition.is_some() {
        return None;
    }
    replace_scalar(&t.file.source.text, node, value)
}
