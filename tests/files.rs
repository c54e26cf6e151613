//! Files as they are on a real disk (issue 14): a replaced file keeps its
//! permissions, a symbolic link written to stays a link, links in a folder
//! that lead nowhere are reported, and a FIFO that keeps aka waiting is
//! said. The real binary; `aka catalog export -o FILE --force` writes the
//! way the explorer's `E` does (`write_atomic_with`).

#![cfg(unix)]
#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

use std::fs;
use std::io::Write;
use std::os::unix::fs::{PermissionsExt, symlink};
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

const SAMPLE: &str = "seeds/election-2016.txt";

fn aka(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_aka"))
        .args(args)
        .arg("--no-user-catalog")
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

/// `aka catalog export --names -o FILE --force`, under the usual umask.
fn export_over(file: &Path) -> Output {
    Command::new("sh")
        .arg("-c")
        .arg("umask 022; exec \"$@\"")
        .arg("sh")
        .arg(env!("CARGO_BIN_EXE_aka"))
        .args([
            "catalog",
            "export",
            "--names",
            "--no-user-catalog",
            "--force",
        ])
        .arg("-o")
        .arg(file)
        .output()
        .unwrap()
}

fn mode(path: &Path) -> u32 {
    fs::metadata(path).unwrap().permissions().mode() & 0o7777
}

#[test]
fn a_replaced_file_keeps_its_permissions_whatever_the_umask() {
    let dir = tempfile::tempdir().unwrap();
    for wanted in [0o600, 0o664, 0o666, 0o640, 0o755] {
        let file = dir.path().join(format!("export-{wanted:o}.txt"));
        fs::write(&file, "old").unwrap();
        fs::set_permissions(&file, fs::Permissions::from_mode(wanted)).unwrap();
        let out = export_over(&file);
        assert!(out.status.success(), "{out:?}");
        assert_ne!(fs::read_to_string(&file).unwrap(), "old");
        assert_eq!(mode(&file), wanted, "{wanted:o}");
    }
    // A new file gets the umask's mode.
    let new = dir.path().join("new.txt");
    assert!(export_over(&new).status.success());
    assert_eq!(mode(&new), 0o644);
}

#[test]
fn a_symbolic_link_written_to_stays_a_link_and_its_target_changes() {
    let dir = tempfile::tempdir().unwrap();
    let elsewhere = dir.path().join("elsewhere");
    let here = dir.path().join("here");
    fs::create_dir_all(&elsewhere).unwrap();
    fs::create_dir_all(&here).unwrap();
    let target = elsewhere.join("all.txt");
    fs::write(&target, "old").unwrap();
    fs::set_permissions(&target, fs::Permissions::from_mode(0o600)).unwrap();
    // A relative link, and a link to that link.
    let link = here.join("link.txt");
    symlink("../elsewhere/all.txt", &link).unwrap();
    let link2 = here.join("link2.txt");
    symlink("link.txt", &link2).unwrap();
    for written in [&link, &link2] {
        fs::write(&target, "old").unwrap();
        let out = export_over(written);
        assert!(out.status.success(), "{out:?}");
        assert!(
            fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert!(
            fs::symlink_metadata(&link2)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert!(fs::read_to_string(&target).unwrap().contains("Fancy Bear"));
        assert_eq!(mode(&target), 0o600);
    }
    // No temporary file left anywhere.
    for d in [&elsewhere, &here] {
        let names: Vec<_> = fs::read_dir(d)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert!(names.len() <= 2, "{names:?}");
    }
    // A dangling link: its target is created, the link kept.
    let dangling = here.join("dangling.txt");
    symlink("../elsewhere/new.txt", &dangling).unwrap();
    assert!(export_over(&dangling).status.success());
    assert!(
        fs::symlink_metadata(&dangling)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert!(elsewhere.join("new.txt").is_file());
    // A link that loops is an error, said on one line.
    let looping = here.join("loop.txt");
    symlink("loop.txt", &looping).unwrap();
    let out = export_over(&looping);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("symbolic links"), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
}

#[test]
fn links_in_a_folder_that_lead_nowhere_are_reported_like_unreadable_files() {
    let dir = tempfile::tempdir().unwrap();
    let dangling = dir.path().join("dangling");
    fs::create_dir_all(&dangling).unwrap();
    fs::copy(SAMPLE, dangling.join("good.txt")).unwrap();
    symlink("gone.txt", dangling.join("lost.txt")).unwrap();
    let out = aka(&["mentions", dangling.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("lost.txt: a symbolic link to gone.txt, which does not exist"),
        "{err}"
    );

    let looping = dir.path().join("looping");
    fs::create_dir_all(&looping).unwrap();
    fs::copy(SAMPLE, looping.join("good.txt")).unwrap();
    symlink("loop.txt", looping.join("loop.txt")).unwrap();
    let out = aka(&["mentions", looping.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("loop.txt: "), "{err}");
    assert!(err.contains("symbolic links"), "{err}");

    // A link to a folder is still not followed, and no error.
    let linked = dir.path().join("linked");
    fs::create_dir_all(&linked).unwrap();
    fs::copy(SAMPLE, linked.join("good.txt")).unwrap();
    symlink(&looping, linked.join("sub.txt")).unwrap();
    let out = aka(&["mentions", linked.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
}

#[test]
fn a_fifo_that_keeps_aka_waiting_is_said_and_its_input_read() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("in.txt");
    let made = Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(made.success());
    let mut child = Command::new(env!("CARGO_BIN_EXE_aka"))
        .args(["mentions", "--format", "tsv", "--no-user-catalog"])
        .arg(&fifo)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Wait until aka has said it waits (it has nothing to read yet); the
    // line is read on a thread of its own, so that an aka that says
    // nothing fails the test instead of hanging it.
    let started = Instant::now();
    let mut stderr = child.stderr.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut said = Vec::new();
        let mut byte = [0u8; 1];
        while !said.ends_with(b"\n")
            && std::io::Read::read(&mut stderr, &mut byte).is_ok_and(|n| n == 1)
        {
            said.push(byte[0]);
        }
        let _ = tx.send(said);
    });
    let Ok(said) = rx.recv_timeout(Duration::from_secs(20)) else {
        child.kill().unwrap();
        panic!("aka never said it waits");
    };
    assert!(started.elapsed() >= Duration::from_millis(900));
    assert_eq!(
        String::from_utf8_lossy(&said),
        format!("aka: {}: waiting for input on a FIFO…\n", fifo.display())
    );
    fs::OpenOptions::new()
        .write(true)
        .open(&fifo)
        .unwrap()
        .write_all(b"Fancy Bear met the DNC.\n")
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).contains("Fancy Bear"));
}

#[test]
fn a_fifo_with_data_at_once_is_read_without_a_word() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("in.txt");
    assert!(
        Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    let child = Command::new(env!("CARGO_BIN_EXE_aka"))
        .args(["mentions", "--format", "tsv", "--no-user-catalog"])
        .arg(&fifo)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    fs::OpenOptions::new()
        .write(true)
        .open(&fifo)
        .unwrap()
        .write_all(b"Fancy Bear met the DNC.\n")
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&out.stderr), "");
    assert!(String::from_utf8_lossy(&out.stdout).contains("Fancy Bear"));
}
