// Reads the versions of the WebSocket libraries under test from Cargo.lock (the exact versions
// compiled in: install.sh builds with --locked) and hands them to the binaries as compile-time
// environment variables, so `--version` names what is linked, not what Cargo.toml asks for.
// A crate can appear in several versions (axum uses its own tokio-tungstenite): each is resolved
// through the dependency edge of the package that uses it, as Cargo.lock records it.
use std::collections::HashMap;

struct Package {
    version: String,
    dependencies: Vec<String>, // "name" or "name version" (Cargo.lock adds the version when ambiguous)
}

fn parse(lock: &str) -> Vec<(String, Package)> {
    let mut out = Vec::new();
    for block in lock.split("[[package]]").skip(1) {
        let (mut name, mut version, mut deps, mut in_deps) = (String::new(), String::new(), Vec::new(), false);
        for line in block.lines().map(str::trim) {
            let quoted = || line.split('"').nth(1).unwrap_or("").to_string();
            if in_deps {
                if line.starts_with(']') {
                    in_deps = false;
                } else if line.starts_with('"') {
                    deps.push(quoted());
                }
            } else if line.starts_with("name = ") {
                name = quoted();
            } else if line.starts_with("version = ") {
                version = quoted();
            } else if line.starts_with("dependencies = [") {
                in_deps = !line.ends_with(']');
            }
        }
        out.push((name, Package { version, dependencies: deps }));
    }
    out
}

// The version of `dep` that package `from` (name, version) depends on.
fn resolve(pkgs: &[(String, Package)], from: (&str, &str), dep: &str) -> String {
    let by: HashMap<(&str, &str), &Package> = pkgs.iter().map(|(n, p)| ((n.as_str(), p.version.as_str()), p)).collect();
    let parent = by.get(&from).unwrap_or_else(|| panic!("Cargo.lock has no {} {}", from.0, from.1));
    let edge = parent
        .dependencies
        .iter()
        .find(|d| d.split(' ').next() == Some(dep))
        .unwrap_or_else(|| panic!("{} does not depend on {dep} in Cargo.lock", from.0));
    if let Some(v) = edge.split(' ').nth(1) {
        return v.to_string();
    }
    let versions: Vec<&str> = pkgs.iter().filter(|(n, _)| n == dep).map(|(_, p)| p.version.as_str()).collect();
    assert_eq!(versions.len(), 1, "{dep}: ambiguous in Cargo.lock");
    versions[0].to_string()
}

fn main() {
    println!("cargo:rerun-if-changed=Cargo.lock");
    println!("cargo:rerun-if-changed=build.rs");
    let lock = std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.lock")).expect("Cargo.lock (build with --locked)");
    let pkgs = parse(&lock);
    let root = (env!("CARGO_PKG_NAME"), env!("CARGO_PKG_VERSION"));
    let tt = resolve(&pkgs, root, "tokio-tungstenite");
    let axum = resolve(&pkgs, root, "axum");
    let vars = [
        ("WSH_TOKIO_TUNGSTENITE_VERSION", tt.clone()),
        ("WSH_TUNGSTENITE_VERSION", resolve(&pkgs, ("tokio-tungstenite", &tt), "tungstenite")),
        ("WSH_FASTWEBSOCKETS_VERSION", resolve(&pkgs, root, "fastwebsockets")),
        ("WSH_AXUM_VERSION", axum.clone()),
        ("WSH_AXUM_TUNGSTENITE_VERSION", {
            let att = resolve(&pkgs, ("axum", &axum), "tokio-tungstenite");
            resolve(&pkgs, ("tokio-tungstenite", &att), "tungstenite")
        }),
    ];
    for (k, v) in vars {
        println!("cargo:rustc-env={k}={v}");
    }
}
