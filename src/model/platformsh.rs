//! Platform.sh / Upsun / Adobe Commerce cloud (same file format): apps, services and routes of
//! every project in the scan, with the spans rules point at.

use crate::data::Scope;
use crate::document::ParsedFile;
use crate::document::discover::FileKind;
use crate::source::Span;
use crate::syntax::tree::{Entry, Ref};

#[derive(Default)]
pub struct Model<'a> {
    pub apps: Vec<App<'a>>,
    pub services: Vec<Service<'a>>,
    pub routes: Vec<Route<'a>>,
    /// Where the repository reveals its hosting region (`host:` of `local/project.yaml`, git remote).
    pub regions: Vec<RegionHint<'a>>,
    /// `host:` values that name no region (e.g. `api.platform.sh` written by newer CLIs).
    pub regionless_hosts: Vec<(&'a ParsedFile, Span)>,
    /// (project, service name) → index in `services`.
    service_index: std::collections::HashMap<(String, &'a str), usize>,
}

/// A region named in a file, e.g. `fr-4` in `host: fr-4.platform.sh`.
pub struct RegionHint<'a> {
    pub file: &'a ParsedFile,
    /// The region's text in the file.
    pub span: Span,
    pub region: &'a str,
}

/// Regions the provider leaves out of its PCI DSS and SOC 2 certifications (compliance guidance,
/// "Responsibilities of customers").
pub const OUTSIDE_PCI_SOC2: &[&str] = &["fr-1", "fr-3"];
/// The only region the provider runs HIPAA workloads in.
pub const HIPAA_REGION: &str = "us-4";

impl RegionHint<'_> {
    /// The declared scopes the provider's certification does not cover in this region, in the
    /// order declared.
    pub fn uncovered(&self, scopes: &[Scope]) -> Vec<Scope> {
        let region = self.region.to_ascii_lowercase();
        scopes
            .iter()
            .copied()
            .filter(|s| match s {
                Scope::Pci | Scope::Soc2 => OUTSIDE_PCI_SOC2.contains(&region.as_str()),
                Scope::Hipaa => region != HIPAA_REGION,
            })
            .collect()
    }
}

/// The region label of a Platform.sh/Upsun host name (`fr-4.platform.sh`, `git.eu-5.platform.sh`,
/// `ssh.us-4.platform.sh`, `ca-1.upsun.com`); `None` for region-less API hosts.
pub fn host_region(host: &str) -> Option<(usize, &str)> {
    let base = host.strip_suffix(".platform.sh").or_else(|| host.strip_suffix(".upsun.com"))?;
    let (offset, label) = match base.rsplit_once('.') {
        Some((_, label)) => (base.len() - label.len(), label),
        None => (0, base),
    };
    let generic = ["api", "git", "ssh", "console", "accounts", "auth", "www", "docs"];
    (!label.is_empty() && !generic.contains(&label)).then_some((offset, label))
}

/// `s` without `prefix`, compared ignoring ASCII case (`HTTP://x` → `x`); never slices inside a
/// multi-byte character.
pub fn strip_prefix_ignore_case<'s>(s: &'s str, prefix: &str) -> Option<&'s str> {
    let head = s.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix).then(|| &s[prefix.len()..])
}

/// An image reference such as `php:8.3` or a composable `php@8.3`.
#[derive(Clone, Copy, Debug)]
pub struct Image<'a> {
    pub name: &'a str,
    pub version: &'a str,
    /// The value it was read from.
    pub span: Span,
}

impl<'a> Image<'a> {
    /// The name upstream lifecycles use: `mysql` is MariaDB; `-persistent` only changes storage.
    pub fn upstream(&self) -> &'a str {
        let name = self.name.strip_suffix("-persistent").unwrap_or(self.name);
        if name == "mysql" { "mariadb" } else { name }
    }

    fn parse(text: &'a str, sep: char, span: Span) -> Option<Image<'a>> {
        let (name, version) = text.trim().split_once(sep)?;
        Some(Image { name, version, span })
    }
}

pub struct App<'a> {
    pub file: &'a ParsedFile,
    pub node: Ref<'a>,
    /// Directory of the project the app belongs to (`""` for the scanned root).
    pub project: String,
    pub name: Option<&'a str>,
    /// `type`, or each `stack` runtime of a composable image.
    pub runtimes: Vec<Image<'a>>,
    /// Defined in `.upsun/` (Flex key set) rather than `.platform*`/`.magento*` (Fixed).
    pub flex: bool,
    /// `hooks`, with `!include`s followed.
    pub hooks: Vec<Hook<'a>>,
}

/// One hook (`build`, `deploy`, `post_deploy`).
pub struct Hook<'a> {
    /// The file holding the hook's key: the app's, or the one `hooks: !include x.yaml` names.
    pub file: &'a ParsedFile,
    pub entry: Entry<'a>,
    /// The script's own file when the value is `!include {type: string, path: ...}`.
    pub included: Option<&'a ParsedFile>,
}

impl<'a> Hook<'a> {
    pub fn name(&self) -> &'a str {
        self.entry.name()
    }

    /// The script: the file its text is in, the text, and its span there (the whole file for an
    /// included script). `None` when the value is not a string.
    pub fn script(&self) -> Option<(&'a ParsedFile, &'a str, Span)> {
        match self.included {
            Some(f) => Some((f, f.source.text.as_str(), Span::new(0, f.source.text.len()))),
            None => self.entry.value.as_str().map(|t| (self.file, t, self.entry.value.span())),
        }
    }
}

pub struct Relationship<'a> {
    pub entry: Entry<'a>,
    pub service: &'a str,
    pub endpoint: Option<&'a str>,
}

pub struct Mount<'a> {
    pub entry: Entry<'a>,
    pub path: &'a str,
    /// `local`, `storage`, `instance`, `tmp`, `service`; string mounts (`shared:files/x`) read as `local`.
    pub source: Option<&'a str>,
}

pub struct Cron<'a> {
    pub entry: Entry<'a>,
    /// `commands.start`, or the deprecated `cmd`.
    pub command: Option<Ref<'a>>,
}

impl<'a> App<'a> {
    /// The provider whose clauses apply (Platform.sh, or Adobe Commerce for `.magento*` files).
    pub fn provider(&self) -> &'static str {
        self.file.provider()
    }

    pub fn relationships(&self) -> Vec<Relationship<'a>> {
        let Some(rels) = self.node.get("relationships") else { return Vec::new() };
        rels.entries()
            .map(|entry| {
                let (service, endpoint) = match entry.value.as_str() {
                    _ if entry.value.is_null() => (entry.name(), None),
                    Some(s) => match s.split_once(':') {
                        Some((svc, ep)) => (svc, Some(ep)),
                        None => (s, None),
                    },
                    None => (entry.value.str_at("service").unwrap_or(entry.name()), entry.value.str_at("endpoint")),
                };
                Relationship { entry, service, endpoint }
            })
            .collect()
    }

    pub fn mounts(&self) -> Vec<Mount<'a>> {
        let Some(mounts) = self.node.get("mounts") else { return Vec::new() };
        mounts
            .entries()
            .map(|entry| {
                let source = match entry.value.as_str() {
                    Some(s) if s.starts_with("shared:") => Some("local"),
                    Some(_) => None,
                    None => entry.value.str_at("source"),
                };
                Mount { entry, path: entry.name(), source }
            })
            .collect()
    }

    pub fn crons(&self) -> Vec<Cron<'a>> {
        let Some(crons) = self.node.get("crons") else { return Vec::new() };
        crons
            .entries()
            .map(|entry| {
                let command = entry.value.path(&["commands", "start"]).or_else(|| entry.value.get("cmd"));
                Cron { entry, command }
            })
            .collect()
    }
}

pub struct Service<'a> {
    pub file: &'a ParsedFile,
    pub project: String,
    pub entry: Entry<'a>,
    pub image: Option<Image<'a>>,
}

impl<'a> Service<'a> {
    pub fn name(&self) -> &'a str {
        self.entry.name()
    }
}

pub struct Route<'a> {
    pub file: &'a ParsedFile,
    pub project: String,
    /// The route key (URL template) and its settings.
    pub entry: Entry<'a>,
}

impl<'a> Route<'a> {
    pub fn url(&self) -> &'a str {
        self.entry.name()
    }
    pub fn kind(&self) -> Option<&'a str> {
        self.entry.value.str_at("type")
    }
}

fn parent(rel: &str) -> &str {
    rel.rsplit_once('/').map_or("", |(d, _)| d)
}

impl<'a> Model<'a> {
    pub fn build(files: &'a [ParsedFile]) -> Model<'a> {
        let mut m = Model::default();
        let mut standalone = Vec::new();
        for file in files {
            // An included file is read where its `!include` tag stands, never on its own.
            if file.includes.from.is_some() {
                continue;
            }
            let Some(tree) = file.tree() else { continue };
            let rel = file.location();
            for root in tree.documents() {
                let before = m.apps.len();
                // The file whose spans `root` (and what hangs under it) points into.
                let (rfile, root) = file.follow(files, root);
                match file.kind {
                    FileKind::PlatformApp | FileKind::MagentoApp => {
                        m.app(files, rfile, root, parent(rel).into(), None, false)
                    }
                    FileKind::PlatformApplications => {
                        let project = parent(parent(rel)).to_string();
                        for item in root.items() {
                            m.app(files, rfile, item, project.clone(), None, false);
                        }
                        for e in root.entries() {
                            m.app(files, rfile, e.value, project.clone(), Some(e.name()), false);
                        }
                    }
                    FileKind::PlatformRoutes | FileKind::MagentoRoutes => m.routes(rfile, root, parent(parent(rel))),
                    FileKind::PlatformServices | FileKind::MagentoServices => {
                        m.services(rfile, root, parent(parent(rel)))
                    }
                    FileKind::UpsunConfig => {
                        let project = parent(parent(rel));
                        if let Some(a) = root.get("applications") {
                            let (afile, a) = rfile.follow(files, a);
                            for e in a.entries() {
                                m.app(files, afile, e.value, project.into(), Some(e.name()), true);
                            }
                        }
                        if let Some(s) = root.get("services") {
                            let (sfile, s) = rfile.follow(files, s);
                            m.services(sfile, s, project);
                        }
                        if let Some(r) = root.get("routes") {
                            let (rtfile, r) = rfile.follow(files, r);
                            m.routes(rtfile, r, project);
                        }
                    }
                    FileKind::PlatformLocalProject => {
                        if let Some(host) = root.get("host")
                            && let Some(text) = host.as_str()
                        {
                            match host_region(text.trim()) {
                                Some((offset, region)) => {
                                    // Point inside the scalar when it is written plainly.
                                    let start = file
                                        .source
                                        .slice(host.span())
                                        .find(text)
                                        .map_or(host.span().start, |i| host.span().start + i + offset);
                                    let span = Span::new(start, start + region.len());
                                    let region = file.source.slice(span);
                                    m.regions.push(RegionHint { file, span, region });
                                }
                                None => m.regionless_hosts.push((file, host.span())),
                            }
                        }
                    }
                    _ => {}
                }
                if matches!(file.kind, FileKind::PlatformApp | FileKind::MagentoApp) {
                    standalone.extend(before..m.apps.len());
                }
            }
        }
        for file in files.iter().filter(|f| f.kind == FileKind::GitConfig) {
            m.git_remotes(file);
        }
        // A `.platform.app.yaml` in a subfolder belongs to the nearest enclosing project that has
        // routes or services files.
        let projects: std::collections::HashSet<&str> =
            m.routes.iter().map(|r| r.project.as_str()).chain(m.services.iter().map(|s| s.project.as_str())).collect();
        let mut moved = Vec::new();
        for i in standalone {
            // The app's own folder, then each parent, up to the scanned root.
            let mut dir = m.apps[i].project.as_str();
            loop {
                if projects.contains(dir) {
                    moved.push((i, dir.to_string()));
                    break;
                }
                if dir.is_empty() {
                    break;
                }
                dir = parent(dir);
            }
        }
        for (i, project) in moved {
            m.apps[i].project = project;
        }
        for (i, s) in m.services.iter().enumerate() {
            m.service_index.entry((s.project.clone(), s.name())).or_insert(i);
        }
        // In `.upsun/`, a later definition of an app replaces an earlier one wholesale.
        let mut seen = std::collections::HashSet::new();
        let mut keep: Vec<bool> = vec![true; m.apps.len()];
        for (i, app) in m.apps.iter().enumerate().rev() {
            if app.flex && !seen.insert((app.project.clone(), app.name)) {
                keep[i] = false;
            }
        }
        let mut it = keep.into_iter();
        m.apps.retain(|_| it.next().unwrap_or(true));
        m
    }

    /// Platform.sh/Upsun git remotes: `<project>@git.<region>.platform.sh:<project>.git`.
    fn git_remotes(&mut self, file: &'a ParsedFile) {
        static REMOTE: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
        let re = REMOTE.get_or_init(|| {
            regex::Regex::new(r"(?m)^\s*url\s*=\s*[a-z0-9]{12,}@git\.([a-z0-9-]+)\.(?:platform\.sh|upsun\.com):")
                .expect("valid regex")
        });
        for caps in re.captures_iter(&file.source.text) {
            let g = caps.get(1).expect("group 1");
            self.regions.push(RegionHint { file, span: Span::new(g.start(), g.end()), region: g.as_str() });
        }
    }

    /// An app at `node` of `file`; an `!include` there is followed to the included file's root.
    fn app(
        &mut self,
        files: &'a [ParsedFile],
        file: &'a ParsedFile,
        node: Ref<'a>,
        project: String,
        key: Option<&'a str>,
        flex: bool,
    ) {
        let (file, node) = file.follow(files, node);
        if !node.is_map() {
            return;
        }
        let mut runtimes = Vec::new();
        if let Some(t) = node.get("type")
            && let Some(text) = t.as_str()
            && !text.starts_with("composable:")
        {
            runtimes.extend(Image::parse(text, ':', t.span()));
        }
        let stack = node.get("stack");
        let stack = stack.and_then(|s| s.get("runtimes")).or(stack);
        for item in stack.iter().flat_map(|s| s.items()) {
            if let Some(text) = item.as_str() {
                runtimes.extend(Image::parse(text, '@', item.span()));
            }
        }
        let name = node.str_at("name").or(key);
        let mut hooks = Vec::new();
        if let Some(h) = node.get("hooks") {
            let (hfile, h) = file.follow(files, h);
            for entry in h.entries() {
                hooks.push(Hook { file: hfile, entry, included: hfile.included_text(files, entry.value) });
            }
        }
        self.apps.push(App { file, node, project, name, runtimes, flex, hooks });
    }

    fn services(&mut self, file: &'a ParsedFile, root: Ref<'a>, project: &str) {
        for entry in root.entries() {
            let image = entry.value.get("type").and_then(|t| Image::parse(t.as_str()?, ':', t.span()));
            self.services.push(Service { file, project: project.into(), entry, image });
        }
    }

    fn routes(&mut self, file: &'a ParsedFile, root: Ref<'a>, project: &str) {
        for entry in root.entries() {
            self.routes.push(Route { file, project: project.into(), entry });
        }
    }

    /// The service an app's relationship points at, in the app's project.
    pub fn service(&self, app: &App<'_>, name: &str) -> Option<&Service<'a>> {
        self.service_index.get(&(app.project.clone(), name)).map(|&i| &self.services[i])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regions_from_hosts() {
        assert_eq!(host_region("fr-4.platform.sh"), Some((0, "fr-4")));
        assert_eq!(host_region("git.eu-5.platform.sh"), Some((4, "eu-5")));
        assert_eq!(host_region("ssh.us-4.platform.sh"), Some((4, "us-4")));
        assert_eq!(host_region("ca-1.upsun.com"), Some((0, "ca-1")));
        assert_eq!(host_region("api.platform.sh"), None);
        assert_eq!(host_region("example.com"), None);
    }
}
