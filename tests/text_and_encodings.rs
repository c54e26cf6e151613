//! Hostile text, names and encodings (issue 14, docs/robustness.md): the
//! real binary given articles, file names and catalogs that hold terminal
//! escapes, empty or control-character names, UTF-16 and byte-order marks,
//! STIX of another version and links to nothing. aka never obeys the text, never crashes, and says where a file is wrong.

#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

use std::process::{Command, Output};

const ATTACK: &str = "According to the Washington Post, Fancy Bear \u{1b}]0;PWNED\u{7} hacked the DNC \u{9b}31m\u{202e}.\n";

fn aka(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_aka"))
        .args(args)
        .args(["--no-user-catalog"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("the aka binary runs")
}

/// The characters of `bytes` a terminal would obey: controls but tab and
/// line feed, and bidi overrides.
fn obeyed(bytes: &[u8]) -> Vec<char> {
    String::from_utf8_lossy(bytes)
        .chars()
        .filter(|&c| {
            (c.is_control() && c != '\n' && c != '\t')
                || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
        })
        .collect()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn tsv_rows_show_escapes_instead_of_obeying_them() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("e\u{1b}[2J.txt");
    std::fs::write(&path, ATTACK).unwrap();
    let path = path.to_str().unwrap();
    for command in ["sources", "mentions"] {
        let out = aka(&[command, "--format", "tsv", path]);
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
        assert_eq!(obeyed(&out.stdout), [], "{command}: {}", text(&out.stdout));
        let rows = text(&out.stdout);
        assert!(rows.contains("e\\u{1b}[2J.txt\t"), "{rows}");
        if command == "sources" {
            assert!(
                rows.contains(
                    "Fancy Bear \\u{1b}]0;PWNED\\u{7} hacked the DNC \\u{9b}31m\\u{202e}."
                ),
                "{rows}"
            );
        }
    }
}

#[test]
fn json_outputs_escape_controls_themselves() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("e\u{1b}[2J.txt");
    std::fs::write(&path, ATTACK).unwrap();
    let path = path.to_str().unwrap();
    for args in [
        ["sources", "--format", "jsonl"],
        ["mentions", "--format", "jsonl"],
        ["mentions", "--format", "json"],
        ["mentions", "--format", "stix"],
    ] {
        let out = aka(&[&args[..], &[path]].concat());
        assert_eq!(out.status.code(), Some(0), "{args:?}");
        assert!(
            !out.stdout.contains(&0x1b) && !out.stdout.contains(&0x07),
            "{args:?}"
        );
        assert!(text(&out.stdout).contains("\\u001b"), "{args:?}");
    }
}

#[test]
fn errors_and_warnings_escape_file_names() {
    let out = aka(&["mentions", "no\u{1b}]0;PWNED\u{7}.txt"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        text(&out.stderr),
        "aka: no\\u{1b}]0;PWNED\\u{7}.txt: no such file or directory\n"
    );
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad\u{9b}1m.txt");
    std::fs::write(&path, b"caf\xe9 APT28\n").unwrap();
    let out = aka(&["mentions", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(obeyed(&out.stderr), [], "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("bad\\u{9b}1m.txt: invalid UTF-8 at byte 3"));
}

#[test]
fn catalog_show_and_check_escape_what_a_catalog_holds() {
    let dir = tempfile::tempdir().unwrap();
    let catalog = dir.path().join("c\u{1b}[31m.json");
    std::fs::write(
        &catalog,
        r#"{"actors":[{"id":"x","name":"Xenon","kind":"other","description":"Line one\u001b]0;PWNED\u0007\u202e end"}]}"#,
    )
    .unwrap();
    let catalog = catalog.to_str().unwrap();
    let out = aka(&["catalog", "show", "--catalog", catalog, "x"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(obeyed(&out.stdout), []);
    assert!(text(&out.stdout).contains("Line one\\u{1b}]0;PWNED\\u{7}\\u{202e} end\n"));
    let out = aka(&["catalog", "check", catalog]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(obeyed(&out.stdout), []);
    assert!(text(&out.stdout).contains("c\\u{1b}[31m.json: ok"));
}

#[test]
fn catalog_check_refuses_empty_names_and_control_characters_with_file_line_column() {
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        (
            "empty-name.json",
            "{\"actors\": [\n {\"id\": \"a\", \"name\": \"\", \"kind\": \"other\"}\n]}",
            ":2:23: empty name",
        ),
        (
            "control-name.json",
            "{\"actors\": [\n {\"id\": \"a\", \"name\": \"A\\u001b]0;X\", \"kind\": \"other\"}\n]}",
            ":2:34: name \"A\\u{1b}]0;X\" holds the control character U+001B",
        ),
        (
            "control-alias.json",
            "{\"actors\": [\n {\"id\": \"a\", \"name\": \"A\", \"kind\": \"other\", \"aliases\": [\"B\\u0007\"]}\n]}",
            ":2:64: alias \"B\\u{7}\" holds the control character U+0007",
        ),
        (
            "empty-alias.json",
            "{\"actors\": [\n {\"id\": \"a\", \"name\": \"A\", \"kind\": \"other\", \"aliases\": [{\"text\": \" \"}]}\n]}",
            ":2:68: empty alias",
        ),
    ];
    for (name, json, expected) in cases {
        let path = dir.path().join(name);
        std::fs::write(&path, json).unwrap();
        let path = path.to_str().unwrap();
        let out = aka(&["catalog", "check", path]);
        assert_eq!(out.status.code(), Some(1), "{name}");
        let err = text(&out.stderr);
        assert!(
            err.starts_with(&format!("aka: {path}{expected}")),
            "{name}: {err}"
        );
        assert_eq!(obeyed(&out.stderr), [], "{name}");
    }
}

fn utf16(text: &str, big_endian: bool) -> Vec<u8> {
    "\u{FEFF}"
        .encode_utf16()
        .chain(text.encode_utf16())
        .flat_map(|u| {
            if big_endian {
                u.to_be_bytes()
            } else {
                u.to_le_bytes()
            }
        })
        .collect()
}

#[test]
fn utf16_articles_are_decoded_with_offsets_into_the_file() {
    let dir = tempfile::tempdir().unwrap();
    for (big_endian, label) in [(false, "UTF-16LE"), (true, "UTF-16BE")] {
        let bytes = utf16("Les pirates « Fancy Bear » visaient le DNC.\n", big_endian);
        let path = dir.path().join(format!("{label}.txt"));
        std::fs::write(&path, &bytes).unwrap();
        let path = path.to_str().unwrap();
        let out = aka(&["mentions", "--format", "jsonl", path]);
        assert_eq!(out.status.code(), Some(0));
        assert_eq!(
            text(&out.stderr),
            format!("aka: {path}: decoded from {label}\n")
        );
        let found: Vec<(String, usize, usize, usize)> = text(&out.stdout)
            .lines()
            .map(|l| {
                let v: serde_json::Value = serde_json::from_str(l).unwrap();
                let n = |k: &str| usize::try_from(v[k].as_u64().unwrap()).unwrap();
                (
                    v["actor"].as_str().unwrap().to_string(),
                    n("start"),
                    n("end"),
                    n("column"),
                )
            })
            .collect();
        // BOM 2 bytes, then 2 bytes a character: « is one unit too.
        assert_eq!(
            found,
            [
                ("apt28".to_string(), 30, 50, 15),
                ("dnc".to_string(), 80, 86, 40)
            ],
            "{label}"
        );
        // The offsets are the file's: its bytes there decode to the mention.
        let (s, e) = (found[0].1, found[0].2);
        let units: Vec<u16> = bytes[s..e]
            .chunks(2)
            .map(|p| {
                if big_endian {
                    u16::from_be_bytes([p[0], p[1]])
                } else {
                    u16::from_le_bytes([p[0], p[1]])
                }
            })
            .collect();
        assert_eq!(String::from_utf16(&units).unwrap(), "Fancy Bear");
    }
}

#[test]
fn a_catalog_with_a_byte_order_mark_loads_and_keeps_its_positions() {
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("bom.json");
    std::fs::write(
        &good,
        "\u{FEFF}{\"actors\": [{\"id\": \"quill\", \"name\": \"Quillcrest\", \"kind\": \"threat-group\"}]}",
    )
    .unwrap();
    let good = good.to_str().unwrap();
    let out = aka(&["catalog", "check", good]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let bad = dir.path().join("bad-bom.json");
    std::fs::write(&bad, "\u{FEFF}{\"actors\": [{\"id\": \"Q\"}]}").unwrap();
    let bad = bad.to_str().unwrap();
    let out = aka(&["catalog", "check", bad]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).starts_with(&format!("aka: {bad}:1:23: invalid id \"Q\"")),
        "{}",
        text(&out.stderr)
    );
}

/// A STIX bundle of objects: an intrusion set, then `more`.
fn stix(version: &str, more: &str) -> String {
    format!(
        "{{\"type\": \"bundle\", \"id\": \"bundle--5d0092c5-5f74-4287-9642-33f4c354e56d\", \"objects\": [\n\
         {{\"type\": \"intrusion-set\", \"spec_version\": \"{version}\",\n  \
         \"id\": \"intrusion-set--4e78f46f-a023-4e5f-bc24-71b3ca22ec29\", \"name\": \"Teacup Typhoon\"}}{more}\n]}}"
    )
}

#[test]
fn stix_of_another_version_and_relationships_to_unknown_objects_are_refused_with_a_position() {
    let dir = tempfile::tempdir().unwrap();
    let relationship = ",\n{\"type\": \"relationship\", \"spec_version\": \"2.1\", \
        \"id\": \"relationship--7f1c2d3e-4b5a-4697-8a1b-2c3d4e5f6a7b\", \"relationship_type\": \"uses\",\n  \
        \"source_ref\": \"intrusion-set--4e78f46f-a023-4e5f-bc24-71b3ca22ec29\", \
        \"target_ref\": \"malware--31b940d4-6f7f-459a-80ea-9c1f17b5891b\"}";
    let cases = [
        ("ok.json", stix("2.1", ""), None),
        (
            "v20.json",
            stix("2.0", ""),
            Some(":2:47: spec_version \"2.0\": aka reads STIX 2.1 bundles"),
        ),
        (
            "v20-bundle.json",
            stix("2.1", "").replacen("\"objects\"", "\"spec_version\": \"2.0\", \"objects\"", 1),
            Some(":1:94: spec_version \"2.0\""),
        ),
        (
            "dangling.json",
            stix("2.1", relationship),
            Some(
                ":4:55: relationship relationship--7f1c2d3e-4b5a-4697-8a1b-2c3d4e5f6a7b has \
                 target_ref \"malware--31b940d4-6f7f-459a-80ea-9c1f17b5891b\", which is no object of this bundle",
            ),
        ),
    ];
    for (name, json, expected) in cases {
        let path = dir.path().join(name);
        std::fs::write(&path, json).unwrap();
        let path = path.to_str().unwrap();
        let out = aka(&["catalog", "check", path]);
        let err = text(&out.stderr);
        match expected {
            None => assert_eq!(out.status.code(), Some(0), "{name}: {err}"),
            Some(expected) => {
                assert_eq!(out.status.code(), Some(1), "{name}");
                assert!(
                    err.starts_with(&format!("aka: {path}{expected}")),
                    "{name}: {err}"
                );
            }
        }
    }
}

#[test]
fn an_aka_link_to_an_unknown_id_has_a_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("link.json");
    std::fs::write(
        &path,
        "{\"actors\": [\n {\"id\": \"quill\", \"name\": \"Quill\", \"kind\": \"threat-group\",\n  \"links\": [{\"rel\": \"part-of\", \"to\": \"nowhere\"}]}\n]}",
    )
    .unwrap();
    let path = path.to_str().unwrap();
    let out = aka(&["catalog", "check", path]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).starts_with(&format!(
            "aka: {path}:3:38: actor \"quill\" links (part-of) to \"nowhere\", which no loaded catalog defines"
        )),
        "{}",
        text(&out.stderr)
    );
}
