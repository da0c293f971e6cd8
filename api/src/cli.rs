//! The `postwarden` command line.

use crate::{app::App, config::Config, db, graphql, service, state::AppState, telemetry};
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
    /// Serve the API (the default).
    Serve,
    /// Apply pending database migrations and exit.
    Migrate,
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
        Command::Migrate => {
            let conn = db::connect(&config).await.context("connecting to the database (database_url)")?;
            db::migrate(&conn).await.context("applying migrations")?;
            tracing::info!("migrations applied");
            Ok(())
        }
        Command::GrantRole { email, role } => change_role(config, &email, role.into(), true).await,
        Command::RevokeRole { email, role } => change_role(config, &email, role.into(), false).await,
        Command::ExportSchema { .. } => Ok(()),
    }
}

async fn serve(config: Config) -> anyhow::Result<()> {
    let bind = config.server.bind;
    let app = App::build(config, Arc::new(SystemClock)).await?;
    let listener =
        tokio::net::TcpListener::bind(bind).await.with_context(|| format!("binding server.bind = {bind}"))?;
    tracing::info!(address = %bind, "serving");
    app.serve(listener, shutdown_signal()).await
}

async fn change_role(config: Config, email: &str, role: PlatformRole, grant: bool) -> anyhow::Result<()> {
    let app = App::build(config, Arc::new(SystemClock)).await?;
    let state: &AppState = &app.state;
    let svc = service::Svc::system(state);
    let user = service::roles::user_by_email(&svc, email).await.map_err(|e| anyhow::anyhow!(e.describe()))?;
    let changed = if grant {
        service::roles::grant(&svc, Actor::System, user.id, role).await
    } else {
        service::roles::revoke(&svc, Actor::System, user.id, role).await
    }
    .map_err(|e| anyhow::anyhow!(e.describe()))?;
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
