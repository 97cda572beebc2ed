//! Byte-level line helpers shared by the line lexers (dotenv, Dockerfile, requirements).

/// End of the line starting at `start` (line ending excluded) and the start of the next one. `\n`,
/// `\r\n` and a lone `\r` all end a line.
pub(crate) fn line_at(b: &[u8], start: usize) -> (usize, usize) {
    match b[start..].iter().position(|&c| c == b'\n' || c == b'\r') {
        None => (b.len(), b.len()),
        Some(i) => {
            let end = start + i;
            (end, if b[end] == b'\r' && b.get(end + 1) == Some(&b'\n') { end + 2 } else { end + 1 })
        }
    }
}

pub(crate) fn skip_blanks(b: &[u8], mut i: usize, end: usize) -> usize {
    while i < end && b[i].is_ascii_whitespace() {
        i += 1;
    }
    i
}

pub(crate) fn trim_end(b: &[u8], start: usize, mut end: usize) -> usize {
    while end > start && b[end - 1].is_ascii_whitespace() {
        end -= 1;
    }
    end
}
