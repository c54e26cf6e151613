//! The bundled catalog as a "world" catalog: every country, the agencies,
//! vendors and news outlets that security and political news name.
//! Demonyms (`Russian officials`) are the finder's business and are not
//! asserted here; only plain names are.

use std::collections::HashSet;

use aka::model::{Catalog, Kind, Matcher};

fn catalog() -> Catalog {
    Catalog::bundled()
}

#[test]
fn every_country_is_a_state_with_its_iso_code() {
    let c = catalog();
    let states: Vec<_> = c
        .actors()
        .iter()
        .filter(|a| a.kind == Kind::State)
        .collect();
    assert!(states.len() >= 240, "{} states", states.len());
    let mut codes = HashSet::new();
    for s in &states {
        let code = s
            .country
            .as_deref()
            .unwrap_or_else(|| panic!("{} has no country", s.id));
        assert!(codes.insert(code), "two states with country {code}");
    }
    for (id, code) in [
        ("united-states", "US"),
        ("russia", "RU"),
        ("china", "CN"),
        ("north-korea", "KP"),
        ("south-korea", "KR"),
        ("iran", "IR"),
        ("united-kingdom", "GB"),
        ("ukraine", "UA"),
        ("israel", "IL"),
        ("taiwan", "TW"),
        ("czechia", "CZ"),
        ("turkiye", "TR"),
        ("ivory-coast", "CI"),
    ] {
        let a = c.get(id).unwrap_or_else(|| panic!("no state {id}"));
        assert_eq!(a.kind, Kind::State, "{id}");
        assert_eq!(a.country.as_deref(), Some(code), "{id}");
    }
}

/// Agencies, government bodies, vendors and media that must be there, by id,
/// with their kind and a name or alias news uses.
const EXPECTED: &[(&str, Kind, &str)] = &[
    ("fbi", Kind::Agency, "FBI"),
    ("cisa", Kind::Agency, "CISA"),
    ("nsa", Kind::Agency, "NSA"),
    ("cia", Kind::Agency, "CIA"),
    ("doj", Kind::GovernmentBody, "Justice Department"),
    ("treasury", Kind::GovernmentBody, "U.S. Treasury"),
    ("ofac", Kind::Agency, "OFAC"),
    ("fincen", Kind::Agency, "FinCEN"),
    ("state-department", Kind::GovernmentBody, "State Department"),
    ("dhs", Kind::Agency, "DHS"),
    ("odni", Kind::Agency, "ODNI"),
    ("us-cyber-command", Kind::Agency, "US Cyber Command"),
    ("secret-service", Kind::Agency, "Secret Service"),
    ("uk-ncsc", Kind::Agency, "NCSC"),
    ("gchq", Kind::Agency, "GCHQ"),
    ("mi5", Kind::Agency, "MI5"),
    ("mi6", Kind::Agency, "MI6"),
    ("nca", Kind::Agency, "National Crime Agency"),
    ("bsi", Kind::Agency, "BSI"),
    ("bfv", Kind::Agency, "BfV"),
    ("bnd", Kind::Agency, "BND"),
    ("anssi", Kind::Agency, "ANSSI"),
    ("dgse", Kind::Agency, "DGSE"),
    ("foreign-intelligence-service-russia", Kind::Agency, "SVR"),
    ("federal-security-service-russia", Kind::Agency, "FSB"),
    ("gru", Kind::Agency, "GRU"),
    ("ministry-of-state-security-china", Kind::Agency, "MSS"),
    ("pla", Kind::Agency, "People's Liberation Army"),
    ("irgc", Kind::Agency, "IRGC"),
    ("ministry-of-intelligence-iran", Kind::Agency, "MOIS"),
    ("rgb", Kind::Agency, "Reconnaissance General Bureau"),
    ("mossad", Kind::Agency, "Mossad"),
    ("shin-bet", Kind::Agency, "Shin Bet"),
    ("unit-8200", Kind::Agency, "Unit 8200"),
    ("sbu", Kind::Agency, "SBU"),
    ("cert-ua", Kind::Agency, "CERT-UA"),
    (
        "communications-security-establishment-canada",
        Kind::Agency,
        "CSE",
    ),
    ("cccs", Kind::Agency, "Canadian Centre for Cyber Security"),
    ("asd", Kind::Agency, "ASD"),
    ("acsc", Kind::Agency, "ACSC"),
    ("aivd", Kind::Agency, "AIVD"),
    ("mivd", Kind::Agency, "MIVD"),
    ("europol", Kind::Agency, "Europol"),
    ("interpol", Kind::Organization, "Interpol"),
    ("european-union", Kind::Organization, "EU"),
    ("nato", Kind::Organization, "NATO"),
    ("united-nations", Kind::Organization, "UN"),
    ("microsoft", Kind::Organization, "Microsoft"),
    ("google", Kind::Organization, "Google"),
    ("google-tag", Kind::Organization, "Google TAG"),
    ("mandiant", Kind::Organization, "FireEye"),
    ("crowdstrike", Kind::Organization, "CrowdStrike"),
    ("proofpoint", Kind::Organization, "Proofpoint"),
    ("kaspersky", Kind::Organization, "Kaspersky Lab"),
    ("eset", Kind::Organization, "ESET"),
    ("talos", Kind::Organization, "Talos"),
    ("recorded-future", Kind::Organization, "Recorded Future"),
    ("zscaler", Kind::Organization, "Zscaler"),
    ("palo-alto-networks", Kind::Organization, "Unit 42"),
    ("secureworks", Kind::Organization, "Secureworks"),
    ("symantec", Kind::Organization, "Symantec"),
    ("broadcom", Kind::Organization, "Broadcom"),
    ("trend-micro", Kind::Organization, "Trend Micro"),
    ("check-point", Kind::Organization, "Check Point"),
    ("sentinelone", Kind::Organization, "SentinelLabs"),
    ("sophos", Kind::Organization, "Sophos"),
    ("mcafee", Kind::Organization, "McAfee"),
    ("trellix", Kind::Organization, "Trellix"),
    ("intel-471", Kind::Organization, "Intel 471"),
    ("group-ib", Kind::Organization, "Group-IB"),
    ("dragos", Kind::Organization, "Dragos"),
    ("volexity", Kind::Organization, "Volexity"),
    ("citizen-lab", Kind::Organization, "Citizen Lab"),
    ("lookout", Kind::Organization, "Lookout"),
    ("bitdefender", Kind::Organization, "Bitdefender"),
    ("avast", Kind::Organization, "Avast"),
    ("malwarebytes", Kind::Organization, "Malwarebytes"),
    ("fortinet", Kind::Organization, "Fortinet"),
    ("akamai", Kind::Organization, "Akamai"),
    ("cloudflare", Kind::Organization, "Cloudflare"),
    ("sekoia", Kind::Organization, "Sekoia"),
    ("lab52", Kind::Organization, "Lab52"),
    ("quointelligence", Kind::Organization, "QuoIntelligence"),
    (
        "positive-technologies",
        Kind::Organization,
        "Positive Technologies",
    ),
    ("qihoo-360", Kind::Organization, "Qihoo 360"),
    ("reuters", Kind::Media, "Reuters"),
    ("associated-press", Kind::Media, "AP"),
    ("afp", Kind::Media, "Agence France-Presse"),
    ("new-york-times", Kind::Media, "NYT"),
    ("washington-post", Kind::Media, "The Washington Post"),
    ("the-guardian", Kind::Media, "The Guardian"),
    ("bbc", Kind::Media, "BBC"),
    ("bloomberg", Kind::Media, "Bloomberg"),
    ("wsj", Kind::Media, "WSJ"),
    ("cnn", Kind::Media, "CNN"),
    ("nbc-news", Kind::Media, "NBC News"),
    ("cbs-news", Kind::Media, "CBS News"),
    ("abc-news", Kind::Media, "ABC News"),
    ("politico", Kind::Media, "Politico"),
    ("axios", Kind::Media, "Axios"),
    ("financial-times", Kind::Media, "Financial Times"),
    ("the-economist", Kind::Media, "The Economist"),
    ("wired", Kind::Media, "Wired"),
    ("the-record", Kind::Media, "The Record"),
    ("bleepingcomputer", Kind::Media, "BleepingComputer"),
    ("techcrunch", Kind::Media, "TechCrunch"),
    ("ars-technica", Kind::Media, "Ars Technica"),
    ("the-register", Kind::Media, "The Register"),
    ("krebsonsecurity", Kind::Media, "Krebs on Security"),
    ("der-spiegel", Kind::Media, "Der Spiegel"),
    ("le-monde", Kind::Media, "Le Monde"),
    ("tass", Kind::Media, "TASS"),
    ("ria-novosti", Kind::Media, "RIA Novosti"),
    ("interfax", Kind::Media, "Interfax"),
    ("xinhua", Kind::Media, "Xinhua"),
    ("global-times", Kind::Media, "Global Times"),
    ("al-jazeera", Kind::Media, "Al Jazeera"),
    ("kyiv-independent", Kind::Media, "Kyiv Independent"),
    ("yonhap", Kind::Media, "Yonhap"),
    ("nhk", Kind::Media, "NHK"),
    ("the-atlantic", Kind::Media, "The Atlantic"),
];

#[test]
fn agencies_vendors_and_media_are_there() {
    let c = catalog();
    for &(id, kind, alias) in EXPECTED {
        let a = c.get(id).unwrap_or_else(|| panic!("no actor {id}"));
        assert_eq!(a.kind, kind, "{id}");
        assert!(
            a.aliases.iter().any(|x| x.text == alias),
            "{id} has no alias {alias:?}"
        );
        assert!(a.description.is_some(), "{id} has no description");
    }
}

/// Following `part-of` and `government-of` links from an agency or a
/// government body ends at a state (or, for Europol and ENISA, at the EU);
/// an agency of a state that no longer exists (the Soviet KGB) is related to
/// its successor instead.
#[test]
fn every_agency_belongs_to_a_state() {
    let c = catalog();
    for a in c.actors() {
        if !matches!(a.kind, Kind::Agency | Kind::GovernmentBody) {
            continue;
        }
        let mut at = a;
        let mut seen = HashSet::new();
        while at.kind != Kind::State && at.id != "european-union" {
            assert!(seen.insert(&at.id), "{}: links go round", a.id);
            let up = at
                .links
                .iter()
                .find(|l| l.rel.0 == "part-of" || l.rel.0 == "government-of")
                .or_else(|| at.links.iter().find(|l| l.rel.0 == "related-to"))
                .unwrap_or_else(|| panic!("{}: {} is part of nothing", a.id, at.id));
            at = c
                .get(&up.to.0)
                .unwrap_or_else(|| panic!("{}: no actor {}", a.id, up.to.0));
        }
        if at.kind == Kind::State
            && let Some(code) = &a.country
        {
            assert_eq!(at.country.as_ref(), Some(code), "{}", a.id);
        }
    }
}

/// The actor ids found in `text`, in order.
fn found(c: &Catalog, text: &str) -> Vec<String> {
    Matcher::new(c)
        .find_all(text)
        .into_iter()
        .map(|m| c.actor(m.actor()).id.clone())
        .collect()
}

#[test]
fn news_sentences_name_the_right_actors() {
    let c = catalog();
    let cases: &[(&str, &[&str])] = &[
        (
            "Reuters reported that the FBI and CISA issued a joint advisory with the NSA.",
            &["reuters", "fbi", "cisa", "nsa"],
        ),
        (
            "According to Mandiant, the intrusion began in March; Google's Threat Analysis Group agreed.",
            &["mandiant", "google-tag"],
        ),
        (
            "The U.K.'s National Cyber Security Centre and GCHQ said on Tuesday that the GRU was behind it.",
            &["united-kingdom", "uk-ncsc", "gchq", "gru"],
        ),
        (
            "The Treasury Department's OFAC sanctioned two men, the Justice Department said, after an FBI inquiry.",
            &["treasury", "ofac", "doj", "fbi"],
        ),
        (
            "North Korea's Reconnaissance General Bureau, Microsoft and CrowdStrike wrote, funds the regime; the DPRK denies it.",
            &[
                "north-korea",
                "rgb",
                "microsoft",
                "crowdstrike",
                "north-korea",
            ],
        ),
        (
            "Iran's IRGC and China's Ministry of State Security were named by The New York Times and the AP.",
            &[
                "iran",
                "irgc",
                "china",
                "ministry-of-state-security-china",
                "new-york-times",
                "associated-press",
            ],
        ),
        (
            "Talos, Unit 42 and ESET researchers shared indicators with Europol and the SBU in Ukraine.",
            &[
                "talos",
                "palo-alto-networks",
                "eset",
                "europol",
                "sbu",
                "ukraine",
            ],
        ),
        (
            "The PRC, the People's Republic of China, and Taiwan; Türkiye, also written Turkey; Côte d'Ivoire and the Czech Republic.",
            &[
                "china",
                "china",
                "taiwan",
                "turkiye",
                "turkiye",
                "ivory-coast",
                "czechia",
            ],
        ),
        (
            "NATO and the EU condemned the attack, and the UN Security Council met at the request of the UAE.",
            &[
                "nato",
                "european-union",
                "united-nations",
                "united-arab-emirates",
            ],
        ),
        (
            "BleepingComputer, The Record and Wired first reported the breach, which Kaspersky confirmed.",
            &["bleepingcomputer", "the-record", "wired", "kaspersky"],
        ),
    ];
    for (text, want) in cases {
        assert_eq!(found(&c, text), *want, "{text}");
    }
}

#[test]
fn words_that_are_not_actors_are_not_found() {
    let c = catalog();
    for text in [
        // Lower-case words that are also names.
        "Keep a lookout, avast ye, the record shows a treasury of wired gadgets.",
        "The US state of Washington, as us and it and me know, is in America's northwest.",
        "A Washington Post reporter in New Jersey wrote it.",
    ] {
        let ids = found(&c, text);
        assert!(
            ids.iter()
                .all(|id| ["united-states", "washington-post"].contains(&id.as_str())),
            "{text}: {ids:?}"
        );
    }
    // "Jersey" alone is not an alias: New Jersey is no mention of the island.
    assert_eq!(found(&c, "New Jersey"), Vec::<String>::new());
    // Northern Ireland is the United Kingdom's, not Ireland's.
    assert_eq!(found(&c, "Belfast, Northern Ireland"), ["united-kingdom"]);
}

#[test]
fn no_alias_is_a_bare_two_letter_code_except_those_news_writes() {
    let c = catalog();
    let allowed = ["US", "UK", "EU", "UN", "AP"];
    for a in c.actors() {
        for x in &a.aliases {
            if x.text.chars().count() == 2 && x.text.chars().all(|ch| ch.is_ascii_uppercase()) {
                assert!(allowed.contains(&x.text.as_str()), "{}: {}", a.id, x.text);
            }
        }
    }
}
