//! Everything a run's result is turned into: the lint formats ([`render`]), the
//! shared-responsibility report ([`report`]) and the baseline file ([`baseline`]).

pub mod baseline;
pub mod render;
pub mod report;

/// Writes an output file (`-o`, `--extra-output`, `--report-output`, a baseline, `init`'s config)
/// without ever writing through a symbolic link: a repository under review can commit
/// `srm.sarif -> ~/.cargo/bin/cargo`. The path is refused when it, or a folder on the way to it
/// below the working folder, is a symbolic link; otherwise the text goes to a new temporary file
/// in the same folder, renamed over the path (so the file gets a fresh mode, not the old one's).
pub fn write_file(path: &std::path::Path, text: &str) -> Result<(), String> {
    use std::io::Write;
    let shown_path = || render::shown(&path.display().to_string()).into_owned();
    let cwd = std::env::current_dir().map_err(|e| format!("cannot write {}: {e}", shown_path()))?;
    let abs = cwd.join(path);
    // Every existing step from the working folder down to the file (paths outside it were
    // chosen by the user, not the repository).
    if let Ok(below) = abs.strip_prefix(&cwd) {
        let mut at = cwd.clone();
        for part in below.components() {
            at.push(part);
            if std::fs::symlink_metadata(&at).is_ok_and(|m| m.file_type().is_symlink()) {
                return Err(format!(
                    "refusing to write {}: {} is a symbolic link (outputs are never written through links)",
                    shown_path(),
                    render::shown(&at.strip_prefix(&cwd).unwrap_or(&at).display().to_string())
                ));
            }
        }
    }
    if std::fs::symlink_metadata(&abs).is_ok_and(|m| m.is_dir()) {
        return Err(format!("cannot write {}: it is a folder", shown_path()));
    }
    let dir = abs.parent().ok_or_else(|| format!("cannot write {}: no parent folder", shown_path()))?;
    let name = abs.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let tmp = dir.join(format!(".{name}.srm-lint-out.{}", std::process::id()));
    let result = (|| {
        let mut f = std::fs::OpenOptions::new().write(true).create_new(true).open(&tmp)?;
        f.write_all(text.as_bytes())?;
        f.sync_all()?;
        std::fs::rename(&tmp, &abs)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result.map_err(|e| format!("cannot write {}: {e}", shown_path()))
}

/// A path for a URI or link target: every byte outside the characters a URI path may hold
/// unescaped is percent-encoded (so spaces, `%`, `#`, `?`, braces and non-ASCII bytes are).
pub fn url_path(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"/._~-@+=,".contains(&b) {
            o.push(b as char);
        } else {
            o.push_str(&format!("%{b:02X}"));
        }
    }
    o
}

#[cfg(test)]
mod tests {
    #[test]
    fn url_path_escapes_what_a_uri_path_cannot_hold() {
        assert_eq!(super::url_path("a b/{x}#1?%é.yaml"), "a%20b/%7Bx%7D%231%3F%25%C3%A9.yaml");
        assert_eq!(super::url_path("shop/.magento/routes.yaml"), "shop/.magento/routes.yaml");
    }
}
