//! Where a webhook may point. A webhook makes this server send requests to an address a
//! workspace member chose, so without limits it would reach into the network it runs in
//! (server-side request forgery). The rules:
//!
//! - `https` always; plain `http` only in development mode, and only to this machine
//!   (`localhost`, `127.0.0.0/8`, `::1`), for a receiver under test.
//! - In production mode, no loopback, private, link-local, shared, reserved, documentation
//!   or multicast address, whether written into the URL or reached through a name: names
//!   are checked again when the request is made, against every address they resolve to
//!   (see [`super::guard`]), so a name that later points inside cannot slip through.
//! - No user name or password in the URL (it would be shown in every listing), and no
//!   fragment.

use crate::config::Mode;
use reqwest::Url;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

pub const MAX_URL_LEN: usize = 2048;

/// The URL if it may be used, or why not (phrased to follow the field name).
pub fn check(raw: &str, mode: Mode) -> Result<Url, &'static str> {
    let raw = raw.trim();
    if raw.len() > MAX_URL_LEN {
        return Err("must be at most 2048 characters");
    }
    let url = Url::parse(raw).map_err(|_| "is not a valid URL")?;
    if !url.username().is_empty() || url.password().is_some() {
        return Err("must not contain a user name or password");
    }
    if url.fragment().is_some() {
        return Err("must not contain a fragment (#…)");
    }
    let host = url.host_str().ok_or("must name a host")?;
    // The parser has already normalised every way of writing an address (`2130706433`,
    // `0x7f.1`, `[::ffff:7f00:1]`) into its plain form.
    let ip = host.trim_start_matches('[').trim_end_matches(']').parse::<IpAddr>().ok();
    let this_machine = match ip {
        Some(ip) => ip.is_loopback(),
        None => is_localhost_name(host),
    };
    match (url.scheme(), mode) {
        ("https", _) => {}
        ("http", Mode::Development) if this_machine => {}
        ("http", Mode::Development) => return Err("must use https (plain http only to this machine, in development)"),
        _ => return Err("must use https"),
    }
    if mode == Mode::Production {
        let public = match ip {
            Some(ip) => is_public(ip),
            None => !is_localhost_name(host),
        };
        if !public {
            return Err("must not point at a loopback, private, link-local or reserved address");
        }
    }
    Ok(url)
}

fn is_localhost_name(name: &str) -> bool {
    let name = name.trim_end_matches('.').to_ascii_lowercase();
    name == "localhost" || name.ends_with(".localhost")
}

/// Whether `ip` is an ordinary address on the public internet.
pub fn is_public(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(ip) => is_public_v4(ip),
        IpAddr::V6(ip) => is_public_v6(ip),
    }
}

fn is_public_v4(ip: Ipv4Addr) -> bool {
    let [a, b, c, _] = ip.octets();
    !(a == 0                                     // "this network"
        || a == 10                               // private
        || a == 127                              // loopback
        || (a == 100 && (64..128).contains(&b))  // shared address space (carrier NAT)
        || (a == 169 && b == 254)                // link-local, cloud metadata
        || (a == 172 && (16..32).contains(&b))   // private
        || (a == 192 && b == 0 && c == 0)        // IETF protocol assignments
        || (a == 192 && b == 0 && c == 2)        // documentation
        || (a == 192 && b == 168)                // private
        || (a == 198 && (18..20).contains(&b))   // benchmarking
        || (a == 198 && b == 51 && c == 100)     // documentation
        || (a == 203 && b == 0 && c == 113)      // documentation
        || a >= 224) // multicast, reserved, broadcast
}

fn is_public_v6(ip: Ipv6Addr) -> bool {
    if let Some(v4) = ip.to_ipv4_mapped() {
        return is_public_v4(v4);
    }
    let segments = ip.segments();
    let embedded_v4 = |high: u16, low: u16| Ipv4Addr::from((u32::from(high) << 16) | u32::from(low));
    match segments {
        // NAT64 reaches IPv4 through a translator: judge the IPv4 address.
        [0x64, 0xff9b, 0, 0, 0, 0, high, low] => is_public_v4(embedded_v4(high, low)),
        // 6to4 embeds an IPv4 address too.
        [0x2002, high, low, ..] => is_public_v4(embedded_v4(high, low)),
        _ => {
            !(ip.is_unspecified()
                || ip.is_loopback()
                || ip.is_multicast()
                || (segments[0] & 0xfe00) == 0xfc00     // unique local
                || (segments[0] & 0xffc0) == 0xfe80     // link-local
                || (segments[0] & 0xffc0) == 0xfec0     // site-local (deprecated)
                || (segments[0] == 0x2001 && segments[1] == 0x0db8) // documentation
                || (segments[0] == 0x0100 && segments[1..4] == [0, 0, 0]) // discard
                || segments[..6] == [0, 0, 0, 0, 0, 0]) // IPv4-compatible (deprecated)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn development_allows_https_anywhere_and_http_only_to_this_machine() {
        let dev = Mode::Development;
        assert!(check("https://hooks.example.com/postwarden", dev).is_ok());
        assert!(check("https://10.0.0.5/hook", dev).is_ok(), "a private receiver is fine while developing");
        assert!(check("http://127.0.0.1:9000/hook", dev).is_ok());
        assert!(check("http://localhost:9000/hook", dev).is_ok());
        assert!(check("http://[::1]:9000/hook", dev).is_ok());
        assert!(check("http://hooks.example.com/hook", dev).is_err());
        assert!(check("http://10.0.0.5/hook", dev).is_err());
        assert!(check("ftp://hooks.example.com/", dev).is_err());
        assert!(check("not a url", dev).is_err());
        assert!(check("https://user:pass@hooks.example.com/", dev).is_err());
        assert!(check("https://hooks.example.com/#frag", dev).is_err());
    }

    #[test]
    fn production_refuses_anything_inside() {
        let prod = Mode::Production;
        assert!(check("https://hooks.example.com/postwarden", prod).is_ok());
        assert!(check("https://93.184.215.14/hook", prod).is_ok());
        for refused in [
            "http://127.0.0.1:9000/hook",
            "http://hooks.example.com/hook",
            "https://localhost/hook",
            "https://api.localhost./hook",
            "https://127.0.0.1/hook",
            "https://10.1.2.3/hook",
            "https://172.16.0.1/hook",
            "https://192.168.1.1/hook",
            "https://169.254.169.254/latest/meta-data",
            "https://100.64.0.1/hook",
            "https://0.0.0.0/hook",
            "https://[::1]/hook",
            "https://[fd00::1]/hook",
            "https://[fe80::1]/hook",
            "https://[::ffff:10.0.0.1]/hook",
            "https://[64:ff9b::a9fe:a9fe]/hook",
            "https://2130706433/hook",
        ] {
            assert!(check(refused, prod).is_err(), "{refused} should be refused");
        }
    }

    #[test]
    fn public_addresses_are_told_apart() {
        let public = ["8.8.8.8", "1.1.1.1", "2606:4700:4700::1111", "2002:808:808::1"];
        let inside = ["198.18.0.1", "224.0.0.1", "255.255.255.255", "2001:db8::1", "2002:a00:1::1", "::"];
        for ip in public {
            assert!(is_public(ip.parse().expect("ip")), "{ip}");
        }
        for ip in inside {
            assert!(!is_public(ip.parse().expect("ip")), "{ip}");
        }
    }
}
