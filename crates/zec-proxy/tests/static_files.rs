//! The console's static files: the build's precompressed brotli and gzip variants chosen by
//! Accept-Encoding, content-hashed names cached as immutable, pages and other files
//! revalidated on every use.

mod support;

use std::path::PathBuf;

use support::{stack, Options, Stack};

const SCRIPT: &str = "app-0123456789abcdef.js";

/// A dist folder as `make build` writes it, with variants whose bytes say which one was sent.
fn dist() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("zec-proxy-test-dist-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("widget")).unwrap();
    for (name, body) in [
        ("index.html", "<!doctype html><title>console</title>"),
        ("index.html.br", "brotli page"),
        ("index.html.gz", "gzip page"),
        (SCRIPT, "console.log('the app');"),
        ("app-0123456789abcdef.js.br", "brotli script"),
        ("app-0123456789abcdef.js.gz", "gzip script"),
        (
            "widget/zec-reinstall-element.js",
            "import './zec_reinstall-0123456789abcdef.js';",
        ),
    ] {
        std::fs::write(dir.join(name), body).unwrap();
    }
    dir
}

async fn get(stack: &Stack, path: &str, accept_encoding: Option<&str>) -> reqwest::Response {
    let mut request = stack.http.get(format!("http://{}{path}", stack.proxy));
    if let Some(encodings) = accept_encoding {
        request = request.header("accept-encoding", encodings);
    }
    request.send().await.unwrap()
}

fn header<'a>(response: &'a reqwest::Response, name: &str) -> &'a str {
    response
        .headers()
        .get(name)
        .map_or("", |value| value.to_str().unwrap())
}

#[tokio::test]
async fn precompressed_variants_by_accept_encoding_and_caching_by_name() {
    let dir = dist();
    let stack = stack(Options {
        configure: Box::new(move |config| config.static_dir = dir),
        ..Options::default()
    })
    .await;

    for (accept, encoding, body) in [
        (Some("gzip, deflate, br"), "br", "brotli script"),
        (Some("gzip"), "gzip", "gzip script"),
        (None, "", "console.log('the app');"),
    ] {
        let script = get(&stack, &format!("/{SCRIPT}"), accept).await;
        assert_eq!(script.status(), 200);
        assert_eq!(header(&script, "content-encoding"), encoding, "{accept:?}");
        assert_eq!(
            header(&script, "cache-control"),
            "public, max-age=31536000, immutable"
        );
        assert!(header(&script, "vary").contains("accept-encoding"));
        assert!(header(&script, "content-type").starts_with("text/javascript"));
        assert_eq!(script.text().await.unwrap(), body, "not compressed twice");
    }

    let page = get(&stack, "/", Some("br")).await;
    assert_eq!(header(&page, "content-encoding"), "br");
    assert_eq!(header(&page, "cache-control"), "no-cache");
    assert!(header(&page, "content-type").starts_with("text/html"));
    assert!(!header(&page, "content-security-policy").contains("unsafe-inline"));
    assert_eq!(page.text().await.unwrap(), "brotli page");

    // The widget's entry script keeps its name, so it is revalidated on every use.
    let entry = get(&stack, "/widget/zec-reinstall-element.js", None).await;
    assert_eq!(entry.status(), 200);
    assert_eq!(
        header(&entry, "cache-control"),
        "public, max-age=0, must-revalidate"
    );

    // A hashed name that is not there is not cached.
    let missing = get(&stack, "/app-fedcba9876543210.js", Some("br")).await;
    assert_eq!(missing.status(), 404);
    assert!(!header(&missing, "cache-control").contains("immutable"));
}
