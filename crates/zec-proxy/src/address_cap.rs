//! Open connections per client address (`--max-connections-per-address`, below the global
//! `--max-connections`): a connection over its address's cap is answered 429 and closed.
//! Addresses of the portal's reverse proxies (`--trusted-proxy`) are exempt: they carry every
//! user's connections.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use ipnet::IpNet;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// Open connections per client address.
pub struct PerAddress {
    max: usize,
    exempt: Vec<IpNet>,
    open: Mutex<HashMap<IpAddr, usize>>,
}

/// One open connection of an address; given back when dropped.
pub struct AddressSlot {
    table: Arc<PerAddress>,
    ip: Option<IpAddr>,
}

impl PerAddress {
    pub fn new(max: usize, exempt: Vec<IpNet>) -> Arc<PerAddress> {
        Arc::new(PerAddress {
            max: max.max(1),
            exempt,
            open: Mutex::default(),
        })
    }

    pub fn try_open(self: &Arc<Self>, ip: IpAddr) -> Option<AddressSlot> {
        if self.exempt.iter().any(|net| net.contains(&ip)) {
            return Some(AddressSlot {
                table: self.clone(),
                ip: None,
            });
        }
        let mut open = self.open.lock().expect("per-address lock");
        let count = open.entry(ip).or_default();
        if *count >= self.max {
            return None;
        }
        *count += 1;
        Some(AddressSlot {
            table: self.clone(),
            ip: Some(ip),
        })
    }
}

impl Drop for AddressSlot {
    fn drop(&mut self) {
        let Some(ip) = self.ip else { return };
        let mut open = self.table.open.lock().expect("per-address lock");
        if let Some(count) = open.get_mut(&ip) {
            *count -= 1;
            if *count == 0 {
                open.remove(&ip);
            }
        }
    }
}

/// Answers a connection over its address's cap with 429 and closes it: the request's head is
/// read first (for at most a second), so the client sees the answer rather than a reset.
pub async fn refuse_over_address_cap(mut stream: TcpStream) {
    let mut head = [0u8; 8192];
    let _ = tokio::time::timeout(Duration::from_secs(1), stream.read(&mut head)).await;
    let refusal = zec_api::Refusal::with(
        zec_api::ErrorCode::TooManyRequests,
        "This address already has as many connections open as one client may; close some first.",
    )
    .with_request_id(crate::forward::new_request_id());
    let body = serde_json::to_string(&refusal.envelope()).expect("an envelope serialises");
    let answer = format!(
        "HTTP/1.1 429 Too Many Requests\r\ncontent-type: application/json\r\nretry-after: 5\r\n\
         content-length: {}\r\nconnection: close\r\n\r\n{body}",
        body.len()
    );
    let _ = tokio::time::timeout(Duration::from_secs(1), async {
        let _ = stream.write_all(answer.as_bytes()).await;
        let _ = stream.shutdown().await;
    })
    .await;
}
