//! tokio-tungstenite echo server for wsharness.
//!   tokio_tungstenite_echo --version   prints the tokio-tungstenite version, then the tungstenite
//!                                      one (from Cargo.lock, fixed at build time by build.rs)
//!   tokio_tungstenite_echo --port N    echoes text as text and binary as binary on 127.0.0.1:N
//! Library defaults otherwise (WebSocketConfig::default(): 64 MiB messages, 16 MiB frames, no
//! permessage-deflate). tungstenite answers pings and closes itself. SIGTERM ends the process
//! (its default action: nothing here catches it).
use futures_util::{SinkExt, StreamExt};
use tokio::net::{TcpListener, TcpStream};

async fn echo(stream: TcpStream) {
    let Ok(mut ws) = tokio_tungstenite::accept_async(stream).await else { return };
    // An Err (e.g. invalid UTF-8) means tungstenite has already queued its close frame and the
    // stream is done; Ok(Close) is answered by tungstenite too.
    while let Some(Ok(message)) = ws.next().await {
        if (message.is_text() || message.is_binary()) && ws.send(message).await.is_err() {
            break;
        }
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.iter().map(String::as_str).collect::<Vec<_>>()[..] {
        ["--version"] => {
            println!("{}\ntungstenite {}", env!("WSH_TOKIO_TUNGSTENITE_VERSION"), env!("WSH_TUNGSTENITE_VERSION"));
        }
        ["--port", port] => {
            let runtime = tokio::runtime::Builder::new_current_thread().enable_io().build().expect("tokio runtime");
            runtime.block_on(async {
                let listener = TcpListener::bind(("127.0.0.1", port.parse::<u16>().expect("--port N"))).await.expect("bind");
                while let Ok((stream, _)) = listener.accept().await {
                    tokio::spawn(echo(stream));
                }
            });
        }
        _ => {
            eprintln!("usage: tokio_tungstenite_echo --version | --port N");
            std::process::exit(2);
        }
    }
}
