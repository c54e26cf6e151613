//! A PostgreSQL database of its own for each test, on the server
//! `AKA_TEST_POSTGRES` names (a URL whose user may create databases;
//! `.ci/postgres` installs and starts one and prints that URL): what the
//! tests of the shared index start from. Without the variable a test says
//! it is skipped, except under CI (`CI` set), where a missing server is a
//! failure.

use std::sync::atomic::{AtomicUsize, Ordering};

/// A database made for one test, dropped when the test ends.
pub struct TestDb {
    admin: String,
    name: String,
    pub url: String,
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if let Ok(mut c) = postgres::Client::connect(&self.admin, postgres::NoTls) {
            let _ = c.batch_execute(&format!(
                "DROP DATABASE IF EXISTS {} WITH (FORCE)",
                self.name
            ));
        }
    }
}

/// The server's URL, or `None` (said) when the tests have none.
pub fn server() -> Option<String> {
    match std::env::var("AKA_TEST_POSTGRES") {
        Ok(url) if !url.is_empty() => Some(url),
        _ => {
            assert!(
                std::env::var_os("CI").is_none(),
                "CI must point the tests at a PostgreSQL server: \
                 export AKA_TEST_POSTGRES=$(bash .ci/postgres)"
            );
            eprintln!(
                "skipped: no PostgreSQL server (export AKA_TEST_POSTGRES=$(bash .ci/postgres))"
            );
            None
        }
    }
}

/// A new, empty database on the server, or `None` without a server.
pub fn database() -> Option<TestDb> {
    static N: AtomicUsize = AtomicUsize::new(0);
    let admin = server()?;
    let name = format!(
        "aka_test_{}_{}",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    );
    let mut c = postgres::Client::connect(&admin, postgres::NoTls).expect("the test server");
    c.batch_execute(&format!("CREATE DATABASE {name}"))
        .expect("a test database");
    let (base, _) = admin.rsplit_once('/').expect("a URL with a database");
    let url = format!("{base}/{name}");
    Some(TestDb { admin, name, url })
}
