//! `zec-emulator`: runs the emulated Zenlayer API on a local address.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use clap::Parser;
use zec_emulator::auth::{
    DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_PASSWORD, DEFAULT_BEARER_TOKEN,
};
use zec_emulator::{router, Credentials, Emulator, EmulatorConfig, Faults, Fixture, Timings};

/// An emulator of the Zenlayer Cloud API 2.0 (zec and ccs) for local use and tests.
#[derive(Parser, Debug)]
#[command(version)]
struct Args {
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:9090")]
    listen: SocketAddr,
    /// JSON fixture replacing the built-in instances, images and key pairs.
    #[arg(long)]
    fixture: Option<PathBuf>,
    #[arg(long, default_value = DEFAULT_ACCESS_KEY_ID)]
    access_key_id: String,
    #[arg(long, default_value = DEFAULT_ACCESS_KEY_PASSWORD, hide_default_value = true)]
    access_key_password: String,
    /// Bearer token accepted besides signatures.
    #[arg(long, default_value = DEFAULT_BEARER_TOKEN, hide_default_value = true)]
    access_token: String,
    /// How long a reinstall stays DEPLOYING.
    #[arg(long, default_value_t = 8.0)]
    reinstall_seconds: f64,
    /// How long STOPPING and STARTING last.
    #[arg(long, default_value_t = 3.0)]
    power_seconds: f64,
    /// How long a snapshot stays CREATING, ROLLING_BACK or DELETING.
    #[arg(long, default_value_t = 3.0)]
    snapshot_seconds: f64,
    /// Seed for fault draws and request ids, for repeatable runs (default: random per run).
    #[arg(long)]
    seed: Option<u64>,
    /// Fault injection: milliseconds added to every call (at most 60000).
    #[arg(long, default_value_t = 0)]
    latency_ms: u64,
    /// Fault injection: share (0-1) of calls answered 503.
    #[arg(long, default_value_t = 0.0)]
    server_error_rate: f64,
    /// Fault injection: share (0-1) of calls answered 429.
    #[arg(long, default_value_t = 0.0)]
    rate_limit_rate: f64,
    /// Fault injection: share (0-1) of calls whose connection is dropped.
    #[arg(long, default_value_t = 0.0)]
    drop_rate: f64,
    /// Fault injection: share (0-1) of calls carried out whose answer is then cut.
    #[arg(long, default_value_t = 0.0)]
    answer_lost_rate: f64,
    /// Fault injection: only calls of these actions get faults (comma-separated; default all).
    #[arg(long, value_delimiter = ',')]
    fault_actions: Vec<String>,
}

fn seconds(value: f64, flag: &str) -> anyhow::Result<Duration> {
    zec_api::time::seconds(value, flag).map_err(anyhow::Error::msg)
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    tracing_subscriber::fmt()
        .json()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into()),
        )
        .init();
    let args = Args::parse();
    let faults = Faults {
        latency_ms: args.latency_ms,
        server_error_rate: args.server_error_rate,
        rate_limit_rate: args.rate_limit_rate,
        drop_rate: args.drop_rate,
        answer_lost_rate: args.answer_lost_rate,
        actions: args.fault_actions.clone(),
    };
    faults.validate().map_err(anyhow::Error::msg)?;
    let fixture = match &args.fixture {
        Some(path) => Fixture::load(path)?,
        None => Fixture::builtin(),
    };
    let config = EmulatorConfig {
        fixture,
        credentials: Credentials {
            access_keys: vec![(args.access_key_id.clone(), args.access_key_password)],
            bearer_tokens: vec![args.access_token],
        },
        timings: Timings {
            snapshot: seconds(args.snapshot_seconds, "snapshot-seconds")?,
            reinstall: seconds(args.reinstall_seconds, "reinstall-seconds")?,
            power: seconds(args.power_seconds, "power-seconds")?,
        },
        faults,
        seed: args.seed,
    };
    let listener = tokio::net::TcpListener::bind(args.listen).await?;
    eprintln!(
        "zec-emulator listening on http://{} (access key id {})",
        listener.local_addr()?,
        args.access_key_id
    );
    axum::serve(listener, router(Emulator::new(config)))
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await?;
    Ok(())
}
