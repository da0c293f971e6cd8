use sea_orm::{ConnectionTrait, Database};
use std::path::Path;

/// One database per test, so tests never see each other's rows.
pub struct TestDb {
    pub url: String,
    /// Set for PostgreSQL: the server-level URL and the database to drop afterwards.
    postgres: Option<(String, String)>,
}

impl TestDb {
    pub fn is_postgres() -> bool {
        std::env::var("DATABASE_URL").is_ok_and(|u| u.starts_with("postgres"))
    }

    pub async fn create(dir: &Path) -> Self {
        match std::env::var("DATABASE_URL") {
            Ok(base) if base.starts_with("postgres") => {
                let name = format!("pw_test_{}", uuid::Uuid::new_v4().simple());
                let admin = Database::connect(&base).await.expect("connect to DATABASE_URL");
                admin.execute_unprepared(&format!("CREATE DATABASE \"{name}\"")).await.expect("create test database");
                admin.close().await.ok();
                let url = match base.rsplit_once('/') {
                    Some((server, _)) => format!("{server}/{name}"),
                    None => panic!("DATABASE_URL must name a database"),
                };
                Self { url, postgres: Some((base, name)) }
            }
            _ => Self { url: format!("sqlite://{}?mode=rwc", dir.join("test.db").display()), postgres: None },
        }
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        let Some((base, name)) = self.postgres.take() else {
            return;
        };
        // Drop runs outside any runtime guarantee, so the cleanup gets its own.
        let _ = std::thread::spawn(move || {
            let Ok(runtime) = tokio::runtime::Builder::new_current_thread().enable_all().build() else {
                return;
            };
            runtime.block_on(async move {
                if let Ok(admin) = Database::connect(&base).await {
                    let _ = admin.execute_unprepared(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)")).await;
                    let _ = admin.close().await;
                }
            });
        })
        .join();
    }
}
