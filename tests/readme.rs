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
fn cargo_run_opens_aka_among_several_binaries() {
    // With the pack converter there are two binaries: `cargo run --release`
    // must still know which one the README means.
    let manifest = include_str!("../Cargo.toml");
    assert!(
        manifest
            .lines()
            .any(|l| l.trim() == "default-run = \"aka\"")
    );
}
