//! `zec-proxy`: serves the console and forwards its API calls, signed, to Zenlayer Cloud (or
//! to the embedded emulator when no credentials are set).

use std::collections::HashSet;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use clap::Parser;
use zec_proxy::access::AccessPolicy;
use zec_proxy::secret::Secret;
use zec_proxy::server::{shutdown_signal, ServerLimits};
use zec_proxy::status::StatusOptions;
use zec_proxy::upstream::UpstreamCredentials;
use zec_proxy::{build, ProxyConfig, DEFAULT_UPSTREAM};

/// Same-origin proxy for the zec-reinstall console and widget.
#[derive(Parser, Debug)]
#[command(version)]
struct Args {
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:8080")]
    listen: SocketAddr,
    /// An origin browsers use to reach this proxy besides its listen address, e.g.
    /// https://portal.example.com behind a reverse proxy (repeatable).
    #[arg(long = "public-origin", value_name = "URL")]
    public_origins: Vec<url::Url>,
    /// Directory with the built console (index.html, embed.html, wasm, css).
    #[arg(long = "static", default_value = "dist")]
    static_dir: PathBuf,
    /// Zenlayer API base URL.
    #[arg(long, default_value = DEFAULT_UPSTREAM)]
    upstream: url::Url,
    /// Seconds between status polls for the live status stream.
    #[arg(long, default_value_t = 2.0)]
    status_interval: f64,
    /// The most distinct instances the live status stream watches at once.
    #[arg(long, default_value_t = 1000)]
    max_watched_instances: usize,
    /// Seconds before an upstream call is given up.
    #[arg(long, default_value_t = 20.0)]
    upstream_timeout: f64,
    /// Seconds a client has to send a request's headers.
    #[arg(long, default_value_t = 10.0)]
    header_timeout: f64,
    /// Seconds an idle connection (no request in flight, no byte moving) stays open.
    #[arg(long, default_value_t = 60.0)]
    idle_timeout: f64,
    /// The most open connections; further clients wait until one closes.
    #[arg(long, default_value_t = 512)]
    max_connections: usize,
    /// The most API calls one client (IP address) may have in progress at once.
    #[arg(long, default_value_t = 16)]
    max_calls_per_client: usize,
    /// Seconds shutdown waits for in-flight calls and open streams.
    #[arg(long, default_value_t = 30.0)]
    shutdown_timeout: f64,
    /// File holding the token browsers must send as `Authorization: Bearer <token>`
    /// (or set ZEC_PROXY_TOKEN).
    #[arg(long, value_name = "FILE")]
    token_file: Option<PathBuf>,
    /// Refused: a token on the command line is visible to every user in `ps`.
    #[arg(long, hide = true, value_name = "TOKEN")]
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
    /// Instances carrying this tag (KEY=VALUE, each 1–64 characters) are never reinstalled,
    /// rolled back or powered off through this proxy.
    #[arg(
        long,
        value_name = "KEY=VALUE",
        default_value_t = zec_api::ProtectionPolicy::default().tag.to_string()
    )]
    protect_tag: String,
    /// These instance ids are never reinstalled, rolled back or powered off through this
    /// proxy (comma-separated).
    #[arg(long, value_delimiter = ',')]
    protect_instances: Vec<String>,
    #[cfg(feature = "emulator")]
    #[command(flatten)]
    emulator: EmulatorArgs,
}

#[cfg(feature = "emulator")]
#[derive(clap::Args, Debug)]
struct EmulatorArgs {
    /// Emulator mode: address of the embedded emulator.
    #[arg(long, default_value = "127.0.0.1:0")]
    emulator_listen: SocketAddr,
    /// Emulator mode: seconds a reinstall takes.
    #[arg(long, default_value_t = 8.0)]
    emulator_reinstall_seconds: f64,
    /// Emulator mode: seconds a power-off or power-on takes.
    #[arg(long, default_value_t = 3.0)]
    emulator_power_seconds: f64,
    /// Emulator mode: seconds a snapshot stays CREATING, ROLLING_BACK or DELETING.
    #[arg(long, default_value_t = 3.0)]
    emulator_snapshot_seconds: f64,
    /// Emulator mode: fixture file replacing the built-in demo data.
    #[arg(long)]
    emulator_fixture: Option<PathBuf>,
}

fn seconds(value: f64, flag: &str) -> anyhow::Result<Duration> {
    zec_api::time::seconds(value, flag).map_err(anyhow::Error::msg)
}

fn env_var(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|value| !value.is_empty())
}

/// Credentials come from the environment only, never from flags (which `ps` shows).
fn credentials_from_env() -> anyhow::Result<Option<UpstreamCredentials>> {
    match (
        env_var("ZENLAYER_ACCESS_KEY_ID"),
        env_var("ZENLAYER_ACCESS_KEY_PASSWORD"),
        env_var("ZENLAYER_ACCESS_TOKEN"),
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

/// The browsers' token: from `--token-file` or `ZEC_PROXY_TOKEN`, never from a flag value.
fn browser_token(args: &Args) -> anyhow::Result<Option<Secret>> {
    if args.require_token.is_some() {
        anyhow::bail!(
            "--require-token is refused: a token on the command line is visible to every user \
             of this machine (ps, /proc). Put it in a file readable only by this service and \
             pass --token-file FILE, or set ZEC_PROXY_TOKEN in the environment."
        );
    }
    let from_file = match &args.token_file {
        Some(path) => {
            let text = std::fs::read_to_string(path).map_err(|error| {
                anyhow::anyhow!("cannot read --token-file {}: {error}", path.display())
            })?;
            let token = text.trim_end_matches(['\r', '\n']).to_owned();
            if token.is_empty() {
                anyhow::bail!("--token-file {} is empty", path.display());
            }
            Some(token)
        }
        None => None,
    };
    match (from_file, env_var("ZEC_PROXY_TOKEN")) {
        (Some(_), Some(_)) => {
            anyhow::bail!("set the token either in --token-file or in ZEC_PROXY_TOKEN, not both")
        }
        (Some(token), None) | (None, Some(token)) => Ok(Some(Secret::new(token))),
        (None, None) => Ok(None),
    }
}

/// `--protect-tag` and `--protect-instances`, checked with the contract's tag rule.
fn protection_policy(args: &Args) -> anyhow::Result<zec_api::ProtectionPolicy> {
    let tag = zec_api::rules::parse_tag(&args.protect_tag)
        .map_err(|violation| anyhow::anyhow!("--protect-tag: {violation}"))?;
    let mut instance_ids: Vec<String> = args
        .protect_instances
        .iter()
        .map(|id| id.trim().to_owned())
        .filter(|id| !id.is_empty())
        .collect();
    instance_ids.sort();
    instance_ids.dedup();
    Ok(zec_api::ProtectionPolicy { tag, instance_ids })
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
    let required_token = browser_token(&args)?;
    let non_empty = |values: &[String]| {
        values
            .iter()
            .filter(|v| !v.is_empty())
            .cloned()
            .collect::<HashSet<_>>()
    };
    let mut max_connections = args.max_connections;
    if let Some(allowed) = zec_proxy::server::connections_the_fd_limit_allows() {
        if max_connections > allowed {
            eprintln!(
                "zec-proxy: --max-connections {max_connections} exceeds what the open-file limit \
                 (ulimit -n) leaves for clients; using {allowed}"
            );
            max_connections = allowed;
        }
    }
    let listener = tokio::net::TcpListener::bind(args.listen).await?;
    let addr = listener.local_addr()?;
    let config = ProxyConfig {
        listen: addr,
        public_origins: args.public_origins.clone(),
        upstream: args.upstream.clone(),
        credentials,
        #[cfg(feature = "emulator")]
        emulator: zec_proxy::EmulatorOptions {
            listen: args.emulator.emulator_listen,
            timings: zec_emulator::Timings {
                reinstall: seconds(
                    args.emulator.emulator_reinstall_seconds,
                    "emulator-reinstall-seconds",
                )?,
                power: seconds(
                    args.emulator.emulator_power_seconds,
                    "emulator-power-seconds",
                )?,
                snapshot: seconds(
                    args.emulator.emulator_snapshot_seconds,
                    "emulator-snapshot-seconds",
                )?,
            },
            fixture: args.emulator.emulator_fixture.clone(),
        },
        access: AccessPolicy {
            required_token,
            identity_header: args.identity_header.clone(),
            allowed_instances: non_empty(&args.allow_instances),
            allowed_resource_groups: non_empty(&args.allow_resource_groups),
            protection: protection_policy(&args)?,
        },
        status: StatusOptions {
            interval: seconds(args.status_interval, "status-interval")?
                .max(Duration::from_millis(100)),
            max_watched: args.max_watched_instances,
            ..StatusOptions::default()
        },
        upstream_timeout: seconds(args.upstream_timeout, "upstream-timeout")?,
        server: ServerLimits {
            header_read_timeout: seconds(args.header_timeout, "header-timeout")?,
            idle_timeout: seconds(args.idle_timeout, "idle-timeout")?,
            max_connections,
            shutdown_grace: seconds(args.shutdown_timeout, "shutdown-timeout")?,
        },
        max_calls_per_client: args.max_calls_per_client,
        ..ProxyConfig::new(args.static_dir.clone())
    };
    if !args.static_dir.join("index.html").exists() {
        eprintln!(
            "warning: {} has no index.html; build the console first (make build) or pass --static",
            args.static_dir.display()
        );
    }
    let proxy = build(config).await?;
    match proxy.emulator_addr {
        Some(emulator) => eprintln!(
            "zec-proxy: EMULATOR MODE (no ZENLAYER_* credentials set): calls go to the embedded emulator on http://{emulator}, no real instance is touched"
        ),
        None => eprintln!("zec-proxy: forwarding to {}", proxy.state.upstream.base()),
    }
    let hosts: Vec<&str> = proxy.state.origins.hosts().collect();
    if addr.ip().is_unspecified() && args.public_origins.is_empty() {
        eprintln!(
            "zec-proxy: listening on all interfaces, but answering only for {}: pass \
             --public-origin URL for each address browsers use",
            hosts.join(", ")
        );
    }
    eprintln!("zec-proxy: console on http://{addr}/");
    proxy.serve(listener, shutdown_signal()).await;
    eprintln!("zec-proxy: stopped");
    Ok(())
}
