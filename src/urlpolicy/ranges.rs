//! The table of address blocks TRST refuses as webhook destinations: the special-purpose blocks
//! of RFC 6890 (private, link-local, CGNAT, documentation, benchmarking, …) plus multicast and
//! broadcast, and the IPv6 forms that carry an IPv4 address inside (mapped, compatible, NAT64,
//! 6to4), which are judged by that address. One row per block, one test per row.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use V6Rule::{Embeds6to4, EmbedsLast32, Refused};

/// One refused IPv4 block: its first address, prefix length and name.
#[derive(Debug, Clone, Copy)]
pub struct V4Block {
    pub first: Ipv4Addr,
    pub prefix: u8,
    pub name: &'static str,
}

/// What an IPv6 block means for the policy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum V6Rule {
    /// Refused outright.
    Refused,
    /// Carries an IPv4 address in its last 32 bits; judged by that address.
    EmbedsLast32,
    /// 6to4 (`2002:AABB:CCDD::/48`): carries an IPv4 address in bits 16–47.
    Embeds6to4,
}

/// One IPv6 block of the policy.
#[derive(Debug, Clone, Copy)]
pub struct V6Block {
    pub first: Ipv6Addr,
    pub prefix: u8,
    pub name: &'static str,
    pub rule: V6Rule,
}

const fn v4(a: u8, b: u8, c: u8, d: u8, prefix: u8, name: &'static str) -> V4Block {
    V4Block {
        first: Ipv4Addr::new(a, b, c, d),
        prefix,
        name,
    }
}

/// The IPv4 blocks TRST refuses (RFC 6890 special-purpose registry, plus multicast), loopback
/// aside: it is judged first, and the emulator allows it.
pub const REFUSED_V4: &[V4Block] = &[
    v4(0, 0, 0, 0, 8, "\"this network\" 0.0.0.0/8 (unspecified)"),
    v4(10, 0, 0, 0, 8, "private network 10.0.0.0/8"),
    v4(100, 64, 0, 0, 10, "carrier-grade NAT 100.64.0.0/10"),
    v4(
        169,
        254,
        0,
        0,
        16,
        "link-local 169.254.0.0/16 (cloud metadata)",
    ),
    v4(172, 16, 0, 0, 12, "private network 172.16.0.0/12"),
    v4(192, 0, 0, 0, 24, "IETF protocol assignments 192.0.0.0/24"),
    v4(192, 0, 2, 0, 24, "documentation range 192.0.2.0/24"),
    v4(192, 88, 99, 0, 24, "6to4 relay anycast 192.88.99.0/24"),
    v4(192, 168, 0, 0, 16, "private network 192.168.0.0/16"),
    v4(198, 18, 0, 0, 15, "benchmarking range 198.18.0.0/15"),
    v4(198, 51, 100, 0, 24, "documentation range 198.51.100.0/24"),
    v4(203, 0, 113, 0, 24, "documentation range 203.0.113.0/24"),
    v4(224, 0, 0, 0, 4, "multicast 224.0.0.0/4"),
    v4(255, 255, 255, 255, 32, "broadcast 255.255.255.255"),
    v4(240, 0, 0, 0, 4, "reserved 240.0.0.0/4"),
];

/// An IPv6 block whose start is given by its first three segments (the rest zero).
const fn v6(a: u16, b: u16, c: u16, prefix: u8, name: &'static str, rule: V6Rule) -> V6Block {
    V6Block {
        first: Ipv6Addr::new(a, b, c, 0, 0, 0, 0, 0),
        prefix,
        name,
        rule,
    }
}

/// The IPv6 blocks of the policy, most specific first (the first match decides). ::1 is
/// loopback and judged before this table.
pub const REFUSED_V6: &[V6Block] = &[
    v6(0, 0, 0, 128, "the unspecified address ::", Refused),
    MAPPED,
    v6(0x64, 0xff9b, 0, 96, "NAT64 64:ff9b::/96", EmbedsLast32),
    v6(0x64, 0xff9b, 1, 48, "local NAT64 64:ff9b:1::/48", Refused),
    v6(0, 0, 0, 96, "IPv4-compatible ::/96", EmbedsLast32),
    v6(0x100, 0, 0, 64, "discard-only 100::/64", Refused),
    v6(0x2001, 0, 0, 32, "Teredo 2001::/32", Refused),
    v6(0x2001, 0xdb8, 0, 32, "documentation 2001:db8::/32", Refused),
    v6(0x2002, 0, 0, 16, "6to4 2002::/16", Embeds6to4),
    v6(0xfc00, 0, 0, 7, "unique local fc00::/7", Refused),
    v6(0xfe80, 0, 0, 10, "link-local fe80::/10", Refused),
    v6(0xfec0, 0, 0, 10, "site-local fec0::/10", Refused),
    v6(0xff00, 0, 0, 8, "multicast ff00::/8", Refused),
];

/// `::ffff:0:0/96`, the IPv4-mapped form (its start does not fit [`v6`]'s three segments).
const MAPPED: V6Block = V6Block {
    first: Ipv6Addr::new(0, 0, 0, 0, 0, 0xffff, 0, 0),
    prefix: 96,
    name: "IPv4-mapped ::ffff:0:0/96",
    rule: V6Rule::EmbedsLast32,
};

/// The name of the refused block `ip` falls in (loopback is not judged here), or `None`.
pub fn refused_range(ip: IpAddr) -> Option<String> {
    match ip {
        IpAddr::V4(v4) => refused_v4(v4).map(str::to_owned),
        IpAddr::V6(v6) => refused_v6(v6),
    }
}

fn refused_v4(ip: Ipv4Addr) -> Option<&'static str> {
    let bits = u32::from(ip);
    REFUSED_V4
        .iter()
        .find(|block| {
            let mask = u32::MAX
                .checked_shl(32 - u32::from(block.prefix))
                .unwrap_or(0);
            bits & mask == u32::from(block.first) & mask
        })
        .map(|block| block.name)
}

fn refused_v6(ip: Ipv6Addr) -> Option<String> {
    let bits = u128::from(ip);
    let block = REFUSED_V6.iter().find(|block| {
        let mask = u128::MAX
            .checked_shl(128 - u32::from(block.prefix))
            .unwrap_or(0);
        bits & mask == u128::from(block.first) & mask
    })?;
    let embedded = match block.rule {
        V6Rule::Refused => return Some(block.name.to_owned()),
        V6Rule::EmbedsLast32 => Ipv4Addr::from(bits as u32),
        V6Rule::Embeds6to4 => Ipv4Addr::from((bits >> 80) as u32),
    };
    // Only the mapped form is this machine's loopback (judged before this table); through NAT64,
    // 6to4 or the compatible form, "127.x" is someone else's network.
    if embedded.is_loopback() && ip.to_ipv4_mapped().is_none() {
        return Some(format!("{} (embedding loopback {embedded})", block.name));
    }
    refused_v4(embedded).map(|name| format!("{} (embedding {embedded}: {name})", block.name))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn range_of(ip: &str) -> Option<String> {
        refused_range(ip.parse().unwrap())
    }

    /// One address inside and the first address past each IPv4 row, so every prefix length is
    /// pinned, not just the block's start.
    #[test]
    fn every_v4_row_refuses_its_block_and_no_more() {
        let rows: &[(&str, &str, &str)] = &[
            ("0.0.0.0/8", "0.1.2.3", "1.0.0.0"),
            ("10.0.0.0/8", "10.255.255.255", "11.0.0.0"),
            ("100.64.0.0/10", "100.127.255.255", "100.128.0.0"),
            ("169.254.0.0/16", "169.254.169.254", "169.255.0.0"),
            ("172.16.0.0/12", "172.31.255.255", "172.32.0.0"),
            ("192.0.0.0/24", "192.0.0.170", "192.0.1.0"),
            ("192.0.2.0/24", "192.0.2.10", "192.0.3.0"),
            ("192.88.99.0/24", "192.88.99.1", "192.88.100.0"),
            ("192.168.0.0/16", "192.168.255.255", "192.169.0.0"),
            ("198.18.0.0/15", "198.19.255.255", "198.20.0.0"),
            ("198.51.100.0/24", "198.51.100.7", "198.51.101.0"),
            ("203.0.113.0/24", "203.0.113.9", "203.0.114.0"),
            ("224.0.0.0/4", "239.255.255.250", "223.255.255.255"),
            ("255.255.255.255", "255.255.255.255", "223.255.255.254"),
            ("240.0.0.0/4", "240.0.0.1", "223.0.0.1"),
        ];
        assert_eq!(rows.len(), REFUSED_V4.len(), "a row without a test");
        for (block, (name, inside, outside)) in REFUSED_V4.iter().zip(rows) {
            assert!(block.name.contains(name), "{} vs {name}", block.name);
            assert_eq!(range_of(inside).as_deref(), Some(block.name), "{inside}");
            assert_eq!(range_of(outside), None, "{outside} is public");
        }
    }

    #[test]
    fn every_v6_row_refuses_or_looks_inside() {
        let rows: &[(&str, &str, Option<&str>)] = &[
            ("::", "::", Some("unspecified")),
            (
                "::ffff:0:0/96",
                "::ffff:169.254.169.254",
                Some("169.254.0.0/16"),
            ),
            ("64:ff9b::/96", "64:ff9b::a9fe:a9fe", Some("169.254.0.0/16")),
            ("64:ff9b:1::/48", "64:ff9b:1::1", Some("local NAT64")),
            ("::/96", "::a9fe:a9fe", Some("169.254.0.0/16")),
            ("100::/64", "100::1", Some("discard")),
            ("2001::/32", "2001:0:4136:e378::1", Some("Teredo")),
            ("2001:db8::/32", "2001:db8::1", Some("documentation")),
            ("2002::/16", "2002:c0a8:0101::1", Some("192.168.0.0/16")),
            ("fc00::/7", "fd12:3456::1", Some("unique local")),
            ("fe80::/10", "fe80::1", Some("link-local")),
            ("fec0::/10", "fec0::1", Some("site-local")),
            ("ff00::/8", "ff02::1", Some("multicast")),
        ];
        assert_eq!(rows.len(), REFUSED_V6.len(), "a row without a test");
        for (block, (name, inside, expect)) in REFUSED_V6.iter().zip(rows) {
            assert!(block.name.contains(name), "{} vs {name}", block.name);
            let got = range_of(inside).unwrap_or_default();
            assert!(got.contains(expect.unwrap()), "{inside}: {got}");
        }
        // Embedded forms of public addresses are judged public.
        for public in [
            "::ffff:8.8.8.8",
            "64:ff9b::808:808",
            "2002:808:808::1",
            "2606:4700::1111",
        ] {
            assert_eq!(range_of(public), None, "{public}");
        }
        // Loopback embedded anywhere but the mapped form is someone else's network.
        assert!(range_of("64:ff9b::7f00:1").unwrap().contains("loopback"));
        assert!(range_of("2002:7f00:1::1").unwrap().contains("loopback"));
        assert!(range_of("::7f00:1").unwrap().contains("loopback"));
    }
}
