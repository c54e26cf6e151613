//! `aka export --html`: a well-formed, self-contained page (parsed with an
//! HTML parser), one `<mark>` per mention carrying its actor's id and
//! colour, a who's who legend, and article text escaped so that it cannot
//! become markup.

#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

use std::collections::HashMap;
use std::process::Command;

use aka::explore::{SAMPLE, SAMPLE_NAME};
use aka::formats::html;
use aka::model::{Catalog, Document, Matcher};
use aka::theme::slot_hex;
use pretty_assertions::assert_eq;
use scraper::{Html, Selector};

fn export(text: &str) -> (String, Vec<aka::model::Mention>, Catalog) {
    let catalog = Catalog::bundled();
    let mentions = Matcher::new(&catalog).find_all(text);
    let doc = Document::from_text(SAMPLE_NAME, text);
    (html::page(&doc, &mentions, &catalog), mentions, catalog)
}

fn sel(s: &str) -> Selector {
    Selector::parse(s).unwrap()
}

#[test]
fn the_page_parses_without_errors_and_marks_every_mention() {
    let (page, mentions, catalog) = export(SAMPLE);
    let parsed = Html::parse_document(&page);
    assert!(
        parsed.errors.is_empty(),
        "parse errors: {:?}",
        parsed.errors
    );

    let marks: Vec<_> = parsed.select(&sel(".text mark")).collect();
    assert_eq!(marks.len(), mentions.len());
    assert_eq!(parsed.select(&sel("mark")).count(), mentions.len());
    // Colours by order of first appearance, as the explorer gives them.
    let mut slots: HashMap<usize, usize> = HashMap::new();
    for (mark, m) in marks.iter().zip(&mentions) {
        let next = slots.len();
        let slot = *slots.entry(m.actor()).or_insert(next);
        let el = mark.value();
        assert_eq!(
            el.attr("data-actor"),
            Some(catalog.actor(m.actor()).id.as_str())
        );
        assert_eq!(
            el.attr("style"),
            Some(format!("--c: {}", slot_hex(slot)).as_str())
        );
        assert_eq!(mark.text().collect::<String>(), &SAMPLE[m.range()]);
        assert!(el.attr("title").is_some_and(|t| !t.is_empty()));
    }
    let fancy = marks
        .iter()
        .find(|m| m.text().collect::<String>() == "Fancy Bear")
        .unwrap();
    assert_eq!(
        fancy.value().attr("title"),
        Some("Fancy Bear: APT28 (threat group, Russia), operated by the GRU")
    );
    // Different actors, different colours.
    let russia = marks
        .iter()
        .find(|m| m.value().attr("data-actor") == Some("russia"))
        .unwrap();
    assert_ne!(fancy.value().attr("style"), russia.value().attr("style"));

    // The text of the page is the article, unchanged.
    let text: String = parsed
        .select(&sel(".text"))
        .next()
        .unwrap()
        .text()
        .collect();
    assert_eq!(text, SAMPLE);

    // The legend: one row per actor, in order of appearance.
    let legend: Vec<_> = parsed.select(&sel(".legend li")).collect();
    assert_eq!(legend.len(), 13);
    assert_eq!(legend[0].value().attr("data-actor"), Some("united-states"));
    let apt28 = legend
        .iter()
        .find(|li| li.value().attr("data-actor") == Some("apt28"))
        .unwrap();
    let row: String = apt28.text().collect();
    assert!(
        row.contains("APT28")
            && row.contains("3 mentions")
            && row.contains("Sofacy Group, Fancy Bear"),
        "{row}"
    );
}

#[test]
fn the_page_is_self_contained_light_dark_and_printable() {
    let (page, _, _) = export(SAMPLE);
    let parsed = Html::parse_document(&page);
    for external in [
        "script", "link", "img", "iframe", "object", "[src]", "[href]",
    ] {
        assert_eq!(parsed.select(&sel(external)).count(), 0, "{external}");
    }
    assert!(!page.contains("url("));
    assert!(!page.contains("@import"));
    let style: String = parsed
        .select(&sel("style"))
        .next()
        .unwrap()
        .text()
        .collect();
    assert!(style.contains("prefers-color-scheme: dark"));
    assert!(style.contains("@media print"));
    assert!(style.contains("print-color-adjust: exact"));
    let charset = parsed.select(&sel("meta[charset]")).next().unwrap();
    assert_eq!(charset.value().attr("charset"), Some("utf-8"));
}

#[test]
fn markup_ampersands_and_quotes_in_the_article_are_escaped() {
    let text =
        "<b>Fancy Bear</b> & \"APT28\" said: 'x < y && z > 0' <script>alert(1)</script>\u{1b}[31m";
    let (page, mentions, _) = export(text);
    assert_eq!(mentions.len(), 2);
    let body = &page[page.find("<div class=\"text\">").unwrap()..page.find("</div>").unwrap()];
    assert!(
        !body.contains("<b>") && !body.contains("<script>"),
        "{body}"
    );
    assert!(body.contains("&lt;b&gt;"));
    assert!(body.contains("&amp; &quot;"));
    assert!(body.contains("&#39;x &lt; y &amp;&amp; z &gt; 0&#39;"));
    assert!(
        !body.contains('\u{1b}'),
        "control characters are not sent as they are"
    );
    let parsed = Html::parse_document(&page);
    assert!(parsed.errors.is_empty(), "{:?}", parsed.errors);
    assert_eq!(parsed.select(&sel(".text b, script")).count(), 0);
    let shown: String = parsed
        .select(&sel(".text"))
        .next()
        .unwrap()
        .text()
        .collect();
    assert_eq!(shown, text.replace('\u{1b}', "␛"));
    let marks: Vec<String> = parsed
        .select(&sel("mark"))
        .map(|m| m.text().collect())
        .collect();
    assert_eq!(marks, ["Fancy Bear", "APT28"]);
    // The title and the hover text are escaped too.
    assert!(page.contains("<title>&lt;b&gt;Fancy Bear&lt;/b&gt; &amp; &quot;APT28&quot;"));
}

#[test]
fn aka_export_html_writes_the_page_to_stdout() {
    let out = Command::new(env!("CARGO_BIN_EXE_aka"))
        .args(["export", "--html", "seeds/election-2016.txt"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let page = String::from_utf8(out.stdout).unwrap();
    assert!(page.starts_with("<!DOCTYPE html>"));
    let parsed = Html::parse_document(&page);
    assert!(parsed.errors.is_empty(), "{:?}", parsed.errors);
    assert!(parsed.select(&sel("mark[data-actor=apt28]")).count() >= 3);

    let missing = Command::new(env!("CARGO_BIN_EXE_aka"))
        .args(["export", "--html", "no/such.txt"])
        .output()
        .unwrap();
    assert_eq!(missing.status.code(), Some(1));
    assert!(missing.stdout.is_empty());
}

/// The page of `text` as if read from a file called `name`.
fn page_of(name: &str, text: &str) -> Html {
    let catalog = Catalog::bundled();
    let mentions = Matcher::new(&catalog).find_all(text);
    let page = html::page(&Document::from_text(name, text), &mentions, &catalog);
    let parsed = Html::parse_document(&page);
    assert!(parsed.errors.is_empty(), "{:?}", parsed.errors);
    parsed
}

#[test]
fn markdown_headings_are_styled_without_their_markers_and_shown_once() {
    let text = "# APT28 strikes again\n\nFancy Bear hit the DNC.\n\n## What we know\nMore.\n";
    let parsed = page_of("story.md", text);
    let body: String = parsed
        .select(&sel(".text"))
        .next()
        .unwrap()
        .text()
        .collect();
    assert!(!body.contains('#'), "{body}");
    assert_eq!(
        body,
        "APT28 strikes again\n\nFancy Bear hit the DNC.\n\nWhat we know\nMore.\n"
    );
    let heads: Vec<(String, String)> = parsed
        .select(&sel(".text [role=heading]"))
        .map(|h| {
            let level = h.value().attr("aria-level").unwrap().to_string();
            (level, h.text().collect())
        })
        .collect();
    assert_eq!(
        heads,
        [
            ("1".to_string(), "APT28 strikes again".to_string()),
            ("2".to_string(), "What we know".to_string())
        ]
    );
    // The mention inside the heading is marked inside it.
    assert_eq!(parsed.select(&sel(".text .h1 mark")).count(), 1);
    // The heading is not printed a second time above the text.
    let all: String = parsed.select(&sel("body")).next().unwrap().text().collect();
    assert_eq!(all.matches("APT28 strikes again").count(), 1, "{all}");
    assert_eq!(parsed.select(&sel("header h1")).count(), 0);
    let title: String = parsed
        .select(&sel("title"))
        .next()
        .unwrap()
        .text()
        .collect();
    assert_eq!(title, "APT28 strikes again");
}

#[test]
fn a_plain_first_line_heads_the_text_and_a_one_line_text_has_the_file_name() {
    let parsed = page_of(
        "b.txt",
        "Second story\nThe Guardian reported that Fancy Bear struck.\n",
    );
    let first: String = parsed
        .select(&sel(".text .h1"))
        .next()
        .unwrap()
        .text()
        .collect();
    assert_eq!(first, "Second story");
    let parsed = page_of("notes/c.txt", "Fancy Bear hit the DNC.");
    let h1: String = parsed
        .select(&sel("header h1"))
        .next()
        .unwrap()
        .text()
        .collect();
    assert_eq!(h1, "c.txt");
    assert_eq!(parsed.select(&sel(".text [role=heading]")).count(), 0);
}

#[test]
fn aka_export_without_a_path_exports_the_sample_and_takes_a_format() {
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_aka"))
            .args(args)
            .current_dir(std::env::temp_dir())
            .output()
            .unwrap()
    };
    let out = run(&["export", "--html"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let page = String::from_utf8(out.stdout).unwrap();
    assert!(page.contains("sample: election-2016.txt"));
    assert_eq!(page.matches("<mark").count(), 28);
    // The same with no flag at all: HTML is the default.
    assert_eq!(run(&["export"]).stdout, page.as_bytes());
    // Another format of the one Format type.
    let out = run(&["export", "--format", "jsonl"]);
    assert!(out.status.success());
    assert_eq!(String::from_utf8(out.stdout).unwrap().lines().count(), 28);
    // A format that is not an export's is a usage error.
    let out = run(&["export", "--format", "tsv"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("[possible values: jsonl, stix, brat, html]"),
        "{err}"
    );
}

#[test]
fn a_hash_line_in_plain_text_stays_text_as_in_the_explorer() {
    let parsed = page_of(
        "notes.txt",
        "Report\n# 5 was the count\nFancy Bear hit the DNC.\n",
    );
    let body: String = parsed
        .select(&sel(".text"))
        .next()
        .unwrap()
        .text()
        .collect();
    assert!(body.contains("# 5 was the count"), "{body}");
    let heads: Vec<String> = parsed
        .select(&sel(".text [role=heading]"))
        .map(|h| h.text().collect())
        .collect();
    assert_eq!(heads, ["Report"], "only the first line heads the text");
}
