//! AWS CloudFormation and SAM templates: resources (logical id, type, properties), parameters and
//! SAM `Globals.Function`, with the spans rules point at, and value helpers that treat intrinsic
//! functions (`!Ref`, `!Sub`, `Fn::*`, `{"Ref": ...}`) as unknown. A `Ref` to a parameter is
//! resolved to the parameter's literal `Default`, so rules can see the value a stack gets when
//! nobody overrides it.

use crate::document::FileKind;
use crate::document::ParsedFile;
use crate::source::Span;
use crate::syntax::tree::{Entry, Kind, Ref};

pub struct Model<'a> {
    pub templates: Vec<Template<'a>>,
}

pub struct Template<'a> {
    pub file: &'a ParsedFile,
    pub root: Ref<'a>,
    pub parameters: Vec<Parameter<'a>>,
    pub resources: Vec<Resource<'a>>,
    /// `Conditions`, if the template has them.
    pub conditions: Option<Ref<'a>>,
}

pub struct Parameter<'a> {
    /// The parameter's name and its settings.
    pub entry: Entry<'a>,
}

impl<'a> Parameter<'a> {
    pub fn name(&self) -> &'a str {
        self.entry.name()
    }
    /// `Type` as written (`String`, `Number`, `AWS::SSM::Parameter::Value<String>`, ...).
    pub fn kind(&self) -> Option<&'a str> {
        self.entry.value.str_at("Type")
    }
    pub fn no_echo(&self) -> bool {
        self.entry.value.get("NoEcho").and_then(as_bool).unwrap_or(false)
    }
    pub fn default(&self) -> Option<Ref<'a>> {
        self.entry.value.get("Default").filter(|d| !d.is_null())
    }
}

pub struct Resource<'a> {
    /// The logical id and the resource body.
    pub entry: Entry<'a>,
    /// `Type`, e.g. `AWS::S3::Bucket`.
    pub kind: &'a str,
    pub properties: Option<Ref<'a>>,
    /// SAM `Globals.Function` for an `AWS::Serverless::Function`: properties it inherits.
    pub globals: Option<Ref<'a>>,
}

impl<'a> Resource<'a> {
    pub fn id(&self) -> &'a str {
        self.entry.name()
    }
    /// Where findings about the resource as a whole point: its logical id.
    pub fn span(&self) -> Span {
        self.entry.key.span()
    }
    /// A property, from the resource or else (SAM functions) from `Globals.Function`.
    pub fn prop(&self, key: &str) -> Option<Ref<'a>> {
        self.own(key).or_else(|| self.globals.and_then(|g| g.get(key)))
    }
    /// A property set on the resource itself.
    pub fn own(&self, key: &str) -> Option<Ref<'a>> {
        self.properties.and_then(|p| p.get(key))
    }
    /// Follows a path of keys below `Properties` (with the same Globals fallback for the first key).
    pub fn path(&self, keys: &[&str]) -> Option<Ref<'a>> {
        let (first, rest) = keys.split_first()?;
        let own = self.own(first).and_then(|v| v.path(rest));
        own.or_else(|| self.globals.and_then(|g| g.path(keys)))
    }
    pub fn is(&self, kind: &str) -> bool {
        self.kind == kind
    }
}

/// A value known without deploying: the literal node, the parameter whose default it is when it
/// was reached through a `Ref`, and the condition it depends on when it was chosen by `Fn::If`.
#[derive(Clone, Copy)]
pub struct Known<'a> {
    pub node: Ref<'a>,
    pub via: Option<&'a Parameter<'a>>,
    pub condition: Option<Branch<'a>>,
}

/// The branch of an `Fn::If` taken with the parameters' defaults: the condition (its entry in
/// `Conditions`) and its value.
#[derive(Clone, Copy)]
pub struct Branch<'a> {
    pub name: &'a str,
    pub value: bool,
    /// The condition's definition in `Conditions`.
    pub definition: Entry<'a>,
}

impl<'a> Known<'a> {
    pub fn as_str(&self) -> Option<&'a str> {
        self.node.as_str()
    }
}

/// Whether a node is an intrinsic function or reference: a short-form tag (`!Ref`, `!Sub`,
/// `!If`, ...) or a one-key mapping `Ref` / `Condition` / `Fn::*`.
pub fn is_intrinsic(node: Ref<'_>) -> bool {
    if node.tag().is_some_and(|t| !t.starts_with("!!") && t != "!") {
        return true;
    }
    let mut entries = node.entries();
    match (entries.next(), entries.next()) {
        (Some(e), None) => matches!(e.name(), "Ref" | "Condition") || e.name().starts_with("Fn::"),
        _ => false,
    }
}

/// The logical id or parameter name of `!Ref X` / `{"Ref": "X"}`.
pub fn ref_target(node: Ref<'_>) -> Option<&str> {
    if node.tag() == Some("!Ref") {
        return node.as_str();
    }
    let mut entries = node.entries();
    match (entries.next(), entries.next()) {
        (Some(e), None) if e.name() == "Ref" => e.value.as_str(),
        _ => None,
    }
}

/// The argument of the intrinsic function `name` (`If`, `Equals`, ...) written as `!Name args` or
/// `{"Fn::Name": args}`.
pub fn function_args<'a>(node: Ref<'a>, name: &str) -> Option<Ref<'a>> {
    if node.tag().and_then(|t| t.strip_prefix('!')) == Some(name) {
        return Some(node);
    }
    let mut entries = node.entries();
    match (entries.next(), entries.next()) {
        (Some(e), None) if e.name().strip_prefix("Fn::") == Some(name) => Some(e.value),
        _ => None,
    }
}

/// The logical id that `!Ref X`, `!GetAtt X.Attr` or `Fn::GetAtt: [X, Attr]` points at.
pub fn referenced_id(node: Ref<'_>) -> Option<&str> {
    if let Some(id) = ref_target(node) {
        return Some(id);
    }
    let getatt = if node.tag() == Some("!GetAtt") {
        Some(node)
    } else {
        let mut entries = node.entries();
        match (entries.next(), entries.next()) {
            (Some(e), None) if e.name() == "Fn::GetAtt" => Some(e.value),
            _ => None,
        }
    }?;
    match getatt.as_str() {
        Some(s) => s.split('.').next(),
        None => getatt.items().next().and_then(|i| i.as_str()),
    }
}

/// A CloudFormation boolean: `true`/`false` in any case, also quoted. `None` for anything else.
pub fn as_bool(node: Ref<'_>) -> Option<bool> {
    if is_intrinsic(node) {
        return None;
    }
    match node.as_str()?.trim().to_ascii_lowercase().as_str() {
        "true" => Some(true),
        "false" => Some(false),
        _ => None,
    }
}

/// A list value: the items of a sequence, or the value itself when a single item is written
/// without a list (CloudFormation accepts both for many properties).
pub fn items_or_one<'a>(node: Ref<'a>) -> Vec<Ref<'a>> {
    if node.is_seq() {
        node.items().collect()
    } else if is_intrinsic(node) {
        Vec::new()
    } else {
        vec![node]
    }
}

impl<'a> Template<'a> {
    pub fn parameter(&self, name: &str) -> Option<&Parameter<'a>> {
        self.parameters.iter().find(|p| p.name() == name)
    }

    pub fn resource(&self, id: &str) -> Option<&Resource<'a>> {
        self.resources.iter().find(|r| r.id() == id)
    }

    pub fn resources_of<'s>(&'s self, kind: &'s str) -> impl Iterator<Item = &'s Resource<'a>> + 's {
        self.resources.iter().filter(move |r| r.kind == kind)
    }

    /// The value of `node` when it is known: a literal, a `Ref` to a parameter with a literal
    /// default, or the branch of an `Fn::If` whose condition the parameters' defaults decide.
    /// Other intrinsic functions and pseudo parameters are unknown.
    pub fn known(&'a self, node: Ref<'a>) -> Option<Known<'a>> {
        self.known_at(node, 8)
    }

    fn known_at(&'a self, node: Ref<'a>, depth: usize) -> Option<Known<'a>> {
        if let Some((branch, chosen)) = self.if_branch(node)
            && depth > 0
        {
            let mut k = self.known_at(chosen, depth - 1)?;
            k.condition = k.condition.or(Some(branch));
            return Some(k);
        }
        if let Some(target) = ref_target(node) {
            let p = self.parameter(target)?;
            let d = p.default()?;
            return (!is_intrinsic(d)).then_some(Known { node: d, via: Some(p), condition: None });
        }
        (!is_intrinsic(node) && !node.is_null()).then_some(Known { node, via: None, condition: None })
    }

    /// For `!If [C, a, b]` / `{"Fn::If": [C, a, b]}` whose condition the defaults decide: the
    /// branch taken and the value chosen.
    pub fn if_branch(&'a self, node: Ref<'a>) -> Option<(Branch<'a>, Ref<'a>)> {
        let args = function_args(node, "If")?;
        let mut items = args.items();
        let (name, yes, no) = (items.next()?.as_str()?, items.next()?, items.next()?);
        let definition = self.conditions?.entry(name)?;
        let value = self.condition(name)?;
        Some((Branch { name, value, definition }, if value { yes } else { no }))
    }

    /// Whether `node` removes its property (`!Ref AWS::NoValue`), directly or through the branch of
    /// an `Fn::If` the defaults choose: `Some(None)` unconditionally, `Some(Some(branch))` under a
    /// condition, `None` when it does not (or cannot be known).
    pub fn removes_property(&'a self, node: Ref<'a>) -> Option<Option<Branch<'a>>> {
        if ref_target(node) == Some("AWS::NoValue") {
            return Some(None);
        }
        let (branch, chosen) = self.if_branch(node)?;
        (ref_target(chosen) == Some("AWS::NoValue")).then_some(Some(branch))
    }

    /// The value of the condition `name` with the parameters' defaults; `None` when it depends on
    /// something only known at deploy time (pseudo parameters, parameters without a default).
    pub fn condition(&'a self, name: &str) -> Option<bool> {
        self.eval_condition(self.conditions?.get(name)?, 8)
    }

    fn eval_condition(&'a self, node: Ref<'a>, depth: usize) -> Option<bool> {
        if depth == 0 {
            return None;
        }
        if let Some(args) = function_args(node, "Equals") {
            let mut items = args.items();
            let (a, b) = (items.next()?, items.next()?);
            return Some(self.condition_scalar(a)? == self.condition_scalar(b)?);
        }
        if let Some(args) = function_args(node, "Not") {
            return Some(!self.eval_condition(args.items().next()?, depth - 1)?);
        }
        if let Some(args) = function_args(node, "And") {
            let values: Option<Vec<bool>> = args.items().map(|c| self.eval_condition(c, depth - 1)).collect();
            return Some(values?.iter().all(|v| *v));
        }
        if let Some(args) = function_args(node, "Or") {
            let values: Option<Vec<bool>> = args.items().map(|c| self.eval_condition(c, depth - 1)).collect();
            return Some(values?.iter().any(|v| *v));
        }
        // `{Condition: Other}` or `!Condition Other` inside And/Or/Not.
        let other = if node.tag() == Some("!Condition") {
            node.as_str()
        } else {
            node.entry("Condition").filter(|_| node.entries().count() == 1).and_then(|e| e.value.as_str())
        }?;
        self.eval_condition(self.conditions?.get(other)?, depth - 1)
    }

    /// A scalar an `Fn::Equals` compares: a literal or a parameter's default, as text.
    fn condition_scalar(&'a self, node: Ref<'a>) -> Option<&'a str> {
        let k = self.known_at(node, 0)?;
        k.node.as_str()
    }

    pub fn str(&'a self, node: Ref<'a>) -> Option<&'a str> {
        self.known(node)?.as_str()
    }

    pub fn bool(&'a self, node: Ref<'a>) -> Option<bool> {
        as_bool(self.known(node)?.node)
    }

    pub fn int(&'a self, node: Ref<'a>) -> Option<i64> {
        self.known(node)?.node.as_i64()
    }

    /// Whether any resource of the template is of one of `kinds`.
    pub fn has_any(&self, kinds: &[&str]) -> bool {
        self.resources.iter().any(|r| kinds.contains(&r.kind))
    }

    /// Every inbound security group rule of the template.
    pub fn ingress_rules(&'a self) -> Vec<Ingress<'a>> {
        let mut out = Vec::new();
        for r in &self.resources {
            match r.kind {
                "AWS::EC2::SecurityGroup" => {
                    for rule in r.own("SecurityGroupIngress").map(items_or_one).unwrap_or_default() {
                        if rule.is_map() && !is_intrinsic(rule) {
                            out.push(Ingress { resource: r, rule, group: Some(r.id()) });
                        }
                    }
                }
                "AWS::EC2::SecurityGroupIngress" => {
                    if let Some(rule) = r.properties {
                        let group = r.own("GroupId").and_then(referenced_id).filter(|id| self.resource(id).is_some());
                        out.push(Ingress { resource: r, rule, group });
                    }
                }
                _ => {}
            }
        }
        out
    }

    /// The resources whose properties refer to the logical id `id` (`!Ref`, `!GetAtt`).
    pub fn referrers(&'a self, id: &str) -> Vec<&'a Resource<'a>> {
        let mut budget = 100_000;
        self.resources
            .iter()
            .filter(|r| {
                let mut found = false;
                if let Some(p) = r.properties {
                    walk(p, 32, &mut budget, &mut |n| found |= referenced_id(n) == Some(id));
                }
                found
            })
            .collect()
    }
}

/// One inbound security group rule: inline in an `AWS::EC2::SecurityGroup`, or a standalone
/// `AWS::EC2::SecurityGroupIngress`.
pub struct Ingress<'a> {
    /// The resource that writes the rule.
    pub resource: &'a Resource<'a>,
    /// The rule's mapping (`CidrIp`, `IpProtocol`, `FromPort`, `ToPort`, ...).
    pub rule: Ref<'a>,
    /// The logical id of the group the rule belongs to, when the template defines it.
    pub group: Option<&'a str>,
}

/// Calls `f` on every node below `node` (the node included), to a bounded depth and at most
/// `budget` nodes: aliases are followed, so an alias bomb must not make this exponential.
pub fn walk<'a>(node: Ref<'a>, depth: usize, budget: &mut usize, f: &mut dyn FnMut(Ref<'a>)) {
    if *budget == 0 {
        return;
    }
    *budget -= 1;
    f(node);
    if depth == 0 {
        return;
    }
    for e in node.entries() {
        walk(e.value, depth - 1, budget, f);
    }
    for i in node.items() {
        walk(i, depth - 1, budget, f);
    }
}

impl<'a> Template<'a> {
    /// The known value of `node` when it is the boolean `want`.
    pub fn bool_is(&'a self, node: Ref<'a>, want: bool) -> Option<Known<'a>> {
        self.known(node).filter(|k| as_bool(k.node) == Some(want))
    }
}

impl<'a> Model<'a> {
    pub fn build(files: &'a [ParsedFile]) -> Model<'a> {
        let mut templates = Vec::new();
        for file in files.iter().filter(|f| f.kind == FileKind::CloudFormation) {
            let Some(root) = file.tree().and_then(|t| t.root()) else { continue };
            if !root.is_map() {
                continue;
            }
            let parameters = root
                .get("Parameters")
                .map(|p| p.entries().filter(|e| e.value.is_map()).map(|entry| Parameter { entry }).collect())
                .unwrap_or_default();
            let globals = root.path(&["Globals", "Function"]).filter(|g| g.is_map());
            let mut resources = Vec::new();
            if let Some(res) = root.get("Resources") {
                for entry in res.entries() {
                    let Some(kind) = entry.value.get("Type").filter(|t| !is_intrinsic(*t)).and_then(|t| t.as_str())
                    else {
                        continue;
                    };
                    let properties = entry.value.get("Properties").filter(|p| matches!(p.kind(), Kind::Map(_)));
                    let globals = if kind == "AWS::Serverless::Function" { globals } else { None };
                    resources.push(Resource { entry, kind, properties, globals });
                }
            }
            let conditions = root.get("Conditions").filter(|c| c.is_map());
            templates.push(Template { file, root, parameters, resources, conditions });
        }
        Model { templates }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::yaml;

    #[test]
    fn intrinsics_and_booleans() {
        let text =
            "a: !Ref P\nb: {Ref: P}\nc: {'Fn::Sub': x}\nd: 'True'\ne: false\nf: {x: 1, y: 2}\ng: !GetAtt R.Arn\n";
        let y = yaml::parse(text);
        let root = y.tree.root().unwrap();
        let g = |k| root.get(k).unwrap();
        assert!(is_intrinsic(g("a")) && is_intrinsic(g("b")) && is_intrinsic(g("c")));
        assert!(!is_intrinsic(g("f")));
        assert_eq!(ref_target(g("a")), Some("P"));
        assert_eq!(ref_target(g("b")), Some("P"));
        assert_eq!(referenced_id(g("g")), Some("R"));
        assert_eq!(as_bool(g("d")), Some(true));
        assert_eq!(as_bool(g("e")), Some(false));
        assert_eq!(as_bool(g("a")), None);
    }

    #[test]
    fn parameters_resolve_and_sam_globals_are_inherited() {
        let text = "AWSTemplateFormatVersion: '2010-09-09'\nParameters:\n  Cidr: {Type: String, Default: 0.0.0.0/0}\n  Open: {Type: String}\nGlobals:\n  Function: {Runtime: python3.9, Timeout: 3}\nResources:\n  Fn:\n    Type: AWS::Serverless::Function\n    Properties: {Handler: a.h, Timeout: 10}\n  Plain:\n    Type: AWS::Lambda::Function\n    Properties: {A: !Ref Cidr, B: !Ref Open, C: !Ref AWS::Region, D: {'Fn::Sub': x}}\n";
        let file = ParsedFile {
            id: 0,
            kind: FileKind::CloudFormation,
            source: crate::source::SourceFile::new("t.yaml".into(), text.into()),
            doc: crate::document::Doc::Tree(yaml::parse(text).tree),
            comments: Vec::new(),
            problems: Vec::new(),
            context: false,
            path: "t.yaml".into(),
            includes: Default::default(),
            disk: None,
        };
        let m = Model::build(std::slice::from_ref(&file));
        let t = &m.templates[0];
        let sam = t.resource("Fn").unwrap();
        assert_eq!(sam.prop("Runtime").and_then(|r| r.as_str()), Some("python3.9"));
        assert_eq!(sam.prop("Timeout").and_then(|r| r.as_i64()), Some(10));
        let plain = t.resource("Plain").unwrap();
        assert!(plain.prop("Runtime").is_none());
        let a = t.known(plain.own("A").unwrap()).unwrap();
        assert_eq!((a.as_str(), a.via.map(|p| p.name())), (Some("0.0.0.0/0"), Some("Cidr")));
        for k in ["B", "C", "D"] {
            assert!(t.known(plain.own(k).unwrap()).is_none(), "{k}");
        }
    }
}
