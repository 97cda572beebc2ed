#![no_main]
//! A whole-file lint (as standard input, under a file name and kind chosen by the input) rendered
//! in every lint format and as the shared-responsibility report: no panic, and no human output
//! line that a CI runner or a terminal would act on.

use libfuzzer_sys::fuzz_target;
use srm_lint::config::Settings;
use srm_lint::output::render::{self, Format, RenderOptions};
use srm_lint::output::report::{self, ReportFormat};
use srm_lint::run::{self, Options};

const NAMES: &[&str] = &[
    ".platform.app.yaml",
    ".platform/routes.yaml",
    ".upsun/config.yaml",
    ".env",
    "Dockerfile",
    "requirements.txt",
    "composer.json",
    ".magento.app.yaml",
    ".magento/routes.yaml",
    "app/etc/env.php",
    "airflow_settings.yaml",
    "template.yaml",
    "template.json",
];

fuzz_target!(|data: &[u8]| {
    let Some((&pick, bytes)) = data.split_first() else { return };
    // The name itself may hold anything a file name can: the low bits pick a kind, the high
    // bits put a hostile prefix in front of it.
    let prefix = ["", "b\n::stop-commands::x/", "c\r::error::/", "d\x1b]0;t\x07/"][(pick as usize >> 6) % 4];
    let name = format!("{prefix}{}", NAMES[pick as usize % NAMES.len()]);
    let opts = Options { stdin: Some((name, bytes.to_vec())), ..Options::default() };
    let settings = Settings::default();
    let result = run::run(&opts, &settings);
    for format in [Format::Human, Format::Json, Format::Sarif, Format::Github] {
        for color in [false, true] {
            let out = render::render(&result, format, &RenderOptions { color });
            if format == Format::Human && !color {
                for line in out.split(['\n', '\r']) {
                    assert!(!line.starts_with("::"), "a line of human output starts a workflow command");
                }
                assert!(!out.chars().any(|c| c.is_control() && c != '\n'), "a control character in human output");
            }
            if format == Format::Github {
                assert!(out.lines().all(|l| l.starts_with("::")) && !out.contains('\r'));
            }
        }
    }
    for format in [ReportFormat::Markdown, ReportFormat::Html, ReportFormat::Json] {
        let _ = report::render(&result, &settings, &[], format);
    }
    // The commit id printed in a report comes from `.git/HEAD`, which the repository controls.
    let _ = report::short_commit(&String::from_utf8_lossy(bytes));
});
