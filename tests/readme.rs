//! The README tells the truth: its key table is the one the explorer
//! dispatches from, and its commands are the ones CI runs.

#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

const README: &str = include_str!("../README.md");

#[test]
fn readme_key_table_is_generated_from_the_key_map() {
    let start = README.find("<!-- keys:start -->\n").unwrap() + "<!-- keys:start -->\n".len();
    let end = README.find("<!-- keys:end -->").unwrap();
    let expected = aka::keymap::markdown();
    assert!(
        README[start..end] == expected,
        "README.md's key table is out of date; replace it with:\n{expected}"
    );
}

#[test]
fn readme_shows_the_two_commands_and_ci_runs_the_test_one() {
    assert!(README.contains("    cargo run --release"));
    assert!(README.contains("    cargo test --locked"));
    let ci = include_str!("../.ci/run");
    assert!(
        ci.lines()
            .any(|l| l.trim().starts_with("cargo test --locked"))
    );
}

#[test]
fn cargo_run_opens_aka_and_the_pack_converter_is_an_example() {
    // `aka` is the one binary, so `cargo run --release` needs no
    // `default-run`; the pack converter is a Cargo example, run as the
    // README says.
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let manifest = include_str!("../Cargo.toml");
    assert_eq!(
        manifest.lines().filter(|l| l.trim() == "[[bin]]").count(),
        1
    );
    assert!(!root.join("src/bin").exists());
    assert!(root.join("examples/packs/main.rs").is_file());
    assert!(README.contains("    cargo run --release --example packs "));
}
