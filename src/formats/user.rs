//! The user catalog: what the reader taught aka (docs/catalog.md, The user
//! catalog). A catalog file in aka's format, with `suppress` entries,
//! loaded after the bundled catalog, the packs and the `--catalog` files.
//!
//! Every change is written atomically (a temporary file in the same folder,
//! synced, then renamed: [`super::write`]), after the file's previous text
//! is appended to a journal beside it (`catalog.json.undo`, JSON Lines, the
//! last [`JOURNAL_MAX`] changes) so that [`undo`] can put it back. A file
//! that does not parse is never written over.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};

use super::write::{WriteError, write_atomic};
use crate::model::{CatalogError, CatalogSource, Suppression};

/// The changes the journal remembers.
pub const JOURNAL_MAX: usize = 100;

/// Where the user catalog is when no `--user-catalog` says:
/// `$XDG_CONFIG_HOME/aka/catalog.json`, else `~/.config/aka/catalog.json`.
pub fn default_path() -> Option<PathBuf> {
    let config = std::env::var_os("XDG_CONFIG_HOME")
        .map(PathBuf::from)
        .filter(|p| p.is_absolute())
        .or_else(|| {
            std::env::var_os("HOME")
                .map(PathBuf::from)
                .filter(|p| p.is_absolute())
                .map(|h| h.join(".config"))
        })?;
    Some(config.join("aka").join("catalog.json"))
}

/// The journal beside a user catalog.
pub fn journal_path(path: &Path) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(".undo");
    path.with_file_name(name)
}

/// One line of the journal: what a change did, and the file before it
/// (`None`: there was no file).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    /// The change in words (`added alias "X" to apt28`).
    pub what: String,
    /// The file's text before the change.
    pub before: Option<String>,
}

/// A new actor, as `aka catalog add` or the explorer's form gives it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewActor {
    /// Its id.
    pub id: String,
    /// Its display name.
    pub name: String,
    /// Its kind, as catalogs write it (`threat-group`).
    pub kind: String,
    /// More aliases.
    pub aliases: Vec<String>,
    /// ISO 3166 alpha-2 country, if any.
    pub country: Option<String>,
    /// A description, if any.
    pub description: Option<String>,
}

/// A user catalog open for changes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserCatalog {
    path: PathBuf,
    /// The file's text as read (`None`: no file yet).
    text: Option<String>,
    /// The file as JSON, keys in file order.
    doc: Map<String, Value>,
}

/// Why a change was not made.
#[derive(Debug, thiserror::Error)]
pub enum UserError {
    /// The file does not parse: it is left alone.
    #[error("{0} (the user catalog is left as it is: fix it, or name another with --user-catalog)")]
    Invalid(CatalogError),
    /// It could not be read.
    #[error("{path}: cannot read the user catalog: {reason}")]
    Read {
        /// The file.
        path: String,
        /// Why.
        reason: String,
    },
    /// It could not be written.
    #[error("{path}: cannot write the user catalog: {error}")]
    Write {
        /// The file.
        path: String,
        /// Why.
        error: WriteError,
    },
    /// The change makes no sense (an id taken, an unknown id…).
    #[error("{0}")]
    Refused(String),
}

impl UserCatalog {
    /// Opens the user catalog at `path`; a missing file is an empty one.
    pub fn open(path: &Path) -> Result<Self, UserError> {
        let name = path.display().to_string();
        let text = match fs::read(path) {
            Ok(bytes) => Some(String::from_utf8(bytes).map_err(|_| {
                UserError::Invalid(CatalogError::Invalid {
                    path: name.clone(),
                    line: 1,
                    column: 1,
                    message: "invalid UTF-8: catalogs must be UTF-8 text".into(),
                })
            })?),
            Err(e) if e.kind() == io::ErrorKind::NotFound => None,
            Err(e) => {
                return Err(UserError::Read {
                    path: name,
                    reason: crate::model::catalog::io_reason(&e),
                });
            }
        };
        let doc = match &text {
            None => {
                let mut m = Map::new();
                m.insert("actors".into(), Value::Array(Vec::new()));
                m
            }
            Some(t) => match serde_json::from_str::<Value>(t.trim_start_matches('\u{feff}')) {
                Ok(Value::Object(m)) => m,
                Ok(_) => {
                    return Err(UserError::Invalid(CatalogError::Invalid {
                        path: name,
                        line: 1,
                        column: 1,
                        message: "a catalog is one JSON object with an \"actors\" list".into(),
                    }));
                }
                Err(e) => {
                    return Err(UserError::Invalid(CatalogError::Invalid {
                        path: name,
                        line: e.line(),
                        column: crate::model::catalog::char_column(
                            t.trim_start_matches('\u{feff}'),
                            e.line(),
                            e.column(),
                        ),
                        message: crate::model::catalog::describe_json_error(&e),
                    }));
                }
            },
        };
        Ok(UserCatalog {
            path: path.to_path_buf(),
            text,
            doc,
        })
    }

    /// Takes the actors and suppressions of `earlier` (a state this
    /// catalog had: the explorer's undo), keeping what this one knows of
    /// the file on disk, which the journal records before the next save.
    pub fn restore(&mut self, earlier: &UserCatalog) {
        self.doc.clone_from(&earlier.doc);
    }

    /// The file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The catalog as it would be saved, as a source to load.
    pub fn source(&self) -> CatalogSource {
        CatalogSource {
            name: self.path.display().to_string(),
            json: self.to_json(),
        }
    }

    /// The text that [`UserCatalog::save`] writes.
    pub fn to_json(&self) -> String {
        let mut s = serde_json::to_string_pretty(&Value::Object(self.doc.clone()))
            .unwrap_or_else(|_| "{\"actors\": []}".into());
        s.push('\n');
        s
    }

    fn list(&mut self, key: &str) -> &mut Vec<Value> {
        let v = self
            .doc
            .entry(key.to_string())
            .or_insert_with(|| Value::Array(Vec::new()));
        if !v.is_array() {
            *v = Value::Array(Vec::new());
        }
        match v {
            Value::Array(a) => a,
            _ => unreachable!("made an array just above"),
        }
    }

    fn entry_of(&mut self, id: &str) -> Option<&mut Map<String, Value>> {
        self.list("actors")
            .iter_mut()
            .filter_map(Value::as_object_mut)
            .find(|e| e.get("id").and_then(Value::as_str) == Some(id))
    }

    /// Adds a new actor.
    pub fn add_actor(&mut self, actor: &NewActor) {
        let mut entry = Map::new();
        entry.insert("id".into(), json!(actor.id));
        entry.insert("name".into(), json!(actor.name));
        entry.insert("kind".into(), json!(actor.kind));
        if !actor.aliases.is_empty() {
            entry.insert("aliases".into(), json!(actor.aliases));
        }
        if let Some(d) = &actor.description {
            entry.insert("description".into(), json!(d));
        }
        if let Some(c) = &actor.country {
            entry.insert("country".into(), json!(c));
        }
        self.list("actors").push(Value::Object(entry));
    }

    /// Adds `alias` to the actor `id` (which an earlier catalog or this one
    /// defines).
    pub fn add_alias(&mut self, id: &str, alias: &str) {
        if let Some(entry) = self.entry_of(id) {
            let aliases = entry
                .entry("aliases")
                .or_insert_with(|| Value::Array(Vec::new()));
            if let Value::Array(a) = aliases {
                if !a.iter().any(|v| v.as_str() == Some(alias)) {
                    a.push(json!(alias));
                }
            } else {
                *aliases = json!([alias]);
            }
            return;
        }
        self.list("actors")
            .push(json!({"id": id, "aliases": [alias]}));
    }

    /// Changes the fields of actor `id` that `fields` gives (`name`,
    /// `kind`, `country`, `description`): the explorer's `e`.
    pub fn edit(&mut self, id: &str, fields: &[(&str, Option<String>)]) {
        if self.entry_of(id).is_none() {
            self.list("actors").push(json!({ "id": id }));
        }
        if let Some(entry) = self.entry_of(id) {
            for (key, value) in fields {
                match value {
                    Some(v) => {
                        entry.insert((*key).to_string(), json!(v));
                    }
                    None => {
                        entry.remove(*key);
                    }
                }
            }
        }
    }

    /// Adds a suppression.
    pub fn suppress(&mut self, s: &Suppression) {
        let value = serde_json::to_value(s).unwrap_or(Value::Null);
        let list = self.list("suppress");
        if !list.contains(&value) {
            list.push(value);
        }
    }

    /// Writes the catalog: the journal first, then the file, atomically.
    pub fn save(&mut self, what: &str) -> Result<(), UserError> {
        let write_err = |path: &Path, error| UserError::Write {
            path: path.display().to_string(),
            error,
        };
        if let Some(dir) = self.path.parent().filter(|d| !d.as_os_str().is_empty()) {
            fs::create_dir_all(dir).map_err(|e| write_err(&self.path, WriteError::Io(e)))?;
        }
        let journal = journal_path(&self.path);
        let mut entries = read_journal(&journal);
        entries.push(Entry {
            what: what.to_string(),
            before: self.text.clone(),
        });
        let skip = entries.len().saturating_sub(JOURNAL_MAX);
        write_atomic(&journal, &journal_text(&entries[skip..]), true)
            .map_err(|e| write_err(&journal, e))?;
        let json = self.to_json();
        write_atomic(&self.path, json.as_bytes(), true).map_err(|e| write_err(&self.path, e))?;
        self.text = Some(json);
        Ok(())
    }
}

fn read_journal(path: &Path) -> Vec<Entry> {
    fs::read_to_string(path)
        .map(|t| {
            t.lines()
                .filter_map(|l| serde_json::from_str(l).ok())
                .collect()
        })
        .unwrap_or_default()
}

fn journal_text(entries: &[Entry]) -> Vec<u8> {
    let mut out = Vec::new();
    for e in entries {
        if serde_json::to_writer(&mut out, e).is_ok() {
            let _ = out.write_all(b"\n");
        }
    }
    out
}

/// Puts back the user catalog as it was before its last change, and says
/// what that change was; `None` when the journal is empty.
pub fn undo(path: &Path) -> Result<Option<String>, UserError> {
    let journal = journal_path(path);
    let mut entries = read_journal(&journal);
    let Some(last) = entries.pop() else {
        return Ok(None);
    };
    let write_err = |p: &Path, error| UserError::Write {
        path: p.display().to_string(),
        error,
    };
    match &last.before {
        Some(text) => write_atomic(path, text.as_bytes(), true).map_err(|e| write_err(path, e))?,
        None => match fs::remove_file(path) {
            Ok(()) => {}
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            Err(e) => return Err(write_err(path, WriteError::Io(e))),
        },
    }
    if entries.is_empty() {
        match fs::remove_file(&journal) {
            Ok(()) => {}
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            Err(e) => return Err(write_err(&journal, WriteError::Io(e))),
        }
    } else {
        write_atomic(&journal, &journal_text(&entries), true)
            .map_err(|e| write_err(&journal, e))?;
    }
    Ok(Some(last.what))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;
    use crate::model::Catalog;

    #[test]
    fn changes_are_saved_journaled_and_undone_in_order() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub").join("catalog.json");
        let mut user = UserCatalog::open(&path).unwrap();
        user.add_alias("apt28", "Quill Storm");
        user.save("added alias \"Quill Storm\" to apt28").unwrap();
        let mut user = UserCatalog::open(&path).unwrap();
        user.add_actor(&NewActor {
            id: "quillcrest".into(),
            name: "Quillcrest".into(),
            kind: "threat-group".into(),
            aliases: vec!["QC".into()],
            country: Some("RU".into()),
            description: None,
        });
        user.suppress(&Suppression {
            alias: "Cobalt".into(),
            article: None,
            context: None,
        });
        user.save("added quillcrest").unwrap();
        let catalog = Catalog::load(&[CatalogSource::bundled(), user.source()]).unwrap();
        let apt28 = catalog.get("apt28").unwrap();
        assert!(apt28.aliases.iter().any(|a| a.text == "Quill Storm"));
        assert_eq!(
            catalog.get("quillcrest").unwrap().country.as_deref(),
            Some("RU")
        );
        assert_eq!(catalog.suppressions().len(), 1);

        assert_eq!(undo(&path).unwrap().as_deref(), Some("added quillcrest"));
        let catalog = Catalog::load(&[
            CatalogSource::bundled(),
            CatalogSource::read(&path).unwrap(),
        ])
        .unwrap();
        assert!(catalog.get("quillcrest").is_none());
        assert_eq!(
            undo(&path).unwrap().as_deref(),
            Some("added alias \"Quill Storm\" to apt28")
        );
        assert!(!path.exists(), "the first change created the file");
        assert_eq!(undo(&path).unwrap(), None);
    }

    #[test]
    fn a_file_that_does_not_parse_is_refused_with_line_and_column() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("catalog.json");
        fs::write(&path, "{\"actors\": [\n  {\"id\": \"x\",,}\n]}").unwrap();
        let err = UserCatalog::open(&path).unwrap_err().to_string();
        assert!(err.contains("catalog.json:2:"), "{err}");
        assert!(err.contains("left as it is"), "{err}");
        assert_eq!(
            fs::read_to_string(&path).unwrap(),
            "{\"actors\": [\n  {\"id\": \"x\",,}\n]}"
        );
    }

    #[test]
    fn keys_keep_the_order_the_user_wrote() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("catalog.json");
        fs::write(
            &path,
            r#"{"suppress": [], "actors": [{"name": "Z", "kind": "other", "id": "z"}]}"#,
        )
        .unwrap();
        let mut user = UserCatalog::open(&path).unwrap();
        user.add_alias("z", "Zed");
        user.save("alias").unwrap();
        let text = fs::read_to_string(&path).unwrap();
        let (s, a) = (text.find("suppress").unwrap(), text.find("actors").unwrap());
        assert!(s < a, "{text}");
        let (n, i) = (text.find("\"name\"").unwrap(), text.find("\"id\"").unwrap());
        assert!(n < i, "{text}");
    }
}
