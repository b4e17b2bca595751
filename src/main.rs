//! The `kinerja` command: `serve` (default), `migrate`, `openapi`, `create-user`, `demo`.

use std::process::ExitCode;

use clap::{Parser, Subcommand};
use kinerja::app::bootstrap::{self, GeneratedPassword};
use kinerja::app::rate_limit::RateLimiter;
use kinerja::config::Config;
use kinerja::domain::account::Role;
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
    /// Create an account (by default the admin account named by KINERJA_ADMIN_USERNAME). The
    /// password is KINERJA_ADMIN_PASSWORD, or generated and printed once.
    CreateUser {
        /// The username (an employee's NIP or e-mail address, or a name such as "admin").
        #[arg(long)]
        username: Option<String>,
        /// A role to grant (repeat for several): admin, hr, pyb, counselor.
        #[arg(long = "role", value_parser = parse_role, default_values = ["admin"])]
        roles: Vec<Role>,
    },
    /// Load the demo organisation (Dinas Sosial Kabupaten Karawang and Kecamatan Karawang
    /// Barat, about thirty employees, one account per role) into the configured database.
    /// For trying the API out; the demo accounts share a published password.
    Demo,
}

fn parse_role(s: &str) -> Result<Role, String> {
    s.parse()
        .map_err(|()| format!("unknown role {s:?}; expected admin, hr, pyb or counselor"))
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
                let (mut state, generated) = bootstrap::prepare(pool, &config.auth)?;
                state.pppk_codes = config.pppk_codes;
                state.timeouts = config.timeouts;
                state.cors_origins = config.cors_origins.clone();
                state.trusted_proxies = config.trusted_proxies.clone();
                state.default_language = config.default_language;
                state.rate_limiter = RateLimiter::new(config.rate_limit_per_minute);
                let _listening =
                    app::account_changes::listen(&config.database, &state.confirmations);
                if let Some(account) = generated {
                    announce(&account, "first start: created the admin account");
                }
                let bind = config.bind;
                serve(config, state)
                    .map_err(|e| format!("cannot serve on {bind} (KINERJA_BIND): {e}"))
            }),
        Command::CreateUser { username, roles } => Config::from_env()
            .map_err(|e| e.to_string())
            .and_then(|config| {
                init_logging(&config);
                let pool = migrated_pool(&config)?;
                let mut conn = pool.get().map_err(|e| e.to_string())?;
                let username = username.unwrap_or_else(|| config.auth.admin_username.clone());
                let password = config.auth.admin_password.as_ref().map(|p| p.expose());
                let generated = bootstrap::create_user(&mut conn, &username, password, roles)?;
                match generated {
                    Some(account) => announce(&account, "created the account"),
                    None => println!("kinerja: created the account {username:?}"),
                }
                Ok(())
            }),
        Command::Demo => Config::from_env()
            .map_err(|e| e.to_string())
            .and_then(|config| {
                init_logging(&config);
                let pool = migrated_pool(&config)?;
                let mut conn = pool.get().map_err(|e| e.to_string())?;
                load_demo(&mut conn, &config)
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

fn load_demo(conn: &mut db::AnyConnection, config: &Config) -> Result<(), String> {
    use kinerja::demo::{self, Outcome};
    match demo::load(conn).map_err(|e| e.to_string())? {
        Outcome::AlreadyLoaded => {
            println!(
                "kinerja: the demo organisation is already in {}",
                config.database
            );
        }
        Outcome::Loaded {
            units,
            employees,
            accounts,
        } => {
            println!(
                "kinerja: loaded the demo organisation into {}: {units} org units, {employees} \
                 employees, {accounts} accounts",
                config.database
            );
            println!(
                "kinerja: every demo account has the password {:?}:",
                demo::PASSWORD
            );
            for line in demo::account_lines() {
                println!("  {line}");
            }
        }
    }
    Ok(())
}

fn print_openapi() -> Result<(), String> {
    let doc = app::openapi_document();
    let text = serde_json::to_string_pretty(&doc).map_err(|e| e.to_string())?;
    println!("{text}");
    Ok(())
}

/// Shows a generated password this once, on stdout (the log goes to stderr); it is stored
/// only as a hash.
fn announce(account: &GeneratedPassword, what: &str) {
    println!(
        "kinerja: {what} {:?} with the generated password: {}\n\
         kinerja: it is shown only this once; log in and change it (POST /api/v1/me/password)",
        account.username, account.password
    );
}

fn init_logging(config: &Config) {
    let logs = tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::new(&config.log_filter))
        .with_writer(std::io::stderr);
    if config.json_logs {
        logs.json().with_current_span(true).init();
    } else {
        logs.with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
            .init();
    }
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
async fn serve(config: Config, state: app::AppState) -> std::io::Result<()> {
    let body_limit = config.body_limit;
    let state = actix_web::web::Data::new(state);
    let workers = kinerja::config::defaults::cores();
    let server = actix_web::HttpServer::new(move || app::build(state.clone(), body_limit, |_| {}))
        .workers(workers)
        .worker_max_blocking_threads(app::database_threads(config.pool_size, workers))
        .client_request_timeout(config.timeouts.head)
        .client_disconnect_timeout(std::time::Duration::from_secs(1))
        .max_connections(config.max_connections)
        .bind(config.bind)?;
    tracing::info!(
        "serving on http://{} (Swagger UI at /docs/, database: {})",
        config.bind,
        config.database
    );
    server.run().await
}
