//! The contracts under `docs/` tell the truth about the code.
//!
//! - Every `console` block of `docs/*.md` is run against the real binary and
//!   must print what the block shows (see [`run_example`] for the shell
//!   subset the blocks may use). `AKA_BLESS_DOCS=1 cargo test --test docs`
//!   rewrites the blocks with what the binary prints now: read the diff
//!   before committing it.
//! - Every JSON key, TSV column, format, subcommand and option the binary
//!   prints or accepts is named in `docs/output.md`; every actor kind the
//!   catalog accepts is in `docs/catalog.md`'s table of kinds, and nothing
//!   else is; every noise rule is in `docs/matching.md`'s table of rules,
//!   and nothing else is.
//! - Every relative link between `docs/*.md`, `README.md` and
//!   `ARCHITECTURE.md` leads to a file that exists and, with a `#`, to a
//!   heading of it; every repository path `docs/*.md` names in backticks
//!   exists.

#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

use std::collections::{BTreeSet, HashSet};
use std::fmt::Write as _;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use aka::model::{Kind, NoiseAction, NoiseRule};
use serde_json::Value;

const SAMPLE: &str = "seeds/election-2016.txt";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn read(rel: &str) -> String {
    std::fs::read_to_string(root().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

fn aka(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_aka"))
        .args(args)
        .current_dir(root())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the aka binary runs");
    // aka may exit before reading its input (a usage error): ignore a broken pipe.
    let _ = child.stdin.take().unwrap().write_all(stdin);
    child.wait_with_output().unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

// ---------------------------------------------------------------------------
// Running the examples.

/// A word of a command line, or an operator outside quotes.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Tok {
    Word(String),
    Pipe,
    Semicolon,
}

/// Splits a command line as a POSIX shell would, for the subset the docs
/// use: single quotes (literal), double quotes (`\\`, `\"`, `\$` and `` \` ``
/// escaped, `$` otherwise literal), `|` and `;`.
fn lex(line: &str) -> Vec<Tok> {
    let mut toks = Vec::new();
    let mut word: Option<String> = None;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            ' ' | '\t' => {
                if let Some(w) = word.take() {
                    toks.push(Tok::Word(w));
                }
            }
            '|' | ';' => {
                if let Some(w) = word.take() {
                    toks.push(Tok::Word(w));
                }
                toks.push(if c == '|' { Tok::Pipe } else { Tok::Semicolon });
            }
            '\'' => {
                let w = word.get_or_insert_with(String::new);
                for q in chars.by_ref() {
                    if q == '\'' {
                        break;
                    }
                    w.push(q);
                }
            }
            '"' => {
                let w = word.get_or_insert_with(String::new);
                while let Some(q) = chars.next() {
                    match q {
                        '"' => break,
                        '\\' => match chars.peek() {
                            Some(&n @ ('\\' | '"' | '$' | '`')) => {
                                w.push(n);
                                chars.next();
                            }
                            _ => w.push('\\'),
                        },
                        _ => w.push(q),
                    }
                }
            }
            '\\' => {
                if let Some(n) = chars.next() {
                    word.get_or_insert_with(String::new).push(n);
                }
            }
            _ => word.get_or_insert_with(String::new).push(c),
        }
    }
    if let Some(w) = word {
        toks.push(Tok::Word(w));
    }
    toks
}

/// What `printf FORMAT` writes: `\n`, `\t`, `\r`, `\\` and `\xHH`, and `%%`.
fn printf(format: &str) -> Vec<u8> {
    let mut out = Vec::new();
    let bytes = format.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => {
                i += 1;
                match bytes.get(i) {
                    Some(b'n') => out.push(b'\n'),
                    Some(b't') => out.push(b'\t'),
                    Some(b'r') => out.push(b'\r'),
                    Some(b'\\') => out.push(b'\\'),
                    Some(b'x') => {
                        let hex: String = format[i + 1..]
                            .chars()
                            .take(2)
                            .take_while(char::is_ascii_hexdigit)
                            .collect();
                        assert!(!hex.is_empty(), "printf: \\x without digits in {format:?}");
                        out.push(u8::from_str_radix(&hex, 16).unwrap());
                        i += hex.len();
                    }
                    other => panic!("printf: unsupported escape {other:?} in {format:?}"),
                }
                i += 1;
            }
            b'%' => {
                assert_eq!(
                    bytes.get(i + 1),
                    Some(&b'%'),
                    "printf: only %% in {format:?}"
                );
                out.push(b'%');
                i += 2;
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    out
}

/// `cut -f LIST` on one line: LIST is `N`, `N-M` or `N-`, comma-separated.
fn cut(line: &str, list: &str) -> String {
    let fields: Vec<&str> = line.split('\t').collect();
    let mut keep = BTreeSet::new();
    for part in list.split(',') {
        let (a, b) = match part.split_once('-') {
            Some((a, "")) => (a.parse().unwrap(), fields.len()),
            Some((a, b)) => (a.parse().unwrap(), b.parse().unwrap()),
            None => {
                let n = part.parse().unwrap();
                (n, n)
            }
        };
        keep.extend(a..=b);
    }
    let picked: Vec<&str> = keep
        .into_iter()
        .filter_map(|n: usize| fields.get(n.wrapping_sub(1)).copied())
        .collect();
    picked.join("\t")
}

/// Applies one filter stage (`head`, `tail -n +K`, `cut -f`, `grep -F`) to
/// the lines of `out`.
fn filter(out: &str, stage: &[String]) -> String {
    let args: Vec<&str> = stage.iter().map(String::as_str).collect();
    let lines: Vec<&str> = out.lines().collect();
    let kept: Vec<String> = match args.as_slice() {
        ["head", "-n", n] => lines
            .iter()
            .take(n.parse().unwrap())
            .map(|l| (*l).to_string())
            .collect(),
        ["head", n] if n.starts_with('-') => lines
            .iter()
            .take(n[1..].parse().unwrap())
            .map(|l| (*l).to_string())
            .collect(),
        ["tail", "-n", k] if k.starts_with('+') => {
            let k: usize = k[1..].parse().unwrap();
            lines
                .iter()
                .skip(k.saturating_sub(1))
                .map(|l| (*l).to_string())
                .collect()
        }
        ["cut", "-f", list] => lines.iter().map(|l| cut(l, list)).collect(),
        ["cut", f] if f.starts_with("-f") => lines.iter().map(|l| cut(l, &f[2..])).collect(),
        ["grep", "-F", s] => lines
            .iter()
            .filter(|l| l.contains(s))
            .map(|l| (*l).to_string())
            .collect(),
        _ => panic!("unsupported filter in a docs example: {args:?}"),
    };
    kept.iter().fold(String::new(), |mut out, l| {
        out.push_str(l);
        out.push('\n');
        out
    })
}

/// Runs one example command line and returns what a terminal would show.
///
/// The subset:
///
/// ```text
/// [printf FORMAT |] aka ARGS… [2>&1 [>/dev/null] | 2>/dev/null] [| FILTER]… [; echo "exit $?"]
/// ```
///
/// With `2>&1`, at most one of stdout and stderr may hold text (their order
/// in a terminal is not fixed); `2>&1 >/dev/null` shows stderr alone.
/// Without `echo "exit $?"`, aka must succeed.
fn run_example(line: &str) -> String {
    let toks = lex(line);
    let mut parts = toks.split(|t| *t == Tok::Semicolon);
    let pipeline = parts.next().unwrap();
    let echo_exit = match parts.next() {
        None => false,
        Some([Tok::Word(e), Tok::Word(x)]) if e == "echo" && x == "exit $?" => true,
        Some(other) => panic!("unsupported after ';' in {line:?}: {other:?}"),
    };
    assert!(parts.next().is_none(), "one ';' at most: {line:?}");
    let mut stages: Vec<Vec<String>> = pipeline
        .split(|t| *t == Tok::Pipe)
        .map(|s| {
            s.iter()
                .map(|t| match t {
                    Tok::Word(w) => w.clone(),
                    other => panic!("unexpected {other:?} in {line:?}"),
                })
                .collect()
        })
        .collect();
    let stdin = if stages[0].first().map(String::as_str) == Some("printf") {
        let stage = stages.remove(0);
        assert_eq!(stage.len(), 2, "printf takes one quoted format: {line:?}");
        printf(&stage[1])
    } else {
        Vec::new()
    };
    let mut command = stages.remove(0);
    assert_eq!(command.first().map(String::as_str), Some("aka"), "{line:?}");
    command.remove(0);
    let mut merge = false;
    let mut drop_stdout = false;
    while let Some(last) = command.last().map(String::as_str) {
        match last {
            "2>&1" => merge = true,
            ">/dev/null" => drop_stdout = true,
            "2>/dev/null" => {}
            _ => break,
        }
        command.pop();
    }
    assert!(
        !drop_stdout || merge,
        "only `2>&1 >/dev/null` drops stdout: {line:?}"
    );
    assert!(
        !echo_exit || stages.is_empty(),
        "no exit status after a pipe: {line:?}"
    );
    let args: Vec<&str> = command.iter().map(String::as_str).collect();
    let out = aka(&args, &stdin);
    let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
    let mut shown = if drop_stdout {
        stderr
    } else if merge {
        assert!(
            stdout.is_empty() || stderr.is_empty(),
            "{line:?} prints on both stdout and stderr: show them in two examples"
        );
        stderr + &stdout
    } else {
        stdout
    };
    for stage in &stages {
        shown = filter(&shown, stage);
    }
    if echo_exit {
        let _ = writeln!(shown, "exit {}", out.status.code().unwrap_or(-1));
    } else {
        assert!(
            out.status.success() || !stages.is_empty(),
            "{line:?} fails ({}): add `; echo \"exit $?\"` if that is the point\n{}",
            out.status,
            text(&out.stderr)
        );
    }
    shown
}

/// Whether `actual` fits `expected`, where an expected line `…` stands for
/// any number of lines and `…` inside a line for any text.
fn fits(expected: &[&str], actual: &[&str]) -> bool {
    match expected.split_first() {
        None => actual.is_empty(),
        Some((&"…", rest)) => (0..=actual.len()).any(|skip| fits(rest, &actual[skip..])),
        Some((e, rest)) => actual
            .split_first()
            .is_some_and(|(a, more)| line_fits(e, a) && fits(rest, more)),
    }
}

fn line_fits(expected: &str, actual: &str) -> bool {
    let (expected, actual) = (expected.trim_end(), actual.trim_end());
    if !expected.contains('…') {
        return expected == actual;
    }
    let parts: Vec<&str> = expected.split('…').collect();
    let (first, last) = (parts[0], parts[parts.len() - 1]);
    if !actual.starts_with(first) || actual.len() < first.len() + last.len() {
        return false;
    }
    let mut rest = &actual[first.len()..];
    for middle in &parts[1..parts.len() - 1] {
        match rest.find(middle) {
            Some(i) => rest = &rest[i + middle.len()..],
            None => return false,
        }
    }
    rest.ends_with(last)
}

fn trim_blank_tail<'a>(lines: &[&'a str]) -> Vec<&'a str> {
    let mut v = lines.to_vec();
    while v.last().is_some_and(|l| l.trim().is_empty()) {
        v.pop();
    }
    v
}

/// Runs every `console` block of a docs file; returns the failures, and
/// with `bless` rewrites the file with the output of today's binary.
fn check_examples(rel: &str) {
    let bless = std::env::var_os("AKA_BLESS_DOCS").is_some();
    let doc = read(rel);
    let lines: Vec<&str> = doc.lines().collect();
    let mut out: Vec<String> = Vec::new();
    let mut failures: Vec<String> = Vec::new();
    let mut examples = 0;
    let mut i = 0;
    while i < lines.len() {
        out.push(lines[i].to_string());
        if lines[i].trim_end() != "```console" {
            i += 1;
            continue;
        }
        i += 1;
        while i < lines.len() && !lines[i].starts_with("```") {
            let Some(cmd) = lines[i].strip_prefix("$ ") else {
                panic!(
                    "{rel}:{}: a console block starts with a `$ ` command",
                    i + 1
                );
            };
            out.push(lines[i].to_string());
            let start = i + 1;
            i = start;
            while i < lines.len() && !lines[i].starts_with("$ ") && !lines[i].starts_with("```") {
                i += 1;
            }
            let expected = trim_blank_tail(&lines[start..i]);
            let shown = run_example(cmd);
            let actual: Vec<&str> = shown.lines().collect();
            let actual = trim_blank_tail(&actual);
            examples += 1;
            if fits(&expected, &actual) {
                out.extend(lines[start..i].iter().map(|l| (*l).to_string()));
            } else {
                failures.push(format!(
                    "{rel}:{start}: $ {cmd}\n--- the docs show:\n{}\n--- aka prints:\n{}\n",
                    expected.join("\n"),
                    actual.join("\n")
                ));
                out.extend(actual.iter().map(|l| (*l).to_string()));
            }
        }
    }
    assert!(examples > 0, "{rel} has no console example");
    if bless && !failures.is_empty() {
        let mut new = out.join("\n");
        new.push('\n');
        std::fs::write(root().join(rel), new).unwrap();
        eprintln!("{rel}: rewrote {} example(s)", failures.len());
        return;
    }
    assert!(
        failures.is_empty(),
        "{} example(s) of {rel} are out of date (AKA_BLESS_DOCS=1 rewrites them):\n\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn examples_in_matching_md_are_what_aka_prints() {
    check_examples("docs/matching.md");
}

#[test]
fn examples_in_catalog_md_are_what_aka_prints() {
    check_examples("docs/catalog.md");
}

#[test]
fn examples_in_output_md_are_what_aka_prints() {
    check_examples("docs/output.md");
}

#[test]
fn the_example_runner_understands_its_shell_subset() {
    assert_eq!(
        lex(r#"printf "it's \$5\n" | aka x 'a b'; echo "exit $?""#),
        [
            Tok::Word("printf".into()),
            Tok::Word("it's $5\\n".into()),
            Tok::Pipe,
            Tok::Word("aka".into()),
            Tok::Word("x".into()),
            Tok::Word("a b".into()),
            Tok::Semicolon,
            Tok::Word("echo".into()),
            Tok::Word("exit $?".into()),
        ]
    );
    assert_eq!(printf(r"a\tb\xc2\xa0%%\n"), b"a\tb\xc2\xa0%\n");
    assert_eq!(cut("a\tb\tc\td", "2-3"), "b\tc");
    assert_eq!(cut("a\tb\tc\td", "1,3-"), "a\tc\td");
    assert!(fits(&["a", "…", "z"], &["a", "b", "c", "z"]));
    assert!(fits(&["x: … actors"], &["x: 12 actors"]));
    assert!(!fits(&["a", "b"], &["a", "c"]));
    assert!(!fits(&["a…z"], &["az but longer"]));
}

// ---------------------------------------------------------------------------
// Names the binary prints or accepts.

fn documented(doc: &str, name: &str) -> bool {
    doc.contains(&format!("`{name}`"))
}

fn json_keys(jsonl: &str) -> BTreeSet<String> {
    let mut keys = BTreeSet::new();
    for line in jsonl.lines() {
        let v: Value = serde_json::from_str(line).unwrap();
        keys.extend(v.as_object().unwrap().keys().cloned());
    }
    keys
}

/// Fails unless `doc` names every JSON key in `keys` and every column of
/// the TSV header that `tsv` starts with.
fn assert_all_documented(doc: &str, keys: &BTreeSet<String>, tsv: &str) {
    let header: Vec<String> = tsv
        .lines()
        .next()
        .unwrap()
        .split('\t')
        .map(String::from)
        .collect();
    let missing: Vec<&String> = keys
        .iter()
        .chain(&header)
        .filter(|k| !documented(doc, k))
        .collect();
    assert!(
        missing.is_empty(),
        "docs/output.md does not name {missing:?}"
    );
}

#[test]
fn every_key_aka_mentions_prints_is_in_output_md() {
    let doc = read("docs/output.md");
    let sample = aka(&["mentions", "--format", "jsonl", SAMPLE], b"");
    // An ambiguous mention adds `candidates`.
    let ambiguous = aka(
        &["mentions", "--format", "jsonl", "-"],
        b"Grizzly Steppe hackers struck.\n",
    );
    let mut keys = json_keys(&text(&sample.stdout));
    keys.extend(json_keys(&text(&ambiguous.stdout)));
    assert!(
        keys.contains("candidates") && keys.contains("column"),
        "{keys:?}"
    );
    let array: Value =
        serde_json::from_slice(&aka(&["mentions", "--format", "json", SAMPLE], b"").stdout)
            .unwrap();
    for object in array.as_array().unwrap() {
        for key in object.as_object().unwrap().keys() {
            assert!(keys.contains(key), "--format json has `{key}`, jsonl not");
        }
    }
    let tsv = text(&aka(&["mentions", "--format", "tsv", SAMPLE], b"").stdout);
    assert_all_documented(&doc, &keys, &tsv);
}

#[test]
fn every_key_aka_sources_prints_is_in_output_md() {
    let doc = read("docs/output.md");
    let jsonl = text(&aka(&["sources", "--format", "jsonl", SAMPLE], b"").stdout);
    let keys = json_keys(&jsonl);
    assert!(keys.contains("sentence_start"), "{keys:?}");
    let tsv = text(&aka(&["sources", "--format", "tsv", SAMPLE], b"").stdout);
    assert_all_documented(&doc, &keys, &tsv);
}

/// The values clap accepts for `--format` of a subcommand, from its error.
fn format_values(subcommand: &str) -> Vec<String> {
    let out = aka(&[subcommand, "--format", "no-such-format", SAMPLE], b"");
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    let list = err
        .split("[possible values: ")
        .nth(1)
        .and_then(|s| s.split(']').next())
        .unwrap_or_else(|| panic!("no possible values in {err}"));
    list.split(", ").map(String::from).collect()
}

#[test]
fn every_format_is_in_output_md() {
    let doc = read("docs/output.md");
    for sub in ["mentions", "sources"] {
        for value in format_values(sub) {
            assert!(
                doc.contains(&format!("--format {value}")),
                "docs/output.md does not show `aka {sub} --format {value}`"
            );
        }
    }
}

/// The subcommands and `--long` options a `--help` lists.
fn help_names(args: &[&str]) -> (Vec<String>, Vec<String>) {
    let help = text(&aka(args, b"").stdout);
    let mut commands = Vec::new();
    let mut options = Vec::new();
    let mut section = "";
    for line in help.lines() {
        if !line.starts_with(' ') && line.ends_with(':') {
            section = line;
            continue;
        }
        let word = line.split_whitespace().next().unwrap_or_default();
        match section {
            "Commands:" if line.starts_with("  ") && !line.starts_with("   ") && word != "help" => {
                commands.push(word.to_string());
            }
            "Options:" => {
                if let Some(long) = line.split_whitespace().find(|w| w.starts_with("--")) {
                    let long = long.trim_end_matches(',');
                    if long != "--help" && long != "--version" {
                        options.push(long.to_string());
                    }
                }
            }
            _ => {}
        }
    }
    (commands, options)
}

#[test]
fn every_subcommand_and_option_is_in_output_md() {
    let doc = read("docs/output.md");
    let (commands, mut options) = help_names(&["--help"]);
    assert!(commands.len() >= 4, "{commands:?}");
    let mut missing = Vec::new();
    for c in &commands {
        if !doc.contains(&format!("aka {c}")) {
            missing.push(format!("aka {c}"));
        }
        let (subs, opts) = help_names(&[c, "--help"]);
        options.extend(opts);
        for s in subs {
            if !doc.contains(&format!("aka {c} {s}")) {
                missing.push(format!("aka {c} {s}"));
            }
            options.extend(help_names(&[c, &s, "--help"]).1);
        }
    }
    for o in options {
        if !doc.contains(&o) && !missing.contains(&o) {
            missing.push(o);
        }
    }
    assert!(
        missing.is_empty(),
        "docs/output.md does not name {missing:?}"
    );
}

/// The backticked first cells of the table under the heading `heading`.
fn table_names(doc: &str, heading: &str) -> BTreeSet<String> {
    let start = doc
        .lines()
        .position(|l| l.trim_start_matches('#').trim() == heading && l.starts_with('#'))
        .unwrap_or_else(|| panic!("no heading {heading:?}"));
    doc.lines()
        .skip(start + 1)
        .skip_while(|l| !l.starts_with('|'))
        .take_while(|l| l.starts_with('|'))
        .filter_map(|l| {
            let cell = l.trim_start_matches('|').split('|').next()?.trim();
            Some(cell.strip_prefix('`')?.strip_suffix('`')?.to_string())
        })
        .collect()
}

fn serde_name<T: serde::Serialize>(value: T) -> String {
    serde_json::to_value(value)
        .unwrap()
        .as_str()
        .unwrap()
        .to_string()
}

#[test]
fn the_kinds_in_catalog_md_are_the_kinds_the_catalog_accepts() {
    let doc = read("docs/catalog.md");
    let accepted: BTreeSet<String> = Kind::ALL.into_iter().map(serde_name).collect();
    for k in Kind::ALL {
        assert_eq!(serde_name(k), k.as_str());
    }
    assert_eq!(table_names(&doc, "Kinds"), accepted);
}

/// Every noise rule: a new rule fails to compile here until it is listed,
/// and then until docs/matching.md describes it.
const NOISE_RULES: [NoiseRule; 11] = [
    NoiseRule::Number,
    NoiseRule::Short,
    NoiseRule::CommonWord,
    NoiseRule::GenericNumber,
    NoiseRule::CommonWords,
    NoiseRule::ProductWord,
    NoiseRule::CompanyName,
    NoiseRule::ToolName,
    NoiseRule::Demonym,
    NoiseRule::DemonymPlural,
    NoiseRule::LowerCase,
];

#[allow(dead_code)]
fn every_noise_rule_is_listed(rule: NoiseRule) {
    match rule {
        NoiseRule::Number
        | NoiseRule::Short
        | NoiseRule::CommonWord
        | NoiseRule::GenericNumber
        | NoiseRule::CommonWords
        | NoiseRule::ProductWord
        | NoiseRule::CompanyName
        | NoiseRule::ToolName
        | NoiseRule::Demonym
        | NoiseRule::DemonymPlural
        | NoiseRule::LowerCase => {}
    }
}

#[test]
fn the_noise_rules_in_matching_md_are_the_rules_of_the_code() {
    let matching = read("docs/matching.md");
    let rules: BTreeSet<String> = NOISE_RULES.into_iter().map(serde_name).collect();
    assert_eq!(rules.len(), NOISE_RULES.len());
    assert_eq!(table_names(&matching, "Noise rules"), rules);
    let catalog = read("docs/catalog.md");
    for action in [NoiseAction::Exact, NoiseAction::Gated, NoiseAction::Dropped] {
        let name = serde_name(action);
        assert!(
            documented(&catalog, &name) && documented(&matching, &name),
            "the noise action `{name}` is not in docs/catalog.md and docs/matching.md"
        );
    }
}

// ---------------------------------------------------------------------------
// Links and paths.

/// Whether `line` opens or closes a fenced code block.
fn is_fence(line: &str) -> bool {
    line.trim_start().starts_with("```")
}

/// The anchors GitHub gives the headings of a Markdown file.
fn anchors(doc: &str) -> HashSet<String> {
    let mut seen: HashSet<String> = HashSet::new();
    let mut fenced = false;
    for line in doc.lines() {
        if is_fence(line) {
            fenced = !fenced;
            continue;
        }
        if fenced || !line.starts_with('#') {
            continue;
        }
        let title = line.trim_start_matches('#');
        if !title.starts_with(' ') {
            continue;
        }
        let slug: String = title
            .trim()
            .to_lowercase()
            .chars()
            .filter(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | ' '))
            .map(|c| if c == ' ' { '-' } else { c })
            .collect();
        let mut unique = slug.clone();
        let mut n = 1;
        while seen.contains(&unique) {
            unique = format!("{slug}-{n}");
            n += 1;
        }
        seen.insert(unique);
    }
    seen
}

/// The targets of the Markdown links of `doc`, outside code.
fn link_targets(doc: &str) -> Vec<String> {
    let mut targets = Vec::new();
    let mut fenced = false;
    for line in doc.lines() {
        if is_fence(line) {
            fenced = !fenced;
            continue;
        }
        if fenced || line.starts_with("    ") {
            continue;
        }
        // Drop inline code spans, then look for `](target)`.
        let prose: String = line.split('`').step_by(2).collect::<Vec<_>>().join(" ");
        let mut rest = prose.as_str();
        while let Some(i) = rest.find("](") {
            let after = &rest[i + 2..];
            let Some(end) = after.find(')') else { break };
            targets.push(after[..end].to_string());
            rest = &after[end..];
        }
    }
    targets
}

fn markdown_files() -> Vec<String> {
    let mut files = vec!["README.md".to_string(), "ARCHITECTURE.md".to_string()];
    let mut docs: Vec<String> = std::fs::read_dir(root().join("docs"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| {
            Path::new(n)
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("md"))
        })
        .map(|n| format!("docs/{n}"))
        .collect();
    docs.sort();
    files.extend(docs);
    files
}

#[test]
fn relative_links_lead_to_files_and_headings_that_exist() {
    let mut broken = Vec::new();
    for file in markdown_files() {
        let doc = read(&file);
        for target in link_targets(&doc) {
            if target.contains("://") || target.starts_with("mailto:") {
                continue;
            }
            let (path, anchor) = match target.split_once('#') {
                Some((p, a)) => (p, Some(a)),
                None => (target.as_str(), None),
            };
            let dest = if path.is_empty() {
                PathBuf::from(&file)
            } else {
                Path::new(&file).parent().unwrap().join(path)
            };
            let full = root().join(&dest);
            if !full.exists() {
                broken.push(format!("{file}: {target} (no file {})", dest.display()));
                continue;
            }
            if let Some(anchor) = anchor {
                let text = std::fs::read_to_string(&full).unwrap_or_default();
                if !anchors(&text).contains(anchor) {
                    broken.push(format!("{file}: {target} (no such heading)"));
                }
            }
        }
    }
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
}

#[test]
fn repository_paths_named_in_docs_exist() {
    let mut missing = Vec::new();
    for file in markdown_files()
        .into_iter()
        .filter(|f| f.starts_with("docs/"))
    {
        let doc = read(&file);
        for (i, span) in doc.split('`').enumerate() {
            let path = span.trim_end_matches('/');
            let looks_like_path = i % 2 == 1
                && ["src/", "tests/", "assets/", "seeds/", "benches/", "docs/"]
                    .iter()
                    .any(|p| path.starts_with(p))
                && !path.contains([' ', '*', '…', '<']);
            if looks_like_path && !root().join(path).exists() {
                missing.push(format!("{file}: `{span}`"));
            }
        }
    }
    assert!(
        missing.is_empty(),
        "docs name paths that do not exist:\n{}",
        missing.join("\n")
    );
}

#[test]
fn the_anchor_rules_are_githubs() {
    let a = anchors(
        "# What counts\n## `aka mentions --format jsonl`\n## A, B & C\n## A, B & C\n```\n# not\n```\n",
    );
    for want in [
        "what-counts",
        "aka-mentions---format-jsonl",
        "a-b--c",
        "a-b--c-1",
    ] {
        assert!(a.contains(want), "{want} not in {a:?}");
    }
    assert_eq!(a.len(), 4);
}

/// Every file of the repository's own text under `dir` with one of `exts`.
fn files_under(dir: &Path, exts: &[&str], out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            files_under(&path, exts, out);
        } else if path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| exts.contains(&e))
        {
            out.push(path);
        }
    }
}

#[test]
fn the_code_cites_the_docs_in_the_repository_not_an_outside_spec() {
    let root = root();
    let mut files = Vec::new();
    for dir in ["src", "tests", "benches", "examples", "docs"] {
        files_under(&root.join(dir), &["rs", "md"], &mut files);
    }
    for top in ["README.md", "ARCHITECTURE.md", "CHANGELOG.md"] {
        files.push(root.join(top));
    }
    let needle = ["SP", "EC"].concat();
    let mut bad = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap();
        for (n, line) in text.lines().enumerate() {
            let at =
                |i: usize| format!("{}:{}", file.strip_prefix(&root).unwrap().display(), i + 1);
            // The outside contract's name as a word (spelt in two halves
            // here, so that this test does not find itself).
            let cites_spec = line
                .split(|c: char| !c.is_ascii_alphanumeric())
                .any(|w| w == needle);
            if cites_spec {
                bad.push(format!(
                    "{}: cites {needle} instead of docs/: {line}",
                    at(n)
                ));
            }
            // A docs/…md path named in the code must exist.
            let mut rest = line;
            while let Some(i) = rest.find("docs/") {
                let tail = &rest[i..];
                let end = tail
                    .find(|c: char| !(c.is_ascii_alphanumeric() || "/._-".contains(c)))
                    .unwrap_or(tail.len());
                let cited = tail[..end].trim_end_matches('.');
                let markdown = Path::new(cited)
                    .extension()
                    .is_some_and(|e| e.eq_ignore_ascii_case("md"));
                if markdown && !root.join(cited).is_file() {
                    bad.push(format!("{}: no such file {cited}", at(n)));
                }
                rest = &tail[end..];
            }
        }
    }
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

#[test]
fn every_naming_scheme_is_in_discovery_md() {
    let doc = read("docs/discovery.md");
    let table: serde_json::Value =
        serde_json::from_str(&read("assets/discover/naming-schemes.json")).unwrap();
    for s in table["schemes"].as_array().unwrap() {
        let pattern = s["pattern"].as_str().unwrap();
        let reference = s["reference"].as_str().unwrap();
        let row = format!("`{pattern}`");
        assert!(
            doc.lines()
                .any(|l| l.contains(&row) && l.contains(reference)),
            "docs/discovery.md has no row for {pattern} with its reference"
        );
    }
}
