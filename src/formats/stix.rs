//! STIX 2.1: bundles in (`--catalog bundle.json`, [`import`]) and out
//! (`aka mentions --format stix`, [`bundle`]; `aka catalog export --format
//! stix`, [`catalog`]). An object aka exported keeps
//! its aka id (`x_aka_id`) and kind (`x_aka_kind`), so a bundle read back
//! names the same actors.

pub mod bundle;
pub mod catalog;
pub mod import;
