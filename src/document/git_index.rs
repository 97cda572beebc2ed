//! The paths git tracks, read from `.git/index` (versions 2, 3 and 4, SHA-1 object ids). A file
//! that is committed is in the repository even when `.gitignore` matches it (`git add -f`), so
//! the walk adds the tracked files that the ignore rules hid.

use std::path::Path;

/// The index is read with this cap (a repository of a million files has an index near 100 MB).
const MAX_INDEX: u64 = 256 * 1024 * 1024;

/// Paths (relative to the repository root, `/` separators) that the index at `.git/index` of
/// `repo` tracks; `None` when there is no index it can read (no `.git` folder, another format).
pub fn tracked(repo: &Path) -> Option<Vec<String>> {
    let git = repo.join(".git");
    if !std::fs::symlink_metadata(&git).ok()?.is_dir() {
        return None;
    }
    let bytes = super::read::read_bounded(&git.join("index"), MAX_INDEX).ok()?;
    parse(&bytes)
}

/// Parses an index file; `None` on anything it does not understand (it never guesses).
pub fn parse(b: &[u8]) -> Option<Vec<String>> {
    let u32_at = |at: usize| -> Option<u32> { Some(u32::from_be_bytes(b.get(at..at + 4)?.try_into().ok()?)) };
    if b.get(0..4)? != b"DIRC" {
        return None;
    }
    let version = u32_at(4)?;
    if !(2..=4).contains(&version) {
        return None;
    }
    let count = u32_at(8)? as usize;
    let mut out = Vec::with_capacity(count.min(1 << 20));
    let mut pos = 12;
    let mut previous: Vec<u8> = Vec::new();
    for _ in 0..count {
        let start = pos;
        // ctime, mtime (8 each), dev, ino, mode, uid, gid, size (4 each), a 20-byte object id.
        let mode = u32_at(start + 24)?;
        let flags = u16::from_be_bytes(b.get(start + 60..start + 62)?.try_into().ok()?);
        pos = start + 62;
        if flags & 0x4000 != 0 {
            if version < 3 {
                return None;
            }
            pos += 2;
        }
        let path = if version == 4 {
            // The number of bytes to drop from the previous path, then the rest of this one.
            let (drop, used) = varint(b.get(pos..)?)?;
            pos += used;
            let end = pos + b.get(pos..)?.iter().position(|&c| c == 0)?;
            let keep = previous.len().checked_sub(drop)?;
            let mut p = previous[..keep].to_vec();
            p.extend_from_slice(&b[pos..end]);
            pos = end + 1;
            p
        } else {
            let end = pos + b.get(pos..)?.iter().position(|&c| c == 0)?;
            let p = b[pos..end].to_vec();
            // Entries are padded with 1 to 8 NULs to a multiple of 8 bytes.
            let len = end - start;
            pos = start + (len + 8) / 8 * 8;
            p
        };
        // Regular files only: not symlinks (0o120000), gitlinks (0o160000) or sparse directories.
        if mode & 0o170000 == 0o100000 && flags & 0x3000 == 0 {
            out.push(String::from_utf8(path.clone()).ok()?);
        }
        previous = path;
    }
    Some(out)
}

/// Git's offset varint (each continuation adds one before shifting).
fn varint(b: &[u8]) -> Option<(usize, usize)> {
    let mut i = 0;
    let mut c = *b.first()?;
    let mut value = (c & 0x7f) as usize;
    while c & 0x80 != 0 {
        i += 1;
        c = *b.get(i)?;
        value = value.checked_add(1)?.checked_mul(128)?.checked_add((c & 0x7f) as usize)?;
    }
    Some((value, i + 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An index written by this machine's git, for every version it can write.
    #[test]
    fn reads_the_index_git_writes() {
        if std::process::Command::new("git").arg("--version").output().is_err() {
            eprintln!("skipped: no git on this machine");
            return;
        }
        for version in ["2", "3", "4"] {
            let dir = tempfile::tempdir().unwrap();
            let git = |args: &[&str]| {
                let o = std::process::Command::new("git").current_dir(dir.path()).args(args).output().unwrap();
                assert!(o.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&o.stderr));
            };
            git(&["init", "-q"]);
            std::fs::create_dir_all(dir.path().join("shop/deep/er")).unwrap();
            for f in ["auth.json", "shop/auth.json", "shop/deep/er/.env", "shop/deep/er/.env.local"] {
                std::fs::write(dir.path().join(f), "{}").unwrap();
            }
            std::fs::write(dir.path().join(".gitignore"), "auth.json\n").unwrap();
            git(&["add", ".gitignore", "shop/deep/er/.env", "shop/deep/er/.env.local"]);
            git(&["add", "-f", "auth.json", "shop/auth.json"]);
            git(&["update-index", "--index-version", version]);
            let mut got = tracked(dir.path()).unwrap_or_else(|| panic!("version {version} not read"));
            got.sort();
            assert_eq!(
                got,
                [".gitignore", "auth.json", "shop/auth.json", "shop/deep/er/.env", "shop/deep/er/.env.local"],
                "version {version}"
            );
        }
    }

    #[test]
    fn garbage_is_refused_not_guessed() {
        assert!(parse(b"").is_none());
        assert!(parse(b"DIRC\0\0\0\x02\0\0\0\x05").is_none(), "five entries promised, none there");
        assert!(parse(b"DIRC\0\0\0\x09\0\0\0\0").is_none(), "unknown version");
        assert_eq!(parse(b"DIRC\0\0\0\x02\0\0\0\0"), Some(Vec::new()));
    }
}
