//! The web UI, embedded at build time from the workspace's `web/` folder (see
//! `build.rs`). Files are found by their exact relative name in a fixed table, so no
//! request path (`..`, `%2e%2e`, absolute paths, backslashes) can reach anything else.

include!(concat!(env!("OUT_DIR"), "/web_assets.rs"));

/// The embedded file called `name` (`index.html`, `views/map.js`).
pub fn get(name: &str) -> Option<&'static [u8]> {
    ASSETS.binary_search_by(|(n, _)| n.cmp(&name)).ok().map(|i| ASSETS[i].1)
}

/// The names of the embedded files.
pub fn names() -> impl Iterator<Item = &'static str> {
    ASSETS.iter().map(|(n, _)| *n)
}

/// The Content-Type for a file name, by extension.
pub fn content_type(name: &str) -> &'static str {
    let ext = name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "json" | "geojson" => "application/json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "ico" => "image/x-icon",
        "webp" => "image/webp",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "txt" | "md" => "text/plain; charset=utf-8",
        "wasm" => "application/wasm",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_is_sorted_and_names_are_relative() {
        assert!(ASSETS.windows(2).all(|w| w[0].0 < w[1].0));
        for (name, _) in ASSETS {
            assert!(!name.starts_with('/') && !name.split('/').any(|p| p == ".." || p == "."), "{name}");
        }
    }

    #[test]
    fn content_types_follow_extensions() {
        assert_eq!(content_type("index.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("views/map.JS"), "text/javascript; charset=utf-8");
        assert_eq!(content_type("world.json"), "application/json");
        assert_eq!(content_type("LICENSE"), "application/octet-stream");
    }

    #[test]
    fn only_exact_names_are_found() {
        assert!(get("../Cargo.toml").is_none());
        assert!(get("/etc/passwd").is_none());
        assert!(get("").is_none());
        for name in names() {
            assert!(get(name).is_some());
            assert!(get(&format!("./{name}")).is_none());
        }
    }
}
