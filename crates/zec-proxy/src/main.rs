//! `zec-proxy`: serves the console and forwards its API calls, signed, to Zenlayer Cloud (or
//! to the embedded emulator when no credentials are set).

use std::collections::HashSet;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use clap::{Parser, Subcommand};
use zec_proxy::access::AccessPolicy;
use zec_proxy::activity::ActivityOptions;
use zec_proxy::identify::AccessControl;
use zec_proxy::limit::FairShareLimits;
use zec_proxy::origin::parse_public_origin;
use zec_proxy::server::{shutdown_signal, ServerLimits};
use zec_proxy::session::{mint, parse_ttl, SessionRequest};
use zec_proxy::startup;
use zec_proxy::status::StatusOptions;
use zec_proxy::{build, ProxyConfig, DEFAULT_UPSTREAM};

/// Same-origin proxy for the zec-reinstall console and widget.
#[derive(Parser, Debug)]
#[command(version)]
struct Args {
    #[command(subcommand)]
    command: Option<Command>,
    /// File holding the HS256 secret portal sessions are signed with (or set
    /// ZEC_SESSION_SECRET); at least 32 bytes.
    #[arg(long, global = true, value_name = "FILE")]
    session_secret_file: Option<PathBuf>,
    /// The portal's Ed25519 public key (PEM) that portal sessions are signed with (EdDSA).
    #[arg(long, global = true, value_name = "FILE")]
    session_public_key: Option<PathBuf>,
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:8080")]
    listen: SocketAddr,
    /// An origin browsers use to reach this proxy besides its listen address, e.g.
    /// https://portal.example.com behind a reverse proxy (repeatable).
    #[arg(long = "public-origin", value_name = "URL", value_parser = parse_public_origin)]
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
    /// The most distinct instances one caller's live status streams watch at once (its share,
    /// so that a few callers cannot take every watched slot).
    #[arg(long, default_value_t = 200)]
    max_watched_per_caller: usize,
    /// Seconds before an upstream call is given up.
    #[arg(long, default_value_t = 20.0)]
    upstream_timeout: f64,
    /// Seconds a client has to send a request's headers.
    #[arg(long, default_value_t = 10.0)]
    header_timeout: f64,
    /// Seconds a request's whole body has to arrive (a body trickled a byte at a time is cut).
    #[arg(long, default_value_t = 30.0)]
    body_timeout: f64,
    /// Seconds an idle connection (no request in flight, no byte moving) stays open.
    #[arg(long, default_value_t = 60.0)]
    idle_timeout: f64,
    /// Seconds a new connection has to send its first byte.
    #[arg(long, default_value_t = 10.0)]
    first_byte_timeout: f64,
    /// The most open connections; further clients wait until one closes.
    #[arg(long, default_value_t = 512)]
    max_connections: usize,
    /// The most open connections from one address (addresses named with --trusted-proxy are
    /// exempt; loopback is not, unless named).
    #[arg(long, default_value_t = 64)]
    max_connections_per_address: usize,
    /// The most API calls one caller (session user, identity-header user, or IP address) may
    /// have in progress at once.
    #[arg(long, default_value_t = 16)]
    max_calls_per_client: usize,
    /// API calls per second one caller may make (bursts of twice as many).
    #[arg(long, default_value_t = 10)]
    calls_per_second: u32,
    /// Live status streams one caller may have open.
    #[arg(long, default_value_t = 8)]
    max_streams_per_caller: usize,
    /// Upstream API calls per second for the whole proxy (bursts of twice as many).
    #[arg(long, default_value_t = zec_proxy::budget::DEFAULT_UPSTREAM_RATE)]
    upstream_rate: u32,
    /// Where the activity history is kept: sqlite:PATH (one proxy) or postgres://USER@HOST/DB
    /// (several proxies share it; the password from PGPASSWORD or ~/.pgpass, or the whole
    /// address in ZEC_DATABASE_URL). Default: sqlite:DATA_DIR/activity.sqlite3.
    #[arg(long, value_name = "URL")]
    database: Option<String>,
    /// The directory of the default SQLite history (it must exist).
    #[arg(long, default_value = "data")]
    data_dir: PathBuf,
    /// Days finished activity records are kept.
    #[arg(long, default_value_t = 365, value_parser = clap::value_parser!(u32).range(1..))]
    activity_days: u32,
    /// Seconds an open activity record stays with a proxy that stopped renewing it before
    /// another (or this one, restarted) takes it over.
    #[arg(long, default_value_t = 30.0)]
    activity_lease: f64,
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
    /// Addresses or networks (CIDR) whose identity header is believed (comma-separated or
    /// repeated; default: loopback only).
    #[arg(
        long = "trusted-proxy",
        value_delimiter = ',',
        value_name = "ADDR|CIDR"
    )]
    trusted_proxies: Vec<String>,
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

#[derive(Subcommand, Debug)]
enum Command {
    /// Print a portal session (JWT, HS256) signed with the session secret, for operators and
    /// tests. The portal's backend mints its own; with --session-public-key this is refused.
    MintSession(MintArgs),
}

#[derive(clap::Args, Debug)]
struct MintArgs {
    /// The portal user (`sub`).
    #[arg(long)]
    sub: String,
    /// Instance ids the session reaches (comma-separated).
    #[arg(long, value_delimiter = ',')]
    instances: Vec<String>,
    /// Resource groups whose instances the session reaches (comma-separated).
    #[arg(long, value_delimiter = ',')]
    resource_groups: Vec<String>,
    /// Permitted actions among reinstall, snapshot, rollback, power (default: all four).
    #[arg(long, value_delimiter = ',')]
    actions: Option<Vec<String>>,
    /// How long the session lives: 90s, 15m, 2h (at most 12h).
    #[arg(long, default_value = "15m")]
    ttl: String,
}

/// `zec-proxy mint-session ...`: prints the session on stdout.
fn mint_session(args: &Args, mint_args: &MintArgs) -> anyhow::Result<()> {
    let keys = startup::session_keys(
        args.session_secret_file.as_deref(),
        args.session_public_key.as_deref(),
    )?
    .ok_or_else(|| {
        anyhow::anyhow!(
            "no session secret: pass --session-secret-file FILE or set ZEC_SESSION_SECRET"
        )
    })?;
    let request = SessionRequest {
        sub: mint_args.sub.clone(),
        instances: startup::canonical_ids("--instances", &mint_args.instances)?,
        resource_groups: startup::canonical_ids("--resource-groups", &mint_args.resource_groups)?,
        actions: mint_args
            .actions
            .as_deref()
            .map(startup::permissions)
            .transpose()?,
        ttl_seconds: parse_ttl(&mint_args.ttl)?,
    };
    let now = zec_api::time::unix_seconds(std::time::SystemTime::now());
    println!("{}", mint(&keys, &request, now)?);
    Ok(())
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

/// The browsers' token: from `--token-file` or `ZEC_PROXY_TOKEN`, never from a flag value.
fn browser_token(args: &Args) -> anyhow::Result<Option<zec_proxy::secret::Secret>> {
    if args.require_token.is_some() {
        anyhow::bail!(
            "--require-token is refused: a token on the command line is visible to every user \
             of this machine (ps, /proc). Put it in a file readable only by this service and \
             pass --token-file FILE, or set ZEC_PROXY_TOKEN in the environment."
        );
    }
    startup::browser_token(args.token_file.as_deref())
}

/// `--protect-tag` and `--protect-instances`, checked with the contract's tag rule.
fn protection_policy(args: &Args) -> anyhow::Result<zec_api::ProtectionPolicy> {
    let tag = zec_api::rules::parse_tag(&args.protect_tag)
        .map_err(|violation| anyhow::anyhow!("--protect-tag: {violation}"))?;
    let instance_ids = startup::canonical_ids("--protect-instances", &args.protect_instances)?;
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
    if let Some(Command::MintSession(mint_args)) = &args.command {
        return mint_session(&args, mint_args);
    }
    let credentials = startup::credentials_from_env()?;
    let access = AccessPolicy {
        control: AccessControl {
            token: browser_token(&args)?,
            identity_header: args.identity_header.clone(),
            trusted_proxies: startup::trusted_proxies(&args.trusted_proxies)?,
            sessions: startup::session_keys(
                args.session_secret_file.as_deref(),
                args.session_public_key.as_deref(),
            )?,
        },
        allowed_instances: startup::canonical_ids("--allow-instances", &args.allow_instances)?
            .into_iter()
            .collect::<HashSet<_>>(),
        allowed_resource_groups: startup::canonical_ids(
            "--allow-resource-groups",
            &args.allow_resource_groups,
        )?
        .into_iter()
        .collect(),
        protection: protection_policy(&args)?,
    };
    access.check()?;
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
        access,
        status: StatusOptions {
            interval: seconds(args.status_interval, "status-interval")?
                .max(Duration::from_millis(100)),
            max_watched: args.max_watched_instances,
            max_watched_per_caller: args.max_watched_per_caller,
            ..StatusOptions::default()
        },
        upstream_timeout: seconds(args.upstream_timeout, "upstream-timeout")?,
        server: ServerLimits {
            header_read_timeout: seconds(args.header_timeout, "header-timeout")?,
            body_deadline: seconds(args.body_timeout, "body-timeout")?,
            idle_timeout: seconds(args.idle_timeout, "idle-timeout")?,
            first_byte_timeout: seconds(args.first_byte_timeout, "first-byte-timeout")?,
            max_connections,
            max_connections_per_address: args.max_connections_per_address,
            exempt_from_address_cap: Vec::new(),
            shutdown_grace: seconds(args.shutdown_timeout, "shutdown-timeout")?,
        },
        fair_share: FairShareLimits {
            calls_per_second: args.calls_per_second,
            max_calls_in_progress: args.max_calls_per_client,
            max_streams: args.max_streams_per_caller,
        },
        upstream_rate: args.upstream_rate,
        activity: ActivityOptions {
            database: startup::database_url(args.database.as_deref(), &args.data_dir)?,
            retention_days: args.activity_days,
            lease: seconds(args.activity_lease, "activity-lease")?.max(Duration::from_secs(1)),
        },
        ..ProxyConfig::new(args.static_dir.clone())
    };
    if !args.static_dir.join("index.html").exists() {
        eprintln!(
            "warning: {} has no index.html; build the console first (make build) or pass --static",
            args.static_dir.display()
        );
    }
    let database = config.activity.database.clone();
    let proxy = build(config).await?;
    eprintln!(
        "zec-proxy: activity history in {}",
        if database.starts_with("sqlite:") {
            database.as_str()
        } else {
            "PostgreSQL"
        }
    );
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
