//! `--catalog FILE` with each input format (issue 5): aka's catalog JSON, a
//! MISP galaxy cluster and a STIX 2.1 bundle are recognised by content and
//! yield the expected actors; malformed ones fail naming `file:line:column`.

#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

use std::process::Command;

use aka::formats::catalogs as formats;
use aka::model::{Catalog, CatalogError, CatalogSource, Kind};
use pretty_assertions::assert_eq;

const DIR: &str = "tests/fixtures/packs/formats";

fn source(name: &str) -> CatalogSource {
    CatalogSource::read(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join(DIR)
            .join(name),
    )
    .unwrap()
}

fn load(name: &str) -> Result<Catalog, CatalogError> {
    formats::load(&[CatalogSource::bundled(), source(name)])
}

fn aliases(c: &Catalog, id: &str) -> Vec<String> {
    c.get(id)
        .unwrap()
        .aliases
        .iter()
        .map(|a| a.text.clone())
        .collect()
}

#[test]
fn formats_are_recognised_by_content() {
    use formats::Detected;
    assert_eq!(
        formats::detect(&source("aka-catalog.json").json),
        Detected::Aka
    );
    assert_eq!(
        formats::detect(&source("misp-cluster.json").json),
        Detected::Misp
    );
    assert_eq!(
        formats::detect(&source("stix-bundle.json").json),
        Detected::Stix
    );
    assert_eq!(
        formats::detect("{\"type\": 3, \"actors\": []}"),
        Detected::Aka
    );
    assert_eq!(formats::detect("not json"), Detected::Aka);
}

#[test]
fn aka_catalog_loads_its_actors() {
    let c = load("aka-catalog.json").unwrap();
    assert_eq!(aliases(&c, "kettle-spider"), ["Kettle Spider", "TEAPOT-7"]);
}

#[test]
fn misp_cluster_yields_one_actor_per_value_with_links() {
    let c = load("misp-cluster.json").unwrap();
    let k = c.get("kettle-spider").unwrap();
    assert_eq!(k.kind, Kind::ThreatGroup);
    assert_eq!(k.country.as_deref(), Some("NZ"));
    assert_eq!(
        aliases(&c, "kettle-spider"),
        ["Kettle Spider", "TEAPOT-7", "Boiling Point Crew"]
    );
    assert_eq!(k.links.len(), 1);
    assert_eq!(
        (k.links[0].rel.0.as_str(), k.links[0].to.0.as_str()),
        ("similar", "fancy-bear")
    );
    assert_eq!(k.links[0].confidence.as_deref(), Some("likely"));
    // A value named like a bundled alias is its own actor: shared names
    // never merge actors, they make the name ambiguous.
    let apt28 = c.index_of("apt28").unwrap();
    let other = c.index_of("fancy-bear").unwrap();
    assert_eq!(c.sharing("Fancy Bear"), [apt28, other]);
    let origin = &c.origins()[k.aliases[1].origins[0]];
    assert!(
        origin.label.ends_with("misp-cluster.json"),
        "{}",
        origin.label
    );
}

#[test]
fn stix_bundle_yields_actors_and_links_from_relationships() {
    let c = load("stix-bundle.json").unwrap();
    let t = c.get("teacup-typhoon").unwrap();
    assert_eq!(t.kind, Kind::ThreatGroup);
    assert_eq!(
        aliases(&c, "teacup-typhoon"),
        ["Teacup Typhoon", "TEACUP-9", "Saucer Team"]
    );
    assert_eq!(t.attack_id(), Some("G9999"));
    assert_eq!(aliases(&c, "spoutrat"), ["SpoutRAT", "Spout RAT"]);
    assert_eq!(c.get("spoutrat").unwrap().kind, Kind::Other);
    assert_eq!(c.get("ministry-of-tea").unwrap().kind, Kind::Organization);
    assert!(c.get("old-name").is_none(), "revoked objects are left out");
    let links: Vec<(&str, &str, Option<&str>)> = t
        .links
        .iter()
        .map(|l| (l.rel.0.as_str(), l.to.0.as_str(), l.confidence.as_deref()))
        .collect();
    assert_eq!(
        links,
        [
            ("uses", "spoutrat", Some("85")),
            ("attributed-to", "ministry-of-tea", None)
        ]
    );
}

#[test]
fn an_exported_bundle_reads_back_with_the_same_ids() {
    let out = Command::new(env!("CARGO_BIN_EXE_aka"))
        .args(["mentions", "--format", "stix", "seeds/election-2016.txt"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    let json = String::from_utf8(out.stdout).unwrap();
    let c = formats::load(&[CatalogSource {
        name: "export.json".into(),
        json,
    }])
    .unwrap();
    let bundled = Catalog::bundled();
    assert_eq!(c.len(), 13);
    for a in c.actors() {
        let b = bundled.get(&a.id).unwrap();
        assert_eq!((a.kind, &a.name), (b.kind, &b.name));
    }
}

fn error(name: &str) -> (usize, usize, String, String) {
    match load(name) {
        Err(CatalogError::Invalid {
            path,
            line,
            column,
            message,
        }) => (line, column, message, path),
        other => panic!("{name}: expected an error with a position, got {other:?}"),
    }
}

#[test]
fn malformed_imports_fail_with_file_line_column() {
    let (line, column, message, path) = error("bad-misp.json");
    assert!(path.ends_with("bad-misp.json"));
    assert_eq!((line, column), (5, 15));
    assert!(
        message.contains("invalid type: integer `7`, expected a string"),
        "{message}"
    );

    let (line, _, message, _) = error("bad-stix.json");
    assert_eq!(line, 5);
    assert!(message.contains("has no \"name\""), "{message}");

    let (line, column, message, _) = error("bad-syntax-stix.json");
    assert_eq!((line, column), (4, 87));
    assert!(message.contains("JSON syntax error"), "{message}");

    // The command line says file:line:column.
    let out = Command::new(env!("CARGO_BIN_EXE_aka"))
        .args([
            "mentions",
            "--catalog",
            &format!("{DIR}/bad-misp.json"),
            "seeds/election-2016.txt",
        ])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.starts_with(&format!("aka: {DIR}/bad-misp.json:5:15: ")),
        "{err}"
    );
}

#[test]
fn an_import_adds_to_a_known_actor_and_never_wipes_its_fields() {
    // A MISP cluster of tools that happens to hold values named like
    // known actors: they gain aliases and references, but keep their kind,
    // name, links and description.
    let misp = CatalogSource {
        name: "tools.json".into(),
        json: r#"{"type": "tool", "values": [
            {"value": "Russia", "meta": {"synonyms": ["Rossiya"]}},
            {"value": "APT28", "meta": {"synonyms": ["Tsar Team"], "refs": ["https://example.org/apt28"]}}
        ]}"#
        .into(),
    };
    let bundled = Catalog::bundled();
    let c = formats::load(&[CatalogSource::bundled(), misp]).unwrap();
    for id in ["russia", "apt28"] {
        let (before, after) = (bundled.get(id).unwrap(), c.get(id).unwrap());
        assert_eq!(after.kind, before.kind, "{id}");
        assert_eq!(after.name, before.name, "{id}");
        assert_eq!(after.description, before.description, "{id}");
        assert_eq!(after.links, before.links, "{id}");
        assert!(before.refs.iter().all(|r| after.refs.contains(r)), "{id}");
    }
    assert!(aliases(&c, "russia").contains(&"Rossiya".to_string()));
    assert!(aliases(&c, "apt28").contains(&"Tsar Team".to_string()));
    assert!(
        c.get("apt28")
            .unwrap()
            .refs
            .contains(&"https://example.org/apt28".to_string())
    );
}
