//! axum (extract::ws, over tokio-tungstenite) echo server for wsharness.
//!   axum_echo --version   prints the axum version, then the tungstenite version it uses
//!                         (from Cargo.lock, fixed at build time by build.rs)
//!   axum_echo --port N    echoes text as text and binary as binary on 127.0.0.1:N, route "/"
//! Library defaults otherwise (WebSocketUpgrade's default config: 64 MiB messages, 16 MiB frames,
//! no permessage-deflate). SIGTERM ends the process (its default action: nothing here catches it).
use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use tokio::net::TcpListener;

async fn upgrade(ws: WebSocketUpgrade) -> Response {
    ws.on_upgrade(echo)
}

async fn echo(mut socket: WebSocket) {
    while let Some(Ok(message)) = socket.recv().await {
        if matches!(message, Message::Text(_) | Message::Binary(_)) && socket.send(message).await.is_err() {
            break;
        }
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.iter().map(String::as_str).collect::<Vec<_>>()[..] {
        ["--version"] => println!("{}\ntungstenite {}", env!("WSH_AXUM_VERSION"), env!("WSH_AXUM_TUNGSTENITE_VERSION")),
        ["--port", port] => {
            let runtime = tokio::runtime::Builder::new_current_thread().enable_io().build().expect("tokio runtime");
            runtime.block_on(async {
                let listener = TcpListener::bind(("127.0.0.1", port.parse::<u16>().expect("--port N"))).await.expect("bind");
                axum::serve(listener, Router::new().route("/", get(upgrade))).await.expect("serve");
            });
        }
        _ => {
            eprintln!("usage: axum_echo --version | --port N");
            std::process::exit(2);
        }
    }
}
