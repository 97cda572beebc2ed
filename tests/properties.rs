//! Property tests: arbitrary input never panics a parser, every span stays inside its text and on
//! character boundaries, and a flagged secret never reaches any output format.

use proptest::prelude::*;
use srm_lint::config::Settings;
use srm_lint::output::render::{self, Format, RenderOptions};
use srm_lint::run::{self, Options};
use srm_lint::source::Span;
use srm_lint::syntax::{dockerfile, dotenv, json, requirements, yaml};

fn ok(text: &str, s: Span) -> bool {
    s.start <= s.end && s.end <= text.len() && text.is_char_boundary(s.start) && text.is_char_boundary(s.end)
}

/// Text that looks like config: YAML/JSON/shell punctuation mixed with words and Unicode.
fn configish() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            Just(": ".to_string()),
            Just("\n".to_string()),
            Just("\r\n".to_string()),
            Just("  ".to_string()),
            Just("- ".to_string()),
            Just("[".to_string()),
            Just("]".to_string()),
            Just("{".to_string()),
            Just("}".to_string()),
            Just("\"".to_string()),
            Just("'".to_string()),
            Just("&a ".to_string()),
            Just("*a".to_string()),
            Just("!Ref ".to_string()),
            Just("# c".to_string()),
            Just("\\\n".to_string()),
            Just("<<EOF\n".to_string()),
            Just("=".to_string()),
            "[a-zé_]{1,8}",
            any::<String>(),
        ],
        0..60,
    )
    .prop_map(|parts| parts.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn yaml_spans_stay_in_bounds(text in configish()) {
        let y = yaml::parse(&text);
        for n in &y.tree.nodes {
            prop_assert!(ok(&text, n.span));
        }
        for c in &y.comments {
            prop_assert!(ok(&text, c.span));
        }
    }

    #[test]
    fn json_spans_stay_in_bounds(text in configish()) {
        let j = json::parse(&text);
        for n in &j.tree.nodes {
            prop_assert!(ok(&text, n.span));
        }
    }

    #[test]
    fn line_lexers_stay_in_bounds(text in configish()) {
        for e in dotenv::parse(&text).entries {
            prop_assert!(ok(&text, e.key_span) && ok(&text, e.value_span));
        }
        for i in dockerfile::parse(&text).instructions {
            prop_assert!(ok(&text, i.span) && ok(&text, i.keyword_span));
            for p in &i.pairs {
                prop_assert!(ok(&text, p.key_span) && ok(&text, p.value_span));
            }
        }
        for r in requirements::parse(&text).requirements {
            prop_assert!(ok(&text, r.name_span));
        }
    }

    #[test]
    fn whole_file_lint_never_panics(text in configish(), kind in 0usize..5) {
        let name = [".platform.app.yaml", ".platform/routes.yaml", ".env", "Dockerfile", "template.yaml"][kind];
        let opts = Options { stdin: Some((name.to_string(), text.into_bytes())), ..Options::default() };
        let report = run::run(&opts, &Settings::default());
        // A rule or model that panics is caught and turned into a run error: read the errors, or
        // a panic would pass unseen.
        prop_assert!(report.errors.is_empty(), "errors: {:?}", report.errors);
        for f in &report.findings {
            prop_assert!(ok(&report.files[f.file].source.text, f.span));
        }
    }

    #[test]
    // No vowels and no `x`, so a generated value never spells a placeholder word (`fake`, `todo`, `xxxx`).
    fn flagged_secrets_never_reach_any_output(secret in "[B-DF-HJ-NP-TV-WY-Z2-9b-df-hj-np-tv-wy-z]{6}[#!%][B-DF-HJ-NP-TV-WY-Z2-9b-df-hj-np-tv-wy-z]{12}", pad in "[a-z ]{0,10}") {
        let env = format!("# {pad}\nAPI_TOKEN={secret}\nAWS_ACCESS_KEY_ID=AKIA{}\n", &secret.to_ascii_uppercase().replace(['#', '!', '%', '0', '1', '8', '9'], "Q")[..16]);
        let opts = Options { stdin: Some((".env".to_string(), env.clone().into_bytes())), ..Options::default() };
        let report = run::run(&opts, &Settings::default());
        let flagged: Vec<String> = report
            .findings
            .iter()
            .flat_map(|f| f.secrets.iter().map(|s| env[s.start..s.end].to_string()))
            .collect();
        prop_assert!(flagged.iter().any(|f| f == &secret), "the secret is flagged: {flagged:?}");
        for format in [Format::Human, Format::Json, Format::Sarif, Format::Github] {
            let out = render::render(&report, format, &RenderOptions { color: true });
            for value in &flagged {
                prop_assert!(!out.contains(value.as_str()), "{format:?} leaked {value}");
            }
        }
    }
}
