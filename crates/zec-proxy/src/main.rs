//! `zec-proxy`: serves the console and forwards its API calls, signed, to Zenlayer Cloud (or
//! to the embedded emulator when no credentials are set).

use std::collections::HashSet;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use clap::Parser;
use zec_emulator::Timings;
use zec_proxy::access::AccessPolicy;
use zec_proxy::upstream::UpstreamCredentials;
use zec_proxy::{build, EmulatorOptions, ProxyConfig, DEFAULT_UPSTREAM};

/// Same-origin proxy for the zec-reinstall console and widget.
#[derive(Parser, Debug)]
#[command(version)]
struct Args {
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:8080")]
    listen: SocketAddr,
    /// Directory with the built console (index.html, embed.html, wasm, css).
    #[arg(long = "static", default_value = "dist")]
    static_dir: PathBuf,
    /// Zenlayer API base URL.
    #[arg(long, default_value = DEFAULT_UPSTREAM)]
    upstream: url::Url,
    /// Seconds between status polls for the live status stream.
    #[arg(long, default_value_t = 2.0)]
    status_interval: f64,
    /// Seconds before an upstream call is given up.
    #[arg(long, default_value_t = 20.0)]
    upstream_timeout: f64,
    /// Require `Authorization: Bearer <token>` from browsers (env ZEC_PROXY_TOKEN).
    #[arg(long, env = "ZEC_PROXY_TOKEN", hide_env_values = true)]
    require_token: Option<String>,
    /// Require this header, set by the portal's reverse proxy for signed-in users.
    #[arg(long)]
    identity_header: Option<String>,
    /// Only these instance ids may be seen and changed (comma-separated).
    #[arg(long, value_delimiter = ',')]
    allow_instances: Vec<String>,
    /// Only instances of these resource groups may be seen and changed (comma-separated).
    #[arg(long, value_delimiter = ',')]
    allow_resource_groups: Vec<String>,
    /// Emulator mode: address of the embedded emulator.
    #[arg(long, default_value = "127.0.0.1:0")]
    emulator_listen: SocketAddr,
    /// Emulator mode: seconds a reinstall takes.
    #[arg(long, default_value_t = 8.0)]
    emulator_reinstall_seconds: f64,
    /// Emulator mode: seconds a power-off or power-on takes.
    #[arg(long, default_value_t = 3.0)]
    emulator_power_seconds: f64,
    /// Emulator mode: fixture file replacing the built-in demo data.
    #[arg(long)]
    emulator_fixture: Option<PathBuf>,
}

fn seconds(value: f64, flag: &str) -> anyhow::Result<Duration> {
    Duration::try_from_secs_f64(value)
        .map_err(|_| anyhow::anyhow!("--{flag} must be a non-negative number of seconds"))
}

/// Credentials come from the environment only, never from flags (which `ps` shows).
fn credentials_from_env() -> anyhow::Result<Option<UpstreamCredentials>> {
    let var = |name: &str| std::env::var(name).ok().filter(|value| !value.is_empty());
    match (
        var("ZENLAYER_ACCESS_KEY_ID"),
        var("ZENLAYER_ACCESS_KEY_PASSWORD"),
        var("ZENLAYER_ACCESS_TOKEN"),
    ) {
        (Some(id), Some(password), _) => Ok(Some(UpstreamCredentials::AccessKey { id, password })),
        (Some(_), None, _) | (None, Some(_), _) => {
            anyhow::bail!(
                "set both ZENLAYER_ACCESS_KEY_ID and ZENLAYER_ACCESS_KEY_PASSWORD, or neither"
            )
        }
        (None, None, Some(token)) => Ok(Some(UpstreamCredentials::Token(token))),
        (None, None, None) => Ok(None),
    }
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
    let credentials = credentials_from_env()?;
    let non_empty = |values: Vec<String>| {
        values
            .into_iter()
            .filter(|v| !v.is_empty())
            .collect::<HashSet<_>>()
    };
    let config = ProxyConfig {
        upstream: args.upstream,
        credentials,
        emulator: EmulatorOptions {
            listen: args.emulator_listen,
            timings: Timings {
                reinstall: seconds(
                    args.emulator_reinstall_seconds,
                    "emulator-reinstall-seconds",
                )?,
                power: seconds(args.emulator_power_seconds, "emulator-power-seconds")?,
            },
            fixture: args.emulator_fixture,
        },
        access: AccessPolicy {
            required_token: args.require_token,
            identity_header: args.identity_header,
            allowed_instances: non_empty(args.allow_instances),
            allowed_resource_groups: non_empty(args.allow_resource_groups),
        },
        status_interval: seconds(args.status_interval, "status-interval")?
            .max(Duration::from_millis(100)),
        upstream_timeout: seconds(args.upstream_timeout, "upstream-timeout")?,
        ..ProxyConfig::new(args.static_dir.clone())
    };
    if !args.static_dir.join("index.html").exists() {
        eprintln!(
            "warning: {} has no index.html; build the console first (make build) or pass --static",
            args.static_dir.display()
        );
    }
    let proxy = build(config).await?;
    let listener = tokio::net::TcpListener::bind(args.listen).await?;
    let addr = listener.local_addr()?;
    match proxy.emulator_addr {
        Some(emulator) => eprintln!(
            "zec-proxy: EMULATOR MODE (no ZENLAYER_* credentials set): calls go to the embedded emulator on http://{emulator}, no real instance is touched"
        ),
        None => eprintln!("zec-proxy: forwarding to {}", proxy.state.upstream.base()),
    }
    eprintln!("zec-proxy: console on http://{addr}/");
    axum::serve(listener, proxy.router)
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await?;
    Ok(())
}
