//! Who is on the other end: the client address that failed logins and rate limits are counted
//! against. Behind reverse proxies the operator lists (`KINERJA_TRUSTED_PROXIES`) it is the
//! nearest untrusted address of `X-Forwarded-For`; otherwise the socket's peer. An IPv6 client
//! counts as its /64, which one household or office is usually given whole.

use std::net::IpAddr;

use actix_web::HttpRequest;

use crate::net::Network;

/// The key an address is counted under: IPv4 as it is, IPv6 as its /64.
fn key(ip: IpAddr) -> String {
    match ip.to_canonical() {
        IpAddr::V6(v6) => {
            let prefix = u128::from(v6) >> 64 << 64;
            format!("{}/64", std::net::Ipv6Addr::from(prefix))
        }
        v4 => v4.to_string(),
    }
}

/// The client's address key (see the module).
pub fn client_address(req: &HttpRequest, trusted: &[Network]) -> String {
    let Some(peer) = req.peer_addr().map(|a| a.ip()) else {
        return String::new();
    };
    let is_trusted = |ip: IpAddr| trusted.iter().any(|n| n.contains(ip));
    if !is_trusted(peer) {
        return key(peer);
    }
    // Each proxy appends whom it heard from: the last entry not one of ours is the client.
    let forwarded: Vec<IpAddr> = req
        .headers()
        .get_all("x-forwarded-for")
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .filter_map(|a| a.trim().parse().ok())
        .collect();
    let client = forwarded.into_iter().rev().find(|ip| !is_trusted(*ip));
    key(client.unwrap_or(peer))
}

#[cfg(test)]
mod tests {
    use super::*;
    use actix_web::test::TestRequest;

    fn nets(list: &[&str]) -> Vec<Network> {
        list.iter().map(|n| n.parse().expect("a network")).collect()
    }

    #[test]
    fn the_client_is_the_nearest_untrusted_forwarded_address() {
        let peer = "10.0.0.5:443".parse().expect("socket");
        let req = TestRequest::default()
            .peer_addr(peer)
            .insert_header(("x-forwarded-for", "203.0.113.9, 198.51.100.7, 10.0.0.9"))
            .to_http_request();
        // Trusting the proxies: the spoofable left entry is not taken, the nearest stranger is.
        assert_eq!(client_address(&req, &nets(&["10.0.0.0/8"])), "198.51.100.7");
        // Trusting nobody: the header is ignored.
        assert_eq!(client_address(&req, &[]), "10.0.0.5");
        let v6 = TestRequest::default()
            .peer_addr("[2001:db8:1:2:3:4:5:6]:443".parse().expect("socket"))
            .to_http_request();
        assert_eq!(client_address(&v6, &[]), "2001:db8:1:2::/64");
    }
}
