//! Who is on the other end: the client address that failed logins and rate limits are counted
//! against. Behind reverse proxies the operator lists (`KINERJA_TRUSTED_PROXIES`) it is the
//! nearest untrusted address of `X-Forwarded-For`; otherwise the socket's peer. An IPv6 client
//! counts as its /64, which one household or office is usually given whole.

use std::net::IpAddr;

use actix_web::HttpRequest;

/// A network such as `10.0.0.0/8`, `127.0.0.1` or `fd00::/8`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Network {
    address: IpAddr,
    prefix: u8,
}

impl std::str::FromStr for Network {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, String> {
        let (address, prefix) = match text.split_once('/') {
            Some((a, p)) => (a, Some(p)),
            None => (text, None),
        };
        let address: IpAddr = address
            .trim()
            .parse()
            .map_err(|_| format!("{text:?} is not an IP address or network"))?;
        let max = if address.is_ipv4() { 32 } else { 128 };
        let prefix = match prefix {
            None => max,
            Some(p) => p
                .trim()
                .parse::<u8>()
                .ok()
                .filter(|p| *p <= max)
                .ok_or_else(|| format!("{text:?}: the prefix length must be 0 to {max}"))?,
        };
        Ok(Network { address, prefix })
    }
}

impl Network {
    pub fn contains(&self, ip: IpAddr) -> bool {
        let bits = |ip: IpAddr| match ip {
            IpAddr::V4(v4) => (u128::from(u32::from(v4)), 32),
            IpAddr::V6(v6) => (u128::from(v6), 128),
        };
        let ((net, width), (other, other_width)) = (bits(self.address), bits(ip.to_canonical()));
        if width != other_width {
            return false;
        }
        let shift = width - u32::from(self.prefix);
        shift >= width || net.checked_shr(shift) == other.checked_shr(shift)
    }
}

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
    fn networks_contain_their_addresses() {
        let n: Network = "10.0.0.0/8".parse().expect("valid");
        assert!(n.contains("10.20.30.40".parse().expect("ip")));
        assert!(!n.contains("11.0.0.1".parse().expect("ip")));
        let one: Network = "127.0.0.1".parse().expect("valid");
        assert!(one.contains("::ffff:127.0.0.1".parse().expect("ip")));
        assert!(!one.contains("127.0.0.2".parse().expect("ip")));
        assert!(
            "0.0.0.0/0"
                .parse::<Network>()
                .expect("valid")
                .contains("8.8.8.8".parse().expect("ip"))
        );
        assert!("10.0.0.0/33".parse::<Network>().is_err());
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
