//! `aka mentions` run as a user runs it: the real binary, real files, exact
//! output. Each test is named after the contract it guards.

#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

use std::io::Write;
use std::process::{Command, Output, Stdio};

use pretty_assertions::assert_eq;
use serde_json::Value;

const SAMPLE: &str = "seeds/election-2016.txt";

/// The 28 mentions of the sample article (issue 2): actor, alias, text as it
/// stands, start, end, line, column. Offsets and positions were checked
/// independently of aka against the file's bytes.
const SAMPLE_MENTIONS: [(&str, &str, &str, usize, usize, usize, usize); 28] = [
    ("united-states", "U.S.", "U.S.", 9, 13, 1, 10),
    (
        "russia",
        "Russian government",
        "Russian government",
        126,
        144,
        1,
        126,
    ),
    (
        "obama-administration",
        "Obama administration",
        "Obama administration",
        164,
        184,
        1,
        164,
    ),
    (
        "obama-administration",
        "Obama administration",
        "Obama administration",
        232,
        252,
        3,
        5,
    ),
    (
        "russia",
        "Russian leaders",
        "Russian leaders",
        274,
        289,
        3,
        47,
    ),
    ("united-states", "U.S.", "U.S.", 324, 328, 3, 97),
    (
        "washington-post",
        "Washington Post",
        "Washington Post",
        382,
        397,
        3,
        153,
    ),
    (
        "russia",
        "Russian government",
        "Russian government",
        403,
        421,
        3,
        174,
    ),
    (
        "dnc",
        "Democratic National Committee",
        "Democratic National Committee",
        518,
        547,
        3,
        288,
    ),
    ("dnc", "DNC", "DNC", 549, 552, 3, 319),
    (
        "the-guardian",
        "The Guardian",
        "The Guardian",
        619,
        631,
        5,
        1,
    ),
    (
        "apt28",
        "Advance Persistent Threat (APT) 28",
        "Advance Persistent Threat (APT) 28",
        704,
        738,
        5,
        86,
    ),
    ("apt28", "Sofacy Group", "Sofacy Group", 740, 752, 5, 122),
    ("apt28", "Fancy Bear", "Fancy Bear", 770, 780, 5, 152),
    ("russia", "Russia", "Russia", 821, 827, 5, 203),
    ("united-states", "U.S.", "U.S.", 961, 965, 7, 101),
    (
        "dhs",
        "Department of Homeland Security",
        "Department of Homeland Security",
        1017,
        1048,
        9,
        27,
    ),
    (
        "odni",
        "Office of the Director of National Intelligence",
        "Office of the Director of National Intelligence",
        1057,
        1104,
        9,
        67,
    ),
    (
        "the-atlantic",
        "The Atlantic",
        "The Atlantic",
        1160,
        1172,
        9,
        170,
    ),
    ("dcleaks", "DCLeaks.com", "DCLeaks.com", 1239, 1250, 11, 65),
    ("wikileaks", "WikiLeaks", "WikiLeaks", 1255, 1264, 11, 81),
    (
        "guccifer-2",
        "Guccifer 2.0",
        "Guccifer 2.0",
        1276,
        1288,
        11,
        102,
    ),
    ("united-states", "US", "US", 1445, 1447, 11, 271),
    ("russia", "Moscow", "Moscow", 1494, 1500, 11, 320),
    ("russia", "Russians", "Russians", 1505, 1513, 11, 331),
    ("russia", "Russia", "Russia", 1705, 1711, 11, 531),
    ("dnc", "DNC", "DNC", 1794, 1797, 13, 17),
    (
        "guccifer-2",
        "Guccifer 2.0",
        "Guccifer 2.0",
        1859,
        1871,
        13,
        82,
    ),
];

fn aka(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_aka"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("the aka binary runs")
}

fn aka_stdin(args: &[&str], input: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_aka"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the aka binary runs");
    child.stdin.take().unwrap().write_all(input).unwrap();
    child.wait_with_output().unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("output is UTF-8")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn jsonl(o: &Output) -> Vec<Value> {
    stdout(o)
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is JSON"))
        .collect()
}

/// A scratch folder, removed when dropped.
struct Scratch(tempfile::TempDir);

impl Scratch {
    fn new(_name: &str) -> Self {
        Scratch(tempfile::tempdir().unwrap())
    }
    fn file(&self, name: &str, contents: impl AsRef<[u8]>) -> String {
        let path = self.0.path().join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, contents).unwrap();
        path.display().to_string()
    }
    fn path(&self) -> String {
        self.0.path().display().to_string()
    }
}

#[test]
fn sample_article_yields_exactly_the_28_mentions() {
    let out = aka(&["mentions", "--format", "jsonl", SAMPLE]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stderr(&out), "");
    let names: std::collections::HashMap<&str, &str> = [
        ("united-states", "United States"),
        ("russia", "Russia"),
        ("obama-administration", "Obama administration"),
        ("washington-post", "Washington Post"),
        ("dnc", "Democratic National Committee"),
        ("the-guardian", "The Guardian"),
        ("apt28", "APT28"),
        ("dhs", "Department of Homeland Security"),
        ("odni", "Office of the Director of National Intelligence"),
        ("the-atlantic", "The Atlantic"),
        ("dcleaks", "DCLeaks"),
        ("wikileaks", "WikiLeaks"),
        ("guccifer-2", "Guccifer 2.0"),
    ]
    .into_iter()
    .collect();
    let expected: Vec<Value> = SAMPLE_MENTIONS
        .iter()
        .map(|&(actor, alias, text, start, end, line, column)| {
            serde_json::json!({
                "path": SAMPLE, "actor": actor, "name": names[actor], "alias": alias,
                "text": text, "start": start, "end": end, "line": line, "column": column,
            })
        })
        .collect();
    assert_eq!(jsonl(&out), expected);
    // Field order is part of the contract too.
    let first = stdout(&out).lines().next().unwrap().to_string();
    assert!(first.starts_with(r#"{"path":"seeds/election-2016.txt","actor":"united-states","name":"United States","alias":"U.S.","text":"U.S.","start":9,"end":13,"line":1,"column":10}"#), "{first}");
}

#[test]
fn offsets_slice_the_file_bytes_exactly() {
    let bytes = std::fs::read(SAMPLE).unwrap();
    for (_, _, text, start, end, _, _) in SAMPLE_MENTIONS {
        assert_eq!(&bytes[start..end], text.as_bytes());
    }
}

#[test]
fn json_and_tsv_carry_the_same_mentions() {
    let json = aka(&["mentions", "--format", "json", SAMPLE]);
    let array: Vec<Value> = serde_json::from_slice(&json.stdout).expect("one JSON array");
    let lines = jsonl(&aka(&["mentions", "--format", "jsonl", SAMPLE]));
    assert_eq!(array, lines);

    let tsv = stdout(&aka(&["mentions", "--format", "tsv", SAMPLE]));
    let rows: Vec<&str> = tsv.lines().collect();
    assert_eq!(
        rows[0],
        "path\tline\tcolumn\tstart\tend\tactor\talias\ttext"
    );
    assert_eq!(rows.len(), 29);
    assert_eq!(
        rows[12],
        "seeds/election-2016.txt\t5\t86\t704\t738\tapt28\tAdvance Persistent Threat (APT) 28\tAdvance Persistent Threat (APT) 28"
    );
}

#[test]
fn stdin_is_read_and_named_dash() {
    let out = aka_stdin(
        &["mentions", "--format", "jsonl", "-"],
        "Fancy Bear and\nAPT28's".as_bytes(),
    );
    assert!(out.status.success());
    let v = jsonl(&out);
    assert_eq!(v.len(), 2);
    assert_eq!(v[0]["path"], "-");
    assert_eq!(v[1]["text"], "APT28");
    assert_eq!(
        (v[1]["line"].as_u64(), v[1]["column"].as_u64()),
        (Some(2), Some(1))
    );
}

#[test]
fn folders_are_read_sorted_with_joined_paths() {
    let dir = Scratch::new("folder");
    dir.file("b.txt", "the DNC");
    dir.file("a/z.md", "# WikiLeaks");
    dir.file("skip.json", "DNC");
    let out = aka(&["mentions", "--format", "jsonl", &dir.path(), SAMPLE]);
    assert!(out.status.success(), "{}", stderr(&out));
    let paths: Vec<String> = jsonl(&out)
        .iter()
        .map(|v| v["path"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(paths[0], format!("{}/a/z.md", dir.path()));
    assert_eq!(paths[1], format!("{}/b.txt", dir.path()));
    assert_eq!(paths[2], SAMPLE);
    assert_eq!(paths.len(), 30);
}

#[test]
fn bom_and_crlf_are_counted_in_offsets_not_columns() {
    let dir = Scratch::new("bom");
    let f = dir.file("x.txt", "\u{FEFF}DNC\r\nthe DNC\r\n");
    let v = jsonl(&aka(&["mentions", "--format", "jsonl", &f]));
    assert_eq!(
        (
            v[0]["start"].as_u64(),
            v[0]["line"].as_u64(),
            v[0]["column"].as_u64()
        ),
        (Some(3), Some(1), Some(1))
    );
    assert_eq!(
        (
            v[1]["start"].as_u64(),
            v[1]["line"].as_u64(),
            v[1]["column"].as_u64()
        ),
        (Some(12), Some(2), Some(5))
    );
}

#[test]
fn invalid_utf8_warns_and_keeps_original_offsets() {
    let dir = Scratch::new("utf8");
    let f = dir.file("bad.txt", b"ab\xff\xfe DNC \xe2\x82 WikiLeaks".as_slice());
    let out = aka(&["mentions", "--format", "jsonl", &f]);
    assert!(out.status.success());
    assert!(
        stderr(&out).contains(&format!("{f}: invalid UTF-8 at byte 2")),
        "{}",
        stderr(&out)
    );
    let v = jsonl(&out);
    assert_eq!(
        (v[0]["start"].as_u64(), v[0]["end"].as_u64()),
        (Some(5), Some(8))
    );
    // "ab", two replacement characters, a space: DNC is the 6th column.
    assert_eq!(v[0]["column"].as_u64(), Some(6));
    assert_eq!(
        (v[1]["start"].as_u64(), v[1]["end"].as_u64()),
        (Some(12), Some(21))
    );
}

#[test]
fn ambiguous_mentions_list_candidates() {
    let dir = Scratch::new("ambiguous");
    let c = dir.file(
        "c.json",
        r#"{"actors":[
        {"id":"apt29","name":"APT29","kind":"threat-group","aliases":["Grizzly Steppe"]},
        {"id":"apt28","aliases":["Grizzly Steppe"]}]}"#,
    );
    let f = dir.file("a.txt", "Grizzly Steppe returns.");
    let v = jsonl(&aka(&[
        "mentions",
        "--format",
        "jsonl",
        "--catalog",
        &c,
        &f,
    ]));
    assert_eq!(v.len(), 1);
    // apt28 comes first in catalog order (bundled catalog before c.json).
    assert_eq!(v[0]["actor"], "apt28");
    assert_eq!(v[0]["candidates"], serde_json::json!(["apt28", "apt29"]));
    let plain = jsonl(&aka(&["mentions", "--format", "jsonl", SAMPLE]));
    assert!(plain.iter().all(|m| m.get("candidates").is_none()));
}

#[test]
fn no_default_catalog_uses_only_given_catalogs() {
    let dir = Scratch::new("nodefault");
    let c = dir.file(
        "c.json",
        r#"{"actors":[{"id":"x","name":"Sofacy Group","kind":"other"}]}"#,
    );
    let v = jsonl(&aka(&[
        "mentions",
        "--format",
        "jsonl",
        "--no-default-catalog",
        "--catalog",
        &c,
        SAMPLE,
    ]));
    assert_eq!(v.len(), 1);
    assert_eq!(v[0]["actor"], "x");
}

#[test]
fn missing_input_exits_1_naming_it() {
    let out = aka(&["mentions", "no/such/file.txt"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stderr(&out),
        "aka: no/such/file.txt: no such file or directory\n"
    );
    assert!(out.stdout.is_empty());
}

#[test]
fn folder_without_articles_is_explained() {
    let dir = Scratch::new("empty");
    dir.file("data.csv", "x");
    let out = aka(&["mentions", &dir.path()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("folder holds no articles"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(aka(&["mentions"]).status.code(), Some(2));
    assert_eq!(
        aka(&["mentions", "--format", "xml", SAMPLE]).status.code(),
        Some(2)
    );
    let help = stdout(&aka(&["mentions", "--help"]));
    assert!(help.contains("Examples:"), "{help}");
    assert!(stdout(&aka(&["--help"])).contains("aka mentions --format jsonl"));
}

/// Each bad catalog: exit 1, `file:line:column: what to fix`.
#[test]
fn bad_catalogs_exit_1_with_file_line_column() {
    let dir = Scratch::new("badcat");
    let cases = [
        (
            "syntax.json",
            "{\"actors\": [\n  {\"id\": \"a\" \"name\": \"A\"}\n]}",
            ":2:14: JSON syntax error",
        ),
        (
            "unknown.json",
            "{\"actors\": [\n  {\"id\": \"a\", \"name\": \"A\", \"kind\": \"other\",\n   \"alises\": [\"x\"]}\n]}",
            ":3:11: unknown field `alises`",
        ),
        (
            "dup.json",
            "{\"actors\": [\n  {\"id\": \"a\", \"name\": \"A\", \"kind\": \"other\"},\n  {\"id\": \"a\", \"name\": \"B\", \"kind\": \"other\"}\n]}",
            ":3:12: duplicate id \"a\"",
        ),
        (
            "empty.json",
            "{\"actors\": [\n  {\"id\": \"a\", \"name\": \"A\", \"kind\": \"other\",\n   \"aliases\": [\"ok\", \"\"]}\n]}",
            ":3:23: empty alias",
        ),
        (
            "badid.json",
            "{\"actors\": [\n  {\"id\": \"Fancy Bear\", \"name\": \"A\", \"kind\": \"other\"}\n]}",
            ":2:21: invalid id \"Fancy Bear\"",
        ),
        (
            "badkind.json",
            "{\"actors\": [\n  {\"id\": \"a\", \"name\": \"A\", \"kind\": \"hackers\"}\n]}",
            ":2:44: unknown variant `hackers`",
        ),
    ];
    for (name, json, expected) in cases {
        let path = dir.file(name, json);
        for args in [
            vec!["catalog", "check", path.as_str()],
            vec!["mentions", "--catalog", path.as_str(), SAMPLE],
        ] {
            let out = aka(&args);
            assert_eq!(out.status.code(), Some(1), "{name}: {args:?}");
            let err = stderr(&out);
            assert!(
                err.starts_with(&format!("aka: {path}{expected}")),
                "{name}: {err}"
            );
            assert!(out.stdout.is_empty() || args[0] == "catalog", "{name}");
        }
    }
}

#[test]
fn catalog_check_reports_ok_and_continues_past_errors() {
    let dir = Scratch::new("check");
    let good = dir.file(
        "good.json",
        r#"{"actors":[{"id":"apt28","aliases":["Iron Twilight"]}]}"#,
    );
    let bad = dir.file("bad.json", "{");
    let out = aka(&["catalog", "check", &bad, &good]);
    assert_eq!(out.status.code(), Some(1));
    // The file only adds an alias: as many actors as the bundled catalog.
    let n = aka::model::Catalog::bundled().actors().len();
    assert!(
        stdout(&out).starts_with(&format!("{good}: ok ({n} actors")),
        "{}",
        stdout(&out)
    );
    assert!(
        stderr(&out).contains(&format!("{bad}:1:1: JSON ends too early")),
        "{}",
        stderr(&out)
    );
    // A partial entry needs the catalog it extends.
    let out = aka(&["catalog", "check", "--no-default-catalog", &good]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("is new but has no \"name\" and \"kind\""));
    let missing = aka(&["catalog", "check", "nope.json"]);
    assert_eq!(
        stderr(&missing),
        "aka: nope.json: cannot read catalog: no such file or directory\n"
    );
}

#[test]
fn broken_pipe_is_not_an_error() {
    let dir = Scratch::new("pipe");
    let big = "Fancy Bear met the DNC. ".repeat(200_000);
    let f = dir.file("big.txt", big);
    let mut child = Command::new(env!("CARGO_BIN_EXE_aka"))
        .args(["mentions", "--format", "jsonl", &f])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut out = child.stdout.take().unwrap();
    let mut first = [0u8; 64];
    std::io::Read::read_exact(&mut out, &mut first).unwrap();
    drop(out);
    let status = child.wait_with_output().unwrap();
    assert_eq!(
        status.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&status.stderr)
    );
    assert!(status.stderr.is_empty());
}

/// Many articles are read and searched on every core, and printed in the
/// order given, exactly as each alone would print.
#[test]
fn several_articles_print_in_the_order_given_as_each_alone() {
    let mut files: Vec<String> = Vec::new();
    for dir in ["tests/fixtures/packs", "tests/fixtures/sources"] {
        let mut here: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|x| x == "txt" || x == "md"))
            .map(|p| p.display().to_string())
            .collect();
        here.sort();
        files.extend(here);
    }
    files.push(SAMPLE.to_string());
    assert!(files.len() >= 10, "{files:?}");
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_aka"))
            .args(["mentions", "--format", "tsv"])
            .args(args)
            .output()
            .unwrap()
    };
    let mut alone = String::new();
    for f in &files {
        let out = run(&[f.as_str()]);
        assert!(out.status.success());
        let text = String::from_utf8(out.stdout).unwrap();
        // Without the header line.
        alone.push_str(text.split_once('\n').unwrap().1);
    }
    let all: Vec<&str> = files.iter().map(String::as_str).collect();
    let together = run(&all);
    assert!(together.status.success());
    let together = String::from_utf8(together.stdout).unwrap();
    assert_eq!(together.split_once('\n').unwrap().1, alone);
}

/// A long article is scanned in segments and its records formatted on
/// every core: the output is byte for byte the one core's (`taskset` pins
/// the second run to one; without `taskset` there is nothing to compare).
#[test]
fn a_long_article_prints_the_same_on_every_core_as_on_one() {
    if Command::new("taskset").arg("-V").output().is_err() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("long.txt");
    let sample = std::fs::read_to_string(SAMPLE).unwrap();
    // Over 8 MB (two segments) and far over 65,536 mentions.
    let mut text = String::new();
    while text.len() < 9 << 20 {
        text.push_str(&sample);
        text.push_str("Fancy Bear, the FBI and APT28’s Sofacy Group.\n\n");
    }
    std::fs::write(&path, &text).unwrap();
    let path = path.to_str().unwrap();
    for format in ["tsv", "json"] {
        let every = aka(&["mentions", "--format", format, path]);
        let one = Command::new("taskset")
            .args(["-c", "0", env!("CARGO_BIN_EXE_aka")])
            .args(["mentions", "--format", format, path])
            .output()
            .unwrap();
        assert!(every.status.success() && one.status.success());
        assert!(every.stdout.len() > 5 << 20, "{format}: many records");
        assert!(every.stdout == one.stdout, "{format}: the same bytes");
    }
}
