//! Unleash client-specification conformance: every `*.json` vector file in
//! `shared/conformance/unleash/` (and, when `RULES_SPEC_DIR` is set, in that folder too) is
//! evaluated with this crate, and every feature test must give its `expectedResult`.
//! `variantTests` are out of scope.

use std::fs;
use std::path::{Path, PathBuf};

use ministore_rules::{Context, Feature};
use serde::Deserialize;

/// One vector file: a feature state and tests against it.
#[derive(Deserialize)]
struct SpecFile {
    #[serde(default)]
    state: State,
    #[serde(default)]
    tests: Vec<TestCase>,
}

#[derive(Deserialize, Default)]
struct State {
    #[serde(default)]
    features: Vec<Feature>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct TestCase {
    description: String,
    #[serde(default)]
    context: Context,
    toggle_name: String,
    expected_result: bool,
}

fn shared_vectors_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/conformance/unleash")
}

fn json_files(dir: &Path) -> Vec<PathBuf> {
    let entries =
        fs::read_dir(dir).unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()));
    let mut files: Vec<PathBuf> = entries
        .map(|entry| entry.expect("directory entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
        .collect();
    files.sort();
    files
}

/// The current instant as RFC 3339 (UTC, whole seconds).
fn now_rfc3339() -> String {
    let now = time::OffsetDateTime::now_utc();
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
        now.year(),
        u8::from(now.month()),
        now.day(),
        now.hour(),
        now.minute(),
        now.second()
    )
}

#[derive(Default)]
struct Tally {
    passed: usize,
    failures: Vec<String>,
}

impl Tally {
    fn run_file(&mut self, path: &Path) {
        let name = path.display();
        let text = match fs::read_to_string(path) {
            Ok(text) => text,
            Err(e) => return self.failures.push(format!("{name}: cannot read: {e}")),
        };
        let value: serde_json::Value = match serde_json::from_str(&text) {
            Ok(value) => value,
            Err(e) => return self.failures.push(format!("{name}: invalid JSON: {e}")),
        };
        if !value.get("tests").is_some_and(serde_json::Value::is_array) {
            // e.g. index.json, or a file with variantTests only.
            println!("conformance: {name}: no feature tests, skipped");
            return;
        }
        let spec: SpecFile = match serde_json::from_value(value) {
            Ok(spec) => spec,
            Err(e) => return self.failures.push(format!("{name}: cannot parse: {e}")),
        };
        let (mut passed, mut failed) = (0, 0);
        for test in &spec.tests {
            let feature = spec
                .state
                .features
                .iter()
                .find(|f| f.name == test.toggle_name);
            // The engine reads no clock: like an Unleash client, the caller supplies "now".
            let mut ctx = test.context.clone();
            ctx.current_time.get_or_insert_with(now_rfc3339);
            let actual = feature.is_some_and(|f| f.is_enabled(&ctx));
            if actual == test.expected_result {
                passed += 1;
            } else {
                failed += 1;
                self.failures.push(format!(
                    "{name}: {} (toggle {:?}: expected {}, got {actual})",
                    test.description, test.toggle_name, test.expected_result
                ));
            }
        }
        println!("conformance: {name}: {passed} passed, {failed} failed");
        self.passed += passed;
    }
}

#[test]
fn every_unleash_vector_gives_the_expected_result() {
    let shared = shared_vectors_dir();
    let shared_files = json_files(&shared);
    assert!(
        !shared_files.is_empty(),
        "no vector files in {}",
        shared.display()
    );

    let mut tally = Tally::default();
    for path in &shared_files {
        tally.run_file(path);
    }
    if let Some(extra) = std::env::var_os("RULES_SPEC_DIR").filter(|d| !d.is_empty()) {
        for path in json_files(Path::new(&extra)) {
            tally.run_file(&path);
        }
    }

    println!(
        "conformance: {} passed, {} failed",
        tally.passed,
        tally.failures.len()
    );
    assert!(tally.passed > 0, "no feature test ran");
    assert!(
        tally.failures.is_empty(),
        "{} conformance failure(s):\n  {}",
        tally.failures.len(),
        tally.failures.join("\n  ")
    );
}
