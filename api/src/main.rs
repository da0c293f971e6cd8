use clap::Parser;
use postwarden::cli::{Cli, run};

#[tokio::main]
async fn main() -> std::process::ExitCode {
    match run(Cli::parse()).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("postwarden: {err:#}");
            std::process::ExitCode::FAILURE
        }
    }
}
