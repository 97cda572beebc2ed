//! Dockerfiles: instructions with positions, line continuations, heredocs and the `escape`
//! directive. Good enough for linting, not a full BuildKit frontend.

use super::lines::{Line, Word, lines, span_of, words};
use crate::source::{Comment, Span, SyntaxError};

#[derive(Debug, Clone)]
pub struct KeyValue {
    pub key: String,
    pub key_span: Span,
    /// Unquoted.
    pub value: String,
    /// As written.
    pub value_span: Span,
}

#[derive(Debug, Clone)]
pub struct Heredoc {
    pub delimiter: String,
    pub body: String,
    pub body_span: Span,
}

#[derive(Debug, Clone)]
pub struct Instruction {
    /// Upper-cased: `FROM`, `ENV`, `RUN`...
    pub keyword: String,
    pub keyword_span: Span,
    /// The arguments with continuations joined (comment lines inside them dropped).
    pub args: String,
    /// From the first argument byte to the end of the instruction's last line.
    pub args_span: Span,
    /// Shell-like words with exact spans; for the exec form (`["a", "b"]`), the JSON strings.
    pub words: Vec<Word>,
    /// `ENV`, `ARG`, `LABEL`: the `KEY=value` pairs (or the legacy `ENV KEY value`).
    pub pairs: Vec<KeyValue>,
    pub heredocs: Vec<Heredoc>,
    /// The whole instruction, continuations and heredoc bodies included.
    pub span: Span,
}

#[derive(Debug, Default)]
pub struct Dockerfile {
    pub instructions: Vec<Instruction>,
    pub comments: Vec<Comment>,
    pub errors: Vec<SyntaxError>,
}

pub fn parse(text: &str) -> Dockerfile {
    let mut out = Dockerfile::default();
    let all: Vec<Line> = lines(text);
    let line_text = |l: &Line| &text[l.span.start..l.span.end];
    // Parser directives come first; `# escape=`` switches the continuation character.
    let mut escape = '\\';
    for l in &all {
        let t = line_text(l).trim();
        let Some(d) = t.strip_prefix('#') else { break };
        match d.trim().split_once('=') {
            Some((k, v)) if k.trim().eq_ignore_ascii_case("escape") => escape = v.trim().chars().next().unwrap_or('\\'),
            Some(_) => {}
            None => break,
        }
    }
    let mut n = 0;
    while n < all.len() {
        let first = all[n];
        n += 1;
        let raw = line_text(&first);
        let t = raw.trim_start();
        if t.is_empty() {
            continue;
        }
        if t.starts_with('#') {
            out.comments.push(Comment { span: span_of(text, t.trim_end()) });
            continue;
        }
        let kw_len = t.find(|c: char| c.is_whitespace()).unwrap_or(t.len());
        let keyword = &t[..kw_len];
        if !keyword.chars().all(|c| c.is_ascii_alphabetic()) {
            out.errors.push(SyntaxError {
                span: span_of(text, t.trim_end()),
                message: "expected a Dockerfile instruction".into(),
            });
            continue;
        }
        // The pieces of the instruction, one per physical line, without continuation characters.
        let mut pieces: Vec<&str> = vec![&t[kw_len..]];
        let mut last = first;
        loop {
            let piece = pieces.last().copied().unwrap_or("");
            let trimmed = piece.trim_end();
            if !trimmed.ends_with(escape) {
                break;
            }
            let cut = trimmed.len() - escape.len_utf8();
            *pieces.last_mut().expect("non-empty") = &piece[..cut];
            // Comment and empty lines inside a continuation are skipped.
            let mut next = None;
            while n < all.len() {
                let l = all[n];
                n += 1;
                let lt = line_text(&l).trim_start();
                if lt.starts_with('#') {
                    out.comments.push(Comment { span: span_of(text, lt.trim_end()) });
                } else if !lt.is_empty() {
                    next = Some(l);
                    break;
                }
            }
            match next {
                Some(l) => {
                    pieces.push(line_text(&l));
                    last = l;
                }
                None => break,
            }
        }
        let mut ws = Vec::new();
        for p in &pieces {
            ws.extend(words(text, p, false).0);
        }
        let args_text: Vec<&str> = pieces.iter().map(|p| p.trim()).filter(|p| !p.is_empty()).collect();
        let args = args_text.join(" ");
        let args_start = pieces
            .iter()
            .find(|p| !p.trim().is_empty())
            .map_or(span_of(text, pieces[0]).end, |p| span_of(text, p.trim_start()).start);
        let args_span = Span::new(args_start, last.span.end.max(args_start));
        let upper = keyword.to_ascii_uppercase();
        // The exec form: a JSON array of strings.
        if args.starts_with('[') && pieces.len() == 1 {
            let slice = &text[args_span.start..args_span.end];
            let j = super::json::parse(slice);
            if j.errors.is_empty()
                && let Some(root) = j.tree.root()
            {
                ws = root
                    .items()
                    .filter_map(|i| {
                        let sp = i.span();
                        Some(Word {
                            text: i.as_str()?.to_string(),
                            span: Span::new(args_start + sp.start, args_start + sp.end),
                        })
                    })
                    .collect();
            }
        }
        let pairs =
            if matches!(upper.as_str(), "ENV" | "ARG" | "LABEL") { pairs(text, &ws, &upper) } else { Vec::new() };
        // Heredocs start after the instruction's last line.
        let mut heredocs = Vec::new();
        let mut end = last.span.end;
        for w in &ws {
            let Some(rest) = w.text.strip_prefix("<<") else { continue };
            let rest = rest.strip_prefix('-').unwrap_or(rest);
            let delimiter: String = rest.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
            if delimiter.is_empty() {
                continue;
            }
            let body_start = all.get(n).map_or(text.len(), |l| l.span.start);
            let mut closed = false;
            while n < all.len() {
                let l = all[n];
                n += 1;
                if line_text(&l).trim() == delimiter {
                    let body_end = if l.span.start > body_start { l.span.start } else { body_start };
                    let body = &text[body_start..body_end];
                    heredocs.push(Heredoc {
                        delimiter: delimiter.clone(),
                        body: body.to_string(),
                        body_span: Span::new(body_start, body_end),
                    });
                    end = l.span.end;
                    closed = true;
                    break;
                }
            }
            if !closed {
                out.errors
                    .push(SyntaxError { span: w.span, message: format!("heredoc `{delimiter}` is never closed") });
                heredocs.push(Heredoc {
                    delimiter,
                    body: text[body_start..].to_string(),
                    body_span: Span::new(body_start, text.len()),
                });
                end = text.len();
            }
        }
        let keyword_span = span_of(text, keyword);
        out.instructions.push(Instruction {
            keyword: upper,
            keyword_span,
            args,
            args_span,
            words: ws,
            pairs,
            heredocs,
            span: Span::new(keyword_span.start, end),
        });
    }
    out
}

/// `K=V` pairs from the words of an ENV/ARG/LABEL instruction, or the legacy `ENV KEY value...`.
fn pairs(text: &str, ws: &[Word], keyword: &str) -> Vec<KeyValue> {
    let Some(first) = ws.first() else { return Vec::new() };
    if !first.text.contains('=') {
        if keyword == "ARG" {
            let key_span = first.span;
            return vec![KeyValue {
                key: first.text.clone(),
                key_span,
                value: String::new(),
                value_span: Span::new(key_span.end, key_span.end),
            }];
        }
        let rest = &ws[1..];
        let value_span = match (rest.first(), rest.last()) {
            (Some(a), Some(b)) => a.span.join(b.span),
            _ => Span::new(first.span.end, first.span.end),
        };
        let value = rest.iter().map(|w| w.text.as_str()).collect::<Vec<_>>().join(" ");
        return vec![KeyValue { key: first.text.clone(), key_span: first.span, value, value_span }];
    }
    ws.iter()
        .filter_map(|w| {
            let raw = &text[w.span.start..w.span.end];
            let eq = raw.find('=')?;
            let (key, value) = w.text.split_once('=')?;
            Some(KeyValue {
                key: key.to_string(),
                key_span: Span::new(w.span.start, w.span.start + eq),
                value: value.to_string(),
                value_span: Span::new(w.span.start + eq + 1, w.span.end),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(text: &str, sp: Span) -> &str {
        &text[sp.start..sp.end]
    }

    #[test]
    fn instructions_continuations_and_pairs() {
        let text = "# syntax=docker/dockerfile:1\nFROM quay.io/astronomer/astro-runtime:12.1.0\nENV A=1 B=\"two words\" \\\n    # inside\n    C=3\nENV LEGACY some value\nARG TOKEN\nrun pip install \\\r\n  x\nCMD [\"airflow\", \"webserver\"]\n";
        let d = parse(text);
        assert!(d.errors.is_empty(), "{:?}", d.errors);
        let kws: Vec<&str> = d.instructions.iter().map(|i| i.keyword.as_str()).collect();
        assert_eq!(kws, ["FROM", "ENV", "ENV", "ARG", "RUN", "CMD"]);
        assert_eq!(s(text, d.instructions[0].words[0].span), "quay.io/astronomer/astro-runtime:12.1.0");
        let env = &d.instructions[1];
        let keys: Vec<&str> = env.pairs.iter().map(|p| p.key.as_str()).collect();
        assert_eq!(keys, ["A", "B", "C"]);
        assert_eq!(env.pairs[1].value, "two words");
        assert_eq!(s(text, env.pairs[1].value_span), "\"two words\"");
        assert_eq!(s(text, env.pairs[2].key_span), "C");
        assert_eq!(d.instructions[2].pairs[0].value, "some value");
        assert_eq!(d.instructions[3].pairs[0].key, "TOKEN");
        assert_eq!(d.instructions[4].args, "pip install x");
        let cmd: Vec<&str> = d.instructions[5].words.iter().map(|w| w.text.as_str()).collect();
        assert_eq!(cmd, ["airflow", "webserver"]);
        assert_eq!(s(text, d.instructions[5].words[1].span), "\"webserver\"");
        assert_eq!(d.comments.len(), 2);
    }

    #[test]
    fn heredocs_and_errors() {
        let text = "FROM x\nRUN <<EOF\necho hi\nEOF\nCOPY <<-\"A\" /a\nbody\nA\n!!!\nRUN <<OPEN\nnever\n";
        let d = parse(text);
        assert_eq!(d.instructions[1].heredocs[0].body, "echo hi\n");
        assert_eq!(d.instructions[2].heredocs[0].delimiter, "A");
        assert_eq!(d.errors.len(), 2, "{:?}", d.errors);
        assert_eq!(s(text, d.errors[0].span), "!!!");
        assert!(d.errors[1].message.contains("OPEN"));
    }

    #[test]
    fn escape_directive() {
        let text = "# escape=`\nFROM x\nRUN a `\n  b\n";
        let d = parse(text);
        assert_eq!(d.instructions[1].args, "a b");
    }

    #[test]
    fn long_continuation_is_linear() {
        let text = format!("FROM x\nRUN {}", "a \\\n".repeat(50_000));
        let d = parse(&text);
        assert_eq!(d.instructions.len(), 2);
    }
}
