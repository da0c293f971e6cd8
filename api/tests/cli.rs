//! The operator's commands, run as the built binary against a fresh SQLite database.

use compliance::{
    SystemClock,
    audit::{self, Actor, AuditEvent},
};
use sea_orm::{ConnectionTrait, Database};
use std::process::{Command, Output};

struct Operator {
    dir: tempfile::TempDir,
}

impl Operator {
    fn new() -> Self {
        Self { dir: tempfile::tempdir().expect("temp dir") }
    }

    fn database_url(&self) -> String {
        format!("sqlite://{}?mode=rwc", self.dir.path().join("cli.db").display())
    }

    fn run(&self, args: &[&str]) -> Output {
        self.run_with(args, &[])
    }

    fn run_with(&self, args: &[&str], env: &[(&str, &str)]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_postwarden"))
            .args(args)
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("DATABASE_URL", self.database_url())
            .env("POSTWARDEN_DATA_DIR", self.dir.path())
            .env("POSTWARDEN_LOG__FILTER", "warn")
            .envs(env.iter().copied())
            .output()
            .expect("the binary runs")
    }
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[tokio::test]
async fn migrate_grant_rotate_and_verify_from_the_command_line() {
    let operator = Operator::new();
    let malformed = operator.run_with(&["migrate"], &[("POSTWARDEN_SERVER__BIND", "not-an-address")]);
    assert!(!malformed.status.success());
    assert!(stderr(&malformed).to_lowercase().contains("bind"), "the error names the setting: {}", stderr(&malformed));

    let migrated = operator.run(&["migrate"]);
    assert!(migrated.status.success(), "{}", stderr(&migrated));

    let unknown = operator.run(&["grant-role", "--email", "nobody@example.com", "--role", "admin"]);
    assert!(!unknown.status.success(), "granting to no one must fail");

    let rotated = operator.run(&["rotate-keys"]);
    assert!(rotated.status.success(), "{}", stderr(&rotated));
    assert!(stdout(&rotated).contains("rotated 0, failed 0, remaining 0"), "{}", stdout(&rotated));

    let db = Database::connect(operator.database_url()).await.expect("connect");
    for action in ["role.granted", "role.revoked"] {
        audit::append(&db, &SystemClock, AuditEvent::new(Actor::System, action)).await.expect("append");
    }
    let intact = operator.run(&["verify-audit"]);
    assert!(intact.status.success(), "{}", stderr(&intact));
    let report: serde_json::Value = serde_json::from_str(&stdout(&intact)).expect("a JSON report");
    assert_eq!((report["entries_checked"].as_u64(), report["first_break"].is_null()), (Some(2), true), "{report}");

    db.execute_unprepared("UPDATE audit_log SET action = 'role.forged' WHERE seq = 2").await.expect("tamper");
    let broken = operator.run(&["verify-audit"]);
    assert!(!broken.status.success(), "a broken chain must fail the command");
    let report: serde_json::Value = serde_json::from_str(&stdout(&broken)).expect("a JSON report");
    assert_eq!(report["first_break"]["seq"], 2, "{report}");
}
