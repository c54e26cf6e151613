//! What fuzzing found (`bash .ci/fuzz`, docs/robustness.md, Fuzzing): one
//! test for each finding, on the input that showed it, so that it stays
//! fixed in the ordinary test run.

#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

use aka::model::{Catalog, CatalogError, CatalogSource};

fn load(json: &str) -> Result<Catalog, CatalogError> {
    aka::formats::catalogs::load(&[CatalogSource {
        name: "fuzz.json".to_string(),
        json: json.to_string(),
    }])
}

/// A link whose target is written with a JSON escape (`"\u0061bc"` is
/// `"abc"`) was blamed on the bundled catalog, without line and column.
#[test]
fn a_link_to_nothing_written_with_escapes_is_placed_in_its_file() {
    let json = r#"{"actors": [{"id": "x", "name": "X", "kind": "person", "aliases": ["Xavier"],
  "links": [{"rel": "member-of", "to": "\u0061bc"}]}]}"#;
    let e = load(json).unwrap_err();
    assert_eq!(
        e,
        CatalogError::Invalid {
            path: "fuzz.json".to_string(),
            line: 2,
            column: 40,
            message: "actor \"x\" links (member-of) to \"abc\", which no loaded catalog defines: \
                      add that actor or fix the id"
                .to_string(),
        }
    );
}

/// Where `load` says `json` is wrong: (line, column).
fn place(json: &str) -> (usize, usize) {
    match load(json).unwrap_err() {
        CatalogError::Invalid { line, column, .. } => (line, column),
        e => panic!("no line and column: {e}"),
    }
}

/// `serde_json` counts columns in bytes; aka's line:column counts
/// characters (as its other errors and editors do), so a column after
/// accented letters pointed past the error, even past the end of the line.
/// Found on a MISP cluster whose line 21 holds a byte-order mark.
#[test]
fn a_syntax_error_after_accented_letters_is_placed_in_characters() {
    // The `x` is the 31st character and the 34th byte.
    assert_eq!(place(r#"{"actors": [{"name": "Ça été" x}]}"#), (1, 31));
    assert_eq!(place(r#"{"values": [{"value": "Ça été"} x]}"#), (1, 33));
    // An object with no type ends at its brace: the 49th character.
    assert_eq!(
        place(r#"{"type": "bundle", "objects": [{"name": "Ça été"}]}"#),
        (1, 49)
    );
    // The fuzzer's input: line 21 is 81 characters long, 83 bytes.
    let json = include_str!("fixtures/fuzz/misp-column-in-bytes.json");
    assert_eq!(json.split('\n').nth(20).unwrap().chars().count(), 81);
    assert_eq!(place(json), (21, 81));
}

/// The same in the user catalog, which is read on its own.
#[test]
fn a_syntax_error_in_the_user_catalog_is_placed_in_characters() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("user.json");
    std::fs::write(&path, r#"{"actors": [], "note": "Ça été" x}"#).unwrap();
    let err = aka::formats::user::UserCatalog::open(&path)
        .unwrap_err()
        .to_string();
    assert!(err.contains("user.json:1:33: JSON syntax error"), "{err}");
    assert!(!err.contains("column 36"), "{err}");
}

/// The same in a tour file (`aka --tour FILE`), whose column could also
/// be 0 on an empty line.
#[test]
fn a_syntax_error_in_a_tour_is_placed_in_characters() {
    use aka::model::lesson::tour::{Tour, TourError};
    let place = |json: &str| match Tour::parse("tour.json", json).unwrap_err() {
        TourError::Invalid { line, column, .. } => (line, column),
        e => panic!("no line and column: {e}"),
    };
    assert_eq!(place(r#"{"title": "Ça été" x}"#), (1, 20));
    assert_eq!(place("{\"title\": \"x\",\n"), (2, 1));
}
