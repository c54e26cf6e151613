//! The `E` overlay: where the export of the article stands (choosing a
//! format, typing the destination, confirming that an existing file be
//! replaced) and its transitions. The state never writes: accepting a
//! path returns an [`Effect::Export`] that the event loop performs, and
//! the outcome comes back through [`App::exported`].

use super::App;
use super::effect::{Effect, ExportRequest};
use super::overlay::Overlay;
use crate::action::Action;
use crate::formats::write::WriteError;
use crate::formats::{self, Format};

/// The export dialog's stage.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExportDialog {
    /// The menu of formats, the cursor on one of [`Format::EXPORT`].
    Menu {
        /// The highlighted format's index.
        cursor: usize,
    },
    /// The destination being typed in the status bar.
    Path {
        /// The format chosen.
        format: Format,
        /// The path typed so far (starts as the default).
        text: String,
    },
    /// The destination exists: overwrite it (y) or not (n)?
    Confirm {
        /// The format chosen.
        format: Format,
        /// The existing file.
        path: String,
    },
}

impl ExportDialog {
    /// The format under the menu's cursor, or the one chosen.
    pub fn format(&self) -> Format {
        match self {
            ExportDialog::Menu { cursor } => {
                Format::EXPORT[(*cursor).min(Format::EXPORT.len() - 1)]
            }
            ExportDialog::Path { format, .. } | ExportDialog::Confirm { format, .. } => *format,
        }
    }
}

impl App {
    /// Opens the export menu.
    pub(super) fn open_export(&mut self) {
        if self.current.is_none() {
            self.message = Some("no article yet".to_string());
            return;
        }
        self.overlay = Overlay::Export(ExportDialog::Menu { cursor: 0 });
    }

    /// The default destination of the article shown in `format`.
    pub(crate) fn export_default(&self, format: Format) -> String {
        formats::default_path(&self.view.doc.name, format)
            .to_string_lossy()
            .into_owned()
    }

    /// Applies an action while the export dialog is open; returns false for
    /// those that act as usual (quit, resize).
    pub(super) fn update_export(&mut self, action: Action) -> bool {
        let Overlay::Export(dialog) = &mut self.overlay else {
            return false;
        };
        if matches!(action, Action::Quit | Action::Resize { .. }) {
            return false;
        }
        match dialog {
            ExportDialog::Menu { cursor } => match action {
                Action::Down => *cursor = (*cursor + 1) % Format::EXPORT.len(),
                Action::Up => {
                    *cursor = (*cursor + Format::EXPORT.len() - 1) % Format::EXPORT.len();
                }
                Action::Activate => {
                    let format = dialog.format();
                    let text = self.export_default(format);
                    self.overlay = Overlay::Export(ExportDialog::Path { format, text });
                }
                Action::Back | Action::Export => self.overlay = Overlay::None,
                _ => {}
            },
            ExportDialog::Path { format, text } => match action {
                Action::Input(c) => text.push(c),
                Action::InputBackspace => {
                    text.pop();
                }
                Action::InputClear => text.clear(),
                Action::InputAccept => {
                    let (format, path) = (*format, text.trim().to_string());
                    self.request_export(format, path, false);
                }
                Action::Back => {
                    self.overlay = Overlay::None;
                    self.message = Some("export cancelled".to_string());
                }
                _ => {}
            },
            ExportDialog::Confirm { format, path } => match action {
                Action::Answer(true) => {
                    let (format, path) = (*format, path.clone());
                    self.request_export(format, path, true);
                }
                Action::Answer(false) | Action::Back => {
                    let (format, text) = (*format, path.clone());
                    self.message = Some(format!("{text} left as it was: type another path"));
                    self.overlay = Overlay::Export(ExportDialog::Path { format, text });
                }
                _ => {}
            },
        }
        true
    }

    /// Asks the event loop to write the article in `format` to `path`
    /// (replacing a file only if `overwrite`); an empty path asks for one.
    fn request_export(&mut self, format: Format, path: String, overwrite: bool) {
        if path.is_empty() {
            self.message = Some("type a path to export to".to_string());
            self.overlay = Overlay::Export(ExportDialog::Path { format, text: path });
            return;
        }
        let request = ExportRequest {
            format,
            path,
            overwrite,
        };
        // A large article takes a while to write: in the background.
        if self.view.text().len() > super::EAGER_SOURCES {
            self.start_export(request);
        } else {
            self.effects.push(Effect::Export(request));
        }
    }

    /// Takes in how a requested export went: success closes the dialog;
    /// an existing file asks whether to replace it; a failure is said in
    /// the status bar and leaves the path to edit.
    pub fn exported(&mut self, request: ExportRequest, outcome: Result<(), WriteError>) {
        let ExportRequest { format, path, .. } = request;
        match outcome {
            Ok(()) => {
                self.overlay = Overlay::None;
                let n = self.article().index.mentions.len();
                let s = if n == 1 { "" } else { "s" };
                self.message = Some(format!(
                    "exported {n} mention{s} as {} to {path}",
                    format.label()
                ));
            }
            Err(WriteError::Exists) => {
                self.overlay = Overlay::Export(ExportDialog::Confirm { format, path });
            }
            Err(e) => {
                self.message = Some(format!("cannot write {path}: {e}"));
                self.overlay = Overlay::Export(ExportDialog::Path { format, text: path });
            }
        }
    }
}
