//! Where the `E` export of the article stands: choosing a format, typing
//! the destination, or confirming that an existing file be replaced. The
//! transitions are in [`crate::app::App`]; the file is written by
//! [`crate::export::write`].

use crate::export::write::ExportFormat;

/// The export dialog's stage.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExportDialog {
    /// The menu of formats, the cursor on one of [`ExportFormat::ALL`].
    Menu {
        /// The highlighted format's index.
        cursor: usize,
    },
    /// The destination being typed in the status bar.
    Path {
        /// The format chosen.
        format: ExportFormat,
        /// The path typed so far (starts as the default).
        text: String,
    },
    /// The destination exists: overwrite it (y) or not (n)?
    Confirm {
        /// The format chosen.
        format: ExportFormat,
        /// The existing file.
        path: String,
    },
}

impl ExportDialog {
    /// The format under the menu's cursor, or the one chosen.
    pub fn format(&self) -> ExportFormat {
        match self {
            ExportDialog::Menu { cursor } => {
                ExportFormat::ALL[(*cursor).min(ExportFormat::ALL.len() - 1)]
            }
            ExportDialog::Path { format, .. } | ExportDialog::Confirm { format, .. } => *format,
        }
    }
}
