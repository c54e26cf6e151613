//! What an [`App::update`](super::App::update) asks of the world outside
//! the state: the state stays a pure transition, and the event loop
//! ([`crate::explore`]) performs these, feeding any outcome back.

use super::job::JobRequest;
use crate::archive::shelf::Ask;
use crate::formats::Format;
use crate::formats::user::UserCatalog;

/// Something the event loop must do after an action.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// Leave the explorer.
    Quit,
    /// Suspend aka, as Ctrl-Z does in a shell, until `fg`.
    Suspend,
    /// Write the article shown to a file; the outcome goes to
    /// [`App::exported`](super::App::exported).
    Export(ExportRequest),
    /// Run a job in the background; its result goes to
    /// [`App::job_done`](super::App::job_done).
    StartJob(JobRequest),
    /// Write the user catalog (atomically, journaled); the outcome goes
    /// to [`App::user_saved`](super::App::user_saved).
    SaveUserCatalog {
        /// The catalog to write.
        user: Box<UserCatalog>,
        /// The change in words, for the journal.
        what: String,
    },
    /// Ask the archive index a question; the answer goes to
    /// [`App::shelf_news`](super::App::shelf_news).
    Archive(Ask),
    /// Read an article of the archive from its file; it goes to
    /// [`App::receive`](super::App::receive).
    Read {
        /// Its place in the article list.
        index: usize,
        /// Its name there.
        name: String,
        /// Its path as the index has it (relative to the folder).
        path: String,
    },
}

/// An export the reader asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportRequest {
    /// The format.
    pub format: Format,
    /// The destination as typed.
    pub path: String,
    /// Whether an existing file may be replaced (the reader said yes).
    pub overwrite: bool,
}
