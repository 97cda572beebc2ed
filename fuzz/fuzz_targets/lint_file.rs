#![no_main]
//! A whole-file lint through the engine (as standard input), under each file kind: no panic, every
//! finding's span in bounds, and no flagged secret in the JSON output.

use libfuzzer_sys::fuzz_target;
use srm_lint::config::Settings;
use srm_lint::run::{self, Options};

const NAMES: &[&str] = &[
    ".platform.app.yaml",
    ".platform/routes.yaml",
    ".platform/services.yaml",
    ".upsun/config.yaml",
    ".env",
    "Dockerfile",
    "requirements.txt",
    "composer.json",
    "composer.lock",
    "auth.json",
    ".magento.app.yaml",
    ".magento/routes.yaml",
    ".magento.env.yaml",
    "app/etc/env.php",
    "php.ini",
    "airflow_settings.yaml",
    ".astro/config.yaml",
    "deploy/deployment.yaml",
    "template.yaml",
    "template.json",
];

fuzz_target!(|data: &[u8]| {
    let Some((&pick, bytes)) = data.split_first() else { return };
    let name = NAMES[pick as usize % NAMES.len()];
    let opts = Options { stdin: Some((name.to_string(), bytes.to_vec())), ..Options::default() };
    let report = run::run(&opts, &Settings::default());
    let out = srm_lint::output::render::json::render(&report);
    for f in &report.findings {
        let text = &report.files[f.file].source.text;
        assert!(f.span.end <= text.len() && text.is_char_boundary(f.span.start) && text.is_char_boundary(f.span.end));
        for s in &f.secrets {
            let secret = text[s.start..s.end].trim_matches(|c| c == '"' || c == '\'');
            if secret.len() >= 12 {
                assert!(!out.contains(secret), "secret leaked into the JSON output");
            }
        }
    }
});
