//! AWS010 public-instance-without-patching: an EC2 instance with a public address, no instance
//! profile (so no Systems Manager agent access) and no SSM patching anywhere in the template.

use crate::diagnostic::Emitter;
use crate::model::aws::{Resource, Template, as_bool, items_or_one, referenced_id};
use crate::rules::{Check, Context};
use crate::source::Span;

pub const CHECK: Check = Check { code: "AWS010", run, claims: &[] };

/// Resources that show the template manages patching through Systems Manager.
const PATCHING: &[&str] = &[
    "AWS::SSM::Association",
    "AWS::SSM::PatchBaseline",
    "AWS::SSM::MaintenanceWindowTask",
    "AWS::SSM::DefaultHostManagementConfiguration",
];

fn run(cx: &Context<'_>, out: &mut Emitter) {
    for t in cx.aws.templates.iter().filter(|t| !t.has_any(PATCHING)) {
        for r in t.resources_of("AWS::EC2::Instance") {
            if r.own("IamInstanceProfile").is_some() {
                continue;
            }
            let Some((at, label)) = public_address(t, r) else { continue };
            let f = out.emit(
                t.file,
                at,
                format!(
                    "instance `{}` has a public IP address, but no instance profile, and the template sets up no Systems Manager patching: nothing here keeps its OS patched",
                    r.id()
                ),
            );
            if let Some((span, text)) = label {
                f.label(span, text);
            }
            f.help("give the instance an `IamInstanceProfile` with the `AmazonSSMManagedInstanceCore` policy and add an `AWS::SSM::Association` running `AWS-RunPatchBaseline` (or patch it through your own tooling, and say so in a suppression)");
        }
    }
}

/// Where the template gives the instance a public address: `AssociatePublicIpAddress: true` on a
/// network interface, or a subnet of the template with `MapPublicIpOnLaunch: true`.
fn public_address<'a>(t: &'a Template<'a>, r: &Resource<'a>) -> Option<(Span, Option<(Span, String)>)> {
    let interfaces = r.own("NetworkInterfaces").map(items_or_one).unwrap_or_default();
    for ni in &interfaces {
        if let Some(node) = ni.get("AssociatePublicIpAddress") {
            return match t.bool(node) {
                Some(true) => Some((node.full_span(), None)),
                _ => None,
            };
        }
    }
    let subnet_node = r.own("SubnetId").or_else(|| interfaces.iter().find_map(|ni| ni.get("SubnetId")))?;
    let subnet = t.resource(referenced_id(subnet_node)?)?;
    let map = subnet.own("MapPublicIpOnLaunch")?;
    (subnet.is("AWS::EC2::Subnet") && as_bool(map) == Some(true)).then(|| {
        (
            subnet_node.full_span(),
            Some((map.full_span(), format!("subnet `{}` gives every instance a public address", subnet.id()))),
        )
    })
}
