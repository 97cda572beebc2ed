//! The GitHub Action: `action.yml` validates against the public schema, and its shell steps run in
//! a harness with a fake GitHub environment.

mod common;

use std::process::Command;

use srm_lint::syntax::tree::{Kind, Ref, ScalarStyle};
use srm_lint::syntax::yaml;

/// YAML → JSON with our own parser (plain `true`/`false` become booleans, empty values null, other
/// scalars strings).
fn to_json(node: Ref<'_>) -> serde_json::Value {
    match node.kind() {
        Kind::Scalar(s, ScalarStyle::Plain) if s == "true" || s == "false" => serde_json::Value::Bool(s == "true"),
        _ if node.is_null() => serde_json::Value::Null,
        Kind::Scalar(s, _) => serde_json::Value::String(s.clone()),
        Kind::Seq(_) => serde_json::Value::Array(node.items().map(to_json).collect()),
        Kind::Map(_) => {
            serde_json::Value::Object(node.entries().map(|e| (e.name().to_string(), to_json(e.value))).collect())
        }
        Kind::Alias(_) => serde_json::Value::Null,
    }
}

#[test]
fn action_yml_validates_against_the_schema() {
    let text = std::fs::read_to_string(common::root().join("action.yml")).unwrap();
    let parsed = yaml::parse(&text);
    assert!(parsed.errors.is_empty(), "{:?}", parsed.errors);
    let action = to_json(parsed.tree.root().unwrap());
    assert_eq!(action["runs"]["using"], "composite");
    for input in ["paths", "config", "fail-on", "version", "sarif", "annotations", "summary", "args", "baseline"] {
        assert!(action["inputs"][input].is_object(), "input {input}");
    }
    let Some(schema) = common::shared("schemas/github-action.json") else {
        eprintln!("skipped: ../shared/schemas/github-action.json is absent");
        return;
    };
    let schema: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(schema).unwrap()).unwrap();
    let validator = jsonschema::validator_for(&schema).expect("schema compiles");
    let errors: Vec<String> = validator.iter_errors(&action).map(|e| format!("{e} at {}", e.instance_path)).collect();
    assert!(errors.is_empty(), "action.yml does not validate: {errors:#?}");
}

fn read_outputs(path: &std::path::Path) -> std::collections::BTreeMap<String, String> {
    std::fs::read_to_string(path)
        .unwrap_or_default()
        .lines()
        .filter_map(|l| l.split_once('=').map(|(k, v)| (k.to_string(), v.to_string())))
        .collect()
}

#[cfg(unix)]
#[test]
fn action_steps_produce_sarif_summary_annotations_and_exit_code() {
    let tmp = tempfile::tempdir().unwrap();
    let outputs = tmp.path().join("github_output");
    let summary = tmp.path().join("step_summary");
    let step = |script: &str, envs: &[(&str, &str)]| {
        let mut cmd = Command::new("bash");
        cmd.arg(common::root().join("action").join(script))
            .current_dir(common::root())
            .env("GITHUB_ACTION_PATH", common::root())
            .env("GITHUB_OUTPUT", &outputs)
            .env("GITHUB_STEP_SUMMARY", &summary)
            .env("RUNNER_TEMP", tmp.path())
            .env("SRM_LINT_AS_OF", common::AS_OF);
        for (k, v) in envs {
            cmd.env(k, v);
        }
        cmd.output().unwrap()
    };
    let bin = env!("CARGO_BIN_EXE_srm-lint");
    let install = step("install.sh", &[("SRM_LINT_BIN", bin)]);
    assert!(install.status.success());
    assert_eq!(read_outputs(&outputs)["bin"], bin);

    let run = step(
        "run.sh",
        &[
            ("SRM_LINT_BIN", bin),
            ("INPUT_PATHS", "testdata/rules/PSH004/positive"),
            ("INPUT_ANNOTATIONS", "true"),
            ("INPUT_SUMMARY", "true"),
        ],
    );
    assert!(run.status.success(), "the run step itself succeeds; the last step applies the exit code");
    let out = read_outputs(&outputs);
    assert_eq!(out["exit-code"], "1");
    let sarif: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&out["sarif-file"]).unwrap()).unwrap();
    assert_eq!(sarif["runs"][0]["results"][0]["ruleId"], "PSH004");
    let log = String::from_utf8_lossy(&run.stdout);
    assert!(log.contains("::error file=testdata/rules/PSH004/positive/.platform/routes.yaml,line=4"), "{log}");
    let summary = std::fs::read_to_string(&summary).unwrap();
    assert!(summary.contains("# Shared-responsibility report") && summary.contains("PSH004"), "{summary}");

    // A clean tree: exit code 0.
    std::fs::remove_file(&outputs).unwrap();
    step("run.sh", &[("SRM_LINT_BIN", bin), ("INPUT_PATHS", "testdata/rules/PSH004/negative")]);
    assert_eq!(read_outputs(&outputs)["exit-code"], "0");
}

/// The job summary comes from the same run as the lint: `args` such as `--ignore` and `--exclude`
/// apply to it too (it used to come from a second run without them, counting everything).
#[cfg(unix)]
#[test]
fn action_summary_honours_args() {
    let bin = env!("CARGO_BIN_EXE_srm-lint");
    for args in ["--ignore PSH004", "--exclude **/routes.yaml"] {
        let tmp = tempfile::tempdir().unwrap();
        let outputs = tmp.path().join("github_output");
        let summary = tmp.path().join("step_summary");
        let run = Command::new("bash")
            .arg(common::root().join("action/run.sh"))
            .current_dir(common::root())
            .env("GITHUB_OUTPUT", &outputs)
            .env("GITHUB_STEP_SUMMARY", &summary)
            .env("RUNNER_TEMP", tmp.path())
            .env("SRM_LINT_AS_OF", common::AS_OF)
            .env("SRM_LINT_BIN", bin)
            .env("INPUT_PATHS", "testdata/rules/PSH004/positive")
            .env("INPUT_ARGS", args)
            .output()
            .unwrap();
        assert!(run.status.success(), "{args}: {}", String::from_utf8_lossy(&run.stderr));
        assert_eq!(read_outputs(&outputs)["exit-code"], "0", "{args}");
        let summary = std::fs::read_to_string(&summary).unwrap();
        assert!(summary.contains("# Shared-responsibility report"), "{args}: {summary}");
        assert!(
            summary.contains("| Findings | 0 ("),
            "{args}: the summary counts findings the run ignored:\n{summary}"
        );
        assert!(!summary.contains("violated ("), "{args}: no clause is violated: {summary}");
    }
}

#[test]
fn workflows_validate_against_the_schema() {
    let Some(schema) = common::shared("schemas/github-workflow.json") else {
        eprintln!("skipped: ../shared/schemas/github-workflow.json is absent");
        return;
    };
    let schema: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(schema).unwrap()).unwrap();
    let validator = jsonschema::validator_for(&schema).expect("schema compiles");
    for name in ["ci.yml", "release.yml"] {
        let text = std::fs::read_to_string(common::root().join(".github/workflows").join(name)).unwrap();
        let parsed = yaml::parse(&text);
        assert!(parsed.errors.is_empty(), "{name}: {:?}", parsed.errors);
        let workflow = to_json(parsed.tree.root().unwrap());
        let errors: Vec<String> =
            validator.iter_errors(&workflow).map(|e| format!("{e} at {}", e.instance_path)).collect();
        assert!(errors.is_empty(), "{name} does not validate: {errors:#?}");
    }
}

#[test]
fn pre_commit_files_pattern_covers_every_classified_kind() {
    let manifest = std::fs::read_to_string(common::root().join(".pre-commit-hooks.yaml")).unwrap();
    // The pattern is written once (a YAML anchor) and shared by the hooks that lint.
    let pattern = manifest
        .lines()
        .find_map(|l| l.trim().strip_prefix("files: &files "))
        .expect("a files pattern anchored as `&files`");
    for hook in ["srm-lint", "srm-lint-system"] {
        let at = manifest.find(&format!("- id: {hook}\n")).unwrap_or_else(|| panic!("no hook {hook}"));
        let files = manifest[at..].lines().find(|l| l.trim().starts_with("files: ")).unwrap();
        assert!(files.contains("&files") || files.trim() == "files: *files", "{hook}: {files}");
    }
    let re = regex::Regex::new(pattern).unwrap();
    for path in [
        ".platform.app.yaml",
        "apps/api/.platform.app.yaml",
        ".platform/applications.yaml",
        ".platform/routes.yaml",
        ".platform/services.yaml",
        ".platform/local/project.yaml",
        ".upsun/config.yaml",
        ".magento.app.yaml",
        ".magento/routes.yaml",
        ".magento/services.yaml",
        ".magento.env.yaml",
        "composer.json",
        "composer.lock",
        "auth.json",
        "app/etc/env.php",
        "php.ini",
        "Dockerfile",
        "docker/Dockerfile.dev",
        "airflow_settings.yaml",
        ".astro/config.yaml",
        ".env",
        ".env.production",
        "requirements.txt",
        "requirements-dev.txt",
        "deploy/template.yaml",
        "deploy/template.json",
    ] {
        assert!(srm_lint::document::discover::classify(path).is_some(), "{path} is not classified");
        assert!(re.is_match(path), "the pre-commit pattern misses {path}");
    }
}
