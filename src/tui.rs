//! The terminal's lifecycle: raw mode, the alternate screen and mouse
//! capture go on in [`Tui::enter`] and come off again whatever happens —
//! when the [`Tui`] is dropped (quit, or an error unwinding out of the
//! loop), in a panic hook that restores before the panic is printed, and on
//! SIGTERM, SIGHUP, SIGINT and SIGQUIT (and SIGUSR1, SIGUSR2 and SIGALRM,
//! whose default also ends a process), whose handler restores and exits
//! with 128 + the signal's number.
//! SIGTSTP (`kill -TSTP`, or Ctrl-Z through `suspend`) restores, stops
//! aka, and once continued (`fg`) puts the modes back and has everything
//! drawn again. ratatui's own `restore` would leave mouse capture on, so
//! this module does its own.

use std::io::{self, BufWriter, Stdout};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, Once, PoisonError};

use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use ratatui::crossterm::cursor::{Hide, Show};
use ratatui::crossterm::event::{DisableMouseCapture, EnableMouseCapture};
use ratatui::crossterm::execute;
use ratatui::crossterm::terminal::{
    Clear, ClearType, EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use ratatui::layout::Size;
use signal_hook::consts::{
    SIGALRM, SIGCONT, SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGTSTP, SIGUSR1, SIGUSR2, SIGWINCH,
};
use signal_hook::iterator::Signals;
use signal_hook::low_level;

use crate::app::App;
use crate::ui;

/// Whether the terminal is in the explorer's modes (so restoring is due).
static ACTIVE: AtomicBool = AtomicBool::new(false);
/// Whether the terminal was put back by a suspension (so continuing
/// enters the modes again).
static SUSPENDED: AtomicBool = AtomicBool::new(false);
/// Whether the whole screen is to be drawn again at the next frame (the
/// shell wrote over it while aka was stopped).
static REDRAW: AtomicBool = AtomicBool::new(false);
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
        let entered = enter_modes().and_then(|()| {
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
        if REDRAW.swap(false, Ordering::SeqCst) {
            // Not `Terminal::clear`, which asks the terminal where its
            // cursor is: the screen cleared, then both buffers blank, so
            // that the frame is drawn whole.
            execute!(self.terminal.backend_mut(), Clear(ClearType::All))?;
            self.terminal.swap_buffers();
        }
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

/// The explorer's screen modes on: the alternate screen, mouse capture,
/// the cursor hidden.
fn enter_modes() -> io::Result<()> {
    execute!(io::stdout(), EnterAlternateScreen, EnableMouseCapture, Hide)
}

/// Whether the whole screen is due to be drawn again (aka was continued
/// after a suspension and no frame has been drawn since). The event loop
/// looks at this between waits, so that the screen comes back even when
/// the SIGWINCH raised to wake it is not delivered as an event.
pub(crate) fn redraw_due() -> bool {
    REDRAW.load(Ordering::SeqCst)
}

/// Stops aka as SIGTSTP's default action does, with the terminal put back
/// as the shell wants it first; once continued (`fg`, SIGCONT), the
/// explorer's modes come back and the next frame draws the whole screen
/// (a SIGWINCH wakes the event loop to draw it, and to take a size the
/// window may have changed to meanwhile). Ctrl-Z and SIGTSTP both come
/// here.
pub(crate) fn suspend() {
    let _drawing = DRAWING.lock().unwrap_or_else(PoisonError::into_inner);
    if ACTIVE.load(Ordering::SeqCst) {
        restore();
        SUSPENDED.store(true, Ordering::SeqCst);
    }
    // Stops every thread here, until SIGCONT.
    let _ = low_level::emulate_default_handler(SIGTSTP);
    resume_locked();
}

/// Enters the modes again after a suspension (no matter how often it is
/// called for one).
fn resume_locked() {
    if SUSPENDED.swap(false, Ordering::SeqCst) {
        // A terminal that fails now fails the next frame, which says so.
        let _ = enable_raw_mode();
        ACTIVE.store(true, Ordering::SeqCst);
        let _ = enter_modes();
        REDRAW.store(true, Ordering::SeqCst);
        let _ = low_level::raise(SIGWINCH);
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
        let signals = [
            SIGTERM, SIGHUP, SIGINT, SIGQUIT, SIGUSR1, SIGUSR2, SIGALRM, SIGTSTP, SIGCONT,
        ];
        result = Signals::new(signals).map(|mut signals| {
            std::thread::spawn(move || {
                for signal in signals.forever() {
                    match signal {
                        SIGTSTP => suspend(),
                        // Continued without having been suspended here
                        // (SIGSTOP, then SIGCONT): nothing to do.
                        SIGCONT => {
                            let _drawing = DRAWING.lock().unwrap_or_else(PoisonError::into_inner);
                            resume_locked();
                        }
                        _ => {
                            let _drawing = DRAWING.lock().unwrap_or_else(PoisonError::into_inner);
                            restore();
                            std::process::exit(128 + signal);
                        }
                    }
                }
            });
        });
    });
    result
}
