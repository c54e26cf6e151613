//! Teaching mode without a terminal: the lesson's steps and captions on the
//! sample article, progressive reveal of the who's who, tour files (and
//! their errors, with file and step number), and the state's transitions
//! (`p`, Space, ←, `r`, Home, Esc).

#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

use aka::action::Action;
use aka::app::App;
use aka::explore::{self, SAMPLE, SAMPLE_NAME};
use aka::model::lesson::tour::{Tour, TourError};
use aka::model::lesson::{Lesson, Revealed};
use aka::model::{Catalog, Document, Matcher, Mention};
use aka::theme::Theme;
use pretty_assertions::assert_eq;

fn sample_mentions(catalog: &Catalog) -> Vec<Mention> {
    Matcher::new(catalog).find_all(SAMPLE)
}

fn sample_lesson() -> (Catalog, Lesson) {
    let catalog = Catalog::bundled();
    let mentions = sample_mentions(&catalog);
    let lesson = Lesson::reading_order(SAMPLE, &mentions, &catalog);
    (catalog, lesson)
}

/// The strip as plain data: actor ids and the names met.
fn strip(catalog: &Catalog, revealed: &[Revealed]) -> Vec<(String, Vec<String>)> {
    revealed
        .iter()
        .map(|r| (catalog.actor(r.actor).id.clone(), r.names.clone()))
        .collect()
}

#[test]
fn every_mention_is_a_step_in_reading_order() {
    let (catalog, lesson) = sample_lesson();
    let mentions = sample_mentions(&catalog);
    assert_eq!(lesson.len(), mentions.len());
    assert_eq!(lesson.len(), 28);
    for (i, step) in lesson.steps.iter().enumerate() {
        assert_eq!(step.mention, i);
        assert_eq!(step.actor, mentions[i].actor());
        assert_eq!(step.text, &SAMPLE[mentions[i].range()]);
    }
    assert_eq!(lesson.title, None);
}

#[test]
fn the_first_ten_captions_of_the_sample() {
    let (_, lesson) = sample_lesson();
    let captions: Vec<&str> = lesson
        .steps
        .iter()
        .take(10)
        .map(|s| s.caption.as_str())
        .collect();
    assert_eq!(
        captions,
        [
            "U.S. — another name for the United States (state). First appearance of the United States.",
            "Russian government — another name for Russia (state). First appearance of Russia.",
            "Obama administration — first appearance of the Obama administration (government body, United States), government of the United States.",
            "Obama administration — the Obama administration again: 2nd mention.",
            "Russian leaders — another name for Russia (state). So “Russian leaders” and “Russian government” are the same actor: 2nd name for Russia so far.",
            "U.S. — the United States again: 2nd mention.",
            "Washington Post — first appearance of the Washington Post (media outlet, United States). Cited as a source (“according to”) for: “According to Washington Post, the Russian government attempted to…”",
            "Russian government — Russia again: 3rd mention.",
            "Democratic National Committee — first appearance of the Democratic National Committee (organization, United States).",
            "DNC — another name for the Democratic National Committee (organization, United States). So “DNC” and “Democratic National Committee” are the same actor: 2nd name for the Democratic National Committee so far.",
        ]
    );
}

#[test]
fn later_captions_count_names_and_say_what_a_source_is_cited_for() {
    let (_, lesson) = sample_lesson();
    let caption = |text: &str, nth: usize| {
        lesson
            .steps
            .iter()
            .filter(|s| s.text == text)
            .nth(nth)
            .map(|s| s.caption.clone())
            .unwrap()
    };
    // The issue's own example, word for word.
    assert_eq!(
        caption("Fancy Bear", 0),
        "Fancy Bear — another name for APT28 (threat group, Russia), operated by the GRU. 3rd name for APT28 so far."
    );
    assert_eq!(
        caption("Sofacy Group", 0),
        "Sofacy Group — another name for APT28 (threat group, Russia), operated by the GRU. So “Sofacy Group” and “Advance Persistent Threat (APT) 28” are the same actor: 2nd name for APT28 so far."
    );
    assert_eq!(
        caption("Russia", 0),
        "Russia — the main name of Russia (state). 3rd name for Russia so far."
    );
    assert_eq!(
        caption("The Guardian", 0),
        "The Guardian — first appearance of The Guardian (media outlet, United Kingdom). Cited as a source (“has cited”) for: “The Guardian has cited the different shorthand names of the hacking…”"
    );
    assert!(
        caption("Department of Homeland Security", 0).ends_with(
            "Cited as a source (“statement”) for 4 sentences, from: “The recent disclosures of alleged hacked e-mails on sites like…”"
        ),
        "{}",
        caption("Department of Homeland Security", 0)
    );
    assert_eq!(
        caption("Guccifer 2.0", 1),
        "Guccifer 2.0 — Guccifer 2.0 again: 2nd mention. Cited as a source (“claimed”) for: “The hack of the DNC computer servers was officially and initially…”"
    );
}

#[test]
fn an_ambiguous_name_says_which_actors_share_it() {
    let catalog = Catalog::load(&[aka::model::CatalogSource {
        name: "two.json".to_string(),
        json: r#"{"actors": [
            {"id": "a", "name": "Alpha Group", "kind": "threat-group", "aliases": ["Twin"]},
            {"id": "b", "name": "Beta Team", "kind": "threat-group", "aliases": ["Twin"]}
        ]}"#
        .to_string(),
    }])
    .unwrap();
    let text = "Twin struck again.";
    let mentions = Matcher::new(&catalog).find_all(text);
    let lesson = Lesson::reading_order(text, &mentions, &catalog);
    assert_eq!(
        lesson.steps[0].caption,
        "Twin — another name for Alpha Group (threat group). First appearance of Alpha Group. “Twin” is also a name of Beta Team; aka takes it for Alpha Group."
    );
}

#[test]
fn the_strip_reveals_actors_and_names_as_they_are_met() {
    let (catalog, lesson) = sample_lesson();
    assert!(lesson.revealed(0).is_empty());
    assert_eq!(
        strip(&catalog, &lesson.revealed(5)),
        [
            ("united-states".to_string(), vec!["U.S.".to_string()]),
            (
                "russia".to_string(),
                vec![
                    "Russian government".to_string(),
                    "Russian leaders".to_string()
                ]
            ),
            (
                "obama-administration".to_string(),
                vec!["Obama administration".to_string()]
            ),
        ]
    );
    // APT28's names arrive one step at a time.
    let apt28 = |shown: usize| {
        strip(&catalog, &lesson.revealed(shown))
            .into_iter()
            .find(|(id, _)| id == "apt28")
            .map(|(_, names)| names)
    };
    assert_eq!(apt28(11), None);
    assert_eq!(apt28(12).unwrap(), ["Advance Persistent Threat (APT) 28"]);
    assert_eq!(
        apt28(14).unwrap(),
        [
            "Advance Persistent Threat (APT) 28",
            "Sofacy Group",
            "Fancy Bear"
        ]
    );
    // Everything: every actor of the article, in order of appearance.
    let all = strip(&catalog, &lesson.revealed(lesson.len()));
    let ids: Vec<&str> = all.iter().map(|(id, _)| id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "united-states",
            "russia",
            "obama-administration",
            "washington-post",
            "dnc",
            "the-guardian",
            "apt28",
            "dhs",
            "odni",
            "the-atlantic",
            "dcleaks",
            "wikileaks",
            "guccifer-2",
        ]
    );
    assert_eq!(
        all[1].1,
        [
            "Russian government",
            "Russian leaders",
            "Russia",
            "Moscow",
            "Russians"
        ]
    );
    assert_eq!(lesson.shown_mentions(3), [0, 1, 2]);
}

// ----- Tour files. -----

const TOUR: &str = r#"{
  "title": "Who broke into the DNC?",
  "steps": [
    { "mention": "democratic national committee" },
    { "mention": "DNC", "occurrence": 2, "caption": "The committee again, by its initials." },
    { "actor": "apt28", "occurrence": 3 },
    { "mention": "Guccifer 2.0", "actor": "guccifer-2" }
  ]
}"#;

fn tour_lesson(json: &str) -> Result<Lesson, TourError> {
    let catalog = Catalog::bundled();
    let mentions = sample_mentions(&catalog);
    Tour::parse("lesson.json", json)?.lesson(SAMPLE, &mentions, &catalog)
}

#[test]
fn a_tour_fixes_the_order_skips_mentions_and_replaces_captions() {
    let lesson = tour_lesson(TOUR).unwrap();
    assert_eq!(lesson.title.as_deref(), Some("Who broke into the DNC?"));
    let steps: Vec<(usize, &str)> = lesson
        .steps
        .iter()
        .map(|s| (s.mention, s.text.as_str()))
        .collect();
    assert_eq!(
        steps,
        [
            (8, "Democratic National Committee"),
            (26, "DNC"),
            (13, "Fancy Bear"),
            (21, "Guccifer 2.0"),
        ]
    );
    let captions: Vec<&str> = lesson.steps.iter().map(|s| s.caption.as_str()).collect();
    assert_eq!(
        captions,
        [
            "Democratic National Committee — first appearance of the Democratic National Committee (organization, United States).",
            "The committee again, by its initials.",
            // Counted in the tour's order: the first name of APT28 shown.
            "Fancy Bear — another name for APT28 (threat group, Russia), operated by the GRU. First appearance of APT28.",
            "Guccifer 2.0 — first appearance of Guccifer 2.0 (persona, Russia), persona of the GRU.",
        ]
    );
    // Only the tour's mentions are revealed.
    assert_eq!(lesson.shown_mentions(lesson.len()), [8, 13, 21, 26]);
}

#[test]
fn a_tour_naming_a_mention_that_does_not_exist_gives_file_and_step() {
    let bad = r#"{"steps": [
        {"mention": "DNC"},
        {"mention": "Fancy Bear"},
        {"mention": "Cozy Bear"}
    ]}"#;
    let err = tour_lesson(bad).unwrap_err();
    assert_eq!(
        err.to_string(),
        "lesson.json: step 3: no mention “Cozy Bear” in the article (`aka mentions PATH` lists them)"
    );
    assert!(matches!(err, TourError::Step { step: 3, .. }));

    let too_far = r#"{"steps": [{"mention": "DNC", "occurrence": 3}]}"#;
    assert_eq!(
        tour_lesson(too_far).unwrap_err().to_string(),
        "lesson.json: step 1: there are only 2 mentions “DNC” in the article, so no occurrence 3"
    );
    let wrong_actor = r#"{"steps": [{"actor": "apt28"}, {"mention": "DNC", "actor": "apt28"}]}"#;
    assert_eq!(
        tour_lesson(wrong_actor).unwrap_err().to_string(),
        "lesson.json: step 2: no mention “DNC” as apt28 in the article (`aka mentions PATH` lists them)"
    );
    let unknown = r#"{"steps": [{"actor": "apt99"}]}"#;
    assert_eq!(
        tour_lesson(unknown).unwrap_err().to_string(),
        "lesson.json: step 1: no actor “apt99” in the catalog"
    );
    let empty_step = r#"{"steps": [{"caption": "hello"}]}"#;
    assert_eq!(
        tour_lesson(empty_step).unwrap_err().to_string(),
        "lesson.json: step 1: a step needs \"mention\", \"actor\" or both"
    );
}

#[test]
fn a_malformed_tour_gives_file_line_and_column() {
    let typo = "{\"steps\": [\n  {\"mentoin\": \"DNC\"}\n]}";
    let err = tour_lesson(typo).unwrap_err();
    let TourError::Invalid { line, .. } = &err else {
        panic!("{err:?}");
    };
    assert_eq!(*line, 2);
    assert!(
        err.to_string()
            .starts_with("lesson.json:2:12: unknown field `mentoin`"),
        "{err}"
    );
    assert_eq!(
        tour_lesson(r#"{"steps": []}"#).unwrap_err().to_string(),
        "lesson.json:1:1: the tour has no steps"
    );
}

#[test]
fn a_tour_file_is_read_from_disk_and_named_by_its_path() {
    let scratch = tempfile::tempdir().unwrap();
    let dir = scratch.path().to_path_buf();
    let path = dir.join("lesson.json");
    std::fs::write(
        &path,
        r#"{"steps": [{"mention": "DNC"}, {"mention": "Nobody"}]}"#,
    )
    .unwrap();
    let tour = Tour::read(&path).unwrap();
    let catalog = Catalog::bundled();
    let err = tour
        .lesson(SAMPLE, &sample_mentions(&catalog), &catalog)
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        format!(
            "{}: step 2: no mention “Nobody” in the article (`aka mentions PATH` lists them)",
            path.display()
        )
    );
    let missing = Tour::read(&dir.join("nope.json")).unwrap_err();
    assert!(
        missing
            .to_string()
            .ends_with("nope.json: cannot read tour: no such file or directory")
    );
}

// ----- The state: keys in teaching mode. -----

fn sample_app(width: u16, height: u16) -> App {
    let doc = Document::from_text(SAMPLE_NAME, SAMPLE);
    let mut app = App::new(Catalog::bundled(), vec![doc], Theme::colored());
    app.update(Action::Resize { width, height });
    app
}

fn step_text(app: &App) -> Option<String> {
    app.presentation()?.current().map(|s| s.text.clone())
}

#[test]
fn p_enters_teaching_mode_before_the_first_step_and_space_steps() {
    let mut app = sample_app(100, 30);
    app.update(Action::TogglePresent);
    let p = app.presentation().unwrap();
    assert_eq!(p.step, None);
    assert_eq!(p.lesson.len(), 28);
    assert!(p.revealed().is_empty());
    assert_eq!(
        p.caption(SAMPLE_NAME),
        "sample: election-2016.txt: 28 mentions of 13 actors, one step at a time. Press Space to begin."
    );
    app.update(Action::NextStep);
    assert_eq!(step_text(&app).as_deref(), Some("U.S."));
    assert_eq!(app.article().current, Some(0));
    for _ in 0..13 {
        app.update(Action::NextStep);
    }
    assert_eq!(step_text(&app).as_deref(), Some("Fancy Bear"));
    assert_eq!(app.article().current, Some(13));
    let p = app.presentation().unwrap();
    assert_eq!(
        p.caption(SAMPLE_NAME),
        "Fancy Bear — another name for APT28 (threat group, Russia), operated by the GRU. 3rd name for APT28 so far."
    );
    assert_eq!(p.revealed().len(), 7);
    app.update(Action::PrevStep);
    assert_eq!(step_text(&app).as_deref(), Some("Sofacy Group"));
}

#[test]
fn the_current_mention_is_centred_in_the_text_area() {
    let mut app = sample_app(100, 30);
    app.update(Action::TogglePresent);
    let areas = aka::layout::present(ratatui::layout::Rect::new(0, 0, 100, 30)).unwrap();
    let art = app.article();
    assert_eq!(art.scroll.viewport, areas.text.height as usize);
    // The last step is near the end: the view stops at the end of the text.
    // A middle one (DHS, in the quoted statement) sits mid-view.
    for _ in 0..17 {
        app.update(Action::NextStep);
    }
    assert_eq!(
        step_text(&app).as_deref(),
        Some("Department of Homeland Security")
    );
    let art = app.article();
    let mut lines = art.layout.clone();
    let mut lines = lines.lines(art.text());
    let row = art.scroll.row_of(art.scroll.cursor, &mut lines).unwrap();
    let half = art.scroll.viewport / 2;
    assert_eq!(row, half, "the step's line is in the middle of the view");
}

#[test]
fn r_reveals_all_home_restarts_and_the_ends_say_so() {
    let mut app = sample_app(100, 30);
    app.update(Action::TogglePresent);
    app.update(Action::PrevStep);
    assert_eq!(app.message(), Some("this is the start: Space begins"));
    app.update(Action::NextStep);
    app.update(Action::NextStep);
    assert_eq!(app.presentation().unwrap().revealed().len(), 2);
    app.update(Action::RevealAll);
    let p = app.presentation().unwrap();
    assert!(p.reveal_all);
    assert_eq!(p.revealed().len(), 13);
    assert_eq!(p.shown_mentions().len(), 28);
    assert_eq!(p.step, Some(1), "revealing does not move the step");
    assert_eq!(
        app.message(),
        Some("all 13 actors revealed (r: only those met so far)")
    );
    app.update(Action::RevealAll);
    assert_eq!(app.presentation().unwrap().revealed().len(), 2);
    app.update(Action::RevealAll);
    app.update(Action::RestartLesson);
    let p = app.presentation().unwrap();
    assert_eq!((p.step, p.reveal_all), (None, false));
    assert!(p.revealed().is_empty());
    assert_eq!(app.article().current, None);
    for _ in 0..40 {
        app.update(Action::NextStep);
    }
    assert_eq!(app.presentation().unwrap().step, Some(27));
    assert_eq!(
        app.message(),
        Some("the end: Home starts again, Esc goes back to the explorer")
    );
}

#[test]
fn leaving_teaching_mode_puts_the_explorer_on_the_step_shown() {
    let mut app = sample_app(120, 40);
    let before = app.article().scroll.viewport;
    app.update(Action::TogglePresent);
    for _ in 0..14 {
        app.update(Action::NextStep);
    }
    app.update(Action::Back);
    assert!(app.presentation().is_none());
    assert_eq!(app.article().current, Some(13));
    assert_eq!(
        app.selected().map(|a| app.catalog().actor(a).id.as_str()),
        Some("apt28")
    );
    assert_eq!(
        app.article().scroll.viewport,
        before,
        "the explorer's geometry is back"
    );
    // `p` again resumes where the class was; Home starts again.
    app.update(Action::TogglePresent);
    assert_eq!(app.presentation().unwrap().step, Some(13));
    assert_eq!(
        app.message(),
        Some("back at step 14 of 28 (Home starts again)")
    );
    assert_eq!(
        app.article().current,
        Some(13),
        "the step's mention is shown"
    );
    app.update(Action::RestartLesson);
    assert_eq!(app.presentation().unwrap().step, None);
    app.update(Action::TogglePresent);
    assert!(app.presentation().is_none());
}

#[test]
fn help_in_teaching_mode_starts_with_the_teaching_keys_and_goes_back() {
    let mut app = sample_app(120, 40);
    app.update(Action::TogglePresent);
    app.update(Action::NextStep);
    app.update(Action::NextStep);
    app.update(Action::ToggleHelp);
    let help = app.help().expect("the help is open");
    assert_eq!(help.first, Some(aka::keymap::Context::Present));
    assert_eq!(app.contexts()[0], aka::keymap::Context::Help);
    // The lesson stays under the help, drawn as teaching mode.
    assert_eq!(app.presentation().map(|p| p.step), Some(Some(1)));
    let page = aka::keymap::help_page(help.first);
    assert_eq!(page[0].title, aka::keymap::Context::Present.title());
    // Esc closes the help, back in teaching mode at the same step.
    app.update(Action::Back);
    assert!(app.help().is_none());
    assert_eq!(app.contexts()[0], aka::keymap::Context::Present);
    assert_eq!(app.presentation().map(|p| p.step), Some(Some(1)));
    // From the explorer the help starts with the global keys.
    app.update(Action::Back);
    app.update(Action::ToggleHelp);
    assert_eq!(app.help().map(|h| h.first), Some(None));
    assert!(app.presentation().is_none());
}

#[test]
fn a_lesson_is_resumed_only_on_its_own_article() {
    let docs = vec![
        Document::from_text("a.txt", SAMPLE),
        Document::from_text("b.txt", "Fancy Bear and the GRU."),
    ];
    let mut app = App::new(Catalog::bundled(), docs, Theme::no_color());
    app.update(Action::Resize {
        width: 120,
        height: 40,
    });
    app.update(Action::TogglePresent);
    app.update(Action::NextStep);
    app.update(Action::NextStep);
    app.update(Action::Back);
    app.update(Action::OpenArticle(1));
    app.update(Action::TogglePresent);
    assert_eq!(
        app.presentation().map(|p| (p.article, p.step)),
        Some((1, None))
    );
}

#[test]
fn explore_present_follows_a_tour_or_fails_before_any_terminal() {
    let doc = Document::from_text(SAMPLE_NAME, SAMPLE);
    let mut app = App::new(Catalog::bundled(), vec![doc], Theme::colored());
    let tour = Tour::parse("lesson.json", TOUR).unwrap();
    explore::present(&mut app, Some(&tour)).unwrap();
    app.update(Action::Resize {
        width: 100,
        height: 30,
    });
    let p = app.presentation().unwrap();
    assert_eq!(p.lesson.len(), 4);
    assert_eq!(
        p.caption(SAMPLE_NAME),
        "Who broke into the DNC? — 4 steps. Press Space to begin."
    );
    app.update(Action::NextStep);
    app.update(Action::NextStep);
    assert_eq!(
        app.presentation().unwrap().caption(SAMPLE_NAME),
        "The committee again, by its initials."
    );
    assert_eq!(app.article().current, Some(26));

    let bad = Tour::parse("lesson.json", r#"{"steps": [{"mention": "Cozy Bear"}]}"#).unwrap();
    let doc = Document::from_text(SAMPLE_NAME, SAMPLE);
    let mut app = App::new(Catalog::bundled(), vec![doc], Theme::colored());
    let err = explore::present(&mut app, Some(&bad)).unwrap_err();
    assert!(
        err.to_string()
            .starts_with("lesson.json: step 1: no mention “Cozy Bear”")
    );
    assert!(app.presentation().is_none());
}

#[test]
fn aka_present_with_a_bad_tour_fails_with_file_and_step_before_the_terminal() {
    let scratch = tempfile::tempdir().unwrap();
    let dir = scratch.path().to_path_buf();
    let path = dir.join("lesson.json");
    std::fs::write(
        &path,
        r#"{"steps": [{"mention": "Fancy Bear"}, {"mention": "Cozy Bear"}]}"#,
    )
    .unwrap();
    // Standard output is a pipe here: the tour is checked all the same.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_aka"))
        .arg("--present")
        .arg("--tour")
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty(), "nothing is drawn");
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        format!(
            "aka: {}: step 2: no mention “Cozy Bear” in the article (`aka mentions PATH` lists them)\n",
            path.display()
        )
    );
}

/// What a frame asks of a presentation (the strip, the highlighted
/// mentions of the rows shown) agrees with the lesson, at every step.
#[test]
fn a_presentation_reveals_what_its_lesson_does_at_every_step() {
    let (catalog, mut lesson) = sample_lesson();
    // Out of reading order, and a mention that comes back (as a tour may).
    lesson.steps.reverse();
    let again = lesson.steps[3].clone();
    lesson.steps.push(again);
    let mut p = aka::app::present::Presentation::new(lesson.clone(), 0);
    let n = lesson.len();
    for shown in 0..=n {
        p.step = shown.checked_sub(1);
        assert_eq!(p.revealed(), lesson.revealed(shown), "step {shown}");
        assert_eq!(p.shown_mentions(), lesson.shown_mentions(shown));
        let some: Vec<usize> = lesson
            .shown_mentions(shown)
            .into_iter()
            .filter(|m| (5..20).contains(m))
            .collect();
        assert_eq!(p.shown_mentions_in(5..20), some);
    }
    p.reveal_all = true;
    assert_eq!(p.revealed(), lesson.revealed(n));
    assert_eq!(
        strip(&catalog, &p.revealed()),
        strip(&catalog, &lesson.revealed(n))
    );
}
