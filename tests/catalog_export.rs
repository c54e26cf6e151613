//! `aka catalog export`: everything aka knows as one file. Loaded alone, the
//! aka-format export is the same catalog and finds the same mentions; the
//! MISP and STIX exports import back to the same actors and aliases; the
//! command writes standard output (a closed pipe is no error) or a file
//! (atomically, never over one without `--force`).

#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use aka::cli::CatalogArgs;
use aka::formats::catalog_out::{self, CatalogFormat};
use aka::model::{Actor, Catalog, Matcher, input};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Runs the binary from the repository's root, with no user catalog unless
/// `args` names one.
fn aka(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_aka"))
        .args(args)
        .current_dir(root())
        .env(
            "XDG_CONFIG_HOME",
            root().join("tests/fixtures/no-such-config"),
        )
        .output()
        .unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A user catalog that adds an alias, an actor and suppressions, so that
/// the export holds what only the user catalog gives.
const USER: &str = r#"{
  "actors": [
    {"id": "apt28", "aliases": ["Quill Storm"]},
    {"id": "quillcrest", "name": "Quillcrest", "kind": "threat-group", "aliases": [{"text": "QC", "case": "exact"}], "country": "RU",
     "links": [{"rel": "related-to", "to": "apt28"}]}
  ],
  "suppress": [
    {"alias": "Cobalt"},
    {"alias": "Lazarus", "article": "museum.txt"},
    {"alias": "Sandworm", "article": "dune.txt", "context": "the giant sandworm rose"}
  ]
}
"#;

/// Everything aka loads by default, with [`USER`] as the user catalog.
fn default_catalog(dir: &Path) -> Catalog {
    let user = dir.join("user.json");
    std::fs::write(&user, USER).unwrap();
    CatalogArgs {
        user_catalog: Some(user),
        ..CatalogArgs::default()
    }
    .load()
    .unwrap()
}

fn export(format: CatalogFormat, catalog: &Catalog) -> Vec<u8> {
    let mut out = Vec::new();
    catalog_out::write(format, catalog, &mut out).unwrap();
    out
}

/// `bytes` written to `dir`, loaded as the only catalog.
fn load_alone(dir: &Path, name: &str, bytes: &[u8]) -> Catalog {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    CatalogArgs {
        no_default_catalog: true,
        catalog: vec![path],
        ..CatalogArgs::default()
    }
    .load()
    .unwrap()
}

/// An actor without where its aliases come from (an export is one source).
fn without_origins(actor: &Actor) -> Actor {
    let mut a = actor.clone();
    for alias in &mut a.aliases {
        alias.origins.clear();
    }
    a
}

/// Asserts that two catalogs hold the same actors, in the same order, with
/// the same aliases (text, case, noise), fields and links.
fn assert_same_actors(expected: &Catalog, actual: &Catalog) {
    assert_eq!(expected.len(), actual.len(), "actor counts");
    for (e, a) in expected.actors().iter().zip(actual.actors()) {
        assert_eq!(without_origins(e), without_origins(a), "actor {}", e.id);
    }
    assert_eq!(expected.alias_count(), actual.alias_count());
}

/// The articles the finder is compared on: the sample, every text under
/// `tests/fixtures/` and `seeds/`, and a text for tools, noise and
/// suppressions.
fn articles() -> Vec<(String, String)> {
    let mut out = vec![("sample".to_string(), input::SAMPLE.to_string())];
    let mut stack = vec![root().join("tests/fixtures"), root().join("seeds")];
    let mut files = Vec::new();
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path
                .extension()
                .is_some_and(|e| e == "txt" || e == "md" || e == "tsv")
            {
                files.push(path);
            }
        }
    }
    files.sort();
    assert!(files.len() >= 20, "{files:?}");
    for path in files {
        let text = String::from_utf8_lossy(&std::fs::read(&path).unwrap()).into_owned();
        out.push((path.display().to_string(), text));
    }
    out.push((
        "museum.txt".to_string(),
        "Cobalt Strike and Cobalt; the Lazarus Group, Quill Storm and QC struck. \
         Tick hit Japan; the Tick group did too. Russian officials and the Russians \
         denied it. Sandworm, Fancy Bear, STRONTIUM and Strontium; APT 28 and APT28."
            .to_string(),
    ));
    out
}

/// Asserts that the finders of two catalogs find the same mentions in every
/// article, mention by mention: range, actor, alias, candidates, evidence.
fn assert_same_mentions(expected: &Catalog, actual: &Catalog) {
    let (m1, m2) = (Matcher::new(expected), Matcher::new(actual));
    let mut total = 0;
    for (name, text) in articles() {
        for (one, two) in [
            (m1.find_all(&text), m2.find_all(&text)),
            (m1.find_all_in(&text, &name), m2.find_all_in(&text, &name)),
        ] {
            assert_eq!(one.len(), two.len(), "{name}: mention counts");
            for (a, b) in one.iter().zip(&two) {
                assert_eq!(a, b, "{name}: {:?}", &text[a.range()]);
                assert_eq!(
                    expected.actor(a.actor()).aliases[a.alias()].text,
                    actual.actor(b.actor()).aliases[b.alias()].text
                );
                assert_eq!(expected.actor(a.actor()).id, actual.actor(b.actor()).id);
            }
            total += one.len();
        }
    }
    assert!(total > 100, "only {total} mentions compared");
}

#[test]
fn the_aka_export_loaded_alone_is_the_same_catalog_and_finds_the_same_mentions() {
    let dir = tempfile::tempdir().unwrap();
    let catalog = default_catalog(dir.path());
    assert!(catalog.tools().len() > 100);
    assert_eq!(catalog.suppressions().len(), 3);
    let bytes = export(CatalogFormat::Aka, &catalog);
    let again = load_alone(dir.path(), "all.json", &bytes);
    assert_same_actors(&catalog, &again);
    let tools = |c: &Catalog| -> Vec<(String, String)> {
        c.tools()
            .iter()
            .map(|t| (t.text.clone(), t.tool.clone()))
            .collect()
    };
    assert_eq!(tools(&catalog), tools(&again));
    assert_eq!(catalog.suppressions(), again.suppressions());
    assert_same_mentions(&catalog, &again);
    // Exported again, the same bytes.
    assert!(export(CatalogFormat::Aka, &again) == bytes);
}

#[test]
fn what_the_export_holds_that_plain_catalog_files_did_not() {
    let dir = tempfile::tempdir().unwrap();
    let catalog = default_catalog(dir.path());
    let text = String::from_utf8(export(CatalogFormat::Aka, &catalog)).unwrap();
    // Noise marks of every action, a demonym, a link's confidence, tools,
    // and the user catalog's suppressions and actor.
    for needle in [
        r#""noise":{"action":"dropped","#,
        r#""noise":{"action":"gated","#,
        r#""noise":{"action":"exact","#,
        r#"{"text":"Russian","demonym":"adjective"}"#,
        r#""confidence":"#,
        "\n\"tools\":[\n",
        r#"{"name":"Cobalt Strike""#,
        "\n\"suppress\":[\n{\"alias\":\"Cobalt\"},\n",
        r#""id":"quillcrest""#,
        "\"Quill Storm\"",
    ] {
        assert!(text.contains(needle), "the export lacks {needle}");
    }
    // One actor a line.
    assert_eq!(
        text.lines().filter(|l| l.starts_with("{\"id\":")).count(),
        catalog.len()
    );
}

#[test]
fn the_misp_export_imports_back_to_the_same_actors_and_aliases() {
    let dir = tempfile::tempdir().unwrap();
    let catalog = default_catalog(dir.path());
    let bytes = export(CatalogFormat::Misp, &catalog);
    let cluster: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
    let values = cluster["values"].as_array().unwrap();
    assert_eq!(values.len(), catalog.len());
    let apt28 = values
        .iter()
        .find(|v| v["meta"]["aka-id"] == "apt28")
        .unwrap();
    assert_eq!(apt28["value"], "APT28");
    assert_eq!(apt28["meta"]["aka-kind"], "threat-group");
    let synonyms = apt28["meta"]["synonyms"].as_array().unwrap();
    assert!(synonyms.iter().any(|s| s == "Fancy Bear"));
    assert!(!synonyms.iter().any(|s| s == "APT28"));
    // Stable uuids: v5, the same each time.
    let uuid = apt28["uuid"].as_str().unwrap();
    assert_eq!(uuid.as_bytes()[14], b'5', "{uuid}");
    assert!(export(CatalogFormat::Misp, &catalog) == bytes);
    let again = load_alone(dir.path(), "all.misp.json", &bytes);
    assert_same_actors(&catalog, &again);
    assert!(again.tools().is_empty() && again.suppressions().is_empty());
}

#[test]
fn the_stix_export_imports_back_to_the_same_actors_and_aliases() {
    let dir = tempfile::tempdir().unwrap();
    let catalog = default_catalog(dir.path());
    let bytes = export(CatalogFormat::Stix, &catalog);
    let bundle: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
    assert_eq!(bundle["type"], "bundle");
    let objects = bundle["objects"].as_array().unwrap();
    let of = |id: &str| {
        objects
            .iter()
            .find(|o| o["x_aka_id"] == id)
            .unwrap_or_else(|| panic!("no object for {id}"))
    };
    assert_eq!(of("apt28")["type"], "intrusion-set");
    assert!(
        of("apt28")["aliases"]
            .as_array()
            .unwrap()
            .iter()
            .any(|a| a == "Fancy Bear")
    );
    assert_eq!(of("gru")["type"], "identity");
    assert_eq!(of("guccifer-2")["type"], "threat-actor");
    assert!(
        objects
            .iter()
            .any(|o| o["type"] == "relationship" && o["relationship_type"] == "operated-by")
    );
    // The same ids as `aka mentions --format stix` gives the actors.
    assert_eq!(
        of("apt28")["id"],
        aka::formats::stix::bundle::stix_id("intrusion-set", "aka/actor/apt28")
    );
    assert!(export(CatalogFormat::Stix, &catalog) == bytes);
    let again = load_alone(dir.path(), "all.stix.json", &bytes);
    assert_same_actors(&catalog, &again);
}

#[test]
fn names_lists_every_searched_alias_once_in_catalog_order() {
    let out = aka(&["catalog", "export", "--names"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines.contains(&"Fancy Bear") && lines.contains(&"APT28"));
    let unique: std::collections::HashSet<&str> = lines.iter().copied().collect();
    assert_eq!(unique.len(), lines.len(), "a name twice");
    // Exactly the texts of the aliases that are not dropped.
    let catalog = CatalogArgs::default().load().unwrap();
    let searched: std::collections::HashSet<&str> = catalog
        .actors()
        .iter()
        .flat_map(|a| &a.aliases)
        .filter(|a| !a.is_dropped())
        .map(|a| a.text.as_str())
        .collect();
    assert_eq!(unique, searched);
    assert_eq!(lines[0], catalog.actors()[0].name);
    // --format names is the same.
    let again = aka(&["catalog", "export", "--format", "names"]);
    assert!(again.stdout == text.as_bytes());
}

#[test]
fn every_format_from_the_binary_is_deterministic_and_the_aka_one_finds_the_same_mentions() {
    let dir = tempfile::tempdir().unwrap();
    for format in ["aka", "misp", "stix", "names"] {
        let one = aka(&["catalog", "export", "--format", format]);
        assert!(one.status.success(), "{format}: {}", stderr(&one));
        assert!(!one.stdout.is_empty() && one.stderr.is_empty());
        let two = aka(&["catalog", "export", "--format", format]);
        assert!(one.stdout == two.stdout, "{format} differs between runs");
        if format != "names" {
            serde_json::from_slice::<serde_json::Value>(&one.stdout).unwrap();
        }
    }
    // The default format is aka's; loaded alone it finds what the default
    // catalogs find.
    let file = dir.path().join("all.json");
    std::fs::write(&file, aka(&["catalog", "export"]).stdout).unwrap();
    let file = file.to_str().unwrap();
    let articles = ["seeds/", "tests/fixtures/"];
    let mut plain = vec!["mentions", "--format", "jsonl"];
    plain.extend(articles);
    let mut alone = vec![
        "mentions",
        "--format",
        "jsonl",
        "--no-default-catalog",
        "--catalog",
        file,
    ];
    alone.extend(articles);
    let (plain, alone) = (aka(&plain), aka(&alone));
    assert!(plain.status.success() && alone.status.success());
    assert!(!plain.stdout.is_empty());
    assert_eq!(
        String::from_utf8_lossy(&plain.stdout),
        String::from_utf8_lossy(&alone.stdout)
    );
}

#[test]
fn the_options_choose_what_is_exported() {
    let all = aka(&["catalog", "export"]);
    let bundled = aka(&["catalog", "export", "--no-packs"]);
    assert!(bundled.status.success());
    assert!(bundled.stdout.len() * 4 < all.stdout.len());
    let text = String::from_utf8(bundled.stdout).unwrap();
    assert!(!text.contains("\"tools\""), "no pack, no tools");
    let one = aka(&[
        "catalog",
        "export",
        "--no-default-catalog",
        "--pack",
        "misp-tools",
    ]);
    assert_eq!(
        String::from_utf8(one.stdout).unwrap().lines().next(),
        Some("{\"actors\":[")
    );
    // A user catalog given is exported too.
    let dir = tempfile::tempdir().unwrap();
    let user = dir.path().join("user.json");
    std::fs::write(&user, USER).unwrap();
    let out = aka(&[
        "catalog",
        "export",
        "--names",
        "--user-catalog",
        user.to_str().unwrap(),
    ]);
    let names = String::from_utf8(out.stdout).unwrap();
    assert!(names.lines().any(|l| l == "Quill Storm"));
    assert!(names.lines().any(|l| l == "Quillcrest"));
}

#[test]
fn output_is_written_atomically_and_never_over_a_file_without_force() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("all.json");
    let p = path.to_str().unwrap();
    let out = aka(&["catalog", "export", "-o", p]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(out.stdout.is_empty() && out.stderr.is_empty());
    let written = std::fs::read(&path).unwrap();
    assert!(written == aka(&["catalog", "export"]).stdout);
    let entries = || -> Vec<String> {
        std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect()
    };
    assert_eq!(entries(), ["all.json"], "no temporary file left");

    // An existing file is left as it is…
    std::fs::write(&path, "mine").unwrap();
    let out = aka(&["catalog", "export", "--format", "misp", "--output", p]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stderr(&out),
        format!("aka: {p}: the file exists (give --force to replace it)\n")
    );
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "mine");
    // …unless --force says so.
    let out = aka(&["catalog", "export", "--format", "misp", "-o", p, "--force"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        std::fs::read_to_string(&path)
            .unwrap()
            .contains("\"aka-id\"")
    );
    assert_eq!(entries(), ["all.json"]);

    // A folder that does not exist: one line, exit 1.
    let missing = dir.path().join("no/such/all.json");
    let out = aka(&["catalog", "export", "-o", missing.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(stderr(&out).lines().count(), 1, "{}", stderr(&out));
    assert!(stderr(&out).contains("cannot write: no such folder"));
    // --force without a file is a usage error.
    assert_eq!(
        aka(&["catalog", "export", "--force"]).status.code(),
        Some(2)
    );
    assert_eq!(
        aka(&["catalog", "export", "--names", "--format", "aka"])
            .status
            .code(),
        Some(2)
    );
}

#[test]
fn a_reader_that_stops_early_is_no_error() {
    for format in ["aka", "misp", "stix", "names"] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_aka"))
            .args(["catalog", "export", "--format", format])
            .current_dir(root())
            .env(
                "XDG_CONFIG_HOME",
                root().join("tests/fixtures/no-such-config"),
            )
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // Like `| head -1`: read a line's worth, then close the pipe.
        let mut stdout = child.stdout.take().unwrap();
        let mut first = [0u8; 16];
        stdout.read_exact(&mut first).unwrap();
        drop(stdout);
        let out = child.wait_with_output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{format}: {}", stderr(&out));
        assert!(out.stderr.is_empty(), "{format}: {}", stderr(&out));
    }
}

#[cfg(target_os = "linux")]
#[test]
fn a_failed_write_is_one_line_and_exit_1() {
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_aka"))
        .args(["catalog", "export"])
        .env(
            "XDG_CONFIG_HOME",
            root().join("tests/fixtures/no-such-config"),
        )
        .stdout(full)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.starts_with("aka: cannot write output: "), "{err}");
}
