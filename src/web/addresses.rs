//! The box's own network addresses, as a phone on the commune's network would reach it: for the
//! self-signed certificate's names and for the console's address in `loa status` when it listens
//! on every address (`0.0.0.0`, which no phone can open).

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};

/// Every address of the box's interfaces but loopback and IPv6 link-local ones (which need a
/// zone a browser cannot take), IPv4 first, each once.
pub fn local() -> Vec<IpAddr> {
    let mut out: Vec<IpAddr> = Vec::new();
    let mut list: *mut libc::ifaddrs = std::ptr::null_mut();
    // SAFETY: getifaddrs fills `list` with a linked list that freeifaddrs releases below; each
    // node and its `ifa_addr` are read only while the list is alive, and `ifa_addr` is read as
    // the socket address type its family says.
    unsafe {
        if libc::getifaddrs(&mut list) != 0 {
            return out;
        }
        let mut node = list;
        while !node.is_null() {
            let a = (*node).ifa_addr;
            if !a.is_null() {
                match i32::from((*a).sa_family) {
                    libc::AF_INET => {
                        let sin = &*(a as *const libc::sockaddr_in);
                        out.push(IpAddr::V4(Ipv4Addr::from(u32::from_be(
                            sin.sin_addr.s_addr,
                        ))));
                    }
                    libc::AF_INET6 => {
                        let sin6 = &*(a as *const libc::sockaddr_in6);
                        out.push(IpAddr::V6(Ipv6Addr::from(sin6.sin6_addr.s6_addr)));
                    }
                    _ => {}
                }
            }
            node = (*node).ifa_next;
        }
        libc::freeifaddrs(list);
    }
    out.retain(|ip| match ip {
        IpAddr::V4(v4) => !v4.is_loopback() && !v4.is_unspecified(),
        IpAddr::V6(v6) => !v6.is_loopback() && !v6.is_unspecified() && !v6.is_unicast_link_local(),
    });
    out.sort_by_key(|ip| ip.is_ipv6());
    out.dedup();
    out
}

/// Where a browser reaches `listen`: itself, or for every address (`0.0.0.0`, `[::]`) the box's
/// first address on the network (loopback when it has none).
pub fn reachable(listen: SocketAddr) -> SocketAddr {
    if !listen.ip().is_unspecified() {
        return listen;
    }
    let ip = local()
        .into_iter()
        .next()
        .unwrap_or(IpAddr::V4(Ipv4Addr::LOCALHOST));
    SocketAddr::new(ip, listen.port())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_address_given_is_kept_and_every_address_becomes_one_a_phone_can_open() {
        let given: SocketAddr = "127.0.0.1:8443".parse().unwrap();
        assert_eq!(reachable(given), given);
        let any: SocketAddr = "0.0.0.0:8443".parse().unwrap();
        let r = reachable(any);
        assert!(!r.ip().is_unspecified());
        assert_eq!(r.port(), 8443);
        assert!(local().iter().all(|ip| !ip.is_loopback()));
    }
}
