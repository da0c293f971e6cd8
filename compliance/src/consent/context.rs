//! The coarse context a consent event keeps: a client family and a country, never the raw
//! user agent or the address it came from.

/// The client family of a `User-Agent`, from a fixed list, so the ledger holds no version
/// strings or device details that could single a person out.
pub fn user_agent_family(user_agent: &str) -> &'static str {
    // Order matters: Edge and Opera also claim Chrome, and Chrome also claims Safari.
    const FAMILIES: &[(&str, &str)] = &[
        ("Postwarden-iOS", "Postwarden iOS"),
        ("Postwarden-Android", "Postwarden Android"),
        ("Edg/", "Edge"),
        ("OPR/", "Opera"),
        ("SamsungBrowser/", "Samsung Internet"),
        ("Firefox/", "Firefox"),
        ("FxiOS/", "Firefox"),
        ("CriOS/", "Chrome"),
        ("Chrome/", "Chrome"),
        ("Safari/", "Safari"),
        ("curl/", "curl"),
        ("okhttp/", "Android HTTP client"),
        ("python-requests/", "Python"),
    ];
    FAMILIES.iter().find(|(marker, _)| user_agent.contains(marker)).map_or("Other", |(_, family)| family)
}

/// An ISO 3166-1 alpha-2 code as a proxy reports it, or nothing when it is not one (`XX`
/// and `T1` are what CDNs send for unknown and Tor).
pub fn country_code(raw: &str) -> Option<String> {
    let code = raw.trim().to_ascii_uppercase();
    (code.len() == 2 && code.chars().all(|c| c.is_ascii_uppercase()) && code != "XX").then_some(code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn families_not_versions() {
        let cases = [
            (
                "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0",
                "Edge",
            ),
            ("Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0", "Firefox"),
            (
                "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15",
                "Safari",
            ),
            (
                "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Mobile Safari/537.36",
                "Chrome",
            ),
            ("curl/8.5.0", "curl"),
            ("something else", "Other"),
        ];
        for (ua, family) in cases {
            assert_eq!(user_agent_family(ua), family, "{ua}");
        }
    }

    #[test]
    fn only_real_country_codes() {
        assert_eq!(country_code(" de ").as_deref(), Some("DE"));
        assert_eq!(country_code("XX"), None);
        assert_eq!(country_code("T1"), None);
        assert_eq!(country_code("DEU"), None);
    }
}
