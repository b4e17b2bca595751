//! The `kinerja` command: `serve` (default), `migrate`, `openapi`.

use std::process::ExitCode;

use clap::{Parser, Subcommand};
use kinerja::config::Config;
use kinerja::{app, db};

#[derive(Parser)]
#[command(
    name = "kinerja",
    version,
    about = "Performance management API for Indonesian civil servants"
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Run pending migrations, then serve the API (the default).
    Serve,
    /// Run pending migrations and exit.
    Migrate,
    /// Print the OpenAPI document (the committed openapi/openapi.json is this output).
    Openapi,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command.unwrap_or(Command::Serve) {
        Command::Openapi => print_openapi(),
        Command::Migrate => Config::from_env()
            .map_err(|e| e.to_string())
            .and_then(|config| {
                init_logging(&config);
                migrated_pool(&config).map(drop)
            }),
        Command::Serve => Config::from_env()
            .map_err(|e| e.to_string())
            .and_then(|config| {
                init_logging(&config);
                let pool = migrated_pool(&config)?;
                let bind = config.bind;
                serve(config, pool)
                    .map_err(|e| format!("cannot serve on {bind} (KINERJA_BIND): {e}"))
            }),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("kinerja: {message}");
            ExitCode::FAILURE
        }
    }
}

fn print_openapi() -> Result<(), String> {
    let doc = app::openapi_document();
    let text = serde_json::to_string_pretty(&doc).map_err(|e| e.to_string())?;
    println!("{text}");
    Ok(())
}

fn init_logging(config: &Config) {
    tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::new(&config.log_filter))
        .with_writer(std::io::stderr)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .init();
}

/// Connects (failing with the driver's reason) and brings the schema up to date.
fn migrated_pool(config: &Config) -> Result<db::Pool, String> {
    let (pool, applied) = db::connect_and_migrate(
        &config.database,
        config.pool_size,
        config.db_connect_timeout,
    )?;
    tracing::info!(database = %config.database, applied = applied.len(), "schema is up to date");
    Ok(pool)
}

#[actix_web::main]
async fn serve(config: Config, pool: db::Pool) -> std::io::Result<()> {
    let body_limit = config.body_limit;
    let server = actix_web::HttpServer::new(move || app::build(pool.clone(), body_limit, |_| {}))
        .bind(config.bind)?;
    tracing::info!(
        "serving on http://{} (Swagger UI at /docs/, database: {})",
        config.bind,
        config.database
    );
    server.run().await
}
