//! Platform.sh / Upsun / Adobe Commerce `!include` tags: finding them in a parsed tree, and reading
//! what they name as files of their own.
//!
//! Short form `key: !include app.yaml` (YAML) and long form `!include {type: yaml|string|binary|archive,
//! path: x}`. A `yaml` target is parsed (and its own includes followed); a `string` target is kept as
//! text (hook scripts); `binary` and `archive` targets are not read. Every target is resolved
//! relative to the including file's folder and must stay inside the scanned root: no absolute
//! path, no `..` above the root, no symbolic link out of it, no cycle, at most [`MAX_DEPTH`] levels.
//! The included file becomes a [`ParsedFile`] with the includer's kind (so its provider and the
//! rules that read that kind apply), marked with [`Includes::from`]; the including file lists its
//! include sites in [`Includes::sites`], each with the file it gave or why it gave none (SRM004).

use std::path::{Path, PathBuf};

use super::discover::{Class, FileKind};
use super::read::{self, Read};
use super::{Doc, ParsedFile};
use crate::source::{Comment, SourceFile, Span};
use crate::syntax::tree::{NodeId, Ref, Tree};
use crate::syntax::yaml;

/// Deepest chain of includes followed (an include in an included file is level 2).
pub const MAX_DEPTH: usize = 8;

/// What a file includes and what included it.
#[derive(Debug, Default)]
pub struct Includes {
    /// The `!include` tags of this file, in tree order.
    pub sites: Vec<Site>,
    /// Set on a file read because another file includes it: the including file's index.
    pub from: Option<usize>,
}

/// One `!include` tag.
#[derive(Debug)]
pub struct Site {
    /// The tagged node.
    pub node: NodeId,
    /// The tag and its value (`!include pip.app.yaml`, or the long form's mapping).
    pub span: Span,
    pub kind: IncludeKind,
    pub outcome: Outcome,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IncludeKind {
    Yaml,
    String,
    Binary,
    Archive,
}

#[derive(Debug)]
pub enum Outcome {
    /// Read: the included file's index.
    File(usize),
    /// `binary` or `archive`: the platform copies the file in; nothing to lint.
    NotRead,
    /// Could not be followed: why (SRM004).
    Failed(String),
}

/// Limits of one run's include reads.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    pub max_file_size: u64,
    pub yaml: yaml::Limits,
}

/// Kinds whose `!include` tags the platform evaluates.
fn evaluates_includes(kind: FileKind) -> bool {
    use FileKind::*;
    matches!(
        kind,
        PlatformApp
            | PlatformApplications
            | PlatformRoutes
            | PlatformServices
            | UpsunConfig
            | MagentoApp
            | MagentoRoutes
            | MagentoServices
    )
}

impl ParsedFile {
    /// The include site of `node`, when the node carries an `!include` tag.
    pub fn include_site(&self, node: Ref<'_>) -> Option<&Site> {
        node.tag().filter(|t| *t == "!include")?;
        self.includes.sites.iter().find(|s| s.node == node.id)
    }

    /// `node`, or, when it is an `!include` of YAML that was read, the included file's root (followed
    /// again when that root is itself an include). The file is the one the returned node's spans
    /// belong to.
    pub fn follow<'a>(&'a self, files: &'a [ParsedFile], node: Ref<'a>) -> (&'a ParsedFile, Ref<'a>) {
        let (mut file, mut node) = (self, node);
        for _ in 0..=MAX_DEPTH {
            let Some(Site { kind: IncludeKind::Yaml, outcome: Outcome::File(id), .. }) = file.include_site(node) else {
                break;
            };
            let Some(root) = files.get(*id).and_then(|f| f.tree()).and_then(Tree::root) else { break };
            (file, node) = (&files[*id], root);
        }
        (file, node)
    }

    /// The file a `string` include of `node` read (a hook script), if any.
    pub fn included_text<'a>(&self, files: &'a [ParsedFile], node: Ref<'_>) -> Option<&'a ParsedFile> {
        match self.include_site(node)? {
            Site { kind: IncludeKind::String, outcome: Outcome::File(id), .. } => files.get(*id),
            _ => None,
        }
    }
}

/// Reads every file the `!include` tags of `files` name, appends them to `files` (with their
/// indices as ids), and records each site's outcome on its file.
pub fn resolve(files: &mut Vec<ParsedFile>, limits: Limits) {
    // (file index, the canonical paths of the chain of includes that led to it, itself included).
    let mut work: Vec<(usize, Vec<PathBuf>)> = Vec::new();
    for (i, f) in files.iter().enumerate() {
        if evaluates_includes(f.kind) && f.tree().is_some_and(has_include) {
            let own = std::fs::canonicalize(root_of(f).join(&f.source.rel)).ok();
            work.push((i, own.into_iter().collect()));
        }
    }
    if work.is_empty() {
        return;
    }
    work.reverse();
    // Targets already read, by canonical path and whether read as text: read once. A YAML include
    // of a file the walk found already (a `.upsun/*.yaml` fragment) is that file, not a second copy.
    let mut seen: std::collections::HashMap<(PathBuf, bool), usize> = std::collections::HashMap::new();
    for (i, f) in files.iter().enumerate() {
        if f.tree().is_some()
            && let Ok(c) = std::fs::canonicalize(root_of(f).join(&f.source.rel))
        {
            seen.entry((c, false)).or_insert(i);
        }
    }
    while let Some((i, chain)) = work.pop() {
        let Some(tree) = files[i].tree() else { continue };
        let tagged: Vec<(NodeId, Span, Spec)> = tree
            .nodes
            .iter()
            .enumerate()
            .filter_map(|(id, node)| {
                let (_, tag_span) = node.tag.as_ref().filter(|(t, _)| t == "!include")?;
                let id = id as NodeId;
                Some((id, tag_span.join(node.span), spec(tree.node(id))))
            })
            .collect();
        let mut sites = Vec::new();
        for (node, span, spec) in tagged {
            let (kind, target) = match spec {
                Ok(s) => s,
                Err(why) => {
                    sites.push(Site { node, span, kind: IncludeKind::Yaml, outcome: Outcome::Failed(why) });
                    continue;
                }
            };
            let text = kind == IncludeKind::String;
            let outcome = match kind {
                IncludeKind::Binary | IncludeKind::Archive => Outcome::NotRead,
                _ => match locate(&files[i], &target) {
                    Err(why) => Outcome::Failed(why),
                    Ok(_) if chain.len() > MAX_DEPTH => {
                        Outcome::Failed(format!("includes are nested deeper than {MAX_DEPTH} levels"))
                    }
                    Ok((_, _, canonical)) if chain.contains(&canonical) => Outcome::Failed(format!(
                        "`{target}` is already being included: following it again would be a cycle"
                    )),
                    Ok((_, _, canonical)) if seen.contains_key(&(canonical.clone(), text)) => {
                        Outcome::File(seen[&(canonical, text)])
                    }
                    Ok((rel, path, canonical)) => match read_included(&files[i], &path, rel, text, limits) {
                        Err(why) => Outcome::Failed(why),
                        Ok(mut f) => {
                            let id = files.len();
                            f.id = id;
                            let nested = f.tree().is_some_and(has_include);
                            files.push(f);
                            seen.insert((canonical.clone(), text), id);
                            if nested {
                                let mut next = chain.clone();
                                next.push(canonical);
                                work.push((id, next));
                            }
                            Outcome::File(id)
                        }
                    },
                },
            };
            sites.push(Site { node, span, kind, outcome });
        }
        files[i].includes.sites = sites;
    }
}

fn has_include(tree: &Tree) -> bool {
    tree.nodes.iter().any(|n| n.tag.as_ref().is_some_and(|(t, _)| t == "!include"))
}

/// An include's type and path, or why the tag cannot be read.
type Spec = Result<(IncludeKind, String), String>;

/// The include's type and path: `!include path` or `!include {type: T, path: P}`.
fn spec(node: Ref<'_>) -> Spec {
    if let Some(path) = node.as_str() {
        return Ok((IncludeKind::Yaml, path.trim().to_string()));
    }
    if !node.is_map() {
        return Err("`!include` takes a path or a mapping with `type` and `path`".into());
    }
    let kind = match node.str_at("type").map(str::trim) {
        None | Some("yaml") => IncludeKind::Yaml,
        Some("string") => IncludeKind::String,
        Some("binary") => IncludeKind::Binary,
        Some("archive") => IncludeKind::Archive,
        Some(other) => return Err(format!("unknown include type `{other}` (yaml, string, binary or archive)")),
    };
    match node.str_at("path").map(str::trim) {
        Some(p) if !p.is_empty() => Ok((kind, p.to_string())),
        _ if kind == IncludeKind::Archive => Ok((kind, String::new())),
        _ => Err("the `!include` has no `path`".into()),
    }
}

/// The scanned root of `f`: its walked path without its path relative to the root.
fn root_of(f: &ParsedFile) -> PathBuf {
    let rel = &f.source.rel;
    if Path::new(rel).is_absolute() {
        // A file named on the command line outside the working directory: its own folder.
        return Path::new(rel).parent().map_or_else(|| PathBuf::from("."), Path::to_path_buf);
    }
    match f.path.strip_suffix(rel.as_str()) {
        Some("") => PathBuf::from("."),
        Some(prefix) => PathBuf::from(prefix),
        None => PathBuf::from("."),
    }
}

/// Where `target`, included from `from`, lives: its path relative to the scanned root, its path on
/// disk, and its canonical path; or why it may not be read.
fn locate(from: &ParsedFile, target: &str) -> Result<(String, PathBuf, PathBuf), String> {
    if target.is_empty() {
        return Err("the `!include` names no file".into());
    }
    if target.starts_with('/') || target.starts_with('\\') || target.get(1..2) == Some(":") {
        return Err(format!("`{target}` is an absolute path; includes are relative to the including file"));
    }
    let rel_root = Path::new(&from.source.rel).is_absolute();
    let mut parts: Vec<&str> = if rel_root {
        Vec::new()
    } else {
        from.source.rel.rsplit_once('/').map_or(Vec::new(), |(d, _)| d.split('/').collect())
    };
    for part in target.split(['/', '\\']) {
        match part {
            "" | "." => {}
            ".." => {
                if parts.pop().is_none() {
                    return Err(format!("`{target}` points outside the scanned repository"));
                }
            }
            p => parts.push(p),
        }
    }
    let rel = parts.join("/");
    let root = root_of(from);
    let path = root.join(&rel);
    let canonical = match std::fs::canonicalize(&path) {
        Ok(c) => c,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(format!("`{target}` does not exist (looked for {rel})"));
        }
        Err(e) => return Err(format!("cannot read `{target}`: {e}")),
    };
    let inside = std::fs::canonicalize(&root).is_ok_and(|r| canonical.starts_with(r));
    if !inside {
        return Err(format!("`{target}` resolves outside the scanned repository (a symbolic link out of it)"));
    }
    let rel = if rel_root { path.to_string_lossy().replace('\\', "/") } else { rel };
    Ok((rel, path, canonical))
}

/// Reads at most `max` bytes of a regular file, through the document layer's one bounded read.
fn read_capped(path: &Path, max: u64) -> Result<Vec<u8>, String> {
    super::read::read_bounded(path, max).map_err(|e| match e {
        super::read::ReadFailure::TooLarge(max) => format!("larger than the {max}-byte limit (max-file-size)"),
        super::read::ReadFailure::Io(e) => format!("cannot read it: {e}"),
        other => other.to_string(),
    })
}

/// The included file, parsed as YAML (with the includer's kind) or kept as text.
fn read_included(
    from: &ParsedFile,
    path: &Path,
    rel: String,
    text: bool,
    limits: Limits,
) -> Result<ParsedFile, String> {
    let shown = rel.clone();
    let bytes = read_capped(path, limits.max_file_size).map_err(|why| format!("`{shown}`: {why}"))?;
    let mut f = if text {
        if bytes[..bytes.len().min(8192)].contains(&0) {
            return Err(format!("`{shown}` is a binary file; include it with `type: binary`"));
        }
        let text = String::from_utf8(bytes).map_err(|_| format!("`{shown}` is not UTF-8 text"))?;
        ParsedFile {
            id: 0,
            kind: from.kind,
            comments: shell_comments(&text),
            source: SourceFile::new(rel.clone(), text),
            doc: Doc::Text,
            problems: Vec::new(),
            context: false,
            path: String::new(),
            includes: Includes::default(),
            disk: None,
        }
    } else {
        match read::parse_bytes(rel.clone(), Class::Kind(from.kind), bytes, limits.yaml) {
            Read::File(f) => *f,
            Read::Skip(_, why) => return Err(format!("`{shown}`: {why}")),
            Read::Error(e) => return Err(format!("`{shown}`: {}", e.message)),
            Read::NotConfig => return Err(format!("`{shown}` cannot be read as YAML")),
        }
    };
    let prefix = from.path.strip_suffix(from.source.rel.as_str()).unwrap_or("");
    f.path = if Path::new(&rel).is_absolute() { rel } else { format!("{prefix}{rel}") };
    f.context = from.context;
    f.disk = Some(path.to_path_buf());
    f.includes.from = Some(from.id);
    Ok(f)
}

/// `#` comments of a shell script, so `# srm-lint: ignore[...]` works in an included hook.
fn shell_comments(text: &str) -> Vec<Comment> {
    let mut out = Vec::new();
    let mut start = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start();
        if trimmed.starts_with('#') && !trimmed.starts_with("#!") {
            let at = start + (line.len() - trimmed.len());
            let end = start + line.trim_end().len();
            out.push(Comment { span: Span::new(at, end) });
        }
        start += line.len();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Reads `rel` under `root` the way the walk does, then resolves its includes.
    fn lint(root: &Path, rel: &str) -> Vec<ParsedFile> {
        let bytes = std::fs::read(root.join(rel)).unwrap();
        let Read::File(mut f) =
            read::parse_bytes(rel.into(), Class::Kind(FileKind::PlatformApp), bytes, yaml::Limits::default())
        else {
            panic!("not read")
        };
        f.path = format!("{}/{rel}", root.display());
        let mut files = vec![*f];
        resolve(&mut files, Limits { max_file_size: 1 << 20, yaml: yaml::Limits::default() });
        files
    }

    fn failures(files: &[ParsedFile]) -> Vec<(String, String)> {
        let mut out = Vec::new();
        for f in files {
            for s in &f.includes.sites {
                if let Outcome::Failed(why) = &s.outcome {
                    out.push((f.source.rel.clone(), why.clone()));
                }
            }
        }
        out
    }

    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("srm-lint-include-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn depth_is_limited() {
        let dir = scratch("depth");
        std::fs::write(dir.join(".platform.app.yaml"), "name: app\nhooks: !include d1.yaml\n").unwrap();
        for i in 1..=MAX_DEPTH + 2 {
            std::fs::write(dir.join(format!("d{i}.yaml")), format!("build: x\nmore: !include d{}.yaml\n", i + 1))
                .unwrap();
        }
        let files = lint(&dir, ".platform.app.yaml");
        let failed = failures(&files);
        assert_eq!(failed.len(), 1, "{failed:?}");
        assert!(failed[0].1.contains("nested deeper"), "{failed:?}");
        assert_eq!(files.len(), MAX_DEPTH + 1);
        assert_eq!(files[1].includes.from, Some(0));
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[cfg(unix)]
    #[test]
    fn symbolic_links_out_of_the_root_are_not_followed() {
        let dir = scratch("link");
        let outside = scratch("outside");
        std::fs::write(outside.join("secret.sh"), "echo outside\n").unwrap();
        std::os::unix::fs::symlink(outside.join("secret.sh"), dir.join("build.sh")).unwrap();
        std::fs::write(dir.join(".platform.app.yaml"), "hooks:\n  build: !include {type: string, path: build.sh}\n")
            .unwrap();
        let files = lint(&dir, ".platform.app.yaml");
        let failed = failures(&files);
        assert_eq!(files.len(), 1);
        assert!(failed.len() == 1 && failed[0].1.contains("outside the scanned repository"), "{failed:?}");
        std::fs::remove_dir_all(dir).unwrap();
        std::fs::remove_dir_all(outside).unwrap();
    }

    #[test]
    fn string_includes_keep_the_script_and_binary_ones_are_not_read() {
        let dir = scratch("string");
        std::fs::write(dir.join("build.sh"), "# srm-lint: ignore[PSH016] one step\nmake\n").unwrap();
        std::fs::write(
            dir.join(".platform.app.yaml"),
            "hooks:\n  build: !include {type: string, path: build.sh}\nweb: {favicon: !include {type: binary, path: none.ico}}\n",
        )
        .unwrap();
        let files = lint(&dir, ".platform.app.yaml");
        assert!(failures(&files).is_empty());
        assert_eq!(files.len(), 2);
        assert!(matches!(files[1].doc, Doc::Text));
        assert_eq!(files[1].comments.len(), 1);
        assert!(matches!(files[0].includes.sites[1].outcome, Outcome::NotRead));
        std::fs::remove_dir_all(dir).unwrap();
    }
}
