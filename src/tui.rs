//! The terminal's lifecycle: raw mode, the alternate screen and mouse
//! capture go on in [`Tui::enter`] and come off again whatever happens —
//! when the [`Tui`] is dropped (quit, or an error unwinding out of the
//! loop), in a panic hook that restores before the panic is printed, and on
//! SIGTERM, SIGHUP, SIGINT and SIGQUIT, whose handler restores and exits.
//! ratatui's own `restore` would leave mouse capture on, so this module
//! does its own.

use std::io::{self, BufWriter, Stdout};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, Once, PoisonError};

use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use ratatui::crossterm::cursor::{Hide, Show};
use ratatui::crossterm::event::{DisableMouseCapture, EnableMouseCapture};
use ratatui::crossterm::execute;
use ratatui::crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use ratatui::layout::Size;
use signal_hook::consts::{SIGHUP, SIGINT, SIGQUIT, SIGTERM};
use signal_hook::iterator::Signals;

use crate::app::App;
use crate::ui;

/// Whether the terminal is in the explorer's modes (so restoring is due).
static ACTIVE: AtomicBool = AtomicBool::new(false);
/// Held while drawing, so a signal never restores in the middle of a frame.
static DRAWING: Mutex<()> = Mutex::new(());
static HOOKS: Once = Once::new();

/// Room for a whole frame, so that it reaches the terminal in one write.
const OUTPUT_BUFFER: usize = 256 * 1024;

/// The terminal while the explorer runs; restores it when dropped.
#[derive(Debug)]
pub struct Tui {
    terminal: Terminal<CrosstermBackend<BufWriter<Stdout>>>,
}

impl Tui {
    /// Installs the panic hook and signal handlers, then switches the
    /// terminal to raw mode, the alternate screen and mouse capture.
    pub fn enter() -> io::Result<Self> {
        install_hooks()?;
        enable_raw_mode()?;
        ACTIVE.store(true, Ordering::SeqCst);
        let entered = execute!(io::stdout(), EnterAlternateScreen, EnableMouseCapture, Hide)
            .and_then(|()| {
                let out = BufWriter::with_capacity(OUTPUT_BUFFER, io::stdout());
                Terminal::new(CrosstermBackend::new(out))
            });
        match entered {
            Ok(terminal) => Ok(Tui { terminal }),
            Err(e) => {
                restore();
                Err(e)
            }
        }
    }

    /// The terminal's size.
    pub fn size(&self) -> io::Result<Size> {
        self.terminal.size()
    }

    /// Draws one frame of `app`.
    pub fn draw(&mut self, app: &App) -> io::Result<()> {
        let _drawing = DRAWING.lock().unwrap_or_else(PoisonError::into_inner);
        self.terminal.draw(|frame| ui::render(app, frame))?;
        Ok(())
    }
}

impl Drop for Tui {
    fn drop(&mut self) {
        restore();
    }
}

/// Puts the terminal back as it was: mouse capture off, main screen, cursor
/// shown, raw mode off. Does nothing when it is not in the explorer's modes,
/// so calling it twice is harmless.
pub(crate) fn restore() {
    if ACTIVE.swap(false, Ordering::SeqCst) {
        // Nothing useful can be done about a failure while restoring.
        let _ = execute!(
            io::stdout(),
            DisableMouseCapture,
            LeaveAlternateScreen,
            Show
        );
        let _ = disable_raw_mode();
    }
}

fn install_hooks() -> io::Result<()> {
    let mut result = Ok(());
    HOOKS.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            restore();
            previous(info);
        }));
        result = Signals::new([SIGTERM, SIGHUP, SIGINT, SIGQUIT]).map(|mut signals| {
            std::thread::spawn(move || {
                if let Some(signal) = signals.forever().next() {
                    let _drawing = DRAWING.lock().unwrap_or_else(PoisonError::into_inner);
                    restore();
                    std::process::exit(128 + signal);
                }
            });
        });
    });
    result
}
