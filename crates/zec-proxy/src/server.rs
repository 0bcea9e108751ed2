//! Serving connections: HTTP/1.1 and HTTP/2 on one port, with the limits a public-facing
//! server needs, and graceful shutdown.
//!
//! - header-read timeout (HTTP/1.1): a client must send a request's headers within it;
//! - idle timeout: a connection with no request in flight that moves no byte for this long is
//!   closed (covers a client that connects and sends nothing, idle keep-alive and HTTP/2
//!   connections, and a reader that stopped reading);
//! - first-byte timeout: a new connection that sends nothing within it is closed (silent
//!   connections cannot hold slots until the idle timeout);
//! - a cap on open connections: at the cap the server stops accepting until one closes, so
//!   waiting clients queue in the kernel's backlog instead of exhausting file descriptors;
//! - a cap per client address, below the global cap: a connection over it is answered
//!   429 `TOO_MANY_REQUESTS` (with `Retry-After`) and closed, so one address cannot take
//!   every slot. The portal's reverse proxies (`--trusted-proxy`) are exempt;
//! - accept errors (e.g. "too many open files") are backed off, 10 ms doubling to 1 s;
//! - shutdown: stop accepting, let each connection finish what it is doing, then close it;
//!   after the grace period the rest are dropped.

use std::future::Future;
use std::io;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use axum::extract::ConnectInfo;
use axum::Router;
use hyper::body::Incoming;
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::conn::auto;
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use ipnet::IpNet;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::Semaphore;
use tokio::time::{Instant, Sleep};

use crate::address_cap::{refuse_over_address_cap, PerAddress};
use tower::ServiceExt;

/// Connection limits; see the module documentation.
#[derive(Clone, Debug)]
pub struct ServerLimits {
    pub header_read_timeout: Duration,
    /// A request's whole body must arrive within this (the pace between its chunks is
    /// `header_read_timeout`): a body trickled a byte at a time cannot hold a connection.
    pub body_deadline: Duration,
    pub idle_timeout: Duration,
    /// A new connection must send its first byte within this.
    pub first_byte_timeout: Duration,
    pub max_connections: usize,
    /// Open connections from one client address.
    pub max_connections_per_address: usize,
    /// Addresses without a cap of their own (the portal's reverse proxies).
    pub exempt_from_address_cap: Vec<IpNet>,
    /// How long shutdown waits for in-flight requests and open streams.
    pub shutdown_grace: Duration,
}

impl Default for ServerLimits {
    fn default() -> Self {
        ServerLimits {
            header_read_timeout: Duration::from_secs(10),
            body_deadline: Duration::from_secs(30),
            idle_timeout: Duration::from_secs(60),
            first_byte_timeout: Duration::from_secs(10),
            max_connections: 512,
            max_connections_per_address: 64,
            exempt_from_address_cap: Vec::new(),
            shutdown_grace: Duration::from_secs(30),
        }
    }
}

/// Serves `router` on `listener` until `shutdown` resolves, then shuts down gracefully.
/// Handlers can read the peer's address as `ConnectInfo<SocketAddr>`.
pub async fn serve(
    listener: TcpListener,
    router: Router,
    limits: ServerLimits,
    shutdown: impl Future<Output = ()>,
) {
    let mut builder = auto::Builder::new(TokioExecutor::new());
    builder
        .http1()
        .timer(TokioTimer::new())
        .header_read_timeout(limits.header_read_timeout);
    builder.http2().timer(TokioTimer::new());
    let graceful = GracefulShutdown::new();
    let slots = Arc::new(Semaphore::new(limits.max_connections.max(1)));
    let per_address = PerAddress::new(
        limits.max_connections_per_address,
        limits.exempt_from_address_cap.clone(),
    );
    let mut backoff = Duration::ZERO;
    tokio::pin!(shutdown);
    loop {
        let slot = tokio::select! {
            slot = slots.clone().acquire_owned() => slot.expect("the semaphore is never closed"),
            () = &mut shutdown => break,
        };
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => {
                    backoff = Duration::ZERO;
                    accepted
                }
                Err(error) if is_per_connection(&error) => continue,
                Err(error) => {
                    backoff = (backoff * 2).clamp(Duration::from_millis(10), Duration::from_secs(1));
                    tracing::warn!(%error, backoff_ms = backoff.as_millis() as u64, "accept failed; backing off");
                    tokio::select! {
                        () = tokio::time::sleep(backoff) => continue,
                        () = &mut shutdown => break,
                    }
                }
            },
            () = &mut shutdown => break,
        };
        let _ = stream.set_nodelay(true);
        let Some(address_slot) = per_address.try_open(peer.ip()) else {
            drop(slot);
            tokio::spawn(refuse_over_address_cap(stream));
            continue;
        };
        let in_flight = Arc::new(AtomicUsize::new(0));
        let io = TokioIo::new(IdleTimeout::new(
            stream,
            limits.idle_timeout,
            limits.first_byte_timeout,
            in_flight.clone(),
        ));
        let app = router.clone();
        let service = tower::service_fn(move |mut request: axum::http::Request<Incoming>| {
            request.extensions_mut().insert(ConnectInfo(peer));
            let busy = InFlight::begin(&in_flight);
            let app = app.clone();
            async move {
                let response = app.oneshot(request).await;
                drop(busy);
                response
            }
        });
        let connection = builder
            .serve_connection_with_upgrades(io, TowerToHyperService::new(service))
            .into_owned();
        let connection = graceful.watch(connection);
        tokio::spawn(async move {
            if let Err(error) = connection.await {
                tracing::debug!(%peer, error = %error, "connection ended with an error");
            }
            drop((slot, address_slot));
        });
    }
    drop(listener);
    let open = graceful.count();
    if open > 0 {
        tracing::info!(open, "waiting for open connections to finish");
    }
    if tokio::time::timeout(limits.shutdown_grace, graceful.shutdown())
        .await
        .is_err()
    {
        tracing::warn!(
            grace_ms = limits.shutdown_grace.as_millis() as u64,
            "connections still open after the shutdown grace period; closing them"
        );
    }
}

/// File descriptors kept free for everything but client connections: the listener, the
/// upstream connection pool (up to 64 idle), the static files being sent, logs.
pub const RESERVED_FILE_DESCRIPTORS: usize = 128;

/// The most client connections this process can hold open: its soft limit on open files
/// (Linux: `/proc/self/limits`) less [`RESERVED_FILE_DESCRIPTORS`]. `None` where unknown.
pub fn connections_the_fd_limit_allows() -> Option<usize> {
    let limits = std::fs::read_to_string("/proc/self/limits").ok()?;
    let line = limits
        .lines()
        .find(|line| line.starts_with("Max open files"))?;
    let soft = line
        .trim_start_matches("Max open files")
        .split_whitespace()
        .next()?;
    if soft == "unlimited" {
        return None;
    }
    let soft: usize = soft.parse().ok()?;
    Some(soft.saturating_sub(RESERVED_FILE_DESCRIPTORS).max(1))
}

/// Errors that concern one connection only (the client gave up before it was accepted).
fn is_per_connection(error: &io::Error) -> bool {
    matches!(
        error.kind(),
        io::ErrorKind::ConnectionRefused
            | io::ErrorKind::ConnectionAborted
            | io::ErrorKind::ConnectionReset
    )
}

/// Resolves on SIGINT (Ctrl-C) or SIGTERM (what service managers and `kill` send).
pub async fn shutdown_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = tokio::signal::ctrl_c() => {}
                    _ = term.recv() => {}
                }
            }
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}

/// Counts a request as in flight on its connection until its response head is ready.
struct InFlight(Arc<AtomicUsize>);

impl InFlight {
    fn begin(count: &Arc<AtomicUsize>) -> InFlight {
        count.fetch_add(1, Ordering::SeqCst);
        InFlight(count.clone())
    }
}

impl Drop for InFlight {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

/// A TCP stream that fails with `TimedOut` once it has been idle too long: no byte read or
/// written and no request in flight. A write that cannot make progress (the peer stopped
/// reading) times out the same way, in flight or not.
struct IdleTimeout {
    stream: TcpStream,
    timeout: Duration,
    deadline: Pin<Box<Sleep>>,
    in_flight: Arc<AtomicUsize>,
}

impl IdleTimeout {
    /// Until the first byte arrives, the deadline is `first_byte` (when shorter).
    fn new(
        stream: TcpStream,
        timeout: Duration,
        first_byte: Duration,
        in_flight: Arc<AtomicUsize>,
    ) -> IdleTimeout {
        IdleTimeout {
            stream,
            timeout,
            deadline: Box::pin(tokio::time::sleep(first_byte.min(timeout))),
            in_flight,
        }
    }

    fn touch(&mut self) {
        let next = Instant::now() + self.timeout;
        self.deadline.as_mut().reset(next);
    }

    fn expired(&mut self, cx: &mut Context<'_>) -> bool {
        self.deadline.as_mut().poll(cx).is_ready()
    }

    fn timed_out() -> io::Error {
        io::Error::new(io::ErrorKind::TimedOut, "idle connection closed")
    }

    /// A write that moved bytes counts as activity; one stuck past the deadline fails.
    fn after_write(
        &mut self,
        cx: &mut Context<'_>,
        result: Poll<io::Result<usize>>,
    ) -> Poll<io::Result<usize>> {
        match result {
            Poll::Ready(Ok(written)) => {
                if written > 0 {
                    self.touch();
                }
                Poll::Ready(Ok(written))
            }
            Poll::Pending if self.expired(cx) => Poll::Ready(Err(IdleTimeout::timed_out())),
            other => other,
        }
    }
}

impl AsyncRead for IdleTimeout {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        let before = buf.filled().len();
        match Pin::new(&mut this.stream).poll_read(cx, buf) {
            Poll::Ready(Ok(())) => {
                if buf.filled().len() > before {
                    this.touch();
                }
                Poll::Ready(Ok(()))
            }
            Poll::Pending => {
                if this.in_flight.load(Ordering::SeqCst) > 0 {
                    // Waiting for our own answer is not idleness.
                    this.touch();
                    Poll::Pending
                } else if this.expired(cx) {
                    Poll::Ready(Err(IdleTimeout::timed_out()))
                } else {
                    Poll::Pending
                }
            }
            other => other,
        }
    }
}

impl AsyncWrite for IdleTimeout {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        let result = Pin::new(&mut this.stream).poll_write(cx, buf);
        this.after_write(cx, result)
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        let result = Pin::new(&mut this.stream).poll_write_vectored(cx, bufs);
        this.after_write(cx, result)
    }

    fn is_write_vectored(&self) -> bool {
        self.stream.is_write_vectored()
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().stream).poll_flush(cx)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().stream).poll_shutdown(cx)
    }
}

/// The peer address the server recorded, if it served this request.
pub fn peer_of(extensions: &axum::http::Extensions) -> Option<SocketAddr> {
    extensions
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(addr)| *addr)
}
