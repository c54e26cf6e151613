//! The model layer: catalogs, normalisation, the mention finder, documents
//! and inputs. It knows nothing of terminals; it returns plain data
//! (half-open byte ranges) that the views style.

pub mod boundary;
pub mod catalog;
pub mod corpus;
pub mod discover;
pub mod document;
pub mod evidence;
pub mod explain;
pub mod fold;
pub mod input;
pub mod lesson;
pub mod markdown;
pub mod matcher;
pub mod packs;
pub mod progress;
pub mod sources;
pub mod stream;
pub mod words_hash;

pub use catalog::{
    Actor, ActorIdx, Alias, CaseMode, Catalog, CatalogError, CatalogSource, Imported, Kind, Layer,
    NoiseAction, NoiseMark, NoiseRule, Origin, OriginIdx, OriginKind, Suppression,
};
pub use corpus::{Article, Loaded, Loader};
pub use document::{Document, Encoding, InvalidUtf8, LineCol, Locator};
pub use input::{Input, InputError};
pub use matcher::{DropReason, Dropped, Evidence, Matcher, Mention};
pub use progress::Progress;
pub use sources::Attribution;
