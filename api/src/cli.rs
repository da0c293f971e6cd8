//! The `postwarden` command line.

use crate::{app::App, config::Config, db, graphql, jobs, service, state::AppState, telemetry, vault};
use anyhow::Context as _;
use clap::{Parser, Subcommand, ValueEnum};
use compliance::{SystemClock, audit::Actor};
use entity::sea_orm_active_enums::PlatformRole;
use std::{path::PathBuf, sync::Arc};

#[derive(Parser)]
#[command(name = "postwarden", version, about = "A social-media publishing API with a privacy engine at its core")]
pub struct Cli {
    /// A TOML configuration file; environment variables override it.
    #[arg(long, global = true, env = "POSTWARDEN_CONFIG")]
    pub config: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Subcommand)]
pub enum Command {
    /// Serve the API and run the background jobs (the default).
    Serve,
    /// Run only the background jobs, for a dedicated worker process.
    Worker,
    /// Re-encrypt every stored secret under the active vault key; resumable.
    RotateKeys {
        /// Secrets per transaction.
        #[arg(long, default_value_t = 500)]
        batch_size: u64,
        /// Stop after this many batches (the next run carries on).
        #[arg(long)]
        max_batches: Option<u64>,
    },
    /// Apply pending database migrations and exit.
    Migrate,
    /// Recompute the audit log's hash chain and report the first broken link; exits
    /// non-zero when it is broken. For logs too long to verify within a request.
    VerifyAudit,
    /// Write the GraphQL schema (SDL).
    ExportSchema {
        /// Where to write it; standard output when omitted.
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Grant a platform role to the account with this email.
    GrantRole {
        #[arg(long)]
        email: String,
        #[arg(long, value_enum)]
        role: RoleArg,
    },
    /// Revoke a platform role from the account with this email.
    RevokeRole {
        #[arg(long)]
        email: String,
        #[arg(long, value_enum)]
        role: RoleArg,
    },
}

#[derive(Clone, Copy, ValueEnum)]
pub enum RoleArg {
    ComplianceOfficer,
    Admin,
}

impl From<RoleArg> for PlatformRole {
    fn from(role: RoleArg) -> Self {
        match role {
            RoleArg::ComplianceOfficer => PlatformRole::ComplianceOfficer,
            RoleArg::Admin => PlatformRole::Admin,
        }
    }
}

pub async fn run(cli: Cli) -> anyhow::Result<()> {
    if let Some(Command::ExportSchema { out }) = &cli.command {
        let sdl = graphql::sdl();
        return match out {
            Some(path) => std::fs::write(path, sdl).with_context(|| format!("writing {}", path.display())),
            None => {
                print!("{sdl}");
                Ok(())
            }
        };
    }
    let config = Config::load(cli.config.as_deref())?;
    telemetry::init(&config.log);
    match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => serve(config).await,
        Command::Worker => worker(config).await,
        Command::RotateKeys { batch_size, max_batches } => rotate_keys(config, batch_size, max_batches).await,
        Command::Migrate => {
            let conn = db::connect(&config).await.context("connecting to the database (database_url)")?;
            db::migrate(&conn).await.context("applying migrations")?;
            tracing::info!("migrations applied");
            Ok(())
        }
        Command::VerifyAudit => verify_audit(config).await,
        Command::GrantRole { email, role } => change_role(config, &email, role.into(), true).await,
        Command::RevokeRole { email, role } => change_role(config, &email, role.into(), false).await,
        Command::ExportSchema { .. } => Ok(()),
    }
}

async fn serve(config: Config) -> anyhow::Result<()> {
    let bind = config.server.bind;
    let jobs_enabled = config.jobs.enabled;
    let app = App::build(config, Arc::new(SystemClock)).await?;
    let listener =
        tokio::net::TcpListener::bind(bind).await.with_context(|| format!("binding server.bind = {bind}"))?;
    let mut scheduler = match jobs_enabled {
        true => Some(jobs::start(&app.state).await.context("starting background jobs")?),
        false => None,
    };
    tracing::info!(address = %bind, jobs = jobs_enabled, "serving");
    let served = app.serve(listener, shutdown_signal()).await;
    if let Some(scheduler) = scheduler.as_mut() {
        let _ = scheduler.shutdown().await;
    }
    served
}

async fn worker(config: Config) -> anyhow::Result<()> {
    let app = App::build(config, Arc::new(SystemClock)).await?;
    let mut scheduler = jobs::start(&app.state).await.context("starting background jobs")?;
    tracing::info!("worker running background jobs");
    shutdown_signal().await;
    scheduler.shutdown().await.context("stopping background jobs")
}

async fn rotate_keys(config: Config, batch_size: u64, max_batches: Option<u64>) -> anyhow::Result<()> {
    let app = App::build(config, Arc::new(SystemClock)).await?;
    let state = &app.state;
    let bar = indicatif::ProgressBar::new(0).with_style(
        indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} secrets ({eta} left)")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    let report = vault::rotate(
        &state.db,
        &state.vault,
        || state.clock.now(),
        batch_size,
        max_batches,
        |done, total| {
            bar.set_length(total);
            bar.set_position(done);
        },
    )
    .await
    .context("rotating vault keys")?;
    bar.finish_and_clear();
    println!(
        "active key {}: rotated {}, failed {}, remaining {} ({} batches)",
        state.vault.active_id(),
        report.rotated,
        report.failed,
        report.remaining,
        report.batches
    );
    if report.failed > 0 {
        anyhow::bail!("{} secrets did not open; see the log for their ids", report.failed);
    }
    Ok(())
}

async fn verify_audit(config: Config) -> anyhow::Result<()> {
    let conn = db::connect(&config).await.context("connecting to the database (database_url)")?;
    let report = compliance::audit::verify_chain(&conn).await.context("reading the audit log")?;
    println!("{}", serde_json::to_string_pretty(&report)?);
    match &report.first_break {
        None => Ok(()),
        Some(broken) => anyhow::bail!("the audit chain is broken at entry {}: {}", broken.seq, broken.reason),
    }
}

async fn change_role(config: Config, email: &str, role: PlatformRole, grant: bool) -> anyhow::Result<()> {
    let app = App::build(config, Arc::new(SystemClock)).await?;
    let state: &AppState = &app.state;
    let svc = service::Svc::system(state);
    let user = service::roles::user_by_email(&svc, email).await?;
    let changed = if grant {
        service::roles::grant(&svc, Actor::System, user.id, role).await
    } else {
        service::roles::revoke(&svc, Actor::System, user.id, role).await
    }?;
    let verb = if grant { "granted" } else { "revoked" };
    println!("{} {verb}{}", service::roles::role_name(role), if changed { "" } else { " (no change)" });
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        if let Ok(mut signal) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            signal.recv().await;
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! { () = ctrl_c => {}, () = terminate => {} }
    tracing::info!("shutting down");
}
