//! `aka mentions --format stix` and `--format brat` (issue 5), checked as a
//! consumer would: the STIX bundle against the STIX 2.1 rules that can be
//! checked offline, the brat `.ann` exactly.

#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

use std::collections::HashSet;
use std::io::Write;
use std::process::{Command, Stdio};

use pretty_assertions::assert_eq;
use serde_json::Value;

const SAMPLE: &str = "seeds/election-2016.txt";

fn aka(args: &[&str], stdin: &[u8]) -> (String, String, i32) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_aka"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // A command that reads no input may close it first.
    let _ = child.stdin.take().unwrap().write_all(stdin);
    let out = child.wait_with_output().unwrap();
    (
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        out.status.code().unwrap_or(-1),
    )
}

/// The sample's `.ann`. Offsets are code points (the file has curly quotes
/// before the first mention, so they differ from the byte offsets); the
/// test below also slices the file by them.
const SAMPLE_ANN: &str = "\
T1\tstate 9 13\tU.S.\n\
#1\tAnnotatorNotes T1\tunited-states\n\
T2\tstate 125 143\tRussian government\n\
#2\tAnnotatorNotes T2\trussia\n\
T3\tgovernment-body 163 183\tObama administration\n\
#3\tAnnotatorNotes T3\tobama-administration\n\
T4\tgovernment-body 231 251\tObama administration\n\
#4\tAnnotatorNotes T4\tobama-administration\n\
T5\tstate 273 288\tRussian leaders\n\
#5\tAnnotatorNotes T5\trussia\n\
T6\tstate 323 327\tU.S.\n\
#6\tAnnotatorNotes T6\tunited-states\n\
T7\tmedia 379 394\tWashington Post\n\
#7\tAnnotatorNotes T7\twashington-post\n\
T8\tstate 400 418\tRussian government\n\
#8\tAnnotatorNotes T8\trussia\n\
T9\torganization 514 543\tDemocratic National Committee\n\
#9\tAnnotatorNotes T9\tdnc\n\
T10\torganization 545 548\tDNC\n\
#10\tAnnotatorNotes T10\tdnc\n\
T11\tmedia 615 627\tThe Guardian\n\
#11\tAnnotatorNotes T11\tthe-guardian\n\
T12\tthreat-group 700 734\tAdvance Persistent Threat (APT) 28\n\
#12\tAnnotatorNotes T12\tapt28\n\
T13\tthreat-group 736 748\tSofacy Group\n\
#13\tAnnotatorNotes T13\tapt28\n\
T14\tthreat-group 766 776\tFancy Bear\n\
#14\tAnnotatorNotes T14\tapt28\n\
T15\tstate 817 823\tRussia\n\
#15\tAnnotatorNotes T15\trussia\n\
T16\tstate 957 961\tU.S.\n\
#16\tAnnotatorNotes T16\tunited-states\n\
T17\tagency 1013 1044\tDepartment of Homeland Security\n\
#17\tAnnotatorNotes T17\tdhs\n\
T18\tagency 1053 1100\tOffice of the Director of National Intelligence\n\
#18\tAnnotatorNotes T18\todni\n\
T19\tmedia 1156 1168\tThe Atlantic\n\
#19\tAnnotatorNotes T19\tthe-atlantic\n\
T20\tleak-site 1235 1246\tDCLeaks.com\n\
#20\tAnnotatorNotes T20\tdcleaks\n\
T21\tleak-site 1251 1260\tWikiLeaks\n\
#21\tAnnotatorNotes T21\twikileaks\n\
T22\tpersona 1272 1284\tGuccifer 2.0\n\
#22\tAnnotatorNotes T22\tguccifer-2\n\
T23\tstate 1441 1443\tUS\n\
#23\tAnnotatorNotes T23\tunited-states\n\
T24\tstate 1490 1496\tMoscow\n\
#24\tAnnotatorNotes T24\trussia\n\
T25\tstate 1501 1509\tRussians\n\
#25\tAnnotatorNotes T25\trussia\n\
T26\tstate 1701 1707\tRussia\n\
#26\tAnnotatorNotes T26\trussia\n\
T27\torganization 1790 1793\tDNC\n\
#27\tAnnotatorNotes T27\tdnc\n\
T28\tpersona 1855 1867\tGuccifer 2.0\n\
#28\tAnnotatorNotes T28\tguccifer-2\n\
*\tAlias T1 T6 T16 T23\n\
*\tAlias T2 T5 T8 T15 T24 T25 T26\n\
*\tAlias T3 T4\n\
*\tAlias T9 T10 T27\n\
*\tAlias T12 T13 T14\n\
*\tAlias T22 T28\n\
";

#[test]
fn brat_ann_of_the_sample_is_exact() {
    let (out, err, code) = aka(&["mentions", "--format", "brat", SAMPLE], b"");
    assert_eq!(code, 0, "{err}");
    assert_eq!(out, SAMPLE_ANN);
    // Every T line names the text at its code-point offsets.
    let chars: Vec<char> =
        std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(SAMPLE))
            .unwrap()
            .chars()
            .collect();
    let mut ts = 0;
    for line in out.lines().filter(|l| l.starts_with('T')) {
        let f: Vec<&str> = line.split('\t').collect();
        let (_, spans) = f[1].split_once(' ').unwrap();
        let pieces: Vec<String> = spans
            .split(';')
            .map(|p| {
                let (a, b) = p.split_once(' ').unwrap();
                chars[a.parse::<usize>().unwrap()..b.parse::<usize>().unwrap()]
                    .iter()
                    .collect()
            })
            .collect();
        assert_eq!(pieces.join(" "), f[2]);
        ts += 1;
    }
    assert_eq!(ts, 28);
}

#[test]
fn brat_splits_a_mention_across_a_line_break_and_counts_code_points() {
    let (out, _, code) = aka(
        &["mentions", "--format", "brat", "-"],
        "\u{FEFF}Été: Fancy\r\nBear’s tools and APT28.".as_bytes(),
    );
    assert_eq!(code, 0);
    assert_eq!(
        out,
        "T1\tthreat-group 6 11;13 17\tFancy Bear\n#1\tAnnotatorNotes T1\tapt28\n\
         T2\tthreat-group 30 35\tAPT28\n#2\tAnnotatorNotes T2\tapt28\n*\tAlias T1 T2\n"
    );
}

#[test]
fn brat_takes_one_article() {
    let (_, err, code) = aka(&["mentions", "--format", "brat", SAMPLE, SAMPLE], b"");
    assert_eq!(code, 2);
    assert!(err.contains("one article"), "{err}");
}

fn is_uuid(s: &str) -> bool {
    uuid::Uuid::parse_str(s).is_ok_and(|u| u.hyphenated().to_string() == s)
}

fn is_timestamp(s: &str) -> bool {
    let b = s.as_bytes();
    let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
    b.len() >= 20
        && digits(0..4)
        && b[4] == b'-'
        && digits(5..7)
        && b[7] == b'-'
        && digits(8..10)
        && b[10] == b'T'
        && digits(11..13)
        && b[13] == b':'
        && digits(14..16)
        && b[16] == b':'
        && digits(17..19)
        && s.ends_with('Z')
        && (b.len() == 20 || (b[19] == b'.' && digits(20..b.len() - 1)))
}

/// Checks one STIX 2.1 object against the rules that need no network.
fn check_object(o: &Value, ids: &HashSet<String>) {
    let map = o.as_object().unwrap();
    let ty = o["type"].as_str().unwrap();
    for key in map.keys() {
        assert!(
            key.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_'),
            "property name {key}"
        );
        // Custom properties: an x_ prefix and 3 to 250 characters.
        let known = [
            "type",
            "spec_version",
            "id",
            "created",
            "modified",
            "name",
            "description",
            "published",
            "report_types",
            "object_refs",
            "identity_class",
            "sectors",
            "aliases",
            "threat_actor_types",
            "external_references",
        ];
        assert!(
            known.contains(&key.as_str())
                || (key.starts_with("x_") && (3..=250).contains(&key.len())),
            "property {key}"
        );
    }
    let id = o["id"].as_str().unwrap();
    let (prefix, uuid) = id.split_once("--").unwrap();
    assert_eq!(prefix, ty, "{id}");
    assert!(is_uuid(uuid), "{id}");
    assert_eq!(o["spec_version"], "2.1", "{id}");
    let created = o["created"].as_str().unwrap();
    let modified = o["modified"].as_str().unwrap();
    assert!(is_timestamp(created) && is_timestamp(modified), "{id}");
    assert!(modified >= created, "{id}");
    let name = o["name"].as_str().unwrap();
    assert!(!name.is_empty(), "{id}");
    match ty {
        "report" => {
            assert!(is_timestamp(o["published"].as_str().unwrap()));
            let refs = o["object_refs"].as_array().unwrap();
            assert!(!refs.is_empty(), "{id}: object_refs must not be empty");
        }
        "identity" => {
            let class = o["identity_class"].as_str().unwrap();
            assert!(
                [
                    "individual",
                    "group",
                    "system",
                    "organization",
                    "class",
                    "unknown"
                ]
                .contains(&class),
                "{id}: identity_class {class}"
            );
            assert!(
                o.get("aliases").is_none(),
                "identity has no aliases property"
            );
        }
        "intrusion-set" => {}
        "threat-actor" => assert!(o["threat_actor_types"].is_array()),
        other => panic!("unexpected object type {other}"),
    }
    if let Some(aliases) = o.get("aliases") {
        for a in aliases.as_array().unwrap() {
            assert!(!a.as_str().unwrap().is_empty());
        }
    }
    for (key, value) in map {
        let refs: Vec<&str> = if key.ends_with("_ref") {
            vec![value.as_str().unwrap()]
        } else if key.ends_with("_refs") {
            value
                .as_array()
                .unwrap()
                .iter()
                .map(|v| v.as_str().unwrap())
                .collect()
        } else {
            continue;
        };
        for r in refs {
            assert!(
                ids.contains(r),
                "{id}: {key} {r} does not resolve in the bundle"
            );
        }
    }
}

fn bundle(args: &[&str], stdin: &[u8]) -> Value {
    let mut a = vec!["mentions", "--format", "stix"];
    a.extend_from_slice(args);
    let (out, err, code) = aka(&a, stdin);
    assert_eq!(code, 0, "{err}");
    serde_json::from_str(&out).unwrap()
}

#[test]
fn stix_bundle_follows_the_offline_checkable_rules() {
    let b = bundle(
        &[SAMPLE, "-"],
        "Lazarus Group and Guccifer 2.0 struck with malware.".as_bytes(),
    );
    assert_eq!(b["type"], "bundle");
    let (prefix, uuid) = b["id"].as_str().unwrap().split_once("--").unwrap();
    assert!(prefix == "bundle" && is_uuid(uuid));
    let objects = b["objects"].as_array().unwrap();
    let ids: HashSet<String> = objects
        .iter()
        .map(|o| o["id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(ids.len(), objects.len(), "ids are unique");
    for o in objects {
        check_object(o, &ids);
    }
    let of_type = |t: &str| objects.iter().filter(|o| o["type"] == t).count();
    // Two articles; 13 actors in the sample, Lazarus Group besides.
    assert_eq!(of_type("report"), 2);
    assert_eq!(of_type("intrusion-set"), 2);
    assert_eq!(of_type("threat-actor"), 1);
    assert_eq!(of_type("identity"), 11);
    let report = objects.iter().find(|o| o["type"] == "report").unwrap();
    // The title: the article has no heading, so its first line.
    let first =
        std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(SAMPLE))
            .unwrap()
            .lines()
            .next()
            .unwrap()
            .trim()
            .to_string();
    assert_eq!(report["name"], first);
    assert_eq!(report["x_aka_path"], SAMPLE);
    assert_eq!(report["object_refs"].as_array().unwrap().len(), 13);
    let by_aka = |id: &str| objects.iter().find(|o| o["x_aka_id"] == id).unwrap();
    assert_eq!(by_aka("apt28")["type"], "intrusion-set");
    assert_eq!(
        by_aka("apt28")["external_references"][0]["external_id"],
        "G0007"
    );
    assert_eq!(by_aka("guccifer-2")["type"], "threat-actor");
    assert_eq!(by_aka("dhs")["identity_class"], "organization");
    assert_eq!(by_aka("wikileaks")["identity_class"], "system");
    assert_eq!(by_aka("the-guardian")["sectors"][0], "communications");
}

#[test]
fn stix_ids_are_uuid_v5_of_the_actor_id_and_stable() {
    let a = bundle(&[SAMPLE], b"");
    let b = bundle(&[SAMPLE], b"");
    assert_eq!(a, b);
    let apt28 = a["objects"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["x_aka_id"] == "apt28")
        .unwrap();
    let ns = uuid::Uuid::parse_str("00abedb4-aa42-466c-9c01-fed23315a9b7").unwrap();
    assert_eq!(
        apt28["id"],
        format!(
            "intrusion-set--{}",
            uuid::Uuid::new_v5(&ns, b"aka/actor/apt28")
        )
    );
    // An article with no actor gives no report (object_refs may not be empty).
    let empty = bundle(&["-"], b"Nothing to see here.");
    assert!(empty.get("objects").is_none());
}
