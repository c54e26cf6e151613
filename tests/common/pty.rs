//! The real `aka` binary in a pseudo-terminal, a vt100 parser playing the
//! terminal: what the pty tests of several files start from.

use std::io::{Read, Write};
use std::sync::{Arc, Mutex};

use portable_pty::{CommandBuilder, PtySize, native_pty_system};

/// A started `aka` and the terminal it draws on.
pub struct Spawned<C: vt100::Callbacks> {
    /// The screen, fed by a reader thread as the binary writes.
    pub parser: Arc<Mutex<vt100::Parser<C>>>,
    /// Keys go here.
    pub writer: Box<dyn Write + Send>,
    pub child: Box<dyn portable_pty::Child + Send + Sync>,
    /// Kept for resizing, and open as long as the session lives.
    pub master: Box<dyn portable_pty::MasterPty + Send>,
}

/// Starts `aka ARGS` in a `rows`×`cols` pseudo-terminal (`TERM`
/// `xterm-256color`, `NO_COLOR` unset, `env` set, in the project's folder),
/// its output parsed with `callbacks` told what the terminal is asked.
pub fn spawn<C: vt100::Callbacks + Send + 'static>(
    args: &[&str],
    env: &[(&str, &str)],
    rows: u16,
    cols: u16,
    callbacks: C,
) -> Spawned<C> {
    let pair = native_pty_system()
        .openpty(PtySize {
            rows,
            cols,
            pixel_width: 0,
            pixel_height: 0,
        })
        .unwrap();
    let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_aka"));
    cmd.args(args);
    cmd.cwd(env!("CARGO_MANIFEST_DIR"));
    cmd.env("TERM", "xterm-256color");
    cmd.env_remove("NO_COLOR");
    for (k, v) in env {
        cmd.env(k, v);
    }
    let child = pair.slave.spawn_command(cmd).unwrap();
    drop(pair.slave);
    let parser = Arc::new(Mutex::new(vt100::Parser::new_with_callbacks(
        rows.try_into().unwrap(),
        cols.try_into().unwrap(),
        0,
        callbacks,
    )));
    let mut reader = pair.master.try_clone_reader().unwrap();
    let sink = Arc::clone(&parser);
    std::thread::spawn(move || {
        let mut buf = [0u8; 8192];
        while let Ok(n) = reader.read(&mut buf) {
            if n == 0 {
                break;
            }
            sink.lock().unwrap().process(&buf[..n]);
        }
    });
    let writer = pair.master.take_writer().unwrap();
    Spawned {
        parser,
        writer,
        child,
        master: pair.master,
    }
}
