//! Every subcommand, run as a user runs it, writing where writing fails
//! (issue 14): into a closed pipe (a quiet exit 0), into a full disk
//! (one line on stderr, exit 1), with standard error full (the output
//! whole, exit 1, no panic), and with standard output closed (said, exit
//! 1, nothing done).

#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

use std::fs::{File, OpenOptions};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use pretty_assertions::assert_eq;

const SAMPLE: &str = "seeds/election-2016.txt";

/// The message a full disk gives.
const FULL: &str = "aka: cannot write output: No space left on device (os error 28)\n";

/// The message a closed standard output gives.
const CLOSED: &str =
    "aka: standard output is closed: nothing was done (redirect it to a file, or to /dev/null)\n";

/// A folder of its own for one run, with a catalog file to check, and
/// the user catalog the run uses (none yet).
struct Case {
    dir: tempfile::TempDir,
}

impl Case {
    fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("mine.json"),
            r#"{"actors":[{"id":"quillcrest","name":"Quillcrest","kind":"threat-group","aliases":["QC"]}]}"#,
        )
        .unwrap();
        Case { dir }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    fn user(&self) -> PathBuf {
        self.path("user.json")
    }

    /// The arguments of `sub` (with `{mine}` for the catalog file), and the
    /// user catalog.
    fn args(&self, sub: &[&str]) -> Vec<String> {
        let mine = self.path("mine.json").display().to_string();
        let mut args: Vec<String> = sub.iter().map(|a| a.replace("{mine}", &mine)).collect();
        args.push("--user-catalog".into());
        args.push(self.user().display().to_string());
        args
    }

    /// Runs aka with `sub`, its standard output and error as given.
    fn run(&self, sub: &[&str], stdout: Stdio, stderr: Stdio) -> Output {
        Command::new(env!("CARGO_BIN_EXE_aka"))
            .args(self.args(sub))
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .stdin(Stdio::null())
            .stdout(stdout)
            .stderr(stderr)
            .output()
            .unwrap()
    }
}

/// Every subcommand, each with what it needs done first (`undo` needs a
/// change to undo).
const SUBCOMMANDS: &[(&[&str], &[&str])] = &[
    (&["mentions", SAMPLE], &[]),
    (&["mentions", "--format", "tsv", SAMPLE], &[]),
    (&["sources", SAMPLE], &[]),
    (&["export", SAMPLE], &[]),
    (&["export", "--format", "jsonl", SAMPLE], &[]),
    (&["catalog", "check", "{mine}"], &[]),
    (&["catalog", "packs"], &[]),
    (&["catalog", "show", "apt28"], &[]),
    (&["catalog", "export"], &[]),
    (&["catalog", "export", "--names"], &[]),
    (
        &[
            "catalog",
            "add",
            "quillcrest",
            "--name",
            "Quillcrest",
            "--kind",
            "threat-group",
        ],
        &[],
    ),
    (&["catalog", "alias", "apt28", "Quill Storm"], &[]),
    (&["catalog", "suppress", "Cobalt"], &[]),
    (&["catalog", "undo"], &["catalog", "suppress", "Cobalt"]),
    (&["--help"], &[]),
    (&["catalog", "--help"], &[]),
];

/// A fresh case for `sub`, with its set-up run.
fn case_for(before: &[&str]) -> Case {
    let case = Case::new();
    if !before.is_empty() {
        let out = case.run(before, Stdio::null(), Stdio::piped());
        assert!(out.status.success(), "{before:?}: {out:?}");
    }
    case
}

/// The writing end of a pipe whose reading end is closed already.
fn closed_pipe() -> Stdio {
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    Stdio::from(writer)
}

fn full() -> Stdio {
    Stdio::from(OpenOptions::new().write(true).open("/dev/full").unwrap())
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn a_closed_pipe_is_a_quiet_success_for_every_subcommand() {
    for (sub, before) in SUBCOMMANDS {
        let case = case_for(before);
        let out = case.run(sub, closed_pipe(), Stdio::piped());
        assert_eq!(out.status.code(), Some(0), "{sub:?}: {}", stderr(&out));
        assert_eq!(stderr(&out), "", "{sub:?}");
    }
}

#[test]
fn a_full_disk_on_stdout_is_one_line_and_exit_1_for_every_subcommand() {
    for (sub, before) in SUBCOMMANDS {
        let case = case_for(before);
        let out = case.run(sub, full(), Stdio::piped());
        assert_eq!(out.status.code(), Some(1), "{sub:?}: {}", stderr(&out));
        assert_eq!(stderr(&out), FULL, "{sub:?}");
    }
}

#[test]
fn a_full_disk_on_both_is_a_silent_exit_1() {
    for (sub, before) in SUBCOMMANDS {
        let case = case_for(before);
        let out = case.run(sub, full(), full());
        assert_eq!(out.status.code(), Some(1), "{sub:?}");
    }
}

/// With standard error full, the output is what it is otherwise, and a
/// message that could not be said makes the exit status 1.
#[test]
fn a_full_stderr_never_panics_and_loses_no_output() {
    let broken_user = |case: &Case| std::fs::write(case.user(), "{not json").unwrap();
    for (sub, before) in SUBCOMMANDS {
        // Something to say on stderr: a user catalog that does not load.
        let said_case = case_for(before);
        broken_user(&said_case);
        let said = said_case.run(sub, Stdio::piped(), Stdio::piped());
        let case = case_for(before);
        broken_user(&case);
        let lost = case.run(sub, Stdio::piped(), full());
        let said_dir = said_case.dir.path().display().to_string();
        let lost_dir = case.dir.path().display().to_string();
        assert_eq!(
            String::from_utf8_lossy(&lost.stdout).replace(&lost_dir, "{dir}"),
            String::from_utf8_lossy(&said.stdout).replace(&said_dir, "{dir}"),
            "{sub:?}"
        );
        let expected = if said.stderr.is_empty() {
            said.status.code()
        } else {
            Some(1)
        };
        assert_eq!(lost.status.code(), expected, "{sub:?}: {}", stderr(&said));
    }
}

/// The warning of issue 14: invalid UTF-8 said after the header, on a
/// full stderr.
#[test]
fn a_warning_on_a_full_stderr_after_the_header_is_exit_1() {
    let case = Case::new();
    let bad = case.path("bad.txt");
    std::fs::write(&bad, b"Fancy Bear \xff met the DNC.\n").unwrap();
    let bad = bad.display().to_string();
    let sub = ["mentions", "--format", "tsv", &bad];
    let said = case.run(&sub, Stdio::piped(), Stdio::piped());
    assert!(stderr(&said).contains("invalid UTF-8"));
    let lost = case.run(&sub, Stdio::piped(), full());
    assert_eq!(lost.status.code(), Some(1));
    assert_eq!(lost.stdout, said.stdout);
    assert!(String::from_utf8_lossy(&lost.stdout).contains("Fancy Bear"));
}

/// Runs aka through `sh` with its standard output closed (`>&-`).
fn run_stdout_closed(case: &Case, sub: &[&str]) -> Output {
    Command::new("sh")
        .arg("-c")
        .arg("exec \"$@\" >&-")
        .arg("sh")
        .arg(env!("CARGO_BIN_EXE_aka"))
        .args(case.args(sub))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

#[test]
fn a_closed_stdout_is_said_and_nothing_is_done_for_every_subcommand() {
    for (sub, before) in SUBCOMMANDS {
        let case = case_for(before);
        let user_before = std::fs::read(case.user()).ok();
        let out = run_stdout_closed(&case, sub);
        assert_eq!(out.status.code(), Some(1), "{sub:?}: {}", stderr(&out));
        assert_eq!(stderr(&out), CLOSED, "{sub:?}");
        assert_eq!(std::fs::read(case.user()).ok(), user_before, "{sub:?}");
    }
}

/// `aka catalog export -o FILE` writes nothing on standard output, so a
/// closed one is no reason to refuse; `>/dev/null` is no closed stdout.
#[test]
fn a_closed_stdout_is_no_matter_without_output_and_dev_null_is_not_closed() {
    let case = Case::new();
    let file = case.path("all.json");
    let file_arg = file.display().to_string();
    let out = run_stdout_closed(&case, &["catalog", "export", "-o", &file_arg]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(file.exists());
    let devnull = Stdio::from(File::create(Path::new("/dev/null")).unwrap());
    let out = case.run(&["mentions", SAMPLE], devnull, Stdio::piped());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}
